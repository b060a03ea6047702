"""code -> Rule. Every module under corpus_qa/rules/<family>/ that defines RULE is a rule;
its module docstring is the rule's documentation, and a rule without full docs is refused.
A rule that does not say which part of a web page it reads (Rule.reads) reads its family's
PAGE_PART (declared in the family package; the visible text when it declares none).

A family package may declare CORPUS_CHECKS, its rules.base.CorpusCheck classes; every rule
without a `check` must be emitted by exactly one of them."""

from __future__ import annotations

import dataclasses
import importlib
import pkgutil
import re
from functools import lru_cache
from types import ModuleType
from typing import Iterable

from corpus_qa.page.parts import PARTS, VISIBLE
from corpus_qa.rules.base import DOC_SECTIONS, CorpusCheck, Option, Rule, missing_doc_sections

FAMILIES = ("encoding", "boilerplate", "duplicates", "frontmatter")
_CODE = re.compile(r"^[A-Z]{2,4}\d{3}$")
_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class RegistryError(Exception):
    pass


def validate_rule(rule: Rule, where: str) -> None:
    if not _CODE.match(rule.code):
        raise RegistryError(f"{where}: rule code {rule.code!r} is not like ENC001")
    if not _NAME.match(rule.name):
        raise RegistryError(f"{where}: rule name {rule.name!r} is not kebab-case")
    if not rule.docs.strip():
        raise RegistryError(f"{where}: rule {rule.code} has no docs (the module docstring)")
    missing = missing_doc_sections(rule.docs)
    if missing:
        raise RegistryError(
            f"{where}: rule {rule.code} docs lack the section(s) {', '.join(missing)} "
            f"(every rule documents {', '.join(DOC_SECTIONS)})"
        )
    if rule.reads not in PARTS:
        raise RegistryError(f"{where}: rule {rule.code} reads {rule.reads!r}, not a part of a page ({', '.join(PARTS)})")


def _rule_modules(family: str) -> Iterable[ModuleType]:
    package = importlib.import_module(f"corpus_qa.rules.{family}")
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if not info.name.startswith("_"):
            yield importlib.import_module(f"{package.__name__}.{info.name}")


def build_registry(modules: Iterable[ModuleType]) -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for module in modules:
        rule = getattr(module, "RULE", None)
        if rule is None:
            continue
        rule = dataclasses.replace(rule, docs=(module.__doc__ or "").strip(),
                                   reads=rule.reads or _family_page_part(module))
        validate_rule(rule, module.__name__)
        if rule.code in rules:
            raise RegistryError(f"{module.__name__}: rule code {rule.code} is already taken by {rules[rule.code].name}")
        rules[rule.code] = rule
    return dict(sorted(rules.items()))


def _family_page_part(module: ModuleType) -> str:
    family = importlib.import_module(module.__package__) if module.__package__ else None
    return getattr(family, "PAGE_PART", VISIBLE)


@lru_cache(maxsize=1)
def all_rules() -> dict[str, Rule]:
    rules = build_registry(module for family in FAMILIES for module in _rule_modules(family))
    validate_checks(rules, all_checks().values())
    return rules


@lru_cache(maxsize=1)
def all_checks() -> dict[str, type[CorpusCheck]]:
    """name -> the corpus check, of every family."""
    checks: dict[str, type[CorpusCheck]] = {}
    for family in FAMILIES:
        for check in getattr(importlib.import_module(f"corpus_qa.rules.{family}"), "CORPUS_CHECKS", ()):
            if check.name in checks:
                raise RegistryError(f"corpus check {check.name!r} is declared twice")
            checks[check.name] = check
    return checks


def check_of(code: str) -> type[CorpusCheck]:
    """The corpus check that emits rule `code`'s hits."""
    for check in all_checks().values():
        if code in check.codes:
            return check
    raise KeyError(f"no corpus check emits {code}")


def validate_checks(rules: dict[str, Rule], checks: Iterable[type[CorpusCheck]]) -> None:
    """Every corpus rule is emitted by exactly one check, and every check emits corpus rules."""
    emitted: dict[str, str] = {}
    for check in checks:
        if check.reads not in PARTS:
            raise RegistryError(f"corpus check {check.name} reads {check.reads!r}, not a part of a page")
        for code in check.codes:
            rule = rules.get(code)
            if rule is None or not rule.is_corpus_rule:
                raise RegistryError(f"corpus check {check.name} emits {code}, which is not a corpus rule")
            if code in emitted:
                raise RegistryError(f"{code} is emitted by two corpus checks: {emitted[code]} and {check.name}")
            emitted[code] = check.name
    for code, rule in rules.items():
        if rule.is_corpus_rule and code not in emitted:
            raise RegistryError(f"rule {code} has no check() and no corpus check emits it")


@lru_cache(maxsize=1)
def family_options() -> dict[str, dict[str, Option]]:
    """Each family package may declare OPTIONS = {key: Option}, read from [tool.corpus-qa.<family>]."""
    return {
        family: dict(getattr(importlib.import_module(f"corpus_qa.rules.{family}"), "OPTIONS", {}))
        for family in FAMILIES
    }


@lru_cache(maxsize=1)
def family_option_checks() -> dict[str, tuple]:
    """Each family package may declare OPTION_CHECKS (see rules.base.at_most): checks of its
    options taken together, run once a table of settings is applied."""
    return {
        family: tuple(getattr(importlib.import_module(f"corpus_qa.rules.{family}"), "OPTION_CHECKS", ()))
        for family in FAMILIES
    }


def family_of(rule: Rule) -> str:
    return rule.category.value if rule.category.value != "duplicate" else "duplicates"

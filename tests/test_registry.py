"""The rule registry: every rule documented, bad rules refused."""

import types

import pytest

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import DOC_SECTIONS, CorpusCheck, Rule
from corpus_qa.rules.registry import RegistryError, all_rules, build_registry, validate_checks

GOOD_DOCS = """One-line summary.

What it flags:
    x
Why it matters:
    y
Example:
    bad: a  good: b
Fix:
    z
"""


def module(name, rule, docs=GOOD_DOCS):
    mod = types.ModuleType(name)
    mod.__doc__ = docs
    mod.RULE = rule
    return mod


def check(doc, ctx):
    return []


def test_every_registered_rule_is_documented_and_well_formed():
    rules = all_rules()
    assert {"ENC001", "ENC002", "ENC003", "BP001", "DUP001", "FM001", "FM002"} <= set(rules)
    families = {rule.category for rule in rules.values()}
    assert families == set(Category)
    for rule in rules.values():
        assert rule.summary
        for section in DOC_SECTIONS:
            assert section in rule.docs, (rule.code, section)


def test_a_good_rule_registers_with_its_module_docstring():
    rules = build_registry([module("m", Rule("XX001", "thing", Category.ENCODING, Severity.ERROR, check=check))])
    assert rules["XX001"].summary == "One-line summary."


@pytest.mark.parametrize(
    "rule, docs, message",
    [
        (Rule("XX001", "thing", Category.ENCODING, Severity.ERROR, check=check), "", "has no docs"),
        (Rule("XX001", "thing", Category.ENCODING, Severity.ERROR, check=check), "Summary only.\nWhat it flags: x", "lack the section"),
        (Rule("X1", "thing", Category.ENCODING, Severity.ERROR, check=check), GOOD_DOCS, "not like ENC001"),
        (Rule("XX001", "Bad Name", Category.ENCODING, Severity.ERROR, check=check), GOOD_DOCS, "kebab-case"),
    ],
)
def test_bad_rules_are_refused(rule, docs, message):
    with pytest.raises(RegistryError, match=message):
        build_registry([module("m", rule, docs)])


class _Check(CorpusCheck):
    name = "things"
    codes = ("XX002",)


def test_every_corpus_rule_has_exactly_one_check():
    corpus_rule = Rule("XX002", "thing", Category.ENCODING, Severity.ERROR, reads="visible")
    document_rule = Rule("XX002", "thing", Category.ENCODING, Severity.ERROR, check=check, reads="visible")
    validate_checks({"XX002": corpus_rule}, [_Check])
    with pytest.raises(RegistryError, match="no corpus check emits it"):
        validate_checks({"XX002": corpus_rule}, [])
    with pytest.raises(RegistryError, match="emitted by two corpus checks"):
        validate_checks({"XX002": corpus_rule}, [_Check, type("Other", (_Check,), {"name": "others"})])
    with pytest.raises(RegistryError, match="not a corpus rule"):
        validate_checks({"XX002": document_rule}, [_Check])


def test_duplicate_codes_are_refused():
    rule = Rule("XX001", "thing", Category.ENCODING, Severity.ERROR, check=check)
    with pytest.raises(RegistryError, match="already taken"):
        build_registry([module("a", rule), module("b", rule)])


def test_rules_and_explain_commands(cli):
    listing = cli("rules")
    assert listing.exit_code == 0
    for code in ("ENC001", "BP001", "DUP001", "FM001", "CQA001"):
        assert code in listing.stdout
    explained = cli("explain", "ENC003")
    assert explained.exit_code == 0
    assert all(section in explained.stdout for section in DOC_SECTIONS)
    assert cli("explain", "html-residue").stdout.startswith("BP001 html-residue")
    missing = cli("explain", "ZZZ999")
    assert missing.exit_code == 2 and "no rule" in missing.stderr

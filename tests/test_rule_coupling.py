"""Couplings between rule families that no import shows, each of which would fail silently.

BP009 (repeated-line) and DUP004 (shared-paragraph) leave alone the lines a BP keyword rule
already reports (rules.boilerplate._lines.is_boilerplate_line). A keyword rule that line
classifier does not ask has its lines reported twice, once by itself and once by BP009 or
DUP004, and no other test notices.
"""

from __future__ import annotations

import dataclasses

import pytest

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.page.parts import MARKUP, VICINITY
from corpus_qa.rules import registry
from corpus_qa.rules.base import Rule
from corpus_qa.rules.boilerplate import _lines
from corpus_qa.rules.duplicates._boilerplate import template_line

# Which BP rules must not be asked about one line of text, and why.
MARKUP_RULES = {"BP013", "BP014"}  # no-article, page-chrome: they read a page's markup
LIST_RULES = {"BP002"}  # related-content-list: a run of lines (its heading is asked apart)

PROMO = "点击领取新人红包，限时福利"


def forget_answers() -> None:
    """The classifier caches its rules and its answers."""
    _lines.line_rules.cache_clear()
    _lines.is_boilerplate_line.cache_clear()


@pytest.fixture(autouse=True)
def fresh_classifier():
    forget_answers()
    yield
    forget_answers()


def use_rules(monkeypatch, rules: dict[str, Rule]) -> None:
    monkeypatch.setattr(registry, "all_rules", lambda: dict(sorted(rules.items())))
    forget_answers()


def new_rule(code: str, reads: str = VICINITY) -> Rule:
    """A BP rule added after this test was written: it flags a red-packet promotion."""

    def check(doc, ctx):
        return [Hit(0, len(doc.text), "red-packet promotion")] if "领取新人红包" in doc.text else []

    return Rule(code, "red-packet-promo", Category.BOILERPLATE, Severity.WARNING, docs="x", check=check, reads=reads)


def test_every_bp_rule_that_checks_text_is_asked_about_a_line(monkeypatch):
    rules = registry.all_rules()
    asked: list[str] = []

    def spying(rule: Rule) -> Rule:
        if rule.check is None:
            return rule

        def check(doc, ctx):
            asked.append(rule.code)
            return rule.check(doc, ctx)

        return dataclasses.replace(rule, check=check)

    use_rules(monkeypatch, {code: spying(rule) for code, rule in rules.items()})
    assert not _lines.is_boilerplate_line("今天上午，市政府召开新闻发布会介绍有关情况。")
    assert not _lines.is_boilerplate_line("今天上午，市政府召開新聞發布會介紹有關情況。")
    document_rules = {code for code, rule in rules.items() if rule.category is Category.BOILERPLATE and rule.check}
    assert set(asked) == document_rules - MARKUP_RULES - LIST_RULES
    assert {"BP001", "BP005", "BP010", "BP012"} <= set(asked)  # the spy does see the keyword rules


def test_the_rules_left_out_are_what_they_are_said_to_be():
    rules = registry.all_rules()
    assert all(rules[code].reads == MARKUP for code in MARKUP_RULES)
    assert set(_lines.NOT_LINE_RULES) == LIST_RULES
    assert all(rules[code].check is not None for code in LIST_RULES)  # an exclusion outliving its rule fails here
    assert _lines.is_boilerplate_line("相关阅读") and _lines.is_boilerplate_line("延伸閱讀")
    assert rules["BP009"].check is None and "BP009" not in {rule.code for rule in _lines.line_rules()}


def test_a_new_keyword_rule_is_asked_without_being_listed(monkeypatch):
    assert not _lines.is_boilerplate_line(PROMO) and not template_line(PROMO)  # no rule reports it yet
    use_rules(monkeypatch, dict(registry.all_rules(), BP099=new_rule("BP099")))
    assert _lines.is_boilerplate_line(PROMO)
    assert template_line(PROMO)  # DUP004 leaves it to BP too


def test_a_new_rule_that_reads_markup_is_not_asked(monkeypatch):
    use_rules(monkeypatch, dict(registry.all_rules(), BP099=new_rule("BP099", reads=MARKUP)))
    assert not _lines.is_boilerplate_line(PROMO)

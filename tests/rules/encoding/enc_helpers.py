"""Run one ENC rule (or all of them) over a text, as the engine would."""

from __future__ import annotations

from corpus_qa.model import Document
from corpus_qa.rules.base import RuleContext
from corpus_qa.rules.registry import all_rules, family_options

OPTIONS = RuleContext({key: option.default for key, option in family_options()["encoding"].items()})
ENC_RULES = {code: rule for code, rule in all_rules().items() if code.startswith("ENC")}
TEXT_RULES = {code: rule for code, rule in ENC_RULES.items() if rule.check is not None and not code.startswith("ENC9")}


def hits(code: str, text: str, **document):
    doc = Document("doc.txt", text, document.pop("raw", None), **document)
    return list(ENC_RULES[code].check(doc, OPTIONS))


def spans(code: str, text: str) -> list[tuple[int, int]]:
    return [(h.start, h.end) for h in hits(code, text)]


def excerpts(code: str, text: str) -> list[str]:
    return [text[h.start : h.end] for h in hits(code, text)]


def codes_firing(text: str) -> set[str]:
    doc = Document("doc.txt", text, None)
    return {code for code, rule in TEXT_RULES.items() if list(rule.check(doc, OPTIONS))}

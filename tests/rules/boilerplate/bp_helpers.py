"""Shared helpers for the BP rule tests: run one rule on a text, load a fixture."""

from __future__ import annotations

import json
from pathlib import Path

from corpus_qa.model import Document
from corpus_qa.rules.base import RuleContext
from corpus_qa.rules.registry import all_rules, family_options

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "boilerplate"
SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def context(**overrides) -> RuleContext:
    options = {key: option.default for key, option in family_options()["boilerplate"].items()}
    options.update(overrides)
    return RuleContext(options)


def hits(code: str, text: str, fmt: str = "text") -> list[tuple[int, int, str]]:
    """(start, end, excerpt) of every finding of a per-document rule."""
    doc = Document(id="case", text=text, format=fmt)
    return [(h.start, h.end, text[h.start:h.end]) for h in all_rules()[code].check(doc, context())]


def messages(code: str, text: str, fmt: str = "text") -> list[str]:
    doc = Document(id="case", text=text, format=fmt)
    return [h.message for h in all_rules()[code].check(doc, context())]


def expected(text: str, excerpts: list[str]) -> list[tuple[int, int, str]]:
    """Spans of the expected excerpts, each found once in the text, in text order."""
    out = []
    for excerpt in excerpts:
        start = text.index(excerpt)
        assert text.count(excerpt) == 1, f"ambiguous expected excerpt {excerpt!r}"
        out.append((start, start + len(excerpt), excerpt))
    return sorted(out)


def fixture(name: str) -> str:
    """A fixture's text without its `# source:` header (ended by the first blank line)."""
    text = (FIXTURES / name).read_text(encoding="utf-8")
    if text.startswith("#"):
        text = text.split("\n\n", 1)[1]
    return text


def inews(record_id: str) -> str:
    with open(FIXTURES / "inews_excerpts.jsonl", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if record["id"] == record_id:
                return record["content"]
    raise KeyError(record_id)

"""A document of many short lines costs memory linear in its text with a small constant
(issue 18: a file of a million short lines took 1.2 GB): the per-document rules keep
paragraphs, sentences and lines as packed offsets, not as a Python object per line."""

from __future__ import annotations

import tracemalloc
from types import MappingProxyType

import pytest

from corpus_qa.corpus.content import Paragraph, Segments, paragraphs, strip_markup
from corpus_qa.model import Document
from corpus_qa.rules.base import RuleContext
from corpus_qa.rules.boilerplate import _text
from corpus_qa.rules.registry import all_checks, all_rules, family_of, family_options
from corpus_qa.text.normalise import hash_form

LINES = 20_000
# Bytes per line the BP and DUP per-document work may use at its peak, and keep afterwards
# (memos of the last document): loose bounds; a Python object per line costs 100 to 200
# bytes each (a tuple, its ints, a string), and the rules made three or four of them.
PEAK_PER_LINE = 250
KEPT_PER_LINE = 100


def _contexts():
    return {family: RuleContext(MappingProxyType({key: option.default for key, option in options.items()}))
            for family, options in family_options().items()}


def _run_rules(doc: Document, contexts) -> tuple[list, list]:
    """(hits of the document rules, features of the corpus checks) of the BP and DUP families."""
    hits, features = [], []
    for code, rule in all_rules().items():
        if code.startswith(("BP", "DUP")) and rule.check:
            hits.extend(rule.check(doc, contexts[family_of(rule)]))
    for check in all_checks().values():
        rule = all_rules()[check.codes[0]]
        if rule.code.startswith(("BP", "DUP")):
            features.append(check.features(doc, contexts[family_of(rule)]))
    return hits, features


@pytest.mark.parametrize("line", ["短句。", "a"])
def test_many_short_lines_cost_little_memory_per_line(line):
    contexts = _contexts()
    _run_rules(Document(id="warm", text=f"{line}\n" * 50, source="warm.txt"), contexts)  # imports, tables
    doc = Document(id="big", text=f"{line}\n" * LINES, source="big.txt")
    _ = doc.line_starts
    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        hits, _features = _run_rules(doc, contexts)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        if started:
            tracemalloc.stop()
    assert hits == []  # nothing to report: short lines are neither text nor boilerplate
    assert (peak - before) / LINES < PEAK_PER_LINE
    assert (kept - before) / LINES < KEPT_PER_LINE


def test_paragraphs_are_packed_and_read_as_before():
    text = "".join(f"<p>第{i}段：内容　文字。</p>\n\n  \\n{'ｘ' * (i % 7)}\n" for i in range(3 * 4096 // 2 + 5))
    found = paragraphs(text)
    assert isinstance(found, Segments)
    expected = []
    for item in found:
        assert item.form == hash_form(strip_markup(text[item.start:item.end]))  # the same across batches
        expected.append(item)
    assert len(found) == len(expected) > 4096
    assert found[-1] == expected[-1] and found[3] == expected[3] and found[1:3] == expected[1:3]
    assert found.forms == "".join(item.form for item in expected)
    assert found.at_least(8) == [i for i, item in enumerate(expected) if len(item.form) >= 8]
    assert isinstance(found[0], Paragraph) and all(found.form(i) == expected[i].form for i in range(len(found)))


def test_lines_are_packed_offsets():
    text = "  一行\n\n<p>二</p>三\\n  四  \n"
    spans = _text.lines(text)
    assert list(spans) == [(2, 4), (9, 10), (14, 15), (19, 20)]
    assert spans[1] == (9, 10) and spans[-1] == (19, 20) and spans[1:3] == [(9, 10), (14, 15)]
    assert [_text.line_of(spans, offset) for offset in (0, 2, 5, 9, 14, 18, 25)] == [0, 0, 0, 1, 2, 2, 3]

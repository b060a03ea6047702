"""corpus_qa.fixing: fixes chosen without overlap, applied back to front, checked again."""

from __future__ import annotations

import re

from hypothesis import given, settings, strategies as st

from corpus_qa.fixing import apply, choose, repair
from corpus_qa.model import Document, Edit, Finding, Fix, Severity


def finding(rule: str, start: int, end: int, edits, safe: bool = True) -> Finding:
    fix = Fix(tuple(Edit(*edit) for edit in edits), safe, "test") if edits is not None else None
    return Finding(rule, rule.lower(), "encoding", Severity.WARNING, "d", start, end, 1, start + 1, 1, end + 1,
                   "m", "", "", None, fix)


def test_edits_apply_back_to_front():
    text = "产(chǎn)业(yè)发展，，良好"
    fixes = [finding("ENC006", 1, 7, [(1, 7, "")]), finding("ENC006", 8, 12, [(8, 12, "")]),
             finding("ENC011", 14, 16, [(14, 16, "，")])]
    assert apply(text, fixes) == "产业发展，良好"


def test_overlapping_fixes_first_in_document_order_then_rule_code_wins():
    first = finding("ENC011", 2, 4, [(2, 4, "，")])
    overlapping = finding("BP001", 3, 6, [(3, 6, "")])
    same_place = finding("ENC012", 2, 3, [(2, 3, "，")])
    apart = finding("ENC014", 8, 9, [(8, 9, "")])
    unsafe = finding("ENC012", 10, 11, [(10, 11, "：")], safe=False)
    chosen, left = choose([apart, overlapping, same_place, first, unsafe], unsafe=False)
    assert [f.rule for f in chosen] == ["ENC011", "ENC014"]
    assert [(f.rule, by.rule) for f, by in left] == [("ENC012", "ENC011"), ("BP001", "ENC011")]
    assert [f.rule for f in choose([unsafe], unsafe=True)[0]] == ["ENC012"]


def test_two_insertions_at_one_place_overlap_and_adjacent_replacements_do_not():
    a, b = finding("X001", 3, 3, [(3, 3, "x")]), finding("X002", 3, 3, [(3, 3, "y")])
    assert [f.rule for f in choose([a, b], unsafe=False)[0]] == ["X001"]
    c, d = finding("X001", 0, 2, [(0, 2, "")]), finding("X002", 2, 4, [(2, 4, "")])
    assert len(choose([c, d], unsafe=False)[0]) == 2


def doubled_commas(doc: Document) -> list[Finding]:
    """A stand-in rule: `，，` (one fix each), reported again on what a fix leaves."""
    return [finding("ENC011", m.start(), m.end(), [(m.start(), m.end(), "，")])
            for m in re.finditer("，，", doc.text)]


def test_repair_checks_again_until_nothing_is_left():
    doc = Document("d", "数据，，，，显示", raw="数据，，，，显示".encode("gbk"), encoding="gb18030")
    repaired = repair(doc, doubled_commas)
    assert repaired.text == "数据，显示" and repaired.applied == {"ENC011": 3} and repaired.rounds == 2
    assert repaired.remaining == [] and repaired.changed


def test_a_clean_document_is_left_as_it_is():
    doc = Document("d", "中央社台北5日電 行政院今天召開記者會。")
    repaired = repair(doc, doubled_commas)
    assert repaired.text == doc.text and not repaired.changed and repaired.applied == {}


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="，,a中 ", max_size=40), st.data())
def test_chosen_fixes_never_overlap_and_apply_within_the_text(text, data):
    spans = data.draw(st.lists(st.tuples(st.integers(0, len(text)), st.integers(0, len(text))), max_size=6))
    findings = [finding("X001", min(a, b), max(a, b), [(min(a, b), max(a, b), "·")]) for a, b in spans]
    chosen, left = choose(findings, unsafe=True)
    assert len(chosen) + len(left) == len(findings)
    edits = sorted((f.fix.edits[0].start, f.fix.edits[0].end) for f in chosen)
    assert all(e1 <= s2 and not (s1 == e1 == s2) for (s1, e1), (s2, _) in zip(edits, edits[1:]))
    repaired = apply(text, chosen)
    assert len(repaired) == len(text) - sum(e - s for s, e in edits) + len(edits)


def test_repair_records_which_fix_yielded_to_which():
    def two_rules(doc: Document) -> list[Finding]:
        found = doubled_commas(doc)
        return found + [finding("BP001", m.start(), m.end() + 1, [(m.start(), m.end() + 1, "")])
                         for m in re.finditer("，，", doc.text)]

    repaired = repair(Document("d", "数据，，显示"), two_rules)
    assert repaired.yielded == {("ENC011", "BP001"): 1} and repaired.applied == {"BP001": 1}

"""One defect, one finding (engine.consolidate): explained hits dropped, runs of a rule merged."""

from __future__ import annotations

import pytest

from corpus_qa.config import Config
from corpus_qa.engine.checker import Checker
from corpus_qa.engine.consolidate import consolidate, merged_runs
from corpus_qa.rules.base import SCATTERED
from corpus_qa.model import Category, Document, Hit, Severity
from corpus_qa.rules.base import Rule

DOCS = "What it flags\nWhy it matters\nExample\nFix"


def rule(code: str, *, explains: tuple[str, ...] = (), run_gap: int | None = 0) -> Rule:
    return Rule(code, code.lower(), Category.ENCODING, Severity.WARNING, DOCS, check=lambda doc, ctx: (),
                explains=explains, run_gap=run_gap)


def spans(hits: list[Hit]) -> list[tuple[int, int]]:
    return [(hit.start, hit.end) for hit in hits]


@pytest.mark.parametrize(
    ("text", "hit_spans", "expected"),
    [
        pytest.param("甲，，乙，，丙", [(1, 3), (4, 6)], [(1, 6)], id="one-character-gap"),
        pytest.param("甲，，" + "乙" * SCATTERED + "，，", [(1, 3), (3 + SCATTERED, 5 + SCATTERED)], [(1, 5 + SCATTERED)],
                     id="gap-of-run-gap-joins"),
        pytest.param("甲，，" + "乙" * (SCATTERED + 1) + "，，", [(1, 3), (4 + SCATTERED, 6 + SCATTERED)],
                     [(1, 3), (4 + SCATTERED, 6 + SCATTERED)], id="longer-gap-splits"),
        pytest.param("甲，，\n乙，，", [(1, 3), (5, 7)], [(1, 3), (5, 7)], id="text-across-a-line-break-splits"),
        pytest.param("扫码下载\n\n  关注我们", [(0, 4), (8, 12)], [(0, 12)], id="white-space-only-gap-joins-lines"),
        pytest.param("甲，，，乙", [(1, 3), (2, 4)], [(1, 4)], id="overlapping"),
        pytest.param("甲，，乙", [(1, 3)], [(1, 3)], id="single"),
    ],
)
def test_runs_merge(text, hit_spans, expected):
    hits = [Hit(start, end, f"hit {start}") for start, end in hit_spans]
    assert spans(merged_runs(text, hits, SCATTERED)) == expected


def test_gap_zero_joins_only_across_white_space():
    text = "<p>正文</p>\n<p>"
    hits = [Hit(0, 3, "open"), Hit(5, 9, "close"), Hit(10, 13, "open")]
    assert spans(merged_runs(text, hits, 0)) == [(0, 3), (5, 13)]


def test_merged_hit_keeps_every_part():
    text = "甲，，乙，，丙"
    first, second = Hit(1, 3, "first", {"marks": "，，"}), Hit(4, 6, "second")
    (merged,) = merged_runs(text, [second, first], 1)
    assert merged.data["count"] == 2
    assert merged.data["parts"] == [
        {"start": 1, "end": 3, "data": {"marks": "，，"}},
        {"start": 4, "end": 6, "message": "second"},
    ]
    assert merged.message.startswith("first") and "1 more" in merged.message


def test_rule_that_does_not_merge_keeps_its_hits():
    text = "甲，，乙，，丙"
    hits = [Hit(1, 3, "a"), Hit(4, 6, "b")]
    ((_, kept),) = consolidate(text, [(rule("FM004", run_gap=None), hits)])
    assert spans(kept) == [(1, 3), (4, 6)]


def test_explained_hits_are_dropped_and_others_kept():
    text = "鈥滄垜浠?瑕佸潥，正文里另有一个?号"
    mojibake = rule("ENC004", explains=("ENC008", "ENC009"))
    question = rule("ENC008")
    unrelated = rule("ENC011")
    inside, outside = Hit(7, 8, "? inside"), Hit(len(text) - 2, len(text) - 1, "? outside")
    result = dict(
        (r.code, hits)
        for r, hits in consolidate(
            text,
            [(question, [inside, outside]), (mojibake, [Hit(0, 12, "mojibake")]), (unrelated, [Hit(5, 6, "x")])],
        )
    )
    assert spans(result["ENC008"]) == [(len(text) - 2, len(text) - 1)]
    assert spans(result["ENC011"]) == [(5, 6)], "a rule not named in explains is never dropped"
    assert spans(result["ENC004"]) == [(0, 12)]


@pytest.mark.parametrize(
    ("hit_span", "dropped"),
    [((4, 8), True), ((6, 10), True), ((7, 12), False), ((5, 5), True), ((8, 8), False)],
    ids=["inside", "half-inside", "mostly-outside", "zero-width-inside", "zero-width-at-the-edge"],
)
def test_explained_means_at_least_half_inside(hit_span, dropped):
    text = "x" * 20
    result = consolidate(text, [(rule("ENC004", explains=("ENC014",)), [Hit(2, 8, "m")]), (rule("ENC014"), [Hit(*hit_span, "z")])])
    assert (result[1][1] == []) is dropped


def test_checker_findings_are_merged_and_excerpts_match():
    text = "他说，，我们要坚持，，发展。\n另一段，，没有问题。"
    doc = Document("doc.txt", text)
    result = Checker(Config(select=("ENC011",))).check(doc)
    clashing = [f for f in result.findings if f.rule == "ENC011"]
    assert [(f.line, f.data["count"] if f.data and "count" in f.data else 1) for f in clashing] == [(1, 2), (2, 1)]
    for finding in clashing:
        assert finding.excerpt == text[finding.start : finding.end]


# -- one rule cannot flood a run (issue 18) ----------------------------------------------------


def separate_hits(count: int) -> tuple[str, list[Hit]]:
    """`count` hits of one rule, apart by text (never merged into runs)."""
    text = "甲，，乙" * count
    return text, [Hit(4 * i + 1, 4 * i + 3, "doubled comma") for i in range(count)]


def test_a_rule_over_the_cap_keeps_its_first_hits_and_counts_the_rest():
    from corpus_qa.rules.base import MAX_HITS_PER_RULE

    text, hits = separate_hits(MAX_HITS_PER_RULE + 50)
    ((_, kept),) = consolidate(text, [(rule("ENC011"), list(reversed(hits)))])
    assert len(kept) == MAX_HITS_PER_RULE + 1
    assert spans(kept[:MAX_HITS_PER_RULE]) == spans(hits[:MAX_HITS_PER_RULE])  # the first in the text
    note = kept[-1]
    assert (note.start, note.end) == (hits[MAX_HITS_PER_RULE].start, hits[MAX_HITS_PER_RULE].end)
    assert note.data == {"omitted": 50}
    assert "50 more" in note.message


def test_a_rule_at_the_cap_is_unchanged():
    from corpus_qa.rules.base import MAX_HITS_PER_RULE

    text, hits = separate_hits(MAX_HITS_PER_RULE)
    ((_, kept),) = consolidate(text, [(rule("ENC011"), hits)])
    assert kept == hits


def test_the_cap_counts_after_runs_are_merged():
    from corpus_qa.rules.base import MAX_HITS_PER_RULE

    text = "，，" * (MAX_HITS_PER_RULE * 3)  # one run: a single merged hit, nothing omitted
    hits = [Hit(2 * i, 2 * i + 2, "doubled comma") for i in range(MAX_HITS_PER_RULE * 3)]
    ((_, kept),) = consolidate(text, [(rule("ENC011"), hits)])
    assert len(kept) == 1 and kept[0].data["count"] == MAX_HITS_PER_RULE * 3


def test_checker_caps_a_flooding_document_rule():
    from corpus_qa.rules.base import MAX_HITS_PER_RULE

    text = "".join(f"第{i}段，，内容。\n" for i in range(MAX_HITS_PER_RULE + 50))
    result = Checker(Config(select=("ENC011",))).check(Document("doc.txt", text))
    clashing = [f for f in result.findings if f.rule == "ENC011"]
    assert len(clashing) == MAX_HITS_PER_RULE + 1
    assert clashing[-1].data == {"omitted": 50}
    assert clashing[-1].line == MAX_HITS_PER_RULE + 1
    # the counts stand for every hit: the 100 listed and the 50 the last one stands for
    assert result.metrics["findings"] == result.metrics["findings_encoding"] == MAX_HITS_PER_RULE + 50


def test_a_merged_run_offers_no_overlapping_edits():
    from corpus_qa.model import Edit, Fix

    rule = Rule("ENC004", "cjk-mojibake", Category.ENCODING, Severity.ERROR, check=lambda d, c: [], run_gap=100)
    first = Hit(1, 5, "utf-8 as gbk", fix=Fix((Edit(1, 5, "地图"),), False, "re-decode"))
    second = Hit(4, 8, "gbk as latin-1", fix=Fix((Edit(4, 8, "简体"),), False, "re-decode"))
    apart = Hit(9, 11, "again", fix=Fix((Edit(9, 11, "中文"),), False, "re-decode"))
    [(_, [merged])] = consolidate("中鍦板浘¼òÌå 鐧惧", [(rule, [first, second, apart])])
    assert [(e.start, e.end) for e in merged.fix.edits] == [(1, 5), (9, 11)]

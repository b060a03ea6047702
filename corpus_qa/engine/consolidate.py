"""One defect, one finding: the per-document rules' hits before they become findings.

Two steps, both on the hits of one document:

1. **Explained hits are dropped.** A rule may declare the codes whose hits it explains
   (`Rule.explains`): inside a span of UTF-8-read-as-GBK mojibake (ENC004), the U+FFFD, the
   `?`, the "traditional characters" and the doubled punctuation are all that one defect, so
   ENC003, ENC008, ENC009 and ENC011 stay silent there. A hit is explained when at least half
   of it lies inside the spans of rules that explain its code (a zero-width hit: when the
   characters on both sides of it do). The explaining hits are taken as the rules returned
   them, so the order of the rules does not matter.
2. **Adjacent hits of one rule are merged** into one hit per run: hits whose gap is white
   space only (consecutive lines of one block), or, for a rule whose hits scatter through a
   damaged line (doubled punctuation, injected pinyin), at most `Rule.run_gap` characters
   of other text within one line (`rules.base.SCATTERED`). Boilerplate rules keep the gap
   at 0, so a merged span never takes in the article's own text. The merged hit spans the
   run; its `data` keeps `count` and the `parts` (each part's start and end, its message
   where it is not the first part's, and its data), so nothing the rule said is lost. Its
   fix holds the edits of the parts' safe fixes, or, when none is safe, of all their fixes
   (unsafe): the unsafe parts of a mixed run are offered again once the safe ones are applied.
3. **One rule cannot flood a run.** A rule left with more than `MAX_HITS_PER_RULE` hits on
   the document keeps its first ones in the text, and one more hit, at the first left out,
   says how many were not listed (`data`: `omitted`). The corpus rules' findings on a
   document are capped the same way when they join it (`capped_findings`, engine.merge).
"""

from __future__ import annotations

import bisect
import dataclasses
from typing import Iterable, Sequence

from corpus_qa.fixing import overlap
from corpus_qa.model import Edit, Finding, Fix, Hit
from corpus_qa.rules.base import MAX_HITS_PER_RULE, Rule, omitted_note


def consolidate(text: str, hits_by_rule: Sequence[tuple[Rule, list[Hit]]]) -> list[tuple[Rule, list[Hit]]]:
    """Each rule with its hits explained away and its runs merged, in the given order."""
    explaining = _explaining_spans(hits_by_rule)
    out = []
    for rule, hits in hits_by_rule:
        spans = explaining.get(rule.code)
        if spans:
            hits = [hit for hit in hits if not _explained(hit, spans)]
        if rule.run_gap is not None and len(hits) > 1:
            hits = merged_runs(text, hits, rule.run_gap)
        out.append((rule, capped(hits)))
    return out


def capped(hits: list[Hit]) -> list[Hit]:
    """The hits, or past MAX_HITS_PER_RULE the first of them in the text and one hit at the
    first left out that says how many were."""
    if len(hits) <= MAX_HITS_PER_RULE:
        return hits
    ordered = sorted(hits, key=lambda hit: (hit.start, hit.end))
    first_left_out = ordered[MAX_HITS_PER_RULE]
    message, data = omitted_note(len(ordered) - MAX_HITS_PER_RULE)
    return [*ordered[:MAX_HITS_PER_RULE], Hit(first_left_out.start, first_left_out.end, message, data)]


def capped_findings(findings: list[Finding]) -> list[Finding]:
    """`capped` for the corpus rules' findings on one document, rule by rule."""
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    if all(len(found) <= MAX_HITS_PER_RULE for found in by_rule.values()):
        return findings
    out = []
    for found in by_rule.values():
        if len(found) > MAX_HITS_PER_RULE:
            found = sorted(found, key=lambda finding: (finding.start, finding.end))
            message, data = omitted_note(len(found) - MAX_HITS_PER_RULE)
            found = [*found[:MAX_HITS_PER_RULE], dataclasses.replace(found[MAX_HITS_PER_RULE], message=message, data=data)]
        out.extend(found)
    return out


def _explaining_spans(hits_by_rule: Iterable[tuple[Rule, list[Hit]]]) -> dict[str, "_Spans"]:
    """code -> the union of the spans of every hit of a rule that explains that code."""
    raw: dict[str, list[tuple[int, int]]] = {}
    for rule, hits in hits_by_rule:
        for code in rule.explains:
            raw.setdefault(code, []).extend((hit.start, hit.end) for hit in hits if hit.end > hit.start)
    return {code: _Spans(spans) for code, spans in raw.items() if spans}


class _Spans:
    """Disjoint sorted spans, with how much of a range they cover."""

    def __init__(self, spans: list[tuple[int, int]]):
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            if self.ends and start <= self.ends[-1]:
                self.ends[-1] = max(self.ends[-1], end)
            else:
                self.starts.append(start)
                self.ends.append(end)

    def covered(self, start: int, end: int) -> int:
        total = 0
        index = max(bisect.bisect_right(self.starts, start) - 1, 0)
        while index < len(self.starts) and self.starts[index] < end:
            total += max(0, min(end, self.ends[index]) - max(start, self.starts[index]))
            index += 1
        return total


def _explained(hit: Hit, spans: _Spans) -> bool:
    if hit.end <= hit.start:  # a zero-width hit (a position): explained when it lies inside
        return spans.covered(hit.start - 1, hit.start + 1) == 2
    return spans.covered(hit.start, hit.end) * 2 >= hit.end - hit.start


def merged_runs(text: str, hits: list[Hit], gap: int) -> list[Hit]:
    """The hits (of one rule) with each run of adjacent ones merged into one hit: apart by
    white space only, or by at most `gap` characters within one line."""
    ordered = sorted(hits, key=lambda hit: (hit.start, hit.end))
    runs: list[list[Hit]] = [[ordered[0]]]
    reach = ordered[0].end
    for hit in ordered[1:]:
        if _adjacent(text, reach, hit.start, gap):
            runs[-1].append(hit)
            reach = max(reach, hit.end)
        else:
            runs.append([hit])
            reach = hit.end
    return [run[0] if len(run) == 1 else _merged(run) for run in runs]


def _adjacent(text: str, end: int, start: int, most: int) -> bool:
    if start <= end:
        return True
    between = text[end:start]
    return not between.strip() or (len(between) <= most and "\n" not in between)


def _merged(run: list[Hit]) -> Hit:
    first = run[0]
    parts = []
    for hit in run:
        part: dict = {"start": hit.start, "end": hit.end}
        if hit.message != first.message:
            part["message"] = hit.message
        if hit.data:
            part["data"] = hit.data
        parts.append(part)
    message = f"{first.message} (and {len(run) - 1} more like it in this run)"
    return Hit(first.start, max(hit.end for hit in run), message, {"count": len(run), "parts": parts}, _merged_fix(run))


def _merged_fix(run: list[Hit]) -> Fix | None:
    """The safe parts' edits (or, none safe, all parts'), leaving out a part whose edits
    overlap an earlier part's (a rule's hits may overlap): what is left out, and the unsafe
    rest, is reported again, alone, once these are applied."""
    fixed = [hit.fix for hit in run if hit.fix is not None]
    safe = [fix for fix in fixed if fix.safe]
    offered = safe or fixed
    if not offered:
        return None
    edits: list[Edit] = []
    for part in offered:
        if not any(overlap(edit, taken) for edit in part.edits for taken in edits):
            edits.extend(part.edits)
    return Fix(tuple(edits), bool(safe), offered[0].summary)

"""How much document text goes into the HTML report: the text budget.

Every finding is served first: it gets a window of its text, WINDOW_CHARS on each side (windows
that meet are merged; a finding longer than LONG_SPAN_CHARS keeps its first and last halves),
and every member of a duplicate cluster gets its opening (OPENING_CHARS) and the parts where its
first DIFF_CHARS differ from the cluster's first member. Only then, with what the budget has
left, whole documents go in (up to FULL_TEXT_CHARS each), most severe first, then those with
most findings. If the windows alone would overrun the budget their context narrows
(WINDOW_STEPS); only if even bare findings do not fit do the least severe documents go without.
Documents without findings and outside clusters are never embedded.

Workers keep no text, so the documents are read again: once to measure, once to cut.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from corpus_qa.model import Finding
from corpus_qa.report.html_text import CUT_BUDGET, CUT_LONG, EmbeddedText, diff_opcodes, embedded_size, finding_windows, frontmatter_table
from corpus_qa.sources.reload import reload_documents

if TYPE_CHECKING:
    from corpus_qa.run_result import RunResult

TEXT_BUDGET_BYTES = 7_000_000  # UTF-8 bytes of embedded text, over the whole report
FULL_TEXT_CHARS = 50_000
WINDOW_CHARS = 40
WINDOW_STEPS = (WINDOW_CHARS, 20, 8, 0)  # narrower windows, when the budget is short
LONG_SPAN_CHARS = 200
OPENING_CHARS = 200
DIFF_CHARS = 4_000  # the head of each cluster member that is compared side by side
LONG_CHANGE_CHARS = 400  # of a longer differing run, its first and last halves are embedded
MAX_DIFFS_PER_CLUSTER = 24
MAX_DIFFS = 2_000
BLOCK_BYTES = 120  # the <script> element and JSON around each embedded document


class TextBudget:
    """The budget's size and limits; `plan` spends it."""

    def __init__(self, budget_bytes: int = TEXT_BUDGET_BYTES, full_text_chars: int = FULL_TEXT_CHARS):
        self.budget_bytes = budget_bytes
        self.full_text_chars = full_text_chars
        self.window_chars = WINDOW_CHARS  # the context the windows got in the end

    @property
    def megabytes(self) -> str:
        return f"{self.budget_bytes / 1_000_000:.1f}"


@dataclass
class _Measured:
    """One document after the first reading: what each way of embedding it would cost."""

    length: int
    full: int  # bytes of the whole text
    windows: list[list[tuple[int, int]]]  # per WINDOW_STEPS
    window_costs: list[int]
    changed: bool  # the text is not the one that was checked
    frontmatter: dict[str, Any] | None
    cluster_ranges: list[tuple[int, int]] = field(default_factory=list)
    cluster_cost: int = 0


def plan_texts(result: "RunResult", by_doc: dict[int, list[Finding]], clusters: list[dict[str, Any]],
               budget: TextBudget) -> dict[int, EmbeddedText]:
    """The embedded text of every document with findings or in a cluster, by document index.
    Adds each cluster's "diffs" (member index -> opcodes against its first member)."""
    members = {index for cluster in clusters for index, _ in cluster["members"]}
    wanted = sorted(set(by_doc) | members)
    summaries = [result.documents[index] for index in wanted]
    measured: dict[int, _Measured] = {}
    empty: dict[int, EmbeddedText] = {}
    heads: dict[int, str] = {}
    for index, summary, doc in zip(wanted, summaries, reload_documents(summaries, result.config.sources)):
        if doc.problem or not doc.text:
            empty[index] = EmbeddedText(len(doc.text), note=f"No text to show: "
                                        f"{doc.problem_detail or doc.problem or 'the document is empty'}.")
            continue
        measured[index] = _measure(doc, [(f.start, f.end) for f in by_doc.get(index, [])],
                                   changed=len(doc.text) != summary["metrics"]["chars"])
        if index in members:
            heads[index] = doc.text[:DIFF_CHARS]
    _add_diffs(clusters, heads, measured)
    step, whole, served = _spend(measured, by_doc, budget)
    texts = dict(empty)
    cut = [i for i in wanted if i in served or i in whole]
    for index, doc in zip(cut, reload_documents([result.documents[i] for i in cut], result.config.sources)):
        texts[index] = _embedded(doc.text, measured[index], step if index in served else None, index in whole, budget)
    for index in measured.keys() - texts.keys():
        texts[index] = _embedded("", measured[index], None, False, budget)
    return texts


def _measure(doc, spans: list[tuple[int, int]], changed: bool) -> _Measured:
    text = doc.text
    windows = [finding_windows(spans, len(text), context, LONG_SPAN_CHARS) for context in WINDOW_STEPS]
    costs = [_cost(text, ranges) for ranges in windows]
    return _Measured(len(text), embedded_size(text), windows, costs, changed, frontmatter_table(doc))


def _cost(text: str, ranges: list[tuple[int, int]]) -> int:
    return sum(embedded_size(text[start:end]) for start, end in ranges)


def _add_diffs(clusters: list[dict[str, Any]], heads: dict[int, str], measured: dict[int, _Measured]) -> None:
    """Each member beside the first one: opcodes over their heads, and the ranges to embed for it."""
    wanted: dict[int, list[tuple[int, int]]] = {index: [(0, OPENING_CHARS)] for index in heads}
    made = 0
    for cluster in clusters:
        cluster["diffs"] = {}
        left, *others = [index for index, _ in cluster["members"]]
        for right in others[:MAX_DIFFS_PER_CLUSTER]:
            if made >= MAX_DIFFS or left not in heads or right not in heads:
                continue
            opcodes = diff_opcodes(heads[left], heads[right])
            cluster["diffs"][str(right)] = opcodes
            wanted[left] += _changed_ranges(opcodes, 1)
            wanted[right] += _changed_ranges(opcodes, 3)
            made += 1
    for index, ranges in wanted.items():
        head = heads[index]
        merged = finding_windows(ranges, len(head), 0, DIFF_CHARS)
        measured[index].cluster_ranges = merged
        measured[index].cluster_cost = _cost(head, merged)


def _changed_ranges(opcodes: list[list[Any]], side: int) -> list[tuple[int, int]]:
    """The differing runs of one side (opcode columns side, side + 1) with WINDOW_CHARS of shared
    text around them; of a long run, its first and last halves."""
    ranges = []
    for op in opcodes:
        if op[0] == "=":
            continue
        start, end = op[side], op[side + 1]
        if end - start > LONG_CHANGE_CHARS:
            half = LONG_CHANGE_CHARS // 2
            ranges += [(start, start + half), (end - half, end)]
        else:
            ranges.append((start, end))
    return [(start - WINDOW_CHARS, end + WINDOW_CHARS) for start, end in ranges]


def _spend(measured: dict[int, _Measured], by_doc: dict[int, list[Finding]],
           budget: TextBudget) -> tuple[int, set[int], set[int]]:
    """(window step, documents embedded whole, documents that get their windows)."""
    order = sorted(measured, key=lambda index: _priority(index, by_doc.get(index, [])))
    for step, context in enumerate(WINDOW_STEPS):
        windows = sum(_window_cost(measured[index], step) for index in order)
        if windows <= budget.budget_bytes:
            budget.window_chars = context
            whole = _whole_texts(measured, order, step, budget.budget_bytes - windows, budget.full_text_chars)
            return step, whole, set(order) - whole
    # even bare findings overrun the budget: the most severe documents first, while it lasts
    step, left, served = len(WINDOW_STEPS) - 1, budget.budget_bytes, set()
    budget.window_chars = 0
    for index in order:
        cost = _window_cost(measured[index], step)
        if cost <= left:
            served.add(index)
            left -= cost
    return step, set(), served


def _whole_texts(measured: dict[int, _Measured], order: list[int], step: int, left: int, longest: int) -> set[int]:
    """The documents whose whole text what is left of the budget pays for, in priority order."""
    whole = set()
    for index in order:
        item = measured[index]
        extra = max(0, item.full - item.window_costs[step] - item.cluster_cost)  # its windows are paid for
        if item.length <= longest and extra <= left:
            whole.add(index)
            left -= extra
    return whole


def _window_cost(item: _Measured, step: int) -> int:
    return BLOCK_BYTES + item.window_costs[step] + item.cluster_cost


def _priority(index: int, findings: list[Finding]) -> tuple[int, int, int]:
    return (-max((int(f.severity) for f in findings), default=0), -len(findings), index)


def _embedded(text: str, item: _Measured, step: int | None, whole: bool, budget: TextBudget) -> EmbeddedText:
    embedded = EmbeddedText(item.length, frontmatter=item.frontmatter)
    if whole:
        embedded.segments = [(0, 1, text)]
    elif step is not None:
        ranges = finding_windows(item.windows[step] + item.cluster_ranges, len(text), 0, len(text) + 1)
        line, last = 1, 0
        for start, end in ranges:
            line += text.count("\n", last, start)
            last = start
            embedded.segments.append((start, line, text[start:end]))
    if embedded.segments and embedded.embedded_chars < item.length:
        embedded.cut = CUT_LONG if item.length > budget.full_text_chars else CUT_BUDGET
    elif not embedded.segments:
        embedded.note = (f"Text not embedded: even the text around the findings overran the report's text budget "
                         f"({budget.megabytes} MB), which went to more severe documents. The findings are listed "
                         "with their locations and excerpts.")
    if item.changed:
        embedded.note = ((embedded.note or "") + " The document changed after the check: "
                         "highlights may not sit on the text they were found in.").strip()
    return embedded

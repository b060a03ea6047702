"""Which document text goes into the HTML report, and how much of it.

Workers never keep text, so the documents with findings are read again here. To keep a
report small enough to open smoothly, each of them is embedded whole only when it is at most
FULL_TEXT_CHARS long and the report's TEXT_BUDGET_BYTES allows; otherwise only windows of
context around its findings go in, and the page says so. Documents are served most severe
first, so the budget goes to errors before warnings. Documents without findings are never
embedded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from corpus_qa.model import Document

FULL_TEXT_CHARS = 50_000
TEXT_BUDGET_BYTES = 6_000_000  # UTF-8 bytes of embedded text, over the whole report
CONTEXT_CHARS = 300  # each side of a finding, in a windowed document
LONG_SPAN_CHARS = 2_000  # of a longer finding, a windowed document keeps the start and end halves
TIGHT_CONTEXT_CHARS = 40  # windows once the budget is short
TIGHT_LONG_SPAN_CHARS = 200
DIFF_CHARS = 4_000  # the head of each duplicate-cluster member that is compared side by side
_MERGE_GAP = 40  # windows closer than this are joined: a tiny gap marker helps nobody
_SNAP_CHARS = 120  # how far a window may grow to reach a line start or end
_BLOCK_BYTES = 120  # the <script> element and JSON around each embedded document
TEXT_NONE, TEXT_PARTIAL, TEXT_FULL = 0, 1, 2


@dataclass
class EmbeddedText:
    length: int
    segments: list[tuple[int, int, str]] = field(default_factory=list)  # (offset, line, text)
    note: str | None = None  # why the page does not hold all of it
    frontmatter: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "length": self.length,
            "segments": [list(segment) for segment in self.segments],
            "note": self.note,
            "frontmatter": self.frontmatter,
        }

    @property
    def embedded_chars(self) -> int:
        return sum(len(text) for _, _, text in self.segments)

    @property
    def shown(self) -> int:
        """How much of the text the page holds: TEXT_NONE, TEXT_PARTIAL or TEXT_FULL."""
        if not self.segments:
            return TEXT_NONE
        return TEXT_FULL if self.embedded_chars == self.length else TEXT_PARTIAL


def finding_windows(
    spans: Iterable[tuple[int, int]], length: int, context: int, long_span: int, extra: Iterable[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """Merged character ranges covering every span with `context` on each side.

    A span longer than `long_span` keeps only its first and last halves of that size.
    """
    ranges = list(extra)
    for start, end in spans:
        if end - start > long_span:
            half = long_span // 2
            ranges += [(start - context, start + half), (end - half, end + context)]
        else:
            ranges.append((start - context, end + context))
    merged: list[list[int]] = []
    for start, end in sorted((max(0, s), min(length, e)) for s, e in ranges):
        if merged and start <= merged[-1][1] + _MERGE_GAP:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged if e > s]


class TextBudget:
    """Hands out embedded text to documents in the order they are offered."""

    def __init__(self, budget_bytes: int = TEXT_BUDGET_BYTES, full_text_chars: int = FULL_TEXT_CHARS):
        self.left = budget_bytes
        self.budget_bytes = budget_bytes
        self.full_text_chars = full_text_chars

    @property
    def megabytes(self) -> str:
        return f"{self.budget_bytes / 1_000_000:.1f}"

    def embed(self, doc: Document, spans: list[tuple[int, int]], required: list[tuple[int, int]]) -> EmbeddedText:
        text = doc.text
        embedded = EmbeddedText(len(text), frontmatter=frontmatter_table(doc))
        if doc.problem or not text:
            embedded.note = f"No text to show: {doc.problem_detail or doc.problem or 'the document is empty'}."
            return embedded
        too_long = len(text) > self.full_text_chars
        windows = [
            finding_windows(spans, len(text), CONTEXT_CHARS, LONG_SPAN_CHARS, required),
            finding_windows(spans, len(text), TIGHT_CONTEXT_CHARS, TIGHT_LONG_SPAN_CHARS),
        ]
        choices = ([] if too_long else [[(0, len(text))]]) + [_snap_to_lines(text, w) for w in windows if w]
        for ranges in choices:
            pieces = [text[start:end] for start, end in ranges]
            cost = _BLOCK_BYTES + sum(embedded_size(piece) for piece in pieces)
            if cost <= self.left:
                self.left -= cost
                embedded.segments = [(start, doc.position(start)[0], piece) for (start, _), piece in zip(ranges, pieces)]
                break
        shown = embedded.embedded_chars
        if shown == len(text):
            return embedded
        if not embedded.segments:
            embedded.note = (
                f"Text not embedded: the report's text budget ({self.megabytes} MB) was spent on "
                "more severe documents. The findings are listed with their locations."
            )
        elif too_long:
            embedded.note = (
                f"Showing {shown:,} of {len(text):,} characters: a document over {self.full_text_chars:,} characters "
                "is embedded only around its findings."
            )
        else:
            embedded.note = (
                f"Showing {shown:,} of {len(text):,} characters: the report's text budget "
                f"({self.megabytes} MB) was short, so only the text around the findings is embedded."
            )
        return embedded


def _snap_to_lines(text: str, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Widen windows to whole lines when the line ends are near, so windows rarely start mid-line."""
    snapped: list[tuple[int, int]] = []
    for start, end in ranges:
        line_start = text.rfind("\n", max(0, start - _SNAP_CHARS), start) + 1 if start else 0
        start = line_start if line_start or start <= _SNAP_CHARS else start
        line_end = text.find("\n", end, end + _SNAP_CHARS)
        end = line_end if line_end != -1 else (len(text) if len(text) - end <= _SNAP_CHARS else end)
        if snapped and start <= snapped[-1][1]:
            snapped[-1] = (snapped[-1][0], max(end, snapped[-1][1]))
        else:
            snapped.append((start, end))
    return snapped


def embedded_size(text: str) -> int:
    """Bytes of text once in the page: UTF-8, with <, > and & written as six-byte escapes."""
    return len(text.encode("utf-8", errors="surrogatepass")) + 5 * (text.count("<") + text.count(">") + text.count("&"))


def frontmatter_table(doc: Document) -> dict[str, Any] | None:
    """The YAML frontmatter as rows of (key, value), or the reason it cannot be read."""
    block = doc.frontmatter if doc.text else None
    if block is None:
        return None
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    out: dict[str, Any] = {"start": block.open_start, "end": block.close_end or len(doc.text), "rows": None, "error": None}
    if block.close_end is None:
        out["error"] = "the block never closes (no second ---)"
        return out
    try:
        data = YAML(typ="safe", pure=True).load(doc.text[block.yaml_start : block.yaml_end])
    except YAMLError as error:
        out["error"] = f"not valid YAML: {str(error).splitlines()[0]}"
        return out
    except Exception as error:  # noqa: BLE001 - a report must not fail on odd YAML (recursion, huge ints)
        out["error"] = f"cannot read: {type(error).__name__}"
        return out
    if not isinstance(data, dict):
        out["error"] = f"not a mapping of keys to values (found {type(data).__name__})"
        return out
    out["rows"] = [[_display(key), _display(value)] for key, value in list(data.items())[:200]]
    return out


def _display(value: Any, limit: int = 1_000) -> str:
    if isinstance(value, (list, tuple)):
        text = ", ".join(_display(item, limit) for item in value)
    elif isinstance(value, dict):
        text = "; ".join(f"{_display(k)}: {_display(v)}" for k, v in value.items())
    elif value is None:
        text = "(empty)"
    elif isinstance(value, bool):
        text = "true" if value else "false"  # as written in YAML, not Python's True
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def diff_opcodes(left: str, right: str) -> list[list[Any]]:
    """Character diff of two texts as [tag, left_start, left_end, right_start, right_end].

    Tags: "=" shared, "-" only left, "+" only right, "~" replaced. Shared runs shorter
    than three characters between changes are folded into the change; otherwise two
    unrelated Chinese texts show as confetti of shared 的 and 了.
    """
    if left == right:
        return [["=", 0, len(left), 0, len(right)]] if left else []
    import difflib

    tags = {"equal": "=", "delete": "-", "insert": "+", "replace": "~"}
    ops = [[tags[t], i1, i2, j1, j2] for t, i1, i2, j1, j2 in
           difflib.SequenceMatcher(None, left, right, autojunk=False).get_opcodes()]
    cleaned: list[list[Any]] = []
    for index, op in enumerate(ops):
        tiny_shared = op[0] == "=" and op[2] - op[1] < 3 and 0 < index < len(ops) - 1
        if tiny_shared:
            op = ["~", *op[1:]]
        if cleaned and op[0] != "=" and cleaned[-1][0] != "=":
            previous = cleaned[-1]
            previous[2], previous[4] = op[2], op[4]
            previous[0] = _change_tag(previous)
        else:
            cleaned.append(list(op))
    return cleaned


def _change_tag(op: list[Any]) -> str:
    has_left, has_right = op[2] > op[1], op[4] > op[3]
    return "~" if has_left and has_right else "-" if has_left else "+"

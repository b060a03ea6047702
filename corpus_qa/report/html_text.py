"""Pieces of document text for the HTML report: windows around findings, the frontmatter as a
table, and character diffs of duplicate-cluster members. How much text goes in: html_budget.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from corpus_qa.model import Document

_MERGE_GAP = 40  # windows closer than this are joined: a tiny gap marker helps nobody
TEXT_NONE, TEXT_PARTIAL, TEXT_FULL = 0, 1, 2
CUT_LONG, CUT_BUDGET = "long", "budget"


@dataclass
class EmbeddedText:
    length: int
    segments: list[tuple[int, int, str]] = field(default_factory=list)  # (offset, line, text)
    note: str | None = None  # something the page must say about this text (unreadable, changed)
    frontmatter: dict[str, Any] | None = None
    cut: str | None = None  # why only windows are embedded: CUT_LONG or CUT_BUDGET (the page says it)

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"length": self.length, "segments": [list(segment) for segment in self.segments]}
        for key in ("note", "frontmatter", "cut"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        return out

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

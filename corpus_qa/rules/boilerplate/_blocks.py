"""The shape most BP keyword rules share: find phrases, grow each into its line or sentence,
join neighbours into one block, report the block with the phrases that fired."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from corpus_qa.model import Document, Edit, Fix, Hit
from corpus_qa.rules.boilerplate import _text
from corpus_qa.rules.boilerplate._keywords import clean, finditer

# Between two pieces of one block: white space, markup, decoration, separators.
JOINABLE = re.compile(
    r"(?:\s|\\[nr]|<[^<>]{0,400}>|[\u3000\xa0\u200b|｜丨/·•●○◆◇■□▲△▼▽►▶◀→←↓↑☞☜✬★☆~～…。，,、：:；;!！?？\-—_=*#【】\[\]()（）<>《》\"“”'‘’]){0,12}"
)


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    section: str
    words: str


@dataclass
class Context:
    """What an acceptance test may look at besides the match itself."""

    doc: Document
    line_spans: _text.LineSpans
    body_start: int
    _visible: dict = None  # type: ignore[assignment]

    @property
    def text(self) -> str:
        return self.doc.text

    def line_at(self, offset: int) -> tuple[int, int]:
        return self.line_spans[_text.line_of(self.line_spans, offset)]

    def visible(self, span: tuple[int, int]) -> int:
        if self._visible is None:
            self._visible = {}
        if span not in self._visible:
            self._visible[span] = _text.visible_length(self.doc.text, *span)
        return self._visible[span]


def find(doc: Document, data_file: str, skip: tuple[str, ...] = ()) -> tuple[Context, list[Found]] | None:
    if not _text.checks(doc):
        return None
    start = _text.body_start(doc)
    found = [
        Found(m.start(), m.end(), section, clean(m.group()))
        for section, m in finditer(data_file, doc.text, start, skip)
    ]
    if not found:
        return None
    return Context(doc, _text.lines(doc.text, start), start), found


def sentence_span(ctx: Context, item: Found, limit: int = 60) -> tuple[int, int]:
    """The phrase grown to the end of its sentence (or `limit` characters), stopping
    before a credit glued after it (返回搜狐，查看更多 责任编辑：… is two findings)."""
    line_start, line_end = ctx.line_at(item.start)
    end = _text.clause_end(ctx.text, item.end, min(line_end, item.end + limit))
    labels = _credit_labels(ctx.text, item.end, end)
    return item.start, min(labels) if labels else end


def report(
    ctx: Context,
    spans: list[tuple[int, int, dict]],
    describe_block: Callable[[str, list[dict]], str],
) -> Iterator[Hit]:
    for start, end, evidence in _text.merge(spans, ctx.text, JOINABLE):
        while end > start and ctx.text[end - 1] in _text.SPACE + "\n":
            end -= 1
        yield Hit(start, end, describe_block(_text.short_excerpt(ctx.text[start:end]), evidence),
                  {"evidence": _evidence_data(evidence)})


def _evidence_data(evidence: list[dict]) -> list[dict]:
    out: list[dict] = []
    for item in evidence:
        if item not in out:
            out.append(item)
    return out[:10]


def coverage(ctx: Context, line: tuple[int, int], found: list[Found]) -> float:
    """Share of a line's visible characters taken by phrases found in it."""
    visible = ctx.visible(line) or 1
    inside = sum(len(item.words) for item in found if line[0] <= item.start < line[1])
    return inside / visible


def left_edge(text: str, item: Found, line_start: int, limit: int = 16) -> int:
    """Start of the notice a phrase belongs to: back to the sentence start, but not past a
    label's colon or a bracket (the credit or heading before it is another finding)."""
    index = item.start
    floor = max(line_start, item.start - limit)
    while index > floor and text[index - 1] not in "。！？!?；;：:】]）)\n—" and text[index - 2:index] not in ("  ", "\u3000\u3000"):
        index -= 1
    return index


_CREDIT_DATA = "boilerplate_credit_labels.txt"
_CREDIT_SEPARATOR = re.compile(r"[ \t\u3000\xa0]*[：:|｜丨/／]")


def _credit_labels(text: str, start: int, end: int) -> list[int]:
    return [
        m.start()
        for _, m in finditer(_CREDIT_DATA, text, start, ("byline",), end)
        if _CREDIT_SEPARATOR.match(text, m.end())
    ]


def whole_line(ctx: Context, item: Found, line: tuple[int, int]) -> tuple[int, int]:
    """A short line taken whole, less a finished sentence before the phrase and a credit
    glued before or after it (that is BP005's finding, not this one's)."""
    start, end = line
    # …阳光教育！返回搜狐，查看更多: the article's last sentence is not part of the promo
    start = max(start, _text.clause_start(ctx.text, item.start, start))
    labels = _credit_labels(ctx.text, start, end)
    before = [at for at in labels if at < item.start]
    after = [at for at in labels if at >= item.end]
    if before:
        start = item.start
    if after:
        end = min(after)
    return start, end


# --- the fix: the block removed --------------------------------------------------------------

_BRACKETS = {"（": "）", "(": ")", "【": "】", "[": "]", "〔": "〕", "「": "」", "〈": "〉"}
_ESCAPED_BREAKS = ("\\n", "\\r")


def removable(doc: Document, hits: Iterable[Hit], summary: str) -> Iterator[Hit]:
    """The hits, each with the fix that removes its block (`removal`). A part of a web page
    gets none: its text stands for the page's markup, which an edit would cut through."""
    for hit in hits:
        if doc.placement is not None:
            yield hit
        else:
            yield dataclasses.replace(hit, fix=removal(doc.text, hit.start, hit.end, _text.body_start(doc), summary))


def removal(text: str, start: int, end: int, floor: int, summary: str) -> Fix:
    """Delete text[start:end] (unsafe: it deletes text) so that no hole is left: a block that
    fills its lines goes with the line breaks before it (first in the text, after it: up to
    the next line's indentation); a block that is part of a line goes with the space before
    it (opening the line: after it); brackets that wrap the block alone go with it.
    `floor`: where the text the rule read begins (after a frontmatter block)."""
    if floor < start and end < len(text) and _BRACKETS.get(text[start - 1]) == text[end]:
        start, end = start - 1, end + 1
    before = _back(text, start, floor, breaks=False)
    after = _forward(text, end, breaks=False)
    opens_line = before == floor or text[before - 1] in "\n\r" or _text.after_escaped_break(text, before)
    closes_line = after == len(text) or text[after] in "\n\r" or text.startswith(_ESCAPED_BREAKS, after)
    if opens_line and closes_line:
        separator = _back(text, start, floor, breaks=True)
        if separator > floor:  # from the first line break after the text before
            cut = (_forward(text, separator, breaks=False), end)
        else:  # first in the text: up to the last line break after it
            cut = (before, _last_break_end(text, end))
    elif opens_line:
        cut = (start, after)
    else:
        cut = (before, end)
    return Fix((Edit(*cut, ""),), False, summary)


def _back(text: str, position: int, floor: int, breaks: bool) -> int:
    """`position` moved back over white space (and line breaks, real or escaped)."""
    while position > floor:
        char = text[position - 1]
        if char in _text.SPACE or (breaks and char in "\n\r"):
            position -= 1
        elif breaks and position - 2 >= floor and _text.after_escaped_break(text, position):
            position -= 2
        else:
            break
    return position


def _forward(text: str, position: int, breaks: bool) -> int:
    while position < len(text):
        if text[position] in _text.SPACE or (breaks and text[position] in "\n\r"):
            position += 1
        elif breaks and text.startswith(_ESCAPED_BREAKS, position):
            position += 2
        else:
            break
    return position


def _last_break_end(text: str, position: int) -> int:
    """Past the white space and line breaks after `position`, up to the end of the last line
    break (the next line's indentation stays); the end of the text when only white space follows."""
    end = _forward(text, position, breaks=True)
    if end == len(text):
        return end
    last = position
    index = position
    while index < end:
        if text.startswith(_ESCAPED_BREAKS, index):
            index += 2
            last = index
        else:
            index += 1
            if text[index - 1] in "\n\r":
                last = index
    return last

"""The shape most BP keyword rules share: find phrases, grow each into its line or sentence,
join neighbours into one block, report the block with the phrases that fired."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

from corpus_qa.model import Document, Hit
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

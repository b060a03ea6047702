"""Shared text plumbing for the BP rules: where the body is, how it breaks into lines, how a
matched phrase grows into the block it belongs to."""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Iterator

from corpus_qa.model import Document

# Lines end at real newlines, at escaped ones left in scraped JSON (`\n` as two characters:
# a third of the iNews records), and at block-level HTML, so `<p>…</p>` residue still
# yields one line per paragraph while an inline `<a>` does not split a sentence.
_LINE_BREAK = re.compile(
    r"<(style|script)\b[^>]*>.*?</\1\s*>"
    r"|<!--.*?-->"
    r"|</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|tbody|thead|tfoot|section|article|header|footer"
    r"|nav|aside|dl|dt|dd|blockquote|hr|figure|figcaption|center|form|iframe|select|option)\b[^<>]*>"
    r"|\r\n|[\n\r\u2028\u2029]|\\[nr]",
    re.IGNORECASE | re.DOTALL,
)
SPACE = " \t\u3000\xa0\u200b\ufeff"
SENTENCE_END = "。！？!?"
CLAUSE_BREAK = re.compile(r"[。！？!?；;]|[ \t\u3000\xa0]{2,}")
TAG = re.compile(r"<[^<>]{0,400}>")


def checks(doc: Document) -> bool:
    """BP rules read text: extracted text, or of a web page the article and its vicinity
    (corpus_qa.page), never its markup."""
    return bool(doc.text)


def body_start(doc: Document) -> int:
    """Skip a frontmatter block: its `- category` lines are metadata, not a link list."""
    block = doc.frontmatter
    if block is not None and block.close_end is not None:
        return block.close_end
    return 0


class LineSpans(Sequence):
    """(start, end) of each line, read-only, packed in two arrays (16 bytes a line, where a
    tuple of two ints takes some 120): a document of a million short lines stays small."""

    __slots__ = ("starts", "ends")

    def __init__(self) -> None:
        self.starts = array("q")
        self.ends = array("q")

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(zip(self.starts[index], self.ends[index]))
        return self.starts[index], self.ends[index]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return zip(self.starts, self.ends)


def lines(text: str, start: int = 0) -> LineSpans:
    """(start, end) of every non-blank line from `start`, trimmed of white space."""
    return _lines(text, start)


@lru_cache(maxsize=4)  # several BP rules ask for the same document's lines in a row
def _lines(text: str, start: int) -> LineSpans:
    out = LineSpans()
    position = start
    for match in _LINE_BREAK.finditer(text, start):
        _add_trimmed(text, position, match.start(), out)
        position = match.end()
    _add_trimmed(text, position, len(text), out)
    return out


def _add_trimmed(text: str, start: int, end: int, out: LineSpans) -> None:
    while start < end and (text[start] in SPACE or text[start] == "\n"):
        start += 1
    while end > start and (text[end - 1] in SPACE or text[end - 1] == "\n"):
        end -= 1
    if start < end:
        out.starts.append(start)
        out.ends.append(end)


def after_escaped_break(text: str, position: int) -> bool:
    """`position` follows a line break left escaped in scraped JSON (`\\n` as two characters),
    which starts a line as a real one does."""
    return text[max(0, position - 2):position] in ("\\n", "\\r")


def line_of(line_spans: LineSpans, offset: int) -> int:
    """Index of the line holding `offset` (lines are sorted and disjoint; 0 when `offset`
    comes before the first line)."""
    return max(bisect_right(line_spans.starts, offset) - 1, 0)


def visible_length(text: str, start: int, end: int) -> int:
    """Characters of a line that are not markup or white space."""
    chunk = text[start:end]
    if "<" in chunk:
        chunk = TAG.sub("", chunk)
    return len(chunk) - sum(chunk.count(c) for c in SPACE)


def clause_end(text: str, position: int, line_end: int) -> int:
    """End of the sentence that runs on from `position` (its closing mark included)."""
    match = CLAUSE_BREAK.search(text, position, line_end)
    if match is None:
        return line_end
    end = match.end() if match.group()[0] in SENTENCE_END + "；;" else match.start()
    while end < line_end and text[end] in "”’」』)）]】>》…":
        end += 1
    return end


def clause_start(text: str, position: int, line_start: int) -> int:
    """Start of the sentence that `position` is in."""
    index = position
    while index > line_start:
        char = text[index - 1]
        if char in SENTENCE_END or char in "；;\n":
            break
        if char in SPACE and index - 2 >= line_start and text[index - 2] in SPACE:
            break
        index -= 1
    while index < position and text[index] in SPACE:
        index += 1
    return index


def merge(
    spans: list[tuple[int, int, Any]], text: str, joinable: re.Pattern | None = None
) -> Iterator[tuple[int, int, list[Any]]]:
    """Join spans that overlap, touch or are separated only by `joinable` text into blocks,
    each with the infos of its spans in order."""
    spans = sorted(spans, key=lambda s: (s[0], s[1]))
    block_start = block_end = None
    evidence: list[Any] = []
    for start, end, info in spans:
        if block_end is not None and (
            start <= block_end or (joinable is not None and joinable.fullmatch(text, block_end, start))
        ):
            block_end = max(block_end, end)
            evidence.append(info)
            continue
        if block_end is not None:
            yield block_start, block_end, evidence
        block_start, block_end, evidence = start, end, [info]
    if block_end is not None:
        yield block_start, block_end, evidence


def describe(evidence: list[dict], limit: int = 3) -> str:
    """`keyword 扫描二维码, keyword 下载…客户端` from the evidence of a block, first ones first."""
    seen: list[str] = []
    for item in evidence:
        label = f"{item['kind']} {item['text']}" if item.get("text") else item["kind"]
        if label not in seen:
            seen.append(label)
    more = f" (+{len(seen) - limit} more)" if len(seen) > limit else ""
    return ", ".join(seen[:limit]) + more


def short_excerpt(text: str, limit: int = 24) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


_FULL_STOP = re.compile("[。！？]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def article_continues(text: str, position: int) -> bool:
    """Several sentences of prose still follow `position`: it sits inside the article (a
    newspaper page's own 责任编辑 line between two stories), not appended after it."""
    rest = text[position : position + 3000]
    return len(_CJK.findall(rest)) >= 300 and len(_FULL_STOP.findall(rest)) >= 4

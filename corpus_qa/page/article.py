"""Where a page's article lies in its visible text.

readability-lxml finds the main content (chosen over trafilatura, jusText and the page's own
`<article>` by `bench/extractors.py`: see the README). Its output is HTML without positions in
the page, so its text is read as a page is (`visible.py`) and each of its lines is found again
in the visible text, in order. The article is then the longest run of prose lines among those
found (lines of at least `PARAGRAPH_CHARS` characters that end a sentence somewhere, or of
twice that, and are not mostly link text), grown line by line over its neighbours that the
extract holds and are not mostly links, and back over prose the extractor left out (a lead
paragraph). When the extractor returns nothing, the longest run of prose lines of the whole
page is the article, if it holds at least `FALLBACK_ARTICLE_CHARS` characters. Headlines,
credits, headings and footers an extractor keeps at the edges stay outside the article, in
what comes before or after it, where the boilerplate rules still see them
(`corpus_qa.page.parts`). The `<title>` line is never article.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from corpus_qa.page.visible import VisibleText, visible_text

PARAGRAPH_CHARS = 20  # a line this long that ends a sentence and is mostly not link text is prose
ARTICLE_CHARS = 60  # less prose than this in all: the page has no article
FALLBACK_ARTICLE_CHARS = 200  # the same, for prose found without the extractor's help
PARAGRAPH_GAP = 1500  # visible characters between two paragraphs of one article, at most
_SPACE = re.compile(r"\s+")
_PIECE = re.compile(r"[^\s|]{4,}")
_SENTENCE_END = re.compile(r"[。！？!?；;…]")


class Article(NamedTuple):
    start: int  # offsets into the visible text, at line boundaries
    end: int


_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SECTION_TAG = re.compile(r"<(/?)section\b", re.IGNORECASE)


def extract_main_text(markup: str) -> str:
    """The page's main content by readability-lxml, as text with a line per block. Its
    `<section>` elements are read as `<div>` (readability never scores a section, and WeChat
    articles are made of them); lxml refuses an XML declaration in a str."""
    import logging

    from readability import Document as Readable  # imported late: only pages need it
    from readability.readability import Unparseable

    logging.getLogger("readability.readability").setLevel(logging.CRITICAL)  # it logs pages it cannot parse
    markup = _SECTION_TAG.sub(r"<\1div", _XML_DECLARATION.sub("", markup))
    try:
        summary = Readable(markup).summary(html_partial=True)
    except (Unparseable, ValueError, TypeError):
        return ""
    return visible_text(summary).text


def find_article(markup: str, visible: VisibleText) -> Article | None:
    text = visible.text
    if not text.strip():
        return None
    found = _found_spans(extract_main_text(markup), text, visible.body_start)
    held = _lines_holding(found, text)
    best = _longest_run([line for line in held if _is_prose(line, visible)], ARTICLE_CHARS)
    if best is None:  # the extractor found nothing, or nothing that reads as prose
        best = _longest_run([line for line in _lines(text, visible.body_start) if _is_prose(line, visible)],
                            FALLBACK_ARTICLE_CHARS)
    if best is None:
        return None
    extracted = {start for start, _ in held}
    start, end = best[0][0], best[-1][1]
    while start > visible.body_start:  # a lead, a subheading, a source line at the edge
        line = (text.rfind("\n", 0, start - 1) + 1, start - 1)
        if not (_is_prose(line, visible) or (line[0] in extracted and _mostly_unlinked(line, visible))):
            break
        start = line[0]
    while end < len(text):
        following = text.find("\n", end + 1)
        line = (end + 1, len(text) if following == -1 else following)
        if not (line[0] in extracted and _mostly_unlinked(line, visible)):
            break
        end = line[1]
    return Article(start, end)


class _Squeezed(NamedTuple):
    """Text without white space, and where each of its characters is in the original."""

    text: str
    at: list[int]


def _squeezed(text: str) -> _Squeezed:
    kept, at = [], []
    position = 0
    for match in _SPACE.finditer(text):
        kept.append(text[position:match.start()])
        at.extend(range(position, match.start()))
        position = match.end()
    kept.append(text[position:])
    at.extend(range(position, len(text)))
    return _Squeezed("".join(kept), at)


def _found_spans(extract: str, text: str, body_start: int) -> list[tuple[int, int]]:
    """Spans of the visible text that the extract's lines were found at: in order from where
    the last one was found, else anywhere; a line not found whole is looked for piece by piece
    (an extractor joins table cells and rewrites spacing)."""
    squeezed = _squeezed(text)
    spans = []
    floor = cursor = bisect_left(squeezed.at, body_start)
    for line in extract.splitlines():
        wanted = _SPACE.sub("", line)
        if len(wanted) < 2:
            continue
        pieces = [wanted] if _locate(squeezed, wanted, cursor, floor) is not None else _PIECE.findall(line)
        for piece in pieces:
            where = _locate(squeezed, piece, cursor, floor)
            if where is None:
                continue
            spans.append(where)
            cursor = max(cursor, where[2])
    return [(start, end) for start, end, _ in spans]


def _locate(squeezed: _Squeezed, wanted: str, cursor: int, floor: int) -> tuple[int, int, int] | None:
    at = squeezed.text.find(wanted, cursor)
    if at == -1:
        at = squeezed.text.find(wanted, floor)
    if at == -1:
        return None
    end = at + len(wanted)
    return squeezed.at[at], squeezed.at[end - 1] + 1, end


def _lines_holding(found: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """The visible lines (start, end) holding found text, in order."""
    lines: dict[int, int] = {}  # line start -> line end
    for start, _ in found:
        line_start = text.rfind("\n", 0, start) + 1
        if line_start not in lines:
            line_end = text.find("\n", start)
            lines[line_start] = len(text) if line_end == -1 else line_end
    return sorted(lines.items())


def _is_prose(line: tuple[int, int], visible: VisibleText) -> bool:
    start, end = line
    text = visible.text
    content = end - start - text.count(" ", start, end)
    return (content >= PARAGRAPH_CHARS
            and (content >= 2 * PARAGRAPH_CHARS or _SENTENCE_END.search(text, start, end) is not None)
            and _mostly_unlinked(line, visible))


def _mostly_unlinked(line: tuple[int, int], visible: VisibleText) -> bool:
    start, end = line
    return sum(visible.linked[start:end]) * 2 < end - start


def _longest_run(lines: list[tuple[int, int]], least: int) -> list[tuple[int, int]] | None:
    """The run of lines (apart by at most PARAGRAPH_GAP characters) with the most text, if
    it has at least `least` characters."""
    runs: list[list[tuple[int, int]]] = []
    for line in lines:
        if runs and line[0] - runs[-1][-1][1] <= PARAGRAPH_GAP:
            runs[-1].append(line)
        else:
            runs.append([line])
    best = max(runs, key=lambda run: sum(end - start for start, end in run), default=None)
    if best is None or sum(end - start for start, end in best) < least:
        return None
    return best


def _lines(text: str, start: int) -> list[tuple[int, int]]:
    out = []
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        out.append((start, end))
        start = end + 1
    return out

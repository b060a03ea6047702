"""The parts of a page that rules read, each a Document placed in the page (see __init__)."""

from __future__ import annotations

from typing import NamedTuple

from corpus_qa.model import DecodeLoss, Document, Placement
from corpus_qa.page.article import Article, find_article
from corpus_qa.page.visible import VisibleText, visible_text

MARKUP, VISIBLE, VICINITY, ARTICLE = "markup", "visible", "vicinity", "article"
PARTS = (MARKUP, VISIBLE, VICINITY, ARTICLE)

# How far the vicinity reaches from the article, in visible lines and characters: far enough
# for what sites append (a credit, a QR-code promo, a share bar, the heading of a related
# list), short of the menus and footers around it.
LINES_BEFORE, CHARS_BEFORE = 4, 300
LINES_AFTER, CHARS_AFTER = 12, 600


class PageReading(NamedTuple):
    """What is learnt of a page once: its visible text and where its article and the
    article's vicinity are in it (visible-text offsets; None: no article)."""

    visible: VisibleText
    article: Article | None
    vicinity: tuple[int, int] | None


def read_page(markup: str) -> PageReading:
    visible = visible_text(markup)
    article = find_article(markup, visible)
    if article is None:
        return PageReading(visible, None, None)
    text = visible.text
    start = article.start
    for _ in range(LINES_BEFORE):
        previous = text.rfind("\n", 0, start - 1) + 1 if start > 0 else 0
        if start <= visible.body_start or article.start - previous > CHARS_BEFORE:
            break
        start = previous
    end = article.end
    for _ in range(LINES_AFTER):
        following = text.find("\n", end + 1)
        following = len(text) if following == -1 else following
        if end >= len(text) or following - article.end > CHARS_AFTER:
            break
        end = following
    return PageReading(visible, article, (start, end))


def view(page: Document, part: str) -> Document:
    """The Document of one part of a page (`page.part(part)` caches it)."""
    reading = page.page
    if part == VISIBLE:
        span = (0, len(reading.visible.text))
    elif part == VICINITY:
        span = reading.vicinity or (0, 0)
    elif part == ARTICLE:
        span = (reading.article.start, reading.article.end) if reading.article else (0, 0)
    else:
        raise ValueError(f"unknown page part {part!r} (one of {', '.join(PARTS)})")
    return piece(page, *span)


def chrome(reading: PageReading) -> list[tuple[int, int]]:
    """The spans of visible text outside the article's vicinity: the page's chrome (menus,
    sidebars, footers); the whole page when it has no article. The `<title>` line is not
    chrome: it stands in the page's head, far from the body text after it."""
    body, size = reading.visible.body_start, len(reading.visible.text)
    if reading.vicinity is None:
        return [(body, size)] if size > body else []
    start, end = reading.vicinity
    return [(a, b) for a, b in ((body, start), (end, size)) if b > a]


def piece(page: Document, start: int, end: int) -> Document:
    """The Document of the visible text start..end of a page, placed in the page."""
    visible = page.page.visible
    text = visible.text[start:end]
    losses: tuple[DecodeLoss, ...] = ()
    if page.losses:  # a lost byte in the markup is no loss of the text
        lost_at = {loss.offset: loss for loss in page.losses}
        losses = tuple(DecodeLoss(i - start, lost_at[visible.starts[i]].raw)
                       for i in range(start, end) if text[i - start] == "\ufffd" and visible.starts[i] in lost_at)
    return Document(
        id=page.id, text=text, raw=page.raw, encoding=page.encoding, encoding_confidence=page.encoding_confidence,
        losses=losses, bom=page.bom, format=page.format, source=page.source, source_line=page.source_line,
        source_offset=page.source_offset, meta=page.meta,
        placement=Placement(page, visible.starts[start:end], visible.ends[start:end]),
    )

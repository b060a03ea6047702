"""What of a document duplicate detection compares: its body without frontmatter and markup,
its paragraphs (with offsets into the real text), and the title and source URL it declares."""

from __future__ import annotations

import html
import re
from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Iterator, NamedTuple
from urllib.parse import parse_qsl, urlencode, urlsplit

import numpy as np

from corpus_qa.model import Document
from corpus_qa.text.normalise import hash_form

_INVISIBLE_BLOCK = re.compile(r"<(style|script)\b[^>]*>.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")
_URL = re.compile(r"(?:https?:)?//[\x21-\x7e]+")
_ESCAPED_BREAK = re.compile(r"\\[nrt]")
_PARAGRAPH_BREAK = re.compile(
    r"<(style|script)\b[^>]*>.*?</\1\s*>|<!--.*?-->"
    r"|</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|table|tbody|thead|tfoot|section|article|header|footer|nav|aside"
    r"|dl|dt|dd|blockquote|pre|hr|figure|figcaption|center|form|iframe)\b[^<>]*>"
    r"|\r\n|[\n\r\u2028\u2029]|\\[nr]",
    re.IGNORECASE | re.DOTALL,
)
_LEADING_JUNK = re.compile(r"(?:\s|<[^<>]*>)+")

TITLE_KEYS = ("title", "headline", "标题")
URL_KEYS = ("url", "link", "source_url", "sourceurl", "source-url", "original_url", "origin_url", "canonical_url",
            "canonical", "permalink", "article_url", "page_url", "href", "原文链接", "链接")


def body_start(doc: Document) -> int:
    """Where the text after a closed frontmatter block begins (0 when there is none)."""
    block = doc.frontmatter
    return block.close_end if block is not None and block.close_end is not None else 0


def strip_markup(text: str) -> str:
    """Text without HTML comments, style/script blocks, tags, entities, URLs and escaped line
    breaks left by scrapers (`\\n` as two characters), for comparing only."""
    if "<" in text:
        text = _TAG.sub("", _INVISIBLE_BLOCK.sub("", text))
    if "&" in text:
        text = html.unescape(text)
    if "//" in text:
        text = _URL.sub("", text)
    if "\\" in text:
        text = _ESCAPED_BREAK.sub("", text)
    return text


def comparable_form(text: str) -> str:
    """The form exact and near-duplicate detection compare: each paragraph's markup stripped,
    then hash_form, joined. (Paragraph breaks are markup and white space, which the form
    drops anyway; building it from the paragraphs lets one pass serve both.)"""
    return paragraphs(text).forms


class Paragraph(NamedTuple):
    start: int  # first visible character (leading blanks, indents and tags skipped)
    end: int
    form: str  # hash_form of the paragraph without its markup


class Segments(Sequence):
    """Spans of a text (paragraphs, sentences), each with the hash_form of its text, packed:
    offsets in arrays and the forms concatenated, some 24 bytes a span plus its form, where
    a Paragraph object with its ints and string takes some 220. A document of a million
    short lines stays small. Indexing gives a Paragraph, made on the spot."""

    __slots__ = ("starts", "ends", "bounds", "forms")

    def __init__(self) -> None:
        self.starts = array("q")
        self.ends = array("q")
        self.bounds = array("q", [0])  # form i is forms[bounds[i]:bounds[i + 1]]
        self.forms = ""

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        return Paragraph(self.starts[index], self.ends[index], self.forms[self.bounds[index] : self.bounds[index + 1]])

    def __iter__(self) -> Iterator[Paragraph]:
        forms, bounds = self.forms, self.bounds
        for index, (start, end) in enumerate(zip(self.starts, self.ends)):
            yield Paragraph(start, end, forms[bounds[index] : bounds[index + 1]])

    def form(self, index: int) -> str:
        return self.forms[self.bounds[index] : self.bounds[index + 1]]

    def form_length(self, index: int) -> int:
        return self.bounds[index + 1] - self.bounds[index]

    def spans(self) -> Iterator[tuple[int, int]]:
        """(start, end) of each span, without making its form."""
        return zip(self.starts, self.ends)

    def form_lengths(self) -> np.ndarray:
        """The length of each form (int64)."""
        return np.diff(np.frombuffer(self.bounds, dtype=np.int64))

    def at_least(self, chars: int) -> list[int]:
        """Indices of the spans whose form holds at least `chars` characters, in order."""
        return np.flatnonzero(self.form_lengths() >= chars).tolist()


class SegmentPacker:
    """Builds Segments from (start, end, text without markup) pieces, normalising them a batch
    at a time (one hash_form call per batch; a piece whose form is empty is left out), so no
    per-piece object outlives its batch."""

    BATCH = 4096

    def __init__(self) -> None:
        self.segments = Segments()
        self._spans: list[tuple[int, int]] = []
        self._pieces: list[str] = []
        self._forms: list[str] = []  # the forms of each batch, joined

    def add(self, start: int, end: int, piece: str) -> None:
        self._spans.append((start, end))
        self._pieces.append(piece)
        if len(self._pieces) >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        segments, kept = self.segments, []
        total = segments.bounds[-1]
        for (start, end), form in zip(self._spans, hash_forms(self._pieces)):
            if form:
                segments.starts.append(start)
                segments.ends.append(end)
                total += len(form)
                segments.bounds.append(total)
                kept.append(form)
        self._forms.append("".join(kept))
        self._spans, self._pieces = [], []

    def done(self) -> Segments:
        self._flush()
        self.segments.forms = "".join(self._forms)
        self._forms = []
        return self.segments


def paragraphs(text: str, start: int = 0) -> Segments:
    """Every non-empty paragraph of text[start:], split at line ends, escaped `\\n`,
    block-level HTML tags and style/script blocks, so `<p>a</p><p>b</p>` on one line is two
    paragraphs."""
    packer = SegmentPacker()
    position = start
    for match in _PARAGRAPH_BREAK.finditer(text, start):
        _add_segment(text, position, match.start(), packer)
        position = match.end()
    _add_segment(text, position, len(text), packer)
    return packer.done()


def hash_forms(pieces: list[str]) -> list[str]:
    """hash_form of each piece, in one normalisation for them all: NUL (dropped from the
    pieces; the readers refuse it in a document's text anyway) survives hash_form unchanged
    and joins with nothing under NFKC, so it separates the pieces' forms."""
    if not pieces:
        return []
    joined = "\x00".join(piece.replace("\x00", "") if "\x00" in piece else piece for piece in pieces)
    return hash_form(joined).split("\x00")


def _add_segment(text: str, start: int, end: int, packer: SegmentPacker) -> None:
    lead = _LEADING_JUNK.match(text, start, end)
    if lead:
        start = lead.end()
    if start >= end:
        return
    end = start + _trimmed_length(text[start:end])
    piece = strip_markup(text[start:end])
    if piece:
        packer.add(start, end, piece)


def _trimmed_length(segment: str) -> int:
    """Length of segment without trailing white space and tags."""
    kept = segment.rstrip()
    while kept.endswith(">"):
        opening = kept.rfind("<")
        if opening == -1 or kept.find(">", opening) != len(kept) - 1:
            break
        kept = kept[:opening].rstrip()
    return len(kept)


@dataclass(frozen=True)
class Declared:
    """A title or URL the document declares: its comparison key, its value, and where it is
    in the text (None when it came from a JSONL record's other fields)."""

    key: str
    value: str
    span: tuple[int, int] | None


def declared(doc: Document, min_title_chars: int = 4) -> tuple[Declared | None, Declared | None]:
    """(title, source URL) the document declares: in its frontmatter (which wins) or, for a
    JSONL record, in its other fields. A title with fewer than min_title_chars letters,
    digits or ideographs (`title: ' '`, `。`) and a URL that is not a web URL are left out."""
    fields = _fields(doc)
    title = url = None
    for name in TITLE_KEYS:
        if name in fields:
            value, span = fields[name]
            key = hash_form(value)
            if sum(ch.isalnum() for ch in key) >= min_title_chars:
                title = Declared(key, value, span)
            break
    for name in URL_KEYS:  # in order of preference
        if name in fields:
            key = url_key(fields[name][0])
            if key:
                url = Declared(key, *fields[name])
                break
    return title, url


def _fields(doc: Document) -> dict[str, tuple[str, tuple[int, int] | None]]:
    fields: dict[str, tuple[str, tuple[int, int] | None]] = {}
    block = doc.frontmatter
    if block is not None and block.close_end is not None:
        for name, value, span in _frontmatter_scalars(doc.text, block.yaml_start, block.yaml_end):
            fields.setdefault(name.lower(), (value, span))
    for name, value in doc.meta.items():
        if isinstance(value, str) and value.strip():
            fields.setdefault(name.lower(), (value.strip(), None))
    return fields


def url_key(url: str) -> str | None:
    """A source URL in the form two copies of one page share: no scheme, no `www.`, no
    fragment, no tracking parameters, no trailing slash; None when it is not a web URL."""
    url = url.strip()
    if not re.match(r"(?:https?:)?//[^/\s]+\.[^/\s]", url, re.IGNORECASE):
        return None
    parts = urlsplit(url if "://" in url else "http:" + url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    if not host:
        return None
    query = urlencode(sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                             if not k.lower().startswith(("utm_", "spm", "from"))))
    path = parts.path.rstrip("/")
    return f"{host}{path}" + (f"?{query}" if query else "")


_SCALAR_LINE = re.compile(r"^([A-Za-z_\u4e00-\u9fff][\w\u4e00-\u9fff-]*)[ \t]*:[ \t]*(.*?)[ \t]*\r?$", re.MULTILINE)


def _frontmatter_scalars(text: str, start: int, end: int):
    """(key, value, value offsets into text) of each top-level one-line `key: value` of the
    YAML block, read without a YAML parser (a regular expression is enough for the scalars
    compared here, and costs nothing)."""
    for match in _SCALAR_LINE.finditer(text, start, end):
        raw = match.group(2)
        begin, finish = match.span(2)
        if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "'\"":
            begin, finish = begin + 1, finish - 1
            value = raw[1:-1].replace("''", "'") if raw[0] == "'" else raw[1:-1]
        else:
            value = re.sub(r"\s+#.*$", "", raw)
            finish = begin + len(value)
        if value.strip():
            yield match.group(1), value.strip(), (begin, finish)

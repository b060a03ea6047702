"""The small frozen types that flow through corpus-qa: documents, hits, findings."""

from __future__ import annotations

import bisect
import enum
import hashlib
import unicodedata
from array import array
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable


class Severity(enum.IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self._name_.lower()

    def __reduce_ex__(self, protocol):
        # by name: unpickling a cached result then looks the member up instead of calling
        # Enum's much slower Severity(value) for every finding
        return f"{type(self).__qualname__}.{self._name_}"

    @classmethod
    def parse(cls, value: str) -> "Severity":
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (expected error, warning or info)") from None


class Category(str, enum.Enum):
    ENCODING = "encoding"
    BOILERPLATE = "boilerplate"
    DUPLICATE = "duplicate"
    FRONTMATTER = "frontmatter"


@dataclass(frozen=True)
class DecodeLoss:
    """Bytes the decoder could not map; the text holds one U+FFFD at `offset` in their place."""

    offset: int
    raw: bytes


@dataclass(frozen=True, eq=False)
class Placement:
    """Where a part of a page lies in the page (corpus_qa.page): character i of the part
    stands for `page.text[starts[i]:ends[i]]` (a line break the part adds: an empty span)."""

    page: "Document"
    starts: array
    ends: array

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The page's span for the part's span start..end (end == start: a position)."""
        size = len(self.starts)
        if size == 0:
            return 0, 0
        page_start = self.starts[start] if start < size else self.ends[size - 1]
        page_end = self.ends[end - 1] if end > start else page_start
        return page_start, max(page_start, page_end)


@dataclass(frozen=True, eq=False)
class Document:
    """One document: its decoded text plus what was learnt while reading its bytes.

    `raw` is kept so encoding rules can re-examine the bytes; `problem` is set when the
    bytes could not be turned into text at all (then `text` is empty).
    """

    id: str
    text: str
    raw: bytes | None = None
    encoding: str = "utf-8"
    encoding_confidence: float = 1.0
    losses: tuple[DecodeLoss, ...] = ()
    bom: bool = False  # the bytes began with a byte-order mark (not part of `text`)
    format: str = "text"  # text | markdown | html | record
    source: str = ""  # the file the document came from, as displayed
    source_line: int | None = None  # JSONL line (Parquet row) of the record, 1-based
    source_offset: int | None = None  # byte offset of the record's line in the (uncompressed) JSONL
    problem: str | None = None  # unreadable | empty | binary | oversized
    problem_detail: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    # set on a part of a page (corpus_qa.page): the page, and where each character lies in it
    placement: Placement | None = None

    @cached_property
    def line_starts(self) -> array:
        """Offset of each line's first character: a compact array (8 bytes a line, where a
        list of ints takes some 36), for a document of a million short lines."""
        starts = array("q", [0])
        find = self.text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        return starts

    @cached_property
    def frontmatter(self):
        from corpus_qa.text.frontmatter import find_frontmatter

        return find_frontmatter(self.text)

    @cached_property
    def frontmatter_parsed(self):
        """The frontmatter's YAML with positions, or None when there is no closed block."""
        from corpus_qa.text.frontmatter import parse_frontmatter

        block = self.frontmatter
        return parse_frontmatter(self.text, block) if block is not None and block.close_end is not None else None

    @cached_property
    def page(self):
        """An HTML page's visible text and article (corpus_qa.page.PageReading), read once;
        None for any other document."""
        if self.format != "html" or self.placement is not None or not self.text:
            return None
        from corpus_qa.page import read_page

        return read_page(self.text)

    def part(self, name: str) -> "Document":
        """The part of a page a rule reads (corpus_qa.page: markup, visible, vicinity,
        article), made once; a document that is not a page is each of its parts."""
        if self.page is None or name == "markup":
            return self
        made = self._parts.get(name)
        if made is None:
            from corpus_qa.page import view

            made = self._parts[name] = view(self, name)
        return made

    @cached_property
    def _parts(self) -> dict[str, "Document"]:
        return {}

    def analysis(self, make: Callable[..., Any], *args: Any) -> Any:
        """`make(self, *args)`, worked out once for this document: rules that read the same
        analysis of a text (DUP003 and the duplicate fingerprint split the same paragraphs)
        share it through the document. `args` must be hashable (settings, not texts)."""
        key = (make, args)
        made = self._analyses
        if key not in made:
            made[key] = make(self, *args)
        return made[key]

    @cached_property
    def _analyses(self) -> dict:
        return {}

    def locate(self, start: int, end: int) -> tuple[int, int, int, int, int, int, str]:
        """(start, end, line, column, end line, end column, excerpt) of a span, in the text
        findings point into: this document's, or for a part of a page, the page's."""
        doc, start, end = self._in_source(start, end)
        return (start, end, *doc.position(start), *doc.position(end), doc.text[start:end])

    def span_position(self, start: int, end: int) -> tuple[int, int, int, int]:
        """(line, column, end line, end column) of a span, as locate gives them, without the
        excerpt (for a rule that keeps positions of every line)."""
        doc, start, end = self._in_source(start, end)
        return (*doc.position(start), *doc.position(end))

    def _in_source(self, start: int, end: int) -> tuple["Document", int, int]:
        if self.placement is None:
            return self, start, end
        return (self.placement.page, *self.placement.span(start, end))

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a character offset; columns count code points. For a
        part of a page, the position in the page: where a finding's reader looks."""
        if self.placement is not None:
            return self.placement.page.position(self.placement.span(offset, offset)[0])
        line_index = bisect.bisect_right(self.line_starts, offset) - 1
        return line_index + 1, offset - self.line_starts[line_index] + 1

    def line_span(self, line: int) -> tuple[int, int]:
        """Character offsets of a 1-based line, without its newline."""
        starts = self.line_starts
        start = starts[line - 1]
        end = starts[line] - 1 if line < len(starts) else len(self.text)
        return start, end


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] by `replacement` (offsets into the text the rule read)."""

    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class Fix:
    """A repair a rule offers with its hit: edits applied all together or not at all.

    `safe`: meaning-preserving and verified, applied by `corpus-qa fix` by default; an unsafe
    fix removes content or guesses, and is applied only with --unsafe-fixes."""

    edits: tuple[Edit, ...]
    safe: bool
    summary: str  # what it does, for the diff's reader: "remove the pinyin annotations"

    def to_dict(self) -> dict[str, Any]:
        return {"applicability": "safe" if self.safe else "unsafe", "summary": self.summary,
                "edits": [{"start": e.start, "end": e.end, "replacement": e.replacement} for e in self.edits]}


@dataclass(frozen=True)
class Hit:
    """What a rule reports: a span of the document text and the evidence."""

    start: int
    end: int
    message: str
    data: dict[str, Any] | None = None  # structured evidence (cluster id, members, ...)
    fix: Fix | None = None  # the repair, where the rule knows one


@dataclass(frozen=True)
class Finding:
    rule: str
    name: str
    category: str
    severity: Severity
    document: str
    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    message: str
    excerpt: str
    fingerprint: str
    data: dict[str, Any] | None = None
    fix: Fix | None = None

    def sort_key(self) -> tuple:
        return (self.start, self.end, self.rule, self.message)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract's finding: the fields in declaration order, the severity as its
        label, `data` and `fix` only when there are some (a copy of __dict__: a large run has
        many)."""
        out = self.__dict__.copy()
        out["severity"] = self.severity.label
        if not self.data:
            del out["data"]
        if self.fix is None:
            del out["fix"]
        else:
            out["fix"] = self.fix.to_dict()
        return out


def normalise_for_fingerprint(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).split())


def fingerprint(rule: str, document: str, matched: str, occurrence: int) -> str:
    """Stable across unrelated edits: rule + document + matched text, never a line number.

    `occurrence` tells apart identical matches inside one document (the n-th `，，`).
    """
    key = "\x1f".join((rule, document, normalise_for_fingerprint(matched), str(occurrence)))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]

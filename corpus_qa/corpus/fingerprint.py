"""Per-document duplicate evidence, computed where the text is (a worker) and small enough to
send to the main process: hashes, a MinHash signature, and pre-located spans to report.

Nothing here holds the document text. Spans are kept as plain tuples and turned into
`Located` only when a finding is made; a paragraph's reported span is its opening (at most
PARAGRAPH_SPAN characters), so memory grows with the number of paragraphs, not their length.
"""

from __future__ import annotations

import hashlib
from typing import Callable, NamedTuple

import numpy as np

from corpus_qa.corpus import content
from corpus_qa.corpus.minhash import MinHasher, sketch_of
from corpus_qa.corpus.settings import DuplicateSettings
from corpus_qa.model import Document
from corpus_qa.text.normalise import first_content_line

PARAGRAPH_SPAN = 40
WHOLE_DOCUMENT_SPAN = 50

# (start, end, line, column, end_line, end_column, excerpt): the fields of rules.base.Located
Span = tuple


class Paragraphs(NamedTuple):
    """The paragraphs long enough to compare, packed: one uint64 hash, one row of int32
    (start, opening end, paragraph end, line, column, end line, end column) and one
    opening excerpt per paragraph (concatenated: each is opening end - start long)."""

    hashes: bytes
    spans: bytes
    openings: str

    def __len__(self) -> int:
        return len(self.hashes) // 8

    def hash_array(self) -> np.ndarray:
        return np.frombuffer(self.hashes, dtype=np.uint64)

    def opening(self, index: int) -> tuple[Span, int]:
        """(span of the paragraph's opening, offset where the whole paragraph ends)."""
        rows = np.frombuffer(self.spans, dtype=np.int32).reshape(-1, 7)
        start, opening_end, paragraph_end, line, column, end_line, end_column = (int(v) for v in rows[index])
        offset = int((rows[:index, 1] - rows[:index, 0]).sum())
        excerpt = self.openings[offset : offset + opening_end - start]
        return (start, opening_end, line, column, end_line, end_column, excerpt), paragraph_end


class DeclaredAt(NamedTuple):
    key: str  # the comparison key (normalised title, canonical URL)
    value: str
    where: Span


class DocumentFingerprint(NamedTuple):
    digest: bytes | None  # of the comparable form; None when it is empty
    chars: int  # length of the comparable form
    shingles: int  # distinct shingles behind the signature (0: no signature)
    signature: bytes | None  # uint32 x permutations; None below near_min_chars
    where: Span  # a whole-document finding points here (first content line of the body)
    paragraphs: Paragraphs
    title: DeclaredAt | None
    url: DeclaredAt | None
    sketch: bytes | None = None  # uint32 x up to SKETCH_SIZE, sorted (minhash.sketch_of); None with no signature

    def signature_array(self) -> np.ndarray:
        return np.frombuffer(self.signature, dtype=np.uint32)

    def sketch_array(self) -> np.ndarray | None:
        return np.frombuffer(self.sketch, dtype=np.uint32) if self.sketch is not None else None


def span_of(doc: Document, start: int, end: int) -> Span:
    return doc.locate(start, end)


def paragraph_hash(form: str) -> int:
    return int.from_bytes(hashlib.blake2b(form.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def fingerprint_document(
    doc: Document,
    settings: DuplicateSettings,
    hasher: MinHasher | None = None,
    is_boilerplate: Callable[[str, str], bool] | None = None,
    body_paragraphs: content.Segments | None = None,
) -> DocumentFingerprint:
    """`is_boilerplate(paragraph text, its normalised form)` true leaves a paragraph out of
    the paragraph hashes (it still counts for the whole-document comparison);
    `body_paragraphs`, when the caller already has them, saves splitting the text again."""
    hasher = hasher or MinHasher(settings.minhash)
    text = doc.text
    body = content.body_start(doc)
    hashes, rows, openings = [], [], []
    if body_paragraphs is None:
        body_paragraphs = content.paragraphs(text, body)
    compared = body_paragraphs.at_least(settings.paragraph_min_chars)
    starts, ends = body_paragraphs.starts, body_paragraphs.ends
    for index in compared:
        paragraph_start, paragraph_end, form = starts[index], ends[index], body_paragraphs.form(index)
        if is_boilerplate is not None and is_boilerplate(text[paragraph_start:paragraph_end], form):
            continue
        start, end, line, column, end_line, end_column, excerpt = span_of(
            doc, paragraph_start, min(paragraph_end, paragraph_start + PARAGRAPH_SPAN))
        if doc.placement is not None:  # a part of a page: where the paragraph ends in the page
            paragraph_end = doc.placement.span(paragraph_start, paragraph_end)[1]
        hashes.append(paragraph_hash(form))
        rows.append((start, end, paragraph_end, line, column, end_line, end_column))
        openings.append(excerpt)
    form = body_paragraphs.forms
    digest = hashlib.blake2b(form.encode("utf-8", "surrogatepass"), digest_size=16).digest() if form else None
    shingles, signature, sketch = 0, None, None
    if len(form) >= settings.near_min_chars:
        shingled = hasher.shingle_hashes(form)
        shingles, signature = len(shingled), hasher.signature_of_hashes(shingled).tobytes()
        sketch = sketch_of(shingled).tobytes()
    where = span_of(doc, *first_content_line(text, WHOLE_DOCUMENT_SPAN, body))
    packed = Paragraphs(
        np.array(hashes, dtype=np.uint64).tobytes(),
        np.array(rows, dtype=np.int32).tobytes(),
        "".join(openings),
    )
    title, url = content.declared(doc)
    return DocumentFingerprint(
        digest, len(form), shingles, signature, where, packed, _declared(doc, title, where), _declared(doc, url, where),
        sketch,
    )


def _declared(doc: Document, found: content.Declared | None, fallback: Span) -> DeclaredAt | None:
    if found is None:
        return None
    where = span_of(doc, *found.span) if found.span is not None else fallback
    return DeclaredAt(found.key, found.value[:200], where)

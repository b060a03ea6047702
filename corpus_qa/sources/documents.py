"""Turn raw bytes (a file, a record's text) into a Document, never raising on bad input."""

from __future__ import annotations

import re
from pathlib import Path

from corpus_qa.model import DecodeLoss, Document
from corpus_qa.sources.decode import decode, looks_binary

_SURROGATE = re.compile("[\ud800-\udfff]")
FORMAT_BY_SUFFIX = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}


def _human_size(size: int) -> str:
    for unit in ("B", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    raise AssertionError


def _oversized(size: int, max_bytes: int) -> str:
    return f"{_human_size(size)} is over the {_human_size(max_bytes)} limit (max-file-size)"


def problem_document(doc_id: str, problem: str, detail: str, **fields) -> Document:
    return Document(id=doc_id, text="", problem=problem, problem_detail=detail, **fields)


def document_from_bytes(doc_id: str, raw: bytes, *, max_bytes: int, **fields) -> Document:
    if len(raw) > max_bytes:
        return problem_document(doc_id, "oversized", _oversized(len(raw), max_bytes), **fields)
    if not raw.strip():
        detail = "the document is empty" if not raw else "the document holds only white space"
        return problem_document(doc_id, "empty", detail, raw=raw, **fields)
    if looks_binary(raw):
        first_nul = raw.index(b"\x00")
        detail = f"NUL byte at byte offset {first_nul}: binary data, not text"
        return problem_document(doc_id, "binary", detail, **fields)
    decoded = decode(raw)
    return Document(
        id=doc_id,
        text=decoded.text,
        raw=raw,
        encoding=decoded.encoding,
        encoding_confidence=decoded.confidence,
        losses=decoded.losses,
        bom=decoded.bom,
        **fields,
    )


def document_from_file(path: Path, doc_id: str, *, max_bytes: int) -> Document:
    fields = {"source": path.as_posix(), "format": FORMAT_BY_SUFFIX.get(path.suffix.lower(), "text")}
    try:
        size = path.stat().st_size
        if size > max_bytes:  # do not read a 10 GB file only to refuse it
            return problem_document(doc_id, "oversized", _oversized(size, max_bytes), **fields)
        raw = path.read_bytes()
    except OSError as error:
        return problem_document(doc_id, "unreadable", f"cannot read: {error.strerror or error}", **fields)
    return document_from_bytes(doc_id, raw, max_bytes=max_bytes, **fields)


def document_from_record_text(doc_id: str, text: str, *, max_bytes: int, **fields) -> Document:
    """A JSONL/Parquet record's text arrives decoded; only lone surrogates (bad \\u escapes) are lost."""
    fields["format"] = "record"
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > max_bytes:
        return problem_document(doc_id, "oversized", _oversized(size, max_bytes), **fields)
    if not text.strip():
        detail = "the record's text is empty" if not text else "the record's text is only white space"
        return problem_document(doc_id, "empty", detail, **fields)
    if "\x00" in text:
        return problem_document(doc_id, "binary", f"NUL character at offset {text.index(chr(0))}", **fields)
    losses: tuple[DecodeLoss, ...] = ()
    if _SURROGATE.search(text):
        losses = tuple(
            DecodeLoss(m.start(), m.group().encode("utf-8", errors="surrogatepass"))
            for m in _SURROGATE.finditer(text)
        )
        text = _SURROGATE.sub("\ufffd", text)
    return Document(id=doc_id, text=text, encoding="utf-8", losses=losses, **fields)

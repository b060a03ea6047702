"""Turn raw bytes (a file, a record's text) into a Document, never raising on bad input."""

from __future__ import annotations

import re
from pathlib import Path

from corpus_qa.model import DecodeLoss, Document
from corpus_qa.sources.decode import decode, looks_binary

_SURROGATE = re.compile("[\ud800-\udfff]")
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")  # control characters, lone surrogates
_ESCAPED = re.compile(r"\\x([0-9a-f]{2})|\\u([0-9a-f]{4})")


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x20 or code == 0x7F or 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code & 0xFF:02x}"  # a control byte, or an undecodable byte of a file name
    return f"\\u{code:04x}"  # a C1 control, a lone surrogate from a JSON \u escape


def printable_path(path: str) -> str:
    """A file name as text every output can write: each byte that is not valid UTF-8
    (Python's surrogateescape character) or control character is shown as `\\xNN`
    (`caf\\xe9.txt`). Names of valid, printable UTF-8 come back unchanged."""
    return _UNPRINTABLE.sub(lambda match: _escape(match.group()), path) if _UNPRINTABLE.search(path) else path


def printable_text(text: str) -> str:
    """An id or name from a record as text every output (JSON, HTML, fingerprints) can
    write: a lone surrogate is shown as `\\ud800`, a control character as `\\x0a`."""
    if not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda match: f"\\u{ord(match.group()):04x}" if _SURROGATE.match(match.group())
                            else _escape(match.group()), text)


def path_from_printable(shown: str) -> str:
    """The real path behind printable_path's escapes (for reading a document again)."""

    def unescape(match: re.Match[str]) -> str:
        if match.group(1) is not None:
            code = int(match.group(1), 16)
            return chr(code if code < 0x80 else 0xDC00 + code)
        return chr(int(match.group(2), 16))

    return _ESCAPED.sub(unescape, shown)


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
    fields = {"source": printable_path(path.as_posix()), "format": FORMAT_BY_SUFFIX.get(path.suffix.lower(), "text")}
    try:
        size = path.stat().st_size
        if size > max_bytes:  # do not read a 10 GB file only to refuse it
            return problem_document(doc_id, "oversized", _oversized(size, max_bytes), **fields)
        raw = path.read_bytes()
    except OSError as error:
        return problem_document(doc_id, "unreadable", f"cannot read: {error.strerror or error}", **fields)
    return document_from_bytes(doc_id, raw, max_bytes=max_bytes, **fields)


_PAGE_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b", re.IGNORECASE | re.DOTALL)


def is_html_page(text: str) -> bool:
    """Whether a record's text is a whole web page (`<!DOCTYPE html>` or `<html>` first)."""
    return _PAGE_START.match(text[:2000]) is not None


def document_from_record_text(doc_id: str, text: str, *, max_bytes: int, **fields) -> Document:
    """A JSONL/Parquet record's text arrives decoded; only lone surrogates (bad \\u escapes) are lost.
    A record that holds a whole web page is read as a page (format html)."""
    fields["format"] = "html" if is_html_page(text) else "record"
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

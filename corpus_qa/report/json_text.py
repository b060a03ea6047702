"""JSON text for the renderers: orjson, about ten times faster than the standard library on
a large run's findings, with the standard library for the rare value orjson refuses (a lone
surrogate, an integer beyond 64 bits) so every run still gets its output."""

from __future__ import annotations

import itertools
import json
from typing import Any, Iterator, TextIO

import orjson

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY


def dumps(value: Any, *, indent: bool = False) -> str:
    """`value` as JSON text, non-ASCII kept as is; compact unless `indent` (two spaces)."""
    try:
        return _orjson(value, indent).decode("utf-8")
    except orjson.JSONEncodeError:
        return _standard(value, indent)


def write(value: Any, out: TextIO) -> None:
    """`value` as indented JSON and a final newline; as bytes where the stream has a buffer
    (decoding and re-encoding a large run's output would take longer than encoding it)."""
    writer = _Writer(out)
    writer.write(_encoded(value, True) + b"\n")
    writer.close()


def write_with_arrays(value: dict[str, Any], arrays: dict[str, Iterator[Any]], out: TextIO, *, chunk: int) -> None:
    """Write `value` as indented JSON, with the top-level keys in `arrays` holding the arrays
    of what their iterators yield, rendered `chunk` items at a time: the bytes are those of
    the whole object indented at once, without the whole of it in memory."""
    frame = dumps({key: f"\x00{key}\x00" if key in arrays else item for key, item in value.items()}, indent=True)
    writer = _Writer(out)
    for key, items in arrays.items():
        needle = f'\n  {dumps(key)}: {dumps(chr(0) + key + chr(0))}'
        before, found, frame = frame.partition(needle)
        if not found:
            raise ValueError(f"{key!r} is not a key of the object")
        writer.write(f"{before}\n  {dumps(key)}: ".encode("utf-8"))
        _write_array(writer, items, chunk)
    writer.write(frame.encode("utf-8") + b"\n")
    writer.close()


def _write_array(writer: "_Writer", items: Iterator[Any], chunk: int) -> None:
    """An array as the value of a top-level key: its items indented by four spaces."""
    first = True
    while True:
        part = list(itertools.islice(items, chunk))
        if not part:
            break
        text = _encoded(part, True)  # b"[\n  item,\n  item\n]": one level too shallow
        body = text[2:-2].replace(b"\n", b"\n  ")
        writer.write((b"[\n  " if first else b",\n  ") + body)
        first = False
    writer.write(b"[]" if first else b"\n  ]")


class _Writer:
    """Bytes to a text stream's binary buffer when it has one, else decoded text."""

    def __init__(self, out: TextIO):
        self.out = out
        self.buffer = getattr(out, "buffer", None)
        if self.buffer is not None:
            out.flush()

    def write(self, data: bytes) -> None:
        if self.buffer is not None:
            self.buffer.write(data)
        else:
            self.out.write(data.decode("utf-8"))

    def close(self) -> None:
        if self.buffer is not None:
            self.buffer.flush()


def _encoded(value: Any, indent: bool) -> bytes:
    try:
        return _orjson(value, indent)
    except orjson.JSONEncodeError:
        # a lone surrogate cannot be UTF-8: written as its JSON escape, which reads back the same
        return _standard(value, indent).encode("utf-8", "backslashreplace")


def _orjson(value: Any, indent: bool) -> bytes:
    return orjson.dumps(value, default=str, option=_OPTIONS | (orjson.OPT_INDENT_2 if indent else 0))


def _standard(value: Any, indent: bool) -> str:
    separators = None if indent else (",", ":")
    return json.dumps(value, ensure_ascii=False, default=str, indent=2 if indent else None, separators=separators)

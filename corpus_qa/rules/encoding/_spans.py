"""Shared helpers for the ENC rules: grouping nearby matches into one located span."""

from __future__ import annotations

from typing import Iterable, Iterator


def grouped(spans: Iterable[tuple[int, int]], gap: int = 0) -> Iterator[tuple[int, int, int]]:
    """(start, end, count) of runs of spans at most `gap` characters apart, in order."""
    start = end = None
    count = 0
    for a, b in sorted(spans):
        if end is not None and a - end <= gap:
            end = max(end, b)
            count += 1
            continue
        if start is not None:
            yield start, end, count
        start, end, count = a, b, 1
    if start is not None:
        yield start, end, count


def shown(text: str, limit: int = 24) -> str:
    """A short quotation of matched text for a message, control characters made visible."""
    visible = "".join(c if c.isprintable() or c == " " else f"\\u{ord(c):04x}" for c in text)
    return visible if len(visible) <= limit else visible[: limit - 1] + "…"

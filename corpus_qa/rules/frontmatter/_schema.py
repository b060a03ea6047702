"""What the schema rules (FM005–FM011) share: a document's frontmatter as one row of cells
(key -> value and where it is written), and the column predicates that judge a value.

Each rule checks one document on its own. A rule names its columns (key -> predicate) and
`failing_cells` gives the cells whose value the key's predicate refuses; a key the
frontmatter lacks is not judged (FM005 is about those). Every failure becomes its own hit:
the rules never merge hits on consecutive keys (Rule.run_gap=None).
"""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping
from urllib.parse import urlsplit

from corpus_qa.model import Document, Hit

Predicate = Callable[[Any], bool]


@dataclass(frozen=True, slots=True)
class Cell:
    key: str
    value: Any  # a key written with no value holds ""
    start: int  # its `key: value` span
    end: int

    def hit(self, message: str, data: dict[str, Any] | None = None) -> Hit:
        return Hit(self.start, self.end, message, data)


def row_of(doc: Document) -> dict[str, Cell] | None:
    """The frontmatter's cells by key, in the order keys first appear; None without a closed
    block that parses (FM002 and FM003 report those). Cheap: the document parses its YAML once."""
    parsed = doc.frontmatter_parsed
    if parsed is None or parsed.problem is not None:
        return None
    row: dict[str, Cell] = {}
    for entry in parsed.entries:  # the last duplicate wins (in the first one's place), as in YAML loaders
        row[entry.key] = Cell(entry.key, "" if entry.value is None else entry.value, entry.key_start, entry.value_end)
    return row


def failing_cells(row: dict[str, Cell] | None, columns: Mapping[str, Predicate]) -> Iterator[Cell]:
    """The cells whose value fails its key's predicate, in column order."""
    if not row:
        return
    for key, accepts in columns.items():
        cell = row.get(key)
        if cell is not None and not accepts(cell.value):
            yield cell


def is_empty(value: Any) -> bool:
    return (isinstance(value, str) and not value.strip()) or (isinstance(value, (list, dict)) and not value)


def parse_date(value: Any) -> dt.datetime | None:
    """RFC 2822 (`Thu, 18 Aug 2022 16:34:00 GMT`) or ISO 8601 (`2022-08-18`, `2022-08-18 16:34:00+08:00`)."""
    if isinstance(value, dt.datetime):
        parsed = value
    elif isinstance(value, dt.date):
        parsed = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            try:
                parsed = email.utils.parsedate_to_datetime(text)
            except (TypeError, ValueError, IndexError):
                return None
    else:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)


def is_http_url(value: Any) -> bool:
    if not isinstance(value, str) or any(char.isspace() for char in value.strip()):
        return False
    try:
        parts = urlsplit(value.strip())
    except ValueError:  # an unclosed IPv6 bracket: `http://[::1`
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def fields_of_type(ctx, *kinds: str) -> list[str]:
    return [key for key, kind in ctx["fields"].items() if kind in kinds]


def shown(value: Any) -> str:
    """A short repr: reprlib's limits keep it cheap on a value that aliases expand."""
    text = _SHORT_REPR.repr(value)
    return text if len(text) <= 60 else text[:59] + "…"


def _short_repr():
    import reprlib

    short = reprlib.Repr()
    short.maxlevel, short.maxlist, short.maxdict, short.maxstring, short.maxother = 3, 8, 8, 70, 70
    return short


_SHORT_REPR = _short_repr()

"""Shared machinery of the schema rules: one row per document's frontmatter, validated by a
pandera DataFrameSchema lazily, so every failure comes back and becomes a finding.

Workers extract the row (features); the main process builds the table and validates it
(reduce). Each rule builds only the columns and checks it is about.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Mapping
from urllib.parse import urlsplit

from corpus_qa.rules.base import CorpusHit, Located


@dataclass(frozen=True)
class FrontmatterRow:
    values: dict[str, Any]  # key -> value; a key written with no value holds ""
    where: dict[str, Located]  # key -> its `key: value` span
    opening: Located  # the opening ---, for what is missing


@dataclass(frozen=True)
class Failure:
    document: str
    key: str
    value: Any
    check: str


def row_features(doc, ctx) -> FrontmatterRow | None:
    parsed = doc.frontmatter_parsed
    if parsed is None or parsed.problem is not None:
        return None
    values, where = {}, {}
    for entry in parsed.entries:  # the last duplicate wins, as in YAML loaders
        values[entry.key] = "" if entry.value is None else entry.value
        where[entry.key] = Located.of(doc, entry.key_start, entry.value_end)
    opening = Located.of(doc, doc.frontmatter.open_start, doc.frontmatter.open_start + 3)
    return FrontmatterRow(values, where, opening)


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
    parts = urlsplit(value.strip())
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def fields_of_type(ctx, *kinds: str) -> list[str]:
    return [key for key, kind in ctx["fields"].items() if kind in kinds]


def validate(
    rows: Mapping[str, FrontmatterRow | None],
    columns: Mapping[str, ColumnSpec],
    *,
    strict: bool = False,
) -> Iterator[Failure]:
    """Validate the rows against pandera columns; yield each failure case with its document."""
    present = [(doc_id, row) for doc_id, row in rows.items() if row is not None]
    if not present or (not columns and not strict):
        return
    import pandas as pd
    import pandera.pandas as pa  # imported late: only corpora with frontmatter need it

    # the columns checked, and for a strict schema every key (a key no column describes fails)
    keys = sorted(set(columns).union(*(row.values for _, row in present))) if strict else sorted(columns)
    table = pd.DataFrame({key: [row.values.get(key) for _, row in present] for key in keys}, dtype=object)
    schema = pa.DataFrameSchema({key: _pandera_column(spec) for key, spec in columns.items()}, strict=strict, coerce=False)
    try:
        schema.validate(table, lazy=True)
    except pa.errors.SchemaErrors as errors:
        for case in errors.failure_cases.to_dict("records"):
            index = case.get("index")
            if case["check"] == "column_in_schema":  # strict: a key no column describes
                key = case["failure_case"]
                yield from (Failure(doc_id, key, row.values[key], "column_in_schema") for doc_id, row in present if key in row.values)
            elif index is not None and not pd.isna(index):
                doc_id, row = present[int(index)]
                yield Failure(doc_id, case["column"], row.values.get(case["column"]), case["check"])


def validate_entries(
    rows: Mapping[str, FrontmatterRow | None], check: str, predicate: Callable[[Any], bool], *, on: str = "value",
) -> Iterator[Failure]:
    """Validate every `key: value` of every row with one check, on the key or on the value:
    a long table (one row per entry, one column checked), so a frontmatter of 40,000 keys is
    40,000 rows, not 40,000 pandera columns. Failures come in document order, then key order."""
    entries = [(doc_id, key, value) for doc_id, row in rows.items() if row is not None for key, value in row.values.items()]
    if not entries:
        return
    import pandas as pd
    import pandera.pandas as pa

    table = pd.DataFrame({on: [entry[1 if on == "key" else 2] for entry in entries]}, dtype=object)
    schema = pa.DataFrameSchema({on: pa.Column(object, checks=[pa.Check(predicate, element_wise=True, name=check)],
                                               nullable=True)})
    try:
        schema.validate(table, lazy=True)
    except pa.errors.SchemaErrors as errors:
        indexes = sorted(int(index) for index in errors.failure_cases["index"] if not pd.isna(index))
        for index in indexes:
            doc_id, key, value = entries[index]
            yield Failure(doc_id, key, value, check)


@dataclass(frozen=True)
class ColumnSpec:
    """A pandera Column to be: built inside validate(), so a corpus without frontmatter
    never imports pandera."""

    checks: tuple[tuple[str, Callable[[Any], bool]], ...]
    nullable: bool


def element_check(name: str, predicate: Callable[[Any], bool]) -> tuple[str, Callable[[Any], bool]]:
    return name, predicate


def column(*checks: tuple[str, Callable[[Any], bool]], nullable: bool = True) -> ColumnSpec:
    return ColumnSpec(checks, nullable)


def _pandera_column(spec: ColumnSpec):
    import pandera.pandas as pa

    checks = [pa.Check(predicate, element_wise=True, name=name) for name, predicate in spec.checks]
    return pa.Column(object, checks=checks, nullable=spec.nullable, required=False)


def hit_at_key(rows, failure: Failure, message: str, data: dict | None = None) -> CorpusHit:
    row = rows[failure.document]
    return CorpusHit(failure.document, row.where.get(failure.key, row.opening), message, data)


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

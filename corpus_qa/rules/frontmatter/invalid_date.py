"""A frontmatter date that does not parse.

What it flags:
    Values of `date`-typed keys that are neither RFC 2822 (`Thu, 18 Aug 2022 16:34:00
    GMT`) nor ISO 8601 (`2022-08-18`, `2022-08-18T16:34:00+08:00`): `Invalid Date` (what
    JavaScript prints for a failed parse), `1998-13-45`, `昨天`.

Why it matters:
    Posts without a usable date cannot be ordered or filtered by time; generators fall
    back to the file's modification time, which is the crawl time, not the news time.

Example:
    bad:  date: Invalid Date
    good: date: Sat, 27 Mar 2021 10:01:00 GMT

Fix:
    Take the date from the source item again; if it is unknown, drop the key rather than
    writing a placeholder.
"""

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import Rule, row_by_row
from corpus_qa.rules.frontmatter._schema import (
    column, element_check, fields_of_type, hit_at_key, is_empty, parse_date, row_features, shown, validate,
)


def _parses(value):
    return is_empty(value) or not isinstance(value, str) or parse_date(value) is not None


def reduce(rows, ctx):
    columns = {key: column(element_check("parses_as_date", _parses)) for key in fields_of_type(ctx, "date")}
    for failure in validate(rows, columns):
        message = (
            f"frontmatter {failure.key!r} does not parse as a date: {shown(failure.value)} "
            "(expected RFC 2822 like 'Thu, 18 Aug 2022 16:34:00 GMT' or ISO 8601 like 2022-08-18)"
        )
        yield hit_at_key(rows, failure, message, {"key": failure.key})


RULE = Rule("FM009", "invalid-date", Category.FRONTMATTER, Severity.ERROR, features=row_features, reduce=reduce,
            **row_by_row(reduce))

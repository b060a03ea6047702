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
from corpus_qa.rules.base import Rule
from corpus_qa.rules.frontmatter._schema import failing_cells, fields_of_type, is_empty, parse_date, row_of, shown


def _parses(value):
    return is_empty(value) or not isinstance(value, str) or parse_date(value) is not None


def check(doc, ctx):
    for cell in failing_cells(row_of(doc), {key: _parses for key in fields_of_type(ctx, "date")}):
        message = (
            f"frontmatter {cell.key!r} does not parse as a date: {shown(cell.value)} "
            "(expected RFC 2822 like 'Thu, 18 Aug 2022 16:34:00 GMT' or ISO 8601 like 2022-08-18)"
        )
        yield cell.hit(message, {"key": cell.key})


RULE = Rule("FM009", "invalid-date", Category.FRONTMATTER, Severity.ERROR, check=check, run_gap=None)

"""A frontmatter date in the future.

What it flags:
    Dates more than `future-days` (default 1) days after the day of the check — a year
    typed wrong (`2202-08-18`), a time zone applied twice, a placeholder far ahead.

Why it matters:
    News cannot be dated after it was collected; a future date pins the post to the top
    of every time-ordered listing and breaks recency filters.

Example:
    bad:  date: Thu, 18 Aug 2202 16:34:00 GMT
    good: date: Thu, 18 Aug 2022 16:34:00 GMT

Fix:
    Correct the date from the source.
"""

import datetime as dt
from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.frontmatter._schema import failing_cells, fields_of_type, parse_date, row_of


def check(doc, ctx):
    row = row_of(doc)
    if not row:
        return
    latest = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=ctx["future-days"])

    def not_in_future(value):
        parsed = parse_date(value)
        return parsed is None or parsed <= latest

    for cell in failing_cells(row, {key: not_in_future for key in fields_of_type(ctx, "date")}):
        when = parse_date(cell.value).date().isoformat()
        yield cell.hit(f"frontmatter {cell.key!r} is in the future: {when}", {"key": cell.key})


RULE = Rule("FM010", "future-date", Category.FRONTMATTER, Severity.WARNING, check=check, run_gap=None)

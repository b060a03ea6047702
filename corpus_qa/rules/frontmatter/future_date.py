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
from corpus_qa.rules.base import Rule, row_by_row
from corpus_qa.rules.frontmatter._schema import (
    column, element_check, fields_of_type, hit_at_key, parse_date, row_features, validate,
)


def reduce(rows, ctx):
    latest = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=ctx["future-days"])

    def not_in_future(value):
        parsed = parse_date(value)
        return parsed is None or parsed <= latest

    columns = {key: column(element_check("not_in_future", not_in_future)) for key in fields_of_type(ctx, "date")}
    for failure in validate(rows, columns):
        when = parse_date(failure.value).date().isoformat()
        yield hit_at_key(rows, failure, f"frontmatter {failure.key!r} is in the future: {when}", {"key": failure.key})


RULE = Rule("FM010", "future-date", Category.FRONTMATTER, Severity.WARNING, features=row_features, reduce=reduce,
            **row_by_row(reduce))

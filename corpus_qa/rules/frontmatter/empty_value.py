"""A frontmatter key whose value is empty.

What it flags:
    `key:` with nothing after it, an empty or blank string (`title: ' '`), an empty list
    or mapping. The finding sits on the key's line.

Why it matters:
    An empty title or author is usually a failed extraction upstream (the RSS feed item
    had none), and it is worse than a missing key: loaders accept it and publish a post
    called " ".

Example:
    bad:  title: ' '
    good: title: '10月3日全国铁路预计发送旅客1050万人次'

Fix:
    Fill in the value from the source, or drop the document if the source had nothing.
"""

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import Rule, row_by_row
from corpus_qa.rules.frontmatter._schema import hit_at_key, is_empty, row_features, shown, validate_entries


def reduce(rows, ctx):
    for failure in validate_entries(rows, "not_empty", lambda value: not is_empty(value)):
        yield hit_at_key(rows, failure, f"frontmatter key {failure.key!r} is empty ({shown(failure.value)})", {"key": failure.key})


RULE = Rule("FM006", "empty-value", Category.FRONTMATTER, Severity.ERROR, features=row_features, reduce=reduce,
            **row_by_row(reduce))

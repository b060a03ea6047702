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
from corpus_qa.rules.base import Rule
from corpus_qa.rules.frontmatter._schema import is_empty, row_of, shown


def check(doc, ctx):
    for cell in (row_of(doc) or {}).values():
        if is_empty(cell.value):
            yield cell.hit(f"frontmatter key {cell.key!r} is empty ({shown(cell.value)})", {"key": cell.key})


RULE = Rule("FM006", "empty-value", Category.FRONTMATTER, Severity.ERROR, check=check, run_gap=None)

"""A frontmatter block that opens with `---` and never closes.

What it flags:
    A document whose first lines open a YAML block (`---` followed by `key: value`
    lines) with no closing `---` line anywhere after it. The finding sits on the opening
    fence.

Why it matters:
    Parsers either reject the file or swallow the whole article as YAML; the metadata
    and the body are both lost.

Example:
    bad:  ---
          title: '标题'
          正文第一段……
    good: ---
          title: '标题'
          ---
          正文第一段……

Fix:
    Add the closing `---` line after the last metadata key.
"""

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule


def check(doc, ctx):
    block = doc.frontmatter
    if block is not None and block.close_end is None:
        yield Hit(block.open_start, block.open_start + 3, "frontmatter opens with --- but has no closing --- line")


RULE = Rule("FM003", "unclosed-frontmatter", Category.FRONTMATTER, Severity.ERROR, check=check)

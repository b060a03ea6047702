"""A key that appears more than once in the frontmatter.

What it flags:
    Every repetition of a top-level key after its first appearance, e.g. two `title:`
    lines. The finding sits on the repeated key and says where the first one is.

Why it matters:
    YAML forbids duplicate keys, yet most loaders (PyYAML, js-yaml in Hexo) silently keep
    the last value: the metadata you see first in the file is not the metadata that is
    used.

Example:
    bad:  title: '初稿标题'
          title: '正式标题'
    good: title: '正式标题'

Fix:
    Keep one of the values and delete the other line.
"""

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule


def check(doc, ctx):
    parsed = doc.frontmatter_parsed
    if parsed is None:
        return
    first_line: dict[str, int] = {}
    for entry in parsed.entries:
        if entry.key in first_line:
            message = f"duplicate key {entry.key!r} (first on line {first_line[entry.key]}); loaders keep only the last"
            yield Hit(entry.key_start, entry.key_end, message)
        else:
            first_line[entry.key] = doc.position(entry.key_start)[0]


RULE = Rule("FM004", "duplicate-key", Category.FRONTMATTER, Severity.ERROR, check=check)

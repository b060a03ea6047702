"""A required frontmatter key is missing.

What it flags:
    Frontmatter without one of the keys listed in `[tool.corpus-qa.frontmatter] required`
    (default: `title`, `date`). The finding sits on the opening `---`. A key that is
    present but empty is FM006 instead.

Why it matters:
    Without a title or a date a post cannot be listed, sorted or deduplicated; site
    generators fill in the file name and the build time, which look right and are wrong.

Example:
    bad:  ---
          author: 证券时报网
          ---
    good: ---
          title: '标题'
          date: Thu, 18 Aug 2022 16:34:00 GMT
          author: 证券时报网
          ---

Fix:
    Add the key with its real value, or change `required` if your corpus does not need it.
"""

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.frontmatter._schema import row_of


def check(doc, ctx):
    row = row_of(doc)
    if row is None:
        return
    opening = doc.frontmatter.open_start
    for key in dict.fromkeys(ctx["required"]):  # a key listed twice is missing once
        if key not in row:
            yield Hit(opening, opening + 3, f"frontmatter has no {key!r} key (required)", {"key": key})


RULE = Rule("FM005", "missing-required-key", Category.FRONTMATTER, Severity.ERROR, check=check, run_gap=None)

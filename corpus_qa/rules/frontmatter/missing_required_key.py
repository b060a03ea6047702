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

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import Rule, row_by_row
from corpus_qa.rules.frontmatter._schema import column, hit_at_key, row_features, validate


def reduce(rows, ctx):
    columns = {key: column(nullable=False) for key in ctx["required"]}
    for failure in validate(rows, columns):
        if failure.check == "not_nullable" and failure.key not in rows[failure.document].values:
            yield hit_at_key(rows, failure, f"frontmatter has no {failure.key!r} key (required)", {"key": failure.key})


RULE = Rule("FM005", "missing-required-key", Category.FRONTMATTER, Severity.ERROR, features=row_features, reduce=reduce,
            **row_by_row(reduce))

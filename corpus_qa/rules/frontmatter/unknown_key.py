"""A frontmatter key that the schema does not know.

What it flags:
    Keys not listed in `[tool.corpus-qa.frontmatter] fields` — often a typo (`titel`,
    `thumbnial`) or a field added by one feed only. Low severity; set `allow-unknown =
    true` to accept any extra key, or add the key to `fields`.

Why it matters:
    A misspelt key is silently ignored by the site generator, so the value it carries
    never shows; keys that only some documents have break tabular exports.

Example:
    bad:  thumbnial: 'https://…/a.jpeg'
    good: thumbnail: 'https://…/a.jpeg'

Fix:
    Correct the spelling, or declare the key in `fields` with its type.
"""

import difflib
from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import MAX_HITS_PER_RULE, Rule, row_by_row
from corpus_qa.rules.frontmatter._schema import hit_at_key, row_features, validate_entries


def reduce(rows, ctx):
    if ctx["allow-unknown"]:
        return
    known = list(ctx["fields"])
    listed: dict[str, int] = {}  # document -> its failures so far
    for failure in validate_entries(rows, "in_schema", set(known).__contains__, on="key"):
        listed[failure.document] = listed.get(failure.document, 0) + 1
        close = []
        if listed[failure.document] <= MAX_HITS_PER_RULE:  # past the cap the hit is only counted
            close = difflib.get_close_matches(failure.key, known, n=1, cutoff=0.7)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        yield hit_at_key(rows, failure, f"frontmatter key {failure.key!r} is not in the schema{hint}", {"key": failure.key})


RULE = Rule("FM008", "unknown-key", Category.FRONTMATTER, Severity.INFO, features=row_features, reduce=reduce,
            **row_by_row(reduce))

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
from corpus_qa.rules.base import MAX_HITS_PER_RULE, Rule
from corpus_qa.rules.frontmatter._schema import row_of


def check(doc, ctx):
    row = row_of(doc)
    if ctx["allow-unknown"] or not row:
        return
    known = list(ctx["fields"])
    unknown = [cell for cell in row.values() if cell.key not in ctx["fields"]]
    for listed, cell in enumerate(unknown, start=1):
        close = []
        if listed <= MAX_HITS_PER_RULE:  # past the cap the hit is only counted
            close = difflib.get_close_matches(cell.key, known, n=1, cutoff=0.7)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        yield cell.hit(f"frontmatter key {cell.key!r} is not in the schema{hint}", {"key": cell.key})


RULE = Rule("FM008", "unknown-key", Category.FRONTMATTER, Severity.INFO, check=check, run_gap=None)

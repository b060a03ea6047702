"""Documents that declare the same title but hold different bodies.

What it flags:
    Documents whose title (frontmatter `title:`, or a JSONL record's `title` / `headline`
    field) is the same after normalisation (white space, punctuation width, traditional
    script, case) while their bodies are not exact or near copies of each other. Every
    document of such a title group gets a finding on its title (or on its first content
    line when the title came from a record field), naming the others. Titles with fewer
    than 4 letters, digits or ideographs (`' '`, `。`) are not compared.

Why it matters:
    One title over different bodies means the same story arrived twice in different forms
    (a full article and an abridged wire brief from another feed), a title was reused by a
    template, or a body was attached to the wrong record. Each is worth a look before the
    corpus is deduplicated or split, because whole-text comparison does not link them.

Example:
    bad:  新浪财经/…/1-2月31个省市区一般公共预算收入全部正增长.md (a 450-character report) and
          证券时报网/快讯/1-2月31个省市区一般公共预算收入全部正增长.md (a 210-character brief of it)
    good: distinct titles for distinct articles; one copy of a story per corpus

Fix:
    Keep the most complete version of the story, or give templated documents titles that
    tell them apart.
"""

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.duplicates._metadata import same_declared_different_body


def hits(fingerprints, found, ctx):
    """DUP005's hits, from the duplicate check's analysis `found` (see _check)."""
    return same_declared_different_body("DUP005", fingerprints, found, "title", "title")


RULE = Rule("DUP005", "duplicate-title", Category.DUPLICATE, Severity.INFO)

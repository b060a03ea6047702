"""BP: text that is not the article — injected lists, widgets, ads, credits, HTML residue.

All BP rules read text (plain text, Markdown, records). Of a web page they read the article
and its vicinity (PAGE_PART, see corpus_qa.page), where sites inject credits, promos and
related lists; menus and footers far from the article are the page's chrome, not reported
line by line. A frontmatter block is metadata and is skipped too.
"""

from corpus_qa.page.parts import VICINITY
from corpus_qa.rules.base import Option, at_most

PAGE_PART = VICINITY

OPTIONS: dict[str, Option] = {
    "repeated-line-min-documents": Option(
        10, "BP009: a line is boilerplate when this many distinct documents contain it",
        minimum=2, maximum=1_000_000_000,
    ),
    "repeated-line-min-chars": Option(
        6, "BP009: shorter lines (after normalisation) are not counted", minimum=1, maximum=100_000
    ),
    "repeated-line-max-chars": Option(
        200, "BP009: longer lines are paragraphs (DUP's business) and are not counted", minimum=1, maximum=100_000
    ),
    "repeated-line-max-hashes": Option(
        2_000_000,
        "BP009: line hashes kept while counting; past this, lines seen once are dropped (bounds memory)",
        minimum=1_000, maximum=1_000_000_000,
    ),
}

OPTION_CHECKS = (at_most("repeated-line-min-chars", "repeated-line-max-chars"),)

from corpus_qa.rules.boilerplate.repeated_line import RepeatedLineCheck  # noqa: E402 - it reads the options above

CORPUS_CHECKS = (RepeatedLineCheck,)

"""BP: text that is not the article — injected lists, widgets, ads, credits, HTML residue.

All BP rules read extracted text (plain text, Markdown, JSONL records). `.html` documents
are pages, markup by nature: their menus and sidebars are the extractor's business, so BP
leaves them alone and checks the text an extractor makes of them. A frontmatter block is
metadata and is skipped too.
"""

from corpus_qa.rules.base import Option, at_most

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

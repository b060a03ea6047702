"""DUP: content that repeats — whole documents, near-copies, paragraphs, titles and URLs.

Of a web page the DUP rules read the article (PAGE_PART, see corpus_qa.page): one story
saved from two URLs is a duplicate, and the menus every page of a site shares are not.
"""

from corpus_qa.corpus.settings import DuplicateSettings
from corpus_qa.page.parts import ARTICLE
from corpus_qa.rules.base import Option

PAGE_PART = ARTICLE

_DEFAULTS = DuplicateSettings()


OPTIONS: dict[str, Option] = {
    "threshold": Option(
        _DEFAULTS.threshold,
        "near-duplicate when at least this share of character shingles is common to both documents "
        "(Jaccard similarity, estimated by MinHash)",
        minimum=0.3, maximum=1.0,
    ),
    "containment": Option(
        _DEFAULTS.containment,
        "near-duplicate also when at least this share of the smaller document's character shingles is in "
        "the larger one and their Jaccard similarity is at least 0.55 (a copy with light edits, or cut short)",
        minimum=0.5, maximum=1.0,
    ),
    "shingle-size": Option(
        _DEFAULTS.shingle_size, "characters per shingle for near-duplicate detection", minimum=2, maximum=16,
    ),
    "permutations": Option(
        _DEFAULTS.permutations, "MinHash signature length (more: a closer similarity estimate, more memory)",
        minimum=16, maximum=1024,
    ),
    "near-min-chars": Option(
        _DEFAULTS.near_min_chars,
        "documents shorter than this (after normalisation) are compared for exact copies only",
        minimum=1, maximum=100_000,
    ),
    "paragraph-min-chars": Option(
        _DEFAULTS.paragraph_min_chars,
        "paragraphs shorter than this are not compared (repeated or shared paragraphs)",
        minimum=5, maximum=100_000,
    ),
    "shared-paragraph-max-documents": Option(
        _DEFAULTS.max_shared_documents,
        "a paragraph in more documents than this is boilerplate, left to the BP rules",
        minimum=2, maximum=1_000_000,
    ),
}


from corpus_qa.rules.duplicates._check import DuplicateCheck  # noqa: E402 - it reads the rule modules

CORPUS_CHECKS = (DuplicateCheck,)

"""A document with no text, or only white space.

What it flags:
    Zero-byte files and records whose text is empty or only spaces and newlines.

Why it matters:
    An empty document is usually a failed download or extraction; it inflates document
    counts and hides the failure.

Example:
    bad:  ""   or "\n\n  \n"
    good: any document with text

Fix:
    Re-extract the document or remove it from the corpus.
"""

from corpus_qa.model import Severity
from corpus_qa.rules.encoding._problem import problem_rule

RULE = problem_rule("ENC902", "empty-document", "empty", Severity.WARNING)

"""A document larger than the configured limit (`max-file-size`, default 32 MiB).

What it flags:
    Files and records over the size limit. They are not read, so nothing else is checked
    in them.

Why it matters:
    A single news article is a few kilobytes; a file of tens of megabytes is almost
    always a dump, a concatenation error or binary data, and reading it would stall the
    run.

Example:
    bad:  a 200 MiB .txt file in a folder of articles
    good: one article per file

Fix:
    Split the file into its documents, or raise `max-file-size` if it really is one.
"""

from corpus_qa.model import Severity
from corpus_qa.rules.encoding._problem import problem_rule

RULE = problem_rule("ENC904", "oversized-document", "oversized", Severity.ERROR)

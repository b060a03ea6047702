"""Codes that are not rules over text: a rule that crashed, a corpus expectation that failed.

Their findings take the category of what they are about (the crashed rule's family, the
expectation's metric), so the four categories of the output contract still hold.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MetaRule:
    code: str
    name: str
    docs: str

    @property
    def summary(self) -> str:
        return self.docs.strip().splitlines()[0]


INTERNAL_ERROR = MetaRule(
    "CQA001",
    "internal-error",
    """A rule raised an exception on a document (a bug in corpus-qa, not in your data).

What it flags:
    The rule named in the message crashed on this document. The other rules still ran and
    the run went on; corpus-qa exits with code 2 at the end.

Why it matters:
    The document was not fully checked, so a clean result for it would be a lie.

Example:
    bad:  CQA001 rule ENC003 (replacement-character) raised IndexError: ...
    good: no CQA001 findings

Fix:
    Report it with the document (or a minimal excerpt) and the traceback shown with -v.
""",
)

EXPECTATION_FAILED = MetaRule(
    "GX001",
    "expectation-failed",
    """A corpus expectation (Great Expectations suite in `expectations/`) failed.

What it flags:
    Each expectation of a suite that the per-document metrics table does not meet, e.g.
    "no document with an encoding error" or "median length at least 200 characters". The
    finding belongs to the corpus, not to one document; its message gives the expectation,
    the observed value and how many documents broke it, and its category is the family
    the metric is about.

Why it matters:
    Suites state corpus-level policy that no single-document rule can: shares, medians,
    distributions. A failed one means the corpus as a whole is below the bar you set.

Example:
    bad:  expect_column_max_to_be_between(errors_encoding, max 0): observed 2
    good: every expectation of every suite met

Fix:
    Fix the documents behind the metric (the per-rule findings show which), or change the
    suite if the policy was wrong. Suites are versioned JSON files; review changes to them
    like code.
""",
)

META_RULES = {rule.code: rule for rule in (INTERNAL_ERROR, EXPECTATION_FAILED)}

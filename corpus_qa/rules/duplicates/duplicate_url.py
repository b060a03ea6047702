"""Documents that declare the same source URL but hold different bodies.

What it flags:
    Documents whose source URL (frontmatter `url:` / `link:` / `source_url:` / `permalink:`
    …, or the same field of a JSONL record) is the same page once the scheme, `www.`, the
    fragment, tracking parameters (`utm_*`, `spm`, `from`) and a trailing slash are set
    aside, while their bodies are not exact or near copies of each other. Every document
    of such a group gets a finding on its URL (or on its first content line when the URL
    came from a record field), naming the others. Image fields (`headimg`, `thumbnail`)
    are not source URLs and are ignored.

Why it matters:
    One page should yield one document. Two different bodies for one URL mean the page was
    crawled twice and changed in between (an updated or truncated version), or the
    extractor attached a body to the wrong page: either way one of them is stale or wrong.

Example:
    bad:  a record with url https://udn.com/news/story/7266/6051234 and 957 characters, and
          another with http://udn.com/news/story/7266/6051234/ and 1,212 characters
    good: one record per URL, the latest version

Fix:
    Keep the newest or most complete version for each URL and re-crawl pages whose
    versions disagree.
"""

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.duplicates._metadata import same_declared_different_body


def hits(fingerprints, found, ctx):
    """DUP006's hits, from the duplicate check's analysis `found` (see _check)."""
    return same_declared_different_body("DUP006", fingerprints, found, "url", "url")


RULE = Rule("DUP006", "duplicate-url", Category.DUPLICATE, Severity.WARNING)

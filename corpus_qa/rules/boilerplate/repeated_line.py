"""Lines that recur across many documents of the corpus (line-frequency boilerplate).

What it flags:
    A line found in at least `repeated-line-min-documents` distinct documents (default
    10) is site template text even when no keyword list knows it: a station slogan, a
    subscription blurb, a fixed sign-off. Lines are normalised (NFKC, case, white space)
    and hashed, so the count is one streaming pass whose memory is the table of distinct
    line hashes, capped by `repeated-line-max-hashes` (past the cap, hashes seen only
    once are dropped, as in lossy counting). Documents that are exact copies of each
    other count once, so duplicated articles do not make their own lines "boilerplate"
    (that is DUP001's finding). Neighbouring repeated lines in a document form one block
    and one finding; the message gives the count (evidence: frequency).

    Lines shorter than `repeated-line-min-chars` (default 6) or longer than
    `repeated-line-max-chars` (default 200, a paragraph is a duplicate, not a template)
    are not counted, nor lines without a letter or Hanzi, nor lines another BP rule
    already reports (责任编辑：…, 分享到：…). Of a web page only the article and its
    vicinity are counted (corpus_qa.page): the menus every page of a site repeats are not.
    Configure in `[tool.corpus-qa.boilerplate]`.

Why it matters:
    Template lines are the largest share of web boilerplate and no keyword list keeps
    up with them; counting lines over the corpus, as CCNet does, finds them all.

Example:
    bad:  南通传媒网——知晓南通身边事 乐享南通人文情   (in 40 documents)
    good: the line removed from every document it was stamped on

Fix:
    Remove lines above the threshold in the cleaning step (CCNet-style line
    deduplication), after checking that the list holds no real content.
"""

import hashlib
import re
from array import array

from corpus_qa.model import Category, Severity
from corpus_qa.page.parts import VICINITY
from corpus_qa.rules.base import CorpusCheck, Rule
from corpus_qa.rules.boilerplate import _text
from corpus_qa.rules.boilerplate._line_counts import count_lines, repeated_blocks
from corpus_qa.text.normalise import hash_form

_WORD = re.compile(r"[A-Za-z\u3400-\u9fff]")


def _digest(text: str, size: int) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=size).digest()


def features(doc, ctx):
    """(document digest, line hashes, spans, excerpts, positions, placed): 8 bytes and three
    ints per line, each line's text with its break, and for a part of a page (corpus_qa.page)
    the lines' spans and text in the page, where findings point (None otherwise)."""
    if not _text.checks(doc):
        return None
    text = doc.text
    shortest, longest = ctx["repeated-line-min-chars"], ctx["repeated-line-max-chars"]
    hashes = bytearray()
    spans = array("q")
    excerpts = []
    lines = _text.lines(text, _text.body_start(doc))
    for index, (start, end) in enumerate(lines):
        if end - start > longest * 2:
            continue
        normal = hash_form(text[start:end])
        if not shortest <= len(normal) <= longest or not _WORD.search(normal):
            continue
        hashes += _digest(normal, 8)
        spans.extend((start, end, index))
        next_start = lines[index + 1][0] if index + 1 < len(lines) else end
        excerpts.append(text[start:next_start])  # the line with the break after it
    if not hashes:
        return None
    placed = _in_page(doc, spans, excerpts) if doc.placement is not None else None
    return _digest(hash_form(text), 12), bytes(hashes), spans, tuple(excerpts), _positions(doc, spans), placed


def _positions(doc, spans):
    out = array("q")
    for i in range(0, len(spans), 3):
        out.extend(doc.span_position(spans[i], spans[i + 1]))
    return out


def _in_page(doc, spans, excerpts):
    """(page spans, page excerpts) of the lines of a part of a page: each excerpt runs from
    its line's start in the page to where the next line of the part starts there."""
    placement = doc.placement
    page_spans = array("q")
    page_excerpts = []
    for i in range(0, len(spans), 3):
        start, end = placement.span(spans[i], spans[i + 1])
        following = placement.span(spans[i] + len(excerpts[i // 3]), spans[i] + len(excerpts[i // 3]))[0]
        page_spans.extend((start, end))
        page_excerpts.append(placement.page.text[start:max(end, following)])
    return page_spans, tuple(page_excerpts)


class RepeatedLineCheck(CorpusCheck):
    """BP009's corpus-wide evidence: how many documents hold each line (one streaming tally
    whose memory is the table of line hashes), then the blocks of lines held by enough."""

    name = "repeated-lines"
    codes = ("BP009",)
    reads = VICINITY
    features = staticmethod(features)

    def __init__(self, ctx):
        super().__init__(ctx)
        self.minimum = ctx["repeated-line-min-documents"]
        self.cap = ctx["repeated-line-max-hashes"]
        self._tallied = None

    def keys(self, features):
        """A line is reported once it is in repeated-line-min-documents documents."""
        import numpy as np  # imported late: listing the rules does not need it

        lines = [np.frombuffer(feature[1], dtype="<u8") if feature is not None else np.zeros(0, dtype="<u8")
                 for feature in features]
        keys = np.concatenate(lines) if lines else np.zeros(0, dtype="<u8")
        owners = np.repeat(np.arange(len(lines), dtype=np.int32), [len(hashes) for hashes in lines])
        return keys.astype(np.uint64), owners, self.minimum

    def tally(self, features):
        """(line counts, whether no hash was dropped, the verdicts judge fills in), in one pass
        over the features, kept on the instance for its index."""
        self._tallied = (*count_lines(features, self.cap), {})
        return self._tallied

    def judge(self, features_by_doc, tallied_lines):
        counts, _, explained = tallied_lines
        return repeated_blocks(features_by_doc, counts, self.minimum, explained)

    def reduce(self, features_by_doc):
        return self.judge(features_by_doc, self.tally(features_by_doc.values()))

    def index(self, features_by_doc):
        """The counts and verdicts the reduce made, with each line's holders."""
        from corpus_qa.rules.boilerplate._line_index import LineIndex  # numpy: imported late

        counts, exact, explained = self._tallied or self.tally(features_by_doc.values())
        return LineIndex(features_by_doc, counts, exact, explained)

    def grow(self, growth):
        from corpus_qa.rules.boilerplate._line_index import grow  # numpy: imported late

        return grow(growth, self.minimum, self.cap)


RULE = Rule("BP009", "repeated-line", Category.BOILERPLATE, Severity.WARNING)

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
from corpus_qa.rules.base import CorpusHit, Located, Rule, run_memo, same_objects
from corpus_qa.rules.boilerplate import _text
from corpus_qa.rules.boilerplate._lines import is_boilerplate_line
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
        out.extend(doc.locate(spans[i], spans[i + 1])[2:6])
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


def _line_hashes(feature):
    hashes = feature[1]
    return [hashes[i:i + 8] for i in range(0, len(hashes), 8)]


def reduce(features_by_doc, ctx):
    return judge(features_by_doc, counted(features_by_doc, ctx["repeated-line-max-hashes"]), ctx)


def tally(features, ctx):
    """(line counts, whether no hash was dropped, the verdicts judge fills in), in one pass
    over the features: what counted gives, without keeping them."""
    return (*_count(features, ctx["repeated-line-max-hashes"]), {})


def judge(features_by_doc, tallied_lines, ctx):
    counts, _, explained = tallied_lines
    return _blocks(features_by_doc, counts, ctx["repeated-line-min-documents"], explained)


_last_count = run_memo()  # "last": (features, cap, result)


def counted(features_by_doc, cap):
    """(counts, exact, verdicts) of these features, once per run: reduce counts the lines and
    fills the verdicts (is a repeated line one another BP rule reports?), then index (the
    state for growing) keeps both."""
    values = list(features_by_doc.values())
    last = _last_count.get("last")
    if last is not None and last[1] == cap and same_objects(last[0], values):
        return last[2]
    result = (*_count(values, cap), {})
    _last_count["last"] = (values, cap, result)
    return result


def _count(features, cap):
    """({line hash: documents holding it}, whether no hash was dropped for the cap)."""
    counts: dict[bytes, int] = {}
    counted_documents: set[bytes] = set()
    exact = True
    for feature in features:
        if feature is None or feature[0] in counted_documents:
            continue
        counted_documents.add(feature[0])
        for line_hash in set(_line_hashes(feature)):
            counts[line_hash] = counts.get(line_hash, 0) + 1
        if len(counts) > cap:
            counts = {h: n for h, n in counts.items() if n > 1}
            exact = False
    return counts, exact


def _blocks(features_by_doc, counts, minimum, explained: dict[bytes, bool]):
    """The hits; `explained` keeps each repeated line's verdict (the first holder's decides)."""
    for doc_id, feature in features_by_doc.items():
        if feature is None:
            continue
        _, _, spans, excerpts, positions, placed = feature
        block = []
        for index, line_hash in enumerate(_line_hashes(feature)):
            count = counts.get(line_hash, 0)
            repeated = count >= minimum
            if repeated and line_hash not in explained:
                explained[line_hash] = is_boilerplate_line(excerpts[index])
            if repeated and not explained[line_hash]:
                if block and spans[3 * index + 2] != spans[3 * block[-1][0] + 2] + 1:
                    yield _hit(doc_id, block, spans, excerpts, positions, placed, minimum)
                    block = []
                block.append((index, count))
            elif block:
                yield _hit(doc_id, block, spans, excerpts, positions, placed, minimum)
                block = []
        if block:
            yield _hit(doc_id, block, spans, excerpts, positions, placed, minimum)


def index(features_by_doc, ctx):
    from corpus_qa.rules.boilerplate._line_index import LineIndex  # numpy: imported late

    return LineIndex(features_by_doc, ctx["repeated-line-max-hashes"])


def grow(growth, ctx):
    from corpus_qa.rules.boilerplate._line_index import grow as grow_lines

    return grow_lines(growth, ctx)


def sharing(features, ctx):
    """Rule.sharing: a line is reported once it is in repeated-line-min-documents documents."""
    import numpy as np  # imported late: listing the rules does not need it

    lines = [np.frombuffer(feature[1], dtype="<u8") if feature is not None else np.zeros(0, dtype="<u8")
             for feature in features]
    keys = np.concatenate(lines) if lines else np.zeros(0, dtype="<u8")
    owners = np.repeat(np.arange(len(lines), dtype=np.int32), [len(hashes) for hashes in lines])
    return keys.astype(np.uint64), owners, ctx["repeated-line-min-documents"]


def _hit(doc_id, block, spans, excerpts, positions, placed, minimum):
    first, last = block[0][0], block[-1][0]
    start, end = spans[3 * first], spans[3 * last + 1]
    shown = excerpt = "".join(excerpts[i] for i in range(first, last)) + excerpts[last][: end - spans[3 * last]]
    if placed is not None:  # a part of a page: the finding points into the page
        page_spans, page_excerpts = placed
        start, end = page_spans[2 * first], page_spans[2 * last + 1]
        excerpt = "".join(page_excerpts[i] for i in range(first, last)) + page_excerpts[last][: end - page_spans[2 * last]]
    line, column = positions[4 * first], positions[4 * first + 1]
    end_line, end_column = positions[4 * last + 2], positions[4 * last + 3]
    fewest = min(count for _, count in block)
    lines = len(block)
    what = "line" if lines == 1 else f"{lines} lines"
    message = (f"{what} repeated across the corpus (frequency: in {fewest}+ documents, threshold {minimum}): "
               f"{_text.short_excerpt(shown, 40)}")
    where = Located(start, end, line, column, end_line, end_column, excerpt)
    return CorpusHit(doc_id, where, message, {"evidence": "frequency", "documents": fewest, "lines": lines})


RULE = Rule("BP009", "repeated-line", Category.BOILERPLATE, Severity.WARNING, features=features, reduce=reduce,
            index=index, grow=grow, sharing=sharing, tally=tally, judge=judge)

"""A long paragraph that also appears in other documents which are not copies of this one.

What it flags:
    A paragraph (at least `paragraph-min-chars`, default 30, normalised characters) whose
    normalised text also appears in other documents, when those documents are not exact or
    near duplicates of each other as wholes (those are DUP001/DUP002). Every document
    holding the paragraph gets a finding on it, naming the documents that are not copies of
    it. Left to the BP rules: a paragraph found in more than
    `shared-paragraph-max-documents` (default 10) documents, one whose opening the
    boilerplate family classifies as a template line (免责声明, 责任编辑, 扫码关注 …), and one
    that is not article text by its make-up (CSS, link rows, symbols). Of a web page only
    the article is compared (corpus_qa.page): what pages of a site share is navigation. The
    finding's span
    is the paragraph's opening (up to 40 characters, so the corpus-wide phase never holds
    whole paragraphs); `data` gives where the whole paragraph ends.

Why it matters:
    The same paragraph in otherwise different articles is a copied passage: a wire story
    pasted into several reports, an article stitched from others, or one story's text
    leaking into the next by a scraping error. It is duplicated training text that
    whole-document deduplication cannot see.

Example:
    bad:  a.txt and b.txt are different reports, and both contain the paragraph
          "三部委相关负责人在回答记者提问时指出，近期一些企业和个人违规将经营用途贷款投向房地产领域……"
    good: each report in its own words, quoting the statement briefly

Fix:
    Check whether one document copied from the other; drop the copied passage (or the
    document) from the corpus, or accept it where quoting is legitimate.
"""

from corpus_qa.model import Category, Severity
from corpus_qa.rules.base import CorpusHit, Rule
from corpus_qa.rules.duplicates._boilerplate import template_line
from corpus_qa.rules.duplicates._shared import listed, located, settings_of


def hits(fingerprints, found, ctx):
    """DUP004's hits, from the duplicate check's analysis `found` (see _check)."""
    limit = settings_of(ctx).max_shared_documents
    shared = _shared_paragraphs(fingerprints, limit, ctx.crowded)
    if not shared:
        return
    body_of = found.body_of
    held: dict[str, list[tuple[int, int, tuple[str, ...]]]] = {}  # document -> (index, hash, holders)
    for value, docs in shared:
        if len({body_of.get(doc_id, doc_id) for doc_id, _ in docs}) < 2:
            continue  # all copies of one body: DUP001/DUP002 report it
        first_doc, first_index = docs[0]
        if template_line(fingerprints[first_doc].paragraphs.opening(first_index)[0][6]):
            continue
        holders = tuple(doc_id for doc_id, _ in docs)
        for doc_id, index in docs:
            held.setdefault(doc_id, []).append((index, value, holders))
    for doc_id in sorted(held):
        for block in _blocks(sorted(held[doc_id])):
            yield _finding(fingerprints[doc_id].paragraphs, doc_id, block, body_of)


def _blocks(items):
    """Runs of consecutive paragraphs held by the same documents (a copied passage)."""
    run = []
    for item in items:
        if run and item[0] == run[-1][0] + 1 and item[2] == run[-1][2]:
            run.append(item)
            continue
        if run:
            yield run
        run = [item]
    if run:
        yield run


def _finding(paragraphs, doc_id, block, body_of):
    span, _ = paragraphs.opening(block[0][0])
    _, paragraph_end = paragraphs.opening(block[-1][0])
    members = list(block[0][2])
    body = body_of.get(doc_id, doc_id)
    others = [other for other in members if body_of.get(other, other) != body]
    plural = len(others) > 1
    what = "paragraph" if len(block) == 1 else f"{len(block)} consecutive paragraphs"
    message = (f"{what} also in {len(others)} other document{'s' if plural else ''} "
               f"that {'are' if plural else 'is'} not a copy of this one: {listed(others)}")
    data = {
        "paragraph": f"{block[0][1]:016x}",
        "paragraphs": len(block),
        "representative": members[0],
        "count": len(members),
        "documents": members,
        "paragraph_end": paragraph_end,
    }
    return CorpusHit("DUP004", doc_id, located(span), message, data)


def _shared_paragraphs(fingerprints, limit, crowded=None):
    """[(paragraph hash, [(document, index of its first occurrence there), ...] in id order)]
    for hashes held by 2..limit documents (and not `crowded`: held by more than limit in the
    whole corpus, of which these fingerprints are a part). Done on arrays: a corpus has
    millions of paragraphs and only a few are shared."""
    import numpy as np  # imported late: listing the rules does not need it
    ids = sorted(doc for doc, fp in fingerprints.items() if fp is not None and len(fp.paragraphs))
    if len(ids) < 2:
        return []
    arrays = [fingerprints[doc_id].paragraphs.hash_array() for doc_id in ids]
    hashes = np.concatenate(arrays)
    owners = np.repeat(np.arange(len(ids)), [len(a) for a in arrays])
    positions = np.concatenate([np.arange(len(a)) for a in arrays])
    order = np.lexsort((positions, owners, hashes))  # by hash, then document, then position
    hashes, owners, positions = hashes[order], owners[order], positions[order]
    first_in_document = np.ones(len(hashes), dtype=bool)
    first_in_document[1:] = (hashes[1:] != hashes[:-1]) | (owners[1:] != owners[:-1])
    hashes, owners, positions = hashes[first_in_document], owners[first_in_document], positions[first_in_document]
    values, starts, counts = np.unique(hashes, return_index=True, return_counts=True)
    keep = (counts >= 2) & (counts <= limit)
    if crowded is not None and len(crowded):
        keep &= ~np.isin(values, crowded)
    shared = []
    for value, start, count in zip(values[keep].tolist(), starts[keep].tolist(), counts[keep].tolist()):
        docs = [(ids[int(owners[i])], int(positions[i])) for i in range(start, start + count)]
        shared.append((value, docs))
    return shared


RULE = Rule("DUP004", "shared-paragraph", Category.DUPLICATE, Severity.INFO)

"""BP009's counting: line hashes held by documents, and the blocks of repeated lines they make.

Used by the check (repeated_line) and by its index for growing (_line_index): both import
this module, never each other.
"""

from corpus_qa.rules.base import CorpusHit, Located
from corpus_qa.rules.boilerplate import _text
from corpus_qa.rules.boilerplate._lines import is_boilerplate_line


def line_hashes(feature):
    hashes = feature[1]
    return [hashes[i:i + 8] for i in range(0, len(hashes), 8)]


def count_lines(features, cap):
    """({line hash: documents holding it}, whether no hash was dropped for the cap)."""
    counts: dict[bytes, int] = {}
    counted_documents: set[bytes] = set()
    exact = True
    for feature in features:
        if feature is None or feature[0] in counted_documents:
            continue
        counted_documents.add(feature[0])
        for line_hash in set(line_hashes(feature)):
            counts[line_hash] = counts.get(line_hash, 0) + 1
        if len(counts) > cap:
            counts = {h: n for h, n in counts.items() if n > 1}
            exact = False
    return counts, exact


def repeated_blocks(features_by_doc, counts, minimum, explained: dict[bytes, bool]):
    """The hits; `explained` keeps each repeated line's verdict (is it a line another BP rule
    reports? the first holder's decides)."""
    for doc_id, feature in features_by_doc.items():
        if feature is None:
            continue
        _, _, spans, excerpts, positions, placed = feature
        block = []
        for index, line_hash in enumerate(line_hashes(feature)):
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
    return CorpusHit("BP009", doc_id, where, message, {"evidence": "frequency", "documents": fewest, "lines": lines})

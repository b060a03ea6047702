"""BP009's state for growing: each line's count, which documents hold it, and the digests
already counted; and its grow step (see rules.base.Growth)."""

import numpy as np

from corpus_qa.corpus.postings import Postings
from corpus_qa.rules.boilerplate._line_counts import line_hashes, repeated_blocks


class LineIndex:
    """BP009's index of a corpus: its line counts and the documents holding each line."""

    def __init__(self, features_by_doc, counts, exact, explained):
        holders = [(doc_id, feature) for doc_id, feature in features_by_doc.items() if feature is not None]
        self.exact = exact
        self.explained = dict(explained)  # the verdicts the full reduce gave: growing keeps them
        self.ids = [doc_id for doc_id, _ in holders]
        self.lines = Postings.of(_line_keys(feature) for _, feature in holders)
        keys = np.frombuffer(b"".join(counts), dtype="<u8")
        order = np.argsort(keys)
        self.count_keys = keys[order]
        self.count_values = np.fromiter(counts.values(), dtype=np.int64, count=len(counts))[order]
        self.digests = {feature[0] for _, feature in holders}

    def count_of(self, keys):
        """The count of each line hash (uint64 keys) in the indexed corpus."""
        if not len(self.count_keys):
            return np.zeros(len(keys), dtype=np.int64)
        at = np.searchsorted(self.count_keys, keys).clip(0, len(self.count_keys) - 1)
        return np.where(self.count_keys[at] == keys, self.count_values[at], 0)


def grow(growth, minimum, cap):
    """Only lines of the added documents change their counts; the old documents holding such
    a line at or above the threshold are judged again with the added ones."""
    state = growth.state
    if not state.exact:
        return None
    added = {doc_id: feature for doc_id, feature in growth.added.items() if feature is not None}
    increments: dict[bytes, int] = {}
    digests = set(state.digests)  # an exact copy of a counted document counts for nothing
    for feature in added.values():
        if feature[0] in digests:
            continue
        digests.add(feature[0])
        for line_hash in set(line_hashes(feature)):
            increments[line_hash] = increments.get(line_hash, 0) + 1
    affected = []
    if increments:
        keys = np.frombuffer(b"".join(increments), dtype="<u8")
        before = state.count_of(keys)
        if len(state.count_keys) + int((before == 0).sum()) > cap:
            return None
        after = before + np.fromiter(increments.values(), dtype=np.int64, count=len(increments))
        affected = [state.ids[holder] for holder in state.lines.holders(keys[after >= minimum])]
    judged = {**growth.load(affected), **added}
    if not judged:
        return list(growth.hits)
    needed = np.unique(np.concatenate([_line_keys(feature) for feature in judged.values()]))
    raw = needed.astype("<u8").tobytes()
    counts = {}
    for at, before in enumerate(state.count_of(needed).tolist()):
        line_hash = raw[8 * at : 8 * at + 8]
        counts[line_hash] = before + increments.get(line_hash, 0)
    kept = [hit for hit in growth.hits if hit.document not in judged]
    return kept + list(repeated_blocks(judged, counts, minimum, dict(state.explained)))


def _line_keys(feature):
    return np.frombuffer(feature[1], dtype="<u8")

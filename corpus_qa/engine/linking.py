"""Which documents a corpus check with `keys` (see rules.base.CorpusCheck) needs to see: those
holding a key that enough documents hold. On a large corpus only they are reduced: a duplicate needs
another document with the same band, paragraph or title, a repeated line needs its minimum
of documents, and the rest of a million documents can be left out of memory. The documents
linked by such keys fall into parts (connected components, found with scipy) that a check
reducing each part apart from the rest needs to see together.

A million documents hold tens of millions of keys, more than the features kept. So the keys
go to a temporary file as they are taken, each batch's split into partitions by key, and the
keys are counted one partition at a time: memory holds one partition, whatever the corpus.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterable
from typing import IO, Any, NamedTuple

from corpus_qa.rules.base import CorpusCheck, RuleContext, Keys

DOCUMENTS_PER_PARTITION = 50_000  # a partition holds the keys of about this many documents
# a key, the position of its holder, and whether the key is capped (see CorpusCheck.keys)
_ENTRY = [("key", "<u8"), ("owner", "<u4"), ("capped", "u1")]


class Linked(NamedTuple):
    """What the keys of one check say about the documents."""

    holders: Any  # boolean array over document positions: holds a key that links documents
    parts: Any  # int array over positions: the part (connected component) of a holder, -1
    # elsewhere; None for a check that needs no parts (it is judged: see rules.base)
    crowded: Any  # sorted uint64 array: the capped keys held by more than `most` documents


def linked_documents(batches: Iterable[list[dict[str, Any]]], checks: list[tuple[type[CorpusCheck], RuleContext]],
                     documents: int) -> dict[str, Linked]:
    """{check name: Linked}, for checks with keys. A key links its holders when at least the
    check's least number of documents hold it, and, if it is capped, at most `most`.
    `batches`: every one of the `documents` documents' features ({check name: feature}), in
    order, a list at a time."""
    partitions = max(1, -(-documents // DOCUMENTS_PER_PARTITION))
    keyed = [(check(ctx), _KeySpill(partitions)) for check, ctx in checks]
    count = 0
    try:
        for batch in batches:
            for instance, spill in keyed:
                shared = Keys(*instance.keys([features.get(instance.name) for features in batch]))
                spill.least, spill.most = shared.least, shared.most
                spill.add(shared.keys, shared.owners, shared.capped, count)
            count += len(batch)
        return {instance.name: spill.linked(count, parts=instance.judge is None) for instance, spill in keyed}
    finally:
        for _, spill in keyed:
            spill.close()


class _KeySpill:
    """(key, holder, capped) entries on disk, grouped by partition within each batch written."""

    def __init__(self, partitions: int):
        self.partitions = partitions
        self.least = 1
        self.most: int | None = None
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="corpus-qa-keys-")  # noqa: SIM115 - closed by close()
        self._segments: list[list[tuple[int, int]]] = [[] for _ in range(partitions)]  # (offset, entries)

    def add(self, keys, owners, capped, first: int) -> None:
        import numpy as np  # imported late: listing the rules does not need it

        entries = np.empty(len(keys), dtype=_ENTRY)
        entries["key"] = keys
        entries["owner"] = np.asarray(owners, dtype=np.int64) + first
        entries["capped"] = False if capped is None else capped
        part_of = entries["key"] % np.uint64(self.partitions)
        order = np.argsort(part_of, kind="stable")
        entries, part_of = entries[order], part_of[order]
        bounds = np.searchsorted(part_of, np.arange(self.partitions + 1, dtype=np.uint64))
        for part, (start, end) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist())):
            if end > start:
                self._segments[part].append((self._file.tell(), end - start))
                self._file.write(entries[start:end].tobytes())

    def linked(self, documents: int, parts: bool) -> Linked:
        import numpy as np
        from scipy.sparse import coo_matrix
        from scipy.sparse.csgraph import connected_components

        holders = np.zeros(documents, dtype=bool)
        links, crowded = [], []  # (first holder, holder) of each linking run's entries; crowded keys
        for entries in self._partitions():
            keys = entries["key"]
            starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
            runs = np.diff(np.append(starts, len(keys)))
            # a key held twice by one document counts twice here: that only adds documents to reduce
            linking = runs >= max(self.least, 1)
            if self.most is not None:
                over = entries["capped"][starts].astype(bool) & (runs > self.most)
                crowded.append(keys[starts[over]])
                linking &= ~over
            taken = np.repeat(linking, runs)
            owners = entries["owner"][taken]
            holders[owners] = True
            if parts:
                links.append(np.stack((np.repeat(entries["owner"][starts[linking]], runs[linking]), owners)))
        crowded_keys = np.unique(np.concatenate(crowded)) if crowded else np.zeros(0, dtype=np.uint64)
        if not parts:
            return Linked(holders, None, crowded_keys)
        pairs = np.concatenate(links, axis=1) if links else np.zeros((2, 0), dtype=np.uint32)
        graph = coo_matrix((np.ones(pairs.shape[1], dtype=np.int8), (pairs[0], pairs[1])), shape=(documents, documents))
        del pairs, links
        _, labels = connected_components(graph, directed=False)
        return Linked(holders, np.where(holders, labels, -1), crowded_keys)

    def _partitions(self):
        """Each partition's entries, sorted by key."""
        import numpy as np

        size = np.dtype(_ENTRY).itemsize
        for segments in self._segments:
            parts = []
            for offset, count in segments:
                self._file.seek(offset)
                parts.append(np.frombuffer(self._file.read(count * size), dtype=_ENTRY))
            if parts:
                entries = np.concatenate(parts)
                del parts
                yield entries[np.argsort(entries["key"], kind="stable")]

    def close(self) -> None:
        self._file.close()

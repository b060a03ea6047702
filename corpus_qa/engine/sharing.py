"""Which documents a corpus rule with `sharing` (see rules.base) needs to see: those holding a
key that enough documents hold. On a large corpus only they are reduced: a duplicate needs
another document with the same band, paragraph or title, a repeated line needs its minimum
of documents, and the rest of a million documents can be left out of memory.

A million documents hold tens of millions of keys, more than the features kept. So the keys
go to a temporary file as they are taken, each batch's split into partitions by key, and the
keys are counted one partition at a time: memory holds one partition, whatever the corpus.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from typing import IO, Any, NamedTuple

from corpus_qa.rules.base import Rule, RuleContext

DOCUMENTS_PER_PARTITION = 50_000  # a partition holds the keys of about this many documents
_ENTRY = [("key", "<u8"), ("owner", "<u4")]  # a key and the position of its holder


class Group(NamedTuple):
    """Rules with one `sharing` function and one context (a family's): they see the same
    features (rules.base), so the keys are taken once for all of them."""

    sharing: Callable
    ctx: RuleContext
    codes: list[str]


def sharing_groups(rules: list[tuple[Rule, RuleContext]]) -> list[Group]:
    groups: dict[tuple[Callable, int], Group] = {}
    for rule, ctx in rules:
        if rule.sharing is not None:
            groups.setdefault((rule.sharing, id(ctx)), Group(rule.sharing, ctx, [])).codes.append(rule.code)
    return list(groups.values())


def sharing_documents(batches: Iterable[list[dict[str, Any]]], groups: list[Group], documents: int) -> dict[str, Any]:
    """{rule code: boolean array over document positions}: True where the document holds a
    key held by at least the rule's least number of documents. `batches`: every one of the
    `documents` documents' features ({code: feature}), in order, a list at a time."""
    partitions = max(1, -(-documents // DOCUMENTS_PER_PARTITION))
    spills = [_KeySpill(partitions) for _ in groups]
    count = 0
    try:
        for batch in batches:
            for spill, group in zip(spills, groups):
                keys, owners, spill.least = group.sharing([features.get(group.codes[0]) for features in batch], group.ctx)
                spill.add(keys, owners, count)
            count += len(batch)
        wanted: dict[str, Any] = {}
        for spill, group in zip(spills, groups):
            keep = spill.holders_of_frequent_keys(count)
            for code in group.codes:
                wanted[code] = keep
        return wanted
    finally:
        for spill in spills:
            spill.close()


class _KeySpill:
    """(key, holder) entries on disk, grouped by partition within each batch written."""

    def __init__(self, partitions: int):
        self.partitions = partitions
        self.least = 1
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="corpus-qa-keys-")  # noqa: SIM115 - closed by close()
        self._segments: list[list[tuple[int, int]]] = [[] for _ in range(partitions)]  # (offset, entries)

    def add(self, keys, owners, first: int) -> None:
        import numpy as np  # imported late: listing the rules does not need it

        entries = np.empty(len(keys), dtype=_ENTRY)
        entries["key"] = keys
        entries["owner"] = np.asarray(owners, dtype=np.int64) + first
        part_of = entries["key"] % np.uint64(self.partitions)
        order = np.argsort(part_of, kind="stable")
        entries, part_of = entries[order], part_of[order]
        bounds = np.searchsorted(part_of, np.arange(self.partitions + 1, dtype=np.uint64))
        for part, (start, end) in enumerate(zip(bounds[:-1].tolist(), bounds[1:].tolist())):
            if end > start:
                self._segments[part].append((self._file.tell(), end - start))
                self._file.write(entries[start:end].tobytes())

    def holders_of_frequent_keys(self, documents: int):
        import numpy as np

        size = np.dtype(_ENTRY).itemsize
        keep = np.zeros(documents, dtype=bool)
        least = max(self.least, 1)
        for segments in self._segments:
            parts = []
            for offset, count in segments:
                self._file.seek(offset)
                parts.append(np.frombuffer(self._file.read(count * size), dtype=_ENTRY))
            if not parts:
                continue
            entries = np.concatenate(parts)
            del parts
            entries = entries[np.argsort(entries["key"], kind="stable")]
            keys = entries["key"]
            starts = np.flatnonzero(np.concatenate(([True], keys[1:] != keys[:-1])))
            runs = np.diff(np.append(starts, len(keys)))
            # a key held twice by one document counts twice here: that only adds documents to reduce
            keep[entries["owner"][np.repeat(runs >= least, runs)]] = True
        return keep

    def close(self) -> None:
        self._file.close()

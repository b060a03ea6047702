"""The corpus-wide phase without every document's features in memory (see CorpusPhase).

Each check is reduced the way it declares it can be (rules.base.CorpusCheck):
  - a check with `judge` is judged a slice of documents at a time, once its `tally` has seen
    every document (with `keys`: every document holding a linking key);
  - another check with `keys` reduces each part of the documents its keys link
    (engine.linking) apart from the others, parts packed into bins of about
    DOCUMENTS_PER_PARTITION documents, a fresh instance per bin;
  - any other check reduces over every document at once.
The features each needs are taken from the entries in one pass and kept in SpillLists, and
the hits go to disk too, sorted by document (engine.placed), so memory holds a bin, a slice
and the tallies, or the largest part where one part is larger than a bin.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from typing import Any

from corpus_qa.engine import linking
from corpus_qa.engine.placed import PlacedHits
from corpus_qa.engine.check_features import FeatureRows
from corpus_qa.engine.spill import SpillList
from corpus_qa.rules.base import CorpusCheck, CorpusHit, RuleContext

SLICE = 20_000  # documents judged at once; also about how many the spills keep in memory together

Batches = Callable[[], Iterator[tuple[list[str], list[dict[str, Any]]]]]
Failed = Callable[[type[CorpusCheck], Exception], None]


class _Judged:
    """A check with `judge`: the features of the documents it judges."""

    def __init__(self, check: type[CorpusCheck], ctx: RuleContext, holders):
        self.check, self.ctx = check, ctx
        self.holders = holders  # boolean array over positions, or None: every document
        self.features = SpillList()


class _Parted:
    """A check with `keys` and no judge: reduced a bin of linked documents at a time."""

    def __init__(self, check: type[CorpusCheck], ctx: RuleContext, linked: linking.Linked):
        self.check, self.ctx = check, ctx
        self.linked = linked
        self.bin_of = _bins(linked.parts)  # position -> bin, -1 where the document links to nothing
        self.bins = [SpillList() for _ in range(1 + int(self.bin_of.max(initial=-1)))]


def in_parts(checks: list[tuple[type[CorpusCheck], RuleContext]], read: Batches, documents: int,
             failed: Failed) -> tuple[dict[str, PlacedHits], dict[str, Any]]:
    """({rule code: its hits}, stats). `read()` gives every document's features, in order, a
    batch at a time; a check that raised is given to `failed` and its rules have no hits. The
    hits go to disk as they are found, a chunk at a time (PlacedHits)."""
    if not checks:
        return {}, {}
    keyed = [(check, ctx) for check, ctx in checks if check.keys is not None]
    linked = linking.linked_documents((batch for _, batch in read()), keyed, documents) if keyed else {}
    judged: list[_Judged] = []
    parted: list[_Parted] = []
    whole: list[tuple[type[CorpusCheck], RuleContext]] = []
    for check, ctx in checks:
        found = linked.get(check.name)
        if check.judge is not None:
            judged.append(_Judged(check, ctx, found.holders if found else None))
        elif found is not None:
            parted.append(_Parted(check, ctx, found))
        else:
            whole.append((check, ctx))
    spills = [group.features for group in judged] + [part for group in parted for part in group.bins]
    for spill in spills:
        spill.in_memory = SLICE // len(spills)
    rows = FeatureRows([check.name for check, _ in whole])

    position = 0
    for ids, batch in read():
        for doc_id, features in zip(ids, batch):
            for group in judged:
                feature = features.get(group.check.name)
                if feature is not None and (group.holders is None or group.holders[position]):
                    group.features.append((position, doc_id, feature))
            for group in parted:
                if group.bin_of[position] >= 0:
                    group.bins[group.bin_of[position]].append((position, doc_id, features.get(group.check.name)))
            if whole:
                rows.add(doc_id, features)
            position += 1

    hits = _Hits(failed)
    seen: dict[str, int] = {}
    stats: dict[str, Any] = {}
    for group in judged:
        seen[group.check.name] = len(group.features)
        _judge(group, hits)
        group.features.close()
    for group in parted:
        hits.start(group.check)
        seen[group.check.name] = sum(len(part) for part in group.bins)
        bin_ctx = dataclasses.replace(group.ctx, crowded=group.linked.crowded)
        for part in group.bins:
            features = {doc_id: feature for _, doc_id, feature in part}
            where = {doc_id: position for position, doc_id, _ in part}
            part.close()
            hits.add(group.check, partial(_reduced, group.check, bin_ctx, features), where)
            del features, where
        stats["corpus_largest_part"] = max(stats.get("corpus_largest_part", 0), _largest(group.linked.parts))
    by_check = rows.by_check()
    where = {doc_id: position for position, doc_id in enumerate(rows.rows)}
    for check, ctx in whole:
        hits.start(check)
        seen[check.name] = len(by_check[check.name])
        hits.add(check, partial(_reduced, check, ctx, by_check[check.name]), where)
    stats["corpus_documents_reduced"] = dict(sorted(seen.items()))
    return hits.by_code, stats


class _Hits:
    """The checks' hits as they are found, by rule code; a check that raises loses them all."""

    def __init__(self, failed: Failed):
        self.failed = failed
        self.by_code: dict[str, PlacedHits] = {}

    def start(self, check: type[CorpusCheck]) -> None:
        for code in check.codes:
            self.by_code[code] = PlacedHits(spill=True)

    def add(self, check: type[CorpusCheck], find: Callable[[], Iterable[CorpusHit]], where: Mapping[str, int],
            after_last: bool = False) -> None:
        """Adds what find() finds (documents at positions `where`), unless the check has failed."""
        if check.codes[0] not in self.by_code:
            return
        try:
            found: dict[str, list[CorpusHit]] = {code: [] for code in check.codes}
            for hit in find():
                found[hit.rule].append(hit)
        except Exception as error:  # noqa: BLE001 - a broken check must not stop the run
            for code in check.codes:
                self.by_code.pop(code).close()
            self.failed(check, error)
            return
        for code, code_hits in found.items():
            self.by_code[code].add(code_hits, where, after_last=after_last)


def _reduced(check: type[CorpusCheck], ctx: RuleContext, features: Mapping[str, Any]) -> Iterable[CorpusHit]:
    return check(ctx).reduce(features)


def _judge(group: _Judged, hits: _Hits) -> None:
    """The check tallied (a pass), then judged a slice at a time (one pass)."""
    instance = group.check(group.ctx)
    hits.start(group.check)
    summary: list[Any] = []
    hits.add(group.check, lambda: summary.append(instance.tally(f for _, _, f in group.features)) or (), {})
    chunk: dict[str, Any] = {}
    where: dict[str, int] = {}
    for index, (position, doc_id, feature) in enumerate(group.features, 1):
        chunk[doc_id] = feature
        where[doc_id] = position
        if len(chunk) >= SLICE or index == len(group.features):
            judged, placed = chunk, where
            hits.add(group.check, lambda: instance.judge(judged, summary[0]), placed, True)
            chunk, where = {}, {}


def _bins(parts):
    """Position -> bin (-1: in no part): parts in the order of their first document, a bin
    filled up to DOCUMENTS_PER_PARTITION documents (a larger part has a bin of its own)."""
    import numpy as np

    bin_of = np.full(len(parts), -1, dtype=np.int32)
    held = parts >= 0
    if not held.any():
        return bin_of
    labels, first, sizes = np.unique(parts[held], return_index=True, return_counts=True)
    bin_of_label = np.empty(len(labels), dtype=np.int32)
    current, filled = 0, 0
    for at in np.argsort(first, kind="stable").tolist():
        if filled and filled + sizes[at] > linking.DOCUMENTS_PER_PARTITION:
            current, filled = current + 1, 0
        bin_of_label[at] = current
        filled += int(sizes[at])
    bin_of[held] = bin_of_label[np.searchsorted(labels, parts[held])]
    return bin_of


def _largest(parts) -> int:
    import numpy as np

    held = parts[parts >= 0]
    return int(np.bincount(held).max()) if len(held) else 0

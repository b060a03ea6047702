"""The corpus-wide phase without every document's features in memory (see CorpusPhase).

Each corpus rule is reduced the way it declares it can be (rules.base):
  - a rule with `judge` is judged a slice of documents at a time, once its `tally` has seen
    every document (with `sharing`: every document holding a shared key);
  - another rule with `sharing` reduces each part of the documents its keys link
    (engine.sharing) apart from the others, parts packed into bins of about
    DOCUMENTS_PER_PARTITION documents;
  - any other rule reduces over every document at once.
The features each needs are taken from the entries in one pass and kept in SpillLists, and
the hits go to disk too, sorted by document (engine.placed), so memory holds a bin, a slice
and the tallies, or the largest part where one part is larger than a bin.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from typing import Any

from corpus_qa.engine import sharing
from corpus_qa.engine.placed import PlacedHits
from corpus_qa.engine.rule_features import FeatureRows
from corpus_qa.engine.spill import SpillList
from corpus_qa.rules.base import CorpusHit, Rule, RuleContext, forget_run_memos

SLICE = 20_000  # documents judged at once; also about how many the spills keep in memory together

Batches = Callable[[], Iterator[tuple[list[str], list[dict[str, Any]]]]]


class _Judged:
    """Rules with `judge` that see the same features of the same documents."""

    def __init__(self, code: str, holders):
        self.code = code  # whose features (the group's rules share them)
        self.holders = holders  # boolean array over positions, or None: every document
        self.rules: list[tuple[Rule, RuleContext]] = []
        self.features = SpillList()


class _Parted:
    """Rules with one `sharing` (and no judge): reduced a bin of linked documents at a time."""

    def __init__(self, code: str, shared: sharing.Shared):
        self.code = code
        self.shared = shared
        self.bin_of = _bins(shared.parts)  # position -> bin, -1 where the document links to nothing
        self.bins = [SpillList() for _ in range(1 + int(self.bin_of.max(initial=-1)))]
        self.rules: list[tuple[Rule, RuleContext]] = []


def corpus_hits(rules: list[tuple[Rule, RuleContext]], read: Batches, documents: int,
                failed: Callable[[Rule, Exception], None]) -> tuple[dict[str, PlacedHits], dict[str, Any]]:
    """({rule code: its hits}, stats). `read()` gives every document's features, in order, a
    batch at a time; a rule that raised is given to `failed` and has no hits. The hits go to
    disk as they are found, a chunk at a time (PlacedHits)."""
    if not rules:
        return {}, {}
    groups = sharing.sharing_groups([(rule, ctx) for rule, ctx in rules if rule.sharing is not None])
    shared = sharing.sharing_documents((batch for _, batch in read()), groups, documents) if groups else {}
    judged: dict[tuple, _Judged] = {}
    parted: dict[tuple, _Parted] = {}
    whole: list[tuple[Rule, RuleContext]] = []
    for rule, ctx in rules:
        found = shared.get(rule.code)
        if rule.judge is not None:
            key = (rule.features, id(ctx), id(found))
            group = judged.setdefault(key, _Judged(rule.code, found.holders if found else None))
        elif found is not None:
            key = (rule.sharing, id(ctx))
            if key not in parted:
                parted[key] = _Parted(rule.code, found)
            group = parted[key]
        else:
            whole.append((rule, ctx))
            continue
        group.rules.append((rule, ctx))
    spills = [group.features for group in judged.values()] + [part for group in parted.values() for part in group.bins]
    for spill in spills:
        spill.in_memory = SLICE // len(spills)
    rows = FeatureRows([rule.code for rule, _ in whole])

    position = 0
    for ids, batch in read():
        for doc_id, features in zip(ids, batch):
            for group in judged.values():
                feature = features.get(group.code)
                if feature is not None and (group.holders is None or group.holders[position]):
                    group.features.append((position, doc_id, feature))
            for group in parted.values():
                if group.bin_of[position] >= 0:
                    group.bins[group.bin_of[position]].append((position, doc_id, features.get(group.code)))
            if whole:
                rows.add(doc_id, features)
            position += 1

    hits: dict[str, PlacedHits] = {}
    seen: dict[str, int] = {}
    stats: dict[str, Any] = {}
    for group in judged.values():
        seen.update((rule.code, len(group.features)) for rule, _ in group.rules)
        _judge(group, hits, failed)
        group.features.close()
    for group in parted.values():
        for rule, _ in group.rules:
            hits[rule.code] = PlacedHits(spill=True)
            seen[rule.code] = sum(len(part) for part in group.bins)
        for part in group.bins:
            features = {doc_id: feature for _, doc_id, feature in part}
            where = {doc_id: position for position, doc_id, _ in part}
            part.close()
            for rule, ctx in group.rules:
                bin_ctx = dataclasses.replace(ctx, crowded=group.shared.crowded)
                _add(hits, rule, failed, partial(rule.reduce, features, bin_ctx), where)
            del features, where
            forget_run_memos()  # what the family worked out on this bin
        stats["corpus_largest_part"] = max(stats.get("corpus_largest_part", 0), _largest(group.shared.parts))
    by_rule = rows.by_rule()
    where = {doc_id: position for position, doc_id in enumerate(rows.rows)}
    for rule, ctx in whole:
        hits[rule.code] = PlacedHits(spill=True)
        seen[rule.code] = len(by_rule[rule.code])
        _add(hits, rule, failed, partial(rule.reduce, by_rule[rule.code], ctx), where)
    stats["corpus_documents_reduced"] = dict(sorted(seen.items()))
    return hits, stats


def _add(hits: dict[str, PlacedHits], rule: Rule, failed, find: Callable[[], Iterable[CorpusHit]],
         where: Mapping[str, int], after_last: bool = False) -> None:
    """Adds what find() finds to the rule's hits (documents at positions `where`), unless the
    rule has failed (no entry)."""
    if rule.code not in hits:
        return
    try:
        hits[rule.code].add(find(), where, after_last=after_last)
    except Exception as error:  # noqa: BLE001 - a broken rule must not stop the run
        hits.pop(rule.code).close()
        failed(rule, error)


def _judge(group: _Judged, hits: dict[str, PlacedHits], failed) -> None:
    """Every rule of the group tallied (a pass each), then judged a slice at a time (one pass)."""
    summaries = {}

    def tally(rule: Rule, ctx: RuleContext) -> tuple[()]:
        summaries[rule.code] = rule.tally((feature for _, _, feature in group.features), ctx)
        return ()

    for rule, ctx in group.rules:
        hits[rule.code] = PlacedHits(spill=True)
        _add(hits, rule, failed, partial(tally, rule, ctx), {})
    chunk: dict[str, Any] = {}
    where: dict[str, int] = {}
    for index, (position, doc_id, feature) in enumerate(group.features, 1):
        chunk[doc_id] = feature
        where[doc_id] = position
        if len(chunk) >= SLICE or index == len(group.features):
            for rule, ctx in group.rules:
                _add(hits, rule, failed, partial(rule.judge, chunk, summaries.get(rule.code), ctx), where, True)
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
        if filled and filled + sizes[at] > sharing.DOCUMENTS_PER_PARTITION:
            current, filled = current + 1, 0
        bin_of_label[at] = current
        filled += int(sizes[at])
    bin_of[held] = bin_of_label[np.searchsorted(labels, parts[held])]
    return bin_of


def _largest(parts) -> int:
    import numpy as np

    held = parts[parts >= 0]
    return int(np.bincount(held).max()) if len(held) else 0

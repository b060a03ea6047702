"""Corpus rules' hits placed at their documents' positions (document order), in runs sorted by
position: the merge (engine.merge) joins them to the documents in one ordered pass, so a large run
can keep them on disk (SpillLists) meanwhile instead of holding them all in memory."""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import itemgetter

from corpus_qa.engine.spill import SpillList
from corpus_qa.rules.base import CorpusHit

Run = Sequence[tuple[int, CorpusHit]]


class PlacedHits:
    """One rule's hits."""

    def __init__(self, spill: bool = False):
        self.runs: list[Run] = []
        self.strays: list[CorpusHit] = []  # on documents the rule was not given
        self.spill = spill

    @classmethod
    def of(cls, found: Iterable[CorpusHit], position_of: Mapping[str, int]) -> PlacedHits:
        placed = cls()
        placed.add(found, position_of)
        return placed

    def add(self, found: Iterable[CorpusHit], position_of: Mapping[str, int], *, after_last: bool = False) -> None:
        """Add `found` placed by `position_of` as a new run, sorted (a document's hits keep
        their order); `after_last`: they all come after the last run's, which they extend."""
        placed = []
        for hit in found:
            position = position_of.get(hit.document)
            if position is None:
                self.strays.append(hit)
            else:
                placed.append((position, hit))
        if not placed:
            return
        placed.sort(key=itemgetter(0))
        if after_last and self.runs:
            self.runs[-1].extend(placed)
        else:
            self.runs.append(SpillList(placed, in_memory=0) if self.spill else placed)

    def take(self) -> list[CorpusHit]:
        """Every hit as a list, strays first, then by position; the runs are closed."""
        taken = self.strays + [hit for run in self.runs for _, hit in run]
        self.close()
        return taken

    def close(self) -> None:
        for run in self.runs:
            if isinstance(run, SpillList):
                run.close()


def merged(placed: list[PlacedHits]) -> Iterator[tuple[int, int, CorpusHit]]:
    """(position, index in `placed`, hit) of every run's hits by position; at one position in
    the order of `placed`, each rule's hits in its own order."""
    return heapq.merge(*(_tagged(run, index) for index, rule_hits in enumerate(placed) for run in rule_hits.runs),
                       key=itemgetter(0))


def _tagged(run: Run, index: int) -> Iterator[tuple[int, int, CorpusHit]]:
    return ((position, index, hit) for position, hit in run)

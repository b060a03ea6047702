"""Which documents a corpus rule with `sharing` (see rules.base) needs to see: those holding a
key that enough documents hold. On a large corpus only they are reduced: a duplicate needs
another document with the same band, paragraph or title, a repeated line needs its minimum
of documents, and the rest of a million documents can be left out of memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from corpus_qa.rules.base import Rule, RuleContext


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


def sharing_documents(batches: Iterable[list[dict[str, Any]]], groups: list[Group]) -> dict[str, Any]:
    """{rule code: boolean array over document positions}: True where the document holds a
    key held by at least the rule's least number of documents. `batches`: every document's
    features ({code: feature}), in order, a list at a time."""
    import numpy as np  # imported late: listing the rules does not need it

    keys: list[list] = [[] for _ in groups]
    owners: list[list] = [[] for _ in groups]
    least = [1] * len(groups)
    count = 0
    for batch in batches:
        for at, group in enumerate(groups):
            batch_keys, batch_owners, least[at] = group.sharing([features.get(group.codes[0]) for features in batch], group.ctx)
            keys[at].append(np.asarray(batch_keys, dtype=np.uint64))
            owners[at].append(np.asarray(batch_owners, dtype=np.int64) + count)
        count += len(batch)
    wanted: dict[str, Any] = {}
    for at, group in enumerate(groups):
        held = np.concatenate(keys[at]) if keys[at] else np.zeros(0, dtype=np.uint64)
        holders = np.concatenate(owners[at]) if owners[at] else np.zeros(0, dtype=np.int64)
        keys[at] = owners[at] = []  # free the batches' arrays once joined
        # a key held twice by one document counts twice here: that only adds documents to reduce
        values, counts = np.unique(held, return_counts=True)
        frequent = values[counts >= max(least[at], 1)]
        keep = np.zeros(count, dtype=bool)
        keep[holders[np.isin(held, frequent)]] = True
        for code in group.codes:
            wanted[code] = keep
    return wanted

"""What a corpus check's reduce receives: {document id: that check's feature}, in document order.

A document's features for every corpus check arrive as one dict; rather than keep a dict per
check (dicts of a million entries each on a large corpus), the features are kept as one row
per document, a tuple in the checks' order, and each check sees a read-only view of its column.
"""

from __future__ import annotations

from collections.abc import ItemsView, Iterator, Mapping, ValuesView
from typing import Any

_ABSENT = object()  # the document has no feature for this rule (it could not be read)


class FeatureRows:
    """document id -> the document's features, one per check of `names`."""

    def __init__(self, names: list[str]):
        self.names = names
        self.rows: dict[str, tuple[Any, ...]] = {}

    def add(self, doc_id: str, features: dict[str, Any]) -> None:
        self.rows[doc_id] = tuple(features.get(name, _ABSENT) for name in self.names)

    def by_check(self) -> dict[str, CheckFeatures]:
        return {name: CheckFeatures(self.rows, column) for column, name in enumerate(self.names)}


class CheckFeatures(Mapping):
    def __init__(self, rows: dict[str, tuple[Any, ...]], column: int):
        self._rows = rows
        self._column = column
        self._count = sum(1 for row in rows.values() if row[column] is not _ABSENT)

    def __getitem__(self, doc_id: str) -> Any:
        feature = self._rows[doc_id][self._column]
        if feature is _ABSENT:
            raise KeyError(doc_id)
        return feature

    def __iter__(self) -> Iterator[str]:
        column = self._column
        return (doc_id for doc_id, row in self._rows.items() if row[column] is not _ABSENT)

    def __len__(self) -> int:
        return self._count

    def items(self) -> ItemsView:
        return _Items(self)

    def values(self) -> ValuesView:
        return _Values(self)


class _Items(ItemsView):
    def __iter__(self):
        column = self._mapping._column
        for doc_id, row in self._mapping._rows.items():
            if row[column] is not _ABSENT:
                yield doc_id, row[column]


class _Values(ValuesView):
    def __iter__(self):
        column = self._mapping._column
        return (row[column] for row in self._mapping._rows.values() if row[column] is not _ABSENT)

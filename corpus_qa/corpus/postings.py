"""Which documents hold a key: sorted uint64 keys beside the position of their holder, for
corpus rules that grow their findings when documents are added (see rules.base.Growth).

A key is a 64-bit hash (a line, a paragraph, an LSH band, a title). Two different values may
share one, so a lookup can only name too many holders, never too few: callers read the
holders' features before they conclude anything.
"""

from __future__ import annotations

import hashlib
from typing import Iterable

import numpy as np


class Postings:
    def __init__(self, keys: np.ndarray, owners: np.ndarray):
        """keys[i] is held by the holder at position owners[i] (a pair given twice counts once)."""
        keys, owners = np.asarray(keys, dtype=np.uint64), np.asarray(owners, dtype=np.int32)
        order = np.lexsort((owners, keys))
        keys, owners = keys[order], owners[order]
        first = np.ones(len(keys), dtype=bool)
        first[1:] = (keys[1:] != keys[:-1]) | (owners[1:] != owners[:-1])
        self.keys, self.owners = keys[first], owners[first]

    @classmethod
    def of(cls, keys_per_holder: Iterable[np.ndarray]) -> "Postings":
        """keys_per_holder[i]: the keys of the holder at position i."""
        arrays = [np.asarray(keys, dtype=np.uint64) for keys in keys_per_holder]
        keys = np.concatenate(arrays) if arrays else np.zeros(0, dtype=np.uint64)
        return cls(keys, np.repeat(np.arange(len(arrays), dtype=np.int32), [len(a) for a in arrays]))

    def counts(self, keys: np.ndarray) -> np.ndarray:
        """How many holders each key has."""
        keys = np.asarray(keys, dtype=np.uint64)
        return np.searchsorted(self.keys, keys, "right") - np.searchsorted(self.keys, keys, "left")

    def holders(self, keys: np.ndarray) -> np.ndarray:
        """The sorted positions of every holder of any of `keys`."""
        keys = np.unique(np.asarray(keys, dtype=np.uint64))
        starts = np.searchsorted(self.keys, keys, "left")
        ends = np.searchsorted(self.keys, keys, "right")
        found = ends > starts
        if not found.any():
            return np.zeros(0, dtype=np.int32)
        starts, ends = starts[found], ends[found]
        spans = ends - starts
        # every index in [start, end) of every span, without a Python loop
        offsets = np.repeat(starts - np.concatenate(([0], np.cumsum(spans)[:-1])), spans)
        return np.unique(self.owners[np.arange(spans.sum()) + offsets])


def hash64(text: str) -> int:
    """A 64-bit key for a string (a title, a URL)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")

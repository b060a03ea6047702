"""A list that keeps a run's per-document results within a memory bound.

A million-document run has millions of findings, document summaries and pickled corpus
features; held as Python objects they would need gigabytes. A SpillList keeps its first
`in_memory` items as they are and pickles the rest, a chunk at a time, to an unnamed
temporary file (in TMPDIR, removed when the list is closed or collected). Reading it back is
sequential, a chunk at a time, so any number of passes over it stay within the bound; a
corpus smaller than the bound never touches the disk.
"""

from __future__ import annotations

import pickle
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

KEPT_IN_MEMORY = 50_000
CHUNK = 2_000  # items pickled together


class SpillList(Sequence):
    """Append-only; iteration and `len` as for a list, indexing by position (no slices)."""

    def __init__(self, items: Iterable[Any] = (), *, in_memory: int | None = None, chunk: int | None = None):
        self.in_memory = KEPT_IN_MEMORY if in_memory is None else in_memory
        self.chunk = CHUNK if chunk is None else chunk
        self._lead: list[Any] = []  # items put in front after the fact (with_lead)
        self._head: list[Any] = []
        self._pending: list[Any] = []  # spilled items not yet written
        self._chunks: list[tuple[int, int, int]] = []  # (offset, bytes, items) in the file
        self._file: IO[bytes] | None = None
        self._size = 0
        self._cached: tuple[int, list[Any]] | None = None  # the last chunk read by __getitem__
        self.extend(items)

    @property
    def spilled(self) -> int:
        """How many items live in the temporary file."""
        return self._size - len(self._head)

    def append(self, item: Any) -> None:
        self._size += 1
        if len(self._head) < self.in_memory:
            self._head.append(item)
            return
        self._pending.append(item)
        if len(self._pending) >= self.chunk:
            self._write()

    def hold_at_least(self, count: int) -> SpillList:
        """Keep at least the first `count` items in memory (items held elsewhere anyway:
        spilling them would only cost time). No effect once something has spilled."""
        if not self.spilled:
            self.in_memory = max(self.in_memory, count)
        return self

    def extend(self, items: Iterable[Any]) -> None:
        for item in items:
            self.append(item)

    def with_lead(self, items: list[Any]) -> SpillList:
        """This list with `items` in front; the new list shares this one's storage, so only
        one of the two may be appended to afterwards."""
        joined = SpillList(in_memory=self.in_memory, chunk=self.chunk)
        joined.__dict__.update(self.__dict__)
        joined._lead = list(items) + self._lead
        joined._cached = None
        return joined

    def _write(self) -> None:
        if self._file is None:
            self._file = tempfile.TemporaryFile(prefix="corpus-qa-")  # noqa: SIM115 - open while the list lives
        blob = pickle.dumps(self._pending, protocol=pickle.HIGHEST_PROTOCOL)
        offset = self._file.seek(0, 2)
        self._file.write(blob)
        self._chunks.append((offset, len(blob), len(self._pending)))
        self._pending = []

    def _read(self, chunk: tuple[int, int, int]) -> list[Any]:
        offset, size, _ = chunk
        self._file.seek(offset)
        return pickle.loads(self._file.read(size))

    def __len__(self) -> int:
        return len(self._lead) + self._size

    def __iter__(self) -> Iterator[Any]:
        yield from self._lead
        yield from self._head
        for chunk in list(self._chunks):
            yield from self._read(chunk)
        yield from list(self._pending)

    def __getitem__(self, index: int) -> Any:
        if not isinstance(index, int):
            raise TypeError("a SpillList is indexed by position only")
        length = len(self)
        if index < 0:
            index += length
        if not 0 <= index < length:
            raise IndexError("SpillList index out of range")
        if index < len(self._lead):
            return self._lead[index]
        index -= len(self._lead)
        if index < len(self._head):
            return self._head[index]
        index -= len(self._head)
        number, within = divmod(index, self.chunk)
        if number == len(self._chunks):
            return self._pending[within]
        if self._cached is None or self._cached[0] != number:
            self._cached = (number, self._read(self._chunks[number]))
        return self._cached[1][within]

    def __reduce__(self):
        return list, (list(self),)  # pickled (a snapshot, a Ray object) as the plain list it stands for

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None


def prepended(items: list[Any], sequence: Sequence[Any]) -> Sequence[Any]:
    """`items + sequence` for a list or a SpillList, without copying a SpillList."""
    return sequence.with_lead(items) if isinstance(sequence, SpillList) else list(items) + list(sequence)


def plain(sequence: Sequence[Any]) -> Sequence[Any]:
    """A plain list when nothing was spilled (most runs), else the SpillList itself."""
    if isinstance(sequence, SpillList) and not sequence.spilled:
        return list(sequence)
    return sequence

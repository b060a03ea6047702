"""Which files a run need not read: unchanged ones, whose size and version (an mtime, or a git
blob id: engine.changes) a record has, and whose stat is stable: taken more than _RACY_NS
after the version (a file changed just before its stat may change again unnoticed within
the same mtime tick). Two records have files: the snapshot (their documents and findings are
taken from it) and the cache's file table (their documents' cache keys: the workers fetch
the results, CachedFilesTask). A run records the files it read for the next."""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable, Iterator

from corpus_qa.engine.snapshot import FileRow, Origin, Snapshot, SnapshotRange
from corpus_qa.sources.tasks import KEY_BYTES

if TYPE_CHECKING:
    from corpus_qa.engine.cache import ResultCache
    from corpus_qa.sources import Discovered

_RACY_NS = 2_000_000_000
File = tuple[str, str]  # (path, display)
Recorded = tuple[int, int, bytes]  # (size, version, its documents' cache keys)


class UnchangedFiles:
    def __init__(self, found: Discovered, cache: ResultCache | None, started: float):
        self.found = found
        self.cache = cache
        self.stable_before = (found.scanned_ns or int(started * 1e9)) - _RACY_NS
        self.in_snapshot: dict[File, SnapshotRange] = {}  # see use_snapshot
        self.unread: set[str] = set()  # paths taken by their stat: their records stand
        self._recorded: dict[File, Recorded] | None = None

    def stable(self, stat: tuple[int, int] | None) -> bool:
        return stat is not None and stat[1] < self.stable_before

    def use_snapshot(self, snapshot: Snapshot) -> None:
        """Take the files unchanged since `snapshot` from it."""
        self.in_snapshot = {file: taken for file, stat in self._files()
                            if self.stable(stat) and (taken := snapshot.range_of(*file, stat)) is not None}

    def snapshot_range(self, path: str, display: str, stat: tuple[int, int]) -> SnapshotRange | None:
        """Where a file's documents are in the snapshot, when it is unchanged since (iter_tasks' `reused`)."""
        taken = self.in_snapshot.get((path, display))
        if taken is not None:
            self.unread.add(path)
        return taken

    def recorded_keys(self, path: str, display: str, stat: tuple[int, int]) -> bytes | None:
        """The cache keys of a file's documents, when it is unchanged since the cache's file
        table recorded it (iter_tasks' `known`)."""
        if not self._is_recorded((path, display), stat):
            return None
        self.unread.add(path)
        return self.recorded[(path, display)][2]

    def bytes_to_read(self) -> int:
        """The size of the files neither record has unchanged."""
        return sum(stat[0] for file, stat in self._files()
                   if stat is not None and file not in self.in_snapshot and not self._is_recorded(file, stat))

    def rows_to_record(self, keys_by_file: dict[str, bytes]) -> list[tuple[str, str, int, int, bytes]]:
        """For the cache's file table: the files read whose stat is stable and whose
        documents all have keys, where the table has not these very keys already."""
        rows = []
        for (path, display), stat in self._files():
            if path in self.unread or not self.stable(stat):
                continue
            keys = _of_file(keys_by_file, path)
            if keys and self.recorded.get((path, display)) != (stat[0], stat[1], keys):
                rows.append((path, display, stat[0], stat[1], keys))
        return rows

    def snapshot_rows(self, keys_by_file: dict[str, bytes]) -> list[FileRow]:
        """For the snapshot: each file's stat, first document and document count."""
        rows, first = [], 0
        for (path, display), stat in self._files():
            count = len(_of_file(keys_by_file, path) or b"") // KEY_BYTES
            rows.append((path, display, stat[0], stat[1], first, count))
            first += count
        return rows

    @property
    def recorded(self) -> dict[File, Recorded]:
        """The cache's file table (read once), but for the files the snapshot has."""
        if self._recorded is None:
            if self.cache is None:
                self._recorded = {}
            elif self.in_snapshot:
                self._recorded = self.cache.recorded_files([file for file in self.found.files if file not in self.in_snapshot])
            else:
                self._recorded = self.cache.recorded_files()
        return self._recorded

    def _is_recorded(self, file: File, stat: tuple[int, int]) -> bool:
        entry = self.recorded.get(file)
        return entry is not None and entry[:2] == stat

    def _files(self) -> Iterator[tuple[File, tuple[int, int] | None]]:
        return zip(self.found.files, self.found.stats)


def keys_by_file(origins: Iterable[Origin]) -> dict[str, bytes]:
    """Source path -> its documents' cache keys, in order (every document has a key)."""
    keys: dict[str, bytearray] = {}
    for _, key, source in origins:
        keys.setdefault(source, bytearray()).extend(key)
    return {source: bytes(joined) for source, joined in keys.items()}


def shown(path: str) -> str:
    """A path as its documents name their source (escaped when not valid UTF-8)."""
    from corpus_qa.sources.documents import printable_path

    return printable_path(path)


def _of_file(by_source: dict[str, bytes], path: str) -> bytes | None:
    """by_source's entry for the file at `path`, whichever way its documents name it."""
    found = by_source.get(path)
    return found if found is not None else by_source.get(shown(path))

"""Readers: paths on the command line -> small picklable tasks -> Documents (in the workers).

Tasks carry locations, not text, wherever that is possible (a file path, a byte range of a
JSONL file), so the main process never pickles whole documents to the workers.
"""

from __future__ import annotations

import fnmatch
import os
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator

from corpus_qa.sources.tasks import KEY_BYTES, CachedFilesTask, FileTask, JsonlSliceTask, RecordsTask, Task, records_tasks

__all__ = ["SourceOptions", "SourceError", "Discovered", "Task", "FileTask", "JsonlSliceTask", "RecordsTask",
           "discover", "iter_tasks"]

RECORD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".parquet")


class SourceError(Exception):
    """A path on the command line or in the config that cannot be used (exit 2)."""


@dataclass(frozen=True)
class SourceOptions:
    include: tuple[str, ...] = ("*.txt", "*.md", "*.markdown", "*.html", "*.htm")
    exclude: tuple[str, ...] = (".git", ".hg", ".svn", "__pycache__", "node_modules", ".venv")
    text_field: str = "text"
    id_field: str = "id"
    max_file_size: int = 32 * 1024 * 1024
    jsonl_slice_bytes: int = 1024 * 1024
    files_per_task: int = 16


def _pattern(patterns: tuple[str, ...]) -> re.Pattern[str] | None:
    return re.compile("|".join(fnmatch.translate(p) for p in patterns)) if patterns else None


def _matches(pattern: re.Pattern[str] | None, name: str, rel: str) -> bool:
    """A glob matches a file's name or its path relative to the scanned folder."""
    return pattern is not None and (pattern.match(name) is not None or pattern.match(rel) is not None)


def is_record_file(path: str | Path) -> bool:
    return str(path).lower().endswith(RECORD_SUFFIXES)


# (size, version): the version is the mtime in ns, or for a file git has unmodified a negative
# number from its blob id (engine.changes.with_git_versions)
FileStat = tuple[int, int]


def _walk(root: Path, options: SourceOptions) -> Iterator[tuple[str, str, FileStat | None]]:
    """(path, path relative to root, stat) of the files to read; one scandir per folder,
    whose entries also give each file's size and mtime. Like os.walk: unreadable folders
    are skipped and symlinked folders are not followed."""
    include, exclude = _pattern(options.include), _pattern(options.exclude)

    def visit(folder: str, rel_folder: str) -> Iterator[tuple[str, str, FileStat | None]]:
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError:
            return
        for entry in entries:
            rel = f"{rel_folder}/{entry.name}" if rel_folder else entry.name
            if entry.is_dir():
                if not entry.is_symlink() and not _matches(exclude, entry.name, rel):
                    yield from visit(entry.path, rel)
            elif _matches(include, entry.name, rel) and not _matches(exclude, entry.name, rel):
                try:
                    stat = entry.stat()
                    yield base + rel, rel, (stat.st_size, stat.st_mtime_ns)
                except OSError:
                    yield base + rel, rel, None  # reported as unreadable when read

    # paths spelled as str(root / rel) would spell them, without building a Path per file
    base = "" if str(root) == "." else str(root).rstrip("/") + "/"
    yield from visit(str(root), "")


@dataclass(frozen=True)
class Discovered:
    files: list[tuple[str, str]]  # (path, display name)
    total_bytes: int
    stats: list[FileStat | None]  # per file: (size, version), None when stat failed
    scanned_ns: int = 0  # when the stats were taken (time.time_ns())


def discover(paths: list[str], options: SourceOptions) -> Discovered:
    """The files to read for `paths`, with their display names (the basis of document ids).

    A document id is the path relative to the scanned folder when one folder is given;
    with several paths, each keeps the path as given in front so ids stay unique.
    """
    if not paths:
        raise SourceError("no path to check: give PATH arguments or set `paths` in the config")
    for raw in paths:
        if not Path(raw).exists():
            raise SourceError(f"{raw}: no such file or directory")
    single_folder = len(paths) == 1 and Path(paths[0]).is_dir()
    scanned_ns = time.time_ns()
    found: list[tuple[str, str, FileStat | None]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            prefix = path.as_posix().rstrip("/") + "/" if not single_folder else ""
            walked = [(p, prefix + rel, stat) for p, rel, stat in _walk(path, options)]
            found.extend(sorted(walked, key=lambda item: item[1]))  # by path, not by walk order
        else:
            found.append((str(path), path.as_posix(), _stat(path)))
    files = [(path, display) for path, display, _ in found]
    stats = [stat for _, _, stat in found]
    if any(path.lower().endswith(".parquet") for path, _ in files):
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise SourceError("reading Parquet needs pyarrow: pip install 'corpus-qa[parquet]'") from None
    return Discovered(files, sum(stat[0] for stat in stats if stat), stats, scanned_ns)


def _stat(path: Path) -> FileStat | None:
    try:
        stat = path.stat()
    except OSError:
        return None  # reported as unreadable when the task runs
    return stat.st_size, stat.st_mtime_ns


KnownKeys = Callable[[str, str, FileStat], "bytes | None"]
Reused = Callable[[str, str, FileStat], Any]
_CACHED_DOCUMENTS_PER_TASK = 512


def iter_tasks(
    found: Discovered, options: SourceOptions, known: KnownKeys | None = None, reused: Reused | None = None,
) -> Iterator[Any]:
    """Tasks in document order; record files are read lazily, so memory stays flat.

    `known(path, display, stat)`: the cache keys of an unchanged file's documents, or None;
    such files become CachedFilesTasks, which read nothing. `reused(path, display, stat)`:
    what stands for the file's documents when the caller has them already, or None; it is
    yielded in the file's place, among the tasks."""
    batch: list[tuple[str, str]] = []
    cached = _CachedBatch()
    for (path, display), stat in zip(found.files, found.stats):
        part = reused(path, display, stat) if reused is not None and stat is not None else None
        if part is not None:
            if batch:
                yield FileTask(tuple(batch))
                batch = []
            yield from cached.flush()
            yield part
            continue
        keys = known(path, display, stat) if known is not None and stat is not None else None
        if keys is not None:
            if batch:
                yield FileTask(tuple(batch))
                batch = []
            yield from cached.add(path, display, keys, stat[0])
            continue
        yield from cached.flush()
        if is_record_file(path):
            if batch:
                yield FileTask(tuple(batch))
                batch = []
            yield from records_tasks(Path(path), display, options)
        else:
            batch.append((path, display))
            if len(batch) >= options.files_per_task:
                yield FileTask(tuple(batch))
                batch = []
    if batch:
        yield FileTask(tuple(batch))
    yield from cached.flush()


class _CachedBatch:
    """Collects unchanged files' keys into CachedFilesTasks of about 512 documents."""

    def __init__(self) -> None:
        self.parts: list[tuple[str, str, int, int]] = []
        self.keys = bytearray()
        self.size = 0

    def add(self, path: str, display: str, keys: bytes, size: int) -> Iterator[CachedFilesTask]:
        count = len(keys) // KEY_BYTES
        for first in range(0, count, _CACHED_DOCUMENTS_PER_TASK):
            share = min(_CACHED_DOCUMENTS_PER_TASK, count - first)
            self.parts.append((path, display, first, share))
            self.keys += keys[first * KEY_BYTES : (first + share) * KEY_BYTES]
            self.size += size * share // count
            if len(self.keys) >= _CACHED_DOCUMENTS_PER_TASK * KEY_BYTES:
                yield from self.flush()

    def flush(self) -> Iterator[CachedFilesTask]:
        if self.parts:
            yield CachedFilesTask(tuple(self.parts), bytes(self.keys), self.size)
            self.parts, self.keys, self.size = [], bytearray(), 0

"""Readers: paths on the command line -> small picklable tasks -> Documents (in the workers).

Tasks carry locations, not text, wherever that is possible (a file path, a byte range of a
JSONL file), so the main process never pickles whole documents to the workers.
"""

from __future__ import annotations

import fnmatch
import os
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG
from typing import Any, Callable, Iterator

from corpus_qa.sources.documents import printable_path, printable_text
from corpus_qa.sources.tasks import (KEY_BYTES, CachedFilesTask, FileTask, JsonlSliceTask, ProblemTask, RecordsTask, Task,
                                      records_tasks, sample_fields)

__all__ = ["SourceOptions", "SourceError", "Discovered", "Task", "FileTask", "JsonlSliceTask", "RecordsTask",
           "discover", "iter_tasks", "printable_path", "printable_text", "SKIP_NOT_INCLUDED", "SKIP_EXCLUDED",
           "SKIP_SYMLINKED_FOLDER", "SKIP_NOT_REGULAR"]

RECORD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".parquet", ".csv", ".tsv", ".warc", ".warc.gz", ".wet", ".wet.gz")


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

# Why an entry under a scanned folder was not read (the keys of Discovered.skipped):
SKIP_NOT_INCLUDED = "not matched by include"  # a file no `include` glob matches
SKIP_EXCLUDED = "matched by exclude"  # a file, or a folder (once, its name ending in /), an `exclude` glob matches
SKIP_SYMLINKED_FOLDER = "symlinked folder not followed"  # like os.walk: no loops, no reading outside the tree
SKIP_NOT_REGULAR = "not a regular file"  # a FIFO, socket or device file: reading it could block or never end
SKIP_EXAMPLES = 3  # example paths kept per reason, so a million skipped files cost no memory


class _SkipTally:
    """Counts skipped entries per reason with a few example paths; bounded memory."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}
        self.examples: dict[str, list[str]] = {}
        self.suffixes: dict[str, int] = {}  # of files not matched by include, for the hint

    def add(self, reason: str, display: str) -> None:
        self.counts[reason] = self.counts.get(reason, 0) + 1
        examples = self.examples.setdefault(reason, [])
        if len(examples) < SKIP_EXAMPLES:
            examples.append(display)
        if reason == SKIP_NOT_INCLUDED:
            suffix = _suffix_glob(display)
            if suffix and (suffix in self.suffixes or len(self.suffixes) < 64):
                self.suffixes[suffix] = self.suffixes.get(suffix, 0) + 1

    def as_dict(self) -> dict[str, dict[str, Any]]:
        return {reason: {"count": self.counts[reason], "examples": list(self.examples[reason])}
                for reason in sorted(self.counts)}


def _suffix_glob(name: str) -> str | None:
    """`*.jsonl.gz`, `*.csv` ...: the glob that would include a file of this name."""
    base = name.rsplit("/", 1)[-1].lower()
    for suffix in RECORD_SUFFIXES:
        if base.endswith(suffix):
            return "*" + suffix
    stem, dot, suffix = base.rpartition(".")
    return f"*.{suffix}" if dot and stem and suffix else None


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:  # a symlink loop (ELOOP): a file entry, reported as unreadable when read
        return False


def _walk(root: str, display_root: str, options: SourceOptions, skipped: _SkipTally,
          unlistable: dict[str, str]) -> Iterator[tuple[str, str, FileStat | None]]:
    """(path, display name, stat) of the files to read under `root`; one scandir per folder,
    whose entries also give each file's size and mtime. Iterative, so any depth is fine.
    Symlinked folders are not followed; what is passed over is counted in `skipped`; a folder
    that cannot be listed (permissions, a path too long) is yielded as an entry with no stat
    and its reason in `unlistable`, so it becomes an unreadable-document finding."""
    include, exclude = _pattern(options.include), _pattern(options.exclude)
    # paths spelled as str(root / rel) would spell them, without building a Path per file
    base = "" if root == "." else root.rstrip("/") + "/"
    pending = [""]  # folders relative to root, visited depth first
    while pending:
        rel_folder = pending.pop()
        folder = base + rel_folder if rel_folder else root
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as error:
            display = printable_path(display_root + rel_folder + "/" if rel_folder else display_root or root + "/")
            unlistable[folder] = f"cannot list the folder: {error.strerror or error}"
            yield folder, display, None
            continue
        subfolders = []
        for entry in entries:
            rel = f"{rel_folder}/{entry.name}" if rel_folder else entry.name
            if _is_dir(entry):
                if entry.is_symlink():
                    skipped.add(SKIP_SYMLINKED_FOLDER, printable_path(display_root + rel) + "/")
                elif _matches(exclude, entry.name, rel):
                    skipped.add(SKIP_EXCLUDED, printable_path(display_root + rel) + "/")
                else:
                    subfolders.append(rel)
                continue
            display = printable_path(display_root + rel)
            if not _matches(include, entry.name, rel):
                skipped.add(SKIP_NOT_INCLUDED, display)
                continue
            if _matches(exclude, entry.name, rel):
                skipped.add(SKIP_EXCLUDED, display)
                continue
            try:
                stat = entry.stat()
            except OSError:  # a dangling or looping symlink, a path too long ...
                yield base + rel, display, None  # ... reported as unreadable when read
                continue
            if not S_ISREG(stat.st_mode):
                skipped.add(SKIP_NOT_REGULAR, display)
                continue
            yield base + rel, display, (stat.st_size, stat.st_mtime_ns)
        pending.extend(reversed(subfolders))


@dataclass(frozen=True)
class Discovered:
    """The files to read, in document order, and what was passed over.

    `skipped` maps a reason (SKIP_NOT_INCLUDED, SKIP_EXCLUDED, SKIP_SYMLINKED_FOLDER,
    SKIP_NOT_REGULAR) to {"count": entries skipped for it, "examples": up to SKIP_EXAMPLES
    of their display paths, folders ending in "/"}, reasons sorted: JSON-ready, and the same
    for every run over the same tree. Unreadable files and folders are not skipped: they are
    in `files` (with no stat) and become unreadable-document findings (ENC901).
    """

    files: list[tuple[str, str]]  # (path, display name)
    total_bytes: int
    stats: list[FileStat | None]  # per file: (size, version), None when stat failed
    scanned_ns: int = 0  # when the stats were taken (time.time_ns())
    skipped: dict[str, dict[str, Any]] = field(default_factory=dict)
    unlistable: dict[str, str] = field(default_factory=dict)  # folder path -> why it could not be listed

    @property
    def skipped_count(self) -> int:
        return sum(entry["count"] for entry in self.skipped.values())


def discover(paths: list[str], options: SourceOptions) -> Discovered:
    """The files to read for `paths`, with their display names (the basis of document ids).

    A document id is the path relative to the scanned folder when one folder is given;
    with several paths, each keeps the path as given in front so ids stay unique. Names
    that are not valid UTF-8 or hold control characters are shown escaped (`caf\\xe9.txt`);
    the path kept for reading is the real one. Raises SourceError when a path does not
    exist, when there is nothing to check, or when no record file's first records have
    the text field.
    """
    if not paths:
        raise SourceError("no path to check: give PATH arguments or set `paths` in the config")
    for raw in paths:
        if not os.path.lexists(raw):
            raise SourceError(f"{printable_path(raw)}: no such file or directory")
    single_folder = len(paths) == 1 and os.path.isdir(paths[0])
    scanned_ns = time.time_ns()
    skipped = _SkipTally()
    unlistable: dict[str, str] = {}
    found: list[tuple[str, str, FileStat | None]] = []
    for raw in paths:
        path = Path(raw)
        if os.path.isdir(raw):
            prefix = path.as_posix().rstrip("/") + "/" if not single_folder else ""
            walked = list(_walk(str(path), prefix, options, skipped, unlistable))
            found.extend(sorted(walked, key=lambda item: item[1]))  # by path, not by walk order
        else:
            found.append((str(path), printable_path(path.as_posix()), _stat(path)))
    if not found:
        raise SourceError(_nothing_to_check(paths, skipped, options))
    files = [(path, display) for path, display, _ in found]
    stats = [stat for _, _, stat in found]
    if any(path.lower().endswith(".parquet") for path, _ in files):
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise SourceError("reading Parquet needs pyarrow: pip install 'corpus-qa[parquet]'") from None
    _check_text_field(files, options)
    return Discovered(files, sum(stat[0] for stat in stats if stat), stats, scanned_ns, skipped.as_dict(), unlistable)


def _nothing_to_check(paths: list[str], skipped: _SkipTally, options: SourceOptions) -> str:
    """Like pytest's "collected nothing": where, how many entries were skipped and why, what to do."""
    where = ", ".join(printable_path(p) for p in paths)
    total = sum(skipped.counts.values())
    if not total:
        return f"no file to check in {where}: {'the folder is' if len(paths) == 1 else 'the folders are'} empty"
    reasons = []
    for reason, count in sorted(skipped.counts.items(), key=lambda item: (-item[1], item[0])):
        if reason == SKIP_NOT_INCLUDED:
            reason = f"{reason} {', '.join(options.include) or '(no glob)'}"
        elif reason == SKIP_EXCLUDED:
            reason = f"{reason} ({', '.join(skipped.examples[SKIP_EXCLUDED])})"
        reasons.append(f"{count} {reason}")
    message = f"no file to check in {where}: {total} skipped ({'; '.join(reasons)})"
    if skipped.suffixes:
        common = sorted(skipped.suffixes, key=lambda glob: (-skipped.suffixes[glob], glob))[:3]
        globs = " ".join(f"--include '{glob}'" for glob in common)
        replaces = " (it replaces the default globs)" if options.include == SourceOptions.include else ""
        message += f"; to read {', '.join(common)} files add {globs}{replaces}"
    return message


def _stat(path: Path) -> FileStat | None:
    try:
        stat = path.stat()
    except OSError:
        return None  # reported as unreadable when the task runs
    return stat.st_size, stat.st_mtime_ns


_SAMPLED_RECORDS = 5  # per record file, to tell a wrong --text-field from a few bad records
_SAMPLED_FILES = 20


def _check_text_field(files: list[tuple[str, str]], options: SourceOptions) -> None:
    """One usage error instead of an unreadable-document finding per record when the text
    field is in none of the first records of the first record files (cheap: a few lines each)."""
    sampled: list[str] = []
    seen_fields: dict[str, None] = {}
    for path, display in files:
        if len(sampled) >= _SAMPLED_FILES:
            break
        if not is_record_file(path):
            continue
        fields = sample_fields(path, options, _SAMPLED_RECORDS)
        if fields is None:
            continue  # unreadable or no object records: the file's own findings say so
        if any(options.text_field in record for record in fields):
            return
        sampled.append(display)
        for record in fields:
            seen_fields.update(dict.fromkeys(record))
    if not sampled:
        return
    names = ", ".join(printable_text(name) for name in sorted(seen_fields)) or "no field at all"
    where = sampled[0] + (f" (and {len(sampled) - 1} other record files)" if len(sampled) > 1 else "")
    raise SourceError(
        f"--text-field {printable_text(options.text_field)!r}: none of the first records of {where} has it; "
        f"they have: {names}"
    )


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
        if stat is None and path in found.unlistable:
            if batch:
                yield FileTask(tuple(batch))
                batch = []
            yield from cached.flush()
            yield ProblemTask(path, display, found.unlistable[path])
            continue
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

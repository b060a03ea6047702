"""Readers: paths on the command line -> small picklable tasks -> Documents (in the workers).

Tasks carry locations, not text, wherever that is possible (a file path, a byte range of a
JSONL file), so the main process never pickles whole documents to the workers.
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Iterator

from corpus_qa.sources.tasks import FileTask, JsonlSliceTask, RecordsTask, Task, records_tasks

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


def _matches(patterns: tuple[str, ...], rel: PurePosixPath) -> bool:
    text = rel.as_posix()
    return any(fnmatch.fnmatchcase(rel.name, p) or fnmatch.fnmatchcase(text, p) for p in patterns)


def _is_record_file(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(RECORD_SUFFIXES)


def _walk(root: Path, options: SourceOptions) -> Iterator[Path]:
    for dirpath, dirnames, filenames in os.walk(root):
        here = PurePosixPath(Path(dirpath).relative_to(root).as_posix())
        dirnames[:] = sorted(d for d in dirnames if not _matches(options.exclude, here / d))
        for name in sorted(filenames):
            rel = here / name
            if _matches(options.include, rel) and not _matches(options.exclude, rel):
                yield root / rel


def _display(path: Path, root: Path | None, prefix: str) -> str:
    rel = path.relative_to(root).as_posix() if root else path.name
    return f"{prefix}/{rel}" if prefix else rel


@dataclass(frozen=True)
class Discovered:
    files: list[tuple[Path, str]]  # (path, display name)
    total_bytes: int


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
    files: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            prefix = "" if single_folder else path.as_posix().rstrip("/")
            found = ((p, _display(p, path, prefix)) for p in _walk(path, options))
            files.extend(sorted(found, key=lambda item: item[1]))  # by path, not by walk order
        else:
            files.append((path, path.as_posix()))
    if any(path.name.lower().endswith(".parquet") for path, _ in files):
        try:
            import pyarrow.parquet  # noqa: F401
        except ImportError:
            raise SourceError("reading Parquet needs pyarrow: pip install 'corpus-qa[parquet]'") from None
    total = 0
    for path, _ in files:
        try:
            total += path.stat().st_size
        except OSError:
            pass  # reported as unreadable when the task runs
    return Discovered(files, total)


def iter_tasks(found: Discovered, options: SourceOptions) -> Iterator[Task]:
    """Tasks in document order; record files are read lazily, so memory stays flat."""
    batch: list[tuple[str, str]] = []
    for path, display in found.files:
        if _is_record_file(path):
            if batch:
                yield FileTask(tuple(batch))
                batch = []
            yield from records_tasks(path, display, options)
        else:
            batch.append((str(path), display))
            if len(batch) >= options.files_per_task:
                yield FileTask(tuple(batch))
                batch = []
    if batch:
        yield FileTask(tuple(batch))

"""Writing the user's files (reports, baselines) without damaging what is at the path.

A regular file (or a new path) is written beside the target and renamed over it, so a failed
run never leaves half a report. A symlink is followed: its target is written the same way and
the link stays. Anything else that is not a folder (a FIFO, a terminal, `/dev/null`, a
socket) is opened and written directly: replacing it with a regular file would destroy it.
"""

from __future__ import annotations

import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterable, Iterator


class OutputError(Exception):
    """An output path that cannot be used (exit 2)."""


@contextmanager
def written(path: str | Path) -> Iterator[IO[str]]:
    """A text handle whose content ends up at `path` (UTF-8, `\\n` line ends)."""
    target = Path(os.path.realpath(path))  # through symlinks: write the file the link names
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise OutputError(f"{path}: is a folder, not a file")
    if mode is not None and not stat.S_ISREG(mode):
        with open(target, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
        if mode is None:
            umask = os.umask(0)
            os.umask(umask)
            mode = 0o666 & ~umask  # mkstemp makes 0600; a report is an ordinary file
        os.chmod(temp, stat.S_IMODE(mode))  # a replaced file keeps its permissions
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def refuse_inputs(outputs: Iterable[str | Path], inputs: Iterable[tuple[str, int | None]]) -> None:
    """Raise OutputError when an output path is one of the input files (a report written over
    the corpus), however either is spelled (relative, through a symlink, a hard link).

    `inputs`: (path, size or None when unknown); only inputs of an output's size are looked at."""
    existing: dict[tuple[int, int], str] = {}
    sizes: set[int] = set()
    for output in outputs:
        try:
            info = os.stat(output)
        except OSError:
            continue  # nothing there yet: it cannot be an input
        if stat.S_ISREG(info.st_mode):
            existing[(info.st_dev, info.st_ino)] = str(output)
            sizes.add(info.st_size)
    if not existing:
        return
    for path, size in inputs:
        if size is not None and size not in sizes:
            continue
        try:
            info = os.stat(path)
        except OSError:
            continue
        output = existing.get((info.st_dev, info.st_ino))
        if output is not None:
            raise OutputError(f"{output}: is an input of this run ({path}): refusing to write over the corpus")

"""What git knows of the files: which changed since a revision (the documents a changed-only
check reports on), and which are unmodified in its index (their content is known already)."""

from __future__ import annotations

import dataclasses
import os
import subprocess
from pathlib import Path

from corpus_qa.sources import Discovered


class ChangesError(Exception):
    pass


def _git(args: list[str], cwd: Path) -> str:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise ChangesError("--changed-since needs git, and git is not installed") from None
    if done.returncode != 0:
        raise ChangesError(f"git {' '.join(args)}: {done.stderr.strip() or 'failed'}")
    return done.stdout


def changed_files(ref: str, cwd: Path | None = None) -> set[Path]:
    """Resolved paths of files changed since `ref` (committed, staged or not) and untracked ones."""
    cwd = (cwd or Path.cwd()).resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).strip())
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], cwd)
    names = _git(["diff", "--name-only", "-z", ref, "--"], cwd).split("\0")
    names += _git(["ls-files", "--others", "--exclude-standard", "-z"], top).split("\0")
    return {(top / name).resolve() for name in names if name}


def with_git_versions(found: Discovered) -> Discovered:
    """`found` with each file that git tracks and has unmodified in the work tree versioned by
    its blob id instead of its mtime: a negative number (an mtime never is) from the first 60
    bits of the id. A fresh clone or checkout gives every file a new mtime but no new content,
    and the result cache still knows such files without reading them. Files git does not
    track, or has modified, keep their mtime; outside a work tree, or without git, nothing
    changes. Paths are taken relative to the working directory, as discovery gives them."""
    cwd = Path.cwd()
    try:
        prefix = _git(["rev-parse", "--show-prefix"], cwd).strip()  # cwd within the work tree
        # status refreshes git's stat cache, so a file merely touched is not "modified"
        status = _git(["status", "--porcelain=v1", "-z", "--untracked-files=no", "--no-renames", "--", "."], cwd)
        staged = _git(["ls-files", "--stage", "-z"], cwd)
    except ChangesError:
        return found
    modified = {entry[3:] for entry in status.split("\0") if len(entry) > 3 and entry[1] != " "}
    blobs: dict[str, str] = {}
    for entry in staged.split("\0"):
        info, _, name = entry.partition("\t")
        parts = info.split()
        if len(parts) == 3 and parts[2] == "0" and prefix + name not in modified:
            blobs[name] = parts[1]
    if not blobs:
        return found
    stats = list(found.stats)
    for at, ((path, _), stat) in enumerate(zip(found.files, stats)):
        blob = blobs.get(os.path.normpath(path)) if stat is not None and not os.path.isabs(path) else None
        if blob is not None:
            stats[at] = (stat[0], -1 - int(blob[:15], 16))
    return dataclasses.replace(found, stats=stats)

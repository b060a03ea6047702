"""The snapshot: the last run's assembled documents and findings, kept in the result cache.

A run whose files all have stable stats (engine.unchanged) stores two parts: `assembled`, the
documents and findings, which the next run takes whole when no file has changed (the
snapshot key: every file's path, id, size and version); and `layout`, with which a later run
takes from there the documents of the files unchanged since: each file's first document and
count, each document's origin and number of findings. Such documents come with the last
run's corpus findings, which the merge (engine.merge) replaces by this run's.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from itertools import accumulate
from typing import TYPE_CHECKING, Any, Callable, NamedTuple

from corpus_qa.engine.stored import FindingList, StoredFormatError, dumps, loads, verify
from corpus_qa.model import Finding

if TYPE_CHECKING:
    from corpus_qa.sources import Discovered

# (path, display, size, version, first document, documents)
FileRow = tuple[str, str, int, int, int, int]
# (document id as read, before it was made unique; cache key; source path)
Origin = tuple[str, "bytes | None", str]


class SnapshotRange(NamedTuple):
    """Documents `first` .. `first + count - 1` of the snapshot: those of unchanged files."""

    first: int
    count: int


@dataclass
class Snapshot:
    assembled: bytes | None  # the stored documents and findings, until decode
    counts: list[int]  # findings per document; the corpus-level ones come first
    files: dict[tuple[str, str], tuple[int, int, SnapshotRange]]  # (path, display) -> (size, version, its documents)
    origins: list[Origin]
    documents: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    _offsets: list[int] = field(default_factory=list)

    def decode(self) -> None:
        """Decode the documents and findings (the larger part, and the slower)."""
        if self.assembled is not None:
            self.documents, self.findings = load_assembled(self.assembled)
            self.assembled = None

    def findings_of(self, index: int) -> list[Finding]:
        if not self._offsets:
            lead = len(self.findings) - sum(self.counts)
            self._offsets = list(accumulate(self.counts, initial=lead))
        return self.findings[self._offsets[index] : self._offsets[index + 1]]

    def range_of(self, path: str, display: str, stat: tuple[int, int]) -> SnapshotRange | None:
        """Where a file's documents are, when it has the size and version the snapshot recorded."""
        entry = self.files.get((path, display))
        return entry[2] if entry is not None and entry[0] == stat[0] and entry[1] == stat[1] else None


def snapshot_key(ruleset: str, found: Discovered, stable: Callable[[Any], bool]) -> bytes | None:
    """Everything the assembled findings depend on besides the rule set: each file's path,
    id, size and version, in order. None when a file's stat is not stable."""
    digest = hashlib.blake2b(ruleset.encode(), digest_size=20)
    for (path, display), stat in zip(found.files, found.stats):
        if not stable(stat):
            return None
        digest.update(f"{path}\x1f{display}\x1f{stat[0]}\x1f{stat[1]}\x1e".encode("utf-8", "surrogatepass"))
    return digest.digest()


def dump(documents: list[dict[str, Any]], findings: list[Finding], counts: list[int], files: list[FileRow],
         origins: list[Origin]) -> tuple[bytes, bytes]:
    """(assembled, layout): what ResultCache.put_snapshot stores (engine.stored)."""
    return dumps([list(documents), FindingList(findings)]), dumps([counts, files, list(origins)])


def load_assembled(blob: bytes) -> tuple[list[dict[str, Any]], list[Finding]]:
    """The documents and findings dump stored; StoredFormatError if damaged."""
    parts = loads(blob, list)
    if len(parts) != 2 or not all(isinstance(part, list) for part in parts):
        raise StoredFormatError("not a snapshot")
    return parts[0], parts[1]


def load(assembled: bytes, layout: bytes) -> Snapshot:
    """The snapshot's layout; its documents and findings wait for decode. StoredFormatError
    if either part is damaged (the larger one is only checksummed here)."""
    parts = loads(layout, list)
    if len(parts) != 3 or not verify(assembled):
        raise StoredFormatError("not a snapshot")
    counts, files, origins = parts
    try:
        by_file = {(path, display): (size, version, SnapshotRange(first, count))
                   for path, display, size, version, first, count in files}
    except (TypeError, ValueError) as error:
        raise StoredFormatError(f"not a snapshot: {error}") from error
    return Snapshot(assembled, counts, by_file, origins)

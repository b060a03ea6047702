"""The last run's assembled documents and findings, kept in the result cache by file.

A run whose files all have trustworthy stats stores two parts (see RunAssembler):
  - the assembled documents and findings, which the next run takes as they are when no
    file has changed since (the key is every file's path, id, size and mtime);
  - what lets a later run take the results of the files that have not changed from there
    when others have: each file's first document and count, each document's id as read and
    cache key, the number of findings each document has, the metrics of documents before
    corpus findings were counted in, and which corpus base the corpus findings came from
    (see CorpusPhase) with the documents whose findings differ from that base's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any, NamedTuple

from corpus_qa.engine.stored import FindingList, StoredFormatError, dumps, loads, verify
from corpus_qa.model import Finding

# (path, display, size, mtime_ns, first document, documents)
FileRow = tuple[str, str, int, int, int, int]
# (document id as read, before it was made unique; cache key; source path)
Origin = tuple[str, "bytes | None", str]


class ReusedFile(NamedTuple):
    """A file whose documents come from the snapshot: `count` of them from `first`."""

    first: int
    count: int


@dataclass
class SnapshotBase:
    assembled: bytes | None  # the stored documents and findings, until load_assembled
    counts: list[int]  # findings per document; the corpus-level ones come first
    based_on: bytes | None  # the corpus base the corpus findings were reused or grown from
    changed: set[str]  # documents whose corpus findings differ from that base's
    files: dict[tuple[str, str], tuple[int, int, ReusedFile]]  # (path, display) -> (size, mtime, its documents)
    origins: list[Origin]
    own_metrics: dict[str, dict[str, Any]]  # document id -> its metrics before corpus findings
    documents: list[dict[str, Any]] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    _offsets: list[int] = field(default_factory=list)

    def load_assembled(self) -> None:
        """Decode the documents and findings (the larger part, and the slower)."""
        if self.assembled is not None:
            self.documents, self.findings = load_assembled(self.assembled)
            self.assembled = None

    def findings_of(self, index: int) -> list[Finding]:
        if not self._offsets:
            lead = len(self.findings) - sum(self.counts)
            self._offsets = list(accumulate(self.counts, initial=lead))
        return self.findings[self._offsets[index] : self._offsets[index + 1]]

    def reused(self, path: str, display: str, stat: tuple[int, int]) -> ReusedFile | None:
        entry = self.files.get((path, display))
        return entry[2] if entry is not None and entry[0] == stat[0] and entry[1] == stat[1] else None


def dump_parts(documents: list[dict[str, Any]], findings: list[Finding], counts: list[int],
               based_on: bytes | None, changed: set[str], files: list[FileRow], origins: list[Origin],
               own_metrics: dict[str, dict[str, Any]]) -> tuple[bytes, bytes]:
    """(the assembled result, the rest): what ResultCache.put_snapshot stores (engine.stored)."""
    assembled = dumps([list(documents), FindingList(findings)])
    rest = dumps([counts, based_on, changed, files, list(origins), own_metrics])
    return assembled, rest


def load_assembled(blob: bytes) -> tuple[list[dict[str, Any]], list[Finding]]:
    """The documents and findings dump_parts stored; StoredFormatError if damaged."""
    parts = loads(blob, list)
    if len(parts) != 2 or not all(isinstance(part, list) for part in parts):
        raise StoredFormatError("not a snapshot")
    return parts[0], parts[1]


def read_base(assembled: bytes, rest: bytes) -> SnapshotBase:
    """The snapshot's files and origins; its documents and findings wait for load_assembled.
    StoredFormatError if either part is damaged (the larger one is only checksummed here)."""
    parts = loads(rest, list)
    if len(parts) != 6 or not verify(assembled):
        raise StoredFormatError("not a snapshot")
    counts, based_on, changed, files, origins, own_metrics = parts
    try:
        by_file = {(path, display): (size, mtime, ReusedFile(first, count))
                   for path, display, size, mtime, first, count in files}
    except (TypeError, ValueError) as error:
        raise StoredFormatError(f"not a snapshot: {error}") from error
    return SnapshotBase(assembled, counts, based_on, changed, by_file, origins, own_metrics)

"""What a run has received of each document, in document order: the columns the corpus phase
and the merge read, each a SpillList (within a memory bound on any corpus size).

Document ids are made unique here: two records with the same id field would collide in every
report, so the later ones get #2, #3 ...
"""

from __future__ import annotations

import dataclasses
import hashlib
from typing import Any

from corpus_qa.engine.checker import DocResult, with_fingerprints
from corpus_qa.engine.snapshot import Snapshot, SnapshotRange
from corpus_qa.engine.spill import SpillList
from corpus_qa.model import Finding

# Read once, by the corpus phase: bytes cost little to write and read back, so they spill early.
_FEATURES_IN_MEMORY = 5000


class Received:
    def __init__(self, ruleset: str | None):
        self.documents = SpillList()  # summaries
        self.findings = SpillList()  # a list per document
        self.features = SpillList(in_memory=_FEATURES_IN_MEMORY)  # corpus_phase.Entry per document
        self.origins = SpillList()  # snapshot.Origin per document
        self._seen: dict[str, int] = {}
        # which corpus this is: the rule set and every document's id and cache key, hashed
        # (None without the cache, or once a document has no key)
        self._corpus = hashlib.blake2b(ruleset.encode(), digest_size=20) if ruleset is not None else None

    def corpus_key(self) -> bytes | None:
        return self._corpus.digest() if self._corpus is not None else None

    def hold_at_least(self, count: int) -> None:
        """Keep the first `count` documents in memory: those of the snapshot, held anyway."""
        for column in (self.documents, self.findings, self.origins):
            column.hold_at_least(count)

    def add(self, result: DocResult, features: bytes | None) -> None:
        """One checked document; `features` None when the cache holds them."""
        raw_id = result.id
        doc_id = _unique_id(raw_id, self._seen)
        if doc_id != raw_id:
            result.id, result.findings = doc_id, _renamed(result.findings, doc_id)
        self._append(raw_id, doc_id, result.cache_key, result.source, result.summary(), result.findings, features)

    def add_from_snapshot(self, snapshot: Snapshot, taken: SnapshotRange) -> None:
        """A file's documents as the snapshot has them, findings and all (the corpus findings
        too: the merge replaces them)."""
        for index in range(taken.first, taken.first + taken.count):
            raw_id, key, source = snapshot.origins[index]
            summary, findings = snapshot.documents[index], snapshot.findings_of(index)
            doc_id = _unique_id(raw_id, self._seen)
            if doc_id != summary["id"]:  # named apart from a namesake last time, or no longer
                findings = _renamed(findings, doc_id)
                summary = DocResult(doc_id, source, summary.get("line"), summary.get("offset"), summary["encoding"], "",
                                    summary.get("problem"), summary["metrics"], findings).summary()
            self._append(raw_id, doc_id, key, source, summary, findings, None)

    def _append(self, raw_id: str, doc_id: str, key: bytes | None, source: str, summary: dict[str, Any],
                findings: list[Finding], features: bytes | None) -> None:
        if key is not None and self._corpus is not None:
            self._corpus.update(doc_id.encode("utf-8", "surrogatepass") + b"\x1f" + key)
        else:
            self._corpus = None
        self.documents.append(summary)
        self.findings.append(findings)
        self.features.append((doc_id, key, features))
        self.origins.append((raw_id, key, source))

    def drop_features(self) -> None:
        """The corpus phase is done with them: free them before the merge."""
        self.features.close()
        self.features = SpillList()

    def drop_documents(self) -> None:
        """The merge is done with them (it made new ones)."""
        for column in (self.documents, self.findings):
            column.close()
        self.documents, self.findings = SpillList(), SpillList()


def _unique_id(doc_id: str, seen: dict[str, int]) -> str:
    count = seen.get(doc_id, 0) + 1
    seen[doc_id] = count
    if count == 1:
        return doc_id
    new_id = f"{doc_id}#{count}"
    while new_id in seen:
        count += 1
        new_id = f"{doc_id}#{count}"
    seen[new_id] = 1
    return new_id


def _renamed(findings: list[Finding], doc_id: str) -> list[Finding]:
    return with_fingerprints([dataclasses.replace(f, document=doc_id, fingerprint="") for f in findings])

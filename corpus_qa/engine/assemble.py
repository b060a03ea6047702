"""Everything after the per-document checks, shared by every engine.

RunAssembler takes the DocResults in document order (engine.received), stores the fresh
ones in the result cache, runs the corpus phase (engine.corpus_phase), merges its findings
into the documents' own (engine.merge), stores what lets the next run skip work, validates
the expectation suites and keeps only the reported documents' findings.

With the cache, a run skips what has not changed (engine.unchanged): when no file has changed
since the last run, `unchanged_run` gives that run's documents and findings (the snapshot)
whole; otherwise, after `use_snapshot`, the files unchanged since the snapshot take their
documents and findings from it (`add_from_snapshot`), and those unchanged since the cache's
file table recorded them have their results fetched, not checked.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from corpus_qa.config import Config
from corpus_qa.corpus.expectations import import_expectations_engine, load_suites
from corpus_qa.corpus.expectations import validate as validate_suites
from corpus_qa.engine import snapshot
from corpus_qa.engine.cache import ResultCache, document_key, ruleset_key, stored_result
from corpus_qa.engine.checker import Checker, DocResult
from corpus_qa.engine.corpus_phase import CorpusPhase
from corpus_qa.engine.merge import Merged, corpus_findings, merge
from corpus_qa.engine.received import Received
from corpus_qa.engine.spill import SpillList, plain, prepended
from corpus_qa.engine.stored import StoredFormatError
from corpus_qa.engine.unchanged import UnchangedFiles, keys_by_file, shown
from corpus_qa.model import Finding
from corpus_qa.run_result import RunResult

if TYPE_CHECKING:
    from corpus_qa.sources import Discovered

# A damaged or unusable result cache is reported here, once per run (the CLI shows it as a
# warning); the run goes on as if the lost entries had never been stored.
CACHE_LOG = logging.getLogger("corpus_qa.cache")
_CACHE_BATCH = 5000


class RunAssembler:
    def __init__(self, config: Config, found: Discovered, *, verbose: bool = False, cache_dir: str | None = None,
                 jobs: int = 1):
        self.config = config
        self.verbose = verbose
        self.jobs = jobs
        self.started = time.time()
        # loaded before any document is read, so a broken suite fails fast
        self.suites = load_suites(list(config.expectations)) if config.expectations and config.is_enabled("GX001") else []
        self.checker = Checker(config, verbose)  # the rules and corpus checks, never run here
        self.cache_warning: str | None = None  # the one warning about the cache, once given
        cache = ResultCache(cache_dir, ruleset_key(config), writable=True, report=self.warn_about_cache) if cache_dir else None
        self.cache = cache if cache is not None and cache.usable else None  # unusable: reported, the run goes on
        self.files = UnchangedFiles(found, self.cache, self.started)
        self.snapshot_key = snapshot.snapshot_key(self.cache.ruleset, found, self.files.stable) if self.cache else None
        self.snapshot: snapshot.Snapshot | None = None  # see use_snapshot
        self.received = Received(self.cache.ruleset if self.cache else None)
        self.pending: list[tuple[bytes, tuple[bytes, bytes]]] = []  # fresh results to store
        self.stats: dict[str, Any] = {"documents_cached": 0, "documents_checked": 0}

    @property
    def ruleset(self) -> str:
        return self.cache.ruleset if self.cache else ""

    @property
    def cache_dir(self) -> str | None:
        """The cache folder the workers read, None when the run has no usable cache."""
        return str(self.cache.directory) if self.cache else None

    @property
    def corpus_codes(self) -> set[str]:
        return {rule.code for rule, _ in self.checker.corpus_rules}

    @property
    def document_count(self) -> int:
        return len(self.received.documents)

    def warn_about_cache(self, message: str) -> None:
        """Log the first problem with the cache this run meets (a damaged file or row, an
        unusable folder); later ones say nothing new to the user."""
        if self.cache_warning is None:
            self.cache_warning = message
            CACHE_LOG.warning(message)

    def save_interrupted(self) -> None:
        """For a run that stops early (Ctrl-C): store the fresh results received so far and
        close the cache, so that the next run takes them instead of checking again. Nothing
        else is stored (no file table, corpus base or snapshot: the run is incomplete)."""
        if self.cache is not None:
            self.cache.put_many(self.pending)
            self.pending.clear()
            self.cache.close()

    def unchanged_run(self) -> tuple[list[dict[str, Any]], list[Finding]] | None:
        """The snapshot's documents and findings when no file has changed since (the same
        files, sizes and versions, the same rule set): nothing needs reading or checking."""
        blob = self.cache.snapshot_assembled(self.snapshot_key) if self.snapshot_key else None
        if blob is None:
            return None
        try:
            documents, findings = snapshot.load_assembled(blob)
        except StoredFormatError as error:
            self.cache.damaged_value("the snapshot", error)  # a normal run stores a new one
            return None
        self.stats["documents_cached"] = len(documents)
        self.cache.close()
        return documents, findings

    def use_snapshot(self) -> bool:
        """Take the files unchanged since the last snapshot from it; false when there is none
        (or it is damaged). Its documents and findings are decoded by prepare_in_background,
        while the workers read the files that changed."""
        parts = self.cache.snapshot() if self.cache else None
        if parts is None:
            return False
        try:
            self.snapshot = snapshot.load(*parts)
        except StoredFormatError as error:
            self.cache.damaged_value("the snapshot", error)
            return False
        self.received.hold_at_least(len(self.snapshot.origins))  # spilling those would save no memory
        self.files.use_snapshot(self.snapshot)
        return True

    def prepare_in_background(self) -> None:
        """Import what the corpus phase needs while the workers check documents (the main
        process is idle then), and decode the snapshot. Never call it before worker processes
        are forked: a fork during an import leaves the child a module lock nobody releases."""
        if self.suites:
            threading.Thread(target=import_expectations_engine, name="corpus-qa-prefetch", daemon=True).start()
        if self.snapshot is not None:
            self.snapshot.decode()

    def add(self, result: DocResult) -> None:
        """Take one document's result, in document order."""
        if result.cache_problem:  # the worker met a damaged entry and checked the document again
            self.warn_about_cache(result.cache_problem)
            if self.cache is not None:
                self.cache.check_when_closed()
            result.cache_problem = None
        fresh = result.fresh
        if fresh:
            result.fresh = False
            self.pending.append((result.cache_key, stored_result(result)))  # before its id may change
            self.stats["documents_checked"] += 1
            if self.cache and len(self.pending) >= _CACHE_BATCH:
                self.cache.put_many(self.pending)
                self.pending.clear()
        else:
            self.stats["documents_cached" if self.cache else "documents_checked"] += 1
        in_cache = result.cache_key is not None and not fresh and self.cache is not None  # its features too
        self.received.add(result, None if in_cache else result.features)

    def add_from_snapshot(self, taken: snapshot.SnapshotRange) -> None:
        """Take a file's documents from the snapshot, findings and all, in document order."""
        self.stats["documents_cached"] += taken.count
        self.stats["documents_from_snapshot"] = self.stats.get("documents_from_snapshot", 0) + taken.count
        self.received.add_from_snapshot(self.snapshot, taken)

    def assemble(self) -> tuple[SpillList, SpillList]:
        """The documents and findings of the run, once every document is added: the corpus
        findings merged in and, with the cache, what the next run can skip stored."""
        received = self.received
        phase = CorpusPhase(self.checker.corpus_checks, self.corpus_codes, self.cache, self.verbose, self.remake_features)
        hits = phase.hits(received.features, received.corpus_key())
        received.drop_features()
        self.stats.update(phase.stats)
        strays, placed = corpus_findings(hits, [rule for rule, _ in self.checker.corpus_rules], self.config,
                                         received.origins)
        merged = merge(received.documents, received.findings, phase.errors + strays, placed, self.corpus_codes,
                       held=sum(self.snapshot.counts) if self.snapshot else 0)
        received.drop_documents()
        if self.cache:
            self._store(merged)
            self.cache.close()
        return merged.documents, merged.findings

    def _store(self, merged: Merged) -> None:
        self.cache.put_many(self.pending)
        self.pending.clear()
        if self.received.corpus_key() is None:  # some document has no cache key
            return
        by_file = keys_by_file(self.received.origins)
        self.cache.put_files(self.files.rows_to_record(by_file))
        if self.snapshot_key:  # every file's stat is stable: a next run over the same files skips them all
            parts = snapshot.dump(merged.documents, merged.findings, merged.counts, self.files.snapshot_rows(by_file),
                                  self.received.origins)
            self.cache.put_snapshot(self.snapshot_key, *parts)

    def result(self, documents: Sequence[dict[str, Any]], findings: Sequence[Finding],
               report_only: Callable[[dict[str, Any]], bool] | None = None) -> RunResult:
        """The RunResult of these documents and findings: the expectation suites validated,
        only the findings of documents `report_only` accepts kept (changed-only checks)."""
        extra: dict[str, Any] = {"stats": self.stats}
        if self.suites:
            extra["expectations"], failed = validate_suites(self.suites, documents)
            findings = prepended(failed, findings)  # corpus-level findings first, like the corpus itself
        if report_only is not None:
            keep = {doc["id"] for doc in documents if report_only(doc)}
            findings = SpillList(f for f in findings if not f.document or f.document in keep)
            self.stats["documents_reported"] = len(keep)
        if isinstance(documents, SpillList) and documents.spilled:
            self.stats["documents_spilled"] = documents.spilled  # held on disk, not in memory
        rules = sorted([rule for rule, _ in self.checker.document_rules + self.checker.corpus_rules], key=lambda r: r.code)
        return RunResult(plain(documents), plain(findings), rules, self.config, self.started, time.time(), self.jobs, extra)

    def remake_features(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """The corpus features of the documents with these cache keys, made again from their
        files: what the corpus phase needs when the cache lost them or holds them damaged."""
        from corpus_qa.sources.tasks import file_documents

        wanted = set(keys)
        sources = {source for _, key, source in self.received.origins if key in wanted}
        found: dict[bytes, bytes] = {}
        checker = Checker(self.config, self.verbose)  # without a cache: really checks
        for path, display in self.files.found.files:
            if path not in sources and shown(path) not in sources:
                continue
            try:
                for doc in file_documents(path, display, self.config.sources):
                    key = document_key(self.ruleset, doc)
                    if key in wanted and key not in found:
                        found[key] = checker.check(doc).features
            except OSError:  # gone since: its documents keep no corpus features
                continue
        return found

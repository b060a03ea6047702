"""Everything after the per-document checks, shared by every engine: DocResults arrive in
document order; RunAssembler makes ids unique, writes fresh results to the cache, runs each
corpus rule's reduce step, completes the metrics of documents that corpus rules reported on,
validates the expectation suites and keeps only the reported documents' findings.

With a result cache it also skips what has not changed: the corpus rules' findings are reused
or grown (see CorpusPhase), and when no file has changed since the last run at all, that
run's assembled documents and findings (the snapshot) are taken as they are.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from corpus_qa.config import Config
from corpus_qa.corpus.expectations import import_expectations_engine, load_suites
from corpus_qa.corpus.expectations import validate as validate_suites
from corpus_qa.engine.cache import ResultCache, document_key, ruleset_key, stored_result
from corpus_qa.engine.checker import Checker, DocResult, add_finding_metrics, with_fingerprints
from corpus_qa.engine.consolidate import capped_findings
from corpus_qa.engine.corpus_phase import CorpusPhase
from corpus_qa.engine.placed import merged
from corpus_qa.engine.snapshot import ReusedFile, SnapshotBase, dump_parts, load_assembled, read_base
from corpus_qa.engine.stored import StoredFormatError
from corpus_qa.engine.spill import SpillList, plain, prepended
from corpus_qa.model import Finding, Severity
from corpus_qa.rules.base import CorpusHit, Rule
from corpus_qa.rules.meta import INTERNAL_ERROR
from corpus_qa.sources.tasks import KEY_BYTES

if TYPE_CHECKING:
    from corpus_qa.sources import Discovered

# A damaged or unusable result cache is reported here, once per run (the CLI shows it as a
# warning); the run goes on as if the lost entries had never been stored.
CACHE_LOG = logging.getLogger("corpus_qa.cache")
_CACHE_BATCH = 5000
_FEATURES_IN_MEMORY = 5000
# A file changed less than this before its stat was taken may change again within the same
# mtime tick unnoticed: it is read again next time rather than trusted by its size and mtime.
_RACY_NS = 2_000_000_000


@dataclass
class RunResult:
    # lists, or SpillLists on a corpus too large to hold: read them in passes, never copy them whole
    documents: Sequence[dict[str, Any]]
    findings: Sequence[Finding]
    rules: list[Rule]
    config: Config
    started: float
    finished: float
    jobs: int
    extra: dict[str, Any] = field(default_factory=dict)

    @cached_property
    def internal_errors(self) -> int:
        return sum(1 for f in self.findings if f.rule == INTERNAL_ERROR.code)


class RunAssembler:
    def __init__(self, config: Config, *, verbose: bool = False, cache_dir: str | None = None, jobs: int = 1,
                 found: Discovered | None = None):
        self.config = config
        self.verbose = verbose
        self.jobs = jobs
        self.found = found
        self.started = time.time()
        # files changed after this may change again unnoticed within one mtime tick (_RACY_NS)
        self.trusted_before = (found.scanned_ns if found and found.scanned_ns else int(self.started * 1e9)) - _RACY_NS
        # loaded before any document is read, so a broken suite fails fast
        self.suites = load_suites(list(config.expectations)) if config.expectations and config.is_enabled("GX001") else []
        self.checker = Checker(config, verbose)  # the rule lists and corpus rules, never run here
        self.ruleset = ruleset_key(config) if cache_dir else ""
        self.cache_warning: str | None = None  # the one warning about the cache, once given
        self.cache = ResultCache(cache_dir, self.ruleset, writable=True, report=self.warn_about_cache) if cache_dir else None
        if self.cache is not None and not self.cache.usable:  # reported: the run goes on without it
            self.cache = None
        # the cache folder the workers read, None when the run has no usable cache
        self.cache_dir = cache_dir if self.cache is not None else None
        self.pending: list[tuple[bytes, tuple[bytes, bytes]]] = []  # fresh results to store
        self.stats = {"documents_cached": 0, "documents_checked": 0}
        self._known: dict[tuple[str, str], tuple[int, int, bytes]] | None = None
        self.trusted: set[str] = set()  # files taken from the cache by size and mtime: nothing to record
        self.documents = SpillList()  # summaries
        self.findings = SpillList()  # per document, in document order, a list each
        self.corpus_key = hashlib.blake2b(self.ruleset.encode(), digest_size=20) if self.cache else None
        # per document, in order: (id, cache key, the stored features or None when they are
        # in the cache); read once, by the corpus phase, so spilled early: bytes cost little to
        # write and read back
        self.features = SpillList(in_memory=_FEATURES_IN_MEMORY)  # of Entry
        self.seen: dict[str, int] = {}
        self.snapshot_key = self._snapshot_key()
        self.snapshot: tuple[list[dict[str, Any]], list[Finding]] | None = None
        self.origins = SpillList()  # per document: its id as read, cache key and source (Origin)
        self.corpus_codes = {rule.code for rule, _ in self.checker.corpus_rules}
        # the last snapshot, when files unchanged since take their documents from it (load_base);
        # such documents' findings are final already (settled) unless their corpus hits changed
        self.base: SnapshotBase | None = None
        self.reusable: dict[tuple[str, str], ReusedFile] = {}  # files to take from it
        self.reused_ids: set[str] = set()  # documents taken from the snapshot with their findings
        self.settled: set[str] = set()  # ... whose corpus findings have not changed since
        self.own_metrics: dict[str, dict[str, Any]] = {}  # document id -> metrics before corpus findings
        self.phase: CorpusPhase | None = None

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

    def _snapshot_key(self) -> bytes | None:
        """Everything the assembled findings depend on besides the rule set: each file's path,
        id, size and mtime, in order. None when a file's stat cannot be trusted (see _RACY_NS)."""
        if self.cache is None or self.found is None:
            return None
        digest = hashlib.blake2b(self.ruleset.encode(), digest_size=20)
        for (path, display), stat in zip(self.found.files, self.found.stats):
            if stat is None or stat[1] >= self.trusted_before:
                return None
            digest.update(f"{path}\x1f{display}\x1f{stat[0]}\x1f{stat[1]}\x1e".encode("utf-8", "surrogatepass"))
        return digest.digest()

    def load_snapshot(self) -> bool:
        """Take the last run's assembled documents and findings when no file has changed
        since (same files, sizes and mtimes, same rule set): nothing needs reading or checking."""
        blob = self.cache.snapshot(self.snapshot_key) if self.cache and self.snapshot_key else None
        if blob is None:
            return False
        try:
            self.snapshot = load_assembled(blob)
        except StoredFormatError as error:
            self.cache.damaged_value("the snapshot", error)  # a normal run stores a new one
            return False
        self.stats["documents_cached"] = len(self.snapshot[0])
        return True

    def load_base(self) -> bool:
        """Take the last snapshot as the source of every file unchanged since (see reused);
        false when there is none (or it is damaged). Its documents and findings are decoded
        by prepare_in_background, while the workers read the files that changed."""
        parts = self.cache.snapshot_parts() if self.cache else None
        if parts is None:
            return False
        try:
            self.base = read_base(*parts)
        except StoredFormatError as error:
            self.cache.damaged_value("the snapshot", error)
            return False
        # the snapshot's documents and findings stay in memory for the run: spilling those
        # taken from it would save no memory, only time
        for held in (self.documents, self.findings, self.origins):
            held.hold_at_least(len(self.base.origins))
        self.reusable = {
            file: part for file, stat in zip(self.found.files, self.found.stats)
            if stat is not None and stat[1] < self.trusted_before and (part := self.base.reused(*file, stat)) is not None
        }
        return True

    def reused(self, path: str, display: str, stat: tuple[int, int]) -> ReusedFile | None:
        """Where a file's documents are in the snapshot, when its size and mtime are those the
        snapshot recorded and safely in the past (iter_tasks' `reused`)."""
        part = self.reusable.get((path, display))
        if part is not None:
            self.trusted.add(path)
        return part

    def add_reused(self, part: ReusedFile) -> None:
        """Take a file's documents from the snapshot, findings and all, in document order."""
        base, seen = self.base, self.seen
        self.stats["documents_cached"] += part.count
        self.stats["documents_from_snapshot"] = self.stats.get("documents_from_snapshot", 0) + part.count
        for index in range(part.first, part.first + part.count):
            raw_id, key, source = base.origins[index]
            summary, findings = base.documents[index], base.findings_of(index)
            doc_id = _unique_id(raw_id, seen)
            if doc_id != summary["id"]:  # named apart from a namesake last time, or no longer: read again, as it were
                findings = _renamed([f for f in findings if f.rule not in self.corpus_codes], doc_id)
                metrics = dict(base.own_metrics.get(summary["id"], summary["metrics"]))
                summary = DocResult(doc_id, source, summary.get("line"), summary.get("offset"), summary["encoding"], "",
                                    summary.get("problem"), metrics, findings).summary()
            else:
                self.reused_ids.add(doc_id)
            self._take(raw_id, doc_id, key, source, summary, findings, None)

    def prepare_in_background(self) -> None:
        """Import what the corpus phase needs while the workers check documents (the main
        process is idle then), and decode the snapshot's documents. Never call it before
        worker processes are forked: a fork during an import leaves the child a module lock
        nobody will release."""
        if self.suites:
            threading.Thread(target=import_expectations_engine, name="corpus-qa-prefetch", daemon=True).start()
        if self.base is not None:
            self.base.load_assembled()

    @property
    def document_count(self) -> int:
        return len(self.documents)

    @property
    def known(self) -> dict[tuple[str, str], tuple[int, int, bytes]]:
        """The files the cache knows by size and mtime (loaded once; not for a snapshot run)."""
        if self._known is None:
            if self.cache is None:
                self._known = {}
            elif self.reusable:  # only the files the snapshot does not have
                self._known = self.cache.known_files([file for file in self.found.files if file not in self.reusable])
            else:
                self._known = self.cache.known_files()
        return self._known

    def is_known(self, file: tuple[str, str], stat: tuple[int, int] | None) -> bool:
        entry = self.known.get(file)
        return entry is not None and entry[:2] == stat

    def bytes_to_read(self) -> int:
        """The size of the files neither the snapshot nor the cache knows by size and mtime."""
        total = 0
        for (path, display), stat in zip(self.found.files, self.found.stats):
            if stat is None:
                continue
            if (path, display) not in self.reusable and not self.is_known((path, display), stat):
                total += stat[0]
        return total

    def known_keys(self, path: str, display: str, stat: tuple[int, int]) -> bytes | None:
        """The cache keys of a file's documents when the file has the size and mtime the
        cache recorded (iter_tasks' `known`)."""
        if not self.is_known((path, display), stat):
            return None
        self.trusted.add(path)
        return self.known[(path, display)][2]

    def add(self, result: DocResult) -> None:
        """Take one document's result, in document order."""
        if result.cache_problem:  # the worker met a damaged entry and checked the document again
            self.warn_about_cache(result.cache_problem)
            if self.cache is not None:
                self.cache.check_when_closed()
            result.cache_problem = None
        key, fresh, raw_id = result.cache_key, result.fresh, result.id
        if fresh:
            result.fresh = False
            self.pending.append((key, stored_result(result)))  # before the id may change below
            self.stats["documents_checked"] += 1
            if self.cache and len(self.pending) >= _CACHE_BATCH:
                self.cache.put_many(self.pending)
                self.pending.clear()
        else:
            self.stats["documents_cached" if self.cache else "documents_checked"] += 1
        doc_id = _unique_id(raw_id, self.seen)
        if doc_id != raw_id:
            result.id, result.findings = doc_id, _renamed(result.findings, doc_id)
        stored = key is not None and not fresh and self.cache is not None  # kept without its features
        self._take(raw_id, doc_id, key, result.source, result.summary(), result.findings, None if stored else result.features)

    def _take(self, raw_id: str, doc_id: str, key: bytes | None, source: str, summary: dict[str, Any],
              findings: list[Finding], features: bytes | None) -> None:
        if key is not None and self.corpus_key is not None:
            self.corpus_key.update(doc_id.encode("utf-8", "surrogatepass") + b"\x1f" + key)
        else:
            self.corpus_key = None  # some result has no key: the corpus cannot be recognised
        self.documents.append(summary)
        self.findings.append(findings)
        self.features.append((doc_id, key, features))
        self.origins.append((raw_id, key, source))

    def finish(self, report_only: Callable[[dict[str, Any]], bool] | None = None) -> RunResult:
        if self.snapshot is not None:
            documents, findings = self.snapshot
            self.cache.close()
        else:
            documents, findings = self._assemble()
        config = self.config
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
        rules = [rule for rule, _ in self.checker.document_rules] + [rule for rule, _ in self.checker.corpus_rules]
        rules.sort(key=lambda r: r.code)
        return RunResult(plain(documents), plain(findings), rules, config, self.started, time.time(), self.jobs, extra)

    def _assemble(self) -> tuple[SpillList, SpillList]:
        documents, findings, counts = self._merge(*self._corpus_findings())
        if self.cache:
            self.cache.put_many(self.pending)
            self.pending.clear()
            if self.corpus_key is not None:  # every document has a cache key
                keys_by_file = self._keys_by_file()
                self.cache.put_files(self._file_rows(keys_by_file))
                # every file's version can be trusted: a next run over the same files can skip them all
                if self.snapshot_key:
                    parts = dump_parts(documents, findings, counts, self.phase.based_on, self.phase.changed,
                                       self._base_files(keys_by_file), self.origins, self.own_metrics)
                    self.cache.put_snapshot(self.snapshot_key, *parts)
            self.cache.close()
        return documents, findings

    def _merge(self, lead: list[Finding], placed: Iterator[tuple[int, Finding]]) -> tuple[SpillList, SpillList, list[int]]:
        """The documents, all findings in document order, and how many each document has; a
        document that corpus rules reported on gets its findings re-sorted and its metrics
        recounted (the expectations judge the whole run). Settled documents keep what the
        snapshot had. `lead`: corpus findings on no document of the run; `placed`: the others,
        with their documents' positions, in order."""
        lead = with_fingerprints(lead)  # about the corpus as a whole: first
        lead.sort(key=Finding.sort_key)
        documents = SpillList().hold_at_least(self.documents.in_memory)
        merged = SpillList().hold_at_least(sum(self.base.counts) if self.base else 0)
        counts = []
        before = self.base.own_metrics if self.base else {}
        upcoming = next(placed, None)
        for position, (doc, own) in enumerate(zip(self.documents, self.findings)):
            doc_id = doc["id"]
            extra = []
            while upcoming is not None and upcoming[0] == position:
                extra.append(upcoming[1])
                upcoming = next(placed, None)
            if doc_id in self.settled:
                if doc_id in before:
                    self.own_metrics[doc_id] = before[doc_id]
            else:
                if doc_id in self.reused_ids:  # back to the document's own findings and metrics
                    own = [f for f in own if f.rule not in self.corpus_codes]
                    doc["metrics"] = dict(before.get(doc_id, doc["metrics"]))
                if extra:
                    own = sorted(own + with_fingerprints(capped_findings(extra)), key=Finding.sort_key)
                    if self.cache:  # the metrics as checked stay for the snapshot
                        self.own_metrics[doc_id] = doc["metrics"]
                        doc["metrics"] = dict(doc["metrics"])
                    add_finding_metrics(doc["metrics"], own)
            documents.append(doc)
            merged.extend(own)
            counts.append(len(own))
        if upcoming is not None:  # never dropped silently
            raise RuntimeError(f"a corpus finding placed at document {upcoming[0]} of {len(counts)}")
        self.documents.close()
        self.findings.close()
        self.documents = documents
        return documents, merged.with_lead(lead), counts

    def features_again(self, keys: list[bytes]) -> dict[bytes, bytes]:
        """The corpus features of the documents with these cache keys, made again from their
        files: what the corpus phase needs when the cache lost them or holds them damaged."""
        from corpus_qa.sources.tasks import file_documents

        wanted = set(keys)
        sources = {source for _, key, source in self.origins if key in wanted}
        found: dict[bytes, bytes] = {}
        checker = Checker(self.config, self.verbose)  # without a cache: really checks
        for path, display in self.found.files if self.found else ():
            if path not in sources and _shown(path) not in sources:
                continue
            try:
                for doc in file_documents(path, display, self.config.sources):
                    key = document_key(self.ruleset, doc)
                    if key in wanted and key not in found:
                        found[key] = checker.check(doc).features
            except OSError:  # gone since: its documents keep no corpus features
                continue
        return found

    def _keys_by_file(self) -> dict[str, bytes]:
        """Source path -> its documents' cache keys, in order (every document has a key
        whenever the corpus key exists)."""
        keys: dict[str, bytearray] = {}
        for _, key, source in self.origins:
            keys.setdefault(source, bytearray()).extend(key)
        return {source: bytes(joined) for source, joined in keys.items()}

    def _base_files(self, keys_by_file: dict[str, bytes]) -> list[tuple[str, str, int, int, int, int]]:
        """(path, display, size, version, first document, documents) per file, for reused."""
        rows, first = [], 0
        for (path, display), stat in zip(self.found.files, self.found.stats):
            count = len(_of_file(keys_by_file, path) or b"") // KEY_BYTES
            rows.append((path, display, stat[0], stat[1], first, count))
            first += count
        return rows

    def _file_rows(self, keys_by_file: dict[str, bytes]) -> list[tuple[str, str, int, int, bytes]]:
        """Files the cache does not know yet (or knew with other keys) whose documents all have
        keys and whose version is safely in the past."""
        if self.found is None:
            return []
        rows = []
        for (path, display), stat in zip(self.found.files, self.found.stats):
            if path in self.trusted or stat is None or stat[1] >= self.trusted_before:
                continue
            keys = _of_file(keys_by_file, path)
            if keys and self.known.get((path, display)) != (stat[0], stat[1], keys):
                rows.append((path, display, stat[0], stat[1], keys))
        return rows

    def _corpus_findings(self) -> tuple[list[Finding], Iterator[tuple[int, Finding]]]:
        """Findings from the corpus rules' hits, except on settled documents, which have them:
        (those on no document of the run, the others with their documents' positions, in
        document order, read from the hits as they are merged)."""
        corpus_key = self.corpus_key.digest() if self.corpus_key is not None else None
        phase = CorpusPhase(self.checker.corpus_checks, self.corpus_codes, self.cache, self.verbose, self.features_again)
        hits_by_rule = phase.hits(self.features, corpus_key)
        self.features.close()
        self.features = SpillList()  # the features are no longer needed: free them before the merge
        self.stats.update(phase.stats)
        self.phase = phase
        if self.base is not None and phase.based_on is not None and phase.based_on == self.base.based_on:
            self.settled = self.reused_ids - phase.changed - self.base.changed
        rules = [(rule, self.config.severity_for(rule), hits_by_rule[rule.code])
                 for rule, _ in self.checker.corpus_rules if rule.code in hits_by_rule]

        def reported(rule: Rule, hit: CorpusHit, source: str) -> bool:
            return hit.document not in self.settled and not self.config.ignored_in(rule.code, hit.document, source)

        lead = list(phase.errors)
        for rule, severity, placed in rules:
            lead.extend(_corpus_finding(rule, severity, hit) for hit in placed.strays if reported(rule, hit, ""))

        def in_order() -> Iterator[tuple[int, Finding]]:
            for position, index, hit in merged([placed for _, _, placed in rules]):
                rule, severity, _ = rules[index]
                if reported(rule, hit, self.origins[position][2]):  # in order: a chunk read once
                    yield position, _corpus_finding(rule, severity, hit)
            for _, _, placed in rules:
                placed.close()

        return lead, in_order()


def _shown(path: str) -> str:
    """A path as its documents name their source (escaped when not valid UTF-8)."""
    from corpus_qa.sources.documents import printable_path

    return printable_path(path)


def _of_file(by_source: dict[str, bytes], path: str) -> bytes | None:
    """by_source's entry for the file at `path`, whichever way its documents name it."""
    found = by_source.get(path)
    return found if found is not None else by_source.get(_shown(path))


def _unique_id(doc_id: str, seen: dict[str, int]) -> str:
    """Two records with the same id field would collide in every report: the later ones get #2, #3 ..."""
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


def _corpus_finding(rule: Rule, severity: Severity, hit: CorpusHit) -> Finding:
    where = hit.where
    return Finding(
        rule.code, rule.name, rule.category.value, severity, hit.document,
        where.start, where.end, where.line, where.column, where.end_line, where.end_column,
        hit.message, where.excerpt, "", hit.data,
    )

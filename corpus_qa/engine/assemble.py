"""Everything after the per-document checks, shared by every engine: DocResults arrive in
document order; RunAssembler makes ids unique, writes fresh results to the cache, runs each
corpus rule's reduce step, completes the metrics of documents that corpus rules reported on,
validates the expectation suites and keeps only the reported documents' findings.

With a result cache it also skips what has not changed: a corpus rule's findings are reused
while every document is the same (their corpus features are then never loaded), and when no
file has changed since the last run at all, that run's assembled documents and findings
(the snapshot) are taken as they are.
"""

from __future__ import annotations

import dataclasses
import hashlib
import pickle
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Callable

from corpus_qa.config import Config
from corpus_qa.corpus.expectations import import_expectations_engine, load_suites
from corpus_qa.corpus.expectations import validate as validate_suites
from corpus_qa.engine.cache import ResultCache, pickled, ruleset_key
from corpus_qa.engine.checker import Checker, DocResult, add_finding_metrics, internal_error_finding, with_fingerprints
from corpus_qa.model import Finding, Severity
from corpus_qa.rules.base import CorpusHit, Rule
from corpus_qa.rules.meta import INTERNAL_ERROR

if TYPE_CHECKING:
    from corpus_qa.sources import Discovered

_CACHE_BATCH = 5000
# A file changed less than this before the run started may change again within the same mtime
# tick unnoticed: it is read again next time rather than trusted by its size and mtime.
_RACY_NS = 2_000_000_000


@dataclass
class RunResult:
    documents: list[dict[str, Any]]
    findings: list[Finding]
    rules: list[Rule]
    config: Config
    started: float
    finished: float
    jobs: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def internal_errors(self) -> int:
        return sum(1 for f in self.findings if f.rule == INTERNAL_ERROR.code)

    def worst_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)


class RunAssembler:
    def __init__(self, config: Config, *, verbose: bool = False, cache_dir: str | None = None, jobs: int = 1,
                 found: "Discovered | None" = None):
        self.config = config
        self.verbose = verbose
        self.jobs = jobs
        self.found = found
        self.started = time.time()
        # files changed after this may change again unnoticed within one mtime tick (_RACY_NS)
        self.trusted_before = int(self.started * 1e9) - _RACY_NS
        # loaded before any document is read, so a broken suite fails fast
        self.suites = load_suites(list(config.expectations)) if config.expectations and config.is_enabled("GX001") else []
        self.checker = Checker(config, verbose)  # the rule lists and corpus rules, never run here
        self.ruleset = ruleset_key(config) if cache_dir else ""
        self.cache = ResultCache(cache_dir, self.ruleset, writable=True) if cache_dir else None
        self.pending: list[tuple[bytes, tuple[bytes, bytes]]] = []  # fresh results to store
        self.stats = {"documents_cached": 0, "documents_checked": 0}
        self._known: dict[tuple[str, str], tuple[int, int, bytes]] | None = None
        self.trusted: set[str] = set()  # files taken from the cache by size and mtime: nothing to record
        self.documents: list[dict[str, Any]] = []
        self.findings: list[list[Finding]] = []  # per document, in document order
        self.file_keys: dict[str, bytearray] = {}  # source path -> its documents' cache keys
        self.corpus_key = hashlib.blake2b(self.ruleset.encode(), digest_size=20) if self.cache else None
        # per document, in order: (id, cache key of features still in the cache, or None, and
        # the pickled features otherwise); unpickled only if some corpus rule must reduce
        self.features: list[tuple[str, bytes | None, bytes]] = []
        self.sources: dict[str, str] = {}
        self.seen: dict[str, int] = {}
        self.snapshot_key = self._snapshot_key()
        self.snapshot: tuple[list[dict[str, Any]], list[Finding]] | None = None

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
        self.snapshot = pickle.loads(blob)
        self.stats["documents_cached"] = len(self.snapshot[0])
        return True

    def prepare_in_background(self) -> None:
        """Import what the corpus phase needs while the workers check documents (the main
        process is idle then). Never call it before worker processes are forked: a fork
        during an import leaves the child a module lock nobody will release."""
        if self.suites:
            threading.Thread(target=import_expectations_engine, name="corpus-qa-prefetch", daemon=True).start()

    @property
    def document_count(self) -> int:
        return len(self.documents)

    @property
    def known(self) -> dict[tuple[str, str], tuple[int, int, bytes]]:
        """The files the cache knows by size and mtime (loaded once; not for a snapshot run)."""
        if self._known is None:
            self._known = self.cache.known_files() if self.cache else {}
        return self._known

    def is_known(self, file: tuple[str, str], stat: tuple[int, int] | None) -> bool:
        entry = self.known.get(file)
        return entry is not None and entry[:2] == stat

    def known_keys(self, path: str, display: str, stat: tuple[int, int]) -> bytes | None:
        """The cache keys of a file's documents when the file has the size and mtime the
        cache recorded (iter_tasks' `known`)."""
        if not self.is_known((path, display), stat):
            return None
        self.trusted.add(path)
        return self.known[(path, display)][2]

    def add(self, result: DocResult | bytes) -> None:
        """Take one document's result, in document order (a pickle when it comes from the cache)."""
        if isinstance(result, bytes):
            result = pickle.loads(result)
        key, fresh = result.cache_key, result.fresh
        if fresh:
            result.fresh = False
            self.pending.append((key, pickled(result)))  # before the id may change below
            self.stats["documents_checked"] += 1
            if self.cache and len(self.pending) >= _CACHE_BATCH:
                self.cache.put_many(self.pending)
                self.pending.clear()
        else:
            self.stats["documents_cached" if self.cache else "documents_checked"] += 1
        _make_id_unique(result, self.seen)
        if key is not None and self.corpus_key is not None:
            self.file_keys.setdefault(result.source, bytearray()).extend(key)
            self.corpus_key.update(result.id.encode("utf-8", "surrogatepass") + b"\x1f" + key)
        else:
            self.corpus_key = None  # some result has no key: the corpus cannot be recognised
        self.sources[result.id] = result.source
        self.documents.append(result.summary())
        self.findings.append(result.findings)
        if key is not None and not fresh and self.cache is not None:  # stored without its features
            self.features.append((result.id, key, b""))
        else:
            self.features.append((result.id, None, result.features))

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
            findings = failed + findings  # corpus-level findings first, like the corpus itself
        if report_only is not None:
            keep = {doc["id"] for doc in documents if report_only(doc)}
            findings = [f for f in findings if not f.document or f.document in keep]
            self.stats["documents_reported"] = len(keep)
        rules = [rule for rule, _, _ in self.checker.document_rules] + [rule for rule, _ in self.checker.corpus_rules]
        rules.sort(key=lambda r: r.code)
        return RunResult(documents, findings, rules, config, self.started, time.time(), self.jobs, extra)

    def _assemble(self) -> tuple[list[dict[str, Any]], list[Finding]]:
        corpus = self._corpus_findings()
        findings = self._merge(corpus)
        if self.cache:
            self.cache.put_many(self.pending)
            self.cache.put_files(self._file_rows())
            # every file's stat can be trusted: a next run over the same files can skip them all
            if self.snapshot_key:
                blob = pickle.dumps((self.documents, findings), protocol=pickle.HIGHEST_PROTOCOL)
                self.cache.put_snapshot(self.snapshot_key, blob)
            self.cache.close()
        return self.documents, findings

    def _merge(self, corpus: list[Finding]) -> list[Finding]:
        """All findings in document order; a document that corpus rules reported on gets its
        findings re-sorted and its metrics recounted (the expectations judge the whole run)."""
        by_document: dict[str, list[Finding]] = {}
        for finding in with_fingerprints(corpus):
            by_document.setdefault(finding.document, []).append(finding)
        merged = by_document.pop("", [])  # about the corpus as a whole: first
        merged.sort(key=Finding.sort_key)
        for doc, own in zip(self.documents, self.findings):
            extra = by_document.pop(doc["id"], None)
            if extra:
                own = sorted(own + extra, key=Finding.sort_key)
                add_finding_metrics(doc["metrics"], own)
            merged.extend(own)
        for orphans in by_document.values():  # a corpus rule named an unknown document
            merged[:0] = orphans
        return merged

    def _file_rows(self) -> list[tuple[str, str, int, int, bytes]]:
        """Files the cache does not know yet (or knew with other keys) whose documents all have
        keys and whose mtime is safely in the past."""
        if self.found is None or self.corpus_key is None:
            return []
        rows = []
        for (path, display), stat in zip(self.found.files, self.found.stats):
            if path in self.trusted or stat is None or stat[1] >= self.trusted_before:
                continue
            keys = self.file_keys.get(path)
            if keys and self.known.get((path, display)) != (stat[0], stat[1], keys):
                rows.append((path, display, stat[0], stat[1], bytes(keys)))
        return rows

    def _features_by_rule(self) -> dict[str, dict[str, Any]]:
        """{rule code: {document id: feature}} in document order, as a cold run builds it."""
        stored = [key for _, key, _ in self.features if key is not None]
        loaded = self.cache.get_features(stored) if stored and self.cache else {}
        by_rule: dict[str, dict[str, Any]] = {rule.code: {} for rule, _ in self.checker.corpus_rules}
        for doc_id, key, blob in self.features:
            blob = loaded.get(key, b"") if key is not None else blob
            for code, feature in (pickle.loads(blob) if blob else {}).items():
                if code in by_rule:
                    by_rule[code][doc_id] = feature
        return by_rule

    def _corpus_findings(self) -> list[Finding]:
        corpus_key = self.corpus_key.digest() if self.corpus_key is not None else None
        found: list[Finding] = []
        features: dict[str, dict[str, Any]] | None = None
        for rule, ctx in self.checker.corpus_rules:
            severity = self.config.severity_for(rule)
            cached = self.cache.corpus_hits(rule.code, corpus_key) if self.cache and corpus_key else None
            if cached is not None:
                hits = pickle.loads(cached)
            else:
                if features is None:
                    features = self._features_by_rule()
                try:
                    hits = list(rule.reduce(features[rule.code], ctx))
                except Exception as error:  # noqa: BLE001 - a broken rule must not stop the run
                    found.append(internal_error_finding(rule, "", error, self.verbose))
                    continue
                if self.cache and corpus_key:
                    self.cache.put_corpus_hits(rule.code, corpus_key, pickle.dumps(hits, protocol=pickle.HIGHEST_PROTOCOL))
            found.extend(
                _corpus_finding(rule, severity, hit)
                for hit in hits
                if not self.config.ignored_in(rule.code, hit.document, self.sources.get(hit.document, ""))
            )
        return found


def _make_id_unique(result: DocResult, seen: dict[str, int]) -> None:
    """Two records with the same id field would collide in every report: the later ones get #2, #3 ..."""
    count = seen.get(result.id, 0) + 1
    seen[result.id] = count
    if count > 1:
        new_id = f"{result.id}#{count}"
        while new_id in seen:
            count += 1
            new_id = f"{result.id}#{count}"
        seen[new_id] = 1
        result.id = new_id
        result.findings = with_fingerprints([dataclasses.replace(f, document=new_id, fingerprint="") for f in result.findings])


def _corpus_finding(rule: Rule, severity: Severity, hit: CorpusHit) -> Finding:
    where = hit.where
    return Finding(
        rule.code, rule.name, rule.category.value, severity, hit.document,
        where.start, where.end, where.line, where.column, where.end_line, where.end_column,
        hit.message, where.excerpt, "", hit.data,
    )

"""Everything after the per-document checks, shared by every engine: DocResults arrive in
document order; RunAssembler makes ids unique, writes fresh results to the cache, runs each
corpus rule's reduce step, assigns fingerprints, completes the metrics table, validates the
expectation suites and keeps only the reported documents' findings."""

from __future__ import annotations

import dataclasses
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from corpus_qa.config import Config
from corpus_qa.corpus.expectations import import_expectations_engine, load_suites, validate as validate_suites
from corpus_qa.engine.cache import ResultCache, pickled, ruleset_key
from corpus_qa.engine.checker import Checker, DocResult, internal_error_finding
from corpus_qa.model import Category, Finding, Severity, fingerprint, normalise_for_fingerprint
from corpus_qa.rules.base import CorpusHit, Rule
from corpus_qa.rules.meta import INTERNAL_ERROR

_CACHE_BATCH = 5000


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
    def __init__(self, config: Config, *, verbose: bool = False, cache_dir: str | None = None, jobs: int = 1):
        self.config = config
        self.verbose = verbose
        self.jobs = jobs
        self.started = time.time()
        # loaded before any document is read, so a broken suite fails fast
        self.suites = load_suites(list(config.expectations)) if config.expectations and config.is_enabled("GX001") else []
        self.checker = Checker(config, verbose)  # the rule lists and corpus rules, never run here
        self.ruleset = ruleset_key(config) if cache_dir else ""
        self.cache = ResultCache(cache_dir, self.ruleset, writable=True) if cache_dir else None
        self.pending: list[tuple[bytes, bytes]] = []
        self.stats = {"documents_cached": 0, "documents_checked": 0}
        self.documents: list[dict[str, Any]] = []
        self.findings: list[Finding] = []
        self.features: dict[str, dict[str, Any]] = {rule.code: {} for rule, _ in self.checker.corpus_rules}
        self.sources: dict[str, str] = {}
        self.seen: dict[str, int] = {}

    def prepare_in_background(self) -> None:
        """Import what the corpus phase needs while the workers check documents (the main
        process is idle then). Never call it before worker processes are forked: a fork
        during an import leaves the child a module lock nobody will release."""
        if self.suites:
            threading.Thread(target=import_expectations_engine, name="corpus-qa-prefetch", daemon=True).start()

    @property
    def document_count(self) -> int:
        return len(self.documents)

    def add(self, result: DocResult) -> None:
        """Take one document's result, in document order."""
        if result.cache_key is not None:
            key, result.cache_key = result.cache_key, None
            self.pending.append((key, pickled(result)))  # before the id may change below
            self.stats["documents_checked"] += 1
            if self.cache and len(self.pending) >= _CACHE_BATCH:
                self.cache.put_many(self.pending)
                self.pending.clear()
        else:
            self.stats["documents_cached" if self.cache else "documents_checked"] += 1
        _make_id_unique(result, self.seen)
        self.sources[result.id] = result.source
        self.documents.append(result.summary())
        self.findings.extend(result.findings)
        for code, feature in result.features.items():
            self.features[code][result.id] = feature

    def finish(self, report_only: Callable[[dict[str, Any]], bool] | None = None) -> RunResult:
        if self.cache:
            self.cache.put_many(self.pending)
            self.cache.close()
        config, documents = self.config, self.documents
        findings = self.findings + self._corpus_findings()
        order = {doc["id"]: index for index, doc in enumerate(documents)}
        findings.sort(key=lambda f: (order.get(f.document, -1), f.sort_key()))
        findings = _with_fingerprints(findings)
        add_finding_metrics(documents, findings)  # from every finding: expectations judge the whole corpus
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

    def _corpus_findings(self) -> list[Finding]:
        found: list[Finding] = []
        for rule, ctx in self.checker.corpus_rules:
            severity = self.config.severity_for(rule)
            try:
                hits = list(rule.reduce(self.features[rule.code], ctx))
            except Exception as error:  # noqa: BLE001 - a broken rule must not stop the run
                found.append(internal_error_finding(rule, "", error, self.verbose))
                continue
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
        result.findings = [dataclasses.replace(f, document=new_id) for f in result.findings]


def _corpus_finding(rule: Rule, severity: Severity, hit: CorpusHit) -> Finding:
    where = hit.where
    return Finding(
        rule.code, rule.name, rule.category.value, severity, hit.document,
        where.start, where.end, where.line, where.column, where.end_line, where.end_column,
        hit.message, where.excerpt, "", hit.data,
    )


def _with_fingerprints(findings: list[Finding]) -> list[Finding]:
    occurrences: dict[tuple[str, str, str], int] = {}
    out = []
    for finding in findings:
        if finding.fingerprint:
            out.append(finding)
            continue
        key = (finding.rule, finding.document, normalise_for_fingerprint(finding.excerpt))
        occurrence = occurrences.get(key, 0)
        occurrences[key] = occurrence + 1
        out.append(dataclasses.replace(finding, fingerprint=fingerprint(finding.rule, finding.document, finding.excerpt, occurrence)))
    return out


CATEGORIES = tuple(category.value for category in Category)


def add_finding_metrics(documents: list[dict[str, Any]], findings: list[Finding]) -> None:
    """Complete each document's metrics with what only the whole run knows: finding counts,
    boilerplate share, duplicate-cluster size, frontmatter validity (the expectations' table)."""
    per_doc: dict[str, list[Finding]] = {}
    for finding in findings:
        per_doc.setdefault(finding.document, []).append(finding)
    for doc in documents:
        metrics = doc["metrics"]
        mine = per_doc.get(doc["id"], [])
        metrics["findings"] = len(mine)
        metrics["errors"] = sum(1 for f in mine if f.severity is Severity.ERROR)
        for category in CATEGORIES:
            metrics[f"findings_{category}"] = sum(1 for f in mine if f.category == category)
            metrics[f"errors_{category}"] = sum(1 for f in mine if f.category == category and f.severity is Severity.ERROR)
        covered = _covered_chars([f for f in mine if f.category == "boilerplate"])
        metrics["boilerplate_share"] = round(covered / metrics["chars"], 4) if metrics["chars"] else 0.0
        sizes = [f.data["size"] for f in mine if f.category == "duplicate" and f.data and isinstance(f.data.get("size"), int)]
        metrics["duplicate_cluster_size"] = max(sizes, default=1)
        has_frontmatter = metrics.get("has_frontmatter", False)
        metrics["frontmatter_valid"] = (metrics["errors_frontmatter"] == 0) if has_frontmatter else None


def _covered_chars(findings: list[Finding]) -> int:
    covered, reach = 0, 0
    for start, end in sorted((f.start, f.end) for f in findings):
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return covered

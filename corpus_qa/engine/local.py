"""The local engine: a process pool over reading tasks, then the corpus-wide phase.

Workers read and check documents and send back DocResults (findings, metrics, corpus
features: never the text). The main process keeps them in document order, makes ids unique,
runs each corpus rule's reduce step, and assigns fingerprints.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import os
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Iterator

from corpus_qa.config import Config
from corpus_qa.engine.cache import ResultCache, pickled, ruleset_key
from corpus_qa.engine.checker import Checker, DocResult, internal_error_finding
from corpus_qa.corpus.expectations import load_suites, validate as validate_suites
from corpus_qa.model import Category, Finding, Severity, fingerprint, normalise_for_fingerprint
from corpus_qa.rules.base import CorpusHit, Rule
from corpus_qa.sources import Discovered, Task, iter_tasks

ProgressCallback = Callable[[int, int], None]  # (bytes done, documents done)
_TASKS_IN_FLIGHT_PER_JOB = 4


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
        return sum(1 for f in self.findings if f.rule == "CQA001")

    def worst_severity(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)


_worker_checker: Checker | None = None
_worker_options = None


def _init_worker(config: Config, verbose: bool, cache_dir: str | None, ruleset: str) -> None:
    global _worker_checker, _worker_options
    cache = ResultCache(cache_dir, ruleset, writable=False) if cache_dir else None
    _worker_checker = Checker(config, verbose, cache)
    _worker_options = config.sources


def _run_task(task: Task) -> tuple[int, list[DocResult]]:
    assert _worker_checker is not None
    results = [_worker_checker.check(doc) for doc in task.documents(_worker_options)]
    return task.size(), results


def resolve_jobs(requested: int) -> int:
    if requested > 0:
        return requested
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _results(tasks: Iterable[Task], jobs: int, init_args: tuple) -> Iterator[tuple[int, list[DocResult]]]:
    if jobs == 1:
        _init_worker(*init_args)
        yield from map(_run_task, tasks)
        return
    context = multiprocessing.get_context("fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn")
    # Pool.imap pulls tasks as fast as it can; tasks read from gzip or Parquet carry their text,
    # so a semaphore keeps only a few per worker in flight and memory flat on any corpus size.
    in_flight = threading.BoundedSemaphore(jobs * _TASKS_IN_FLIGHT_PER_JOB)

    def bounded(items: Iterable[Task]) -> Iterator[Task]:
        for item in items:
            in_flight.acquire()
            yield item

    with context.Pool(jobs, initializer=_init_worker, initargs=init_args) as pool:
        # imap keeps task order, so output order never depends on which worker was faster
        for outcome in pool.imap(_run_task, bounded(tasks), chunksize=1):
            in_flight.release()
            yield outcome


def run(
    found: Discovered,
    config: Config,
    *,
    jobs: int = 0,
    verbose: bool = False,
    progress: ProgressCallback | None = None,
    cache_dir: str | None = None,
    report_only: Callable[[dict[str, Any]], bool] | None = None,
) -> RunResult:
    """Check every document, run the corpus phase and the expectation suites.

    `cache_dir`: reuse and store per-document results there (content-hash cache).
    `report_only`: keep only the findings of documents it accepts (changed-only checks);
    every document still takes part in the corpus-wide phase.
    Raises SuiteError (before any document is read) when a configured suite is unusable.
    """
    started = time.time()
    jobs = resolve_jobs(jobs or config.jobs)
    suites = load_suites(list(config.expectations)) if config.expectations and config.is_enabled("GX001") else []
    checker = Checker(config, verbose)  # main-process copy: rule list, corpus rules
    ruleset = ruleset_key(config) if cache_dir else ""
    cache = ResultCache(cache_dir, ruleset, writable=True) if cache_dir else None
    pending: list[tuple[bytes, bytes]] = []
    stats = {"documents_cached": 0, "documents_checked": 0}
    documents: list[dict[str, Any]] = []
    findings: list[Finding] = []
    features: dict[str, dict[str, Any]] = {rule.code: {} for rule, _ in checker.corpus_rules}
    sources: dict[str, str] = {}
    seen: dict[str, int] = {}
    done_bytes = 0
    for size, results in _results(iter_tasks(found, config.sources), jobs, (config, verbose, cache_dir, ruleset)):
        for result in results:
            if result.cache_key is not None:
                key, result.cache_key = result.cache_key, None
                pending.append((key, pickled(result)))
                stats["documents_checked"] += 1
            else:
                stats["documents_cached" if cache else "documents_checked"] += 1
            _make_id_unique(result, seen)
            sources[result.id] = result.source
            documents.append(result.summary())
            findings.extend(result.findings)
            for code, feature in result.features.items():
                features[code][result.id] = feature
        done_bytes += size
        if progress:
            progress(done_bytes, len(documents))
        if cache and len(pending) >= 512:
            cache.put_many(pending)
            pending.clear()
    if cache:
        cache.put_many(pending)
        cache.close()

    for rule, ctx in checker.corpus_rules:
        severity = config.severity_for(rule)
        try:
            hits = list(rule.reduce(features[rule.code], ctx))
        except Exception as error:  # noqa: BLE001
            findings.append(internal_error_finding(rule, "", error, verbose))
            continue
        findings.extend(
            _corpus_finding(rule, severity, hit)
            for hit in hits
            if not config.ignored_in(rule.code, hit.document, sources.get(hit.document, ""))
        )

    order = {doc["id"]: index for index, doc in enumerate(documents)}
    findings.sort(key=lambda f: (order.get(f.document, -1), f.sort_key()))
    findings = _with_fingerprints(findings)
    add_finding_metrics(documents, findings)  # from every finding: expectations judge the whole corpus
    extra: dict[str, Any] = {"stats": stats}
    if suites:
        extra["expectations"], failed = validate_suites(suites, documents)
        findings = failed + findings  # corpus-level findings first, like the corpus itself
    if report_only is not None:
        keep = {doc["id"] for doc in documents if report_only(doc)}
        findings = [f for f in findings if not f.document or f.document in keep]
        stats["documents_reported"] = len(keep)
    rules = [rule for rule, _, _ in checker.document_rules] + [rule for rule, _ in checker.corpus_rules]
    return RunResult(documents, findings, sorted(rules, key=lambda r: r.code), config, started, time.time(), jobs, extra)


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

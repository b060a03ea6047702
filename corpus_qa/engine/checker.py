"""Per-document work, done inside a worker: run the enabled rules over one Document.

A rule that raises never stops the run: it becomes an internal-error finding (CQA001)
naming the rule, and the run ends with exit code 2.
"""

from __future__ import annotations

import dataclasses
import re
import traceback
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from corpus_qa.config import Config
from corpus_qa.engine import stored
from corpus_qa.engine.cache import ResultCache, document_key
from corpus_qa.engine.consolidate import consolidate
from corpus_qa.model import Category, Document, Edit, Finding, Fix, Hit, Severity, fingerprint, normalise_for_fingerprint
from corpus_qa.rules.base import CorpusCheck, Rule, RuleContext
from corpus_qa.rules.meta import INTERNAL_ERROR
from corpus_qa.rules.registry import all_checks, all_rules, family_of
from corpus_qa.sources.tasks import CachedFilesTask
from corpus_qa.text.script_evidence import script_counts

if TYPE_CHECKING:
    from corpus_qa.sources import SourceOptions, Task

# Deleting the runs between ideographs and measuring what is left is 3x faster than findall.
_NOT_CJK = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")


@dataclass
class DocResult:
    """What the main process needs of one document: small, no text."""

    id: str
    source: str
    source_line: int | None
    source_offset: int | None
    encoding: str
    format: str
    problem: str | None
    metrics: dict[str, Any]
    findings: list[Finding]
    # the corpus rules' features, stored (engine.stored) in the worker: the main process holds
    # a few compact bytes per document and decodes them only when a corpus rule reduces; the
    # result cache keeps these very bytes
    features: bytes = b""
    cache_key: bytes | None = None  # the result cache's key for this document, when caching
    fresh: bool = False  # checked in this run, not taken from the cache: the main process stores it
    # checked again because the worker found its cache entry damaged: what the main process warns of
    cache_problem: str | None = None

    def summary(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "encoding": self.encoding, "metrics": self.metrics}
        if self.source != self.id:
            out["source"] = self.source
        if self.source_line is not None:
            out["line"] = self.source_line
        if self.source_offset is not None:
            out["offset"] = self.source_offset
        if self.problem:
            out["problem"] = self.problem
        return out


def in_page(part: Document, hits: list[Hit]) -> list[Hit]:
    """The hits of a rule that read a part of a page (corpus_qa.page), placed in the page."""
    placement = part.placement
    if placement is None:
        return hits
    return [Hit(*placement.span(hit.start, hit.end), hit.message, hit.data, _placed_fix(placement, hit.fix))
            for hit in hits]


def _placed_fix(placement, fix: Fix | None) -> Fix | None:
    if fix is None:
        return None
    edits = tuple(Edit(*placement.span(edit.start, edit.end), edit.replacement) for edit in fix.edits)
    return Fix(edits, fix.safe, fix.summary)


def make_finding(rule: Rule, severity: Severity, doc: Document, hit: Hit) -> Finding:
    length = len(doc.text)
    start = min(max(hit.start, 0), length)
    end = min(max(hit.end, start), length)
    line, column = doc.position(start)
    end_line, end_column = doc.position(end)
    return Finding(
        rule=rule.code,
        name=rule.name,
        category=rule.category.value,
        severity=severity,
        document=doc.id,
        start=start,
        end=end,
        line=line,
        column=column,
        end_line=end_line,
        end_column=end_column,
        message=hit.message,
        excerpt=doc.text[start:end],
        fingerprint="",  # assigned in the main process once document ids are final
        data=hit.data,
        fix=hit.fix,
    )


def internal_error_finding(rule: Rule, document: str, error: BaseException, verbose: bool,
                           check: type[CorpusCheck] | None = None) -> Finding:
    """CQA001 for a rule that raised, or for the corpus check (of `rule`'s family) that did."""
    subject = f"corpus check {check.name}" if check is not None else f"rule {rule.code} ({rule.name})"
    message = f"{subject} raised {type(error).__name__}: {error}"
    data = {"rule": rule.code}
    if verbose:
        data["traceback"] = "".join(traceback.format_exception(error))
    return Finding(
        INTERNAL_ERROR.code, INTERNAL_ERROR.name, rule.category.value, Severity.ERROR, document,
        0, 0, 1, 1, 1, 1, message, "", "", data,
    )


def document_metrics(doc: Document) -> dict[str, Any]:
    """Per-document numbers for the metrics table (the engine adds finding counts later). A
    web page's describe what a reader sees (its visible text), and how much of that is its
    article; findings' spans are measured against the page as decoded (`page_chars`)."""
    metrics = _text_metrics(doc.part("visible"))
    reading = doc.page
    if reading is not None:
        article = reading.article
        metrics["page_chars"] = len(doc.text)
        metrics["article_share"] = (round((article.end - article.start) / metrics["chars"], 4)
                                    if article is not None and metrics["chars"] else 0.0)
    return metrics


def _text_metrics(doc: Document) -> dict[str, Any]:
    text = doc.text
    chars = len(text)
    non_space = chars - sum(text.count(c) for c in " \n\t\r\u3000")
    cjk = len(_NOT_CJK.sub("", text)) if chars else 0
    traditional, simplified = script_counts(text) if cjk else (0, 0)
    return {
        "chars": chars,
        "lines": len(doc.line_starts) if chars else 0,
        "cjk_share": round(cjk / non_space, 4) if non_space > 0 else 0.0,
        # among characters that differ between the scripts, the share written traditionally
        "traditional_share": round(traditional / (traditional + simplified), 4) if traditional + simplified else None,
        "has_frontmatter": doc.frontmatter is not None if chars else False,
    }


class Checker:
    """Holds the enabled rules with their contexts and severities; one per worker."""

    def __init__(self, config: Config, verbose: bool = False, cache: "ResultCache | None" = None):
        self.config = config
        self.verbose = verbose
        self.cache = cache
        enabled = config.enabled_rules(all_rules())
        contexts = {
            family: RuleContext(MappingProxyType(dict(config.options_for(family))))
            for family in {family_of(rule) for rule in enabled}
        }
        self.document_rules = [(r, contexts[family_of(r)]) for r in enabled if r.check]
        self.severities = {rule.code: config.severity_for(rule) for rule, _ in self.document_rules}
        self.corpus_rules = [(r, contexts[family_of(r)]) for r in enabled if r.is_corpus_rule]
        # the corpus checks that emit an enabled rule's hits, with their family's context
        emitting = {rule.code for rule, _ in self.corpus_rules}
        rules = all_rules()
        self.corpus_checks = [(check, contexts[family_of(rules[check.codes[0]])]) for check in all_checks().values()
                              if emitting.intersection(check.codes)]

    def check(self, doc: Document) -> DocResult:
        if self.cache is None:
            return self._check(doc)
        key = document_key(self.cache.ruleset, doc)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        result = self._check(doc)
        result.cache_key, result.fresh = key, True
        result.cache_problem = self.cache.take_problem()
        return result

    def run_task(self, task: "Task", options: "SourceOptions") -> list[DocResult]:
        """Every document of a reading task, checked; a task of unchanged files (known to
        the cache by their size and mtime) comes back as the cached results."""
        if isinstance(task, CachedFilesTask) and self.cache is not None:
            cached = self.cache.get_results(task.keys())
            if cached is not None:
                return cached
        return [self.check(doc) for doc in task.documents(options)]

    def document_findings(self, doc: Document) -> list[Finding]:
        """The per-document rules' findings on `doc`, consolidated (what `corpus-qa fix` repairs)."""
        findings: list[Finding] = []
        hits_by_rule: list[tuple[Rule, list[Hit]]] = []
        for rule, ctx in self.document_rules:
            if doc.problem and not rule.sees_problem_documents:
                continue
            if self.config.ignored_in(rule.code, doc.id, doc.source):
                continue
            try:
                part = doc.part(rule.reads)
                hits = list(rule.check(part, ctx)) if part is doc or part.text else []
            except Exception as error:  # noqa: BLE001 - a broken rule must not stop the run
                findings.append(internal_error_finding(rule, doc.id, error, self.verbose))
                continue
            if hits:
                hits_by_rule.append((rule, in_page(part, hits)))
        for rule, hits in consolidate(doc.text, hits_by_rule):
            findings.extend(make_finding(rule, self.severities[rule.code], doc, hit) for hit in hits)
        return findings

    def _check(self, doc: Document) -> DocResult:
        findings = self.document_findings(doc)
        features: dict[str, Any] = {}
        if not doc.problem:
            for check, ctx in self.corpus_checks:
                try:
                    part = doc.part(check.reads)
                    features[check.name] = check.features(part, ctx) if part is doc or part.text else None
                except Exception as error:  # noqa: BLE001
                    rule = all_rules()[check.codes[0]]
                    findings.append(internal_error_finding(rule, doc.id, error, self.verbose, check))
        findings.sort(key=Finding.sort_key)
        findings = with_fingerprints(findings)
        metrics = document_metrics(doc)
        add_finding_metrics(metrics, findings)
        return DocResult(
            id=doc.id,
            source=doc.source,
            source_line=doc.source_line,
            source_offset=doc.source_offset,
            encoding=doc.encoding if not doc.problem else "unknown",
            format=doc.format,
            problem=doc.problem,
            metrics=metrics,
            findings=findings,
            features=stored.dumps(features) if features else b"",
        )


def with_fingerprints(findings: list[Finding]) -> list[Finding]:
    """Give each finding without one its fingerprint; the n-th identical match of a rule in
    a document gets occurrence n."""
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


def add_finding_metrics(metrics: dict[str, Any], findings: list[Finding]) -> None:
    """Complete a document's metrics with its findings: counts, boilerplate share, duplicate
    cluster size, frontmatter validity (the expectations' table). Run in the worker on the
    document's own findings, and again in the main process for a document that corpus rules
    reported on."""
    metrics["findings"] = sum(map(_weight, findings))
    metrics["errors"] = sum(_weight(f) for f in findings if f.severity is Severity.ERROR)
    for category in CATEGORIES:
        metrics[f"findings_{category}"] = sum(_weight(f) for f in findings if f.category == category)
        metrics[f"errors_{category}"] = sum(_weight(f) for f in findings if f.category == category and f.severity is Severity.ERROR)
    covered = _covered_chars([f for f in findings if f.category == "boilerplate"])
    measured = metrics.get("page_chars", metrics["chars"])
    metrics["boilerplate_share"] = round(covered / measured, 4) if measured else 0.0
    sizes = [f.data["size"] for f in findings if f.category == "duplicate" and f.data and isinstance(f.data.get("size"), int)]
    metrics["duplicate_cluster_size"] = max(sizes, default=1)
    has_frontmatter = metrics.get("has_frontmatter", False)
    metrics["frontmatter_valid"] = (metrics["errors_frontmatter"] == 0) if has_frontmatter else None


def _weight(finding: Finding) -> int:
    """How many findings one stands for: one, or for the finding a rule's cap put in place
    of the hits it left out (see consolidate.capped), that many; so a document's counts stay true."""
    return finding.data.get("omitted", 1) if finding.data else 1


def _covered_chars(findings: list[Finding]) -> int:
    covered, reach = 0, 0
    for start, end in sorted((f.start, f.end) for f in findings):
        start = max(start, reach)
        if end > start:
            covered += end - start
            reach = end
    return covered

"""The data the HTML report's script works from: rules, documents, findings, clusters, texts.

Rows are arrays, not objects, because a large corpus has tens of thousands of them; the
payload names the columns once (`fields`), and the script looks them up by name. A finding's
message is a position in `messages` (a rule repeats its messages), and the hits of a merged run
(data "parts") are its `parts`: [start, end] or [start, end, message], which the page marks.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from corpus_qa.model import Category, Finding
from corpus_qa.report import json_text
from corpus_qa.report.html_budget import TEXT_BUDGET_BYTES, TextBudget, plan_texts
from corpus_qa.report.html_text import TEXT_NONE, EmbeddedText
from corpus_qa.report.summary import baseline_states

if TYPE_CHECKING:
    from corpus_qa.run_result import RunResult

SEVERITIES = ("info", "warning", "error")  # position + 1 is the Severity value
DOCUMENT_FIELDS = ("id", "source", "encoding", "chars", "lines", "cjk_share", "problem", "text")
FINDING_FIELDS = ("document", "rule", "severity", "start", "end", "line", "column", "end_line", "end_column",
                  "message", "fingerprint", "excerpt", "data", "baseline", "parts", "fix")
MAX_DATA_VALUE_CHARS = 200  # one value of a finding's evidence; larger ones are only described
EXCERPT_CHARS = 120  # as a baseline entry keeps it
REPORT_TARGET_BYTES = 10_500_000  # what the text budget aims the whole report at (iNews: 18,000 findings)
PAGE_BYTES = 200_000  # the page around the data: markup, CSS, script, charts
MIN_TEXT_BUDGET_BYTES = 1_000_000
MAX_FIX_EDITS = 20  # a fix's edits the page shows as a before/after; a larger one is only summarised
MAX_FIX_REPLACEMENT_CHARS = 400


@dataclass
class ReportData:
    payload: dict[str, Any]  # the JSON block the script reads at load
    texts: dict[int, EmbeddedText]  # by document index: one JSON block each, parsed when opened
    budget: TextBudget


def categories(result: "RunResult") -> list[str]:
    known = [c.value for c in Category]
    return known + sorted({f.category for f in result.findings} - set(known))


def rule_rows(result: "RunResult") -> list[dict[str, Any]]:
    """Every enabled rule, plus codes that only appear in findings (CQA001, GX001), with counts."""
    from corpus_qa.rules.meta import META_RULES

    counts: dict[str, int] = {}
    for finding in result.findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    rows = {
        rule.code: {"code": rule.code, "name": rule.name, "category": rule.category.value,
                    "severity": rule.severity.label, "summary": rule.summary, "docs": rule.docs}
        for rule in result.rules
    }
    for finding in result.findings:
        if finding.rule not in rows:
            meta = META_RULES.get(finding.rule)
            rows[finding.rule] = {"code": finding.rule, "name": finding.name, "category": finding.category,
                                  "severity": finding.severity.label, "summary": meta.summary if meta else "",
                                  "docs": meta.docs if meta else ""}
    return [{**row, "count": counts.get(code, 0)} for code, row in sorted(rows.items())]


def build(result: "RunResult", rules: list[dict[str, Any]], budget: TextBudget | None = None) -> ReportData:
    doc_index = {doc["id"]: index for index, doc in enumerate(result.documents)}
    by_doc: dict[int, list[Finding]] = {}
    for finding in result.findings:
        if finding.document in doc_index:
            by_doc.setdefault(doc_index[finding.document], []).append(finding)
    clusters = _cluster_members(result.findings, doc_index)
    rule_index = {row["code"]: index for index, row in enumerate(rules)}
    states = baseline_states(result) or {}
    sources = sorted({doc.get("source", "") for doc in result.documents} - {""})
    source_index = {source: index for index, source in enumerate(sources)}
    messages, fix_summaries = _Strings(), _Strings()
    payload = {
        "reportId": _report_id(result),
        "fields": {"document": DOCUMENT_FIELDS, "finding": FINDING_FIELDS},
        "severities": SEVERITIES,
        "categories": categories(result),
        "rules": [[row["code"], row["name"], row["category"], row["severity"], row["count"],
                   row.get("doc_summary") or row["summary"]] for row in rules],
        "sources": sources,
        "documents": [_document_row(doc, source_index) for doc in result.documents],
        "findings": [_finding_row(f, doc_index, rule_index, states, messages, fix_summaries) for f in result.findings],
        "messages": messages.values,
        "fixSummaries": fix_summaries.values,
        "clusters": clusters,
    }
    if budget is None:
        # text gets what the rest of the report leaves of its size target
        rest = len(json_text.dumps(payload).encode("utf-8")) + PAGE_BYTES
        budget = TextBudget(min(TEXT_BUDGET_BYTES, max(MIN_TEXT_BUDGET_BYTES, REPORT_TARGET_BYTES - rest)))
    texts = plan_texts(result, by_doc, clusters, budget)
    payload["limits"] = {"windowChars": budget.window_chars, "budgetMb": budget.megabytes,
                         "fullTextChars": budget.full_text_chars}
    for index, text in texts.items():
        payload["documents"][index][DOCUMENT_FIELDS.index("text")] = text.shown
    for row, finding in zip(payload["findings"], result.findings):
        # the excerpt is only needed where the page does not hold the finding's text
        if not _holds(texts.get(row[0]), finding.start, finding.end):
            excerpt = finding.excerpt
            row[FINDING_FIELDS.index("excerpt")] = excerpt if len(excerpt) <= EXCERPT_CHARS else excerpt[:EXCERPT_CHARS] + "…"
    return ReportData(payload, texts, budget)


class _Strings:
    """A table of distinct strings: rows hold positions in it (a rule's messages repeat a lot)."""

    def __init__(self):
        self.values: list[str] = []
        self._index: dict[str, int] = {}

    def __call__(self, value: str) -> int:
        if value not in self._index:
            self._index[value] = len(self.values)
            self.values.append(value)
        return self._index[value]


def _report_id(result: "RunResult") -> str:
    """Names the review saved in the browser: the same findings give the same id."""
    digest = hashlib.sha1()
    for finding in result.findings:
        digest.update(finding.fingerprint.encode() + b"\n")
    return digest.hexdigest()[:16]


def _cluster_members(findings: list[Finding], doc_index: dict[str, int]) -> list[dict[str, Any]]:
    """Duplicate clusters: findings whose data names a cluster (its representative's id)."""
    groups: dict[tuple[str, str], dict[int, Any]] = {}
    for finding in findings:
        data = finding.data or {}
        if "cluster" not in data or finding.document not in doc_index:
            continue
        members = groups.setdefault((finding.rule, str(data["cluster"])), {})
        members.setdefault(doc_index[finding.document], data.get("similarity"))
    clusters = []
    for (rule, representative), members in groups.items():
        rep_index = doc_index.get(representative)
        order = sorted(members, key=lambda i: (i != rep_index, i))
        clusters.append({
            "rule": rule,
            "representative": rep_index,
            "representativeId": representative,
            "members": [[index, members[index]] for index in order],
        })
    clusters.sort(key=lambda c: (c["rule"], c["members"][0][0]))
    return clusters


def _document_row(doc: dict[str, Any], source_index: dict[str, int]) -> list[Any]:
    metrics = doc.get("metrics", {})
    return [doc["id"], source_index.get(doc.get("source", ""), -1), doc.get("encoding", ""), metrics.get("chars", 0),
            metrics.get("lines", 0), metrics.get("cjk_share", 0.0), doc.get("problem"), TEXT_NONE]


def _holds(text: EmbeddedText | None, start: int, end: int) -> bool:
    """Whether one embedded segment holds all of [start, end)."""
    return text is not None and any(offset <= start and end <= offset + len(piece) for offset, _, piece in text.segments)


def _finding_row(finding: Finding, doc_index: dict[str, int], rule_index: dict[str, int],
                 baseline: dict[str, str], messages: _Strings, fix_summaries: _Strings) -> list[Any]:
    data = dict(finding.data or {})
    parts = _parts(data.get("parts"), messages)
    if parts is not None:
        del data["parts"]
        data.pop("count", None)  # the number of parts
    return [doc_index.get(finding.document, -1), rule_index[finding.rule], int(finding.severity), finding.start,
            finding.end, finding.line, finding.column, finding.end_line, finding.end_column, messages(finding.message),
            finding.fingerprint, "", compact_data(data), baseline.get(finding.fingerprint, ""), parts,
            _fix(finding, fix_summaries)]


def _fix(finding: Finding, summaries: _Strings) -> list[Any] | None:
    """A finding's fix as [safe (1 or 0), summary, edits as [start, end, replacement]]; the edits
    are left out ([]) where they are too many or too long to show as a before/after."""
    fix = finding.fix
    if fix is None or not fix.edits:
        return None
    edits = [[edit.start, edit.end, edit.replacement] for edit in fix.edits]
    if len(edits) > MAX_FIX_EDITS or sum(len(edit.replacement) for edit in fix.edits) > MAX_FIX_REPLACEMENT_CHARS:
        edits = []
    return [int(fix.safe), summaries(fix.summary), edits]


def _parts(parts: Any, messages: _Strings) -> list[list[int]] | None:
    """The hits of a merged run as [start, end] or [start, end, message] (where it differs)."""
    if not isinstance(parts, list) or len(parts) < 2:
        return None
    out = []
    for part in parts:
        if not isinstance(part, dict) or not isinstance(part.get("start"), int) or not isinstance(part.get("end"), int):
            return None
        row = [part["start"], part["end"]]
        if isinstance(part.get("message"), str):
            row.append(messages(part["message"]))
        out.append(row)
    return out


def compact_data(data: dict[str, Any] | None) -> dict[str, Any] | None:
    """Finding evidence for the page: small values as they are, large ones only described
    (a cluster's member list can be long and is in the JSON output anyway)."""
    if not data:
        return None
    out: dict[str, Any] = {}
    for key, value in data.items():
        text = json_text.dumps(value)
        if len(text) <= MAX_DATA_VALUE_CHARS:
            out[str(key)] = value if isinstance(value, (str, int, float, bool, list, dict)) or value is None else str(value)
        elif isinstance(value, (list, tuple)):
            out[str(key)] = f"({len(value)} items: see the JSON output)"
        else:
            out[str(key)] = "(too large for the report: see the JSON output)"
    return out

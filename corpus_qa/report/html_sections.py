"""What the server-rendered parts of the HTML report show: gate, counts, rule docs, extras."""

from __future__ import annotations

import json
import re
import textwrap
from collections import Counter
from typing import TYPE_CHECKING, Any

from corpus_qa.model import Severity
from corpus_qa.report.summary import gated_findings
from corpus_qa.rules.base import DOC_SECTIONS

if TYPE_CHECKING:
    from corpus_qa.run_result import RunResult

MAX_BASELINE_ROWS = 1_000
_SECTION = re.compile(rf"^({'|'.join(map(re.escape, DOC_SECTIONS))}):\s*$", re.MULTILINE)


def gate_reason(result: "RunResult", stats: dict[str, Any]) -> str:
    gate = stats["gate"]
    level = gate["fail_on"]
    new = " new" if "baseline" in stats else ""  # against a baseline only new findings count
    reasons = []
    if stats["internal_errors"]:
        reasons.append(f"{stats['internal_errors']} internal error(s): a rule crashed (CQA001), so some documents "
                       "were not fully checked.")
    if gate["failing_findings"]:
        threshold = Severity.parse(level)
        failing = Counter(f.rule for f in gated_findings(result) if f.severity >= threshold)
        rules = ", ".join(f"{code} ×{count}" for code, count in sorted(failing.items()))
        reasons.append(f"{gate['failing_findings']}{new} finding(s) at or above '{level}' ({rules}).")
    if not reasons:
        reasons.append(f"no{new} finding at or above '{level}'.")
    return " ".join(reasons) + f" Exit code {gate['exit_code']}."


def category_severity_table(result: "RunResult", categories: list[str]) -> list[dict[str, Any]]:
    counts = Counter((f.category, f.severity.label) for f in result.findings)
    return [
        {"category": category, "error": counts[(category, "error")], "warning": counts[(category, "warning")],
         "info": counts[(category, "info")],
         "total": sum(counts[(category, level)] for level in ("error", "warning", "info"))}
        for category in categories
    ]


def rule_doc_sections(docs: str) -> tuple[str, list[tuple[str, str]]]:
    """A rule docstring as (summary, [(section title, body)]); bodies keep their line breaks."""
    text = textwrap.dedent(docs).strip()
    parts = _SECTION.split(text)
    summary = " ".join(parts[0].split())
    sections = [(parts[i], textwrap.dedent(parts[i + 1]).strip("\n").rstrip()) for i in range(1, len(parts) - 1, 2)]
    return summary, sections


def expectation_suites(value: Any) -> list[dict[str, Any]]:
    """`result.extra["expectations"]`: a list of suite results, as corpus_qa.corpus.expectations gives them:
    {"suite", "file", "success", "expectations": [{"type", "kwargs", "success", "message", ...}]}.
    A single suite object is accepted too.
    """
    if not value:
        return []
    suites = [value] if isinstance(value, dict) else list(value)
    out = []
    for suite in suites:
        if not isinstance(suite, dict):
            continue
        rows = [_expectation_row(item) for item in suite.get("expectations") or suite.get("results") or []]
        success = suite.get("success")
        if success is None:
            success = all(row["success"] is not False for row in rows)
        out.append({"name": str(suite.get("suite") or suite.get("name") or ""), "file": str(suite.get("file") or ""),
                    "success": success, "rows": rows})
    return out


def _expectation_row(item: Any) -> dict[str, Any]:
    if not isinstance(item, dict):
        return {"name": str(item), "arguments": "", "success": None, "message": ""}
    name = next((str(item[k]) for k in ("type", "expectation_type", "expectation", "name") if item.get(k)), "?")
    return {"name": name, "arguments": _compact(item.get("kwargs") or {}), "success": item.get("success"),
            "message": str(item.get("message") or "")}


def baseline_rows(result: "RunResult") -> dict[str, Any] | None:
    """`result.extra["baseline"]`: {"file", "new": [fingerprint], "unchanged": [fingerprint], "fixed": [entry]}.

    Fingerprints are shown with the finding they name; fixed entries (no finding any more)
    with what the baseline recorded. Findings or dicts in the lists are accepted too.
    """
    baseline = result.extra.get("baseline")
    if not isinstance(baseline, dict):
        return None
    by_fingerprint = {f.fingerprint: f for f in result.findings}
    groups = []
    for key in ("new", "unchanged", "fixed"):
        entries = list(baseline.get(key) or [])
        rows = [_baseline_entry(by_fingerprint.get(e, e) if isinstance(e, str) else e) for e in entries[:MAX_BASELINE_ROWS]]
        groups.append({"key": key, "count": len(entries), "rows": rows, "more": max(0, len(entries) - MAX_BASELINE_ROWS)})
    return {"groups": groups, "file": str(baseline.get("file") or "")}


def _baseline_entry(entry: Any) -> dict[str, str]:
    if hasattr(entry, "to_dict"):
        entry = entry.to_dict()
    if not isinstance(entry, dict):
        entry = {"fingerprint": str(entry)}
    where = f"{entry['line']}:{entry.get('column', 1)}" if entry.get("line") else ""
    status = " · ".join(str(entry[k]) for k in ("status", "reason") if entry.get(k))
    return {key: str(entry.get(key) or "") for key in ("rule", "document", "message", "fingerprint")} | {
        "where": where, "status": status}


def _compact(value: dict[str, Any]) -> str:
    if not value:
        return ""
    text = json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    return text if len(text) <= 400 else text[:399] + "…"

"""Counts shared by the renderers, so every format agrees on the numbers."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from corpus_qa import __version__

if TYPE_CHECKING:
    from corpus_qa.run_result import RunResult
    from corpus_qa.report import RenderOptions

TOOL = {"name": "corpus-qa", "version": __version__}


def baseline_states(result: "RunResult") -> dict[str, str] | None:
    """fingerprint -> "new" | "unchanged" when the run was compared with a baseline."""
    compared = result.extra.get("baseline")
    if compared is None:
        return None
    states = {fingerprint: "unchanged" for fingerprint in compared["unchanged"]}
    states.update({fingerprint: "new" for fingerprint in compared["new"]})
    return states


def gated_findings(result: "RunResult") -> list:
    """The findings the gate judges: all of them, or only the new ones against a baseline."""
    states = baseline_states(result)
    return result.findings if states is None else [f for f in result.findings if states.get(f.fingerprint) == "new"]


def summary(result: "RunResult", options: "RenderOptions") -> dict[str, Any]:
    states = baseline_states(result)
    documents, by_rule, by_severity, by_category = set(), Counter(), Counter(), Counter()
    failing = 0
    for finding in result.findings:  # one pass: on a large run the findings are read back from disk
        documents.add(finding.document)
        by_rule[finding.rule] += 1
        by_severity[finding.severity] += 1
        by_category[finding.category] += 1
        if finding.severity >= options.fail_on and (states is None or states.get(finding.fingerprint) == "new"):
            failing += 1
    compared = result.extra.get("baseline")
    extra = {}
    if compared is not None:
        extra["baseline"] = {
            "file": compared["file"],
            "new": len(compared["new"]),
            "unchanged": len(compared["unchanged"]),
            "fixed": len(compared["fixed"]),
        }
    skipped = result.extra.get("skipped", {})
    return {
        "documents": len(result.documents),
        "documents_with_findings": len(documents - {""}),
        # entries under the scanned folders that were not read, by reason (sources.Discovered)
        "skipped": {"files": sum(entry["count"] for entry in skipped.values()), "by_reason": skipped},
        "findings": sum(by_rule.values()),
        "by_rule": dict(sorted(by_rule.items())),
        "by_severity": {s.label: n for s, n in by_severity.most_common()},
        "by_category": dict(sorted(by_category.items())),
        "internal_errors": result.internal_errors,
        "gate": {
            "fail_on": options.fail_on.label,
            "failing_findings": failing,
            "passed": options.gate_passed if options.gate_passed is not None else not failing and not result.internal_errors,
            "exit_code": options.exit_code,
        },
        **extra,
    }


def run_metadata(result: "RunResult") -> dict[str, Any]:
    from datetime import datetime, timezone

    def stamp(seconds: float) -> str:
        return datetime.fromtimestamp(seconds, tz=timezone.utc).isoformat(timespec="seconds")

    return {
        "started": stamp(result.started),
        "finished": stamp(result.finished),
        "seconds": round(result.finished - result.started, 3),
        "jobs": result.jobs,
        "config": result.config.describe(),
        **({"stats": result.extra["stats"]} if "stats" in result.extra else {}),
    }


def skipped_line(by_reason: dict[str, Any]) -> str:
    """Skipped entries (sources.Discovered.skipped) in words:
    "2 not matched by include (a.jsonl, b.jsonl); 1 matched by exclude (.git/)"."""
    return "; ".join(f"{entry['count']} {reason} ({', '.join(entry['examples'])}"
                     f"{', …' if entry['count'] > len(entry['examples']) else ''})"
                     for reason, entry in by_reason.items())

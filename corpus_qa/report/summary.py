"""Counts shared by the renderers, so every format agrees on the numbers."""

from __future__ import annotations

from collections import Counter
from operator import attrgetter
from typing import TYPE_CHECKING, Any

from corpus_qa import __version__

if TYPE_CHECKING:
    from corpus_qa.engine.local import RunResult
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
    findings = result.findings
    failing = [f for f in gated_findings(result) if f.severity >= options.fail_on]
    compared = result.extra.get("baseline")
    extra = {}
    if compared is not None:
        extra["baseline"] = {
            "file": compared["file"],
            "new": len(compared["new"]),
            "unchanged": len(compared["unchanged"]),
            "fixed": len(compared["fixed"]),
        }
    return {
        "documents": len(result.documents),
        "documents_with_findings": len(set(map(attrgetter("document"), findings)) - {""}),
        "findings": len(findings),
        "by_rule": dict(sorted(Counter(map(attrgetter("rule"), findings)).items())),
        "by_severity": {s.label: n for s, n in Counter(map(attrgetter("severity"), findings)).most_common()},
        "by_category": dict(sorted(Counter(map(attrgetter("category"), findings)).items())),
        "internal_errors": result.internal_errors,
        "gate": {
            "fail_on": options.fail_on.label,
            "failing_findings": len(failing),
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

"""Counts shared by the renderers, so every format agrees on the numbers."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any

from corpus_qa import __version__

if TYPE_CHECKING:
    from corpus_qa.engine.local import RunResult
    from corpus_qa.report import RenderOptions

TOOL = {"name": "corpus-qa", "version": __version__}


def summary(result: "RunResult", options: "RenderOptions") -> dict[str, Any]:
    findings = result.findings
    failing = [f for f in findings if f.severity >= options.fail_on]
    return {
        "documents": len(result.documents),
        "documents_with_findings": len({f.document for f in findings}),
        "findings": len(findings),
        "by_rule": dict(sorted(Counter(f.rule for f in findings).items())),
        "by_severity": {s: n for s, n in Counter(f.severity.label for f in findings).most_common()},
        "by_category": dict(sorted(Counter(f.category for f in findings).items())),
        "internal_errors": result.internal_errors,
        "gate": {
            "fail_on": options.fail_on.label,
            "failing_findings": len(failing),
            "passed": not failing and not result.internal_errors,
            "exit_code": options.exit_code,
        },
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
    }

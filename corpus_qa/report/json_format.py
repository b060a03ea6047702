"""`--format json`: one object, the stable contract of DESIGN.md (extend, never rename)."""

from __future__ import annotations

import json

from corpus_qa.report.summary import TOOL, baseline_states, run_metadata, summary


def finding_dicts(result) -> list[dict]:
    """Findings as contract dicts; with a baseline each also says "baseline": "new" | "unchanged"."""
    states = baseline_states(result)
    dicts = [finding.to_dict() for finding in result.findings]
    if states is not None:
        for finding in dicts:
            finding["baseline"] = states.get(finding["fingerprint"], "new")
    return dicts


def as_object(result, options) -> dict:
    return {
        "tool": TOOL,
        "summary": summary(result, options),
        "documents": result.documents,
        "findings": finding_dicts(result),
        "rules": [
            {"code": r.code, "name": r.name, "category": r.category.value, "severity": r.severity.label, "summary": r.summary}
            for r in result.rules
        ],
        "run": run_metadata(result),
        **{key: result.extra[key] for key in ("expectations", "baseline") if key in result.extra},
    }


def render(result, options, out) -> None:
    json.dump(as_object(result, options), out, ensure_ascii=False, indent=2)
    out.write("\n")

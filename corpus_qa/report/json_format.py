"""`--format json`: one object, the stable contract of DESIGN.md (extend, never rename)."""

from __future__ import annotations

import json

from corpus_qa.report.summary import TOOL, run_metadata, summary


def as_object(result, options) -> dict:
    return {
        "tool": TOOL,
        "summary": summary(result, options),
        "documents": result.documents,
        "findings": [finding.to_dict() for finding in result.findings],
        "rules": [
            {"code": r.code, "name": r.name, "category": r.category.value, "severity": r.severity.label, "summary": r.summary}
            for r in result.rules
        ],
        "run": run_metadata(result),
        **({"expectations": result.extra["expectations"]} if "expectations" in result.extra else {}),
    }


def render(result, options, out) -> None:
    json.dump(as_object(result, options), out, ensure_ascii=False, indent=2)
    out.write("\n")

"""`--format json`: one object, the stable contract of DESIGN.md (extend, never rename).

The two long arrays, documents and findings, are written a few thousand entries at a time,
so a million-document run never holds its whole output in memory at once."""

from __future__ import annotations

from typing import Iterator

from corpus_qa.report import json_text
from corpus_qa.report.summary import TOOL, baseline_states, run_metadata, summary

_CHUNK = 4096


def finding_dicts(result) -> Iterator[dict]:
    """Findings as contract dicts; with a baseline each also says "baseline": "new" | "unchanged"."""
    states = baseline_states(result)
    for finding in result.findings:
        out = finding.to_dict()
        if states is not None:
            out["baseline"] = states.get(out["fingerprint"], "new")
        yield out


def as_object(result, options) -> dict:
    return {
        "tool": TOOL,
        "summary": summary(result, options),
        "documents": result.documents,
        "findings": finding_dicts(result),  # an iterator: json_text writes it in chunks
        "rules": [
            {"code": r.code, "name": r.name, "category": r.category.value, "severity": r.severity.label, "summary": r.summary}
            for r in result.rules
        ],
        "run": run_metadata(result),
        **{key: result.extra[key] for key in ("expectations", "baseline") if key in result.extra},
    }


def render(result, options, out) -> None:
    value = as_object(result, options)
    arrays = {"documents": iter(value["documents"]), "findings": value["findings"]}
    json_text.write_with_arrays(value, arrays, out, chunk=_CHUNK)

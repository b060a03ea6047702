"""`--format jsonl`: one finding object per line (the same fields as in the json format)."""

from __future__ import annotations

from corpus_qa.report import json_text
from corpus_qa.report.json_format import finding_dicts


def render(result, options, out) -> None:
    for finding in finding_dicts(result):
        out.write(json_text.dumps(finding))
        out.write("\n")

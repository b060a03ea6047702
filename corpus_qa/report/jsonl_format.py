"""`--format jsonl`: one finding object per line (the same fields as in the json format)."""

from __future__ import annotations

import json


def render(result, options, out) -> None:
    for finding in result.findings:
        out.write(json.dumps(finding.to_dict(), ensure_ascii=False))
        out.write("\n")

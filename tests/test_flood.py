"""One rule cannot flood a run (issue 18): findings per rule per document are capped, with
a count of the rest, and a document of many short lines is checked whole. Timings are in
the issue's report, not here: these check counts only."""

from __future__ import annotations

import json

from click.testing import CliRunner

from corpus_qa.cli import main
from corpus_qa.rules.base import MAX_HITS_PER_RULE
from tests.conftest import CLEAN_POST_BODY, write


def check_json(tmp_path, name: str, text: str) -> dict:
    write(tmp_path / "corpus", name, text)
    out = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["check", str(tmp_path / "corpus"), "--no-cache", "-j", "1", "-f", "json",
                                       "-o", str(out), "--max-file-size", "64MiB"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(out.read_text())


def test_a_frontmatter_of_thousands_of_unknown_keys_gives_capped_findings(tmp_path):
    keys = 400
    text = "---\ntitle: '标题'\ndate: 2022-08-18\n" + "".join(f"key{i}: 值{i}\n" for i in range(keys)) + "---\n" + CLEAN_POST_BODY
    report = check_json(tmp_path, "a.md", text)
    unknown = [f for f in report["findings"] if f["rule"] == "FM008"]
    assert len(unknown) == MAX_HITS_PER_RULE + 1
    assert unknown[-1]["data"] == {"omitted": keys - MAX_HITS_PER_RULE}
    assert unknown[-1]["excerpt"] == f"key{MAX_HITS_PER_RULE}: 值{MAX_HITS_PER_RULE}"
    assert not [f for f in report["findings"] if f["rule"] == "CQA001"]


def test_a_document_of_many_short_lines_is_checked_whole(tmp_path):
    lines = 20_000
    report = check_json(tmp_path, "a.txt", "短句。\n" * lines)
    (document,) = report["documents"]
    assert document["metrics"]["lines"] == lines + 1  # the empty line after the last newline
    assert not [f for f in report["findings"] if f["rule"] == "CQA001"]
    counts: dict[str, int] = {}
    for finding in report["findings"]:
        counts[finding["rule"]] = counts.get(finding["rule"], 0) + 1
    assert all(count <= MAX_HITS_PER_RULE + 1 for count in counts.values())

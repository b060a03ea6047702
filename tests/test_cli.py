"""End to end through the command line: exit codes, the JSON contract, bad input."""

import json
import subprocess
import sys

import pytest

from corpus_qa.model import Category
from tests.conftest import (
    CLEAN_POST_BODY, CLEAN_SIMPLIFIED, CLEAN_TRADITIONAL, PEOPLES_DAILY_1998, SEEDS, UDN_2022, check_json, write,
)

CONTRACT_FINDING_FIELDS = {
    "rule", "name", "category", "severity", "document", "start", "end", "line", "column",
    "message", "excerpt", "fingerprint",
}


@pytest.fixture
def clean_corpus(isolated):
    write(isolated, "corpus/simplified.txt", CLEAN_SIMPLIFIED)
    write(isolated, "corpus/peoples-daily.txt", PEOPLES_DAILY_1998)
    write(isolated, "corpus/post.md", "---\ntitle: '标题'\ndate: 2022-08-18\n---\n" + CLEAN_POST_BODY)
    return isolated / "corpus"


def test_seeds_have_findings_and_exit_1(cli):
    result = cli("check", SEEDS, "--jobs", "1")
    assert result.exit_code == 1
    assert "000_abaab0bee8685aec.txt" in result.stdout
    assert "FM001" in result.stdout


def test_clean_folder_exits_0(cli, clean_corpus):
    result = cli("check", clean_corpus, "--jobs", "1")
    assert result.exit_code == 0, result.stdout
    assert "All checks passed" in result.stdout


def test_clean_traditional_folder_exits_0(cli, isolated):
    write(isolated, "corpus/cna.txt", CLEAN_TRADITIONAL)
    write(isolated, "corpus/udn.txt", UDN_2022)
    result = cli("check", isolated / "corpus", "--jobs", "1")
    assert result.exit_code == 0 and "All checks passed" in result.stdout, result.stdout


def test_missing_path_exits_2_with_one_line(cli, isolated):
    result = cli("check", "no-such-folder")
    assert result.exit_code == 2
    assert result.stderr.strip() == "corpus-qa: error: no-such-folder: no such file or directory"


def test_bad_config_exits_2_naming_the_key(cli, clean_corpus):
    write(clean_corpus.parent, "corpus-qa.toml", "fail-on = 3\n")
    result = cli("check", clean_corpus)
    assert result.exit_code == 2
    assert "fail-on" in result.stderr and "corpus-qa.toml" in result.stderr


def test_usage_errors_exit_2(cli, clean_corpus):
    assert cli("check", clean_corpus, "--format", "yaml").exit_code == 2
    assert cli("check", clean_corpus, "--format", "json", "--format", "sarif").exit_code == 2  # both to stdout
    assert cli("check", clean_corpus, "--format", "json", "--output", "a", "--output", "b").exit_code == 2
    assert cli("check", clean_corpus, "--frobnicate").exit_code == 2


def test_output_suffix_picks_the_format_when_none_is_given(cli, clean_corpus):
    result = cli("check", clean_corpus, "--jobs", "1", "--output", "out/a.json", "--output", "out/a.sarif")
    assert result.exit_code == 0 and result.stdout == ""
    assert json.loads((clean_corpus.parent / "out/a.json").read_text())["summary"]["documents"] == 3
    assert json.loads((clean_corpus.parent / "out/a.sarif").read_text())["version"] == "2.1.0"


def test_exit_zero_and_fail_on(cli, isolated):
    write(isolated, "c/a.txt", CLEAN_SIMPLIFIED + "<p>残留</p>\n")  # BP001 is a warning
    assert cli("check", "c", "--jobs", "1").exit_code == 0
    assert cli("check", "c", "--jobs", "1", "--fail-on", "warning").exit_code == 1
    assert cli("check", "c", "--jobs", "1", "--fail-on", "warning", "--exit-zero").exit_code == 0


def test_exit_code_is_the_same_whatever_the_format_or_destination(cli, isolated):
    codes = {
        cli("check", SEEDS, "--jobs", "1", "--format", fmt, *(("--output", isolated / f"out.{fmt}") if to_file else ())).exit_code
        for fmt in ("console", "json", "jsonl", "junit", "sarif", "github")
        for to_file in (False, True)
    }
    assert codes == {1}


def test_json_contract_on_seeds(cli):
    code, report = check_json(cli, SEEDS)
    assert code == 1
    assert report["tool"]["name"] == "corpus-qa" and report["tool"]["version"]
    summary = report["summary"]
    assert summary["documents"] == 5
    assert summary["findings"] == len(report["findings"]) == sum(summary["by_rule"].values())
    assert sum(summary["by_severity"].values()) == summary["findings"]
    assert [d["id"] for d in report["documents"]] == sorted(p.name for p in SEEDS.iterdir())
    texts = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.iterdir()}
    for doc in report["documents"]:
        assert doc["encoding"] == "utf-8" and isinstance(doc["metrics"], dict)
    for finding in report["findings"]:
        assert CONTRACT_FINDING_FIELDS <= set(finding)
        assert finding["category"] in {c.value for c in Category}
        assert finding["severity"] in {"error", "warning", "info"}
        if not finding["document"]:  # corpus-level (expectation suites)
            assert finding["rule"] == "GX001"
            continue
        text = texts[finding["document"]]
        assert finding["excerpt"] == text[finding["start"] : finding["end"]]
        line_start = text.rfind("\n", 0, finding["start"]) + 1
        assert finding["line"] == text.count("\n", 0, finding["start"]) + 1
        assert finding["column"] == finding["start"] - line_start + 1
    fm = [f for f in report["findings"] if f["rule"] == "FM001"]
    assert sorted(f["document"] for f in fm) == ["000_abaab0bee8685aec.txt", "001_aa32bcfdfa2ccc6a.txt"]
    assert len({f["fingerprint"] for f in report["findings"]}) == len(report["findings"])


def test_output_is_deterministic_across_job_counts(cli):
    def findings(jobs):
        result = cli("check", SEEDS, "--format", "json", "--jobs", jobs)
        return json.loads(result.stdout)["findings"]

    assert findings("1") == findings("2")


def test_fingerprints_survive_unrelated_edits(cli, isolated):
    body = CLEAN_SIMPLIFIED + "<div>残留</div>\n"
    write(isolated, "c/a.txt", body)
    before = {(f["rule"], f["fingerprint"]) for f in check_json(cli, "c")[1]["findings"]}
    write(isolated, "c/a.txt", "新加的一段话，与问题无关。\n\n" + body)
    after = check_json(cli, "c")[1]["findings"]
    assert before and before == {(f["rule"], f["fingerprint"]) for f in after}
    assert after[0]["line"] == 4


def test_bad_input_never_stops_the_run(cli, isolated):
    write(isolated, "c/empty.txt", b"")
    write(isolated, "c/image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(isolated, "c/gbk.txt", (CLEAN_SIMPLIFIED * 3).encode("gbk"))
    write(isolated, "c/ok.txt", CLEAN_SIMPLIFIED)
    write(isolated, "c/big.txt", CLEAN_SIMPLIFIED * 200)
    code, report = check_json(cli, "c", "--max-file-size", "10KiB")
    by_doc = {(f["document"], f["rule"]) for f in report["findings"]}
    assert {("empty.txt", "ENC902"), ("image.txt", "ENC903"), ("gbk.txt", "ENC002"), ("big.txt", "ENC904")} <= by_doc
    assert report["summary"]["documents"] == 5
    assert code == 1


def test_jsonl_ids_in_the_report(cli, isolated):
    lines = [{"id": "a", "text": CLEAN_SIMPLIFIED}, {"text": CLEAN_TRADITIONAL}, {"id": "a", "text": "重复的编号。" + CLEAN_SIMPLIFIED}]
    write(isolated, "c.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in lines) + "{broken\n")
    code, report = check_json(cli, "c.jsonl", "--select", "ENC9")  # records 1 and 3 are near-copies on purpose
    assert [d["id"] for d in report["documents"]] == ["a", "c.jsonl:2", "a#2", "c.jsonl:4"]
    assert report["documents"][3]["problem"] == "unreadable"
    assert [f["rule"] for f in report["findings"]] == ["ENC901"]


def test_a_rule_that_raises_becomes_an_internal_error_and_exit_2(cli, clean_corpus, monkeypatch):
    from corpus_qa.engine import checker
    from corpus_qa.model import Category, Severity
    from corpus_qa.rules.base import Rule

    def explode(doc, ctx):
        raise ValueError("boom")
        yield

    broken = Rule("ENC999", "explodes", Category.ENCODING, Severity.ERROR, docs="x", check=explode)
    rules = dict(checker.all_rules(), ENC999=broken)
    monkeypatch.setattr(checker, "all_rules", lambda: rules)
    result = cli("check", clean_corpus, "--jobs", "1", "--format", "json")
    assert result.exit_code == 2
    report = json.loads(result.stdout)
    internal = [f for f in report["findings"] if f["rule"] == "CQA001"]
    assert len(internal) == report["summary"]["documents"] == 3  # every document still checked
    assert "ENC999 (explodes) raised ValueError: boom" in internal[0]["message"]
    assert report["summary"]["gate"]["passed"] is False


def test_console_script_and_module_entry_points(clean_corpus):
    module = subprocess.run([sys.executable, "-m", "corpus_qa", "check", str(clean_corpus)], capture_output=True, text=True)
    assert module.returncode == 0, module.stderr
    script = subprocess.run(["corpus-qa", "check", str(clean_corpus / "missing")], capture_output=True, text=True)
    assert script.returncode == 2
    assert "no such file or directory" in script.stderr


def test_paths_from_config_when_none_given(cli, clean_corpus):
    write(clean_corpus.parent, "corpus-qa.toml", 'paths = ["corpus"]\n')
    result = cli("check", "--jobs", "1")
    assert result.exit_code == 0 and "3 document(s) checked" in result.stdout


def test_select_ignore_and_per_path_ignores_on_the_command_line(cli, isolated):
    write(isolated, "c/a.txt", CLEAN_SIMPLIFIED + "<p>残留</p>\n")
    assert "BP001" not in json.dumps(check_json(cli, "c", "--ignore", "BP")[1]["findings"])
    assert check_json(cli, "c", "--select", "ENC,FM")[1]["findings"] == []
    write(isolated, "corpus-qa.toml", '[per-path-ignores]\n"a.txt" = ["BP001"]\n')
    assert check_json(cli, "c")[1]["findings"] == []


def test_a_per_path_ignore_of_a_corpus_rule_matches_the_records_source_file(cli, isolated):
    def records(*ids):
        return "".join(json.dumps({"id": doc_id, "text": CLEAN_SIMPLIFIED}, ensure_ascii=False) + "\n" for doc_id in ids)

    write(isolated, "c/x.jsonl", records("a", "b"))
    write(isolated, "c/y.jsonl", records("c", "d"))  # all four are copies of one another
    every = {f["document"] for f in check_json(cli, "c", "--include", "*.jsonl", "--select", "DUP001")[1]["findings"]}
    assert every == {"a", "b", "c", "d"}
    write(isolated, "corpus-qa.toml", '[per-path-ignores]\n"*y.jsonl" = ["DUP"]\n')
    kept = {f["document"] for f in check_json(cli, "c", "--include", "*.jsonl", "--select", "DUP001")[1]["findings"]}
    assert kept == {"a", "b"}

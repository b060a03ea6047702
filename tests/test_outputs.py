"""Each renderer, parsed back: JSONL, JUnit XML, SARIF 2.1.0, GitHub annotations, console."""

import json
import re
from xml.etree import ElementTree as ET

import pytest

from tests.conftest import CLEAN_SIMPLIFIED, SEEDS, write


@pytest.fixture
def seeds_json(cli):
    return json.loads(cli("check", SEEDS, "--jobs", "1", "--format", "json").stdout)


def run_format(cli, fmt, *paths):
    return cli("check", *(paths or (SEEDS,)), "--jobs", "1", "--format", fmt)


def test_jsonl_is_one_finding_per_line(cli, seeds_json):
    lines = run_format(cli, "jsonl").stdout.splitlines()
    assert [json.loads(line) for line in lines] == seeds_json["findings"]


def test_junit_has_one_case_per_document(cli, seeds_json):
    root = ET.fromstring(run_format(cli, "junit").stdout)
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert [case.get("name") for case in cases] == [d["id"] for d in seeds_json["documents"]] + ["(corpus)"]
    failing_docs = {f["document"] or "(corpus)" for f in seeds_json["findings"] if f["severity"] == "error"}
    failed = {case.get("name") for case in cases if case.find("failure") is not None}
    assert failed == failing_docs
    assert suite.get("tests") == "6" and suite.get("failures") == str(len(failing_docs))
    failure = next(case.find("failure") for case in cases if case.find("failure") is not None)
    assert "FM001" in failure.text


def test_sarif_is_2_1_0_with_rules_regions_and_fingerprints(cli, seeds_json):
    log = json.loads(run_format(cli, "sarif").stdout)
    assert log["version"] == "2.1.0" and "sarif-2.1.0" in log["$schema"]
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "corpus-qa"
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert run["columnKind"] == "unicodeCodePoints"
    assert len(run["results"]) == len(seeds_json["findings"])
    for result, finding in zip(run["results"], seeds_json["findings"]):
        assert result["ruleId"] == finding["rule"]
        assert rule_ids[result["ruleIndex"]] == finding["rule"]
        assert result["level"] in ("error", "warning", "note")
        if not finding["document"]:  # a corpus expectation: no location
            assert result["locations"] == [] and finding["rule"] == "GX001"
            continue
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == f"{SEEDS.as_posix()}/{finding['document']}"
        region = location["region"]
        assert (region["startLine"], region["startColumn"]) == (finding["line"], finding["column"])
        assert region["charOffset"] == finding["start"]
        assert result["partialFingerprints"]["corpusQa/v1"] == finding["fingerprint"]
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"] and "What it flags" in rule["fullDescription"]["text"]


def test_sarif_points_jsonl_records_at_their_line(cli, isolated):
    write(isolated, "c.jsonl", json.dumps({"text": CLEAN_SIMPLIFIED}, ensure_ascii=False) + "\n{broken\n")
    log = json.loads(run_format(cli, "sarif", "c.jsonl").stdout)
    (result,) = log["runs"][0]["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "c.jsonl"
    assert location["region"] == {"startLine": 2}


ANNOTATION = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),endLine=\d+,endColumn=\d+,title=([^:]+)::(.+)$")
CORPUS_ANNOTATION = re.compile(r"^::(error|warning|notice) title=([^:]+)::(.+)$")


def test_github_annotations(cli, seeds_json):
    lines = run_format(cli, "github").stdout.splitlines()
    assert len(lines) == len(seeds_json["findings"])
    for line, finding in zip(lines, seeds_json["findings"]):
        if not finding["document"]:
            assert CORPUS_ANNOTATION.match(line), line
            continue
        match = ANNOTATION.match(line)
        assert match, line
        level, file, row, col, title, message = match.groups()
        assert file.endswith(finding["document"]) and int(row) == finding["line"] and int(col) == finding["column"]
        assert title.startswith(finding["rule"])
        assert "\n" not in message


def test_github_escapes_newlines_and_separators(cli, isolated):
    write(isolated, "c/a,b.txt", b"")
    (line,) = run_format(cli, "github", "c").stdout.splitlines()
    assert "file=c/a%2Cb.txt" in line


def test_console_groups_by_document_and_summarises(cli):
    out = run_format(cli, "console").stdout
    assert out.index("000_abaab0bee8685aec.txt") < out.index("001_aa32bcfdfa2ccc6a.txt")
    assert re.search(r"^\s+1:1\s+FM001 error", out, re.MULTILINE)
    assert "Gate failed" in out
    stats = cli("check", SEEDS, "--jobs", "1", "--statistics").stdout
    assert "FM001" in stats and "frontmatter-not-at-start" in stats and "1:1" not in stats


def test_several_formats_at_once(cli, isolated):
    result = cli(
        "check", SEEDS, "--jobs", "1", "--format", "json", "--output", "r/a.json",
        "--format", "junit", "--output", "r/a.xml", "--format", "console",
    )
    assert result.exit_code == 1
    assert "FM001" in result.stdout
    assert json.loads((isolated / "r/a.json").read_text())["summary"]["documents"] == 5
    ET.parse(isolated / "r/a.xml")
    assert not list((isolated / "r").glob(".*tmp"))  # atomic writes leave no temp files


@pytest.mark.parametrize("chunk", [1, 2, 4096])
def test_json_written_in_chunks_is_the_object_indented_at_once(chunk):
    import io

    from corpus_qa.report import json_text

    value = {
        "summary": {"documents": 3, "note": "\x00documents\x00"},  # a look-alike of the placeholder, elsewhere
        "documents": [{"id": f"文档{i}", "metrics": {"share": 0.25, "lines": [i, i + 1]}} for i in range(5)],
        "findings": [],
        "run": {"jobs": 2},
    }
    out = io.StringIO()
    arrays = {"documents": iter(value["documents"]), "findings": iter(value["findings"])}
    json_text.write_with_arrays(value, arrays, out, chunk=chunk)
    assert out.getvalue() == json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def test_console_on_a_terminal_shows_the_same_lines_as_in_a_pipe():
    """A pipe gets plain lines written directly; a terminal gets rich's styled ones."""
    import io

    from corpus_qa.config import Config
    from corpus_qa.engine.local import run
    from corpus_qa.model import Severity
    from corpus_qa.report import RenderOptions, render
    from corpus_qa.sources import discover

    config = Config()
    result = run(discover([str(SEEDS)], config.sources), config, jobs=1)
    texts = []
    for color in (None, True):
        out = io.StringIO()
        render("console", result, RenderOptions(fail_on=Severity.ERROR, exit_code=1, color=color), out)
        texts.append(out.getvalue())
    piped, terminal = texts
    assert "\x1b[" in terminal and "\x1b[" not in piped
    assert re.sub(r"\x1b\[[0-9;]*m", "", terminal).splitlines()[:200] == piped.splitlines()[:200]

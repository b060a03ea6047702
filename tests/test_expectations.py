"""Corpus expectations: GX suites over the per-document metrics table."""

import json
import shutil

from tests.conftest import CLEAN_POST_BODY, CLEAN_SIMPLIFIED, PEOPLES_DAILY_1998, REPO, SEEDS, UDN_2022, write

SUITE = REPO / "expectations" / "corpus.json"


def test_default_suite_fails_on_seeds_with_a_readable_message(cli):
    result = cli("check", SEEDS, "--jobs", "1", "--expectations", SUITE)
    assert result.exit_code == 1
    assert "GX001" in result.stdout
    assert "frontmatter_valid" in result.stdout and "000_abaab0bee8685aec.txt" in result.stdout
    report = json.loads(cli("check", SEEDS, "--jobs", "1", "--expectations", SUITE, "--format", "json").stdout)
    (suite,) = report["expectations"]
    assert suite["suite"] == "corpus-policy" and suite["success"] is False
    failed = [f for f in report["findings"] if f["rule"] == "GX001"]
    assert failed and all(f["document"] == "" for f in failed)
    frontmatter = next(f for f in failed if "frontmatter_valid" in f["message"])
    assert frontmatter["category"] == "frontmatter"
    assert "2 of 2 documents with a value fail it: 000_abaab0bee8685aec.txt, 001_aa32bcfdfa2ccc6a.txt" in frontmatter["message"]


def test_default_suite_passes_on_a_clean_corpus(cli, isolated):
    write(isolated, "c/a.txt", PEOPLES_DAILY_1998)
    write(isolated, "c/b.txt", UDN_2022)
    write(isolated, "c/post.md", "---\ntitle: '标题'\ndate: 2022-08-18\n---\n" + CLEAN_POST_BODY + CLEAN_SIMPLIFIED)
    report = json.loads(cli("check", "c", "--jobs", "1", "--expectations", SUITE, "--format", "json").stdout)
    assert report["expectations"][0]["success"] is True, report["expectations"]
    assert [f for f in report["findings"] if f["rule"] == "GX001"] == []


def test_metrics_table_columns(cli):
    report = json.loads(cli("check", SEEDS, "--jobs", "1", "--format", "json", "--ignore", "GX001").stdout)
    metrics = {doc["id"]: doc["metrics"] for doc in report["documents"]}
    for row in metrics.values():
        for column in ("chars", "cjk_share", "traditional_share", "findings", "errors_encoding", "boilerplate_share",
                       "duplicate_cluster_size", "frontmatter_valid"):
            assert column in row
    assert metrics["004_43b50e2d64754976.txt"]["traditional_share"] > 0.9
    assert metrics["003_3b0a149c3847753f.txt"]["traditional_share"] < 0.1
    assert metrics["000_abaab0bee8685aec.txt"]["frontmatter_valid"] is False
    assert metrics["002_dd55ba61cb0b9a80.txt"]["frontmatter_valid"] is None  # no frontmatter at all


def test_ignoring_gx001_skips_the_suites(cli):
    report = json.loads(cli("check", SEEDS, "--jobs", "1", "--format", "json", "--ignore", "GX001").stdout)
    assert "expectations" not in report


def test_a_broken_suite_is_exit_2_naming_the_file(cli, isolated):
    write(isolated, "c/a.txt", CLEAN_SIMPLIFIED)
    write(isolated, "suites/bad.json", '{"expectations": [{"kwargs": {}}]}')
    result = cli("check", "c", "--expectations", "suites")
    assert result.exit_code == 2
    assert "suites/bad.json" in result.stderr and "needs a `type`" in result.stderr
    write(isolated, "suites/bad.json", "{not json")
    assert "not a readable JSON suite" in cli("check", "c", "--expectations", "suites").stderr
    assert "no such expectation suite" in cli("check", "c", "--expectations", "missing.json").stderr


def test_suites_from_the_config_are_relative_to_it(cli, isolated):
    write(isolated, "c/a.txt", CLEAN_SIMPLIFIED)
    shutil.copy(SUITE, isolated / "policy.json")
    write(isolated, "corpus-qa.toml", 'expectations = ["policy.json"]\n')
    (isolated / "sub").mkdir()
    result = cli("check", "../c", "--format", "json", "--jobs", "1", cwd=isolated / "sub")
    assert json.loads(result.stdout)["expectations"][0]["file"] == "../policy.json"

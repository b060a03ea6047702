"""The pytest plugin, run in a throwaway project through the installed entry point."""

import json

from tests.conftest import CLEAN_POST_BODY, CLEAN_SIMPLIFIED, PEOPLES_DAILY_1998


def make_project(pytester, with_suite=False):
    settings = '[tool.corpus-qa]\nfail-on = "warning"\n'
    if with_suite:
        passing = {"name": "passing", "expectations": [
            {"type": "expect_column_max_to_be_between", "kwargs": {"column": "errors_encoding", "max_value": 0}}]}
        failing = {"name": "failing", "expectations": [
            {"type": "expect_column_min_to_be_between", "kwargs": {"column": "chars", "min_value": 100000}}]}
        pytester.mkdir("suites")
        (pytester.path / "suites" / "a.json").write_text(json.dumps(passing))
        (pytester.path / "suites" / "b.json").write_text(json.dumps(failing))
        settings += 'expectations = ["suites"]\n'
    pytester.makefile(".toml", pyproject=settings)
    corpus = pytester.mkdir("corpus")
    (corpus / "clean.txt").write_text(PEOPLES_DAILY_1998, encoding="utf-8")
    (corpus / "dirty.txt").write_text(CLEAN_POST_BODY + CLEAN_SIMPLIFIED + "<div>残留</div>\n", encoding="utf-8")


def test_one_test_per_document_with_findings_as_the_failure(pytester):
    make_project(pytester)
    result = pytester.runpytest_subprocess("--corpus", "corpus", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*BP001 ?warning? HTML residue*", "FAILED *corpus-qa*dirty.txt*"])


def test_expectation_suites_are_tests_too(pytester):
    make_project(pytester, with_suite=True)
    result = pytester.runpytest_subprocess("--corpus", "corpus", "-p", "no:cacheprovider", "-k", "suite")
    result.assert_outcomes(passed=1, failed=1, deselected=2)
    result.stdout.fnmatch_lines(["FAIL expect_column_min_to_be_between(chars, min_value=100000): observed *"])


def test_fail_on_and_baseline_options(pytester):
    make_project(pytester)
    pytester.runpytest_subprocess("--corpus", "corpus", "--corpus-fail-on", "error").assert_outcomes(passed=2)
    finding = {"fingerprint": "x", "rule": "BP001", "document": "dirty.txt"}
    pytester.makefile(".json", baseline=json.dumps({"kind": "baseline", "version": 1, "entries": [finding]}))
    pytester.runpytest_subprocess("--corpus", "corpus", "--corpus-baseline", "baseline.json").assert_outcomes(failed=1, passed=1)


def test_without_corpus_the_plugin_adds_nothing(pytester):
    pytester.makepyfile("def test_ok():\n    pass\n")
    pytester.runpytest_subprocess().assert_outcomes(passed=1)


def test_a_missing_corpus_path_is_a_usage_error(pytester):
    result = pytester.runpytest_subprocess("--corpus", "nowhere")
    assert result.ret == 4  # pytest's usage error
    result.stderr.fnmatch_lines(["*corpus-qa: nowhere: no such file or directory*"])

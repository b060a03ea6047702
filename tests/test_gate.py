"""The pre-merge gate: baseline, result cache, changed-only checks."""

import json
import os
import sqlite3
import subprocess

import pytest

from corpus_qa.engine.cache import CACHE_FILE
from tests.conftest import CLEAN_SIMPLIFIED, PEOPLES_DAILY_1998, age, write

DIRTY = PEOPLES_DAILY_1998 + "<p>责任编辑：王蒙</p>\n"


@pytest.fixture
def corpus(isolated):
    write(isolated, "c/a.txt", DIRTY)
    write(isolated, "c/b.txt", CLEAN_SIMPLIFIED)
    return isolated


def report(cli, *args):
    result = cli("check", "c", "--jobs", "1", "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout)


def checked(run):
    """How many documents a run took from the cache and how many it checked."""
    return {key: run["run"]["stats"][key] for key in ("documents_cached", "documents_checked")}


def test_baseline_gates_only_new_findings(cli, corpus):
    assert cli("baseline", "create", "c", "--jobs", "1", "--fail-on", "warning").exit_code == 2  # not a baseline option
    created = cli("baseline", "create", "c", "--jobs", "1")
    assert created.exit_code == 0 and "wrote corpus-qa-baseline.json" in created.stderr
    code, out = report(cli, "--fail-on", "warning", "--baseline", "corpus-qa-baseline.json")
    assert code == 0
    assert out["summary"]["baseline"]["new"] == 0 and out["summary"]["baseline"]["unchanged"] > 0
    assert {f["baseline"] for f in out["findings"]} == {"unchanged"}
    write(corpus, "c/b.txt", CLEAN_SIMPLIFIED + "<div>新的残留</div>\n")
    code, out = report(cli, "--fail-on", "warning", "--baseline", "corpus-qa-baseline.json")
    assert code == 1
    new = [f for f in out["findings"] if f["baseline"] == "new"]
    assert new and {f["document"] for f in new} == {"b.txt"}
    console = cli("check", "c", "--jobs", "1", "--fail-on", "warning", "--baseline", "corpus-qa-baseline.json").stdout
    assert "b.txt" in console and "a.txt" not in console.split("Baseline")[0]  # unchanged findings are not listed


def test_baseline_survives_unrelated_edits_and_reports_stale_entries(cli, corpus):
    cli("baseline", "create", "c", "--jobs", "1")
    write(corpus, "c/a.txt", "新增的第一段，与问题无关。\n" + DIRTY)
    code, out = report(cli, "--fail-on", "warning", "--baseline", "corpus-qa-baseline.json")
    assert code == 0 and out["summary"]["baseline"]["new"] == 0
    write(corpus, "c/a.txt", PEOPLES_DAILY_1998)  # the defects are fixed
    code, out = report(cli, "--fail-on", "warning", "--baseline", "corpus-qa-baseline.json")
    assert code == 0 and out["summary"]["baseline"]["fixed"] > 0
    strict = cli("check", "c", "--jobs", "1", "--baseline", "corpus-qa-baseline.json", "--strict-baseline")
    assert strict.exit_code == 1
    pruned = cli("baseline", "prune", "c", "--jobs", "1")
    assert "stale entr" in pruned.stderr
    assert cli("check", "c", "--jobs", "1", "--baseline", "corpus-qa-baseline.json", "--strict-baseline").exit_code == 0


def test_baseline_update_keeps_reasons(cli, corpus):
    cli("baseline", "create", "c", "--jobs", "1")
    data = json.loads((corpus / "corpus-qa-baseline.json").read_text())
    data["entries"][0].update(status="false-positive", reason="引用原文，保留")
    (corpus / "corpus-qa-baseline.json").write_text(json.dumps(data, ensure_ascii=False))
    write(corpus, "c/b.txt", CLEAN_SIMPLIFIED + "<div>新的残留</div>\n")
    cli("baseline", "update", "c", "--jobs", "1")
    entries = json.loads((corpus / "corpus-qa-baseline.json").read_text())["entries"]
    assert len(entries) > len(data["entries"])  # the new residue was added ...
    assert any(e["reason"] == "引用原文，保留" and e["status"] == "false-positive" for e in entries)


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"kind": "baseline", "version": 1, "entries": [{"fingerprint": "x", "rule": "BP001", "status": "false-positive"}]}', "needs a reason"),
        ('{"kind": "baseline", "version": 9, "entries": []}', "version 9 is not supported"),
        ('{"entries": []}', "not a corpus-qa baseline"),
        ("{", "not a readable baseline"),
    ],
)
def test_bad_baselines_exit_2(cli, corpus, content, message):
    write(corpus, "b.json", content)
    result = cli("check", "c", "--baseline", "b.json")
    assert result.exit_code == 2 and message in result.stderr and "b.json" in result.stderr


def test_review_decisions_import(cli, corpus):
    _, out = report(cli)
    finding = out["findings"][0]
    decisions = {
        "tool": "corpus-qa", "kind": "review-decisions", "version": 1,
        "decisions": [{"fingerprint": finding["fingerprint"], "rule": finding["rule"], "document": finding["document"],
                       "decision": "false-positive", "reason": "这是正文的一部分"}],
    }
    write(corpus, "decisions.json", json.dumps(decisions, ensure_ascii=False))
    assert cli("baseline", "import", "decisions.json").exit_code == 0
    (entry,) = json.loads((corpus / "corpus-qa-baseline.json").read_text())["entries"]
    assert entry["status"] == "false-positive" and entry["reason"] == "这是正文的一部分"
    decisions["decisions"][0]["reason"] = ""
    write(corpus, "decisions.json", json.dumps(decisions))
    missing_reason = cli("baseline", "import", "decisions.json")
    assert missing_reason.exit_code == 2 and "needs a reason" in missing_reason.stderr


def test_cache_reuses_results_and_notices_changes(cli, corpus):
    first = json.loads(cli("check", "c", "--jobs", "1", "--format", "json", "--cache-dir", "cache").stdout)
    assert checked(first) == {"documents_cached": 0, "documents_checked": 2}
    second = json.loads(cli("check", "c", "--jobs", "1", "--format", "json", "--cache-dir", "cache").stdout)
    assert second["findings"] == first["findings"]
    assert second["run"]["stats"]["documents_cached"] == 2
    write(corpus, "c/b.txt", CLEAN_SIMPLIFIED + "<div>新的残留</div>\n")
    third = json.loads(cli("check", "c", "--jobs", "1", "--format", "json", "--cache-dir", "cache").stdout)
    assert checked(third) == {"documents_cached": 1, "documents_checked": 1}
    assert any(f["document"] == "b.txt" for f in third["findings"])
    other_rules = json.loads(cli("check", "c", "--jobs", "1", "--format", "json", "--cache-dir", "cache", "--select", "BP").stdout)
    assert other_rules["run"]["stats"]["documents_cached"] == 0  # a different rule set never reuses results
    assert (corpus / "cache" / ".gitignore").read_text() == "*\n"


def cached_check(cli, *args):
    result = cli("check", "c", "--jobs", "1", "--format", "json", "--cache-dir", "cache", *args)
    return json.loads(result.stdout)


def test_unchanged_files_are_known_by_size_and_mtime(cli, corpus):
    age(corpus)
    first = cached_check(cli)
    path = corpus / "c" / "a.txt"
    before = path.stat()
    # same size, same mtime, other bytes: like git, the cache trusts the stat and reads nothing
    path.write_bytes(path.read_bytes().replace("王蒙".encode(), "李四".encode()))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert cached_check(cli)["findings"] == first["findings"]
    # a new mtime makes it read again
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
    changed = cached_check(cli)
    assert checked(changed) == {"documents_cached": 1, "documents_checked": 1}
    assert any("李四" in f["excerpt"] for f in changed["findings"])


def test_a_file_changed_just_before_a_run_is_not_trusted_by_its_stat(cli, corpus):
    first = cached_check(cli)  # the files were written a moment ago: racy
    path = corpus / "c" / "a.txt"
    before = path.stat()
    path.write_bytes(path.read_bytes().replace("王蒙".encode(), "李四".encode()))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    second = cached_check(cli)
    assert second["findings"] != first["findings"]
    assert any("李四" in f["excerpt"] for f in second["findings"])


def test_an_unchanged_corpus_reuses_the_last_run_and_an_addition_is_compared_with_all(cli, corpus):
    age(corpus)
    first = cached_check(cli)
    second = cached_check(cli)  # every file known: this run stores the assembled result
    database = sqlite3.connect(corpus / "cache" / CACHE_FILE)
    assert database.execute("SELECT count(*) FROM snapshot").fetchone() == (1,)
    database.close()
    third = cached_check(cli)  # ... which this one reuses
    for run in (second, third):
        assert run["findings"] == first["findings"] and run["documents"] == first["documents"]
        assert checked(run) == {"documents_cached": 2, "documents_checked": 0}
    write(corpus, "c/copy.txt", DIRTY)  # an exact copy of a.txt: the corpus phase must run again
    added = cached_check(cli)
    assert checked(added) == {"documents_cached": 2, "documents_checked": 1}
    duplicates = {f["document"] for f in added["findings"] if f["category"] == "duplicate"}
    assert "copy.txt" in duplicates
    assert added["findings"] == json.loads(cli("check", "c", "--jobs", "1", "--format", "json", "--no-cache").stdout)["findings"]


def test_a_cache_that_lost_results_reads_the_documents_again(cli, corpus):
    age(corpus)
    first = cached_check(cli)
    database = sqlite3.connect(corpus / "cache" / CACHE_FILE)
    database.execute("DELETE FROM results")
    database.execute("DELETE FROM snapshot")
    database.commit()
    database.close()
    again = cached_check(cli, "--jobs", "2")
    assert again["findings"] == first["findings"]


def test_records_of_an_unchanged_jsonl_file_come_from_the_cache_or_are_read_again(cli, corpus):
    records = [{"id": f"r{i}", "text": text} for i, text in enumerate([DIRTY, CLEAN_SIMPLIFIED, DIRTY + "另一段。"])]
    write(corpus, "c/records.jsonl", "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    age(corpus)
    os.utime(corpus / "c" / "records.jsonl", ns=(0, (corpus / "c" / "a.txt").stat().st_mtime_ns))
    include = ("--include", "*.jsonl", "--include", "*.txt")
    first = cached_check(cli, *include)
    assert cached_check(cli, *include)["findings"] == first["findings"]
    database = sqlite3.connect(corpus / "cache" / CACHE_FILE)
    database.execute("DELETE FROM results WHERE rowid % 2 = 0")
    database.execute("DELETE FROM snapshot")
    database.commit()
    database.close()
    again = cached_check(cli, *include)
    assert again["findings"] == first["findings"] and again["documents"] == first["documents"]


def commit_all(folder):
    def git(*args):
        subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True)

    git("init", "-q")
    git("-c", "user.email=t@t", "-c", "user.name=t", "add", ".")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-qm", "corpus")


def test_files_git_has_unmodified_are_known_by_their_blob_in_a_fresh_checkout(cli, corpus):
    commit_all(corpus)
    first = cached_check(cli)  # known by blob id at once: no racy window, the snapshot is stored
    for path in (corpus / "c").glob("*.txt"):  # a fresh checkout: new mtimes, same contents
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 90_000_000_000))
    second = cached_check(cli)
    assert second["run"]["stats"] == {"documents_cached": 2, "documents_checked": 0}  # the stored run, as it was
    assert second["findings"] == first["findings"]
    write(corpus, "c/b.txt", CLEAN_SIMPLIFIED + "<div>新的残留</div>\n")  # modified, not committed: read
    third = cached_check(cli)
    assert checked(third) == {"documents_cached": 1, "documents_checked": 1}
    assert any(f["document"] == "b.txt" for f in third["findings"])


def test_changed_since_reports_only_changed_documents_but_compares_with_all(cli, corpus):
    commit_all(corpus)
    write(corpus, "c/copy.txt", DIRTY)  # new, untracked, and an exact copy of a.txt
    code, out = report(cli, "--changed-since", "HEAD")
    documents = {f["document"] for f in out["findings"]}
    assert documents == {"copy.txt"}  # a.txt's own findings are not reported ...
    assert any(f["category"] == "duplicate" for f in out["findings"])  # ... but it is still compared with
    bad = cli("check", "c", "--changed-since", "no-such-ref")
    assert bad.exit_code == 2 and "no-such-ref" in bad.stderr

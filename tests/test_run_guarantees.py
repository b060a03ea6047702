"""The command line's promises under faults: exit codes, interrupts, and the user's files."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import CLEAN_SIMPLIFIED, write

from corpus_qa.engine.local import resolve_jobs

DEFECT = "这是一篇新闻锟斤拷锟斤拷的文章内容。\n"


def _corpus(folder: Path) -> Path:
    write(folder, "a.txt", CLEAN_SIMPLIFIED)
    write(folder, "b.txt", DEFECT)
    return folder


def _command(*args: str) -> list[str]:
    return [sys.executable, "-m", "corpus_qa", *args]


def test_internal_error_exits_2_with_one_line(cli, isolated, monkeypatch):
    import corpus_qa.engine.local as local

    def broken(*args, **kwargs):
        raise RuntimeError("something inside broke")

    monkeypatch.setattr(local, "run", broken)
    result = cli("check", _corpus(isolated / "c"))
    assert result.exit_code == 2
    assert "internal error: RuntimeError: something inside broke" in result.stderr
    assert "Traceback" not in result.stderr
    verbose = cli("check", "-v", isolated / "c")
    assert verbose.exit_code == 2 and "Traceback" in verbose.stderr


def test_interrupt_inside_a_command_exits_130(cli, isolated, monkeypatch):
    import corpus_qa.engine.local as local

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(local, "run", interrupted)
    result = cli("check", _corpus(isolated / "c"))
    assert result.exit_code == 130
    assert "interrupted" in result.stderr and "Aborted" not in result.stderr


def test_jobs_never_exceed_the_cores():
    cores = resolve_jobs(0)
    assert cores >= 1
    assert resolve_jobs(100_000) == cores
    assert resolve_jobs(1) == 1


def test_report_written_through_a_symlink_keeps_the_link(cli, isolated):
    _corpus(isolated / "c")
    target = isolated / "reports" / "real.json"
    target.parent.mkdir()
    target.write_text("old")
    os.chmod(target, 0o640)
    link = isolated / "link.json"
    link.symlink_to(target)
    result = cli("check", "c", "-f", "json", "-o", link)
    assert result.exit_code == 1
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert json.loads(target.read_text())["findings"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o640  # a replaced file keeps its permissions


def test_report_written_into_a_fifo_leaves_the_fifo(cli, isolated):
    _corpus(isolated / "c")
    fifo = isolated / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = cli("check", "c", "-f", "json", "-o", fifo)
    reader.join(timeout=30)
    assert result.exit_code == 1
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert json.loads(received[0])["findings"]


def test_output_that_is_a_folder_is_a_usage_error(cli, isolated):
    _corpus(isolated / "c")
    (isolated / "out").mkdir()
    result = cli("check", "c", "-f", "json", "-o", isolated / "out")
    assert result.exit_code == 2 and "is a folder" in result.stderr


@pytest.mark.parametrize("spelling", ["same", "symlink", "hardlink", "report"])
def test_output_that_is_an_input_is_refused(cli, isolated, spelling):
    corpus = write(isolated, "x.jsonl", json.dumps({"id": "1", "text": DEFECT}, ensure_ascii=False) + "\n")
    before = corpus.read_bytes()
    output = corpus
    if spelling == "symlink":
        output = isolated / "alias.jsonl"
        output.symlink_to(corpus)
    elif spelling == "hardlink":
        output = isolated / "hard.jsonl"
        os.link(corpus, output)
    args = ["--report", output] if spelling == "report" else ["-f", "json", "-o", output]
    result = cli("check", corpus, *args)
    assert result.exit_code == 2
    assert "is an input of this run" in result.stderr
    assert corpus.read_bytes() == before


def test_baseline_over_an_input_is_refused(cli, isolated):
    corpus = write(isolated / "c", "a.txt", DEFECT)
    result = cli("baseline", "create", "c", "-o", corpus, "--force", "--no-cache")
    assert result.exit_code == 2 and "is an input" in result.stderr
    assert corpus.read_text(encoding="utf-8") == DEFECT


def test_closed_stdout_ends_quietly(tmp_path):
    corpus = tmp_path / "c"
    for number in range(200):
        write(corpus, f"{number:03}.txt", DEFECT * 5)
    process = subprocess.Popen(_command("check", str(corpus), "--no-cache", "-j", "1"), cwd=tmp_path,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.readline()
    process.stdout.close()  # like `| head -1`
    stderr = process.stderr.read().decode()
    assert process.wait(timeout=60) == 1  # the gate's outcome, not an error
    assert stderr == ""


def _slow_corpus(folder: Path, documents: int) -> Path:
    """Many small files: the workers return results task by task (16 files each), so an
    interrupted run has some to store."""
    rng = random.Random(7)
    corpus = folder / "corpus"
    for number in range(documents):
        text = "".join(f"第{rng.randrange(10**6)}号文件说明，{CLEAN_SIMPLIFIED.strip()}\n" for _ in range(4))
        write(corpus, f"{number // 1000:02}/{number:05}.txt", text)
    return corpus


def test_ctrl_c_stops_a_parallel_run_quickly_and_keeps_what_was_checked(tmp_path):
    corpus = _slow_corpus(tmp_path, 8_000)
    cache = tmp_path / "cache"
    process = subprocess.Popen(
        _command("check", str(corpus), "-j", "2", "--cache-dir", str(cache), "-f", "json",
                 "-o", str(tmp_path / "out.json")),
        cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    time.sleep(4)  # the workers are busy by now
    assert process.poll() is None, "the run ended before it could be interrupted: make the corpus larger"
    os.killpg(process.pid, signal.SIGINT)  # what a terminal's Ctrl-C does: the whole process group
    interrupted = time.monotonic()
    try:
        code = process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        pytest.fail("the run did not stop after Ctrl-C")
    assert code == 130
    assert time.monotonic() - interrupted < 10
    stderr = process.stderr.read().decode()
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert not (tmp_path / "out.json").exists()
    # the results received before Ctrl-C are stored, in a sound database
    with sqlite3.connect(next(cache.glob("results-v*.sqlite"))) as database:
        assert database.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert database.execute("SELECT count(*) FROM results").fetchone()[0] > 0


def test_every_summary_counts_what_was_not_read(cli, isolated):
    _corpus(isolated / "c")
    write(isolated / "c", "records.jsonl", json.dumps({"id": "1", "text": DEFECT}, ensure_ascii=False) + "\n")
    console = cli("check", "c")
    assert "Not read: 1 not matched by include (records.jsonl)." in console.stdout
    data = json.loads(cli("check", "c", "-f", "json").stdout)
    assert data["summary"]["skipped"] == {"files": 1, "by_reason": {"not matched by include": {"count": 1, "examples": ["records.jsonl"]}}}
    sarif = json.loads(cli("check", "c", "-f", "sarif").stdout)
    assert sarif["runs"][0]["properties"]["skipped"]["not matched by include"]["count"] == 1
    assert 'name="skipped_files" value="1"' in cli("check", "c", "-f", "junit").stdout
    assert "::notice title=corpus-qa::Not read: 1 not matched by include" in cli("check", "c", "-f", "github").stdout
    cli("check", "c", "--report", "r.html")
    assert "1 not matched by include (e.g. records.jsonl)" in (isolated / "r.html").read_text(encoding="utf-8")


def test_record_files_without_records_are_accounted_for(cli, isolated):
    """Every file read yields a document: a record file with no record is an empty-document finding."""
    write(isolated, "empty.jsonl", "")
    write(isolated, "blank.jsonl", "\n  \n\n")
    data = json.loads(cli("check", "empty.jsonl", "blank.jsonl", "-f", "json").stdout)
    assert [(f["document"], f["rule"]) for f in data["findings"]] == [("empty.jsonl", "ENC902"), ("blank.jsonl", "ENC902")]

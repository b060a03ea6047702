"""The result cache stores data, never code, and a damaged cache costs a warning, not the run.

Every blob is written by engine.stored (MessagePack with an explicit table of types, and a
checksum); a pickle planted in any table never runs; a damaged, truncated, garbage or
misplaced database is moved aside and rebuilt, with one warning, and the run reports what a
run without the cache reports.
"""

from __future__ import annotations

import json
import logging
import os
import pickle
import random
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from corpus_qa.engine import stored
from corpus_qa.engine.cache import CACHE_FILE, ResultCache
from tests.conftest import CLEAN_POST_BODY, CLEAN_SIMPLIFIED, PEOPLES_DAILY_1998, UDN_2022, age, write

SENTENCES = [s + "。" for text in (CLEAN_SIMPLIFIED, PEOPLES_DAILY_1998, CLEAN_POST_BODY)
             for s in text.replace("\n", "").split("。") if len(s) > 12]
SITE_LINE = "本站声明：转载请注明来源南通传媒网，违者必究"


@pytest.fixture
def corpus(isolated):
    """Duplicates, near copies, a repeated site line, frontmatter, one traditional document
    and a fixable defect: every corpus rule has features, hits and an index state, and a
    finding carries a fix."""
    rng = random.Random(3)
    for number in range(12):
        lines = [f"第{number}号稿件：本市第{number}届社区议事会今天召开，讨论了多项民生议题和改进措施。"]
        lines += rng.sample(SENTENCES, 3)
        if number < 6:
            lines.insert(1, SITE_LINE)
        body = "\n\n".join(lines) + "\n"
        text = f"---\ntitle: 第{number}号稿件的标题\nurl: https://example.com/{number}\ndate: 2024-01-0{number % 9 + 1}\ntags: [a, b]\n---\n{body}" if number % 3 == 0 else body
        write(isolated, f"c/{number:02d}.md", text)
    write(isolated, "c/copy.md", (isolated / "c" / "01.md").read_text(encoding="utf-8"))
    write(isolated, "c/tw.md", UDN_2022)
    write(isolated, "c/fixable.md", "国家统计局今天发布数据，，今年粮食产量稳中有升。\n")  # a finding with a fix
    write(isolated, "corpus-qa.toml", '[encoding]\nscript = "auto"\n')
    age(isolated, "*.md")
    return isolated


def check(cli, *args):
    result = cli("check", "c", "--jobs", "1", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def cached(cli, *args):
    return check(cli, "--cache-dir", "cache", *args)


def stats(run):
    return run[1]["run"]["stats"]


def same_report(first, second) -> bool:
    return first[0] == second[0] and first[1]["findings"] == second[1]["findings"] and \
        first[1]["documents"] == second[1]["documents"]


def warnings_of(caplog) -> list[str]:
    return [record.getMessage() for record in caplog.records if record.name == "corpus_qa.cache"]


def database(folder: Path) -> sqlite3.Connection:
    return sqlite3.connect(folder / "cache" / CACHE_FILE)


class _CreatesFile:
    """A pickle whose loading creates a file: what an attacker would plant."""

    def __init__(self, path: Path):
        self.path = path

    def __reduce__(self):
        return open, (str(self.path), "w")


# (table, blob columns) to plant in, and the tables cleared so that this one is read
PLANTED = {
    "snapshot": (("assembled", "layout"), ()),
    "results": (("value",), ("snapshot",)),
    "features": (("value",), ("snapshot", "corpus_base")),
    "corpus_base": (("documents", "hits", "states"), ("snapshot",)),
}


@pytest.mark.parametrize("table", PLANTED)
def test_a_pickle_planted_in_the_cache_never_runs(cli, corpus, caplog, table):
    clean = check(cli, "--no-cache")
    cached(cli)
    cached(cli)  # every file known by its stat: the snapshot is stored too
    marker = corpus / "planted-code-ran"
    planted = pickle.dumps(_CreatesFile(marker))
    columns, cleared = PLANTED[table]
    with database(corpus) as db:
        assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] > 0
        db.execute(f"UPDATE {table} SET " + ", ".join(f"{column} = ?" for column in columns), (planted,) * len(columns))
        for other in cleared:
            db.execute(f"DELETE FROM {other}")
    db.close()
    caplog.set_level(logging.WARNING, "corpus_qa.cache")
    again = cached(cli)
    assert not marker.exists()
    assert same_report(again, clean)
    assert len(warnings_of(caplog)) == 1 and "damaged" in warnings_of(caplog)[0]
    caplog.clear()
    healed = cached(cli)  # the damaged entries were replaced
    assert same_report(healed, clean) and not warnings_of(caplog) and not marker.exists()


def _checkpointed(path: Path) -> None:
    """Everything in the database file itself, none in its write-ahead log."""
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()


def _truncated(path: Path) -> None:
    _checkpointed(path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 3])


def _garbage(path: Path) -> None:
    _checkpointed(path)
    path.write_bytes(random.Random(1).randbytes(20_000))


def _directory(path: Path) -> None:
    path.unlink()
    (path / "inside").mkdir(parents=True)


def _bit_flipped(path: Path) -> None:
    with sqlite3.connect(path) as db:
        db.execute("DELETE FROM snapshot")
        key, value = db.execute("SELECT key, value FROM results ORDER BY key LIMIT 1").fetchone()
        flipped = bytearray(value)
        flipped[len(flipped) // 2] ^= 0x10
        db.execute("UPDATE results SET value = ? WHERE key = ?", (bytes(flipped), key))
    db.close()


@pytest.mark.parametrize("damage", [_truncated, _garbage, _directory, _bit_flipped])
def test_a_damaged_cache_warns_once_and_is_rebuilt(cli, corpus, caplog, damage):
    clean = check(cli, "--no-cache")
    cached(cli)
    cached(cli)
    damage(corpus / "cache" / CACHE_FILE)
    caplog.set_level(logging.WARNING, "corpus_qa.cache")
    again = cached(cli)
    assert same_report(again, clean)
    assert len(warnings_of(caplog)) == 1 and "damaged" in warnings_of(caplog)[0]
    caplog.clear()
    cached(cli)  # the rebuilt cache is filled ...
    reused = cached(cli)  # ... and used
    assert same_report(reused, clean) and not warnings_of(caplog)
    assert stats(reused)["documents_cached"] > 0


def test_a_cache_folder_that_is_a_file_leaves_the_run_without_a_cache(cli, corpus, caplog):
    clean = check(cli, "--no-cache")
    write(corpus, "cache", "not a folder")
    caplog.set_level(logging.WARNING, "corpus_qa.cache")
    assert same_report(cached(cli), clean)
    assert len(warnings_of(caplog)) == 1 and "running without it" in warnings_of(caplog)[0]
    assert (corpus / "cache").read_text() == "not a folder"  # the user's file is left alone


def test_a_worker_opening_a_damaged_cache_only_misses(tmp_path):
    (tmp_path / CACHE_FILE).write_bytes(b"garbage" * 1000)
    cache = ResultCache(tmp_path, "ruleset", writable=False)
    assert cache.get(b"k" * 20) is None and cache.get_results([b"k" * 20]) is None
    assert "damaged" in cache.take_problem()
    assert (tmp_path / CACHE_FILE).read_bytes() == b"garbage" * 1000  # only the main process moves it


def test_caches_of_the_pickle_schema_are_deleted_unread(cli, corpus):
    old = corpus / "cache" / "results-v4.sqlite"
    old.parent.mkdir()
    old.write_bytes(pickle.dumps(_CreatesFile(corpus / "ran")))
    cached(cli)
    assert not old.exists() and not (corpus / "ran").exists()


def test_file_names_that_are_not_utf8_are_cached(cli, corpus):
    name = os.path.join(os.fsencode(corpus / "c"), b"caf\xe9.md")
    with open(name, "wb") as handle:
        handle.write(CLEAN_SIMPLIFIED.encode())
    old = os.stat(name)
    os.utime(name, ns=(old.st_atime_ns, old.st_mtime_ns - 60 * 10**9))
    first = cached(cli)
    assert len(first[1]["documents"]) == 16
    second = cached(cli)
    assert stats(second)["documents_cached"] == 16
    assert same_report(first, second)


def test_interrupted_runs_keep_the_results_received(corpus):
    from corpus_qa.config import load_config
    from corpus_qa.engine.assemble import RunAssembler
    from corpus_qa.engine.checker import Checker
    from corpus_qa.sources import discover, iter_tasks

    config = load_config()
    found = discover(["c"], config.sources)
    assembler = RunAssembler(config, found, cache_dir="cache", jobs=1)
    checker = Checker(config, cache=ResultCache("cache", assembler.ruleset, writable=False))
    tasks = list(iter_tasks(found, config.sources, None, None))
    received = 0
    for task in tasks[:1]:  # the run stops after its first task
        for result in checker.run_task(task, config.sources):
            assembler.add(result)
            received += 1
    assembler.save_interrupted()  # what the engine calls on Ctrl-C
    reader = ResultCache("cache", assembler.ruleset, writable=False)
    keys = [key for _, key, _ in assembler.received.origins]
    assert received and all(reader.get(key) is not None for key in keys)


def _walk(value, seen: set[type]) -> None:
    seen.add(type(value))
    if isinstance(value, dict):
        for key, item in value.items():
            _walk(key, seen)
            _walk(item, seen)
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            _walk(item, seen)
    elif type(value) in stored._types()[0]:  # a registered class: its attributes
        names = vars(value) if hasattr(value, "__dict__") else value.__slots__
        for name in names:
            _walk(getattr(value, name), seen)


def _same(first, second) -> bool:
    """Equal, and of the same types all the way down (numpy arrays and plain classes too)."""
    if type(first) is not type(second):
        return False
    if isinstance(first, np.ndarray):
        return first.dtype == second.dtype and np.array_equal(first, second)
    if isinstance(first, dict):
        return list(first) == list(second) and all(_same(first[key], second[key]) for key in first)
    if isinstance(first, (list, tuple)):
        return len(first) == len(second) and all(_same(a, b) for a, b in zip(first, second))
    if isinstance(first, (set, frozenset)) or not hasattr(first, "__dict__"):
        return first == second
    return _same(vars(first), vars(second))


def test_every_stored_type_round_trips(cli, corpus):
    cached(cli)
    cached(cli)
    blobs = []
    with database(corpus) as db:
        for table, columns in (("results", "value"), ("features", "value"), ("corpus_base", "documents, hits, states"),
                               ("snapshot", "assembled, layout")):
            for row in db.execute(f"SELECT {columns} FROM {table}"):
                blobs += [blob for blob in row if blob]
    db.close()
    seen: set[type] = set()
    for blob in blobs:
        value = stored.loads(blob)
        _walk(value, seen)
        assert _same(stored.loads(stored.dumps(value)), value)
    registered = set(stored._types()[0])
    from corpus_qa.model import Severity

    assert registered - seen <= {Severity}  # a Finding stores its severity as a number
    assert {tuple, np.ndarray, bytes, set}.issubset(seen)
    assert stored.loads(stored.dumps([Severity.ERROR, 2**70, -(2**90), np.float32(1.5), {(1, "a"): frozenset({b"x"})}])) \
        == [Severity.ERROR, 2**70, -(2**90), np.float32(1.5), {(1, "a"): frozenset({b"x"})}]


def test_a_documents_features_are_one_per_corpus_check(cli, corpus):
    cached(cli)
    with database(corpus) as db:
        blob = next(blob for (blob,) in db.execute("SELECT value FROM features") if blob)
    db.close()
    features = stored.loads(blob)
    assert set(features) <= {"duplicates", "repeated-lines", "scripts"} and "duplicates" in features


def test_what_the_format_refuses():
    with pytest.raises(stored.StoredFormatError):
        stored.dumps(object())
    blob = stored.dumps({"a": (1, 2)})
    with pytest.raises(stored.StoredFormatError, match="checksum"):
        stored.loads(blob[:-1] + bytes([blob[-1] ^ 1]))
    import hashlib

    import msgpack

    unknown = msgpack.packb(msgpack.ExtType(99, b"\x90"))
    with pytest.raises(stored.StoredFormatError, match="unknown stored type"):
        stored.loads(hashlib.blake2b(unknown, digest_size=8).digest() + unknown)
    with pytest.raises(stored.StoredFormatError):
        stored.loads(pickle.dumps({"a": 1}))


def test_values_are_trees_and_a_value_that_holds_itself_is_refused():
    cycle: list = [1]
    cycle.append(cycle)
    with pytest.raises(stored.StoredFormatError):
        stored.dumps({"cycle": cycle})
    shared = ["x"] * 3
    back = stored.loads(stored.dumps([shared, shared, "lone \udce9", "\ud800"]))
    assert back == [shared, shared, "lone \udce9", "\ud800"] and back[0] is not back[1]
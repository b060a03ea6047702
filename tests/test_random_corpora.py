"""Random hostile corpora through the whole command, twice, with the cache damaged in between.

Whatever the tree holds (random bytes in any encoding, names that are not UTF-8, symlinks
to themselves, to nowhere and to their own folder, broken and odd records, gzip files cut
short), a run never crashes: no traceback, exit 1 only with findings, exit 2 only for "no
file to check", and every entry of the tree is either read or counted as skipped. A damaged
cache changes nothing in the findings.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import tempfile
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import CLEAN_SIMPLIFIED, CLEAN_TRADITIONAL

from corpus_qa.cli import main

_NAMES = [b"a", b"news", "新闻".encode(), "空 格".encode(), b"caf\xe9", b"\xff\xfe", b"tab\tname", b"-dash", b"x" * 60]
_SUFFIXES = [b".txt", b".md", b".html", b".jsonl", b".jsonl.gz", b"", b".bin"]


_TEXTS = st.sampled_from([CLEAN_SIMPLIFIED, CLEAN_TRADITIONAL, CLEAN_SIMPLIFIED + "锟斤拷，，\u200b\n"])
# Python's utf-16, utf-32 and utf-8-sig codecs write a byte-order mark; the -le/-be ones do not
_ENCODINGS = st.sampled_from(["utf-8", "gbk", "gb18030", "utf-16", "utf-16-le", "utf-32", "utf-32-be", "utf-8-sig"])


@st.composite
def _text_bytes(draw) -> bytes:
    text = draw(_TEXTS)
    encoding = draw(_ENCODINGS)
    if encoding == "gbk" and text == CLEAN_TRADITIONAL:
        encoding = "big5"
    raw = text.encode(encoding, errors="ignore")  # GBK and Big5 have no zero-width space
    if draw(st.booleans()):  # one stray byte somewhere
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + bytes([draw(st.integers(0x80, 0xFF))]) + raw[at:]
    return raw


_CONTENT = st.one_of(_text_bytes(), st.binary(max_size=200), st.just(b""), st.just(b"\x00\x01binary\x00"))


@st.composite
def _record_lines(draw) -> bytes:
    lines = []
    for number in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["good", "good", "broken", "array", "no-text", "number", "surrogate", "blank"]))
        text = draw(_TEXTS)
        if kind == "good":
            lines.append(json.dumps({"id": f"r{number}", "text": text, "title": "标题"}, ensure_ascii=False))
        elif kind == "broken":
            lines.append('{"id": "x", "text": "未闭合')
        elif kind == "array":
            lines.append("[1, 2, 3]")
        elif kind == "no-text":
            lines.append(json.dumps({"id": f"r{number}", "body": text}, ensure_ascii=False))
        elif kind == "number":
            lines.append(json.dumps({"id": f"r{number}", "text": 42}))
        elif kind == "surrogate":
            lines.append('{"id": "\\ud800", "text": "坏\\udc00代理"}')
        else:
            lines.append("")
    return ("\n".join(lines) + "\n").encode("utf-8")


@st.composite
def _entry(draw) -> dict:
    folders = draw(st.lists(st.sampled_from(_NAMES[:6]), max_size=3))
    name = draw(st.sampled_from(_NAMES)) + draw(st.sampled_from(_SUFFIXES))
    kind = draw(st.sampled_from(["file", "file", "records", "gzip", "symlink"]))
    entry = {"folders": folders, "name": name, "kind": kind}
    if kind == "file":
        entry["content"] = draw(_CONTENT)
    elif kind in ("records", "gzip"):
        entry["content"] = draw(_record_lines())
        entry["cut"] = draw(st.sampled_from([None, None, 0.5, 0.9])) if kind == "gzip" else None
    else:
        entry["target"] = draw(st.sampled_from(["self", "nowhere", "parent folder", "root folder"]))
    return entry


def _build(root: bytes, entries: list[dict]) -> set[bytes]:
    """Create the entries under root; the paths of the files and symlinks made (relative)."""
    made: set[bytes] = set()
    for entry in entries:
        folder = os.path.join(root, *entry["folders"]) if entry["folders"] else root
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:  # a file or a symlink (to itself, say) already has that name
            continue
        path = os.path.join(folder, entry["name"])
        if os.path.lexists(path):
            continue
        kind = entry["kind"]
        if kind == "file" or kind == "records":
            with open(path, "wb") as handle:
                handle.write(entry["content"])
        elif kind == "gzip":
            blob = gzip.compress(entry["content"])
            if entry["cut"]:
                blob = blob[: int(len(blob) * entry["cut"])]
            with open(path, "wb") as handle:
                handle.write(blob)
        else:
            target = {"self": path, "nowhere": os.path.join(folder, b"missing"),
                      "parent folder": folder, "root folder": root}[entry["target"]]
            os.symlink(target, path)
        made.add(os.path.relpath(path, root))
    return made


def _run(runner: CliRunner, *args: str):
    result = runner.invoke(main, list(args), catch_exceptions=True)
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    output = result.stdout + result.stderr
    assert "Traceback" not in output and "internal error" not in output, output
    return result


def _damage(cache: Path, how: str) -> None:
    files = sorted(cache.glob("*.sqlite"))
    if not files or how == "none":
        return
    database = files[0]
    if how == "truncate":
        database.write_bytes(database.read_bytes()[:1000])
    elif how == "garbage":
        database.write_bytes(b"this is not a database" * 50)
    elif how == "flip":
        blob = bytearray(database.read_bytes())
        for at in range(len(blob) // 3, len(blob), max(1, len(blob) // 7)):
            blob[at] ^= 0x5A
        database.write_bytes(bytes(blob))
    elif how == "folder":
        database.unlink()
        database.mkdir()
    for extra in cache.glob("*.sqlite-*"):  # WAL and shared-memory files of the old database
        extra.unlink()


def _findings(path: Path) -> list[tuple]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return sorted((f["document"], f["rule"], f["start"], f["end"], f["message"]) for f in data["findings"])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(entries=st.lists(_entry(), min_size=1, max_size=8), everything=st.booleans(),
       damage=st.sampled_from(["none", "truncate", "garbage", "flip", "folder"]))
def test_random_corpus_never_crashes_and_accounts_for_every_entry(entries, everything, damage):
    work = Path(tempfile.mkdtemp(prefix="corpus-qa-random-"))
    try:
        root = os.fsencode(work / "corpus")
        os.makedirs(root)
        made = _build(root, entries)
        runner = CliRunner()
        args = ["check", os.fsdecode(root), "--cache-dir", str(work / "cache"), "-j", "1", "-f", "json"]
        if everything:
            args += ["--include", "*"]
        first = _run(runner, *args, "-o", str(work / "first.json"))
        if first.exit_code == 2:
            assert "no file to check" in first.stderr, first.stderr
            return
        assert first.exit_code in (0, 1)
        data = json.loads((work / "first.json").read_text(encoding="utf-8"))
        if first.exit_code == 1:
            assert data["findings"]
        read = {document.get("source", document["id"]) for document in data["documents"]}
        assert len(read) + data["summary"]["skipped"]["files"] == len(made), (sorted(read), data["summary"]["skipped"], made)
        for document in data["documents"]:
            document["id"].encode("utf-8")  # printable: no lone surrogates
        _damage(work / "cache", damage)
        second = _run(runner, *args, "-o", str(work / "second.json"))
        assert second.exit_code == first.exit_code
        assert _findings(work / "second.json") == _findings(work / "first.json")
    finally:
        shutil.rmtree(work, ignore_errors=True)

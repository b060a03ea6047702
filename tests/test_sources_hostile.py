"""Hostile and unlucky input to the readers (issue 18): no file ends the run, nothing is skipped
without a counted reason, and every name and id can be written by every output."""

import gzip
import json
import os

import pytest
from hypothesis import given, settings, strategies as st

from corpus_qa.sources import (
    SKIP_EXCLUDED,
    SKIP_NOT_INCLUDED,
    SKIP_NOT_REGULAR,
    SKIP_SYMLINKED_FOLDER,
    SourceError,
    SourceOptions,
    discover,
    iter_tasks,
    printable_path,
)
from tests.conftest import CLEAN_SIMPLIFIED, CLEAN_TRADITIONAL, write

OPTIONS = SourceOptions()
RECORDS = SourceOptions(include=("*.txt", "*.jsonl", "*.jsonl.gz"))


def documents(paths, options=OPTIONS):
    found = discover([str(p) for p in paths], options)
    return [doc for task in iter_tasks(found, options) for doc in task.documents(options)]


def check(cli, *args):
    """corpus-qa check with JSON on stdout; (exit code, report, stderr)."""
    result = cli("check", *map(str, args), "--format", "json", "--jobs", "1")
    assert "Traceback" not in result.stdout + result.stderr
    return result.exit_code, json.loads(result.stdout) if result.stdout else None, result.stderr


# --- links, depth, folders that cannot be listed -------------------------------------------------


def test_symlink_loop_and_dangling_symlink_are_findings_and_the_rest_is_checked(tmp_path, isolated, cli):
    corpus = tmp_path / "c"
    write(corpus, "a.txt", CLEAN_SIMPLIFIED)
    os.symlink("self.txt", corpus / "self.txt")  # OSError ELOOP on every stat
    os.symlink("gone.txt", corpus / "dangling.txt")
    docs = documents([corpus])
    assert [(d.id, d.problem) for d in docs] == [("a.txt", None), ("dangling.txt", "unreadable"), ("self.txt", "unreadable")]
    assert "symbolic links" in docs[2].problem_detail

    code, report, _ = check(cli, corpus)
    assert code == 1
    assert report["summary"]["documents"] == 3
    assert sorted((f["document"], f["rule"]) for f in report["findings"]) == [("dangling.txt", "ENC901"), ("self.txt", "ENC901")]


def _nest(root, name, depth, text):
    """`depth` folders called `name`, one inside the other, and x.txt at the bottom; made
    relative to open folders (os.makedirs recurses, and a path can grow past PATH_MAX)."""
    folder = os.open(root, os.O_RDONLY)
    try:
        for _ in range(depth):
            os.mkdir(name, dir_fd=folder)
            inner = os.open(name, os.O_RDONLY, dir_fd=folder)
            os.close(folder)
            folder = inner
        with open(os.open("x.txt", os.O_WRONLY | os.O_CREAT, dir_fd=folder), "w", encoding="utf-8") as handle:
            handle.write(text)
    finally:
        os.close(folder)


@pytest.fixture
def nest(tmp_path):
    """_nest, and afterwards the folders taken apart one level at a time (shutil.rmtree, and
    so pytest's clean-up, recurses once per level and fails on such a tree)."""
    made = []

    def make(name, depth):
        made.append(name)
        _nest(tmp_path, name, depth, CLEAN_SIMPLIFIED)

    yield make
    for name in made:
        top, lifted = tmp_path / name, tmp_path / "lifted"
        while top.exists():
            if (top / name).exists():
                (top / name).rename(lifted)
            for entry in top.iterdir():
                entry.unlink()
            top.rmdir()
            if lifted.exists():
                lifted.rename(top)


def test_folder_1000_levels_deep_is_walked_without_recursion(tmp_path, nest):
    nest("d", 1000)  # 2,000 characters: still a path the kernel takes
    write(tmp_path, "a.txt", CLEAN_SIMPLIFIED)
    (doc_a, doc_x) = documents([tmp_path])
    assert doc_a.id == "a.txt"
    assert doc_x.id == "d/" * 1000 + "x.txt" and doc_x.problem is None


def test_order_is_by_relative_path_as_before(tmp_path):
    for name in ("b/a.txt", "a.txt", "a-b.txt", "a/b.txt", "a/a/z.txt", "A.txt", "ab/c.txt"):
        write(tmp_path, name, CLEAN_SIMPLIFIED)
    ids = [d.id for d in documents([tmp_path])]
    assert ids == sorted(ids) == ["A.txt", "a-b.txt", "a.txt", "a/a/z.txt", "a/b.txt", "ab/c.txt", "b/a.txt"]


def test_folder_too_deep_to_open_is_an_unreadable_finding(tmp_path, nest):
    name = "d" * 50
    nest(name, 100)  # 5,100 characters: over PATH_MAX
    write(tmp_path, "a.txt", CLEAN_SIMPLIFIED)
    docs = documents([tmp_path])
    assert docs[0].id == "a.txt" and docs[0].problem is None
    (too_long,) = docs[1:]
    assert too_long.problem == "unreadable"
    assert too_long.problem_detail == "cannot list the folder: File name too long"
    assert too_long.id.startswith(name + "/") and too_long.id.endswith(name + "/")


def _refuse_to_list(monkeypatch, locked):
    real_scandir = os.scandir

    def scandir(path="."):
        if os.fspath(path) == os.fspath(locked):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)  # tests run as root: chmod 000 would not stop them


def test_unreadable_folder_is_reported(tmp_path, monkeypatch, isolated, cli):
    corpus = tmp_path / "c"
    write(corpus, "a.txt", CLEAN_SIMPLIFIED)
    write(corpus, "locked/b.txt", CLEAN_TRADITIONAL)
    write(corpus, "z.txt", CLEAN_TRADITIONAL)
    _refuse_to_list(monkeypatch, corpus / "locked")
    docs = documents([corpus])
    assert [(d.id, d.problem) for d in docs] == [("a.txt", None), ("locked/", "unreadable"), ("z.txt", None)]
    assert docs[1].problem_detail == "cannot list the folder: Permission denied"

    code, report, _ = check(cli, corpus)
    assert code == 1
    assert [(f["document"], f["rule"]) for f in report["findings"]] == [("locked/", "ENC901")]


def test_unreadable_folder_given_on_the_command_line(tmp_path, monkeypatch):
    corpus = tmp_path / "c"
    write(corpus, "a.txt", CLEAN_SIMPLIFIED)
    _refuse_to_list(monkeypatch, corpus)
    (doc,) = documents([corpus])
    assert (doc.id, doc.problem) == (corpus.as_posix() + "/", "unreadable")


# --- counted skips ------------------------------------------------------------------------------


def test_skips_are_counted_per_reason_with_a_few_examples(tmp_path):
    write(tmp_path, "a.txt", CLEAN_SIMPLIFIED)
    for i in range(10):
        write(tmp_path, f"data/{i}.jsonl", "{}\n")
    write(tmp_path, ".git/HEAD.txt", "ref")
    write(tmp_path, "drafts.txt", CLEAN_SIMPLIFIED)
    write(tmp_path, "elsewhere/b.txt", CLEAN_SIMPLIFIED)
    os.symlink(tmp_path / "elsewhere", tmp_path / "linked")
    os.mkfifo(tmp_path / "pipe.txt")  # reading it would block the run forever
    options = SourceOptions(exclude=(".git", "drafts.txt"))
    found = discover([str(tmp_path)], options)
    assert [display for _, display in found.files] == ["a.txt", "elsewhere/b.txt"]
    assert found.skipped == {
        SKIP_EXCLUDED: {"count": 2, "examples": [".git/", "drafts.txt"]},
        SKIP_NOT_INCLUDED: {"count": 10, "examples": ["data/0.jsonl", "data/1.jsonl", "data/2.jsonl"]},
        SKIP_NOT_REGULAR: {"count": 1, "examples": ["pipe.txt"]},
        SKIP_SYMLINKED_FOLDER: {"count": 1, "examples": ["linked/"]},
    }
    assert found.skipped_count == 14
    json.dumps(found.skipped)  # ready for every summary


def test_skip_examples_keep_the_paths_as_given_with_several_paths(tmp_path):
    write(tmp_path, "one/a.txt", CLEAN_SIMPLIFIED)
    write(tmp_path, "one/b.csv", "x")
    write(tmp_path, "two/c.txt", CLEAN_SIMPLIFIED)
    found = discover([str(tmp_path / "one"), str(tmp_path / "two")], OPTIONS)
    assert found.skipped == {SKIP_NOT_INCLUDED: {"count": 1, "examples": [f"{(tmp_path / 'one').as_posix()}/b.csv"]}}


# --- a run that would check nothing -------------------------------------------------------------


def test_empty_folder_is_a_usage_error(tmp_path, isolated, cli):
    with pytest.raises(SourceError, match=r"^no file to check in .*: the folder is empty$"):
        discover([str(tmp_path)], OPTIONS)
    code, report, stderr = check(cli, tmp_path)
    assert code == 2 and report is None
    assert stderr.strip().count("\n") == 0 and "the folder is empty" in stderr


def test_folder_of_records_without_include_says_what_to_add(tmp_path, isolated, cli):
    corpus = tmp_path / "c"
    for name in ("a", "b", "c"):
        write(corpus, f"{name}.jsonl", json.dumps({"text": CLEAN_SIMPLIFIED}, ensure_ascii=False) + "\n")
    with pytest.raises(SourceError) as raised:
        discover([str(corpus)], OPTIONS)
    assert str(raised.value) == (
        f"no file to check in {corpus}: 3 skipped (3 not matched by include *.txt, *.md, *.markdown, *.html, *.htm); "
        "to read *.jsonl files add --include '*.jsonl' (it replaces the default globs)"
    )
    code, _, stderr = check(cli, corpus)
    assert code == 2 and "--include '*.jsonl'" in stderr
    code, report, _ = check(cli, corpus, "--include", "*.jsonl")
    assert code == 0 and report["summary"]["documents"] == 3


def test_only_excluded_entries_is_a_usage_error(tmp_path):
    write(tmp_path, ".git/a.txt", CLEAN_SIMPLIFIED)
    with pytest.raises(SourceError, match=r"1 skipped \(1 matched by exclude \(\.git/\)\)$"):
        discover([str(tmp_path)], OPTIONS)


# --- names and ids that are not valid UTF-8 or hold lone surrogates -----------------------------


def _non_utf8_name(folder, text):
    path = os.path.join(os.fsencode(folder), b"caf\xe9.txt")
    with open(path, "w", encoding="utf-8") as handle:
        handle.write(text)
    return os.fsdecode(path)


def test_file_name_that_is_not_utf8_is_shown_escaped_and_read_by_its_real_path(tmp_path):
    real = _non_utf8_name(tmp_path, CLEAN_SIMPLIFIED)
    assert real.endswith("caf\udce9.txt")
    found = discover([str(tmp_path)], OPTIONS)
    assert found.files == [(real, "caf\\xe9.txt")]
    (doc,) = documents([tmp_path])
    assert doc.id == "caf\\xe9.txt" and len("\\xe9") == 4
    assert doc.source == f"{tmp_path.as_posix()}/caf\\xe9.txt"
    assert doc.text == CLEAN_SIMPLIFIED
    doc.id.encode("utf-8"), doc.source.encode("utf-8")  # strict: what fingerprints and JSON need


def test_names_with_control_characters_are_escaped_and_normal_names_are_not(tmp_path):
    write(tmp_path, "a\nb.txt", CLEAN_SIMPLIFIED)
    write(tmp_path, "新闻　稿 (1).txt", CLEAN_SIMPLIFIED)
    assert [d.id for d in documents([tmp_path])] == ["a\\x0ab.txt", "新闻　稿 (1).txt"]


def test_record_id_with_a_lone_surrogate_is_printable(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_text('{"id": "\\ud800", "text": "' + CLEAN_SIMPLIFIED.strip() + '", "title": "标题\\udc00"}\n', encoding="utf-8")
    (doc,) = documents([path])
    assert doc.id == "\\ud800" and len(doc.id) == 6
    assert doc.meta == {"title": "标题\\udc00"}


def test_odd_names_and_ids_through_the_cli_json_and_html(tmp_path, isolated, cli):
    corpus = tmp_path / "c"
    corpus.mkdir()
    _non_utf8_name(corpus, CLEAN_SIMPLIFIED.replace("，", "，，", 1))
    write(corpus, "r.jsonl", '{"id": "\\ud800", "text": "' + CLEAN_TRADITIONAL.strip().replace("，", "，，", 1) + '"}\n')
    write(corpus, "ok.txt", CLEAN_TRADITIONAL)
    code, report, _ = check(cli, corpus, "--include", "*.txt", "--include", "*.jsonl")
    assert code == 0
    assert [d["id"] for d in report["documents"]] == ["caf\\xe9.txt", "ok.txt", "\\ud800"]
    assert {(f["document"], f["rule"]) for f in report["findings"]} >= {("caf\\xe9.txt", "ENC011"), ("\\ud800", "ENC011")}
    html = tmp_path / "report.html"
    result = cli("check", corpus, "--include", "*.txt", "--include", "*.jsonl", "--format", "html", "--output", html)
    assert result.exit_code == 0 and "Traceback" not in result.stderr
    assert html.stat().st_size > 1000


def test_reload_finds_a_file_by_its_escaped_name(tmp_path):
    from corpus_qa.sources.reload import reload_documents

    real = _non_utf8_name(tmp_path, CLEAN_SIMPLIFIED)
    summary = {"id": "caf\\xe9.txt", "source": printable_path(real), "encoding": "utf-8", "metrics": {}}
    (doc,) = reload_documents([summary], OPTIONS)
    assert doc.text == CLEAN_SIMPLIFIED and doc.id == "caf\\xe9.txt"


def test_odd_name_survives_a_cached_rerun_after_an_edit(tmp_path):
    """The engine finds a file's documents by their source: the escaped name, not the real one."""
    from corpus_qa.config import Config
    from corpus_qa.engine.local import run

    corpus = tmp_path / "c"
    write(corpus, "a.txt", CLEAN_SIMPLIFIED)
    _non_utf8_name(corpus, CLEAN_SIMPLIFIED.replace("，", "，，", 1))
    write(corpus, "ok.txt", CLEAN_TRADITIONAL)
    write(corpus, "z.txt", CLEAN_TRADITIONAL.replace("，", "，，", 1))
    for name in os.listdir(os.fsencode(corpus)):  # out of the cache's racy window
        path = os.path.join(os.fsencode(corpus), name)
        stat = os.stat(path)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - 120 * 10**9))
    config = Config()

    def findings():
        result = run(discover([str(corpus)], config.sources), config, jobs=1, cache_dir=str(tmp_path / "cache"))
        return [d["id"] for d in result.documents], sorted((f.document, f.rule) for f in result.findings)

    findings()
    edited = corpus / "ok.txt"
    edited.write_text(CLEAN_TRADITIONAL.replace("，", "，，", 1), encoding="utf-8")
    stat = edited.stat()
    os.utime(edited, ns=(stat.st_atime_ns, stat.st_mtime_ns - 60 * 10**9))
    cached = findings()
    uncached = run(discover([str(corpus)], config.sources), config, jobs=1)
    assert cached == ([d["id"] for d in uncached.documents], sorted((f.document, f.rule) for f in uncached.findings))


# --- record files cut short ---------------------------------------------------------------------


def _records(count):
    lines = [json.dumps({"id": f"r{i}", "text": f"第{i}篇。" + CLEAN_SIMPLIFIED}, ensure_ascii=False) for i in range(count)]
    return "".join(line + "\n" for line in lines).encode("utf-8")


@pytest.mark.parametrize("share", [0.25, 0.5, 0.75, 0.999])
def test_truncated_gzip_keeps_every_record_read_and_says_where_it_stopped(tmp_path, share):
    data = _records(2000)
    full = gzip.compress(data)
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(full[: int(len(full) * share)])
    options = SourceOptions(jsonl_slice_bytes=8192)  # several batches, the break inside one
    docs = documents([path], options)
    *records, broken = docs
    assert len(records) > 0
    assert [d.id for d in records] == [f"r{i}" for i in range(len(records))]
    assert all(d.problem is None for d in records)
    read = len(records)
    offset = sum(len(line) for line in data.splitlines(keepends=True)[:read])
    assert broken.id == path.as_posix() and broken.problem == "unreadable"
    assert broken.problem_detail == (
        f"reading {path.as_posix()} stopped after line {read} (uncompressed byte offset {offset}): "
        f"Compressed file ended before the end-of-stream marker was reached; lines 1-{read} were checked"
    )


def test_truncated_gzip_through_the_cli_checks_what_was_read(tmp_path, isolated, cli):
    path = tmp_path / "c.jsonl.gz"
    full = gzip.compress(_records(400))
    path.write_bytes(full[: len(full) // 2])
    code, report, _ = check(cli, path)
    assert code == 1
    assert report["summary"]["documents"] > 100
    assert [(f["document"], f["rule"]) for f in report["findings"] if f["rule"] == "ENC901"] == [(path.as_posix(), "ENC901")]
    html = tmp_path / "report.html"
    assert cli("check", path, "--format", "html", "--output", html).exit_code == 1


def test_gzip_with_damaged_data_keeps_what_came_before(tmp_path):
    data = _records(2000)
    full = bytearray(gzip.compress(data))
    for at in range(len(full) // 2, len(full) // 2 + 64):
        full[at] ^= 0x55
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(bytes(full))
    docs = documents([path], SourceOptions(jsonl_slice_bytes=8192))
    assert docs[-1].problem == "unreadable" and docs[-1].id == path.as_posix()
    assert docs[-1].problem_detail.startswith(f"reading {path.as_posix()} stopped after line ")
    # every line before the break is a record; damaged bytes may turn the last few into bad JSON
    assert sum(d.problem is None for d in docs) > 100


def test_parquet_damaged_in_a_later_row_group_keeps_the_rows_before(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    texts = [f"第{i}篇。" + CLEAN_SIMPLIFIED for i in range(3000)]
    path = tmp_path / "c.parquet"
    pq.write_table(pa.table({"id": [f"r{i}" for i in range(3000)], "text": texts}), path,
                   row_group_size=1000, compression="none")
    data = bytearray(path.read_bytes())
    page = pq.ParquetFile(path).metadata.row_group(1).column(1).data_page_offset
    data[page : page + 40] = b"\xff" * 40
    path.write_bytes(bytes(data))
    *rows, broken = documents([path])
    assert [d.id for d in rows] == [f"r{i}" for i in range(1000)]
    assert broken.problem == "unreadable"
    assert broken.problem_detail.startswith(f"reading {path.as_posix()} stopped after row 1000: ")
    assert broken.problem_detail.endswith("rows 1-1000 were checked")


# --- a text field no record has -----------------------------------------------------------------


def _corpus_without_text(tmp_path, count=999):
    records = [{"id": f"n{i}", "title": "标题", "content": CLEAN_SIMPLIFIED} for i in range(count)]
    return write(tmp_path, "corpus.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))


def test_text_field_no_record_has_is_one_usage_error(tmp_path, isolated, cli):
    path = _corpus_without_text(tmp_path)
    with pytest.raises(SourceError) as raised:
        discover([str(path)], SourceOptions(text_field="body"))
    assert str(raised.value) == (
        f"--text-field 'body': none of the first records of {path.as_posix()} has it; they have: content, id, title"
    )
    code, report, stderr = check(cli, path, "--text-field", "body")
    assert code == 2 and report is None
    assert stderr.count("\n") == 1 and "they have: content, id, title" in stderr
    code, report, _ = check(cli, path, "--text-field", "content")
    assert code == 0 and report["summary"]["documents"] == 999


def test_text_field_missing_from_the_config_too(tmp_path, isolated, cli):
    _corpus_without_text(tmp_path, 5)
    (tmp_path / "pyproject.toml").write_text('[tool.corpus-qa]\npaths = ["corpus.jsonl"]\n', encoding="utf-8")
    code, _, stderr = check(cli, "--config", tmp_path / "pyproject.toml")
    assert code == 2 and "--text-field 'text'" in stderr


def test_text_field_in_gzip_and_several_files(tmp_path):
    with gzip.open(tmp_path / "a.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"body": "x"}) + "\n")
    write(tmp_path, "b.jsonl", json.dumps({"content": "y"}) + "\n")
    with pytest.raises(SourceError, match=r"of a.jsonl.gz \(and 1 other record files\) has it; they have: body, content$"):
        discover([str(tmp_path)], RECORDS)


def test_records_that_lack_the_field_keep_their_own_findings(tmp_path):
    lines = [json.dumps({"id": "x"}), json.dumps({"text": CLEAN_SIMPLIFIED}, ensure_ascii=False), json.dumps({"id": "y"})]
    path = write(tmp_path, "c.jsonl", "\n".join(lines) + "\n")
    assert [d.problem for d in documents([path])] == ["unreadable", None, "unreadable"]


def test_text_file_corpus_is_not_sampled(tmp_path):
    write(tmp_path, "a.txt", CLEAN_SIMPLIFIED)
    found = discover([str(tmp_path)], SourceOptions(text_field="body"))
    assert len(found.files) == 1


def test_user_include_gets_a_hint_without_the_default_note(tmp_path):
    write(tmp_path, "a.csv", "x")
    with pytest.raises(SourceError, match=r"1 not matched by include \*\.md\); to read \*\.csv files add --include '\*\.csv'$"):
        discover([str(tmp_path)], SourceOptions(include=("*.md",)))


# --- any tree: every file is read or counted as skipped -----------------------------------------

_NAME_BYTES = st.binary(min_size=1, max_size=8).filter(lambda raw: b"/" not in raw and b"\0" not in raw
                                                        and raw not in (b".", b".."))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.lists(_NAME_BYTES, max_size=3), _NAME_BYTES,
                          st.sampled_from([b".txt", b".jsonl", b".csv", b""]),
                          st.sampled_from(["file", "dangling", "loop"])), min_size=1, max_size=12))
def test_any_tree_every_file_is_read_or_counted(entries):
    import tempfile

    with tempfile.TemporaryDirectory() as temp:
        root = os.fsencode(temp)
        made = set()
        for folders, name, suffix, kind in entries:
            folder = os.path.join(root, *folders)
            try:
                os.makedirs(folder, exist_ok=True)
                path = os.path.join(folder, name + suffix)
                if kind == "file":
                    with open(path, "xb") as handle:
                        handle.write(b"\xff\xfe text")
                else:
                    os.symlink(b"gone" if kind == "dangling" else path, path)
            except OSError:  # a name already taken as a file or folder
                continue
            made.add(os.fsdecode(path))
        options = SourceOptions(include=("*.txt", "*.jsonl"))
        try:
            found = discover([temp], options)
        except SourceError as error:  # nothing to read: every file was counted
            assert str(error).startswith("no file to check")
            assert f": {len(made)} skipped ({len(made)} not matched by include" in str(error) if made else "empty" in str(error)
            return
        read = {path for path, _ in found.files}
        assert read <= made
        assert len(read) + found.skipped.get(SKIP_NOT_INCLUDED, {"count": 0})["count"] == len(made)
        for path, display in found.files:
            display.encode("utf-8")  # strict
        docs = [doc for task in iter_tasks(found, options) for doc in task.documents(options)]
        assert len(docs) >= len(found.files) - sum(path.endswith(".jsonl") for path in read)
        for doc in docs:
            doc.id.encode("utf-8"), doc.source.encode("utf-8"), doc.problem_detail.encode("utf-8")

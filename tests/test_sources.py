"""Sources -> Documents: folders, files, JSONL(.gz), Parquet, ids, and bad input."""

import gzip
import json
import os

import pytest

from corpus_qa.sources import SourceError, SourceOptions, discover, iter_tasks
from tests.conftest import CLEAN_SIMPLIFIED, write

OPTIONS = SourceOptions()


def documents(paths, options=OPTIONS):
    found = discover([str(p) for p in paths], options)
    return [doc for task in iter_tasks(found, options) for doc in task.documents(options)]


def test_folder_is_recursive_sorted_and_filtered(tmp_path):
    write(tmp_path, "b.txt", CLEAN_SIMPLIFIED)
    write(tmp_path, "a/z.md", CLEAN_SIMPLIFIED)
    write(tmp_path, "a/page.html", "<p>" + CLEAN_SIMPLIFIED + "</p>")
    write(tmp_path, "notes.csv", "a,b")
    write(tmp_path, ".git/objects.txt", "ignored")
    docs = documents([tmp_path])
    assert [d.id for d in docs] == ["a/page.html", "a/z.md", "b.txt"]
    assert [d.format for d in docs] == ["html", "markdown", "text"]
    assert docs[0].source == (tmp_path / "a/page.html").as_posix()


def test_include_and_exclude_globs(tmp_path):
    write(tmp_path, "keep/a.txt", CLEAN_SIMPLIFIED)
    write(tmp_path, "drafts/b.txt", CLEAN_SIMPLIFIED)
    write(tmp_path, "c.log", CLEAN_SIMPLIFIED)
    options = SourceOptions(include=("*.txt", "*.log"), exclude=("drafts",))
    assert [d.id for d in documents([tmp_path], options)] == ["c.log", "keep/a.txt"]


def test_ids_with_several_paths_keep_the_path(tmp_path):
    write(tmp_path, "one/a.txt", CLEAN_SIMPLIFIED)
    write(tmp_path, "two/a.txt", CLEAN_SIMPLIFIED)
    single = write(tmp_path, "solo.txt", CLEAN_SIMPLIFIED)
    ids = [d.id for d in documents([tmp_path / "one", tmp_path / "two", single])]
    assert ids == [f"{(tmp_path / 'one').as_posix()}/a.txt", f"{(tmp_path / 'two').as_posix()}/a.txt", single.as_posix()]


def test_missing_path_is_a_source_error(tmp_path):
    with pytest.raises(SourceError, match="no such file"):
        discover([str(tmp_path / "nope")], OPTIONS)


def test_jsonl_ids_from_field_or_file_and_line(tmp_path):
    lines = [
        json.dumps({"id": "n1", "text": CLEAN_SIMPLIFIED, "title": "标题"}, ensure_ascii=False),
        "",
        json.dumps({"text": "第二篇" + CLEAN_SIMPLIFIED}, ensure_ascii=False),
    ]
    path = write(tmp_path, "c.jsonl", "\n".join(lines) + "\n")
    docs = documents([path])
    assert [d.id for d in docs] == ["n1", f"{path.as_posix()}:3"]
    assert [d.source_line for d in docs] == [1, 3]
    assert docs[0].meta == {"title": "标题"}
    assert docs[0].format == "record"


def test_jsonl_custom_fields_and_small_slices(tmp_path):
    records = [{"doc": f"d{i}", "content": f"第{i}篇。" + CLEAN_SIMPLIFIED} for i in range(50)]
    path = write(tmp_path, "c.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    options = SourceOptions(text_field="content", id_field="doc", jsonl_slice_bytes=500)
    found = discover([str(path)], options)
    tasks = list(iter_tasks(found, options))
    assert len(tasks) > 5  # cut into many byte ranges ...
    docs = [doc for task in tasks for doc in task.documents(options)]
    assert [d.id for d in docs] == [f"d{i}" for i in range(50)]  # ... without losing or repeating a line
    assert [d.source_line for d in docs] == list(range(1, 51))


def test_jsonl_gz(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for i in range(3):
            handle.write(json.dumps({"text": f"{i}" + CLEAN_SIMPLIFIED}, ensure_ascii=False) + "\n")
    docs = documents([path])
    assert [d.id for d in docs] == [f"{path.as_posix()}:{i}" for i in (1, 2, 3)]
    assert docs[2].text.startswith("2新华社")


def test_truncated_gzip_becomes_an_unreadable_document(tmp_path):
    path = tmp_path / "c.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "abc"}\n' * 1000)[:40])
    docs = documents([path])
    assert docs[-1].problem == "unreadable"


def test_parquet(tmp_path):
    pa = pytest.importorskip("pyarrow")
    import pyarrow.parquet as pq

    table = pa.table({"id": ["p1", None], "text": [CLEAN_SIMPLIFIED, "另一篇" + CLEAN_SIMPLIFIED]})
    path = tmp_path / "c.parquet"
    pq.write_table(table, path)
    docs = documents([path])
    assert [d.id for d in docs] == ["p1", f"{path.as_posix()}:2"]
    assert docs[1].text.startswith("另一篇")


@pytest.mark.parametrize(
    "line, detail",
    [
        ("{not json", "not valid JSON"),
        ("[1, 2]", "not an object"),
        ('{"id": "x"}', "no 'text' field"),
        ('{"text": 42}', "is a int, not a string"),
    ],
)
def test_bad_records_become_unreadable_documents(tmp_path, line, detail):
    path = write(tmp_path, "c.jsonl", line + "\n" + json.dumps({"text": CLEAN_SIMPLIFIED}, ensure_ascii=False) + "\n")
    docs = documents([path])
    assert docs[0].problem == "unreadable" and detail in docs[0].problem_detail
    assert docs[1].problem is None  # the run goes on


def test_record_with_lone_surrogate_records_the_loss(tmp_path):
    path = write(tmp_path, "c.jsonl", '{"text": "\\u4e2d\\ud800\\u6587"}\n')
    (doc,) = documents([path])
    assert doc.text == "中\ufffd文"
    assert doc.losses[0].offset == 1


def test_problem_files(tmp_path):
    write(tmp_path, "empty.txt", b"")
    write(tmp_path, "blank.txt", b" \n\n ")
    write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    write(tmp_path, "big.txt", "大" * 400)
    os.symlink(tmp_path / "gone.txt", tmp_path / "broken.txt")
    options = SourceOptions(max_file_size=1000)
    problems = {d.id: d.problem for d in documents([tmp_path], options)}
    assert problems == {
        "big.txt": "oversized",
        "blank.txt": "empty",
        "broken.txt": "unreadable",
        "empty.txt": "empty",
        "image.txt": "binary",
    }


def test_legacy_encoded_file_is_decoded(tmp_path):
    path = write(tmp_path, "gbk.txt", (CLEAN_SIMPLIFIED * 3).encode("gbk"))
    (doc,) = documents([path])
    assert doc.encoding == "gb18030"
    assert doc.text == CLEAN_SIMPLIFIED * 3
    assert doc.raw == path.read_bytes()


def test_line_and_column_index():
    from corpus_qa.model import Document

    doc = Document("x", "第一行\n第二行\r\n\n末")
    assert doc.position(0) == (1, 1)
    assert doc.position(4) == (2, 1)
    assert doc.position(6) == (2, 3)
    assert doc.position(len(doc.text)) == (4, 2)
    assert doc.line_span(2) == (4, 8)  # includes the \r, not the \n


def test_reload_returns_the_same_documents(tmp_path):
    import gzip as gz

    from corpus_qa.config import Config
    from corpus_qa.engine.local import run
    from corpus_qa.sources.reload import reload_documents

    write(tmp_path, "c/a.txt", CLEAN_SIMPLIFIED)
    write(tmp_path, "c/b.jsonl", "".join(json.dumps({"id": f"r{i}", "text": f"{i}号" + CLEAN_SIMPLIFIED}, ensure_ascii=False) + "\n" for i in range(3)))
    with gz.open(tmp_path / "c/z.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write("".join(json.dumps({"text": f"{i}甲" + CLEAN_SIMPLIFIED}, ensure_ascii=False) + "\n" for i in range(3)))
    options = SourceOptions(include=("*.txt", "*.jsonl", "*.jsonl.gz"))
    config = Config(sources=options)
    result = run(discover([str(tmp_path / "c")], options), config, jobs=1)
    originals = documents([tmp_path / "c"], options)
    reloaded = list(reload_documents(result.documents, options))
    assert [(d.id, d.text) for d in reloaded] == [(d.id, d.text) for d in originals]
    assert len(reloaded) == 7

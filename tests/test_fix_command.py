"""`corpus-qa fix`: repairs shown as a diff or written with the input's layout, never unasked."""

from __future__ import annotations

import json

from tests.conftest import CLEAN_SIMPLIFIED, CLEAN_TRADITIONAL, write

DOUBLED = "国家统计局今天发布数据，，今年前八个月全国粮食总产量稳中有升。\n"
REPAIRED = "国家统计局今天发布数据，今年前八个月全国粮食总产量稳中有升。\n"


def corpus(folder):
    write(folder, "c/a.txt", DOUBLED)
    write(folder, "c/sub/b.md", CLEAN_SIMPLIFIED)
    write(folder, "c/t.txt", CLEAN_TRADITIONAL)
    write(folder, "c/gbk.txt", DOUBLED.encode("gbk"))


def test_without_a_flag_nothing_is_written_and_the_summary_says_what_would_be_fixed(cli, isolated):
    corpus(isolated)
    before = {path: path.read_bytes() for path in (isolated / "c").rglob("*") if path.is_file()}
    result = cli("fix", "c")
    assert result.exit_code == 0
    assert "3 fix(es) applied in 2 document(s)" in result.stderr and "ENC002 1, ENC011 2" in result.stderr
    assert {path: path.read_bytes() for path in (isolated / "c").rglob("*") if path.is_file()} == before


def test_diff_prints_the_repairs_and_writes_nothing(cli, isolated):
    corpus(isolated)
    result = cli("fix", "c", "--diff")
    assert "--- a/a.txt" in result.stdout and "+++ b/a.txt" in result.stdout
    assert f"-{DOUBLED}" in result.stdout and f"+{REPAIRED}" in result.stdout
    assert "t.txt" not in result.stdout  # clean: no diff
    assert (isolated / "c/a.txt").read_text(encoding="utf-8") == DOUBLED


def test_output_writes_the_repaired_folder_with_the_same_layout(cli, isolated):
    corpus(isolated)
    assert cli("fix", "c", "-o", "fixed").exit_code == 0
    written = sorted(path.relative_to(isolated / "fixed").as_posix() for path in (isolated / "fixed").rglob("*")
                     if path.is_file())
    assert written == ["a.txt", "gbk.txt", "sub/b.md", "t.txt"]
    assert (isolated / "fixed/a.txt").read_text(encoding="utf-8") == REPAIRED
    assert (isolated / "fixed/gbk.txt").read_bytes() == REPAIRED.encode("utf-8")  # ENC002's fix: UTF-8
    assert (isolated / "fixed/t.txt").read_text(encoding="utf-8") == CLEAN_TRADITIONAL
    assert (isolated / "c/a.txt").read_text(encoding="utf-8") == DOUBLED


def test_in_place_rewrites_only_repaired_files_and_a_second_run_finds_nothing_to_fix(cli, isolated):
    corpus(isolated)
    untouched = (isolated / "c/t.txt").stat().st_mtime_ns
    assert cli("fix", "c", "--in-place").exit_code == 0
    assert (isolated / "c/a.txt").read_text(encoding="utf-8") == REPAIRED
    assert (isolated / "c/gbk.txt").read_bytes() == REPAIRED.encode("utf-8")
    assert (isolated / "c/t.txt").stat().st_mtime_ns == untouched
    assert not [path for path in (isolated / "c").rglob(".*")]  # no temporary file left behind
    assert "0 fix(es) applied" in cli("fix", "c").stderr


def test_a_jsonl_file_keeps_every_other_field_byte_for_byte(cli, isolated):
    lines = [
        '{"id": "a", "text": "' + DOUBLED.strip() + '", "url": "https://example.com/\\u4e2d?x=1",  "n": 1.50}\n',
        '{"text": "' + CLEAN_TRADITIONAL.strip() + '", "id": "b"}\n',
        "not json\n",
    ]
    write(isolated, "crawl.jsonl", "".join(lines))
    assert cli("fix", "crawl.jsonl", "-o", "fixed.jsonl").exit_code == 0
    fixed = (isolated / "fixed.jsonl").read_text(encoding="utf-8").splitlines(keepends=True)
    assert fixed[0] == lines[0].replace(DOUBLED.strip(), REPAIRED.strip())
    assert fixed[1:] == lines[1:]
    assert json.loads(fixed[0])["text"] == REPAIRED.strip()


def test_flags_that_exclude_each_other_are_a_usage_error(cli, isolated):
    corpus(isolated)
    assert cli("fix", "c", "--diff", "--in-place").exit_code == 2
    assert cli("fix", "c/a.txt", "c/t.txt", "-o", "out").exit_code == 2


def test_frontmatter_after_blank_lines_and_a_repeated_paragraph_are_repaired(cli, isolated):
    paragraph = "记者从市交通运输局获悉，今年春运期间全市道路客运量同比增长一成以上。"
    post = f"\n\n---\ntitle: 春运\n---\n{paragraph}\n\n{paragraph}\n\n交通部门提前部署，增开夜间班车，方便旅客出行。\n"
    write(isolated, "p/a.md", post)
    write(isolated, "p/b.md", f"序言\n---\ntitle: 春运\n---\n{paragraph}\n")  # text before: unsafe
    assert cli("fix", "p", "-o", "fixed").exit_code in (0, 1)
    assert (isolated / "fixed/a.md").read_text(encoding="utf-8") == (
        f"---\ntitle: 春运\n---\n{paragraph}\n\n交通部门提前部署，增开夜间班车，方便旅客出行。\n")
    assert (isolated / "fixed/b.md").read_text(encoding="utf-8").startswith("序言")
    cli("fix", "p", "-o", "unsafe", "--unsafe-fixes")
    assert (isolated / "unsafe/b.md").read_text(encoding="utf-8").startswith("---\ntitle: 春运")


def test_a_legacy_file_keeps_its_encoding_unless_enc002_is_fixed(cli, isolated):
    write(isolated, "c/gbk.txt", DOUBLED.encode("gbk"))
    write(isolated, "c/big5.txt", CLEAN_TRADITIONAL.encode("big5"))
    cli("fix", "c", "-o", "kept", "--ignore", "ENC002")
    assert (isolated / "kept/gbk.txt").read_bytes() == REPAIRED.encode("gbk")
    assert (isolated / "kept/big5.txt").read_bytes() == CLEAN_TRADITIONAL.encode("big5")
    result = cli("fix", "c", "-o", "utf8")
    assert (isolated / "utf8/big5.txt").read_text(encoding="utf-8") == CLEAN_TRADITIONAL
    assert "ENC002 2" in result.stderr


def test_unsafe_fixes_leave_duplicate_copies_out_of_a_jsonl_output(cli, isolated):
    records = [{"id": "a", "text": CLEAN_SIMPLIFIED}, {"id": "b", "text": CLEAN_TRADITIONAL},
               {"id": "c", "text": CLEAN_SIMPLIFIED}, {"id": "d", "text": DOUBLED}]
    write(isolated, "crawl.jsonl", "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    cli("fix", "crawl.jsonl", "-o", "safe.jsonl")
    assert [json.loads(line)["id"] for line in (isolated / "safe.jsonl").read_text(encoding="utf-8").splitlines()] \
        == ["a", "b", "c", "d"]
    result = cli("fix", "crawl.jsonl", "-o", "unsafe.jsonl", "--unsafe-fixes")
    kept = [json.loads(line) for line in (isolated / "unsafe.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in kept] == ["a", "b", "d"] and kept[2]["text"] == REPAIRED
    assert "1 duplicate record(s) left out: crawl.jsonl:3 (DUP001 copy of a)" in result.stderr


def test_files_that_are_not_repaired_are_copied_into_an_output_folder(cli, isolated):
    corpus(isolated)
    write(isolated, "c/empty.txt", "")
    write(isolated, "c/table.csv", "ID,CONTENT\n1,国家统计局今天发布数据，，今年粮食产量稳中有升。\n")
    result = cli("fix", "c", "--include", "*.txt", "--include", "*.md", "--include", "*.csv", "--text-field", "CONTENT",
                 "-o", "fixed")
    assert (isolated / "fixed/empty.txt").read_bytes() == b""
    assert (isolated / "fixed/table.csv").read_bytes() == (isolated / "c/table.csv").read_bytes()
    assert "not repaired" in result.stderr and "table.csv" in result.stderr

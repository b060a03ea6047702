"""CSV and TSV files as record files: one document per row, columns named by --text-field/--id-field."""

from __future__ import annotations

import json

import pytest

from tests.conftest import CLEAN_SIMPLIFIED, CLEAN_TRADITIONAL, SHARED_CORPORA, write

DEFECT = "这是一篇新闻锟斤拷锟斤拷的文章内容。"


def _report(cli, *args):
    result = cli("check", *args, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_csv_rows_are_documents_with_their_line_and_other_columns(cli, isolated):
    body = CLEAN_SIMPLIFIED.strip()
    write(isolated, "news.csv",
          "id,title,text\n"
          f"a1,标题一,{body}\n"
          f'a2,"标题, 二","{DEFECT}\n第二段。"\n'  # a quoted field holding a comma and a line break
          "\n"
          f"a3,标题三,{body}\n")
    data = _report(cli, "news.csv")
    documents = data["documents"]
    assert [(d["id"], d["line"]) for d in documents] == [("a1", 2), ("a2", 3), ("a3", 6)]
    assert [(f["document"], f["rule"], f["line"]) for f in data["findings"] if f["rule"] == "ENC007"] == [("a2", "ENC007", 1)]
    assert {f["rule"] for f in data["findings"] if f["document"] == "a1"} >= {"DUP001"}  # a1 and a3 are the same


def test_tsv_with_bom_and_named_columns(cli, isolated):
    write(isolated, "rows.tsv", "\ufeffkey\tCONTENT\n" f"x\t{DEFECT}\n" f"y\t{CLEAN_TRADITIONAL.strip()}\n")
    data = _report(cli, "rows.tsv", "--text-field", "CONTENT", "--id-field", "key")
    assert [d["id"] for d in data["documents"]] == ["x", "y"]
    assert [f["document"] for f in data["findings"] if f["rule"] == "ENC007"] == ["x"]


def test_gbk_csv_is_decoded(cli, isolated):
    write(isolated, "gbk.csv", ("id,text\n" f"g1,{CLEAN_SIMPLIFIED.strip()}\n" f"g2,{DEFECT}\n").encode("gbk"))
    data = _report(cli, "gbk.csv")
    assert [d["id"] for d in data["documents"]] == ["g1", "g2"]
    assert [f["document"] for f in data["findings"] if f["rule"] == "ENC007"] == ["g2"]
    assert not [f for f in data["findings"] if f["rule"] in ("ENC001", "ENC003")]


def test_a_row_without_the_text_column_is_a_finding_on_that_row(cli, isolated):
    write(isolated, "short.csv", f"id,text\nok,{CLEAN_SIMPLIFIED.strip()}\nshort\n")
    data = _report(cli, "short.csv")
    assert [(f["document"], f["rule"]) for f in data["findings"]] == [("short", "ENC901")]


@pytest.mark.parametrize("content", ["", "id,text\n", "id,text\n\n\n"], ids=["empty", "header-only", "blank-rows"])
def test_a_table_without_rows_is_one_empty_document(cli, isolated, content):
    write(isolated, "none.csv", content)
    data = _report(cli, "none.csv")
    assert [(f["document"], f["rule"]) for f in data["findings"]] == [("none.csv", "ENC902")]


def test_a_missing_text_column_is_one_usage_error_listing_the_columns(cli, isolated):
    write(isolated, "cols.csv", "TITLE,CONTENT\n标题,正文\n")
    result = cli("check", "cols.csv")
    assert result.exit_code == 2
    assert "--text-field 'text'" in result.stderr and "CONTENT, TITLE" in result.stderr


def test_csv_in_a_folder_is_read_when_included(cli, isolated):
    write(isolated / "c", "a.csv", f"id,text\nr1,{DEFECT}\n")
    write(isolated / "c", "b.txt", CLEAN_SIMPLIFIED)
    data = _report(cli, "c", "--include", "*.csv", "--include", "*.txt")
    assert sorted(d["id"] for d in data["documents"]) == ["b.txt", "r1"]


def test_the_taiwan_news_csv_files_work_as_they_are(cli, isolated):
    folder = SHARED_CORPORA / "taiwan-news-covid-2022-trad"
    if not folder.is_dir():
        pytest.skip("shared corpora not present")
    data = _report(cli, folder / "udn_covid_2.csv", "--text-field", "CONTENT")
    assert len(data["documents"]) == 19
    assert not [f for f in data["findings"] if f["rule"].startswith("ENC9")]


def test_a_nul_in_a_cell_is_a_finding_on_that_row(cli, isolated):
    write(isolated, "nul.csv", f"id,text\nok,{CLEAN_SIMPLIFIED.strip()}\nbad,before\x00after\n")
    data = _report(cli, "nul.csv")
    assert [d["id"] for d in data["documents"]] == ["ok", "bad"]
    assert [(f["document"], f["rule"]) for f in data["findings"]] == [("bad", "ENC903")]

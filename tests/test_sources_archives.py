"""WARC and WET crawl archives as record files: one document per HTML response or text conversion."""

from __future__ import annotations

import io
import json

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.conftest import CLEAN_SIMPLIFIED, CLEAN_TRADITIONAL, write

DEFECT = "这是一篇新闻锟斤拷锟斤拷的文章内容。"


def _page(body: str) -> str:
    return f"<html><head><title>新聞</title></head><body><p>{body}</p></body></html>"  # GBK and Big5 both have 聞


def _archive(records: list[tuple[str, str, bytes, str]], compressed: bool) -> bytes:
    """records: (kind, URI, payload, content type); kind is response, request or conversion."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=compressed)
    for kind, uri, payload, content_type in records:
        if kind == "conversion":
            record = writer.create_warc_record(uri, "conversion", payload=io.BytesIO(payload), warc_content_type=content_type)
        elif kind == "request":
            headers = StatusAndHeaders("GET / HTTP/1.1", [("Host", "example.com")], is_http_request=True)
            record = writer.create_warc_record(uri, "request", payload=io.BytesIO(b""), http_headers=headers)
        else:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], protocol="HTTP/1.1")
            record = writer.create_warc_record(uri, "response", payload=io.BytesIO(payload), http_headers=headers)
        writer.write_record(record)
    return buffer.getvalue()


def _report(cli, *args):
    result = cli("check", *args, "-f", "json")
    assert result.exit_code in (0, 1), result.stderr
    return json.loads(result.stdout)


def test_warc_html_responses_are_documents_named_by_their_uri(cli, isolated):
    blob = _archive([
        ("request", "http://news.example.com/1", b"", ""),
        ("response", "http://news.example.com/1", _page(DEFECT).encode("gbk"), "text/html; charset=GBK"),
        ("response", "http://news.example.com/logo.png", b"\x89PNG\r\n\x1a\n\x00\x00", "image/png"),
        ("response", "http://news.example.com/2", _page(CLEAN_TRADITIONAL.strip()).encode("big5"), "text/html; charset=big5"),
    ], compressed=True)
    write(isolated, "crawl.warc.gz", blob)
    data = _report(cli, "crawl.warc.gz")
    documents = {d["id"]: d for d in data["documents"]}
    assert list(documents) == ["http://news.example.com/1", "http://news.example.com/2"]
    assert documents["http://news.example.com/1"]["encoding"] == "gb18030"  # the declared charset
    assert documents["http://news.example.com/2"]["encoding"] == "big5hkscs"
    assert [f["document"] for f in data["findings"] if f["rule"] == "ENC007"] == ["http://news.example.com/1"]


def test_wet_conversions_are_text_documents(cli, isolated):
    blob = _archive([
        ("conversion", "http://a.example.com/", CLEAN_SIMPLIFIED.encode("utf-8"), "text/plain"),
        ("conversion", "http://b.example.com/", DEFECT.encode("utf-8"), "text/plain"),
    ], compressed=False)
    write(isolated, "crawl.wet", blob)
    data = _report(cli, "crawl.wet")
    assert [d["id"] for d in data["documents"]] == ["http://a.example.com/", "http://b.example.com/"]
    assert [f["document"] for f in data["findings"] if f["rule"] == "ENC007"] == ["http://b.example.com/"]


def test_a_warc_cut_short_keeps_the_records_read_and_says_where_it_stopped(cli, isolated):
    records = [("response", f"http://news.example.com/{n}", _page(f"第{n}篇。{CLEAN_SIMPLIFIED.strip()}").encode(), "text/html")
               for n in range(6)]
    blob = _archive(records, compressed=True)
    write(isolated, "cut.warc.gz", blob[: int(len(blob) * 0.7)])
    data = _report(cli, "cut.warc.gz")
    read = [d["id"] for d in data["documents"] if d["id"].startswith("http")]
    assert 1 <= len(read) < 6
    problems = [f for f in data["findings"] if f["rule"] == "ENC901"]
    assert len(problems) == 1 and f"stopped after record {len(read)}" in problems[0]["message"]


def test_an_archive_without_pages_is_one_empty_document(cli, isolated):
    write(isolated, "requests.warc", _archive([("request", "http://x.example.com/", b"", "")], compressed=False))
    data = _report(cli, "requests.warc")
    assert [(f["document"], f["rule"]) for f in data["findings"]] == [("requests.warc", "ENC902")]


def test_an_unknown_or_wrong_charset_falls_back_to_detection(cli, isolated):
    blob = _archive([
        ("response", "http://x.example.com/1", _page(CLEAN_SIMPLIFIED.strip()).encode("gbk"), "text/html; charset=no-such-charset"),
        ("response", "http://x.example.com/2", _page(CLEAN_SIMPLIFIED.strip()).encode("gbk"), "text/html; charset=utf-8"),
    ], compressed=False)
    write(isolated, "mixed.warc", blob)
    data = _report(cli, "mixed.warc")
    assert [d["encoding"] for d in data["documents"]] == ["gb18030", "gb18030"]
    assert not [f for f in data["findings"] if f["rule"] in ("ENC001", "ENC003")]

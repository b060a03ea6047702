"""DUP005 duplicate-title and DUP006 duplicate-url: same declared metadata, different bodies."""

from __future__ import annotations

import json

import pytest
from dup_excerpts import DAILY_17, DAILY_18, PD_PARAGRAPHS
from dup_helpers import assert_excerpts_match, by_rule, findings_for, hexo

from corpus_qa.corpus.content import url_key

P0, P1, P2, P3 = PD_PARAGRAPHS
# rsshub-page-posts: 中证网/资讯 and 证券时报网/快讯 "10月3日全国铁路预计发送旅客1050万人次" (bodies
# shortened): one story, two feeds, a full report and a brief
RAIL_TITLE = "10月3日全国铁路预计发送旅客1050万人次"
RAIL_CS = ("<p>　　中证网讯（记者 崔小粟）10月4日，记者从中国国家铁路集团有限公司获悉，10月2日，全国铁路发送旅客1173.2万人次，"
           "加开列车917列。10月3日，全国铁路预计发送旅客1050万人次，加开旅客列车640列。</p>\n")
RAIL_STCN = "<p>证券时报e公司讯，从中国国家铁路集团有限公司获悉，10月3日，全国铁路预计发送旅客1050万人次，加开旅客列车640列。(澎湃新闻)</p>\n"


def test_same_frontmatter_title_different_bodies(tmp_path):
    files = {"cs.md": hexo(RAIL_TITLE, RAIL_CS), "stcn.md": hexo(RAIL_TITLE, RAIL_STCN), "other.md": hexo("另一条新闻", P0)}
    findings = findings_for(tmp_path, files)
    titles = by_rule(findings, "DUP005")
    assert set(titles) == {"cs.md", "stcn.md"}
    for doc_id, finding in titles.items():
        assert finding.excerpt == RAIL_TITLE  # the title value in the frontmatter
        assert finding.line == 3
        assert ("stcn.md" if doc_id == "cs.md" else "cs.md") in finding.message
        assert finding.data["title"] == RAIL_TITLE and finding.data["documents"] == ["cs.md", "stcn.md"]
    assert_excerpts_match(findings, files)


TITLE_SILENT = [
    ("same title, same body (DUP001 reports it)", hexo(RAIL_TITLE, RAIL_CS), hexo(RAIL_TITLE, RAIL_CS)),
    ("same title, near-copy body (DUP002 reports it)", hexo(RAIL_TITLE, "\n".join(PD_PARAGRAPHS)),
     hexo(RAIL_TITLE, "\n".join(PD_PARAGRAPHS) + "\n责任编辑：王涵")),
    ("blank titles", hexo(" ", RAIL_CS), hexo(" ", RAIL_STCN)),
    ("different titles", hexo("11部门印发指导推进家庭教育五年规划", P0), hexo("11部门印发关于指导推进家庭教育的五年规划", P1)),
]


@pytest.mark.parametrize("case, a, b", TITLE_SILENT, ids=[c[0] for c in TITLE_SILENT])
def test_duplicate_title_stays_silent(tmp_path, case, a, b):
    assert not by_rule(findings_for(tmp_path, {"a.md": a, "b.md": b}), "DUP005")


def test_titles_compare_after_normalisation(tmp_path):
    files = {"a.md": hexo("疫苗預約平台開放查詢資格", P0), "b.md": hexo("疫苗预约平台开放查询资格 ", P1)}
    assert set(by_rule(findings_for(tmp_path, files), "DUP005")) == {"a.md", "b.md"}


def _jsonl(records) -> str:
    return "".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records)


def test_jsonl_title_and_url_fields(tmp_path):
    records = [
        {"id": "r1", "title": "本土＋17", "url": "https://udn.com/news/story/7266/6051234", "text": DAILY_18},
        {"id": "r2", "title": "本土＋17", "url": "http://www.udn.com/news/story/7266/6051234/?utm_source=x#top", "text": DAILY_17},
        {"id": "r3", "title": "另一則", "url": "https://udn.com/news/story/7266/6059999", "text": P0},
    ]
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "news.jsonl").write_text(_jsonl(records), encoding="utf-8")
    from dup_helpers import check

    findings = check(folder, include=["*.jsonl"])
    titles, urls = by_rule(findings, "DUP005"), by_rule(findings, "DUP006")
    assert set(titles) == {"r1", "r2"} and set(urls) == {"r1", "r2"}
    assert urls["r1"].data["url"] == "https://udn.com/news/story/7266/6051234"
    assert "r2" in urls["r1"].message
    # a record's metadata is not in its text: the finding points at the first content line
    assert urls["r1"].excerpt == DAILY_18.split("\n")[0][:50]


def test_same_url_in_frontmatter(tmp_path):
    files = {"a.md": hexo("甲", P0, url="https://news.stcn.com/news/202103/t20210327_3089.html"),
             "b.md": hexo("乙", P1, url="'https://news.stcn.com/news/202103/t20210327_3089.html'"),
             "c.md": hexo("丙", P2, headimg="https://news.stcn.com/news/202103/t20210327_3089.html")}
    urls = by_rule(findings_for(tmp_path, files), "DUP006")
    assert set(urls) == {"a.md", "b.md"}
    assert urls["a.md"].excerpt == "https://news.stcn.com/news/202103/t20210327_3089.html"


@pytest.mark.parametrize("first, second, same", [
    ("https://udn.com/news/story/1/2", "http://www.udn.com/news/story/1/2/", True),
    ("https://udn.com/news/story/1/2?utm_source=fb&id=3", "https://udn.com/news/story/1/2?id=3", True),
    ("https://udn.com/news/story/1/2#comments", "//udn.com/news/story/1/2", True),
    ("https://udn.com/news/story/1/2?id=3", "https://udn.com/news/story/1/2?id=4", False),
    ("https://udn.com/news/story/1/2", "https://udn.com/news/story/1/3", False),
])
def test_url_key(first, second, same):
    assert (url_key(first) == url_key(second)) is same


@pytest.mark.parametrize("value", ["证券时报网", "", "not a url", "ftp://x.y/z", "http://"])
def test_url_key_refuses_what_is_not_a_web_url(value):
    assert url_key(value) is None

"""The real corpora (../shared/corpora, internal): iNews's exact duplicates, the rsshub pairs."""

from __future__ import annotations

import collections
import json

import pytest
from dup_helpers import REPO, by_rule, check

CORPORA = REPO.parent / "shared" / "corpora"
INEWS = CORPORA / "ccf-bdci2019-inews"
RSSHUB = CORPORA / "rsshub-page-posts"


@pytest.mark.skipif(not INEWS.is_dir(), reason="shared corpora not available")
def test_inews_exact_duplicate_groups_are_reproduced():
    findings = check(INEWS, select="DUP001", include=["*.jsonl"], **{"text-field": "content"})
    group_of = {f.document: f.data["cluster"] for f in findings}
    by_content = collections.defaultdict(list)
    for path in sorted(INEWS.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            by_content[record["content"]].append(record["id"])
    groups = [ids for content, ids in by_content.items() if len(ids) > 1]
    assert len(groups) == 123
    # 71 records with an empty content are one group: unreadable as text, they are ENC's
    # (empty-document), not compared; every other group is one DUP001 group
    texts = [ids for content, ids in by_content.items() if len(ids) > 1 and content.strip()]
    assert len(texts) == 122
    for ids in texts:
        assert len({group_of.get(doc_id) for doc_id in ids}) == 1 and ids[0] in group_of, ids


@pytest.mark.skipif(not RSSHUB.is_dir(), reason="shared corpora not available")
def test_rsshub_posts():
    findings = check(RSSHUB, include=["*.md"])
    posts = "source/_posts/金融/"
    near = by_rule(findings, "DUP002")
    assert {doc.removeprefix(posts) for doc in near} == {
        '新浪财经/新浪财经－国內/"100种方法刑事你"的女书记登门道歉，当事人：没诚意.md',
        '新浪财经/新浪财经－国內/"100种方法刑事你"的女书记登门道歉，当事人：她只是站在那里没说话，问题至今没解决，还多次被拘留.md',
    }
    exact = by_rule(findings, "DUP001")
    assert {doc.removeprefix(posts) for doc in exact} == {
        "DT 财经/数据侠专栏/为什么小程序成了BAT的_宠儿_？.md", "DT 财经/数据侠专栏/为什么小程序成了BAT的_宠儿_？@2d85eb0f.md",
    }
    repeated = [f for f in findings if f.rule == "DUP003"]
    assert [f.document.removeprefix(posts) for f in repeated] == ['证券时报网/要闻/"核弹"级打击！银保监会、住建部、央行联合发文….md']
    assert repeated[0].excerpt.startswith("对于《通知》对企业和个人融资的影响")
    titles = {doc.removeprefix(posts) for doc in by_rule(findings, "DUP005")}
    assert titles == {
        "中证网/资讯/10月3日全国铁路预计发送旅客1050万人次.md", "证券时报网/快讯/10月3日全国铁路预计发送旅客1050万人次.md",
        "新浪财经/新浪财经－国內/1-2月31个省市区一般公共预算收入全部正增长.md", "证券时报网/快讯/1-2月31个省市区一般公共预算收入全部正增长.md",
    }

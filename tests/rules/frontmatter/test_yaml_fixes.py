"""FM002 invalid-yaml's fix: leading tabs to spaces and plain values quoted, as minimal edits on
the block (comments, key order and other quoting byte for byte), safe only when verified."""

from __future__ import annotations

import pytest

from corpus_qa.model import Document
from corpus_qa.rules.base import RuleContext
from corpus_qa.rules.registry import all_rules
from tests.conftest import CLEAN_POST_BODY, CLEAN_TRADITIONAL, write


def hits(text: str) -> list:
    return list(all_rules()["FM002"].check(Document("post.md", text, format="markdown"), RuleContext({})))


def applied(text: str, edits) -> str:
    for edit in sorted(edits, key=lambda e: (e.start, e.end), reverse=True):
        text = text[: edit.start] + edit.replacement + text[edit.end :]
    return text


def post(block: str, body: str = CLEAN_POST_BODY) -> str:
    return "---\n" + block + "---\n" + body


CASES = [
    # an unquoted `: ` in a value: the value is quoted, nothing else moves
    ("title: 专家：中国经济: 稳中有进\ndate: 2022-08-18\n",
     'title: "专家：中国经济: 稳中有进"\ndate: 2022-08-18\n', "safe", "colon-simplified"),
    ("title: 專家：中國經濟: 穩中有進\ndate: 2022-08-18\n",
     'title: "專家：中國經濟: 穩中有進"\ndate: 2022-08-18\n', "safe", "colon-traditional"),
    ("title: '人工智能'\nauthor: 来源: 证券时报网   # 转载\ndate: 2022-08-18\n",
     "title: '人工智能'\nauthor: \"来源: 证券时报网\"   # 转载\ndate: 2022-08-18\n", "safe", "comment-kept"),
    ('title: 他说"稳": 进\\退\n', 'title: "他说\\"稳\\": 进\\\\退"\n', "safe", "quote-and-backslash-escaped"),
    ("title: a\nsource: 來源: 中央社\nauthor: 記者: 王小明\n",
     'title: a\nsource: "來源: 中央社"\nauthor: "記者: 王小明"\n', "safe", "two-values"),
    ("meta:\n  author: 记者: 王小明\n", 'meta:\n  author: "记者: 王小明"\n', "safe", "nested-value"),
    ("title: 'x'\r\nauthor: 来源: 新华社\r\n", "title: 'x'\r\nauthor: \"来源: 新华社\"\r\n", "safe", "crlf"),
    # a value starting with a character YAML reserves
    ("author: @张三\ntitle: '人工智能'\n", "author: \"@张三\"\ntitle: '人工智能'\n", "safe", "at-sign"),
    ("author: `張三`\n", 'author: "`張三`"\n', "safe", "backtick"),
    ("title: %百分之百\n", 'title: "%百分之百"\n', "safe", "percent"),
    ("title: |专访| 人工智能\n", 'title: "|专访| 人工智能"\n', "safe", "bar"),
    # tabs in indentation: the block's own indentation unit, or 2
    ("categories:\n  - 金融\n\t- 要闻\ndate: 2022-08-18\n",
     "categories:\n  - 金融\n  - 要闻\ndate: 2022-08-18\n", "safe", "tab-after-spaced-sibling"),
    ("categories:\n\t- 金融\n\t- 證券時報網\ndate: 2022-08-18  # 發布\n",
     "categories:\n  - 金融\n  - 證券時報網\ndate: 2022-08-18  # 發布\n", "safe", "tabs-default-two"),
    ("author:\n    name: 王小明\n\tsite: 'https://example.com'\n",
     "author:\n    name: 王小明\n    site: 'https://example.com'\n", "safe", "tab-as-four"),
    ("tags:\n\t- a\ntitle: 来源: 新华社\n", 'tags:\n  - a\ntitle: "来源: 新华社"\n', "safe", "tab-then-colon"),
    # repaired, but a later problem stays: unsafe
    ("tags:\n\t- a\ntitle: '人工智能\n", "tags:\n  - a\ntitle: '人工智能\n", "unsafe", "tab-then-unclosed-quote"),
    ("title: 来源: 新华社\ndate: [2022\n", 'title: "来源: 新华社"\ndate: [2022\n', "unsafe", "colon-then-unclosed-bracket"),
    ("title: 原标题\ntitle: 来源: 新华社\n", 'title: 原标题\ntitle: "来源: 新华社"\n', "unsafe", "earlier-key-overwritten"),
    ("author:\n  name: 王小明\n\t\turl: x\n", "author:\n  name: 王小明\n    url: x\n", "unsafe", "tab-to-a-wrong-depth"),
]


@pytest.mark.parametrize("block, repaired, applicability", [case[:3] for case in CASES], ids=[case[3] for case in CASES])
def test_the_fix_repairs_the_block_with_minimal_edits(block, repaired, applicability):
    text = post(block)
    [hit] = hits(text)
    assert hit.fix is not None
    assert ("safe" if hit.fix.safe else "unsafe") == applicability
    assert applied(text, hit.fix.edits) == post(repaired)
    block_start, block_end = 4, 4 + len(block)
    assert all(block_start <= edit.start <= edit.end <= block_end for edit in hit.fix.edits)


@pytest.mark.parametrize("block", [
    "title: '人工智能\ndate: 2022-08-18\n",  # unclosed quote
    'title: "a": b\n',  # a quoted scalar followed by more
    "tags: [a, @b]\n",  # inside a flow list
    "tags:\n  - 专家: 稳中: 有进\n",  # a list item: text or mapping is a guess
    "title: 第一行\n  第二: 行\n",  # bad indentation of another kind
    "count: !!int 人工智能\n",  # a value that cannot be built
    "title: [a: b\n",
])
def test_problems_it_does_not_know_have_no_fix(block):
    [hit] = hits(post(block))
    assert hit.fix is None


@pytest.mark.parametrize("text", [
    post("title: '人工智能'\ndate: 2022-08-18\ntags:\n  - 金融\n"),
    post("title: 專家：中國經濟 穩中有進\ndescription: '來源: 中央社'\n", CLEAN_TRADITIONAL),
    post("title: a:b\nauthor: 'x' # 注释\n"),
    post("title: x\ntitle: y\n"),  # a duplicate key is FM004's
])
def test_valid_frontmatter_is_not_flagged(text):
    assert hits(text) == []


def test_the_repaired_block_is_clean_and_a_second_fix_changes_nothing():
    text = post("title: '人工智能'  # 标题\ncategories:\n\t- 金融\n\t- 要闻\nauthor: 来源: 证券时报网\nlink: \"https://a\"\n")
    [hit] = hits(text)
    repaired = applied(text, hit.fix.edits)
    assert hits(repaired) == []
    assert repaired == post("title: '人工智能'  # 标题\ncategories:\n  - 金融\n  - 要闻\n"
                            "author: \"来源: 证券时报网\"\nlink: \"https://a\"\n")


def test_fix_writes_the_repaired_post_and_leaves_the_rest_byte_for_byte(cli, isolated):
    broken = post("title: 专家：中国经济: 稳中有进  # 转载\ncategories:\n\t- 金融\nlink: 'https://a.cn/x?y=1'\n")
    clean = post("title: '推動高品質發展'\n", CLEAN_TRADITIONAL)
    write(isolated, "posts/a.md", broken)
    write(isolated, "posts/b.md", clean)
    result = cli("fix", "posts", "-o", "out")
    assert "FM002 1" in result.stderr
    assert (isolated / "out/a.md").read_text(encoding="utf-8") == post(
        "title: \"专家：中国经济: 稳中有进\"  # 转载\ncategories:\n  - 金融\nlink: 'https://a.cn/x?y=1'\n")
    assert (isolated / "out/b.md").read_bytes() == clean.encode("utf-8")
    assert (isolated / "posts/a.md").read_text(encoding="utf-8") == broken
    assert "0 fix(es) applied" in cli("fix", "out").stderr


def test_an_unsafe_repair_is_applied_only_when_asked(cli, isolated):
    broken = post("tags:\n\t- a\ntitle: '人工智能\n")
    write(isolated, "posts/a.md", broken)
    cli("fix", "posts", "-o", "out")
    assert (isolated / "out/a.md").read_text(encoding="utf-8") == broken
    cli("fix", "posts", "-o", "out2", "--unsafe-fixes")
    assert (isolated / "out2/a.md").read_text(encoding="utf-8") == post("tags:\n  - a\ntitle: '人工智能\n")

"""Properties of every BP per-document rule: no crash, spans inside the text, deterministic."""

from hypothesis import given, settings
from hypothesis import strategies as st

from corpus_qa.model import Document
from corpus_qa.rules.registry import all_rules, check_of
from bp_helpers import context

RULES = [rule for code, rule in all_rules().items() if code.startswith("BP") and rule.check]
PIECES = st.sampled_from([
    "责任编辑：", "王蒙", "（", "）", "\n", "\\n", "- ", "热门推荐", "相关阅读：", "长按识别二维码", "关注", "公众号",
    "分享到：", "微信", "免责声明", "：", "。", "，", "昵称", "驗(yàn)證碼", "<a class=\"trsHotWords\" href=\"?stockcode=1\">",
    "</a>", "<p>", "&nbsp;", "<!-- x -->", "請繼續往下閱讀...", "APP", "…", "  ", "\u3000", "来源", "|",
    "新闻标题很长很长的一行字在这里", "正文内容。",
])
TEXTS = st.one_of(st.text(max_size=300), st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join))


@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["text", "markdown", "record"]))
def test_spans_inside_text_and_stable(text, fmt):
    doc = Document(id="p", text=text, format=fmt)
    ctx = context()
    for rule in RULES:
        found = list(rule.check(doc, ctx))
        for hit in found:
            assert 0 <= hit.start < hit.end <= len(text), (rule.code, hit)
            assert hit.message
        assert [(h.start, h.end) for h in rule.check(doc, ctx)] == [(h.start, h.end) for h in found]


@settings(max_examples=100, deadline=None)
@given(st.lists(TEXTS, min_size=1, max_size=12))
def test_repeated_line_spans_inside_text(texts):
    check = check_of("BP009")
    ctx = context(**{"repeated-line-min-documents": 2})
    docs = {f"d{i}": Document(id=f"d{i}", text=t) for i, t in enumerate(texts)}
    features = {doc_id: check.features(doc, ctx) for doc_id, doc in docs.items()}
    for hit in check(ctx).reduce(features):
        text = docs[hit.document].text
        assert 0 <= hit.where.start < hit.where.end <= len(text)
        assert text[hit.where.start:hit.where.end] == hit.where.excerpt

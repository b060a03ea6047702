"""The HTML report without a browser: escaping, CSP, offline-only, size caps, determinism."""

from __future__ import annotations

import base64
import dataclasses
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from random import Random

import pytest
from markupsafe import escape

from corpus_qa.report import html_format
from corpus_qa.report.html_format import build_html, json_for_html
from corpus_qa.report.html_budget import FULL_TEXT_CHARS, TextBudget
from corpus_qa.report.html_text import diff_opcodes, finding_windows
from tests.conftest import SEEDS
from tests.report.conftest import XSS_IMG, XSS_SCRIPT, check, options, write_reports


class Elements(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> and <style>."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.raw: list[tuple[str, dict[str, str | None], str]] = []
        self._open: tuple[str, dict] | None = None
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag in ("script", "style"):
            self._open = (tag, dict(attrs))

    def handle_data(self, data):
        if self._open:
            self.raw.append((*self._open, data))
            self._open = None

    def handle_endtag(self, tag):
        if self._open and tag == self._open[0]:  # an empty element
            self.raw.append((*self._open, ""))
        self._open = None


def sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


@pytest.fixture(scope="module")
def mixed_html(mixed_report) -> str:
    return mixed_report[0].read_text(encoding="utf-8")


def test_check_writes_one_html_file(seeds_report):
    path, data = seeds_report
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert f"{data['summary']['documents']} documents, {data['summary']['findings']} findings" in html
    for rule in data["summary"]["by_rule"]:
        assert f'data-filter-rule="{rule}"' in html


def test_injected_markup_never_becomes_markup(mixed_html):
    elements = Elements(mixed_html)
    assert XSS_SCRIPT not in mixed_html and XSS_IMG not in mixed_html
    assert not [tag for tag, _ in elements.tags if tag in ("img", "iframe", "object", "embed", "base", "link")]
    handlers = [(tag, name) for tag, attrs in elements.tags for name in attrs if name.lower().startswith("on")]
    assert handlers == []
    scripts = [attrs for tag, attrs in elements.tags if tag == "script"]
    assert [attrs for attrs in scripts if attrs.get("type") != "application/json"] == [{}]  # only ours runs
    data_blocks = [text for tag, attrs, text in elements.raw if tag == "script" and attrs.get("type")]
    assert any("\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in block for block in data_blocks)
    for block in data_blocks:
        assert not set(block) & set("<>&")
        json.loads(block)
    # the file name with markup in it is escaped wherever the server renders it
    assert "&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in mixed_html or "&lt;img src=x onerror=alert(2)&gt;" in mixed_html


def test_json_for_html_escapes_what_could_end_the_script_block():
    value = {"text": "</script><!-- <script> & \u2028 \ud800", "n": 1}
    encoded = str(json_for_html(value))
    assert not set(encoded) & set("<>&")
    assert json.loads(encoded) == {"text": "</script><!-- <script> & \u2028 \ufffd", "n": 1}


def test_content_security_policy_allows_only_the_inlined_script_and_style(seeds_report):
    html = seeds_report[0].read_text(encoding="utf-8")
    elements = Elements(html)
    metas = [attrs for tag, attrs in elements.tags if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"]
    assert len(metas) == 1
    assert elements.tags.index(("meta", metas[0])) < min(
        index for index, (tag, _) in enumerate(elements.tags) if tag in ("style", "script"))
    policy = dict(part.strip().split(" ", 1) for part in metas[0]["content"].split(";"))
    assert policy["default-src"] == "'none'"
    assert "unsafe-inline" not in metas[0]["content"] and "unsafe-eval" not in metas[0]["content"]
    (script,) = [text for tag, attrs, text in elements.raw if tag == "script" and not attrs]
    (style,) = [text for tag, _, text in elements.raw if tag == "style"]
    assert policy["script-src"] == f"'{sha256(script)}'"
    assert policy["style-src"] == f"'{sha256(style)}'"
    for directive in ("img-src", "font-src", "connect-src", "base-uri", "form-action"):
        assert policy[directive] == "'none'"


_URL = re.compile(r"^\s*(?:https?:|//|ftp:|data:|blob:|javascript:)", re.IGNORECASE)


def test_no_resource_is_loaded_from_anywhere(mixed_html):
    elements = Elements(mixed_html)
    for tag, attrs in elements.tags:
        for name, value in attrs.items():
            if name in ("src", "href", "action", "xlink:href", "srcset", "poster", "data", "formaction", "xmlns"):
                assert not _URL.match(value or ""), (tag, name, value)
        assert tag not in ("link", "img", "iframe", "object", "embed", "source", "audio", "video")
    (style,) = [text for tag, _, text in elements.raw if tag == "style"]
    assert "url(" not in style and "@import" not in style and "@font-face" not in style
    (script,) = [text for tag, attrs, text in elements.raw if tag == "script" and not attrs]
    for needle in ("http:", "https:", "fetch(", "XMLHttpRequest", "WebSocket", "sendBeacon", "import(", "innerHTML",
                   "outerHTML", "insertAdjacentHTML", "document.write", "eval("):
        assert needle not in script, needle
    # URLs do occur, as text inside the escaped JSON of document texts (the seeds' frontmatter)
    assert "https://news.stcn.com" in mixed_html


def test_deterministic_apart_from_the_run_time(tmp_path):
    first, _ = write_reports(tmp_path / "a", SEEDS)
    second, _ = write_reports(tmp_path / "b", SEEDS)

    def without_time(path: Path) -> str:
        return re.sub(r'<(?:time|span) class="run-time"[^>]*>[^<]*', "", path.read_text(encoding="utf-8"))

    assert without_time(first) == without_time(second)


def embedded_texts(html: str, result) -> dict[str, dict]:
    """The embedded text blocks of a report, by document id."""
    texts = {}
    for match in re.finditer(r'<script type="application/json" class="doc-text" data-doc="(\d+)">(.*?)</script>', html):
        texts[result.documents[int(match.group(1))]["id"]] = json.loads(match.group(2))
    return texts


def holds(text: dict, start: int, end: int) -> str | None:
    for offset, _, piece in text["segments"]:
        if offset <= start and end <= offset + len(piece):
            return piece[start - offset:end - offset]
    return None


def test_a_long_document_is_embedded_only_around_its_findings(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    text = "<p>开头</p>" + "新闻正文。" * (FULL_TEXT_CHARS // 5 + 2000) + "<p>尾部</p>"
    (corpus / "long.txt").write_text(text, encoding="utf-8")
    result = check(corpus, select=["BP001"])
    findings = [f for f in result.findings if f.rule == "BP001"]
    assert len(findings) == 4  # <p> and </p> at each end
    embedded = embedded_texts(build_html(result, options()), result)["long.txt"]
    assert embedded["length"] == len(text) and embedded["cut"] == "long"
    assert sum(len(piece) for _, _, piece in embedded["segments"]) < 500
    for finding in findings:
        assert holds(embedded, max(0, finding.start - 40), min(len(text), finding.end + 40)) == \
            text[max(0, finding.start - 40):finding.end + 40]
    assert [line for _, line, _ in embedded["segments"]] == [1, 1]  # two windows, one at each end


def test_every_finding_gets_its_window_before_any_whole_text(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = "正文内容，" * 400
    (corpus / "a_warning.txt").write_text(f"<p>{body.replace('内容', '文字')}</p>\n", encoding="utf-8")  # BP001 warning
    (corpus / "b_error.txt").write_text(f"\n---\ntitle: 标题\n---\n{body}\n", encoding="utf-8")  # FM001 error
    result = check(corpus)
    worst = {}
    for finding in result.findings:
        worst[finding.document] = max(worst.get(finding.document, 0), int(finding.severity))
    assert worst == {"a_warning.txt": 2, "b_error.txt": 3}
    # room for the windows and one whole text: the error's
    texts = embedded_texts(build_html(result, options(), budget=TextBudget(budget_bytes=len(body.encode()) + 2_000)), result)
    assert texts["b_error.txt"]["segments"][0][2].endswith(body + "\n") and "cut" not in texts["b_error.txt"]
    assert texts["a_warning.txt"]["cut"] == "budget"
    assert sum(len(s[2]) for s in texts["a_warning.txt"]["segments"]) < len(body)
    for finding in result.findings:
        assert holds(texts[finding.document], finding.start, finding.end) == finding.excerpt
    # no room for whole texts at all: the windows still go in
    texts = embedded_texts(build_html(result, options(), budget=TextBudget(budget_bytes=2_000)), result)
    assert {text.get("cut") for text in texts.values()} == {"budget"}
    for finding in result.findings:
        text = texts[finding.document]
        window = holds(text, max(0, finding.start - 40), min(text["length"], finding.end + 40))
        assert window is not None and finding.excerpt in window


def test_windows_narrow_before_any_finding_goes_without_text(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(20):
        (corpus / f"{number:02d}.txt").write_text("正文内容，" * 30 + f"<p>{number}</p>" + "正文内容，" * 30, encoding="utf-8")
    result = check(corpus, select=["BP001"])
    assert len(result.findings) == 20
    html = build_html(result, options(), budget=TextBudget(budget_bytes=20 * 250))  # < 20 windows of 40 each side
    texts = embedded_texts(html, result)
    widths = []
    for finding in result.findings:
        text = texts[finding.document]
        assert holds(text, finding.start, finding.end) == finding.excerpt
        if text.get("cut"):  # what is left after the windows goes to whole texts
            (offset, _, piece), = text["segments"]
            widths.append(finding.start - offset)
    assert len(widths) > 10 and max(widths) < 40


def test_documents_without_findings_are_not_embedded(seeds_report):
    path, data = seeds_report
    html = path.read_text(encoding="utf-8")
    embedded = {int(i) for i in re.findall(r'class="doc-text" data-doc="(\d+)"', html)}
    with_findings = {i for i, doc in enumerate(data["documents"]) if doc["metrics"]["findings"]}
    assert embedded == with_findings


def _news_like_text(random: Random, sentences: int) -> str:
    common = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
    out = []
    for _ in range(sentences):
        out.append("".join(random.choice(common) for _ in range(random.randint(12, 40))) + random.choice("，。；！"))
    return "".join(out)


def test_ten_thousand_documents_make_a_report_under_10_mb(tmp_path):
    """A stress case: a third of the documents flagged (far more than in real corpora), and
    together more text than the report can hold. Two rules only, so the test stays quick."""
    random = Random(7)
    records = []
    for number in range(10_000):
        text = _news_like_text(random, random.randint(5, 60))
        if number % 3 == 0:
            text = f"<p>{text}</p><!-- 编辑：{number} -->"
        records.append({"id": f"doc-{number:05d}", "text": text})
    for number in range(0, 10_000, 50):  # and some exact duplicates
        records[number + 1]["text"] = records[number]["text"]
    corpus = tmp_path / "big.jsonl"
    corpus.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    result = check(corpus, select=["BP001", "DUP001"], jobs=0)
    flagged = {f.document for f in result.findings}
    assert len(result.documents) == 10_000 and len(flagged) > 3_000
    html = build_html(result, options())
    size = len(html.encode("utf-8"))
    assert size < 10_000_000, f"{size:,} bytes"
    assert "text budget" in html  # more text than fits: some documents are shown around their findings only
    assert html.count('class="doc-text"') == len(flagged)


def test_baseline_section_only_with_baseline_info(tmp_path):
    result = check(SEEDS)
    assert 'id="baseline"' not in build_html(result, options())
    new, unchanged = result.findings[-1], result.findings[-2]
    fixed = {"fingerprint": "0123456789abcdef0123", "rule": "BP001", "document": "gone.txt", "excerpt": "<p>",
             "message": "HTML residue", "status": "false-positive", "reason": "quoted markup"}
    # the shape corpus_qa.baseline gives: fingerprints of new and unchanged findings, entries of fixed ones
    result.extra["baseline"] = {"file": "corpus-qa-baseline.json", "new": [new.fingerprint],
                                "unchanged": [unchanged.fingerprint], "fixed": [fixed]}
    html = build_html(result, options())
    start = html.index('<section id="baseline"')
    section = html[start:html.index("</section>", start)]
    assert re.search(r'baseline-new"><span class="number">1<', section)
    assert new.fingerprint in section and str(escape(new.message)) in section
    assert "gone.txt" in section and "false-positive · quoted markup" in section
    assert '"new"' in html and '"unchanged"' in html  # each finding's state, for the document views


def test_expectation_suites_are_shown(tmp_path):
    result = check(SEEDS)
    result.extra["expectations"] = [{
        "suite": "policy", "file": "expectations/corpus.json", "success": False,
        "expectations": [{"type": "expect_column_max_to_be_between", "kwargs": {"column": "errors_encoding"},
                          "success": False, "message": "max 0: observed <2>"}],
    }]
    result.extra["expectations"][0]["expectations"].append(
        {"type": "expect_column_median_to_be_between", "kwargs": {"column": "chars"}, "success": True})
    html = build_html(result, options())
    assert "Expectation suite policy" in html and "expectations/corpus.json" in html
    assert "max 0: observed &lt;2&gt;" in html  # the message, escaped
    assert "expect_column_median_to_be_between</code>" in html  # no message: the expectation's name


def test_review_format_is_documented():
    doc = html_format.__doc__
    for key in ('"kind": "review-decisions"', '"version": 1', '"fingerprint"', '"decision"', '"reason"', "false-positive"):
        assert key in doc


def test_finding_windows_merge_and_clip():
    assert finding_windows([(100, 110), (150, 160)], 1000, 30, 2000) == [(70, 190)]
    assert finding_windows([(0, 5)], 20, 30, 2000) == [(0, 20)]
    assert finding_windows([(100, 5100)], 10_000, 10, 200) == [(90, 200), (5000, 5110)]


def test_diff_opcodes_mark_shared_and_differing_text():
    assert diff_opcodes("同一段文字", "同一段文字") == [["=", 0, 5, 0, 5]]
    ops = diff_opcodes("人工智能产业发展", "人工智能行业发展很快")
    assert ops[0] == ["=", 0, 4, 0, 4] and ops[-1] == ["+", 8, 8, 8, 10]
    rebuilt_left = "".join("人工智能产业发展"[op[1]:op[2]] for op in ops)
    assert rebuilt_left == "人工智能产业发展"


def test_astral_characters_keep_code_point_offsets(tmp_path):
    """Python counts code points; the page must too (𠀋 is one character, two UTF-16 units)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "astral.txt").write_text("𠀋𠀋𠀋正文<p>标签</p>\n", encoding="utf-8")
    result = check(corpus)
    finding = next(f for f in result.findings if f.rule == "BP001")
    html = build_html(result, options())
    block = re.search(r'class="doc-text" data-doc="0">(.*?)</script>', html).group(1)
    (segment,) = json.loads(block)["segments"]
    assert segment[2][finding.start:finding.end] == finding.excerpt
    assert "codePoints" in html  # the script slices by code points, checked in the browser tests


def test_changed_document_is_flagged(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    path = corpus / "a.txt"
    path.write_text("<p>正文内容</p>\n", encoding="utf-8")
    result = check(corpus)
    path.write_text("<p>正文内容改过了，长度不同</p>\n", encoding="utf-8")
    html = build_html(result, options())
    assert "changed after the check" in html


def test_unreadable_finding_data_does_not_break_the_report(tmp_path):
    result = check(SEEDS)
    big = dataclasses.replace(result.findings[-1], data={"blob": "x" * 10_000, "when": object()})
    result.findings[-1] = big
    html = build_html(result, options())
    assert "(too large for the report: see the JSON output)" in html


def report_data(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="report-data">(.*?)</script>', html).group(1))


def test_findings_share_messages_and_carry_their_parts(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    run = "今天天气很好\\n市民纷纷出门游玩\\n记者走访了多个公园\\n公园里人很多。"
    for number in range(3):
        (corpus / f"{number}.txt").write_text(f"新华社北京电 {run}\n<p>正文{number}</p>\n", encoding="utf-8")
    result = check(corpus, select=["ENC017", "BP001"])
    payload = report_data(build_html(result, options()))
    fields = {name: position for position, name in enumerate(payload["fields"]["finding"])}
    for finding, row in zip(result.findings, payload["findings"]):
        assert payload["messages"][row[fields["message"]]] == finding.message
        parts = (finding.data or {}).get("parts")
        if parts:
            assert row[fields["parts"]] == [[part["start"], part["end"]] for part in parts]
            assert "parts" not in (row[fields["data"]] or {}) and "count" not in (row[fields["data"]] or {})
        else:
            assert row[fields["parts"]] is None
    assert any(row[fields["parts"]] for row in payload["findings"])
    messages = [row[fields["message"]] for row in payload["findings"]]
    assert len(payload["messages"]) == len(set(messages)) < len(messages)  # each message once

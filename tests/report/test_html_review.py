"""Review at corpus scale, in a real browser: every finding judgeable in its text, the triage
queue from the keyboard, bulk decisions into a baseline, filters that hold, progress.

The corpus (conftest.make_review_corpus) has hundreds of findings, and the report's text budget
is lowered so that most documents are embedded only around their findings, as in a large run.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path
from random import Random

import pytest
from click.testing import CliRunner

from corpus_qa.cli import main
from corpus_qa.report import html_data
from tests.report.conftest import make_review_corpus, write_reports
from tests.report.test_html_browser import baseline_excerpt, report_page, row_ids, wait_until

TEXT_BUDGET = 120_000  # bytes: room for every window and a few whole texts


@pytest.fixture(scope="module")
def review_report(tmp_path_factory):
    """(report.html, the JSON output of the same run, the corpus folder, its texts by id)."""
    folder = tmp_path_factory.mktemp("review")
    corpus = make_review_corpus(folder / "corpus")
    config = folder / "corpus-qa.toml"  # defaults: not the repository's settings
    config.write_text("", encoding="utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(html_data, "TEXT_BUDGET_BYTES", TEXT_BUDGET)
        html, data = write_reports(folder / "out", corpus, args=("--config", str(config)))
    texts = {path.name: path.read_text(encoding="utf-8") for path in corpus.iterdir()}
    return html, data, corpus, texts, config


def embedded(html: Path) -> dict[int, dict]:
    blocks = re.finditer(r'<script type="application/json" class="doc-text" data-doc="(\d+)">(.*?)</script>',
                         html.read_text(encoding="utf-8"))
    return {int(match.group(1)): json.loads(match.group(2)) for match in blocks}


def test_the_budget_is_spent_on_windows_first(review_report):
    html, data, _, texts, _ = review_report
    blocks = embedded(html)
    cut = [block for block in blocks.values() if block.get("cut") == "budget"]
    whole = [block for block in blocks.values() if "cut" not in block]
    assert len(cut) > len(blocks) / 2 and whole, (len(cut), len(whole))  # the budget is exercised
    assert len(data["findings"]) >= 300
    index = {doc["id"]: position for position, doc in enumerate(data["documents"])}
    for finding in data["findings"]:
        text = texts[finding["document"]]
        window = (max(0, finding["start"] - 40), min(len(text), finding["end"] + 40))
        assert any(offset <= window[0] and window[1] <= offset + len(piece) and piece[window[0] - offset:window[1] - offset]
                   == text[window[0]:window[1]] for offset, _, piece in blocks[index[finding["document"]]]["segments"])


CARD = "document.querySelector('#queueview .queue-card')"


def open_in_queue(page, finding: int) -> None:
    page.evaluate("(id) => { location.hash = `#queue&f=${id}`; }", finding)
    wait_until(page, f"{CARD} && {CARD}.dataset.f === '{finding}'")


def test_a_sample_of_findings_each_shows_the_text_around_it(browser, review_report):
    html, data, _, texts, _ = review_report
    sample = sorted(Random(5).sample(range(len(data["findings"])), 200))
    with report_page(browser, html) as (page, log):
        for number in sample:
            finding = data["findings"][number]
            open_in_queue(page, number)
            shown = page.evaluate("""() => {
                const box = document.querySelector('#queueview .snippet');
                return { text: box.textContent, marked: [...box.querySelectorAll('mark')].map((m) => m.textContent).join(''),
                         where: document.querySelector('#queueview .where').textContent,
                         message: document.querySelector('#queueview .message').textContent,
                         title: document.querySelector('#queue-title').textContent } }""")
            text = texts[finding["document"]]
            start, end = finding["start"], finding["end"]
            assert shown["marked"] == finding["excerpt"], (finding["rule"], finding["document"])
            around = text[max(0, start - 40):start] + finding["excerpt"] + text[end:end + 40]
            assert around in shown["text"], (finding["rule"], finding["document"], start)
            assert shown["where"] == f"{finding['document']}, line {finding['line']}, column {finding['column']}"
            assert shown["message"] == finding["message"] and shown["title"].startswith(finding["rule"])
    assert log.console == []


def clusters_of(data: dict) -> dict[tuple[str, str], set[str]]:
    clusters: dict[tuple[str, str], set[str]] = defaultdict(set)
    for finding in data["findings"]:
        if "cluster" in (finding.get("data") or {}):
            clusters[(finding["rule"], finding["data"]["cluster"])].add(finding["document"])
    return clusters


def pane_text(pane) -> str:
    """The pane's text up to its first gap marker (what the page holds contiguously)."""
    return pane.evaluate("""(pane) => { let out = '';
        for (const node of pane.childNodes) { if (node.classList.contains('gap')) break; out += node.textContent; }
        return out; }""")


def test_every_duplicate_cluster_shows_openings_and_differences(browser, review_report):
    html, data, _, texts, _ = review_report
    expected = clusters_of(data)
    assert len(expected) >= 10
    with report_page(browser, html, fragment="#duplicates") as (page, log):
        while page.locator("#clusters-more:not([hidden])").count():
            page.click("#clusters-more")
        boxes = page.locator("#clusters details.cluster")
        assert boxes.count() == len(expected)
        for number in range(boxes.count()):
            box = boxes.nth(number)
            box.locator("summary").click()
            box.locator(".side-by-side").wait_for()
            buttons = box.locator(".members button")
            for member in range(buttons.count()):
                buttons.nth(member).click()
                left, right = [box.locator(".side-by-side h4 a").nth(side).inner_text() for side in (0, 1)]
                panes = box.locator(".side-by-side .pane")
                for side, doc in ((0, left), (1, right)):
                    opening = pane_text(panes.nth(side))
                    assert texts[doc].startswith(opening) and len(opening) >= min(200, len(texts[doc]))
                changed = panes.nth(1).locator("ins.diff").all_text_contents()
                assert all(piece in texts[right] for piece in changed)
                if texts[left] != texts[right]:
                    assert changed or panes.nth(0).locator("del.diff").count()
                assert not box.locator(".compare .note").count()
            shown = {box.locator(".side-by-side h4 a").first.inner_text(), *[t.split(" (")[0] for t in buttons.all_inner_texts()]}
            summary = box.locator("summary").inner_text()
            assert shown in [members for (rule, _), members in expected.items() if summary.startswith(rule)]
        near = page.locator("#clusters details.cluster", has_text="DUP002").first
        assert "这一段是后来改过的文字" in "".join(near.locator("ins.diff").all_text_contents())
    assert log.console == []


def queue_state(page) -> dict:
    return page.evaluate("""() => ({ id: Number(document.querySelector('#queueview .queue-card').dataset.f),
        title: document.querySelector('#queue-title').textContent })""")


def press(page, *keys: str) -> None:
    for key in keys:
        page.keyboard.press(key)


def exported_to(page, folder: Path, status: str) -> Path:
    """Back to the overview (whose review status shows `status`), then `e`: the decisions file."""
    press(page, "Escape")
    page.wait_for_selector("#overview:not([hidden])")
    assert status in page.inner_text("#review-status")
    with page.expect_download() as download:
        press(page, "e")
    saved = folder / "decisions.json"
    download.value.save_as(saved)
    return saved


def test_keyboard_review_into_a_baseline(browser, review_report, tmp_path):
    """From the keyboard alone: a rule in the corpus, a rule in a document, single decisions with a
    reused reason; export; `corpus-qa baseline import`; the next `check --baseline` knows them."""
    html, data, corpus, _, config = review_report
    findings = data["findings"]
    by_rule = defaultdict(list)
    for number, finding in enumerate(findings):
        by_rule[finding["rule"]].append(number)
    with report_page(browser, html, fragment="#review") as (page, log):
        press(page, "q")
        page.wait_for_selector("#queueview:not([hidden]) .queue-card")
        first = queue_state(page)
        assert findings[first["id"]]["severity"] == "error" and first["title"].startswith("ENC003")  # errors first
        press(page, "a")  # accept this one, move to the next ENC003
        second = queue_state(page)
        assert second["id"] != first["id"] and second["title"].startswith("ENC003")
        press(page, "3", "r")  # ENC003 in every document: false positive, one reason
        assert page.evaluate("document.activeElement.id") == "queue-reason"
        assert f"{len(by_rule['ENC003']) - 1} findings" in page.inner_text("#queueview .reason-row label")
        page.keyboard.type("the source had these characters already")
        press(page, "Enter")
        now = queue_state(page)
        assert now["title"].startswith("BP001")  # the next rule
        doc = findings[now["id"]]["document"]
        in_doc = [n for n in by_rule["BP001"] if findings[n]["document"] == doc]
        assert len(in_doc) == 2
        press(page, "2", "a", "Enter")  # BP001 in this document: accept both
        after = queue_state(page)
        assert findings[after["id"]]["rule"] == "BP001" and findings[after["id"]]["document"] != doc
        press(page, "r")
        page.keyboard.type("quoted markup in an example")
        press(page, "Enter")
        reused = queue_state(page)
        press(page, "r")
        assert page.input_value("#queue-reason") == "quoted markup in an example"  # offered again
        press(page, "Enter", "s")
        skipped = queue_state(page)
        assert f"10 of {len(findings)} reviewed in all" in page.inner_text("#queueview .queue-position")
        saved = exported_to(page, tmp_path, "Reviewed 10 of")
    assert log.console == []

    decided = {findings[n]["fingerprint"]: "false-positive" for n in by_rule["ENC003"]}
    decided[findings[first["id"]]["fingerprint"]] = "accepted"
    decided.update({findings[n]["fingerprint"]: "accepted" for n in in_doc})
    decided[findings[after["id"]]["fingerprint"]] = "false-positive"
    decided[findings[reused["id"]]["fingerprint"]] = "false-positive"
    exported = json.loads(saved.read_text(encoding="utf-8"))["decisions"]
    assert {record["fingerprint"]: record["decision"] for record in exported} == decided
    assert findings[skipped["id"]]["fingerprint"] not in decided
    by_fingerprint = {finding["fingerprint"]: finding for finding in findings}
    for record in exported:
        finding = by_fingerprint[record["fingerprint"]]
        assert record["excerpt"] == baseline_excerpt(finding) and record["message"] == finding["message"]

    baseline = tmp_path / "baseline.json"
    runner = CliRunner()
    result = runner.invoke(main, ["baseline", "import", str(saved), "--output", str(baseline)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    entries = json.loads(baseline.read_text(encoding="utf-8"))["entries"]
    assert {entry["fingerprint"]: entry["status"] for entry in entries} == decided
    assert all(entry["excerpt"] and entry["message"] for entry in entries)  # readable entries
    again = tmp_path / "again.json"
    result = runner.invoke(main, ["check", str(corpus), "--config", str(config), "--jobs", "1", "--no-progress", "--baseline", str(baseline),
                                  "--format", "json", "--output", str(again)], catch_exceptions=False)
    assert result.exit_code == 0, result.output  # the only errors (ENC003) are decided
    states = {finding["fingerprint"]: finding["baseline"] for finding in json.loads(again.read_text(encoding="utf-8"))["findings"]}
    assert {fingerprint for fingerprint, state in states.items() if state == "unchanged"} == set(decided)


def test_filters_hold_in_the_table_the_url_and_the_document_view(browser, review_report):
    html, data, _, texts, _ = review_report
    findings = data["findings"]
    with report_page(browser, html, fragment="#documents") as (page, log):
        page.select_option("#filter-severity", "warning")
        assert "severity=warning" in page.url
        error_doc = next(f["document"] for f in findings if f["severity"] == "error")
        counts = [f for f in findings if f["document"] == error_doc]
        row = page.locator(f'#documents-table tr:has(a:text-is("{error_doc}"))')
        warnings = sum(1 for f in counts if f["severity"] == "warning")
        assert row.locator("td").nth(1).inner_text() == f"{warnings} of {len(counts)}"  # counts follow the filters
        page.select_option("#filter-severity", "")
        page.select_option("#filter-rule", "BP001")
        page.reload()  # the URL holds the filters
        wait_until(page, "document.body.dataset.ready")
        assert page.input_value("#filter-rule") == "BP001"
        bp001 = sorted({f["document"] for f in findings if f["rule"] == "BP001"})
        assert sorted(row_ids(page)[:len(bp001)]) == sorted(row_ids(page)) and set(row_ids(page)) == set(bp001)

        doc = next(d for d in bp001 if {f["rule"] for f in findings if f["document"] == d} != {"BP001"})
        page.locator(f'#documents-table a:text-is("{doc}")').click()
        page.wait_for_selector("#docview:not([hidden]) h2")
        assert "rule=BP001" in page.url
        listed = page.locator("#docview .finding code").all_inner_texts()
        assert set(listed) == {"BP001"} and len(listed) == sum(1 for f in findings if f["document"] == doc and f["rule"] == "BP001")
        seen = set()
        for _ in range(len(listed) + 1):
            press(page, "n")
            seen.add(page.evaluate("document.activeElement.dataset.f"))
        assert {findings[int(ids.split()[0])]["rule"] for ids in seen} == {"BP001"}  # n visits the filtered ones only
        assert page.locator("#docview mark.dim").count() > 0  # the others stay visible, dimmed
        page.click("#docview button.show-all")
        assert len(page.locator("#docview .finding").all()) == sum(1 for f in findings if f["document"] == doc)

        # search covers messages and the matched text, not only ids
        page.goto(html.as_uri() + "#documents")
        wait_until(page, "document.body.dataset.ready")
        page.fill("#filter-path", "editor/source credit")
        assert set(row_ids(page)) == {f["document"] for f in findings if "editor/source credit" in f["message"]}
        run = next(f for f in findings if f["rule"] == "ENC017")
        needle = run["excerpt"][4:12]
        assert "\\" not in needle and needle not in run["message"]
        page.fill("#filter-path", needle)
        assert set(row_ids(page)) == {doc for doc, text in texts.items() if needle in text and
                                      any(needle in f["excerpt"] for f in findings if f["document"] == doc)}
        assert "q=" in page.url
    assert log.console == []


def test_progress_shows_in_table_highlights_and_filter(browser, review_report):
    html, data, _, _, _ = review_report
    findings = data["findings"]
    doc = findings[0]["document"]
    ids = [n for n, f in enumerate(findings) if f["document"] == doc]
    index = {d["id"]: position for position, d in enumerate(data["documents"])}
    with report_page(browser, html, fragment=f"#doc={index[doc]}") as (page, log):
        for number in ids:
            page.locator(f"#finding-{number} button.decide.accepted").click()
        marks = page.locator(f'#docview mark[data-f~="{ids[0]}"]')
        assert "reviewed" in marks.first.get_attribute("class") and marks.first.get_attribute("data-rev") == "✓"
        page.goto(html.as_uri() + "#documents&status=unreviewed")
        wait_until(page, "document.body.dataset.ready")
        assert doc not in row_ids(page)
        page.select_option("#filter-status", "reviewed")
        assert row_ids(page) == [doc]
        assert page.locator("#documents-table tbody tr").first.locator("td").nth(2).inner_text() == "✓ done"
        progress = page.locator("#progress-table tbody tr", has_text=findings[ids[0]]["rule"]).first
        assert progress.locator("td").nth(4).inner_text() != "0"  # accepted, per rule
    assert log.console == []


def test_zero_width_tooltips_severity_and_phone_layout(browser, review_report):
    html, data, _, _, _ = review_report
    findings = data["findings"]
    index = {d["id"]: position for position, d in enumerate(data["documents"])}
    zero = next(n for n, f in enumerate(findings) if f["rule"] == "ENC014")
    with report_page(browser, html, fragment=f"#doc={index[findings[zero]['document']]}&f={zero}") as (page, log):
        page.wait_for_selector("#docview:not([hidden])")
        mark = page.locator(f'#docview mark[data-f~="{zero}"]').first
        assert mark.bounding_box()["width"] > 8  # a visible placeholder, not a 0-px highlight
        assert "U+200B" in mark.evaluate("(node) => getComputedStyle(node, '::after').content")
        tip = page.locator("#tip")
        assert tip.is_visible()
        box, covered = mark.bounding_box(), tip.bounding_box()
        line = mark.evaluate("(node) => node.closest('.line').getBoundingClientRect().toJSON()")
        assert covered["y"] > line["bottom"] + line["height"] or covered["y"] + covered["height"] < line["top"] - line["height"]
        assert covered["y"] > box["y"] + box["height"] or covered["y"] + covered["height"] < box["y"]
        # severity in words and letters, not colour alone
        assert mark.evaluate("(node) => node.closest('.line').querySelector('.ln').dataset.sev") == "W"
        assert "warning" in tip.inner_text() and "invisible: U+200B" in tip.inner_text()
        assert "null" not in tip.inner_text() and "undefined" not in tip.inner_text()
        error = next(n for n, f in enumerate(findings) if f["severity"] == "error")
        page.goto(html.as_uri() + f"#doc={index[findings[error]['document']]}&f={error}")
        page.wait_for_selector("#docview:not([hidden])")
        gutter = page.locator(f'#docview mark[data-f~="{error}"]').first.evaluate("(node) => node.closest('.line').querySelector('.ln').dataset.sev")
        assert gutter == "E"
    assert log.console == []

    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    try:
        for fragment in ("", "#documents", "#queue", f"#doc={index[findings[zero]['document']]}", "#duplicates"):
            page.goto(html.as_uri() + fragment)
            wait_until(page, "document.body.dataset.ready")
            if fragment == "#duplicates":
                page.locator("#clusters details.cluster summary").first.click()
            widths = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
            assert widths[0] <= widths[1], (fragment, widths)
            header = page.evaluate("(() => { const h = document.querySelector('header.top'); "
                                   "return [getComputedStyle(h).position, h.getBoundingClientRect().height]; })()")
            assert header[0] == "static" or header[1] < 844 / 8, header
    finally:
        context.close()


def test_document_view_keys_decide_and_move_on(browser, review_report):
    html, data, _, _, _ = review_report
    findings = data["findings"]
    index = {d["id"]: position for position, d in enumerate(data["documents"])}
    doc = next(d for d in index if sum(1 for f in findings if f["document"] == d) >= 3)
    ids = [n for n, f in enumerate(findings) if f["document"] == doc]
    current = "document.querySelector('#docview .finding[aria-current]').dataset.f"
    with report_page(browser, html, fragment=f"#doc={index[doc]}") as (page, log):
        press(page, "n", "a")
        assert page.get_attribute(f"#finding-{ids[0]} button.decide.accepted", "aria-pressed") == "true"
        assert page.evaluate(current) == str(ids[1])  # on to the next finding
        press(page, "r")
        assert page.evaluate("document.activeElement.classList.contains('reason')")
        page.keyboard.type("a quoted example")
        press(page, "Enter")
        assert page.get_attribute(f"#finding-{ids[1]} button.decide.false-positive", "aria-pressed") == "true"
        assert page.evaluate(current) == str(ids[2])
        page.goto(html.as_uri() + "#review")
        wait_until(page, "document.body.dataset.ready")
        assert "Reviewed 2 of" in page.inner_text("#review-status")
    assert log.console == []


def test_a_fix_is_shown_before_and_after_and_decided_from_the_keyboard(browser, review_report, tmp_path):
    """A fixable finding shows its fix applied to the text around it; f decides "fix"; the export
    lists it with its excerpt and message, for `corpus-qa fix --decisions`."""
    html, data, _, texts, _ = review_report
    findings = data["findings"]
    number = next(n for n, f in enumerate(findings) if f.get("fix") and f["fix"]["edits"] and f["document"] in texts)
    finding = findings[number]
    edit = finding["fix"]["edits"][0]
    with report_page(browser, html, fragment="#review") as (page, log):
        open_in_queue(page, number)
        before = page.inner_text("#queueview .queue-card .fix-before")
        after = page.inner_text("#queueview .queue-card .fix-after")
        original = texts[finding["document"]]
        assert original[edit["start"]:edit["end"]] in before and before != after
        assert after.replace("After", "", 1).strip() in (
            original[:edit["start"]] + edit["replacement"] + original[edit["end"]:])
        press(page, "f")
        wait_until(page, f"{CARD} && {CARD}.dataset.f !== '{number}'")
        saved = exported_to(page, tmp_path, "1 to fix")
    assert log.console == []
    exported = json.loads(saved.read_text(encoding="utf-8"))["decisions"]
    assert [(r["fingerprint"], r["decision"], r["rule"]) for r in exported] == [(finding["fingerprint"], "fix", finding["rule"])]
    assert exported[0]["excerpt"] and exported[0]["message"] == finding["message"]

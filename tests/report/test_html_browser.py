"""The HTML report in a real browser (Debian's chromium through Playwright).

Skipped, with the reason, only where chromium or Playwright for Python is missing.
"""

from __future__ import annotations

import json
import time
from contextlib import contextmanager
from pathlib import Path


from tests.report.conftest import DUPLICATE_NAME, DUPLICATE_OF, SCREENSHOTS, XSS_IMG, XSS_NAME, XSS_SCRIPT

ROW_IDS = "#documents-table tbody td.id a"
SCRIPT_STARTED = "document.getElementById('review-status').textContent.length > 0"  # set last at start-up


class Log:
    def __init__(self):
        self.console: list[str] = []
        self.requests: list[str] = []
        self.blocked: list[str] = []
        self.dialogs: list[str] = []
        self.downloads: list[str] = []


@contextmanager
def report_page(browser, path: Path, color_scheme: str = "light", fragment: str = ""):
    """A fresh browser context on the report, recording console messages, requests and dialogs."""
    log = Log()
    context = browser.new_context(viewport={"width": 1360, "height": 900}, color_scheme=color_scheme,
                                  accept_downloads=True)

    def route(route):
        log.requests.append(route.request.url)
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            log.blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda message: message.type in ("error", "warning")
            and log.console.append(f"{message.type}: {message.text}"))
    page.on("pageerror", lambda error: log.console.append(f"pageerror: {error}"))
    page.on("request", lambda request: log.requests.append(request.url))
    page.on("dialog", lambda dialog: (log.dialogs.append(dialog.message), dialog.dismiss()))
    page.on("download", lambda download: log.downloads.append(download.suggested_filename))
    page.goto(path.as_uri() + fragment)
    wait_until(page, SCRIPT_STARTED)
    try:
        yield page, log
    finally:
        context.close()


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll from outside: the report's CSP forbids the eval that Playwright's wait_for_function uses."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {expression}")
        page.wait_for_timeout(25)


def open_document(page, path: Path, index: int, finding: int | None = None):
    page.goto(path.as_uri() + f"#doc={index}" + (f"&f={finding}" if finding is not None else ""))
    page.wait_for_selector("#docview:not([hidden]) h2")


def row_ids(page) -> list[str]:
    return page.locator(ROW_IDS).all_inner_texts()


SEVERITY_RANK = {"info": 1, "warning": 2, "error": 3}


def baseline_excerpt(finding: dict) -> str:
    """The excerpt as a baseline entry keeps it (corpus_qa.baseline.Entry.of)."""
    excerpt = finding["excerpt"]
    return excerpt if len(excerpt) <= 120 else excerpt[:120] + "…"


def docs_with(data: dict, predicate) -> list[str]:
    """Ids of documents with a finding matching predicate, in the table's default order:
    worst severity first, then most matching findings, then document order."""
    order = {doc["id"]: index for index, doc in enumerate(data["documents"])}
    worst: dict[str, int] = {}
    matching: dict[str, int] = {}
    for finding in data["findings"]:
        if finding["document"] not in order:
            continue
        worst[finding["document"]] = max(worst.get(finding["document"], 0), SEVERITY_RANK[finding["severity"]])
        if predicate(finding):
            matching[finding["document"]] = matching.get(finding["document"], 0) + 1
    return sorted(matching, key=lambda doc: (-worst[doc], -matching[doc], order[doc]))


# The text a finding's highlights cover (a newline for a highlighted line end); None where the
# finding covers nearly the whole text and is shown once above it instead.
HIGHLIGHTED_TEXT = """(id) => document.querySelector(`#docview .whole[data-f="${id}"]`) ? null
    : [...document.querySelectorAll(`#docview mark[data-f~="${id}"]`)]
      .map((mark) => mark.classList.contains("eol") ? "\\n" : mark.textContent).join("")"""


def test_report_loads_offline_without_errors(browser, seeds_report):
    path, data = seeds_report
    with report_page(browser, path) as (page, log):
        assert page.locator("h1").inner_text() == "Corpus quality report"
        for index in [*range(len(data["documents"])), -1]:
            open_document(page, path, index)
        page.goto(path.as_uri() + "#rules")
        page.locator("#rules button.filter-rule").first.click()
        page.wait_for_timeout(200)
    assert log.console == []
    assert set(log.requests) == {path.as_uri()} and log.blocked == []


def test_filters_and_sorting(browser, seeds_report):
    path, data = seeds_report
    with report_page(browser, path) as (page, _):
        assert row_ids(page) == docs_with(data, lambda f: True)
        page.select_option("#filter-rule", "FM001")
        assert row_ids(page) == docs_with(data, lambda f: f["rule"] == "FM001")
        page.select_option("#filter-rule", "")
        page.select_option("#filter-category", "boilerplate")
        assert row_ids(page) == docs_with(data, lambda f: f["category"] == "boilerplate")
        page.select_option("#filter-severity", "error")
        expected = docs_with(data, lambda f: f["category"] == "boilerplate" and f["severity"] == "error")
        assert row_ids(page) == expected
        page.click("#filter-clear")
        page.select_option("#filter-severity", "none")
        clean = [doc["id"] for doc in data["documents"] if not doc["metrics"]["findings"]]
        assert sorted(row_ids(page)) == sorted(clean)
        page.click("#filter-clear")
        page.check("#filter-all")
        assert len(row_ids(page)) == len(data["documents"])
        page.fill("#filter-path", "003_")
        assert row_ids(page) == ["003_3b0a149c3847753f.txt"]
        page.click("#filter-clear")
        page.wait_for_timeout(50)
        assert row_ids(page) == docs_with(data, lambda f: True)

        page.click('#documents-table button[data-sort="chars"]')
        chars = {doc["id"]: doc["metrics"]["chars"] for doc in data["documents"]}
        assert [chars[i] for i in row_ids(page)] == sorted((chars[i] for i in row_ids(page)), reverse=True)
        assert page.get_attribute('#documents-table th:has(button[data-sort="chars"])', "aria-sort") == "descending"
        page.click('#documents-table button[data-sort="chars"]')
        assert [chars[i] for i in row_ids(page)] == sorted(chars[i] for i in row_ids(page))

        page.click('#documents-table button[data-sort="worst"]')  # back to the default order
        page.click('#documents-table button[data-sort="worst"]')
        page.click('#rules button[data-filter-rule="BP001"]')
        assert page.input_value("#filter-rule") == "BP001"
        assert row_ids(page) == docs_with(data, lambda f: f["rule"] == "BP001")
        page.click("#filter-clear")
        page.click('#chart-rules g[data-filter-rule="FM001"]')
        assert row_ids(page) == docs_with(data, lambda f: f["rule"] == "FM001")


def test_every_finding_is_highlighted_at_its_text(browser, seeds_report):
    path, data = seeds_report
    index = {doc["id"]: position for position, doc in enumerate(data["documents"])}
    chars = {doc["id"]: doc["metrics"]["chars"] for doc in data["documents"]}
    with report_page(browser, path) as (page, log):
        for doc_id in docs_with(data, lambda f: True):
            open_document(page, path, index[doc_id])
            for finding_id, finding in enumerate(data["findings"]):
                if finding["document"] == doc_id:
                    highlighted = page.evaluate(HIGHLIGHTED_TEXT, finding_id)
                    if highlighted is None:
                        assert len(finding["excerpt"]) >= 0.9 * chars[doc_id]
                    else:
                        assert highlighted == finding["excerpt"], (finding["rule"], finding["line"], finding["column"])

        # FM001 on seeds/000 covers the blank first line, in front of the frontmatter
        fm = next(i for i, f in enumerate(data["findings"]) if f["rule"] == "FM001" and f["document"].startswith("000_"))
        open_document(page, path, index["000_abaab0bee8685aec.txt"])
        mark = page.locator(f'#docview mark[data-f~="{fm}"]')
        assert mark.count() == 1 and "eol" in mark.get_attribute("class") and "cat-frontmatter" in mark.get_attribute("class")
        assert mark.evaluate("(node) => node.closest('.line').querySelector('.ln').dataset.line") == "1"
        assert page.locator("#docview table.frontmatter th").all_inner_texts()[:2] == ["title", "categories"]

        # BP001 in seeds/001: the <div> and <p> residue at line 15, shown as text
        bp = next(i for i, f in enumerate(data["findings"]) if f["rule"] == "BP001" and f["document"].startswith("001_"))
        open_document(page, path, index["001_aa32bcfdfa2ccc6a.txt"])
        assert page.evaluate(HIGHLIGHTED_TEXT, bp) == "<div>   \n<p>"
        first_piece = page.locator(f'#docview mark[data-f~="{bp}"]').first
        assert first_piece.evaluate("(node) => node.closest('.line').querySelector('.ln').dataset.line") == "15"
        assert "cat-boilerplate" in first_piece.get_attribute("class")
        first_piece.hover()
        assert page.locator("#tip").is_visible() and "HTML residue" in page.locator("#tip").inner_text()
    assert log.console == []


def test_injected_markup_shows_as_text_and_never_runs(browser, mixed_report):
    path, data = mixed_report
    index = {doc["id"]: position for position, doc in enumerate(data["documents"])}
    with report_page(browser, path) as (page, log):
        assert XSS_NAME in row_ids(page)
        open_document(page, path, index["006_injection.txt"])
        text = page.locator("#docview .text").inner_text()
        assert XSS_SCRIPT in text and XSS_IMG in text
        for mark in page.locator("#docview mark.hl").all():
            mark.hover()
        open_document(page, path, index[XSS_NAME])
        assert XSS_NAME == page.locator("#docview h2").inner_text()
        assert page.locator("#docview table.frontmatter td").all_inner_texts()[:2] == [XSS_SCRIPT, XSS_IMG]
        page.wait_for_timeout(300)
        counts = page.evaluate("""() => ({
            images: document.querySelectorAll("img, iframe, object, embed").length,
            running: [...document.scripts].filter((s) => s.type !== "application/json").length })""")
    assert counts == {"images": 0, "running": 1}
    assert log.dialogs == [] and log.console == [] and log.blocked == []


def test_review_decisions_export_and_import(browser, seeds_report, tmp_path):
    path, data = seeds_report
    ids = [i for i, f in enumerate(data["findings"]) if f["document"] == "000_abaab0bee8685aec.txt"]
    with report_page(browser, path, fragment="#doc=0") as (page, log):
        items = page.locator("#docview .finding")
        items.nth(0).locator("button.decide.accepted").click()
        items.nth(1).locator("button.decide.false-positive").click()
        assert items.nth(1).locator("input.reason").is_visible()
        page.goto(path.as_uri() + "#review")
        page.click("#review-export")
        assert "need a reason" in page.inner_text("#review-message") and log.downloads == []
        page.locator("#review-missing a").click()  # back to the finding that needs a reason
        page.wait_for_selector("#docview:not([hidden])")
        page.locator(f"#finding-{ids[1]} input.reason").fill("the tags are quoted on purpose")
        page.goto(path.as_uri() + "#review")
        assert "Reviewed 2 of" in page.inner_text("#review-status")
        with page.expect_download() as download:
            page.click("#review-export")
        saved = tmp_path / "decisions.json"
        download.value.save_as(saved)
        page.reload()  # decisions are kept in the browser for this report
        wait_until(page, SCRIPT_STARTED)
        assert "Reviewed 2 of" in page.inner_text("#review-status")
    exported = json.loads(saved.read_text(encoding="utf-8"))
    first, second = data["findings"][ids[0]], data["findings"][ids[1]]
    assert exported == {
        "tool": "corpus-qa", "kind": "review-decisions", "version": 1,
        "decisions": [
            {"fingerprint": first["fingerprint"], "rule": first["rule"], "document": first["document"],
             "excerpt": baseline_excerpt(first), "message": first["message"], "decision": "accepted", "reason": ""},
            {"fingerprint": second["fingerprint"], "rule": second["rule"], "document": second["document"],
             "excerpt": baseline_excerpt(second), "message": second["message"], "decision": "false-positive",
             "reason": "the tags are quoted on purpose"},
        ],
    }
    with report_page(browser, path, fragment="#review") as (page, log):
        page.set_input_files("#review-import", str(saved))
        wait_until(page, "document.getElementById('review-message').textContent.includes('Imported')")
        assert "Imported 2 decision(s)" in page.inner_text("#review-message")
        open_document(page, path, 0)
        assert page.get_attribute(f"#finding-{ids[1]} button.decide.false-positive", "aria-pressed") == "true"
        assert page.input_value(f"#finding-{ids[1]} input.reason") == "the tags are quoted on purpose"
    assert log.console == []


def test_keyboard_moves_between_findings_and_documents(browser, seeds_report):
    path, data = seeds_report
    index = {doc["id"]: position for position, doc in enumerate(data["documents"])}
    doc = index["001_aa32bcfdfa2ccc6a.txt"]
    ids = [i for i, f in enumerate(data["findings"]) if f["document"] == "001_aa32bcfdfa2ccc6a.txt"]
    focused = "() => document.activeElement.dataset.f ? document.activeElement.dataset.f.split(' ').map(Number) : null"
    with report_page(browser, path) as (page, log):
        table_order = row_ids(page)
        open_document(page, path, doc)
        page.keyboard.press("n")
        assert ids[0] in page.evaluate(focused)
        assert page.get_attribute(f"#finding-{ids[0]}", "aria-current") == "true"
        page.keyboard.press("n")
        assert ids[1] in page.evaluate(focused)
        page.keyboard.press("j")
        assert ids[2] in page.evaluate(focused)
        page.keyboard.press("p")
        page.keyboard.press("k")
        assert ids[0] in page.evaluate(focused)
        page.keyboard.press("p")  # wraps around to the last finding
        assert ids[-1] in page.evaluate(focused)
        assert page.locator("#tip").is_visible()  # the message shows on focus, not only on hover
        page.keyboard.press("]")
        next_doc = table_order[table_order.index("001_aa32bcfdfa2ccc6a.txt") + 1]
        wait_until(page, f"document.querySelector('#docview h2') && document.querySelector('#docview h2').textContent === {json.dumps(next_doc)}")
        page.keyboard.press("[")
        wait_until(page, "document.querySelector('#docview h2') && document.querySelector('#docview h2').textContent.startsWith('001_')")
        page.keyboard.press("Escape")
        page.wait_for_selector("#overview:not([hidden])")
        assert page.evaluate("document.activeElement.textContent") == "001_aa32bcfdfa2ccc6a.txt"
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.id") == "filter-path"
    assert log.console == []


def test_duplicate_cluster_members_side_by_side(browser, mixed_report):
    path, data = mixed_report
    with report_page(browser, path, fragment="#duplicates") as (page, log):
        cluster = page.locator("#clusters details.cluster", has_text=DUPLICATE_OF).filter(has_text="DUP001").first
        cluster.locator("summary").click()
        cluster.locator(".side-by-side").wait_for()  # built when the cluster opens
        panes = cluster.locator(".side-by-side .pane")
        assert panes.count() == 2
        assert cluster.locator(".members button").all_inner_texts() == [f"{DUPLICATE_NAME} (similarity 100%)"]
        left_diff = panes.nth(0).locator("del.diff").all_inner_texts()
        right_diff = panes.nth(1).locator("ins.diff").all_inner_texts()
        assert left_diff and set("".join(left_diff)) == {","}
        assert right_diff and set("".join(right_diff)) == {"，"}
        assert panes.nth(0).locator(".same").count() > 1
        original = (Path(__file__).parents[2] / "seeds" / "003_3b0a149c3847753f.txt").read_text(encoding="utf-8")
        assert panes.nth(0).inner_text().replace("\r", "") == original[:4000].replace("\r", "")
    assert log.console == []


def test_screenshots_light_and_dark(browser, mixed_report):
    """Pictures for people to judge the layout: reports/screenshots/*.png (git-ignored)."""
    path, data = mixed_report
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    index = {doc["id"]: position for position, doc in enumerate(data["documents"])}
    for scheme in ("light", "dark"):
        with report_page(browser, path, color_scheme=scheme) as (page, log):
            page.screenshot(path=SCREENSHOTS / f"overview-{scheme}.png", full_page=True)
            open_document(page, path, index["001_aa32bcfdfa2ccc6a.txt"])
            page.keyboard.press("n")
            page.keyboard.press("n")
            page.screenshot(path=SCREENSHOTS / f"document-{scheme}.png")
            open_document(page, path, index["004_43b50e2d64754976.txt"])
            page.keyboard.press("n")
            page.screenshot(path=SCREENSHOTS / f"document-encoding-{scheme}.png")
            page.goto(path.as_uri() + "#duplicates")
            page.locator("#clusters details.cluster summary").first.click()
            page.locator("#clusters .side-by-side").first.wait_for()
            page.locator("#duplicates").screenshot(path=SCREENSHOTS / f"duplicates-{scheme}.png")
            page.goto(path.as_uri() + "#queue")
            page.wait_for_selector("#queueview:not([hidden]) .queue-card")
            page.screenshot(path=SCREENSHOTS / f"queue-{scheme}.png")
        assert log.console == []
    assert len(list(SCREENSHOTS.glob("*.png"))) >= 10

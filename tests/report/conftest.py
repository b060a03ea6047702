"""Shared helpers for the HTML report tests: small corpora, a check run, the browser."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from corpus_qa.config import Config, apply_settings
from corpus_qa.engine.local import run
from corpus_qa.model import Severity
from corpus_qa.report import RenderOptions
from corpus_qa.sources import discover
from tests.conftest import REPO, SEEDS

SCREENSHOTS = REPO / "reports" / "screenshots"
CHROMIUM = os.environ.get("CORPUS_QA_CHROMIUM", "/usr/bin/chromium")
# Debian's chromium, never a downloaded browser; nothing of the network, sync or updates.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = '"><img src=x onerror=alert(1)>'
XSS_TEXT = f"新华社北京电 今天发布的文章里有一段脚本{XSS_SCRIPT}和一个属性注入{XSS_IMG}，都应当原样显示。\n第二段正文。\n"
XSS_NAME = '007_"><img src=x onerror=alert(2)>.txt'
XSS_FRONTMATTER = f"---\ntitle: '{XSS_SCRIPT}'\nauthor: '{XSS_IMG}'\n---\n正文很短，但是有一个标签<b>加粗</b>。\n"
DUPLICATE_OF = "003_3b0a149c3847753f.txt"
DUPLICATE_NAME = "005_copy_of_003.txt"


def options(exit_code: int = 0) -> RenderOptions:
    return RenderOptions(fail_on=Severity.ERROR, exit_code=exit_code)


def check(*paths: Path, jobs: int = 1, **settings):
    """Run the checks in-process with default settings (no config file) and `settings` on top."""
    config = apply_settings(Config(), settings, "tests", None)
    return run(discover([str(p) for p in paths], config.sources), config, jobs=jobs)


def make_mixed_corpus(folder: Path) -> Path:
    """The seeds, a normalised duplicate of one of them, and documents that try to inject markup."""
    folder.mkdir(parents=True, exist_ok=True)
    for seed in sorted(SEEDS.iterdir()):
        shutil.copy(seed, folder / seed.name)
    original = (SEEDS / DUPLICATE_OF).read_text(encoding="utf-8")
    # full-width commas fold to ASCII ones under NFKC: an exact duplicate whose text differs
    (folder / DUPLICATE_NAME).write_text(original.replace(",", "，"), encoding="utf-8")
    (folder / "006_injection.txt").write_text(XSS_TEXT, encoding="utf-8")
    (folder / XSS_NAME).write_text(XSS_FRONTMATTER, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def mixed_corpus(tmp_path_factory) -> Path:
    return make_mixed_corpus(tmp_path_factory.mktemp("mixed") / "corpus")


def browser_missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright for Python is not installed (pip install playwright)"
    if not Path(CHROMIUM).exists():
        return f"no chromium at {CHROMIUM} (apt-get install chromium, or set CORPUS_QA_CHROMIUM)"
    return None


@pytest.fixture(scope="session")
def browser():
    reason = browser_missing()
    if reason:
        pytest.skip(f"browser tests need a real browser: {reason}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def write_reports(folder: Path, *paths: Path, args: tuple[str, ...] = ()) -> tuple[Path, dict]:
    """`corpus-qa check PATHS --format json --report` in-process: the HTML file and the JSON of the same run."""
    import json

    from click.testing import CliRunner

    from corpus_qa.cli import main

    folder.mkdir(parents=True, exist_ok=True)
    html, data = folder / "report.html", folder / "report.json"
    result = CliRunner().invoke(main, ["check", *map(str, paths), "--jobs", "1", "--no-progress", "--format", "json",
                                       "--output", str(data), "--report", str(html), *args], catch_exceptions=False)
    assert result.exit_code in (0, 1), result.output
    return html, json.loads(data.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def seeds_report(tmp_path_factory) -> tuple[Path, dict]:
    return write_reports(tmp_path_factory.mktemp("seeds-report"), SEEDS)


@pytest.fixture(scope="session")
def mixed_report(tmp_path_factory, mixed_corpus) -> tuple[Path, dict]:
    return write_reports(tmp_path_factory.mktemp("mixed-report"), mixed_corpus)

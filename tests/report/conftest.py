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


COMMON_CHARS = ("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民"
                "得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事"
                "平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党"
                "程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做"
                "必战先回则任取据处研")


def news_like(random, sentences: int) -> str:
    """Random sentences of common characters, in paragraphs: text no rule has anything to say about."""
    out = []
    for number in range(sentences):
        out.append("".join(random.choice(COMMON_CHARS) for _ in range(random.randint(12, 40))) + random.choice("，。；"))
        if number % 6 == 5:
            out[-1] = out[-1][:-1] + "。\n"
    text = "".join(out)
    return text if text.endswith("\n") else text[:-1] + "。\n"


def make_review_corpus(folder: Path, documents: int = 240, seed: int = 11) -> Path:
    """Many flagged documents, for the review tests: HTML residue (BP001), editor credits (BP005),
    escaped line breaks in runs (ENC017, findings with parts), zero-width spaces (ENC014),
    replacement characters (ENC003, errors), and exact and near duplicates (DUP001, DUP002)."""
    from random import Random

    random = Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    texts: list[str] = []
    for number in range(documents):
        text = news_like(random, random.randint(25, 45))
        cut = len(text) // 2
        if number % 3 == 0:
            text = f"{text[:cut]}<p>{text[cut:cut + 30]}</p>{text[cut + 30:]}"
        if number % 5 == 2:
            at = text.index("\n") + 1
            text = f"{text[:at + 8]}\\n{text[at + 8:at + 30]}\\n{text[at + 30:at + 50]}\\n{text[at + 50:]}"
        if number % 7 == 3:
            text = f"{text[:40]}\u200b{text[40:]}"
        if number % 40 == 5:
            text = f"{text[:cut + 5]}\ufffd{text[cut + 5:]}"
        if number % 4 == 1:
            text += f"（责任编辑：{random.choice('张王李赵')}{random.choice('明华军')}）\n"
        if number % 30 == 29:
            text = texts[-1]  # an exact copy of the one before
        elif number % 30 == 14:
            previous = texts[-1]  # a near copy: a few words changed in the middle
            middle = len(previous) // 2
            text = previous[:middle] + "这一段是后来改过的文字" + previous[middle + 11:]
        texts.append(text)
        (folder / f"{number:03d}.txt").write_text(text, encoding="utf-8")
    return folder

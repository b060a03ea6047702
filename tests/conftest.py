"""Shared helpers: run the CLI in-process, build small corpora in tmp folders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from corpus_qa.cli import main

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO / "seeds"
SHARED_CORPORA = REPO.parent / "shared" / "corpora"

CLEAN_SIMPLIFIED = (
    "新华社北京1月5日电 国家统计局今天发布数据，去年全国粮食总产量达到六千五百亿公斤，比上年增长百分之二。"
    "专家表示，粮食生产连续多年保持稳定，为经济社会发展提供了有力支撑。\n"
)
CLEAN_TRADITIONAL = (
    "中央社台北5日電 行政院今天召開記者會，說明明年度預算編列情形，其中教育與社會福利支出均較今年增加。"
    "官員表示，政府將持續推動各項建設，並照顧弱勢族群。\n"
)


@pytest.fixture
def cli(monkeypatch):
    """Invoke corpus-qa in-process; returns the click Result (exit_code, stdout, stderr)."""
    runner = CliRunner()

    def invoke(*args: str, cwd: Path | None = None):
        if cwd is not None:
            monkeypatch.chdir(cwd)
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return invoke


@pytest.fixture
def isolated(tmp_path, monkeypatch):
    """A working directory with no corpus-qa config above it."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def check_json(cli, *args) -> tuple[int, dict]:
    result = cli("check", *args, "--format", "json", "--jobs", "1")
    return result.exit_code, json.loads(result.stdout)

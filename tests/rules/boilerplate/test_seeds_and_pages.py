"""The whole BP family on the seeds (through the engine) and on real page excerpts."""

import json

import pytest
from click.testing import CliRunner

from corpus_qa.cli import main
from bp_helpers import SEEDS, fixture, hits

BP_CODES = ["BP001", "BP002", "BP003", "BP004", "BP005", "BP006", "BP007", "BP008", "BP010", "BP011", "BP012"]


@pytest.fixture(scope="module")
def seed_findings():
    result = CliRunner().invoke(main, ["check", str(SEEDS), "--select", "BP", "--format", "json", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    findings = json.loads(result.output)["findings"]
    by_doc: dict[str, set[str]] = {}
    for finding in findings:
        assert finding["category"] == "boilerplate" and finding["severity"] == "warning"
        by_doc.setdefault(finding["document"], set()).add(finding["rule"])
    return by_doc


@pytest.mark.parametrize("seed, codes", [
    ("000_abaab0bee8685aec.txt", {"BP001", "BP006"}),
    ("001_aa32bcfdfa2ccc6a.txt", {"BP001", "BP004", "BP005", "BP010"}),  # BP010: its 原标题：… line
    ("003_3b0a149c3847753f.txt", {"BP002"}),
    ("004_43b50e2d64754976.txt", {"BP003"}),
])
def test_seed_boilerplate_is_found(seed_findings, seed, codes):
    assert seed_findings.get(seed) == codes


def test_seed_002_has_nothing_false(seed_findings):
    assert "002_dd55ba61cb0b9a80.txt" not in seed_findings


# real page excerpts: which rules must fire on each, and which words each finding must cover
PAGES = [
    ("thepaper_2_tail.txt", {"BP002": "热门推荐", "BP003": "我要跟帖", "BP004": "扫描下方二维码", "BP005": "责编|陈梦莹",
                             "BP007": "特别声明", "BP008": "点【在看】"}),
    ("banyuetan_tail.txt", {"BP002": "理论应该", "BP004": "点击订阅", "BP005": "责任编辑：孔德明"}),
    ("xinhuanet_page.txt", {"BP004": "关注新华网", "BP005": "责任编辑：\n焦鹏", "BP008": "纠错"}),
    ("ltn_promo.txt", {"BP004": "請繼續往下閱讀"}),
    ("udn_teasers.txt", {"BP002": "延燒"}),
    ("cna_signoff.txt", {"BP005": "（編輯：陳惠珍）1101218"}),  # the body is clean, the sign-off is not
]
CLEAN = ["peoples_daily.txt", "bbc_expected.txt", "gmw_expected.txt", "ltn_body_clean.txt"]


@pytest.mark.parametrize("name, wanted", PAGES)
def test_real_pages(name, wanted):
    text = fixture(name)
    fired = {code: [e for _, _, e in hits(code, text)] for code in BP_CODES}
    assert {code for code, found in fired.items() if found} == set(wanted)
    for code, words in wanted.items():
        assert any(words in excerpt for excerpt in fired[code]), (code, fired[code])


@pytest.mark.parametrize("name", CLEAN)
def test_clean_news_is_silent_for_the_whole_family(name):
    text = fixture(name)
    assert {code: hits(code, text) for code in BP_CODES} == {code: [] for code in BP_CODES}

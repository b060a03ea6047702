"""Real corrupted and clean text (tests/fixtures/encoding/real_excerpts.json, each entry
naming its source), chardet's Big5/GB2312 files mis-decoded on purpose, and the seeds."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # enc_helpers, beside this file


import json
from pathlib import Path

import pytest

from enc_helpers import TEXT_RULES, codes_firing, hits

FIXTURES = json.loads((Path(__file__).parents[2] / "fixtures" / "encoding" / "real_excerpts.json").read_text("utf-8"))
SEEDS = Path(__file__).parents[3] / "seeds"


@pytest.mark.parametrize("case", FIXTURES["must_fire"], ids=lambda c: c["source"][:60])
def test_real_corruption_fires(case):
    fired = codes_firing(case["text"])
    assert set(case["codes"]) <= fired, (case["source"], fired)


@pytest.mark.parametrize("case", FIXTURES["must_stay_silent"], ids=lambda c: c["source"][:60])
def test_clean_text_stays_silent(case):
    fired = codes_firing(case["text"]) - set(case.get("allow", ()))
    # a C1 control character in ftfy's "mostly negative" case is a real control character
    if "C1 control" in case["source"]:
        fired -= {"ENC013"}
    assert not fired, (case["source"], fired)


@pytest.mark.parametrize("case", FIXTURES["chardet_excerpts"], ids=lambda c: c["source"][:40])
def test_chardet_text_misdecoded_on_purpose_fires(case):
    wrong = "big5hkscs" if case["codec"] == "gbk" else "gbk"
    garbled = case["text"].encode(case["codec"]).decode(wrong, errors="replace")
    found = hits("ENC004", garbled)
    assert found, garbled


def test_seed_002_and_004_defects_are_found():
    seed_002 = (SEEDS / "002_dd55ba61cb0b9a80.txt").read_text("utf-8")
    seed_004 = (SEEDS / "004_43b50e2d64754976.txt").read_text("utf-8")
    assert codes_firing(seed_002) >= {"ENC004", "ENC006", "ENC011", "ENC012"}
    assert codes_firing(seed_004) >= {"ENC006", "ENC015"}
    assert "⑵髽I" in [seed_002[h.start : h.end] for h in hits("ENC004", seed_002)]


@pytest.mark.parametrize("name", ["000_abaab0bee8685aec.txt", "001_aa32bcfdfa2ccc6a.txt", "003_3b0a149c3847753f.txt"])
def test_clean_seeds_get_no_encoding_defects(name):
    text = (SEEDS / name).read_text("utf-8")
    # seed 003 writes ASCII commas between ideographs: a true style (info) finding
    assert codes_firing(text) - {"ENC012"} == set()


def test_every_text_rule_is_exercised():
    fired = set()
    for case in FIXTURES["must_fire"]:
        fired |= codes_firing(case["text"])
    assert {"ENC004", "ENC005", "ENC006", "ENC008", "ENC009", "ENC011", "ENC014", "ENC015"} <= fired
    assert set(TEXT_RULES) >= fired

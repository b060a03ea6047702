"""Every decoding path of sources/decode.py, cheapest first, and lossy decoding."""

import codecs

import pytest
from hypothesis import given, settings, strategies as st

from corpus_qa.sources.decode import decode, decode_with_losses, looks_binary

TEXT = "人工智能產業發展座談會召開，深入學習貫徹重要講話精神。" * 4
SIMPLIFIED = "人工智能产业发展座谈会召开，深入学习贯彻重要讲话精神。" * 4


@pytest.mark.parametrize(
    "raw, encoding, bom",
    [
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8", True),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16-le", True),
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16-be", True),
        (codecs.BOM_UTF32_LE + TEXT.encode("utf-32-le"), "utf-32-le", True),
        (b"plain ASCII text\n", "ascii", False),
        (TEXT.encode("utf-8"), "utf-8", False),
        (("Report 2025 " + TEXT).encode("utf-16-le"), "utf-16-le", False),  # no BOM: NUL layout
        (TEXT.encode("utf-16-be"), "utf-16-be", False),  # no BOM, no NUL: mostly CJK
    ],
)
def test_cheap_paths(raw, encoding, bom):
    decoded = decode(raw)
    assert decoded.encoding == encoding
    assert decoded.bom is bom
    assert decoded.losses == ()
    assert decoded.text.strip().removeprefix("Report 2025 ") in (TEXT, "plain ASCII text")


@pytest.mark.parametrize(
    "text, codec, expected",
    [
        (SIMPLIFIED, "gbk", "gb18030"),
        (SIMPLIFIED, "gb2312", "gb18030"),
        (TEXT, "big5", "big5hkscs"),
    ],
)
def test_legacy_encodings_are_detected_and_decoded(text, codec, expected):
    decoded = decode(text.encode(codec))
    assert decoded.encoding == expected
    assert decoded.text == text
    assert 0 < decoded.confidence <= 1


def test_damaged_utf8_stays_utf8_and_locates_each_lost_run():
    raw = "中文".encode() + b"\xe6\x96" + "好的內容，很多字。".encode() + b"\xff" + "結束".encode()
    decoded = decode(raw)
    assert decoded.encoding == "utf-8"
    assert [loss.raw for loss in decoded.losses] == [b"\xe6\x96", b"\xff"]
    for loss in decoded.losses:
        assert decoded.text[loss.offset] == "\ufffd"
    assert decoded.text.startswith("中文\ufffd好的")


def test_existing_replacement_characters_are_not_losses():
    decoded = decode("曾厝\ufffd方向".encode())
    assert decoded.losses == () and "\ufffd" in decoded.text


def test_decode_with_losses_in_a_legacy_codec():
    text, losses = decode_with_losses("中文".encode("gbk") + b"\xff" + "好".encode("gbk"), "gbk")
    assert text == "中文\ufffd好"
    assert losses[0].offset == 2 and losses[0].raw == b"\xff"


def test_binary_is_told_from_utf16():
    assert looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert not looks_binary("中文字".encode("utf-16-le") * 10)
    assert not looks_binary(b"plain")


def test_real_legacy_files_from_chardet_tests():
    corpus = pytest.importorskip("tests.conftest").SHARED_CORPORA / "chardet-tests"
    if not corpus.exists():
        pytest.skip("shared corpora not present")
    for folder, expected in (("Big5", "big5hkscs"), ("GB2312", "gb18030")):
        files = sorted((corpus / folder).glob("*.xml"))[:5]
        assert files
        for path in files:
            assert decode(path.read_bytes()).encoding == expected, path.name


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_never_crashes_and_losses_point_at_replacements(raw):
    decoded = decode(raw)
    for loss in decoded.losses:
        assert 0 <= loss.offset < len(decoded.text)
        assert decoded.text[loss.offset] == "\ufffd"
        assert loss.raw


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=500))
def test_any_utf8_text_round_trips(text):
    # Bytes holding NULs are binary or UTF-16/32 (tested in test_decode_recovery.py), not UTF-8.
    decoded = decode(text.encode("utf-8"))
    assert decoded.text == text and decoded.losses == ()

"""Issue 18, decoding: a stray byte costs that byte (not the whole text to a guessed single-byte
codec), UTF-16/32 files are text, not binary, and lossy decoding keeps no module state."""

import codecs
import random
import threading

import pytest

from corpus_qa.sources import decode as decode_module
from corpus_qa.sources.decode import decode, decode_with_losses, looks_binary
from tests.conftest import (
    CLEAN_TRADITIONAL,
    PEOPLES_DAILY_1998,
    SHARED_CORPORA,
    UDN_2022,
    check_json,
    write,
)

CHARDET_TESTS = SHARED_CORPORA / "chardet-tests"
FAMILY = {"GB2312": "gb18030", "Big5": "big5hkscs"}
GBK_LINE = "人工智能产业发展座谈会在北京召开，与会代表深入学习重要讲话精神。\n"
# Few NUL bytes in UTF-16: only 一 (U+4E00) and the newline make one.
PURE_CHINESE = "人工智能产业发展座谈会在北京召开。一位代表说，与会者深入学习了重要讲话精神。\n" * 6


def _corpus_files(folder: str):
    if not (CHARDET_TESTS / folder).is_dir():
        pytest.skip("shared corpora not present")
    files = sorted(path for path in (CHARDET_TESTS / folder).iterdir() if path.is_file())
    assert files
    return files


def _with_stray_byte(raw: bytes) -> tuple[bytes, int]:
    """0xFF inserted mid-file at a character boundary (between two ASCII bytes)."""
    at = len(raw) // 2
    while raw[at] >= 0x80 or raw[at - 1] >= 0x80:
        at += 1
    return raw[:at] + b"\xff" + raw[at:], at


@pytest.mark.parametrize("folder", sorted(FAMILY))
def test_a_stray_byte_costs_only_that_byte(folder):
    for path in _corpus_files(folder):
        raw = path.read_bytes()
        clean = decode(raw)
        damaged, at = _with_stray_byte(raw)
        decoded = decode(damaged)
        assert decoded.encoding == FAMILY[folder], path.name
        assert [loss.raw for loss in decoded.losses] == [b"\xff"], path.name
        offset = len(raw[:at].decode(FAMILY[folder]))
        assert decoded.losses[0].offset == offset
        assert decoded.text == clean.text[:offset] + "\ufffd" + clean.text[offset:], path.name


@pytest.mark.parametrize("folder", sorted(FAMILY))
def test_clean_legacy_files_decode_in_their_family_without_losses(folder):
    for path in _corpus_files(folder):
        decoded = decode(path.read_bytes())
        assert (decoded.encoding, decoded.losses) == (FAMILY[folder], ()), path.name


@pytest.mark.parametrize(
    "text, codec, expected",
    [
        (PEOPLES_DAILY_1998, "gbk", "gb18030"),
        (UDN_2022, "big5", "big5hkscs"),
        ("中文测试", "gbk", "gb18030"),
        ("中文測試", "big5", "big5hkscs"),  # chardet 7 guesses EUC-JP, chardet 5.2 ISO-8859-1 at 0.73
    ],
    ids=["peoples-daily-gbk", "udn-big5", "short-gbk", "short-big5"],
)
def test_gb_and_big5_are_told_apart_by_plausibility(text, codec, expected):
    decoded = decode(text.encode(codec))
    assert (decoded.encoding, decoded.text, decoded.losses) == (expected, text, ())


def test_the_gbk_reproducer_keeps_gb18030_and_the_text_around_the_stray_byte():
    raw = (GBK_LINE * 50).encode("gbk")
    decoded = decode(raw[:500] + b"\xff" + raw[500:])
    assert decoded.encoding == "gb18030"
    assert decoded.losses and b"\xff" in decoded.losses[0].raw
    lines = decoded.text.splitlines()
    assert len(lines) == 50 and lines.count(GBK_LINE.strip()) == 49  # only line 8 is damaged


@pytest.mark.parametrize(
    "text, codec",
    [
        ("Le gouvernement français a annoncé une série de mesures. Les élèves recevront des cahiers.\n" * 5, "latin-1"),
        ("Die Förderung für Wärmepumpen wird erhöht. Große Städte begrüßen die Maßnahme.\n" * 5, "cp1252"),
        ("Правительство в среду объявило о новых мерах по снижению потребления энергии.\n" * 5, "cp1251"),
        ("日本政府は水曜日、エネルギー消費を削減するための一連の措置を発表した。\n" * 5, "euc-jp"),
        ("정부는 수요일 에너지 소비를 줄이기 위한 일련의 조치를 발표했다.\n" * 5, "euc-kr"),
    ],
    ids=["french", "german", "russian", "japanese", "korean"],
)
def test_other_legacy_encodings_still_follow_chardet(text, codec):
    import chardet

    raw = text.encode(codec)
    decoded = decode(raw)
    assert decoded.encoding == chardet.detect(raw)["encoding"].lower()
    assert (decoded.text, decoded.losses) == (text, ())


WIDE = [("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
        ("utf-32-le", codecs.BOM_UTF32_LE), ("utf-32-be", codecs.BOM_UTF32_BE)]


@pytest.mark.parametrize("codec, bom", WIDE)
@pytest.mark.parametrize("with_bom", [True, False])
@pytest.mark.parametrize(
    "text", [PURE_CHINESE, "Plain ASCII in a wide encoding.\n" * 5, CLEAN_TRADITIONAL], ids=["chinese", "ascii", "mixed"]
)
def test_utf16_and_utf32_are_text(codec, bom, with_bom, text):
    raw = (bom if with_bom else b"") + text.encode(codec)
    assert not looks_binary(raw)
    decoded = decode(raw)
    assert (decoded.encoding, decoded.text, decoded.losses, decoded.bom) == (codec, text, (), with_bom)


def test_binary_stays_binary():
    noise = random.Random(18)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(noise.randrange(256) for _ in range(3000))
    png_then_text_like = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"D" * 999  # reads as 䑄 in UTF-16
    elf = b"\x7fELF\x02\x01\x01" + bytes(9) + bytes(noise.choice((0, 0, 0, 1, 64, 255)) for _ in range(3000))
    fake_bom = codecs.BOM_UTF16_LE + bytes(noise.randrange(256) for _ in range(3000)) + b"\x00"
    small_ints = bytes(range(32)) * 50
    for raw in (png, png_then_text_like, elf, fake_bom, small_ints, b"\x00" * 64):
        assert looks_binary(raw)


def test_adjacent_lost_bytes_are_one_run_and_one_replacement():
    text, losses = decode_with_losses("中文".encode("gbk") + b"\xff\xff" + "好".encode("gbk"), "gb18030")
    assert text == "中文\ufffd好"
    assert [(loss.offset, loss.raw) for loss in losses] == [(2, b"\xff\xff")]


def test_lost_bytes_below_0x80_are_recorded():
    # A lone UTF-16 surrogate holds a byte under 0x80, which surrogateescape cannot carry.
    text, losses = decode_with_losses("中".encode("utf-16-le") + b"\x00\xd8" + "文".encode("utf-16-le"), "utf-16-le")
    assert text == "中\ufffd文" and losses[0].raw == b"\x00\xd8"


def test_lossy_decoding_keeps_no_module_state_and_is_thread_safe():
    assert not [name for name, value in vars(decode_module).items() if isinstance(value, (list, set))]
    inputs = [("字".encode("gbk") * n + b"\xff" * (n % 3 + 1) + "尾".encode("gbk"), n) for n in range(1, 9)]
    failures = []

    def work(raw, n):
        for _ in range(300):
            text, losses = decode_with_losses(raw, "gb18030")
            if [(loss.offset, loss.raw) for loss in losses] != [(n, b"\xff" * (n % 3 + 1))]:
                failures.append(n)

    threads = [threading.Thread(target=work, args=item) for item in inputs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures


# --- through the CLI ----------------------------------------------------------------------------


def test_gbk_reproducer_gives_enc001_on_the_stray_byte_not_cp1006(cli, isolated):
    raw = (GBK_LINE * 50).encode("gbk")
    write(isolated, "c/gbk.txt", raw[:500] + b"\xff" + raw[500:])
    _, report = check_json(cli, "c")
    findings = report["findings"]
    assert not any("cp1006" in finding["message"] for finding in findings)
    legacy = [f for f in findings if f["rule"] == "ENC002"]
    assert len(legacy) == 1 and "gb18030" in legacy[0]["message"]
    lost = [f for f in findings if f["rule"] == "ENC001"]
    assert lost and {f["line"] for f in lost} == {8}  # byte 500 is on line 8 (65 bytes a line)
    assert "ff" in lost[0]["message"] and "gb18030" in lost[0]["message"]


def test_stray_byte_in_a_big5_file_is_marked_on_its_line(cli, isolated):
    lines = UDN_2022.strip().splitlines()
    raw = "\n".join(lines).encode("big5")
    second_line = raw.index(b"\n") + 1
    write(isolated, "c/big5.txt", raw[:second_line] + b"\xff" + raw[second_line:])
    _, report = check_json(cli, "c")
    lost = [f for f in report["findings"] if f["rule"] == "ENC001"]
    assert [(f["line"], f["column"]) for f in lost] == [(2, 1)]
    assert {f["data"]["encoding"] for f in report["findings"] if f["rule"] == "ENC002"} == {"big5hkscs"}


def test_wide_encodings_and_clean_legacy_files_are_checked_as_text(cli, isolated):
    for codec, bom in WIDE:
        write(isolated, f"c/{codec}-bom.txt", bom + PURE_CHINESE.encode(codec))
        write(isolated, f"c/{codec}.txt", PURE_CHINESE.encode(codec))
    write(isolated, "c/traditional-big5.txt", (UDN_2022 + CLEAN_TRADITIONAL).encode("big5"))
    write(isolated, "c/simplified-gb18030.txt", PEOPLES_DAILY_1998.encode("gb18030"))
    noise = random.Random(1)
    write(isolated, "c/image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(noise.randrange(256) for _ in range(999)))
    _, report = check_json(cli, "c")
    encodings = {doc["id"]: doc["encoding"] for doc in report["documents"]}
    assert {name: encodings[name] for name in encodings if name != "image.txt"} == {
        **{f"{codec}-bom.txt": codec for codec, _ in WIDE},
        **{f"{codec}.txt": codec for codec, _ in WIDE},
        "traditional-big5.txt": "big5hkscs",
        "simplified-gb18030.txt": "gb18030",
    }
    rules_by_doc = {(f["document"], f["rule"]) for f in report["findings"]}
    assert {doc for doc, rule in rules_by_doc if rule == "ENC903"} == {"image.txt"}
    assert not {doc for doc, rule in rules_by_doc if rule == "ENC001"}

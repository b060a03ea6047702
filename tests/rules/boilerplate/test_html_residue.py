"""BP001 html-residue: cases that must fire (code and span) and must stay silent."""

import pytest
from bp_helpers import SEEDS, expected, hits

FIRE = [
    pytest.param("正文结束。<!-- 正文下iframe -->", ["<!-- 正文下iframe -->"], id="comment"),
    pytest.param("正文&nbsp;结束", ["&nbsp;"], id="entity"),
    pytest.param("<style>.a&#123;color:red&#125;</style>\n<div class=\"x\">", ["<style>.a&#123;color:red&#125;</style>\n<div class=\"x\">"], id="style-and-tag-block"),
]

SILENT = [
    pytest.param("若a<b且b>c，则不能确定a与c的大小。", id="formula"),
    pytest.param("他写了<<书名>>一书。", id="double-angle"),
    pytest.param("<p>页面本身</p>", id="html-page"),
]


@pytest.mark.parametrize("text, excerpts", FIRE)
def test_fires(text, excerpts):
    assert hits("BP001", text) == expected(text, excerpts)


@pytest.mark.parametrize("text", SILENT)
def test_silent(text):
    fmt = "html" if text.startswith("<p>") else "text"
    assert hits("BP001", text, fmt) == []


def test_seed_002_has_no_residue():
    text = (SEEDS / "002_dd55ba61cb0b9a80.txt").read_text(encoding="utf-8")
    assert hits("BP001", text) == []

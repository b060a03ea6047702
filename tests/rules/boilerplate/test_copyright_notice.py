"""BP007 copyright-notice: cases that must fire (code and span) and must stay silent."""

import pytest
from bp_helpers import expected, fixture, hits, inews, messages

END = "预防呼吸道感染等疾病。"

FIRE = [
    pytest.param(END + "\n免责声明：文章内容来源于网络，如有侵权请联系删除。", ["免责声明：文章内容来源于网络，如有侵权请联系删除。"], id="heading-with-statement"),
    pytest.param(END + "\n【版权声明】\n本文经由智飞微管家编辑上传，版权归原作者所有，如有异议，请联系。",
                 ["【版权声明】\n本文经由智飞微管家编辑上传，版权归原作者所有，如有异议，请联系。"], id="heading-alone-takes-next-line"),
    pytest.param(END + "本文为一点号作者原创，未经授权不得转载", ["本文为一点号作者原创，未经授权不得转载"], id="reprint-condition"),
    pytest.param(END + "\n(免责声明:中国青年网转载此文目的在于传递更多信息，不代表本网的观点和立场。文章内容仅供参考，不构成投资建议。投资者据此操作，风险自担。)",
                 ["(免责声明:中国青年网转载此文目的在于传递更多信息，不代表本网的观点和立场。文章内容仅供参考，不构成投资建议。投资者据此操作，風險自擔。)".replace("風險自擔", "风险自担")], id="parenthesised"),
    pytest.param(END + "\n版權聲明：本文系獨家稿件，未經授權，不得轉載。", ["版權聲明：本文系獨家稿件，未經授權，不得轉載。"], id="traditional"),
    pytest.param(END * 3 + "\nCopyright © 2014~2019 The Paper All rights reserved.", ["Copyright © 2014~2019 The Paper All rights reserved."], id="copyright-line"),
    # iNews sample (BP007 review): a bracketed picture credit stops at its bracket, the prose after it is not the notice
    pytest.param("机动车不让行自然有责。（图片来源于网络）三是，关于摩托车驾驶人。", ["（图片来源于网络）"], id="bracketed-notice-ends-at-bracket"),
    pytest.param("機動車不讓行自然有責。（圖片來源於網絡）三是，關於摩托車駕駛人。", ["（圖片來源於網絡）"], id="bracketed-notice-traditional"),
]

SILENT = [
    pytest.param("Copyright (c) 2013 Rui Wang\n\nPermission is hereby granted, free of charge.", id="english-licence-file"),
    pytest.param("该公司当天发布版权声明称，将依法追究侵权者的责任。", id="news-about-a-notice"),
    pytest.param("国家版权局在加强执法力度，提高管理水平，狠狠打击盗版活动。全国几十家报刊转载了这篇文章。", id="copyright-news"),
    pytest.param("绿冷集团董事长顾雏军先生日前正式向国内外宣告：我们现在已经有能力为中国作出贡献。", id="declare-is-not-notice"),
    pytest.param("外交部发言人发表声明：中方对此表示强烈不满。", id="statement-in-news"),
    pytest.param("權健公司通過其官方微信號發佈「嚴正聲明」稱，「丁香醫生」微信號發佈的文章不實。", id="quoted-statement-traditional"),
]


@pytest.mark.parametrize("text, excerpts", FIRE)
def test_fires(text, excerpts):
    assert hits("BP007", text) == expected(text, excerpts)


@pytest.mark.parametrize("text", SILENT)
def test_silent(text):
    assert hits("BP007", text) == []


def test_message_names_heading():
    assert "heading 免责声明" in messages("BP007", END + "\n免责声明：如有侵权请联系删除。")[0]


def test_real_page_notice():
    text = fixture("thepaper_2_tail.txt")
    (start, end, excerpt), = hits("BP007", text)
    assert excerpt.startswith("特别声明\n本文为政务等机构") and excerpt.endswith("仅提供信息发布平台。")


def test_inews_bracket_copyright_line():
    text = inews("train-01455")
    assert [e for _, _, e in hits("BP007", text)] == ["本站稿件未经许可不得转载，转载请保留出处及源文件地址。"]


@pytest.mark.parametrize("name", ["peoples_daily.txt", "bbc_expected.txt", "gmw_expected.txt", "ltn_body_clean.txt", "cna_signoff.txt"])
def test_clean_news_is_silent(name):
    assert hits("BP007", fixture(name)) == []

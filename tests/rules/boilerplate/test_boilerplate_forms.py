"""data/boilerplate_forms.json is what derive_boilerplate_forms writes from today's lists
and OpenCC, and the scanners read it instead of running OpenCC."""

import subprocess
import sys

from corpus_qa.text import derive_boilerplate_forms


def test_checked_in_forms_match_the_lists():
    checked_in = derive_boilerplate_forms.OUTPUT.read_text(encoding="utf-8")
    assert checked_in == derive_boilerplate_forms.render(), (
        "boilerplate_forms.json is stale: run python -m corpus_qa.text.derive_boilerplate_forms"
    )


def test_scanning_builds_no_opencc_converter():
    script = (
        "from corpus_qa.rules.boilerplate._keywords import finditer\n"
        "from corpus_qa.rules.boilerplate.related_content_list import _headings\n"
        "from corpus_qa.text.boilerplate_terms import PHRASE_LISTS\n"
        "from corpus_qa.text import script\n"
        "for name in PHRASE_LISTS:\n"
        "    finditer(name, '責任編輯：王蒙 驗(yàn)證碼 下载 新京报客户端')\n"
        "_headings()\n"
        "assert script._converter.cache_info().currsize == 0\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True)

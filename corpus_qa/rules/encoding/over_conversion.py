"""Numerals a simplified-to-traditional converter changed where it must not: `UTF-八`, `壹個`.

What it flags:
    Two traces of a careless script converter. Arabic digits inside technical identifiers
    turned into Chinese numerals (`ISO-8859-一`, `UTF-八`, `GB23十二`): a numeral glued to a
    Latin identifier by a hyphen, or after its digits when the document has the hyphen kind
    too or the numeral is not a list number (`jlz2012410031三、评标结果` is a code run into
    the next list item, and stays silent). And the financial numeral 壹 written for the
    plain "one" (`壹個產業`, `壹些`, `統壹`, `第壹`, a list bullet `『壹』` in a document
    with no 貳/參): 壹 belongs in amounts (`壹佰元整`, `人民币壹万元`) and in names
    (`壹基金`, `齐鲁壹点`), which stay silent, as do numerals in prose (`十二月`, `第八`).

Why it matters:
    The text no longer says what the writer wrote: `UTF-八` is no encoding name anyone can
    search for, and 壹 for 一 teaches a model a spelling no Chinese writer uses.

Example:
    bad:  常見的有 ASCII、ISO-8859-一、GB23十二、UTF-八 等。壹個產業可以跨越幾個產業。
    good: 常見的有 ASCII、ISO-8859-1、GB2312、UTF-8 等。一個產業可以跨越幾個產業。

Fix:
    Convert the original simplified text again with a phrase-aware converter (OpenCC
    `s2t`/`s2twp`), which leaves digits and 一 alone; or put the digits back
    (一→1 ... 十二→12) and write 一 for 壹 outside amounts.
"""

import re
from functools import lru_cache

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.text.charsets import IDEOGRAPH, IDEOGRAPH_PATTERN
from corpus_qa.text.data_files import words
from corpus_qa.text.script import character_spellings

_NUMERALS = "一二三四五六七八九十〇"
_HYPHENATED = re.compile(
    f"(?<![\\\\A-Za-z0-9])[A-Za-z][A-Za-z0-9.]*(?:-[A-Za-z0-9]+)*-[{_NUMERALS}]{{1,3}}(?![{_NUMERALS}])"
)
_TWO_LETTERS = re.compile("[A-Za-z]{2}")
_AFTER_DIGITS = re.compile(f"(?<![\\\\A-Za-z0-9])[A-Za-z]+[0-9]+[{_NUMERALS}]+(?![{IDEOGRAPH}0-9])")
# what _HYPHENATED and _AFTER_DIGITS both hold, as a cheap first test: a numeral right after
# a letter, digit or dot, or after one of those and a hyphen (`UTF-八`, `GB23十二`)
_NUMERAL_AFTER_ASCII = re.compile(f"[A-Za-z0-9.]-?[{_NUMERALS}]")
_TRAILING_NUMERALS = re.compile(f"[{_NUMERALS}]+$")
_LIST_NUMBER_AFTER = re.compile("[、：:.．]")
_BULLET = re.compile("[『「【〔［]壹[』」】〕］]|^[ \t\u3000]*壹、", re.MULTILINE)
_OTHER_FINANCIAL_NUMERALS = re.compile("[贰貳叁參叄]")


@lru_cache(maxsize=1)
def _plain_one() -> re.Pattern[str]:
    forms = {spelling.replace("一", "壹") for spelling in character_spellings(words("conversion_plain_one.txt"))}
    return re.compile("|".join(sorted(map(re.escape, forms), key=len, reverse=True)))


def check(doc, ctx):
    text = doc.text
    return sorted(_numeral_hits(text) + _financial_one_hits(text), key=lambda hit: hit.start)


def _numeral_hits(text):
    if not _NUMERAL_AFTER_ASCII.search(text):
        return []
    # `UTF-八編碼` is damage, `B-二级` may be a grade: a numeral before an ideograph counts
    # after a name of two letters or more
    hyphenated = [m for m in _HYPHENATED.finditer(text)
                  if _TWO_LETTERS.search(m.group()) or not IDEOGRAPH_PATTERN.match(text, m.end())]
    glued = [m for m in _AFTER_DIGITS.finditer(text)
             if hyphenated or not _LIST_NUMBER_AFTER.match(text, m.end())]  # `a32058二、评审结果`: a list number
    found = []
    for match in hyphenated + glued:
        numerals = _TRAILING_NUMERALS.search(match.group()).group()
        found.append(Hit(match.start(), match.end(), f"{match.group()!r}: digits of an identifier turned into the "
                         f"Chinese numeral {numerals!r} by a script converter"))
    return found


def _financial_one_hits(text):
    if "壹" not in text:
        return []
    found = [Hit(m.start(), m.end(), f"{m.group()!r}: the financial numeral 壹 written for a plain 一 "
                 "(a simplified-to-traditional converter's table)") for m in _plain_one().finditer(text)]
    if not _OTHER_FINANCIAL_NUMERALS.search(text):
        for match in _BULLET.finditer(text):
            start = match.start() + match.group().index("壹")
            found.append(Hit(start, start + 1, f"{match.group().strip()!r}: 壹 as a list number in a document that "
                             "numbers nothing else with 貳/參: 一 converted to 壹"))
    return found


RULE = Rule("ENC016", "over-conversion", Category.ENCODING, Severity.WARNING, check=check, run_gap=SCATTERED)

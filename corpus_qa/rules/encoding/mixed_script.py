"""Traditional and simplified characters mixed inside one document.

What it flags:
    Characters of the minority script in a document clearly written in the other one: `發`
    in `产业的健康發展`, `们` in traditional text. Only characters that prove a script count
    (script_evidence: OpenCC's tables minus the variants both scripts use, such as 群/羣), so
    Taiwanese text with 群 or 床 stays silent. A document needs at least five marks of its
    main script; a minority character is reported when its simplified form is among the
    most frequent characters of Chinese (a converter that misses 發 misses it everywhere) or
    when three or more different minority characters occur. Minority characters less than
    ten characters apart form one finding. Not mixing, so never reported:
    - language-switch labels, which name the script they switch to (`转繁體版`,
      `切換到繁體`, `繁體中文`; data/script_switch_labels.txt);
    - names in the other script: a run of it beside a capitalised Latin name
      (`EE Times Taiwan 電子工程專輯`), a whole title in 《》, or a user name opening a
      comment (`你識條鐵:粤b牌…`);
    - Japanese (kana nearby), whose kanji look traditional;
    - forms simplification merged into another character (蔘 in 人蔘, 髮, 穀, 昇 in 昇腾:
      OpenCC's second choices) count only beside two other minority characters.

Why it matters:
    Mixed script is the fingerprint of a broken or partial converter; the same word is then
    spelled two ways, which splits vocabulary counts and confuses deduplication.

Example:
    bad:  绿色食品产业的健康發展
    good: 绿色食品产业的健康发展

Fix:
    Convert the whole document to one script with OpenCC (`opencc -c t2s.json` or
    `s2t.json`), then check the names it may have changed.
"""

import re

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import SCATTERED, Rule
from corpus_qa.rules.encoding._spans import grouped
from corpus_qa.text.charsets import IDEOGRAPH, frequent_ideographs
from corpus_qa.text.data_files import words
from corpus_qa.text.script import fold_to_simplified, merged_traditional_forms
from corpus_qa.text.script_evidence import script_counts, script_offsets, script_patterns

_MIN_MAJORITY = 5
_GROUP_GAP = 10  # minority characters closer than this form one finding
_NAME_RUN = 12  # the longest run of ideographs taken for a name or a label
_LABEL_REACH = 8  # a switch label may sit in the markup right beside its run (`切換到<em>繁體`)
_KANA_REACH = 6

_RUN = re.compile(f"[{IDEOGRAPH}]+")
_KANA = re.compile("[\u3041-\u3096\u30a1-\u30fa]")  # kana letters, not the middle dot ・ of names
_LATIN_NAME_BEFORE = re.compile(r"(?:^|[^A-Za-z])[A-Z][A-Za-z0-9&.'-]+[ \u00a0]?$")
_LATIN_NAME_AFTER = re.compile(r"^[ \u00a0]?[A-Z][A-Za-z0-9&.'-]+")


def check(doc, ctx):
    text = doc.text
    if text.isascii():
        return
    traditional, simplified = script_counts(text)
    if traditional >= simplified:
        main, minority_name, majority, minority_count = "traditional", "simplified", traditional, simplified
    else:
        main, minority_name, majority, minority_count = "simplified", "traditional", simplified, traditional
    if not minority_count or majority < _MIN_MAJORITY:
        return
    majority_pattern = script_patterns()[0 if main == "traditional" else 1]
    minority = [i for i in script_offsets(text, minority_name) if not _excused(text, i, majority_pattern)]
    chars = {text[i] for i in minority}
    merged = merged_traditional_forms() if minority_name == "traditional" else frozenset()
    telling = chars - merged  # merged forms join a converter's traces but are none alone
    frequent = frequent_ideographs()
    if not (any(fold_to_simplified(c) in frequent for c in telling) or len(telling) >= 3
            or (len(telling) == 2 and len(chars) >= 3)):
        return
    for start, end, count in grouped(((i, i + 1) for i in minority), gap=_GROUP_GAP):
        found = "".join(dict.fromkeys(c for c in text[start:end] if c in chars))
        yield Hit(
            start, end, f"{count} {minority_name} character(s) ({found[:12]}) in a {main} document",
            {"script": main, "characters": found},
        )


def _excused(text: str, at: int, majority_pattern: re.Pattern[str]) -> bool:
    """Whether the minority character at `at` is a label, a name or Japanese, not mixing."""
    if _KANA.search(text, max(0, at - _KANA_REACH), at + _KANA_REACH + 1):
        return True
    run = _RUN.match(text, _run_start(text, at))
    start, end = run.span()
    if end - start > _NAME_RUN:
        return False
    around = fold_to_simplified(text[max(0, start - _LABEL_REACH) : end + _LABEL_REACH])
    if any(label in around for label in words("script_switch_labels.txt")):
        return True
    if majority_pattern.search(run.group()):
        return False  # a name is written wholly in its script
    if _LATIN_NAME_BEFORE.search(text, max(0, start - 40), start) or _LATIN_NAME_AFTER.match(text[end : end + 40]):
        return True
    if text[end : end + 1] == ":" and text[end + 1 : end + 2] != " ":
        return True  # a user name opening a comment in a thread (`你識條鐵:粤b牌…`)
    return text[start - 1 : start] == "《" and text[end : end + 1] == "》"


def _run_start(text: str, at: int) -> int:
    start = at
    while start > 0 and at - start <= _NAME_RUN and _RUN.match(text, start - 1):
        start -= 1
    return start


RULE = Rule("ENC009", "mixed-script", Category.ENCODING, Severity.WARNING, check=check, run_gap=SCATTERED)

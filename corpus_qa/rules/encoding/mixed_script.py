"""Traditional and simplified characters mixed inside one document.

What it flags:
    Characters of the minority script in a document clearly written in the other one: `發`
    in `产业的健康發展`, `们` in traditional text. Only characters that prove a script count
    (script_evidence: OpenCC's tables minus the variants both scripts use, such as 群/羣), so
    Taiwanese text with 群 or 床 stays silent. A document needs at least five marks of its
    main script; a minority character is reported when its simplified form is among the
    most frequent characters of Chinese (a converter that misses 發 misses it everywhere) or
    when three or more different minority characters occur. Minority characters less than
    ten characters apart form one finding.

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

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.encoding._spans import grouped
from corpus_qa.text.charsets import frequent_ideographs
from corpus_qa.text.script import fold_to_simplified
from corpus_qa.text.script_evidence import script_counts, script_offsets

_MIN_MAJORITY = 5
_GROUP_GAP = 10  # minority characters closer than this form one finding


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
    minority = script_offsets(text, minority_name)
    frequent = frequent_ideographs()
    chars = {text[i] for i in minority}
    if len(chars) < 3 and not any(fold_to_simplified(c) in frequent for c in chars):
        return
    for start, end, count in grouped(((i, i + 1) for i in minority), gap=_GROUP_GAP):
        found = "".join(dict.fromkeys(c for c in text[start:end] if c in chars))
        yield Hit(
            start, end, f"{count} {minority_name} character(s) ({found[:12]}) in a {main} document",
            {"script": main, "characters": found},
        )


RULE = Rule("ENC009", "mixed-script", Category.ENCODING, Severity.WARNING, check=check)

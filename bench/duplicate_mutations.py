"""How a copy of an article drifts from its original: the edits the duplicate benchmarks inject.

Each mutation takes (text, rng) and returns the copy. NEAR are the variants a near-duplicate
detector must catch (the same article re-posted); STRETCH are heavier rewrites reported
separately, where missing is acceptable.
"""

from __future__ import annotations

import random
import re
from functools import lru_cache
from typing import Callable

_SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]*\n?")
_FILLER = (  # common characters, for substitutions
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种"
    "面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本"
    "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比"
    "或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做"
    "必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权"
    "收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信"
    "马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连"
    "断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存"
    "候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
)


def char_edits(rate: float) -> Callable[[str, random.Random], str]:
    """Substitute, insert or delete characters at `rate` (a typo-level rewrite)."""

    def mutate(text: str, rng: random.Random) -> str:
        out = []
        for char in text:
            if char in "\n<>" or rng.random() >= rate:
                out.append(char)
                continue
            kind = rng.random()
            if kind < 0.5:
                out.append(rng.choice(_FILLER))
            elif kind < 0.75:
                out.append(char + rng.choice(_FILLER))
        return "".join(out)

    mutate.__name__ = f"edits_{round(rate * 100)}pct"
    return mutate


@lru_cache(maxsize=4)
def _opencc(conversion: str):
    from opencc import OpenCC

    return OpenCC(conversion)


def to_traditional(text: str, rng: random.Random) -> str:
    """OpenCC phrase-level simplified -> traditional (Taiwan wording: 软件 -> 軟體)."""
    return _opencc("s2twp").convert(text)


def to_simplified(text: str, rng: random.Random) -> str:
    return _opencc("t2s").convert(text)


def wrap_markup(text: str, rng: random.Random) -> str:
    """Every paragraph in CMS markup, as the second version of the rsshub pair has it."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    wrapped = "".join(
        f'<p cms-style="font-L">\u3000\u3000<font cms-style="font-L">{p}</font></p>\n' for p in paragraphs
    )
    return f"<div>\n{wrapped}</div>\n"


def add_boilerplate(text: str, rng: random.Random) -> str:
    """A 原标题 line in front, an editor credit and an app promotion behind."""
    first = text.strip().split("\n", 1)[0][:30]
    editor = rng.choice(["张恒星", "王涵", "李桐", "刘明"]) + f" SF{rng.randint(100, 999)}"
    return f"原标题：{first}\n{text}\n责任编辑：{editor}\n海量资讯、精准解读，尽在新浪财经APP\n"


def truncate(keep: float) -> Callable[[str, random.Random], str]:
    def mutate(text: str, rng: random.Random) -> str:
        return text[: max(1, int(len(text) * keep))]

    mutate.__name__ = f"truncated_to_{round(keep * 100)}pct"
    return mutate


def drop_sentences(rate: float) -> Callable[[str, random.Random], str]:
    def mutate(text: str, rng: random.Random) -> str:
        sentences = _SENTENCE.findall(text)
        kept = [s for s in sentences if rng.random() >= rate] or sentences[:1]
        return "".join(kept)

    mutate.__name__ = f"dropped_{round(rate * 100)}pct_sentences"
    return mutate


def reflow(text: str, rng: random.Random) -> str:
    """Half-width punctuation, other indents and line ends: what a re-export changes."""
    table = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "！": "!", "？": "?"})
    lines = [line.strip() for line in text.translate(table).split("\n")]
    return "\r\n".join("\u3000\u3000" + line if line else line for line in lines)


def drop_paragraph(text: str, rng: random.Random) -> str:
    """One paragraph (of two or more) left out."""
    paragraphs = text.split("\n")
    filled = [at for at, paragraph in enumerate(paragraphs) if paragraph.strip()]
    if len(filled) > 1:
        del paragraphs[rng.choice(filled)]
    return "\n".join(paragraphs)


def light_edits(text: str, rng: random.Random) -> str:
    """About one character in 25 replaced, dropped or inserted, and one paragraph left out:
    a copy re-typed or run through a spinner, right at the edge of the Jaccard threshold."""
    return char_edits(0.04)(drop_paragraph(text, rng), rng)


def combined(text: str, rng: random.Random) -> str:
    """Markup, boilerplate and 1% typos at once."""
    return wrap_markup(add_boilerplate(char_edits(0.01)(text, rng), rng), rng)


NEAR: list[Callable[[str, random.Random], str]] = [
    char_edits(0.01), char_edits(0.02), char_edits(0.03), wrap_markup, add_boilerplate, truncate(0.85),
    drop_sentences(0.1), reflow, combined, light_edits,
]
STRETCH: list[Callable[[str, random.Random], str]] = [
    char_edits(0.05), char_edits(0.1), truncate(0.6), drop_sentences(0.3),
]


def replace_sentences(rate: float, donor: str, text: str, rng: random.Random) -> str:
    """Replace a share of sentences with sentences of another article (a look-alike)."""
    donors = _SENTENCE.findall(donor) or [donor]
    return "".join(rng.choice(donors) if rng.random() < rate else s for s in _SENTENCE.findall(text))


def shared_boilerplate(article: str, block: str) -> str:
    """A distinct article carrying the same long template block (a look-alike)."""
    return f"{block}\n{article}\n{block}\n"

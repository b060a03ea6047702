"""Which paragraphs the paragraph rules leave to the boilerplate (BP) family.

Two tests. `structural` is cheap and runs on every paragraph: a paragraph whose normalised
form is mostly not letters, digits or ideographs (link lists, rows of symbols, bare URLs), or
that holds no ideograph and reads like code (CSS rules, script), is not article text.
`template_line` asks the BP family's line classifier
(`corpus_qa.rules.boilerplate._lines.is_boilerplate_line`, when it is installed), which runs
every BP keyword rule on the line (about 0.2 ms a line, after compiling its patterns once
per process, 1.5-3.5 s). So only the shared-paragraph rule asks it, in the main process and
only about the few paragraphs it is about to report, of which it holds the opening (up to
40 characters); on the iNews paragraphs of 30-300 characters, the opening and the whole line
get the same answer for 318 of the 348 the classifier flags.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Callable

from corpus_qa.text.normalise import word_count

_MIN_WORD_SHARE = 0.5
_CODE_PUNCTUATION = re.compile(r"[{}\[\]<>=;:#/\\|]")
_IDEOGRAPH = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003134f]")


def structural(paragraph: str, form: str) -> bool:
    """Not article text by its make-up (form: the paragraph's normalised form)."""
    if word_count(form) < _MIN_WORD_SHARE * len(form):
        return True
    return _IDEOGRAPH.search(form) is None and len(_CODE_PUNCTUATION.findall(form)) >= 0.1 * len(form)


@lru_cache(maxsize=1)
def _classifier() -> Callable[[str], bool] | None:
    try:
        from corpus_qa.rules.boilerplate._lines import is_boilerplate_line
    except ImportError:
        return None
    return is_boilerplate_line


def template_line(line: str) -> bool:
    """Whether the BP family explains this line (False when the BP family is not installed)."""
    classify = _classifier()
    return classify is not None and classify(line)

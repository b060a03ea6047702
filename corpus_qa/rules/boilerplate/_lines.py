"""Public helper for other rule families: is a line something the BP family already explains?

The DUP family uses it to leave template lines (责任编辑：…, 扫描二维码关注…, 分享到：…)
out of shared-paragraph detection; BP009 uses it so a repeated line that a keyword rule
already reports is not reported twice.

The rules asked are read from the registry, so a new BP rule is asked without being listed
here: every BP rule that checks one document's text. Not asked: BP009 (a corpus rule),
the rules that read a page's markup (BP013, BP014: a line of text is not a page), and
those named in NOT_LINE_RULES.
"""

from __future__ import annotations

from functools import lru_cache

from corpus_qa.model import Category, Document
from corpus_qa.page.parts import MARKUP
from corpus_qa.rules.base import RuleContext

_CONTEXT = RuleContext()

# BP rules about several lines together; what they say of one line is asked another way.
NOT_LINE_RULES = {
    "BP002": "a related-content list is a run of lines; of one line, only its heading counts (_heading)",
}


@lru_cache(maxsize=1)
def line_rules() -> tuple:
    """The BP rules whose hits on a line alone say it is boilerplate (registry order)."""
    from corpus_qa.rules.registry import all_rules  # the registry imports every rule module, DUP's too

    return tuple(
        rule for code, rule in all_rules().items()
        if rule.category is Category.BOILERPLATE and rule.check is not None and rule.reads != MARKUP
        and code not in NOT_LINE_RULES
    )


@lru_cache(maxsize=65536)
def is_boilerplate_line(line: str) -> bool:
    """True when BP's per-document rules flag at least half of the line's visible
    characters, or the line is a related-content list heading (相关阅读, 热门推荐 …).
    Pure: the answer depends on the line alone."""
    from corpus_qa.rules.boilerplate.related_content_list import _heading

    stripped = line.strip()
    if not stripped:
        return False
    if _heading(stripped):
        return True
    doc = Document(id="line", text=stripped)
    covered = [False] * len(stripped)
    for rule in line_rules():
        for hit in rule.check(doc, _CONTEXT):
            for index in range(max(hit.start, 0), min(hit.end, len(stripped))):
                covered[index] = True
    visible = [i for i, c in enumerate(stripped) if not c.isspace()]
    return bool(visible) and sum(covered[i] for i in visible) * 2 >= len(visible)

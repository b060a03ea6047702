"""Public helper for other rule families: is a line something the BP family already explains?

The DUP family uses it to leave template lines (责任编辑：…, 扫描二维码关注…, 分享到：…)
out of shared-paragraph detection; BP009 uses it so a repeated line that a keyword rule
already reports is not reported twice.
"""

from __future__ import annotations

from functools import lru_cache

from corpus_qa.model import Document
from corpus_qa.rules.base import RuleContext

_CONTEXT = RuleContext()


def _keyword_rules():
    from corpus_qa.rules.boilerplate import (
        comment_widget,
        copyright_notice,
        editor_credit,
        html_residue,
        injected_link,
        navigation_trail,
        original_title,
        promo_block,
        share_widget,
        spam_injection,
    )

    return (comment_widget, copyright_notice, editor_credit, html_residue, injected_link, navigation_trail,
            original_title, promo_block, share_widget, spam_injection)


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
    for module in _keyword_rules():
        for hit in module.check(doc, _CONTEXT):
            for index in range(max(hit.start, 0), min(hit.end, len(stripped))):
                covered[index] = True
    visible = [i for i, c in enumerate(stripped) if not c.isspace()]
    return bool(visible) and sum(covered[i] for i in visible) * 2 >= len(visible)

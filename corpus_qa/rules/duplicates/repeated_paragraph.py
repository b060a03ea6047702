"""A paragraph that appears more than once inside one document.

What it flags:
    Each later occurrence of a paragraph whose text, normalised as DUP001 normalises whole
    documents (markup, white space, punctuation width and script folded), equals an earlier
    paragraph of the same document. Paragraphs are split at line ends, escaped `\\n` and
    block-level HTML tags, so `<p>…</p><p>…</p>` on one line counts as two paragraphs.
    Consecutive repeated paragraphs that repeat consecutive earlier ones (a block pasted
    twice) form one finding. Paragraphs shorter than `paragraph-min-chars` (default 30)
    normalised characters, and rows that are not article text by their make-up (CSS, link
    rows, symbols), are not compared; a template paragraph printed twice (the same
    disclaimer twice) is reported, since the doubling is the defect. Whole `.html` pages are
    not checked: their repeated parts are menus and footers, left to the extractor.
    The finding covers the repeat and names the line of the first occurrence.

Why it matters:
    A doubled paragraph is an extraction or editing error: the page template or the
    scraper emitted the text twice. It teaches a model to repeat itself and skews length
    and n-gram statistics.

Example:
    bad:  <p>对于《通知》对企业和个人融资的影响，相关负责人指出，……良性循环。</p>
          <p>对于《通知》对企业和个人融资的影响，相关负责人指出，……良性循环。</p>
    good: the paragraph once

Fix:
    Delete the repeat (keep the first occurrence), and fix the extraction step that
    doubled it if the pattern recurs.
"""

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.duplicates._boilerplate import structural
from corpus_qa.rules.duplicates._shared import body_paragraphs, compares_paragraphs, settings_of


def check(doc, ctx):
    if not compares_paragraphs(doc):
        return
    settings = settings_of(ctx)
    text = doc.text
    listed = [p for p in body_paragraphs(doc) if len(p.form) >= settings.paragraph_min_chars]
    first_index: dict[str, int] = {}
    found = []  # (index of a repeat, index of the first occurrence)
    for index, paragraph in enumerate(listed):
        earlier = first_index.setdefault(paragraph.form, index)
        if earlier != index:
            found.append((index, earlier))
    if not found:
        return
    template = {form for form in {listed[index].form for index, _ in found}
                if structural(text[listed[first_index[form]].start : listed[first_index[form]].end], form)}
    found = [(index, earlier) for index, earlier in found if listed[index].form not in template]
    for run in _runs(found):
        yield _hit(doc, listed, run)


def _runs(found):
    """Group (index, earlier) pairs into blocks: index and earlier both advancing by one."""
    run = []
    for index, earlier in found:
        if run and index == run[-1][0] + 1 and earlier == run[-1][1] + 1:
            run.append((index, earlier))
            continue
        if run:
            yield run
        run = [(index, earlier)]
    if run:
        yield run


def _hit(doc, listed, run):
    first, last = listed[run[0][0]], listed[run[-1][0]]
    original = listed[run[0][1]]
    original_line, original_column = doc.position(original.start)
    where = f"line {original_line}"
    if original_line == doc.position(first.start)[0]:
        where += f", column {original_column}"
    if len(run) == 1:
        message = f"paragraph repeated: the same text is already at {where}"
    else:
        message = f"{len(run)} paragraphs repeated: the same block is already at {where}"
    data = {
        "first_start": original.start,
        "first_end": original.end,
        "first_line": original_line,
        "paragraphs": len(run),
        "occurrences": sum(1 for p in listed if p.form == first.form),
    }
    return Hit(first.start, last.end, message, data)


RULE = Rule("DUP003", "repeated-paragraph", Category.DUPLICATE, Severity.WARNING, check=check)

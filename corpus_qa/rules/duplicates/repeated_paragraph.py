"""A paragraph that appears more than once inside one document.

What it flags:
    Each later occurrence of a paragraph whose text, normalised as DUP001 normalises whole
    documents (markup, white space, punctuation width and script folded), equals an earlier
    paragraph of the same document. Paragraphs are split at line ends, escaped `\\n` and
    block-level HTML tags, so `<p>…</p><p>…</p>` on one line counts as two paragraphs.
    Consecutive repeated paragraphs that repeat consecutive earlier ones (a block pasted
    twice) form one finding. A paragraph of `paragraph-min-chars` (default 30) normalised
    characters or more is compared with every earlier one; a shorter one only with the
    paragraph right before it, or as part of a block of up to three lines printed twice in
    a row (a photo caption, a title and byline printed twice), and only if it holds at
    least 4 letters or ideographs (blank lines, separators, bullets, figures and
    one-character lines are not compared; nor are lines inside Markdown code blocks).
    Rows that are not article text by their make-up (CSS, link rows, symbols) are left
    out; a template paragraph printed twice (the same disclaimer twice) is reported, since
    the doubling is the defect. Of a web page only the article is read (corpus_qa.page):
    its menus and footers repeat by design. The finding covers the repeat and names
    the line of the first occurrence (`data`: its offsets).

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
    doubled it if the pattern recurs. `corpus-qa fix` deletes it with the line break
    before it (safe: the text is there once more).
"""

from typing import Iterator

from corpus_qa.model import Category, Edit, Fix, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.duplicates._boilerplate import structural
from corpus_qa.rules.duplicates._repetition import SHORT_MIN_LETTERS, inside, in_code_fence, runs, short_worth_comparing
from corpus_qa.rules.duplicates._shared import body_paragraphs, settings_of

BLOCK = 3  # short paragraphs repeated in a row are recognised in blocks of up to this many


def check(doc, ctx):
    for run, listed in repeated_runs(doc, settings_of(ctx)):
        yield _hit(doc, listed, run)


def repeated_runs(doc, settings):
    """[(run of (index of a repeat, index of the first occurrence), the paragraphs indexed)]:
    what DUP003 reports, for the rules that leave the sentences inside it alone (worked out
    once per document: DUP003, DUP007 and DUP008 ask in turn)."""
    return doc.analysis(_runs_of, settings)


def _runs_of(doc, settings):
    text, listed = doc.text, body_paragraphs(doc)
    first_index: dict[str, int] = {}
    found: dict[int, int] = {}  # index of a repeat -> index of the first occurrence
    for index in listed.at_least(settings.paragraph_min_chars):
        earlier = first_index.setdefault(listed.form(index), index)
        if earlier != index:
            found[index] = earlier
    for index, earlier in _short_repeats(text, listed, settings.paragraph_min_chars):
        found.setdefault(index, earlier)
    if not found:
        return []
    firsts: dict[str, int] = {}
    for index, earlier in found.items():
        form = listed.form(index)
        firsts[form] = min(firsts.get(form, earlier), earlier)
    template = {form for form, at in firsts.items() if structural(text[listed.starts[at] : listed.ends[at]], form)}
    pairs = sorted((index, earlier) for index, earlier in found.items() if listed.form(index) not in template)

    def skipped(index: int) -> bool:
        return index not in found and listed.form_length(index) < settings.paragraph_min_chars

    def continues(run, pair) -> bool:
        """Index and earlier both advance to the next paragraph, over short paragraphs that
        are not compared (`skipped`)."""
        return _next(run[-1][0], pair[0], skipped) and _next(run[-1][1], pair[1], skipped)

    return [(run, listed) for run in runs(pairs, continues)]


def _short_repeats(text, listed, min_chars):
    """(repeat, original) for short paragraphs printed twice in a row, alone or as a block of
    up to BLOCK paragraphs (a caption, a title and byline printed twice); outside code."""
    fences = in_code_fence(text)
    text_of_forms, bounds = listed.forms, listed.bounds
    taken: set[int] = set()
    for period in range(1, BLOCK + 1):
        for start in _short_candidates(listed.form_lengths(), period, min_chars):
            forms = [text_of_forms[bounds[i] : bounds[i + 1]] for i in range(start, start + 2 * period)]
            block = range(start + period, start + 2 * period)
            if forms[:period] != forms[period:] or taken & set(block):
                continue
            if period > 1 and forms[:period].count(forms[0]) == period:
                continue  # one paragraph several times: a block of one, seen above
            if not short_worth_comparing("".join(forms[:period])):
                continue
            if any(inside(fences, listed.starts[i], listed.ends[i]) for i in range(start, start + 2 * period)):
                continue
            for index in block:
                taken.add(index)
                yield index, index - period


def _short_candidates(lengths, period, min_chars) -> Iterator[int]:
    """The starts of blocks of `period` paragraphs that may be printed twice in a row, by
    their forms' lengths alone (the forms themselves are compared after): each length equal
    to the one `period` later, enough characters for SHORT_MIN_LETTERS letters, and not
    every repeat long (long paragraphs are compared anywhere above)."""
    import numpy as np  # imported late: listing the rules does not need it

    starts = len(lengths) - 2 * period + 1
    if starts <= 0:
        return

    def window_sums(values, offset):
        sums = np.concatenate(([0], np.cumsum(values, dtype=np.int64)))
        return sums[offset + period : offset + period + starts] - sums[offset : offset + starts]

    same = window_sums(lengths[:-period] == lengths[period:], 0) == period
    enough = window_sums(lengths, 0) >= SHORT_MIN_LETTERS
    all_long = window_sums(lengths >= min_chars, period) == period
    candidates = np.flatnonzero(same & enough & ~all_long)
    for at in range(0, len(candidates), 65536):  # a list of a million ints would take 40 MB
        yield from candidates[at : at + 65536].tolist()


def _next(last: int, index: int, skipped) -> bool:
    return index > last and all(skipped(between) for between in range(last + 1, index))


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
    first_start, first_end = doc.locate(original.start, original.end)[:2]  # in a page's text, for a part of one
    data = {
        "first_start": first_start,
        "first_end": first_end,
        "first_line": original_line,
        "paragraphs": len(run),
        "occurrences": _occurrences(listed, first.form),
    }
    return Hit(first.start, last.end, message, data, _removal(doc.text, first.start, last.end))


def _removal(text: str, start: int, end: int) -> Fix:
    """The repeat deleted with the white space that separates it from what comes before (or,
    first in the text, after)."""
    before = start
    while before > 0 and text[before - 1] in _SEPARATOR:
        before -= 1
    if before == 0:
        while end < len(text) and text[end] in _SEPARATOR:
            end += 1
    return Fix((Edit(before, end, ""),), True, "delete the repeated paragraph(s)")


_SEPARATOR = " \t\r\n\u3000"


def _occurrences(listed, form) -> int:
    size, bounds = len(form), listed.bounds
    return sum(1 for i in range(len(listed)) if bounds[i + 1] - bounds[i] == size and listed.form(i) == form)


RULE = Rule("DUP003", "repeated-paragraph", Category.DUPLICATE, Severity.WARNING, check=check,
            explains=("DUP007", "DUP008"))


def repeated_spans(doc, settings) -> list[tuple[int, int]]:
    """The spans DUP003 reports (the repeats), for the rules that leave what is inside alone."""
    return [(listed[run[0][0]].start, listed[run[-1][0]].end) for run, listed in repeated_runs(doc, settings)]

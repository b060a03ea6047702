"""A phrase printed two or more times in a row inside one line.

What it flags:
    A run of text of at least 6 letters, digits or ideographs (4 of them letters or
    ideographs) that is immediately followed, inside the same paragraph, by one or more
    exact copies of itself (separated at most by white space or a trailing punctuation
    mark): a photo-caption carousel flattened into one line ("台南市今天新增兩確診個案。圖／市府提供"
    three times in a row), a headline or a sentence pasted twice without a line break.
    The finding covers the copies after the first and names where the first one is; one
    finding per repeated unit. A unit that is itself a short unit repeated (哈哈哈…, 谢谢谢谢)
    is left alone, as are figures alone and Markdown code blocks (of a web page only the
    article is read: corpus_qa.page); a
    paragraph printed twice is DUP003's, and the phrases inside its copy are not reported
    again.

Why it matters:
    A phrase doubled in a row is a scraping or templating error (a slideshow's captions, a
    widget rendered twice), not writing: it teaches a model to stutter and inflates n-gram
    counts.

Example:
    bad:  台南市政府今天前往新化年貨大街消毒。圖／市府提供台南市今天新增兩確診個案。圖／市府提供台南市今天新增兩確診個案。圖／市府提供
    good: 台南市政府今天前往新化年貨大街消毒。圖／市府提供

Fix:
    Keep the first copy and delete the ones after it; when a page's captions or widgets are
    the cause, drop them in the extraction step.
"""

from functools import lru_cache

from corpus_qa.corpus.content import body_start
from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.duplicates._repetition import tandem_repeats
from corpus_qa.rules.duplicates._shared import settings_of, text_paragraphs
from corpus_qa.rules.duplicates.repeated_paragraph import repeated_spans

EXCERPT = 30


def phrase_repeats(doc, settings):
    """The Repeats DUP007 reports (outside the paragraphs DUP003 reports)."""
    explained = repeated_spans(doc, settings)  # also splits the paragraphs _tandems_of reads
    return [repeat for repeat in _tandems_of(doc.text, body_start(doc))
            if not any(start <= repeat.start and repeat.end <= end for start, end in explained)]


@lru_cache(maxsize=2)  # by value: DUP007 and DUP008 ask about the same text in turn
def _tandems_of(text, body):
    return tuple(tandem_repeats(text, text_paragraphs(text, body)))


def check(doc, ctx):
    for repeat in phrase_repeats(doc, settings_of(ctx)):
        unit = doc.text[repeat.first_start : repeat.first_end]
        line, column = doc.position(repeat.first_start)
        times = "once more" if repeat.copies == 1 else f"{repeat.copies} more times"
        shown = unit if len(unit) <= EXCERPT else unit[:EXCERPT] + "…"
        message = f"phrase repeated in a row: {shown!r} is printed {times} right after line {line}, column {column}"
        data = {
            "first_start": repeat.first_start,
            "first_end": repeat.first_end,
            "first_line": line,
            "copies": repeat.copies + 1,
        }
        yield Hit(repeat.start, repeat.end, message, data)


RULE = Rule("DUP007", "repeated-phrase", Category.DUPLICATE, Severity.WARNING, check=check, explains=("DUP008",))

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


from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.duplicates._repetition import tandem_repeats
from corpus_qa.rules.duplicates._shared import body_paragraphs, settings_of
from corpus_qa.rules.duplicates.repeated_paragraph import repeated_spans

EXCERPT = 30


def phrase_repeats(doc, settings):
    """The Repeats DUP007 reports (outside the paragraphs DUP003 reports)."""
    explained = repeated_spans(doc, settings)
    return [repeat for repeat in doc.analysis(_tandems_of)
            if not any(start <= repeat.start and repeat.end <= end for start, end in explained)]


def _tandems_of(doc):
    """The phrases repeated in a row (worked out once per document: DUP007 and DUP008 ask)."""
    return tuple(tandem_repeats(doc.text, body_paragraphs(doc)))


def check(doc, ctx):
    for repeat in phrase_repeats(doc, settings_of(ctx)):
        unit = doc.text[repeat.first_start : repeat.first_end]
        line, column = doc.position(repeat.first_start)
        times = "once more" if repeat.copies == 1 else f"{repeat.copies} more times"
        shown = unit if len(unit) <= EXCERPT else unit[:EXCERPT] + "…"
        message = f"phrase repeated in a row: {shown!r} is printed {times} right after line {line}, column {column}"
        first_start, first_end = doc.locate(repeat.first_start, repeat.first_end)[:2]  # in a page's text
        data = {
            "first_start": first_start,
            "first_end": first_end,
            "first_line": line,
            "copies": repeat.copies + 1,
        }
        yield Hit(repeat.start, repeat.end, message, data)


RULE = Rule("DUP007", "repeated-phrase", Category.DUPLICATE, Severity.WARNING, check=check, explains=("DUP008",))

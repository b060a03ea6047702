"""A sentence printed again elsewhere in the same document.

What it flags:
    A complete sentence (ended by 。！？!?) of at least 15 letters or ideographs (40
    letters for a sentence without ideographs) whose normalised text (markup, white space,
    punctuation width and script folded, as DUP001 compares) equals an earlier sentence of
    the same document: a summary that repeats the lead, a paragraph's closing sentence
    pasted again further down, a quotation printed twice. Consecutive repeated sentences
    that repeat consecutive earlier ones form one finding. Left to the other rules: a
    sentence inside a paragraph printed twice (DUP003) or inside a phrase repeated in a row
    (DUP007); headings, list items and captions (no closing punctuation); Markdown code
    blocks. Of a web page only the article is read (corpus_qa.page).

Why it matters:
    A sentence that occurs twice in one article is an editing or extraction error (a
    teaser block, a related-article box, a template that prints the lead twice). It weighs
    twice in training and shows a model that repeating itself is normal.

Example:
    bad:  新北市今天新增15例本土病例，其中9例為居家隔離者。…（three paragraphs later）…
          新北市今天新增15例本土病例，其中9例為居家隔離者。
    good: the sentence once

Fix:
    Delete the later copy (keep the first occurrence), or the teaser block that holds it.
"""

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.rules.base import Rule
from corpus_qa.rules.duplicates._repetition import repeated_sentences
from corpus_qa.rules.duplicates._shared import body_paragraphs, settings_of
from corpus_qa.rules.duplicates.repeated_paragraph import repeated_spans
from corpus_qa.rules.duplicates.repeated_phrase import phrase_repeats


def check(doc, ctx):
    settings = settings_of(ctx)
    explained = repeated_spans(doc, settings) + [(r.first_start, r.end) for r in phrase_repeats(doc, settings)]
    for repeat in repeated_sentences(doc.text, body_paragraphs(doc), explained):
        line, column = doc.position(repeat.first_start)
        what = "sentence" if repeat.copies == 1 else f"{repeat.copies} consecutive sentences"
        message = f"{what} repeated: the same text is already at line {line}, column {column}"
        first_start, first_end = doc.locate(repeat.first_start, repeat.first_end)[:2]  # in a page's text
        data = {
            "first_start": first_start,
            "first_end": first_end,
            "first_line": line,
            "sentences": repeat.copies,
        }
        yield Hit(repeat.start, repeat.end, message, data)


RULE = Rule("DUP008", "repeated-sentence", Category.DUPLICATE, Severity.INFO, check=check)

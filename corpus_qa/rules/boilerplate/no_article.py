"""A web page in which no article can be found: a front page, a list, a login or error page.

What it flags:
    An `.html` page (or an HTML record of a crawl archive) whose visible text holds no run
    of prose: trafilatura found no main content, or what it found is headlines, menus and
    links, with less than 60 characters of prose lines in all (see corpus_qa.page.article).
    One finding per page, on its first visible line (its title); the message gives the
    size of the visible text. The other BP rules then have no article to look around, so
    this is the page's only boilerplate finding besides its repeated lines.

    A page whose article is short but real prose (a brief of two sentences) is left
    alone, and so is any document that is not a page.

Why it matters:
    A crawl keeps every URL it fetched: channel front pages, tag lists, comment pages,
    "page not found". Their text is navigation. In a corpus of articles they are noise
    that no line-level filter removes, because every line of them looks like a headline.

Example:
    bad:  a channel page: 首页 / 要闻 / 财经 … and fifty headline links, no paragraph
    good: an article page: headline, byline, paragraphs of prose

Fix:
    Drop the page from the corpus, or fix the crawl so it keeps article pages only.
"""

from corpus_qa.model import Category, Hit, Severity
from corpus_qa.page.parts import MARKUP
from corpus_qa.rules.base import Rule


def check(doc, ctx):
    reading = doc.page
    if reading is None or reading.article is not None:
        return
    visible = reading.visible
    if not visible.text:
        yield Hit(0, 0, "no article: the page shows no text at all", {"visible_chars": 0})
        return
    first_line = visible.text.find("\n")
    first_line = len(visible.text) if first_line == -1 else first_line
    start, end = visible.starts[0], visible.ends[max(first_line - 1, 0)]
    lines = visible.text.count("\n") + 1
    message = (f"no article: the page's {len(visible.text)} visible characters in {lines} lines are "
               "headlines, menus and links, with no run of prose")
    yield Hit(start, max(start, end), message, {"visible_chars": len(visible.text), "lines": lines})


RULE = Rule("BP013", "no-article", Category.BOILERPLATE, Severity.WARNING, check=check, reads=MARKUP)

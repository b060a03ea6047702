"""A web page as the rules read it.

An `.html` file, or an HTML record of a crawl archive, is a page: markup, navigation and
scripts around an article. Rules never read its markup as text. Each rule reads one part of
the page (`Rule.reads`, by family):

- `markup`: the page as decoded, tags and all (ENC019: the charset a page declares; the
  problems of the file itself, BP013: a page without an article);
- `visible`: what a reader sees (`visible.py`): the other encoding rules;
- `vicinity`: the article and the lines just before and after it, where sites inject
  credits, promos, share bars and related lists: the boilerplate rules;
- `article`: the article (`article.py`): the duplicate rules, so one story saved from two
  URLs is a duplicate.

A part of a page is itself a Document whose `placement` says where each of its characters
lies in the page, so every finding's offsets, lines and columns point into the page as
decoded (`parts.py`). A document that is not a page is every part of itself.
"""

from corpus_qa.page.parts import ARTICLE, MARKUP, PARTS, VICINITY, VISIBLE, PageReading, read_page, view

__all__ = ["ARTICLE", "MARKUP", "PARTS", "VICINITY", "VISIBLE", "PageReading", "read_page", "view"]

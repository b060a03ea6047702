"""Compare main-content extractors on Chinese news pages against the gold data in shared/corpora.

    python bench/extractors.py [--json FILE] [--corpora DIR] [--repeats 3]

Gold sets (see shared/corpora/SOURCES.md, sections 5 and 6):
  gne          gne-news-html/result.txt: GNE's own extraction ("content") for 20 of its pages. A
               reference output of another extractor, not human gold: it keeps some chrome of its
               own (for example "相关资讯请关注: 逆水寒专区" on gamersky), so precision against it
               is a lower bound, recall is what the issue's done-when measures.
  readability  readability-test-pages-zh/*/source.html against the text of expected.html.
  newspaper    newspaper-zh/chinese_article.html against chinese.txt.
  trafilatura  trafilatura-eval-zh/evaldata-zh.json: no full text, only strings that must be in the
               extract ("with") and must not ("without").

Metrics, per page:
  recall, precision, F1: the text is stripped of every white-space character (str.isspace, so
      U+3000 too) and cut into its overlapping character bigrams; G and E are the multisets of
      bigrams of the gold text and of the extract, and |G & E| their multiset intersection
      (collections.Counter &). recall = |G & E| / |G|, precision = |G & E| / |E|, F1 their
      harmonic mean. An empty extract has recall 0 and precision 0.
  with, without: share of the page's "with" strings found in the extract, share of its "without"
      strings absent from it (plain substring tests, white space removed on both sides).
  locatable: share of the extract's non-blank characters lying in lines that occur verbatim in
      the page's visible text once white space is removed from both: how much of the extract a
      caller can map back onto the page by exact search.
  span recall, span precision: the same bigram recall and precision, of the page's visible text
      from the first to the last extract line found there instead of the extract itself: what
      aligning the extract back onto the page yields. Lines of at least 10 non-blank characters
      are searched in order, each after the previous one found (white space removed on both
      sides); with none found the span is empty.
  ms: median of --repeats wall-clock runs (time.perf_counter) of the extractor on the page.
Aggregates per candidate and gold set: means of the per-page figures, count of empty extracts,
median over pages of the per-page ms. Pages are decoded with corpus_qa.sources.decode.decode.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from corpus_qa.sources.decode import decode

DEFAULT_CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"

BLOCK_TAGS = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
    "header hr li main nav ol p pre section table td th tr ul".split()
)
INVISIBLE_TAGS = ("script", "style", "noscript", "template", "head")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_WHITE = re.compile(r"\s+")
SPAN_ANCHOR_CHARS = 10  # shorter lines ("- 推荐", "分享到：") match anywhere on a page


# --- text helpers -------------------------------------------------------------------------------

def parse_html(html_text: str):
    import lxml.html

    # lxml refuses a str that still carries an XML encoding declaration
    return lxml.html.document_fromstring(_XML_DECLARATION.sub("", html_text) or "<html/>")


def block_text(element) -> str:
    """The element's text, one line per block element (p, div, li, br, h1 ...), blank lines dropped."""
    parts: list[str] = []

    def walk(node) -> None:
        if not isinstance(node.tag, str) or node.tag in INVISIBLE_TAGS:
            return  # comments, processing instructions, scripts
        block = node.tag in BLOCK_TAGS
        if block:
            parts.append("\n")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if block:
            parts.append("\n")

    walk(element)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def visible_text(html_text: str) -> str:
    return block_text(parse_html(html_text))  # block_text skips <head>, scripts, styles, comments


def squeeze(text: str) -> str:
    return _WHITE.sub("", text)


def bigrams(text: str) -> Counter:
    flat = squeeze(text)
    return Counter(flat[i : i + 2] for i in range(len(flat) - 1))


def overlap(gold: str, extract: str) -> dict[str, float]:
    want, got = bigrams(gold), bigrams(extract)
    common = sum((want & got).values())
    recall = common / sum(want.values()) if want else 0.0
    precision = common / sum(got.values()) if got else 0.0
    f1 = 2 * recall * precision / (recall + precision) if recall + precision else 0.0
    return {"recall": recall, "precision": precision, "f1": f1}


def page_span(extract: str, page_visible: str) -> str:
    page = squeeze(page_visible)
    start = end = -1
    cursor = 0
    for line in map(squeeze, extract.splitlines()):
        if len(line) < SPAN_ANCHOR_CHARS:
            continue
        found = page.find(line, cursor)
        if found >= 0:
            start = found if start < 0 else start
            end = cursor = found + len(line)
    return page[start:end] if start >= 0 else ""


def locatable(extract: str, page_visible: str) -> float:
    page = squeeze(page_visible)
    lines = [squeeze(line) for line in extract.splitlines()]
    total = sum(len(line) for line in lines)
    return sum(len(line) for line in lines if line and line in page) / total if total else 0.0


# --- candidates ---------------------------------------------------------------------------------

def trafilatura_with(**options) -> Callable[[str], str]:
    def extract(html_text: str) -> str:
        import trafilatura

        return trafilatura.extract(html_text, include_comments=False, **options) or ""

    return extract


def readability_lxml(html_text: str) -> str:
    import readability

    summary = readability.Document(_XML_DECLARATION.sub("", html_text)).summary(html_partial=True)
    return block_text(parse_html(summary))


_SECTION_TAG = re.compile(r"<(/?)section\b", re.I)


def readability_sections_as_divs(html_text: str) -> str:
    """readability-lxml after renaming <section> to <div>: it never scores <section>, and WeChat
    articles are built of <section><span> (wechat/1.html gives an empty summary without this)."""
    return readability_lxml(_SECTION_TAG.sub(r"<\1div", html_text))


def own_article(html_text: str) -> str:
    articles = parse_html(html_text).iter("article")
    texts = [block_text(article) for article in articles]
    return max(texts, key=lambda text: len(squeeze(text)), default="")


def trafilatura_baseline(html_text: str) -> str:
    from trafilatura import baseline

    return baseline(html_text)[1]


def justext_all_stoplists(html_text: str) -> str:
    """jusText as trafilatura calls it for an unknown language: the union of all its stoplists
    (it has no Chinese one, and Chinese has no spaces to count stop words between)."""
    import justext
    from trafilatura.external import jt_stoplist_init

    paragraphs = justext.justext(_XML_DECLARATION.sub("", html_text), jt_stoplist_init())
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def justext_no_stoplist(html_text: str) -> str:
    """jusText judging by length and link density alone: no stop words, and paragraph lengths
    lowered from 70/200 to 10/40 characters since a Chinese character carries about a word.
    The 10/40 pair was one guess, not tuned on these pages."""
    import justext

    paragraphs = justext.justext(_XML_DECLARATION.sub("", html_text), frozenset(), stopwords_low=0,
                                 stopwords_high=0, length_low=10, length_high=40)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def corpus_qa_article(html_text: str) -> str:
    """What corpus-qa takes as the page's article (corpus_qa.page.article: readability-lxml,
    aligned back onto the visible text and trimmed to its prose): the text the DUP rules read."""
    from corpus_qa.page.article import find_article
    from corpus_qa.page.visible import visible_text as page_visible_text

    visible = page_visible_text(html_text)
    article = find_article(html_text, visible)
    return visible.text[article.start:article.end] if article else ""


def corpus_qa_vicinity(html_text: str) -> str:
    """The article with its vicinity (corpus_qa.page.parts): the text the BP rules read."""
    from corpus_qa.page.parts import read_page

    reading = read_page(html_text)
    return reading.visible.text[slice(*reading.vicinity)] if reading.vicinity else ""


CANDIDATES: dict[str, Callable[[str], str]] = {
    "trafilatura": trafilatura_with(),
    "trafilatura recall": trafilatura_with(favor_recall=True),
    "trafilatura precision": trafilatura_with(favor_precision=True),
    "trafilatura fast": trafilatura_with(fast=True),
    "trafilatura recall, no tables": trafilatura_with(favor_recall=True, include_tables=False),
    "readability-lxml": readability_lxml,
    "readability-lxml, sections as divs": readability_sections_as_divs,
    "<article>": own_article,
    "trafilatura baseline()": trafilatura_baseline,
    "jusText": justext_all_stoplists,
    "jusText, no stoplist": justext_no_stoplist,
    "corpus-qa article": corpus_qa_article,
    "corpus-qa vicinity": corpus_qa_vicinity,
}


# --- gold sets ----------------------------------------------------------------------------------

@dataclass
class Page:
    gold_set: str
    name: str
    html: str
    gold: str | None = None  # full expected text, when the set has one
    with_strings: list[str] = field(default_factory=list)
    without_strings: list[str] = field(default_factory=list)


def read_text(path: Path) -> str:
    return decode(path.read_bytes()).text


def gne_pages(root: Path) -> list[Page]:
    folder = root / "gne-news-html"
    blocks = re.findall(r"^>{5,}tests/(.+?)>{5,}\n(.*?)^<{5,}", (folder / "result.txt").read_text("utf-8"),
                        re.M | re.S)
    return [Page("gne", path, read_text(folder / path), gold=json.loads(body)["content"])
            for path, body in blocks]


def readability_pages(root: Path) -> list[Page]:
    return [Page("readability", folder.name, read_text(folder / "source.html"),
                 gold=block_text(parse_html(read_text(folder / "expected.html"))))
            for folder in sorted((root / "readability-test-pages-zh").iterdir()) if folder.is_dir()]


def newspaper_pages(root: Path) -> list[Page]:
    folder = root / "newspaper-zh"
    return [Page("newspaper", "chinese_article.html", read_text(folder / "chinese_article.html"),
                 gold=read_text(folder / "chinese.txt"))]


def trafilatura_pages(root: Path) -> list[Page]:
    folder = root / "trafilatura-eval-zh"
    entries = json.loads((folder / "evaldata-zh.json").read_text("utf-8")).values()
    return [Page("trafilatura", entry["file"], read_text(folder / entry["file"]),
                 with_strings=entry["with"], without_strings=entry["without"])
            for entry in sorted(entries, key=lambda entry: entry["file"])]


GOLD_SETS = (gne_pages, trafilatura_pages, readability_pages, newspaper_pages)


# --- measuring ----------------------------------------------------------------------------------

def measure(page: Page, extractor: Callable[[str], str], repeats: int, page_visible: str) -> dict:
    times, error, extract = [], "", ""
    for _ in range(repeats):
        started = time.perf_counter()
        try:
            extract = extractor(page.html)
        except Exception as exc:  # an extractor that crashes on a page found nothing there
            extract, error = "", f"{type(exc).__name__}: {exc}"
        times.append(time.perf_counter() - started)
    row = {"set": page.gold_set, "page": page.name, "ms": statistics.median(times) * 1000,
           "chars": len(squeeze(extract)), "empty": not extract.strip(),
           "locatable": locatable(extract, page_visible), "error": error}
    if page.gold is not None:
        span = overlap(page.gold, page_span(extract, page_visible))
        row.update(overlap(page.gold, extract), gold_chars=len(squeeze(page.gold)),
                   span_recall=span["recall"], span_precision=span["precision"])
    flat = squeeze(extract)
    if page.with_strings:
        row["with"] = sum(squeeze(s) in flat for s in page.with_strings) / len(page.with_strings)
        row["missing"] = [s for s in page.with_strings if squeeze(s) not in flat]
    if page.without_strings:
        row["without"] = sum(squeeze(s) not in flat for s in page.without_strings) / len(page.without_strings)
        row["leaked"] = [s for s in page.without_strings if squeeze(s) in flat]
    return row


def summarise(rows: list[dict]) -> dict:
    def mean(key: str) -> float | None:
        values = [row[key] for row in rows if key in row]
        return statistics.fmean(values) if values else None

    return {"pages": len(rows), **{key: mean(key) for key in ("recall", "precision", "f1", "with", "without",
                                                              "locatable", "span_recall", "span_precision")},
            "empty": sum(row["empty"] for row in rows), "errors": sum(bool(row["error"]) for row in rows),
            "ms": statistics.median(row["ms"] for row in rows)}


def fmt(value: float | None, percent: bool = True) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.1f}" if percent else f"{value:.1f}"


def markdown(summary: dict[str, dict[str, dict]]) -> str:
    lines = ["| candidate | gold set | pages | recall % | precision % | F1 % | with % | without % | "
             "locatable % | span recall % | span precision % | empty | errors | median ms |",
             "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|"]
    for name, per_set in summary.items():
        for gold_set, s in per_set.items():
            lines.append(f"| {name} | {gold_set} | {s['pages']} | {fmt(s['recall'])} | {fmt(s['precision'])} | "
                         f"{fmt(s['f1'])} | {fmt(s['with'])} | {fmt(s['without'])} | {fmt(s['locatable'])} | "
                         f"{fmt(s['span_recall'])} | {fmt(s['span_precision'])} | "
                         f"{s['empty']} | {s['errors']} | {fmt(s['ms'], percent=False)} |")
    return "\n".join(lines)


def worst_gne(rows: dict[str, list[dict]], count: int = 5) -> str:
    """Per-page recall of GNE's content, the issue's done-when measure, worst pages first."""
    out = ["", f"GNE recall per page (pages under 95%, worst {count} per candidate, span recall in brackets):", ""]
    for name, candidate_rows in rows.items():
        gne = sorted((row for row in candidate_rows if row["set"] == "gne"), key=lambda row: row["recall"])
        under = sum(row["recall"] < 0.95 for row in gne)
        span_under = sum(row["span_recall"] < 0.95 for row in gne)
        shown = ", ".join(f"{row['page']} {row['recall'] * 100:.1f} (span {row['span_recall'] * 100:.1f})"
                          for row in gne[:count])
        out.append(f"- {name}: {under}/{len(gne)} under 95% ({span_under} after alignment); worst: {shown}")
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="write the per-page figures here")
    parser.add_argument("--corpora", type=Path, default=DEFAULT_CORPORA)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    if not args.corpora.is_dir():
        print(f"no corpora at {args.corpora}", file=sys.stderr)
        return 2
    pages = [page for load in GOLD_SETS for page in load(args.corpora)]
    visible = [visible_text(page.html) for page in pages]
    rows = {name: [measure(page, extractor, args.repeats, text) for page, text in zip(pages, visible)]
            for name, extractor in CANDIDATES.items()}
    summary = {name: {gold_set: summarise([row for row in candidate_rows if row["set"] == gold_set])
                      for gold_set in dict.fromkeys(page.gold_set for page in pages)}
               for name, candidate_rows in rows.items()}
    print(markdown(summary))
    print(worst_gne(rows))
    if args.json:
        args.json.write_text(json.dumps({"summary": summary, "pages": rows}, ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

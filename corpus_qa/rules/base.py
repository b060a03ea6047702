"""What a rule is. Rules are pure: they read a Document (and options) and return Hits.

A document rule has `check(doc, ctx) -> Iterable[Hit]`.
A corpus rule is two-phase: `features(doc, ctx) -> picklable value | None` runs in the
workers; `reduce(features, ctx) -> Iterable[CorpusHit]` runs once in the main process over
{document id: feature} for every document, in document order.

A corpus rule may also grow its findings when documents are only added, instead of reducing
the whole corpus again: `index(features, ctx) -> picklable state` summarises the corpus it
has just reduced (the result cache keeps it), and `grow(growth, ctx) -> list[CorpusHit] | None`
returns what `reduce` would return on the grown corpus, from that state, the old hits and
the added documents' features, loading old documents' features only where they are needed.
None means "reduce in full" (the additions touch too much, or the state cannot tell).

A corpus rule whose findings come from what documents share (a line, a paragraph, an LSH
band) may say so: `sharing(features, ctx) -> (keys, owners, least[, capped, most])` gives, for
a list of features, each uint64 key with the position in the list of the feature holding it,
how many documents must hold one key before it can lead to a finding, and optionally which
keys are capped: a capped key held by more than `most` documents leads to none (a paragraph
too common to be a copy). Rules that share one `sharing` function must return the same
feature objects (a family's shared fingerprint). Without the result cache, or on a large
corpus, the engine (engine.corpus_parts) then reduces the rule over each part of the
documents that such keys link (a key held by `least` documents, and by no more than `most`
if capped) apart from the other parts, and leaves out the documents no key links; so what
`reduce` returns on a document must depend only on the documents linked to it. The capped
keys held by more than `most` documents are given to that reduce as `ctx.crowded` (a sorted
uint64 array), for it sees only some of their holders.

A corpus rule whose hits on a document depend on that document and a summary of the whole
corpus may say so instead: `tally(features, ctx) -> summary` over every document's feature
(an iterable, document order) and `judge(features, summary, ctx) -> Iterable[CorpusHit]`, the
hits on some documents ({id: feature}, document order). Its reduce must be `judge(features,
tally(features.values()))` (see `tallied`), and a None feature must count for nothing in
either (the engine leaves such documents out); the engine may judge a slice of documents at
a time. A rule with `sharing` and `judge` is judged over the documents holding a shared key
only; its tally sees just those.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import partial
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, NamedTuple

from corpus_qa.model import Category, Document, Hit, Severity

DOC_SECTIONS = ("What it flags", "Why it matters", "Example", "Fix")

SCATTERED = 100  # Rule.run_gap of a rule whose hits scatter through a damaged line


@dataclass(frozen=True)
class Option:
    """A setting a rule family reads from `[tool.corpus-qa.<family>]`.

    A number must be finite and, where `minimum` or `maximum` is given, lie between them
    (inclusive): every numeric option of a family declares its range.
    """

    default: Any
    help: str
    choices: tuple[Any, ...] | None = None
    check: Callable[[str, Any], Any] | None = None  # deeper validation of a list's or table's contents
    minimum: float | None = None
    maximum: float | None = None

    def validate(self, key: str, value: Any) -> Any:
        expected = type(self.default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ValueError(f"{key} must be a {expected.__name__}, not {value!r}")
        if expected is float and not math.isfinite(value):
            raise ValueError(f"{key} must be a finite number, not {value!r}")
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(repr(c) for c in self.choices)
            raise ValueError(f"{key} must be one of {allowed}, not {value!r}")
        if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
            raise ValueError(f"{key} must be {self.range_text()}, not {value!r}")
        return self.check(key, value) if self.check else value

    def range_text(self) -> str:
        if self.maximum is None:
            return f"at least {self.minimum}"
        if self.minimum is None:
            return f"at most {self.maximum}"
        return f"between {self.minimum} and {self.maximum}"


# A family may declare OPTION_CHECKS: functions of its options (defaults and settings merged)
# that raise ValueError when options are valid alone but not together (a minimum above its
# maximum). The configuration runs them after each table of settings is applied.
OptionCheck = Callable[[Mapping[str, Any]], None]


def at_most(smaller: str, larger: str) -> OptionCheck:
    """An OPTION_CHECKS entry: option `smaller` must not exceed option `larger`."""

    def check(options: Mapping[str, Any]) -> None:
        if options[smaller] > options[larger]:
            raise ValueError(f"{smaller} ({options[smaller]!r}) must not exceed {larger} ({options[larger]!r})")

    return check


# One rule cannot flood a run: past this many hits on one document, a rule's further hits
# are counted, not listed (engine.consolidate: capped, capped_findings).
MAX_HITS_PER_RULE = 100


def omitted_note(omitted: int) -> tuple[str, dict[str, int]]:
    """The message and data of the hit that stands for `omitted` hits not listed."""
    return (f"{omitted} more like this in this document, not listed (at most {MAX_HITS_PER_RULE} are)",
            {"omitted": omitted})


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know besides the document: its family's options, and in a reduce over
    part of the corpus, the keys too common there to lead to a finding (see Rule.sharing)."""

    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    crowded: Any = field(default=None, compare=False)

    def __getitem__(self, key: str) -> Any:
        return self.options[key]


@dataclass(frozen=True, slots=True)
class Located:
    """A span already turned into line/column and excerpt (features are computed in workers;
    slots: a large corpus holds one per document)."""

    start: int
    end: int
    line: int
    column: int
    end_line: int
    end_column: int
    excerpt: str

    @classmethod
    def of(cls, doc: Document, start: int, end: int) -> "Located":
        return cls(*doc.locate(start, end))


@dataclass(frozen=True)
class CorpusHit:
    document: str
    where: Located
    message: str
    data: dict[str, Any] | None = None


@dataclass(frozen=True)
class Growth:
    """What `grow` works from: the state `index` made of the old corpus, the hits `reduce`
    found there, the added documents' features (document order) and a loader of old
    documents' features by id."""

    state: Any
    hits: list[CorpusHit]
    added: Mapping[str, Any]
    load: Callable[[Iterable[str]], dict[str, Any]]


def same_objects(first: list, second: list) -> bool:
    """Whether two lists hold the very same objects: how a rule family recognises, within one
    run, the features it has already worked on (its per-run memos)."""
    return len(first) == len(second) and all(a is b for a, b in zip(first, second))


_run_memos: list[dict] = []


def run_memo() -> dict:
    """A dict for what a rule family works out once per corpus phase and shares between its
    rules; it holds every document's features, so the engine empties it when the phase ends."""
    memo: dict = {}
    _run_memos.append(memo)
    return memo


def forget_run_memos() -> None:
    for memo in _run_memos:
        memo.clear()


class Sharing(NamedTuple):
    """What Rule.sharing returns (a plain 3-tuple will do when no key is capped)."""

    keys: Any  # uint64 array
    owners: Any  # position in the features list of each key's holder
    least: int
    capped: Any = None  # boolean array over keys, or None: no key is capped
    most: int | None = None


def tallied(tally, judge):
    """The reduce of a rule given by its tally and judge (see Rule)."""

    def reduce(features: Mapping[str, Any], ctx: RuleContext) -> Iterable[CorpusHit]:
        return judge(features, tally(features.values(), ctx), ctx)

    return reduce


def row_by_row(reduce) -> dict[str, Any]:
    """Rule's grow, tally and judge for a corpus rule whose hits on a document depend on that
    document alone: Rule(..., reduce=reduce, **row_by_row(reduce))."""
    return {"grow": partial(grow_row_by_row, reduce), "tally": _no_tally, "judge": partial(_judge_alone, reduce)}


def _no_tally(features: Iterable[Any], ctx: RuleContext) -> None:
    return None


def _judge_alone(reduce, features: Mapping[str, Any], summary: None, ctx: RuleContext) -> Iterable[CorpusHit]:
    return reduce(features, ctx)


def grow_row_by_row(reduce, growth: Growth, ctx: RuleContext) -> list[CorpusHit]:
    """`grow` for a corpus rule whose hits on a document depend on that document alone
    (use functools.partial(grow_row_by_row, reduce)): the old hits stand."""
    return growth.hits + list(reduce(growth.added, ctx))


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: Category
    severity: Severity
    docs: str = ""
    check: Callable[[Document, RuleContext], Iterable[Hit]] | None = None
    features: Callable[[Document, RuleContext], Any] | None = None
    reduce: Callable[[Mapping[str, Any], RuleContext], Iterable[CorpusHit]] | None = None
    index: Callable[[Mapping[str, Any], RuleContext], Any] | None = None
    grow: Callable[[Growth, RuleContext], list[CorpusHit] | None] | None = None
    sharing: Callable[[list[Any], RuleContext], tuple] | None = None
    tally: Callable[[Iterable[Any], RuleContext], Any] | None = None
    judge: Callable[[Mapping[str, Any], Any, RuleContext], Iterable[CorpusHit]] | None = None
    # Rules that inspect documents whose bytes could not be read (problem set); others skip them.
    sees_problem_documents: bool = False
    # Codes of the per-document rules whose hits inside this rule's hits are the same defect,
    # and stay silent there (engine.consolidate).
    explains: tuple[str, ...] = ()
    # Adjacent hits of this per-document rule are one defect, merged into one finding per run:
    # hits apart by white space only, or by at most `run_gap` other characters within a line
    # (a rule whose hits scatter through a damaged line says how far); None: never merged.
    run_gap: int | None = 0
    # The part of a web page the rule reads (corpus_qa.page: markup, visible, vicinity,
    # article); None: its family's PAGE_PART, filled in by the registry.
    reads: str | None = None

    @property
    def is_corpus_rule(self) -> bool:
        return self.reduce is not None

    @property
    def summary(self) -> str:
        return self.docs.strip().splitlines()[0].strip() if self.docs.strip() else ""


def missing_doc_sections(docs: str) -> list[str]:
    return [section for section in DOC_SECTIONS if section not in docs]

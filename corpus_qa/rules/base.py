"""What a rule is, and what a corpus check is.

A rule is a code, a name, a family, a severity and its documentation (the module docstring).
A document rule has `check(doc, ctx) -> Iterable[Hit]`: pure, one document at a time.

A corpus rule's findings need the whole corpus (duplicates, lines repeated across documents, a
corpus-wide script policy). They come from its family's CorpusCheck: one unit per kind of
corpus-wide evidence, which reads one feature per document in the workers and reduces them
all once in the main process, emitting CorpusHits tagged with its rules' codes. So the five
DUP rules that read one fingerprint share one check, one feature and one analysis.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, ClassVar, Iterable, Mapping, NamedTuple

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
    part of the corpus, the keys too common there to lead to a finding (see CorpusCheck.keys)."""

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
    rule: str  # the code of the rule whose finding this is (a check emits several rules' hits)
    document: str
    where: Located
    message: str
    data: dict[str, Any] | None = None


@dataclass(frozen=True)
class Growth:
    """What CorpusCheck.grow works from: the state `index` made of the old corpus, the hits the
    check found there (all its rules'), the added documents' features (document order) and a
    loader of old documents' features by id."""

    state: Any
    hits: list[CorpusHit]
    added: Mapping[str, Any]
    load: Callable[[Iterable[str]], dict[str, Any]]


class Keys(NamedTuple):
    """What CorpusCheck.keys returns (a plain 3-tuple will do when no key is capped)."""

    keys: Any  # uint64 array
    owners: Any  # position in the features list of each key's holder
    least: int
    capped: Any = None  # boolean array over keys, or None: no key is capped
    most: int | None = None


class CorpusCheck:
    """A family's corpus-wide check: subclass it, set `name`, `codes` (the rules whose hits it
    emits) and `reads` (the part of a web page its feature is taken from), and define:

    - `features(doc, ctx)`, a staticmethod run in the workers: the document's feature, a value
      engine.stored can hold, or None when the document gives the check nothing;
    - `reduce(features)`: every hit, from {document id: feature} in document order.

    Optional, each a way the engine may reduce without every feature in memory at once:

    - `keys(features)` -> Keys: how documents meet. Each uint64 key with the position in
      the list of its holder, how many documents must hold a key before it can lead to a
      hit, and optionally which keys are capped (held by more than `most`, a key leads to
      none: a paragraph too common to be a copy). The engine may then reduce each part of
      the documents such keys link apart from the others, and leave out documents no key
      links: so what `reduce` finds on a document must depend only on the documents linked
      to it. Capped keys held by more than `most` documents in the whole corpus come as
      `ctx.crowded` (a sorted uint64 array), for a part sees only some of their holders.
    - `tally(features)` -> summary and `judge(features, summary)` -> hits, when a hit on a
      document depends on that document and a summary of the corpus: reduce must equal
      judge(features, tally(features.values())); the engine may judge a slice at a time. A
      None feature counts for nothing in either. With `keys`, the engine tallies and judges
      only the documents holding a linking key.
    - `index(features)` -> state and `grow(growth)` -> hits | None, when documents are only
      added: `index` summarises the corpus just reduced (the result cache keeps it) and
      `grow` returns what `reduce` would on the grown corpus, all rules' hits, from that state,
      the old hits and the added features, loading old features only where it must; None:
      reduce in full.

    The engine makes an instance for each reduce, grow or part, with the family's context:
    what one works out for its rules (an analysis two of them read, the counts its index
    keeps) it may keep on itself, for an instance only ever sees one set of features.
    """

    name: ClassVar[str] = ""
    codes: ClassVar[tuple[str, ...]] = ()
    reads: ClassVar[str] = "visible"
    keys: ClassVar[Callable | None] = None
    tally: ClassVar[Callable | None] = None
    judge: ClassVar[Callable | None] = None
    index: ClassVar[Callable | None] = None
    grow: ClassVar[Callable | None] = None

    def __init__(self, ctx: RuleContext):
        self.ctx = ctx

    @staticmethod
    def features(doc: Document, ctx: RuleContext) -> Any:
        raise NotImplementedError

    def reduce(self, features: Mapping[str, Any]) -> Iterable[CorpusHit]:
        raise NotImplementedError


def tallied(check: CorpusCheck, features: Mapping[str, Any]) -> Iterable[CorpusHit]:
    """The reduce of a check given by its tally and judge."""
    return check.judge(features, check.tally(features.values()))


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: Category
    severity: Severity
    docs: str = ""
    # A document rule's check; None: a corpus rule, whose hits come from its family's CorpusCheck.
    check: Callable[[Document, RuleContext], Iterable[Hit]] | None = None
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
        return self.check is None

    @property
    def summary(self) -> str:
        return self.docs.strip().splitlines()[0].strip() if self.docs.strip() else ""


def missing_doc_sections(docs: str) -> list[str]:
    return [section for section in DOC_SECTIONS if section not in docs]

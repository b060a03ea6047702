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
band) may say so: `sharing(features, ctx) -> (keys, owners, least)` gives, for a list of
features, each uint64 key with the position in the list of the feature holding it, and how
many documents must hold one key before it can lead to a finding. On a large corpus the
engine then reduces over the documents holding such a key only (see CorpusPhase), and what
`reduce` returns must not change for it. Rules that share one `sharing` function must
return the same feature objects (a family's shared fingerprint).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping

from corpus_qa.model import Category, Document, Hit, Severity

DOC_SECTIONS = ("What it flags", "Why it matters", "Example", "Fix")


@dataclass(frozen=True)
class Option:
    """A setting a rule family reads from `[tool.corpus-qa.<family>]`."""

    default: Any
    help: str
    choices: tuple[Any, ...] | None = None
    check: Callable[[str, Any], Any] | None = None  # deeper validation of a list's or table's contents

    def validate(self, key: str, value: Any) -> Any:
        expected = type(self.default)
        if expected is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
            raise ValueError(f"{key} must be a {expected.__name__}, not {value!r}")
        if self.choices is not None and value not in self.choices:
            allowed = ", ".join(repr(c) for c in self.choices)
            raise ValueError(f"{key} must be one of {allowed}, not {value!r}")
        return self.check(key, value) if self.check else value


@dataclass(frozen=True)
class RuleContext:
    """What a rule may know besides the document: its family's options."""

    options: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

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
        line, column = doc.position(start)
        end_line, end_column = doc.position(end)
        return cls(start, end, line, column, end_line, end_column, doc.text[start:end])


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
    sharing: Callable[[list[Any], RuleContext], tuple[Any, Any, int]] | None = None
    # Rules that inspect documents whose bytes could not be read (problem set); others skip them.
    sees_problem_documents: bool = False

    @property
    def is_corpus_rule(self) -> bool:
        return self.reduce is not None

    @property
    def summary(self) -> str:
        return self.docs.strip().splitlines()[0].strip() if self.docs.strip() else ""


def missing_doc_sections(docs: str) -> list[str]:
    return [section for section in DOC_SECTIONS if section not in docs]

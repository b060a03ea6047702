"""Repairs: the fixes of a document's findings chosen, applied, and the document checked again.

As ruff's --fix does: a rule attaches a Fix (edits on the document's text, safe or unsafe)
to a hit; fixes whose edits overlap are resolved deterministically (document order, then
rule code: the first wins, the other waits for the next round, when the text has changed
and the rule may offer it again); the chosen edits are applied back to front; the repaired
text is checked again, up to MAX_ROUNDS rounds or until no fix is left to apply.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from corpus_qa.model import Document, Edit, Finding

MAX_ROUNDS = 10


@dataclass
class Repaired:
    """A document's repair: its new text, the fixes applied (per rule), the fixes left out
    (unsafe without --unsafe-fixes, or still overlapping after the last round), and the
    findings of the repaired text."""

    text: str
    applied: Counter = field(default_factory=Counter)
    rounds: int = 0
    remaining: list[Finding] = field(default_factory=list)
    yielded: Counter = field(default_factory=Counter)  # (rule left out, rule whose fix won) -> times

    @property
    def changed(self) -> bool:
        return self.rounds > 0


def choose(findings: Iterable[Finding], unsafe: bool) -> tuple[list[Finding], list[tuple[Finding, Finding]]]:
    """(the findings whose fixes apply together, [(a finding left out, the one whose fix it
    overlaps)]): in document order, then by rule code, a fix is taken unless one of its edits
    overlaps an edit taken before (touching edits that both insert at one place overlap)."""
    offered = [f for f in findings if f.fix is not None and f.fix.edits and (f.fix.safe or unsafe)]
    offered.sort(key=lambda f: (min(e.start for e in f.fix.edits), f.rule, f.start, f.end))
    taken: list[tuple[Edit, Finding]] = []
    chosen, overlapping = [], []
    for finding in offered:
        clash = next((owner for edit in finding.fix.edits for other, owner in taken if overlap(edit, other)), None)
        if clash is not None:
            overlapping.append((finding, clash))
            continue
        chosen.append(finding)
        taken.extend((edit, finding) for edit in finding.fix.edits)
    return chosen, overlapping


def overlap(a: Edit, b: Edit) -> bool:
    if a.start == a.end or b.start == b.end:  # an insertion: overlaps what covers or meets its place
        return a.start <= b.end and b.start <= a.end
    return a.start < b.end and b.start < a.end


def apply(text: str, findings: Iterable[Finding]) -> str:
    """`text` with the edits of these findings' fixes (which must not overlap), back to front."""
    edits = sorted((edit for f in findings for edit in f.fix.edits), key=lambda e: (e.start, e.end), reverse=True)
    pieces, end = [], len(text)
    for edit in edits:
        pieces.append(text[edit.end:end])
        pieces.append(edit.replacement)
        end = edit.start
    pieces.append(text[:end])
    return "".join(reversed(pieces))


def repair(doc: Document, check: Callable[[Document], list[Finding]], unsafe: bool = False,
           rounds: int = MAX_ROUNDS) -> Repaired:
    """Fix `doc` round by round: check, choose, apply, until nothing is left to apply.
    `check` gives a document's findings (the per-document rules: engine.checker)."""
    current = doc
    found = check(current)
    repaired = Repaired(doc.text, remaining=found)
    for _ in range(rounds):
        chosen, overlapping = choose(found, unsafe)
        if not chosen:
            break
        repaired.yielded.update((left.rule, won.rule) for left, won in overlapping)
        text = apply(current.text, chosen)
        repaired.applied.update(f.rule for f in chosen)
        repaired.rounds += 1
        current = as_text(doc, text)
        found = check(current)
        repaired.text, repaired.remaining = text, found
    return repaired


def as_text(doc: Document, text: str) -> Document:
    """The document with a repaired text: it is written as UTF-8 text, so no byte is lost any
    more (the U+FFFD a loss left stays, as text) and no legacy encoding is left to report."""
    return dataclasses.replace(doc, text=text, raw=text.encode("utf-8", errors="surrogatepass"), encoding="utf-8",
                               encoding_confidence=1.0, losses=(), bom=False)

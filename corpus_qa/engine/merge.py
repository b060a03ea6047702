"""The corpus phase's hits made findings and merged into each document's own findings, in one
ordered pass (corpus findings wait on disk meanwhile: engine.placed). `merge` is a pure
function: it changes nothing it is given (it reads the corpus findings to their end), and
makes a new summary where metrics change.

A document that corpus rules reported on gets its findings re-sorted and its metrics
recounted (the expectations judge the whole run). One taken from the snapshot comes with the
last run's corpus findings: it goes back to its own findings first, then takes this run's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from corpus_qa.engine.checker import add_finding_metrics, with_fingerprints
from corpus_qa.engine.consolidate import capped_findings
from corpus_qa.engine.placed import PlacedHits
from corpus_qa.engine.placed import merged as by_position
from corpus_qa.engine.spill import SpillList
from corpus_qa.model import Finding, Severity
from corpus_qa.rules.base import CorpusHit, Rule

if TYPE_CHECKING:
    from corpus_qa.config import Config
    from corpus_qa.engine.snapshot import Origin

Placed = Iterator[tuple[int, Finding]]  # (document position, finding), in document order


@dataclass
class Merged:
    documents: SpillList  # summaries
    findings: SpillList  # corpus-level findings first, then each document's in document order
    counts: list[int]  # findings per document


def corpus_findings(hits: dict[str, PlacedHits], rules: list[Rule], config: Config,
                    origins: Sequence[Origin]) -> tuple[list[Finding], Placed]:
    """The findings of `rules`' hits but those the config ignores: (on no document of the run;
    the others, read from the hits as the merge goes)."""
    ruled = [(rule, config.severity_for(rule), hits[rule.code]) for rule in rules if rule.code in hits]
    strays = [_finding(rule, severity, hit) for rule, severity, placed in ruled for hit in placed.strays
              if not config.ignored_in(rule.code, hit.document, "")]

    def in_order() -> Placed:
        for position, index, hit in by_position([placed for _, _, placed in ruled]):
            rule, severity, _ = ruled[index]
            if not config.ignored_in(rule.code, hit.document, origins[position][2]):  # in order: a chunk read once
                yield position, _finding(rule, severity, hit)
        for _, _, placed in ruled:
            placed.close()

    return strays, in_order()


def merge(documents: SpillList, own: Sequence[list[Finding]], lead: list[Finding], placed: Placed,
          corpus_codes: set[str], held: int = 0) -> Merged:
    """`documents` with `own` (their findings, a list each) and the corpus findings: `lead` on
    no document of the run, `placed` on the others; `held`: findings in memory anyway."""
    lead = sorted(with_fingerprints(lead), key=Finding.sort_key)  # about the corpus as a whole: first
    out = Merged(SpillList().hold_at_least(documents.in_memory), SpillList().hold_at_least(held), [])
    upcoming = next(placed, None)
    for position, (doc, findings) in enumerate(zip(documents, own)):
        extra = []
        while upcoming is not None and upcoming[0] == position:
            extra.append(upcoming[1])
            upcoming = next(placed, None)
        recount = bool(extra)
        if any(f.rule in corpus_codes for f in findings):  # from the snapshot: back to its own
            findings = [f for f in findings if f.rule not in corpus_codes]
            recount = True
        if extra:
            findings = sorted(findings + with_fingerprints(capped_findings(extra)), key=Finding.sort_key)
        if recount:
            metrics = dict(doc["metrics"])
            add_finding_metrics(metrics, findings)
            doc = {**doc, "metrics": metrics}
        out.documents.append(doc)
        out.findings.extend(findings)
        out.counts.append(len(findings))
    if upcoming is not None:  # never dropped silently
        raise RuntimeError(f"a corpus finding placed at document {upcoming[0]} of {len(out.counts)}")
    out.findings = out.findings.with_lead(lead)
    return out


def _finding(rule: Rule, severity: Severity, hit: CorpusHit) -> Finding:
    where = hit.where
    return Finding(
        rule.code, rule.name, rule.category.value, severity, hit.document,
        where.start, where.end, where.line, where.column, where.end_line, where.end_column,
        hit.message, where.excerpt, "", hit.data,
    )

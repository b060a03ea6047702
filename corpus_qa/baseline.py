"""Baselines: findings a team has accepted, so a gate fails only on new ones.

The file is versioned JSON keyed by fingerprints (rule + document + normalised matched text,
never line numbers), so entries survive unrelated edits:

    {"tool": "corpus-qa", "kind": "baseline", "version": 1,
     "entries": [{"fingerprint": "...", "rule": "ENC006", "document": "a.txt", "excerpt": "...",
                  "message": "...", "status": "accepted" | "false-positive", "reason": "..."}]}

A false positive must carry a reason. Entries are sorted by document, rule and fingerprint so
diffs of the file stay readable. Review decisions exported from the HTML report
({"kind": "review-decisions", "decisions": [...]}) can be merged in; a "fix" decision (the
finding is real and its fix is to be applied by `corpus-qa fix --decisions`) enters as accepted.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any, Iterable

from corpus_qa.model import Finding
from corpus_qa.writing import written

FORMAT_VERSION = 1
STATUSES = ("accepted", "false-positive")
DEFAULT_FILE = "corpus-qa-baseline.json"
_EXCERPT_LIMIT = 120


class BaselineError(Exception):
    """A baseline or decisions file that cannot be used (exit 2, naming the file)."""


@dataclass(frozen=True)
class Entry:
    fingerprint: str
    rule: str
    document: str
    excerpt: str = ""
    message: str = ""
    status: str = "accepted"
    reason: str = ""

    @classmethod
    def of(cls, finding: Finding) -> "Entry":
        excerpt = finding.excerpt if len(finding.excerpt) <= _EXCERPT_LIMIT else finding.excerpt[:_EXCERPT_LIMIT] + "…"
        return cls(finding.fingerprint, finding.rule, finding.document, excerpt, finding.message)


@dataclass(frozen=True)
class Comparison:
    new: list[Finding]
    unchanged: list[Finding]
    fixed: list[Entry]  # stale entries: their finding no longer occurs

    def as_extra(self, path: str) -> dict[str, Any]:
        return {
            "file": path,
            "new": [f.fingerprint for f in self.new],
            "unchanged": [f.fingerprint for f in self.unchanged],
            "fixed": [asdict(entry) for entry in self.fixed],
        }


def load(path: str | Path) -> dict[str, Entry]:
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BaselineError(f"{path}: baseline file not found (create one with `corpus-qa baseline create`)") from None
    except (OSError, ValueError) as error:
        raise BaselineError(f"{path}: not a readable baseline: {error}") from None
    if not isinstance(data, dict) or data.get("kind") != "baseline" or not isinstance(data.get("entries"), list):
        raise BaselineError(f'{path}: not a corpus-qa baseline (expected "kind": "baseline" and an "entries" list)')
    if data.get("version") != FORMAT_VERSION:
        raise BaselineError(f"{path}: baseline version {data.get('version')!r} is not supported (expected {FORMAT_VERSION})")
    entries: dict[str, Entry] = {}
    for number, raw in enumerate(data["entries"], start=1):
        entry = _entry(raw, f"{path}: entry {number}")
        entries[entry.fingerprint] = entry
    return entries


def _entry(raw: Any, where: str) -> Entry:
    if not isinstance(raw, dict) or not raw.get("fingerprint") or not raw.get("rule"):
        raise BaselineError(f"{where}: needs at least a fingerprint and a rule")
    fields = {key: str(raw.get(key, "")) for key in Entry.__dataclass_fields__}
    fields["status"] = fields["status"] or "accepted"
    if fields["status"] not in STATUSES:
        raise BaselineError(f"{where}: status must be accepted or false-positive, not {fields['status']!r}")
    if fields["status"] == "false-positive" and not fields["reason"].strip():
        raise BaselineError(f"{where}: a false positive needs a reason ({fields['rule']} in {fields['document']!r})")
    return Entry(**fields)


def save(path: str | Path, entries: Iterable[Entry]) -> None:
    ordered = sorted(entries, key=lambda e: (e.document, e.rule, e.fingerprint))
    data = {"tool": "corpus-qa", "kind": "baseline", "version": FORMAT_VERSION, "entries": [asdict(e) for e in ordered]}
    with written(path) as handle:
        handle.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def compare(findings: list[Finding], entries: dict[str, Entry]) -> Comparison:
    seen = {f.fingerprint for f in findings}
    return Comparison(
        new=[f for f in findings if f.fingerprint not in entries],
        unchanged=[f for f in findings if f.fingerprint in entries],
        fixed=[entry for fingerprint, entry in entries.items() if fingerprint not in seen],
    )


def created(findings: list[Finding]) -> dict[str, Entry]:
    return {f.fingerprint: Entry.of(f) for f in findings}


def updated(findings: list[Finding], entries: dict[str, Entry]) -> dict[str, Entry]:
    """Add the findings that are new; keep every existing entry, with its status and reason."""
    merged = dict(entries)
    for finding in findings:
        merged.setdefault(finding.fingerprint, Entry.of(finding))
    return merged


def pruned(findings: list[Finding], entries: dict[str, Entry]) -> dict[str, Entry]:
    """Drop the entries whose finding no longer occurs."""
    seen = {f.fingerprint for f in findings}
    return {fingerprint: entry for fingerprint, entry in entries.items() if fingerprint in seen}


def imported(decisions_path: str | Path, entries: dict[str, Entry]) -> tuple[dict[str, Entry], int]:
    """Merge review decisions exported from the HTML report; returns the entries and how many changed."""
    path = Path(decisions_path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise BaselineError(f"{path}: not a readable decisions file: {error}") from None
    if not isinstance(data, dict) or data.get("kind") != "review-decisions" or not isinstance(data.get("decisions"), list):
        raise BaselineError(f'{path}: not a review-decisions export (expected "kind": "review-decisions")')
    merged = dict(entries)
    changed = 0
    for number, raw in enumerate(data["decisions"], start=1):
        if not isinstance(raw, dict):
            raise BaselineError(f"{path}: decision {number} is not an object")
        status = raw.get("decision")
        if status == "fix":  # a real finding whose fix is wanted: known, so accepted until fixed
            status = "accepted"
        decision = _entry({**raw, "status": status}, f"{path}: decision {number}")
        current = merged.get(decision.fingerprint)
        if current is None:
            merged[decision.fingerprint] = decision
        else:
            merged[decision.fingerprint] = replace(current, status=decision.status, reason=decision.reason)
        changed += 1
    return merged, changed

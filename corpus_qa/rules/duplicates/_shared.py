"""What the DUP corpus rules share, so the work is done once per document and once per run.

Every DUP corpus rule returns the same DocumentFingerprint object for a document: the engine
pickles a document's features together, so it crosses to the main process once, and each
rule's reduce receives the same objects. The analysis (exact groups, near clusters) is
computed by whichever reduce runs first and reused by the others for the same features.
The numpy-based modules are imported on first use, so listing the rules stays cheap.
"""

from __future__ import annotations

from typing import Any, Mapping

from corpus_qa.corpus.settings import DuplicateSettings
from corpus_qa.rules.base import Located, run_memo, same_objects

_hashers: dict[DuplicateSettings, Any] = {}
_last_document: tuple[Any, DuplicateSettings, Any] | None = None
_per_run: dict[str, tuple[list, DuplicateSettings, Any]] = run_memo()  # see _once_per_run
_last_paragraphs: tuple[Any, list] | None = None


def settings_of(ctx) -> DuplicateSettings:
    return DuplicateSettings.from_options(ctx.options)


def body_paragraphs(doc):
    """The paragraphs of doc's body (content.Segments: packed offsets and forms, not an object
    per paragraph), split once for DUP003's check and the fingerprint."""
    global _last_paragraphs
    if _last_paragraphs is not None and _last_paragraphs[0] is doc:
        return _last_paragraphs[1]
    from corpus_qa.corpus.content import body_start, paragraphs

    found = paragraphs(doc.text, body_start(doc))
    _last_paragraphs = (doc, found)
    return found


def text_paragraphs(text: str, body: int):
    """body_paragraphs of the document whose text (the very string) and body start these
    are, from the same memo when it holds that document (the repetition rules cache their
    findings by text, and ask for its paragraphs only on a miss)."""
    from corpus_qa.corpus.content import body_start, paragraphs

    last = _last_paragraphs
    if last is not None and last[0].text is text and body_start(last[0]) == body:
        return last[1]
    return paragraphs(text, body)


def features(doc, ctx):
    """The DocumentFingerprint of doc, computed once however many DUP rules ask for it."""
    global _last_document
    settings = settings_of(ctx)
    if _last_document is not None and _last_document[0] is doc and _last_document[1] == settings:
        return _last_document[2]
    from corpus_qa.corpus.fingerprint import fingerprint_document
    from corpus_qa.corpus.minhash import MinHasher
    from corpus_qa.rules.duplicates._boilerplate import structural

    hasher = _hashers.get(settings)
    if hasher is None:
        hasher = _hashers[settings] = MinHasher(settings.minhash)
    fingerprint = fingerprint_document(
        doc, settings, hasher, structural, body_paragraphs(doc))
    _last_document = (doc, settings, fingerprint)
    return fingerprint


def analysis(fingerprints: Mapping[str, Any], ctx):
    """The DuplicateAnalysis of this run's fingerprints (computed once per run)."""
    from corpus_qa.corpus.dedup import analyse

    return _once_per_run("analysis", fingerprints, ctx, analyse)


def duplicate_index(fingerprints: Mapping[str, Any], ctx):
    """The DuplicateIndex of this run's fingerprints (one state for every DUP rule)."""
    from corpus_qa.rules.duplicates._growth import DuplicateIndex

    body_of = analysis(fingerprints, ctx).body_of
    return _once_per_run("index", fingerprints, ctx, lambda prints, settings: DuplicateIndex(prints, settings, body_of))


def _once_per_run(name: str, fingerprints: Mapping[str, Any], ctx, build):
    """build(fingerprints, settings), reused while the DUP rules pass the same fingerprints."""
    settings = settings_of(ctx)
    values = list(fingerprints.values())
    last = _per_run.get(name)
    if last is not None and last[1] == settings and same_objects(last[0], values):
        return last[2]
    result = build(fingerprints, settings)
    _per_run[name] = (values, settings, result)
    return result


def sharing(fingerprints: list, ctx):
    """Rule.sharing for the DUP rules: two documents meet through their body digest, an LSH
    band, a paragraph, a title or a URL."""
    from corpus_qa.rules.duplicates._growth import sharing_keys

    return sharing_keys(fingerprints, settings_of(ctx))


def grow_duplicates(reduce, growth, ctx):
    """A DUP rule's grow is functools.partial(grow_duplicates, its reduce); see _growth."""
    from corpus_qa.rules.duplicates._growth import grow

    return grow(reduce, growth, ctx)


def located(span: tuple) -> Located:
    return Located(*span)


def other_copies(members, representative: str) -> str:
    """`2 copies: b, c`: the members of a group besides its representative, for its message."""
    others = [member for member in members if member != representative]
    count = "1 copy" if len(others) == 1 else f"{len(others)} copies"
    return f"{count}: {listed(others)}"


def listed(ids, limit: int = 3) -> str:
    """`a, b, c and 4 more`, for a message."""
    ids = list(ids)
    shown = ", ".join(ids[:limit])
    return shown if len(ids) <= limit else f"{shown} and {len(ids) - limit} more"

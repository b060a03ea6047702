"""`corpus-qa fix`: repair what the rules can repair, show the diff, write only when asked.

Reads the corpus as `check` does, repairs each document (corpus_qa.fixing: the per-document
rules' fixes, safe ones unless --unsafe-fixes), and then, by flag:

- `--diff`: a unified diff of every repaired document on stdout; nothing is written;
- `--in-place`: each repaired file rewritten atomically, in its own encoding where the text
  still fits it (else UTF-8), its BOM kept; a JSONL file with only its records' text changed;
- `--output DIR|FILE`: the repaired corpus written with the input's layout: one folder to
  DIR (same relative paths, every file), one JSONL file to FILE (every other field of every
  record kept byte for byte).

A file in a legacy encoding is written as UTF-8 while ENC002 is selected (that is its fix),
else in its own encoding where the text still fits it. With --unsafe-fixes and DUP001/DUP002
selected, the copies of an exact or near duplicate (all but the representative) are dropped
from a JSONL output, and listed; this needs the whole corpus checked first.

With `--decisions FILE` (a review-decisions file exported from the HTML report) only the fixes
of the findings decided "fix" there are applied, matched by fingerprint, safe or unsafe as the
reviewer decided; nothing else (no other fix, no re-encoding, no duplicate left out).

Without a flag it says what it would fix. Plain files (.txt, .md, .html) and JSONL are
repaired; other record files (Parquet, CSV, WARC ...) are listed as not repaired.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

import click

_JSONL = (".jsonl", ".ndjson")


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@click.option("--config", "config_file", type=click.Path(), help="Config file (default: nearest corpus-qa.toml or pyproject.toml with [tool.corpus-qa]).")
@click.option("--select", multiple=True, help="Rule codes or prefixes whose fixes to apply, comma-separated (default ALL).")
@click.option("--ignore", multiple=True, help="Rule codes or prefixes whose fixes not to apply, comma-separated.")
@click.option("--include", multiple=True, help="Glob of files to read inside folders (repeatable; replaces the default).")
@click.option("--exclude", multiple=True, help="Glob of files or folders to skip (repeatable; replaces the default).")
@click.option("--text-field", help="JSONL field holding the text (default text).")
@click.option("--id-field", help="JSONL field holding the document id (default id).")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff of the repairs; write nothing.")
@click.option("--in-place", is_flag=True, help="Rewrite each repaired file (atomically).")
@click.option("-o", "--output", type=click.Path(), help="Write the repaired corpus here: a folder for a folder, a file for a JSONL file.")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes that remove content or guess.")
@click.option("--decisions", "decisions_file", type=click.Path(), help="Apply only the fixes decided \"fix\" in this review-decisions file (exported from the HTML report).")
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help="Lowest severity of what remains that fails the run (default error).")
def fix(paths, config_file, select, ignore, include, exclude, text_field, id_field, show_diff, in_place, output,
        unsafe_fixes, decisions_file, fail_on) -> None:
    """Repair the documents under PATHS: safe fixes by default, the rest with --unsafe-fixes."""
    from corpus_qa.cli import EXIT_CLEAN, EXIT_FINDINGS, _codes, _fail
    from corpus_qa.config import ConfigError, apply_settings, load_config
    from corpus_qa.sources import SourceError, discover

    if sum(bool(flag) for flag in (show_diff, in_place, output)) > 1:
        raise click.UsageError("give one of --diff, --in-place and --output")
    settings = {key: value for key, value in {
        "select": _codes(select) or None, "ignore": _codes(ignore) or None, "fail-on": fail_on,
        "include": list(include) or None, "exclude": list(exclude) or None,
        "text-field": text_field, "id-field": id_field}.items() if value is not None}
    try:
        config = apply_settings(load_config(config_file), settings, "command line", None)
        found = discover(list(paths) or list(config.paths), config.sources)
    except (ConfigError, SourceError) as error:
        _fail(str(error))
    single_folder = len(paths) == 1 and os.path.isdir(paths[0])
    if output and not single_folder and not (len(found.files) == 1 and found.files[0][0].endswith(_JSONL)):
        _fail("--output takes one folder (written as a folder) or one JSONL file (written as a file)")
    fixer = _Fixer(config, unsafe_fixes)
    if decisions_file:
        try:
            fixer.decided = decided_fixes(decisions_file)
        except ValueError as error:
            _fail(str(error))
        fixer.utf8 = False
    if fixer.decided is None and unsafe_fixes and (output or in_place) and any(config.is_enabled(code) for code in ("DUP001", "DUP002")):
        fixer.drop = _duplicate_copies(found, config)
    for path, display in found.files:
        target = None
        if output:
            target = Path(output) / display if single_folder else Path(output)
        fixer.file(path, display, show_diff, in_place, target)
    click.echo(fixer.summary(), err=True)
    failing = [f for f in fixer.remaining if f.severity >= config.fail_on]
    sys.exit(EXIT_FINDINGS if failing else EXIT_CLEAN)


class _Fixer:
    def __init__(self, config, unsafe: bool):
        from corpus_qa.engine.checker import Checker

        self.checker = Checker(config)
        self.config = config
        self.unsafe = unsafe
        self.applied: Counter = Counter()
        self.repaired_documents = 0
        self.remaining: list = []
        self.not_repaired: list[str] = []
        self.yielded: Counter = Counter()
        self.drop: dict[tuple[str, int], str] = {}  # (source, line) of a record to leave out -> why
        self.dropped: list[str] = []
        self.utf8 = config.is_enabled("ENC002")  # re-encoding a legacy file is ENC002's fix
        self.decided: set[str] | None = None  # with --decisions: the fingerprints whose fix to apply

    def repair(self, doc, checked_id: str | None = None):
        """Repair `doc`; `checked_id` is the id `check` gives it (a JSONL record's id field),
        which its findings' fingerprints are made with."""
        from corpus_qa.fixing import repair

        check, unsafe = self.checker.document_findings, self.unsafe
        if self.decided is not None:
            check, unsafe = self._decided_findings(checked_id or doc.id), True
        repaired = repair(doc, check, unsafe)
        self.applied.update(repaired.applied)
        self.yielded.update(repaired.yielded)
        self.remaining.extend(f for f in repaired.remaining if not (f.rule == "ENC002" and self.utf8))
        self.repaired_documents += repaired.changed
        return repaired

    def _decided_findings(self, checked_id: str):
        """A check whose findings keep their fix only where the reviewer decided "fix": their
        fingerprints made as `check` makes them (sorted, then numbered per identical match)."""
        from corpus_qa.engine.checker import with_fingerprints
        from corpus_qa.model import Finding

        def check(doc):
            findings = sorted(self.checker.document_findings(doc), key=Finding.sort_key)
            named = with_fingerprints([dataclasses.replace(f, document=checked_id) for f in findings])
            return [dataclasses.replace(f, fix=None) if f.fix is not None and named_f.fingerprint not in self.decided else f
                    for f, named_f in zip(findings, named)]
        return check

    def file(self, path: str, display: str, show_diff: bool, in_place: bool, target: Path | None) -> None:
        from corpus_qa.sources import is_record_file
        from corpus_qa.sources.documents import document_from_file

        if path.endswith(_JSONL):
            self._records(path, display, show_diff, in_place, target)
            return
        doc = None if is_record_file(path) else document_from_file(
            Path(path), display, max_bytes=self.config.sources.max_file_size)
        if doc is None or doc.problem:
            self.not_repaired.append(display)
            if target is not None:  # the output keeps the input's layout: the file as it is
                try:
                    _write(target, Path(path).read_bytes())
                except OSError:
                    pass
            return
        repaired = self.repair(doc)
        reencoded = self.utf8 and doc.encoding not in ("utf-8", "ascii")
        if reencoded:
            self.applied["ENC002"] += 1
            self.repaired_documents += not repaired.changed
        if show_diff and repaired.changed:
            _diff(display, doc.text, repaired.text)
        destination = Path(path) if in_place else target
        if destination is not None and (repaired.changed or reencoded or not in_place):
            data = _encoded(repaired.text, doc, reencoded) if repaired.changed or reencoded else doc.raw
            _write(destination, data)

    def _records(self, path: str, display: str, show_diff: bool, in_place: bool, target: Path | None) -> None:
        from corpus_qa.sources.documents import document_from_record_text, printable_path

        field, lines, changed = self.config.sources.text_field, [], False
        source = printable_path(path)
        with open(path, "rb") as handle:
            for number, line in enumerate(handle, 1):
                why = self.drop.get((source, number))
                if why is not None:
                    self.dropped.append(f"{display}:{number} ({why})")
                    changed = True
                    continue
                span = _text_span(line, field)
                if span is None:
                    lines.append(line)
                    continue
                start, end, text = span
                doc = document_from_record_text(f"{display}:{number}", text, max_bytes=self.config.sources.max_file_size)
                checked_id = _record_id(line, self.config.sources.id_field, f"{display}:{number}")
                repaired = self.repair(doc, checked_id) if not doc.problem else None
                if repaired is None or not repaired.changed:
                    lines.append(line)
                    continue
                changed = True
                if show_diff:
                    _diff(f"{display}:{number}", text, repaired.text)
                value = json.dumps(repaired.text, ensure_ascii=False).encode("utf-8", "surrogatepass")
                lines.append(line[:start] + value + line[end:])
        destination = Path(path) if in_place else target
        if destination is not None and (changed or not in_place):
            _write(destination, b"".join(lines))

    def summary(self) -> str:
        applied = sum(self.applied.values())
        by_rule = ", ".join(f"{code} {count}" for code, count in sorted(self.applied.items()))
        fixable = sum(1 for f in self.remaining if f.fix is not None and (f.fix.safe or self.unsafe))
        unsafe = sum(1 for f in self.remaining if f.fix is not None and not f.fix.safe and not self.unsafe)
        lines = [f"corpus-qa: {applied} fix(es) applied in {self.repaired_documents} document(s)"
                 + (f" ({by_rule})" if by_rule else "")
                 + f"; {len(self.remaining)} finding(s) remain"
                 + (f", {unsafe} with an unsafe fix (--unsafe-fixes)" if unsafe else "")
                 + (f", {fixable} whose fix still overlaps another's" if fixable else "")]
        if self.yielded:
            lines.append("corpus-qa: overlapping fixes, the first in the text (then by rule code) applied: "
                         + ", ".join(f"{left} yielded to {won} {count}x"
                                     for (left, won), count in sorted(self.yielded.items())))
        if self.dropped:
            lines.append(f"corpus-qa: {len(self.dropped)} duplicate record(s) left out: "
                         + ", ".join(self.dropped[:10]) + (" …" if len(self.dropped) > 10 else ""))
        if self.not_repaired:
            lines.append(f"corpus-qa: not repaired (unreadable, or a record format fix does not write): "
                         f"{', '.join(self.not_repaired[:5])}{' …' if len(self.not_repaired) > 5 else ''}")
        return "\n".join(lines)


def decided_fixes(path: str) -> set[str]:
    """The fingerprints of the findings decided "fix" in a review-decisions file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise ValueError(f"{path}: not a readable decisions file: {error}") from None
    if not isinstance(data, dict) or data.get("kind") != "review-decisions" or not isinstance(data.get("decisions"), list):
        raise ValueError(f'{path}: not a review-decisions export (expected "kind": "review-decisions")')
    return {entry["fingerprint"] for entry in data["decisions"]
            if isinstance(entry, dict) and entry.get("decision") == "fix" and isinstance(entry.get("fingerprint"), str)}


def _record_id(line: bytes, id_field: str, fallback: str) -> str:
    """A JSONL record's document id as `check` gives it: its id field, else file:line."""
    from corpus_qa.sources.documents import printable_text

    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return fallback
    record_id = record.get(id_field) if isinstance(record, dict) else None
    return fallback if record_id is None or record_id == "" else printable_text(str(record_id))


def _text_span(line: bytes, field: str) -> tuple[int, int, str] | None:
    """(start, end, value) of a JSONL record's `field` string in the raw line, or None."""
    try:
        text = line.decode("utf-8")
    except UnicodeDecodeError:
        return None
    decoder = json.JSONDecoder()
    position = len(text) - len(text.lstrip())
    if not text.startswith("{", position):
        return None
    position += 1
    while True:
        position = _skip_space(text, position)
        if text.startswith("}", position) or position >= len(text):
            return None
        try:
            key, position = json.decoder.scanstring(text, position + 1)
            position = _skip_space(text, position)
            if not text.startswith(":", position):
                return None
            position = _skip_space(text, position + 1)
            value, end = decoder.raw_decode(text, position)
        except (ValueError, IndexError):
            return None
        if key == field:
            if not isinstance(value, str):
                return None
            start_bytes = len(text[:position].encode("utf-8"))
            return start_bytes, start_bytes + len(text[position:end].encode("utf-8")), value
        position = _skip_space(text, end)
        if text.startswith(",", position):
            position += 1


def _skip_space(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


def _duplicate_copies(found, config) -> dict[tuple[str, int], str]:
    """(source, line) of each record that DUP001/DUP002 find to be a copy of another (all
    but each group's representative): what an unsafe fix leaves out of a record output."""
    from corpus_qa.engine.local import run

    result = run(found, config, jobs=0)
    where = {doc["id"]: (doc.get("source", doc["id"]), doc.get("line")) for doc in result.documents}
    copies = {}
    for finding in result.findings:
        if finding.rule in ("DUP001", "DUP002") and finding.data and finding.data.get("role") == "copy":
            source, line = where.get(finding.document, (None, None))
            if line is not None:
                copies.setdefault((source, line), f"{finding.rule} copy of {finding.data['representative']}")
    return copies


def _encoded(text: str, doc, to_utf8: bool = False) -> bytes:
    """The repaired text in the document's encoding where it fits (UTF-8 when `to_utf8`, the
    ENC002 fix), else UTF-8; its BOM kept."""
    encoding = doc.encoding if doc.encoding not in ("ascii",) and not to_utf8 else "utf-8"
    try:
        data = text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        data, encoding = text.encode("utf-8", "surrogatepass"), "utf-8"
    if doc.bom and encoding == "utf-8":
        data = b"\xef\xbb\xbf" + data
    return data


def _write(destination: Path, data: bytes) -> None:
    """Write atomically: a temporary file beside the destination, then renamed over it."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{destination.name}.", dir=destination.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        if destination.exists():
            os.chmod(temporary, destination.stat().st_mode & 0o7777)
        os.replace(temporary, destination)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _diff(name: str, before: str, after: str) -> None:
    sys.stdout.writelines(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                               fromfile=f"a/{name}", tofile=f"b/{name}"))
    if not after.endswith("\n") and after:
        sys.stdout.write("\n")


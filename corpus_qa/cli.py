"""Command line: parses arguments and calls the library. Exit codes like ruff:
0 nothing at or above --fail-on, 1 findings, 2 usage, config or internal error; 130 when
interrupted (Ctrl-C). Whatever goes wrong inside, the exit code is never 1 unless findings
failed the gate."""

from __future__ import annotations

import functools
import gc
import logging
import os
import sys
import traceback
from contextlib import contextmanager
from pathlib import Path

import click

from corpus_qa import __version__
from corpus_qa.baseline import DEFAULT_FILE as DEFAULT_BASELINE
from corpus_qa.engine.cache import DEFAULT_CACHE_DIR

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports a program stopped by Ctrl-C


def _fail(message: str) -> None:
    click.echo(f"corpus-qa: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


_FORMAT_BY_SUFFIX = {".json": "json", ".jsonl": "jsonl", ".sarif": "sarif", ".xml": "junit", ".html": "html"}


def _format_for(output: str) -> str:
    """`--output report.sarif` alone means SARIF: the suffix names the format."""
    return _FORMAT_BY_SUFFIX.get(Path(output).suffix.lower(), "console")


def _codes(values: tuple[str, ...]) -> list[str]:
    return [code.strip() for value in values for code in value.split(",") if code.strip()]


def _stdout_gone() -> None:
    """The reader of stdout has gone (`corpus-qa check | head`): send the rest, and the
    interpreter's final flush, to /dev/null instead of printing an error."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


_VERBOSE = "corpus_qa.verbose"  # in click's context meta, shared by a command and its group


class _WarningLine(logging.Handler):
    """The engine's warnings (a damaged cache rebuilt, say) as one `corpus-qa: warning:` line each."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(f"corpus-qa: warning: {record.getMessage()}", err=True)


class _Guarded(click.Group):
    """Keeps the exit codes true whatever happens inside a command: Ctrl-C exits 130 (click
    alone would say "Aborted!" and exit 1, the findings code), a closed stdout ends quietly,
    and any other exception is an internal error: one line, exit 2 (the traceback with -v)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("corpus-qa: interrupted", err=True)
            sys.exit(EXIT_INTERRUPTED)
        except BrokenPipeError:
            _stdout_gone()
            sys.exit(EXIT_CLEAN)
        except Exception as error:  # noqa: BLE001 - a bug must still exit 2, never 1
            if ctx.meta.get(_VERBOSE):
                click.echo("".join(traceback.format_exception(error)), err=True, nl=False)
            click.echo(f"corpus-qa: internal error: {type(error).__name__}: {error} "
                       "(a bug in corpus-qa: please report it; -v shows the traceback)", err=True)
            sys.exit(EXIT_ERROR)


@click.group(cls=_Guarded, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="corpus-qa")
def main() -> None:
    """Data-quality and corpus-integrity checks for Chinese web and news text."""


def run_options(command):
    """Options shared by every command that checks a corpus (check, baseline ...)."""
    options = [
        click.argument("paths", nargs=-1, type=click.Path()),
        click.option("--config", "config_file", type=click.Path(), help="Config file (default: nearest corpus-qa.toml or pyproject.toml with [tool.corpus-qa])."),
        click.option("--select", multiple=True, help="Rule codes or prefixes to enable, comma-separated (default ALL)."),
        click.option("--ignore", multiple=True, help="Rule codes or prefixes to disable, comma-separated."),
        click.option("-j", "--jobs", type=click.IntRange(min=0), help="Worker processes (default: all cores, never more than the machine has; 1 runs in-process)."),
        click.option("--include", multiple=True, help="Glob of files to read inside folders (repeatable; replaces the default)."),
        click.option("--exclude", multiple=True, help="Glob of files or folders to skip (repeatable; replaces the default)."),
        click.option("--text-field", help="JSONL/Parquet field holding the text (default text)."),
        click.option("--id-field", help="JSONL/Parquet field holding the document id (default id)."),
        click.option("--max-file-size", help="Skip and flag documents over this size, e.g. 32MiB."),
        click.option("--expectations", multiple=True, type=click.Path(), help="Great Expectations suite file or folder (repeatable; replaces `expectations` from the config)."),
        click.option("--cache-dir", type=click.Path(), help=f"Where per-document results are cached (default {DEFAULT_CACHE_DIR} beside the config file, or in the working directory)."),
        click.option("--no-cache", is_flag=True, help="Neither read nor write the result cache."),
        click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal, off in CI or when piped)."),
        click.option("-v", "--verbose", is_flag=True, help="Tracebacks for internal errors."),
        click.option("--engine", type=click.Choice(["local", "ray"]), default="local", show_default=True, help="Where documents are checked: a local process pool, or Ray Data (needs corpus-qa[ray])."),
        click.option("--address", help="With --engine ray: join the Ray cluster at this address (auto, HOST:6379, ray://HOST:10001) instead of starting a local Ray instance."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _run_check(params: dict, *, fail_on: str | None = None, changed_since: str | None = None,
               outputs: tuple[str, ...] = ()):
    """Load the config, read and check the corpus; exit 2 with one line on bad input, or
    when one of `outputs` (the files the command will write) is an input."""
    click.get_current_context().meta[_VERBOSE] = params["verbose"]
    engine_log = logging.getLogger("corpus_qa")
    if not any(isinstance(handler, _WarningLine) for handler in engine_log.handlers):
        engine_log.addHandler(_WarningLine())
    from corpus_qa.config import ConfigError, apply_settings, load_config
    from corpus_qa.corpus.expectations import SuiteError
    from corpus_qa.engine.changes import ChangesError, changed_files, with_git_versions
    from corpus_qa.engine.local import run
    from corpus_qa.sources import SourceError, discover
    from corpus_qa.writing import OutputError, refuse_inputs

    cli_settings = {
        key: value
        for key, value in {
            "select": _codes(params["select"]) or None,
            "ignore": _codes(params["ignore"]) or None,
            "fail-on": fail_on,
            "jobs": params["jobs"],
            "include": list(params["include"]) or None,
            "exclude": list(params["exclude"]) or None,
            "text-field": params["text_field"],
            "id-field": params["id_field"],
            "max-file-size": params["max_file_size"],
            "expectations": list(params["expectations"]) or None,
        }.items()
        if value is not None
    }
    try:
        config = load_config(params["config_file"])
        config = apply_settings(config, cli_settings, "command line", None)
        found = discover(list(params["paths"]) or list(config.paths), config.sources)
        refuse_inputs(outputs, ((path, stat[0] if stat else None) for (path, _), stat in zip(found.files, found.stats)))
        report_only = None
        if changed_since:
            changed = changed_files(changed_since)
            report_only = lambda doc: Path(doc.get("source", doc["id"])).resolve() in changed  # noqa: E731
    except (ConfigError, SourceError, ChangesError, OutputError) as error:
        _fail(str(error))
    cache_dir = None
    if not params["no_cache"]:
        cache_dir = params["cache_dir"] or str(Path(config.source_file).parent / DEFAULT_CACHE_DIR if config.source_file else DEFAULT_CACHE_DIR)
        found = with_git_versions(found)  # a fresh clone's files are known by content, not mtime
    engine_errors: tuple[type[Exception], ...] = ()
    engine_options = {}
    if params["engine"] == "ray":
        from corpus_qa.engine.ray_engine import RayEngineError, run

        engine_errors, engine_options = (RayEngineError,), {"address": params["address"]}
    elif params["address"]:
        _fail("--address needs --engine ray")
    with _progress_bar(params["progress"], found.total_bytes) as on_progress:
        try:
            result = run(found, config, verbose=params["verbose"], progress=on_progress, cache_dir=cache_dir,
                         report_only=report_only, **engine_options)
        except (SourceError, SuiteError, *engine_errors) as error:
            _fail(str(error))
    result.extra["skipped"] = found.skipped
    return result


def _without_cyclic_gc(command):
    """A run keeps every finding and metric until its reports are written: hundreds of
    thousands of objects, none of them in a reference cycle, that Python's cyclic collector
    would walk again and again (a third of a warm re-check's time). Reference counting
    still frees everything else."""

    @functools.wraps(command)
    def wrapper(*args, **kwargs):
        was_enabled = gc.isenabled()
        gc.disable()
        try:
            return command(*args, **kwargs)
        finally:
            if was_enabled:
                gc.enable()

    return wrapper


@main.command()
@run_options
@click.option("--fail-on", type=click.Choice(["error", "warning", "info"]), help="Lowest severity that fails the run (default error).")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when findings fail the gate (2 still means an error).")
@click.option("-f", "--format", "formats", multiple=True, help="Output format: console, json, jsonl, junit, sarif, github, html. Repeat for several.")
@click.option("-o", "--output", "outputs", multiple=True, type=click.Path(), help="File for the format at the same position; formats without one go to stdout. Without --format, the suffix picks it (.json .jsonl .sarif .xml .html).")
@click.option("--report", "report_file", type=click.Path(), help="Also write the HTML quality report to this file (same as --format html --output FILE).")
@click.option("--statistics", is_flag=True, help="Console: counts per rule instead of every finding.")
@click.option("--baseline", "baseline_file", type=click.Path(), help="Accepted findings: report new, unchanged and fixed ones, and gate only on new ones.")
@click.option("--strict-baseline", is_flag=True, help="With --baseline: also fail when baseline entries no longer occur (stale).")
@click.option("--changed-since", metavar="REF", help="Report findings only for documents changed since this git revision (the whole corpus is still read for duplicates).")
@_without_cyclic_gc
def check(fail_on, exit_zero, formats, outputs, report_file, statistics, baseline_file, strict_baseline, changed_since,
          **params) -> None:
    """Check the documents under PATHS (folders, files, JSONL, JSONL.gz, Parquet, CSV, TSV, WARC, WET)."""
    from corpus_qa import baseline
    from corpus_qa.report import FORMATS, RenderOptions, render
    from corpus_qa.writing import OutputError, written

    if not formats:
        formats = tuple(_format_for(target) for target in outputs) or ("console",)
    for fmt in formats:
        if fmt not in FORMATS:
            raise click.BadParameter(f"{fmt!r} is not one of {', '.join(FORMATS)}", param_hint="--format")
    if len(outputs) > len(formats):
        raise click.UsageError("more --output files than --format options: give one --format per --output")
    if strict_baseline and not baseline_file:
        raise click.UsageError("--strict-baseline needs --baseline FILE")
    targets = list(zip(formats, list(outputs) + [None] * (len(formats) - len(outputs))))
    if report_file:
        targets.append(("html", report_file))
    if sum(1 for _, target in targets if target is None) > 1:
        raise click.UsageError("only one format can go to stdout: give the others an --output file")
    entries = None
    if baseline_file:
        try:
            entries = baseline.load(baseline_file)
        except baseline.BaselineError as error:
            _fail(str(error))

    result = _run_check(params, fail_on=fail_on, changed_since=changed_since,
                        outputs=tuple(target for _, target in targets if target is not None))
    fail_level = result.config.fail_on
    gated = result.findings
    stale = False
    if entries is not None:
        comparison = baseline.compare(result.findings, entries)
        result.extra["baseline"] = comparison.as_extra(baseline_file)
        gated = comparison.new
        stale = strict_baseline and bool(comparison.fixed)
    gate_passed = not result.internal_errors and not stale and not any(f.severity >= fail_level for f in gated)
    if result.internal_errors:
        exit_code = EXIT_ERROR
    elif not gate_passed and not exit_zero:
        exit_code = EXIT_FINDINGS
    else:
        exit_code = EXIT_CLEAN
    options = RenderOptions(fail_on=fail_level, exit_code=exit_code, gate_passed=gate_passed, statistics=statistics,
                            verbose=params["verbose"])
    for fmt, target in targets:
        try:
            if target is None:
                render(fmt, result, options, sys.stdout)
            else:
                with written(target) as handle:
                    render(fmt, result, options, handle)
                click.echo(f"corpus-qa: wrote {fmt} to {target}", err=True)
        except BrokenPipeError:
            if target is not None:
                raise
            _stdout_gone()  # the reader stopped early (`| head`): the run's outcome stands
            sys.exit(exit_code)
        except OutputError as error:
            _fail(str(error))
        except OSError as error:
            _fail(f"{target}: cannot write: {error.strerror or error}")
    if params["verbose"]:
        for finding in result.findings:
            if finding.rule == "CQA001" and finding.data and "traceback" in finding.data:
                click.echo(finding.data["traceback"], err=True)
    sys.stdout.flush()
    sys.exit(exit_code)


@main.group(name="baseline")
def baseline_group() -> None:
    """Create and maintain a baseline of accepted findings (see `check --baseline`)."""


def _baseline_command(name: str, summary: str):
    def decorate(action):
        @baseline_group.command(name=name, help=summary)
        @run_options
        @click.option("-o", "--output", "baseline_file", type=click.Path(), default=None,
                      help=f"Baseline file (default {DEFAULT_BASELINE}).")
        @functools.wraps(action)
        def command(baseline_file, **params):
            action(baseline_file or DEFAULT_BASELINE, params)

        return command

    return decorate


def _write_baseline(path: str, entries: dict, verb: str) -> None:
    from corpus_qa import baseline

    from corpus_qa.writing import OutputError

    try:
        baseline.save(path, entries.values())
    except OutputError as error:
        _fail(str(error))
    except OSError as error:
        _fail(f"{path}: cannot write: {error.strerror or error}")
    click.echo(f"corpus-qa: {verb} {path}: {len(entries)} entr{'y' if len(entries) == 1 else 'ies'}", err=True)


def _load_baseline(path: str) -> dict:
    from corpus_qa import baseline

    try:
        return baseline.load(path)
    except baseline.BaselineError as error:
        _fail(str(error))


def _baselinable(result) -> list:
    return [f for f in result.findings if f.rule != "CQA001"]  # crashes are bugs to fix, not to accept


@_baseline_command("create", "Write a baseline that accepts every current finding.")
@click.option("--force", is_flag=True, help="Replace an existing baseline file.")
def baseline_create(baseline_file, params) -> None:
    from corpus_qa import baseline

    force = params.pop("force")
    if Path(baseline_file).exists() and not force:
        _fail(f"{baseline_file} exists: use `corpus-qa baseline update` to add to it, or --force to replace it")
    result = _run_check(params, outputs=(baseline_file,))
    _write_baseline(baseline_file, baseline.created(_baselinable(result)), "wrote")


@_baseline_command("update", "Add the current findings that are not yet in the baseline; keep every entry and its reason.")
def baseline_update(baseline_file, params) -> None:
    from corpus_qa import baseline

    entries = _load_baseline(baseline_file)
    result = _run_check(params, outputs=(baseline_file,))
    merged = baseline.updated(_baselinable(result), entries)
    click.echo(f"corpus-qa: {len(merged) - len(entries)} new finding(s) accepted", err=True)
    _write_baseline(baseline_file, merged, "updated")


@_baseline_command("prune", "Drop baseline entries whose finding no longer occurs.")
def baseline_prune(baseline_file, params) -> None:
    from corpus_qa import baseline

    entries = _load_baseline(baseline_file)
    result = _run_check(params, outputs=(baseline_file,))
    kept = baseline.pruned(_baselinable(result), entries)
    click.echo(f"corpus-qa: {len(entries) - len(kept)} stale entr{'y' if len(entries) - len(kept) == 1 else 'ies'} removed", err=True)
    _write_baseline(baseline_file, kept, "pruned")


@baseline_group.command(name="import")
@click.argument("decisions", type=click.Path())
@click.option("-o", "--output", "baseline_file", type=click.Path(), default=DEFAULT_BASELINE, help=f"Baseline file to merge into (default {DEFAULT_BASELINE}; created when missing).")
def baseline_import(decisions: str, baseline_file: str) -> None:
    """Merge review decisions exported from the HTML report (accepted / false positive with a reason)."""
    from corpus_qa import baseline

    entries = _load_baseline(baseline_file) if Path(baseline_file).exists() else {}
    try:
        merged, changed = baseline.imported(decisions, entries)
    except baseline.BaselineError as error:
        _fail(str(error))
    click.echo(f"corpus-qa: {changed} decision(s) imported", err=True)
    _write_baseline(baseline_file, merged, "updated")


def _show_progress(requested: bool | None) -> bool:
    if requested is not None:
        return requested
    return sys.stderr.isatty() and not os.environ.get("CI")


@contextmanager
def _progress_bar(requested: bool | None, total_bytes: int):
    if not _show_progress(requested):
        yield None
        return
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn

    columns = (
        TextColumn("[bold]checking[/]"),
        BarColumn(),
        DownloadColumn(),
        TextColumn("{task.fields[documents]} documents"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, transient=True, console=None) as bar:
        task = bar.add_task("check", total=total_bytes or None, documents=0)

        def update(done_bytes: int, documents: int) -> None:
            bar.update(task, completed=done_bytes, documents=documents)

        yield update


@main.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", help="Output format.")
def rules(fmt: str) -> None:
    """List every rule: code, name, category, default severity, summary."""
    from corpus_qa.rules.meta import META_RULES
    from corpus_qa.rules.registry import all_rules

    rows = [(r.code, r.name, r.category.value, r.severity.label, r.summary) for r in all_rules().values()]
    rows += [(m.code, m.name, "(varies)", "error", m.summary) for m in META_RULES.values()]
    if fmt == "json":
        import json

        keys = ("code", "name", "category", "severity", "summary")
        click.echo(json.dumps([dict(zip(keys, row)) for row in rows], ensure_ascii=False, indent=2))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False)
    for column in ("code", "name", "category", "severity", "summary"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*row)
    Console(soft_wrap=False).print(table)


@main.command()
@click.argument("code")
def explain(code: str) -> None:
    """Print the documentation of one rule (by code or name)."""
    from corpus_qa.rules.meta import META_RULES
    from corpus_qa.rules.registry import all_rules

    wanted = code.strip()
    for meta in META_RULES.values():
        if meta.code == wanted.upper() or meta.name == wanted:
            click.echo(f"{meta.code} {meta.name}\n\n{meta.docs.strip()}")
            return
    for rule in all_rules().values():
        if rule.code == wanted.upper() or rule.name == wanted:
            click.echo(f"{rule.code} {rule.name} ({rule.category.value}, default severity {rule.severity.label})\n")
            click.echo(rule.docs)
            return
    _fail(f"no rule {code!r}: `corpus-qa rules` lists them")


from corpus_qa.fix_command import fix  # noqa: E402 - it reaches back into this module only when it runs

main.add_command(fix)

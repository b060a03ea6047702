"""`--format console` (the default): findings grouped by document, then a summary.

`--statistics` prints one row per rule instead of each finding."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from corpus_qa.report.summary import gated_findings, skipped_line, summary

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_RICH_STRIPS = dict.fromkeys((7, 8, 11, 12, 13))  # control codes rich drops from printed text


def _one_line(text: str, limit: int = 160) -> str:
    text = text.replace("\n", "⏎")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def render(result, options, out) -> None:
    console = Console(file=out, force_terminal=options.color, no_color=options.color is False, highlight=False,
                      soft_wrap=True)
    stats = summary(result, options)
    if options.statistics:
        _statistics(console, result, stats)
    else:
        _by_document(console, result)
        if result.findings:
            console.print()
            _statistics(console, result, stats)
    _closing_line(console, stats, options)


def _by_document(console: Console, result) -> None:
    """Every finding, grouped by document; against a baseline only the new ones. Into a pipe
    or file (no terminal, so no styles) the lines are written as they are: rich would take
    seconds to lay out tens of thousands of them to the same text."""
    plain = not console.is_terminal
    sources = {doc["id"]: doc.get("source") for doc in result.documents}
    lines: list[str] = []
    current = None
    for finding in gated_findings(result):
        if finding.document != current:
            current = finding.document
            name = current or "(corpus)"
            source = sources.get(current)
            shown_source = source and not source.endswith(name)  # records, or ids that are not paths
            if plain:
                lines.append((name + (f" ({source})" if shown_source else "")).translate(_RICH_STRIPS))
            else:
                console.print(f"[bold]{escape(name)}[/]" + (f" [dim]({escape(source)})[/]" if shown_source else ""))
        level = finding.severity.label
        message = _one_line(finding.message, 160 if finding.document else 400)
        if plain:
            lines.append(f"  {finding.line:>4}:{finding.column:<4} {finding.rule} {level:<7} {message.translate(_RICH_STRIPS)}")
        else:
            console.print(f"  [dim]{finding.line:>4}:{finding.column:<4}[/] [bold]{finding.rule}[/] "
                          f"[{_STYLE[level]}]{level:<7}[/] {escape(message)}")
    if lines:
        console.file.write("\n".join(lines) + "\n")


def _statistics(console: Console, result, stats) -> None:
    names = {finding.rule: finding.name for finding in result.findings}
    table = Table(title=None, show_edge=False, pad_edge=False)
    table.add_column("count", justify="right")
    table.add_column("code")
    table.add_column("name")
    table.add_column("severity")
    counts: dict[tuple[str, str], int] = {}
    for finding in result.findings:
        key = (finding.rule, finding.severity.label)
        counts[key] = counts.get(key, 0) + 1
    for (code, level), count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        table.add_row(str(count), code, names[code], f"[{_STYLE[level]}]{level}[/]")
    if counts:
        console.print(table)


def _closing_line(console: Console, stats, options) -> None:
    gate = stats["gate"]
    severities = ", ".join(f"{n} {s}" for s, n in stats["by_severity"].items())
    checked = f"{stats['documents']} document(s) checked"
    if stats["skipped"]["files"]:
        console.print(f"Not read: {escape(skipped_line(stats['skipped']['by_reason']))}.")
    if not stats["findings"]:
        console.print(f"[green]All checks passed[/]: {checked}, no findings.")
        return
    console.print(
        f"Found {stats['findings']} finding(s) ({severities}) in {stats['documents_with_findings']} of {checked}."
    )
    if stats["internal_errors"]:
        console.print(f"[bold red]{stats['internal_errors']} internal error(s)[/]: some rules crashed (CQA001).")
    if "baseline" in stats:
        compared = stats["baseline"]
        console.print(
            f"Baseline {escape(compared['file'])}: {compared['new']} new, {compared['unchanged']} unchanged "
            f"(not listed), {compared['fixed']} fixed (stale entries: `corpus-qa baseline prune`)."
        )
    verdict = "[green]passed[/]" if gate["passed"] else "[bold red]failed[/]"
    console.print(f"Gate {verdict}: {gate['failing_findings']} finding(s) at or above '{gate['fail_on']}'.")

"""Chart geometry for the HTML report; templates/charts.html.j2 turns it into inline SVG.

Colours are CSS classes (cat-*, sev-*, bar-*), never style attributes: the report's
Content-Security-Policy allows no inline style, and classes follow light and dark mode.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from corpus_qa.run_result import RunResult

_WIDTH = 560
_LABEL_WIDTH = 190
_ROW = 24
_BAR = 16
_PLOT_HEIGHT = 150
_MAX_ROWS = 14


@dataclass
class Chart:
    id: str
    title: str
    description: str
    kind: str  # "bars" (horizontal, one row per label) or "histogram" (vertical columns)
    width: int = _WIDTH
    height: int = 0
    items: list[dict[str, Any]] = field(default_factory=list)
    axis: dict[str, Any] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(item["value"] for item in self.items)


def _short(label: str, limit: int = 26) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bars(chart_id: str, title: str, description: str, rows: list[tuple[str, int, str, dict[str, str]]]) -> Chart:
    """rows: (label, value, css class, filter attributes for the script: {"rule": "BP001"})."""
    if len(rows) > _MAX_ROWS:
        rest = sum(value for _, value, _, _ in rows[_MAX_ROWS - 1 :])
        rows = rows[: _MAX_ROWS - 1] + [(f"{len(rows) - _MAX_ROWS + 1} more", rest, "bar-other", {})]
    top = max((value for _, value, _, _ in rows), default=0) or 1
    plot = _WIDTH - _LABEL_WIDTH - 60
    chart = Chart(chart_id, title, description, "bars", height=max(len(rows), 1) * _ROW + 8)
    for position, (label, value, css, filters) in enumerate(rows):
        y = 4 + position * _ROW
        width = round(plot * value / top, 1) if value else 0
        chart.items.append({
            "label": label, "short": _short(label), "value": value, "css": css, "filters": filters,
            "x": _LABEL_WIDTH, "y": y, "w": max(width, 1.5 if value else 0), "h": _BAR,
            "text_y": y + _BAR - 3, "value_x": _LABEL_WIDTH + width + 6,
        })
    return chart


def histogram(chart_id: str, title: str, description: str, rows: list[tuple[str, int, str]]) -> Chart:
    top = max((value for _, value, _ in rows), default=0) or 1
    slot = (_WIDTH - 20) / max(len(rows), 1)
    chart = Chart(chart_id, title, description, "histogram", height=_PLOT_HEIGHT + 52)
    for position, (label, value, css) in enumerate(rows):
        height = round(_PLOT_HEIGHT * value / top, 1)
        x = 10 + position * slot
        chart.items.append({
            "label": label, "short": _short(label, 12), "value": value, "css": css, "filters": {},
            "x": round(x + slot * 0.1, 1), "w": round(slot * 0.8, 1), "y": round(20 + _PLOT_HEIGHT - height, 1),
            "h": max(height, 1 if value else 0), "text_x": round(x + slot / 2, 1), "text_y": _PLOT_HEIGHT + 38,
            "value_y": round(20 + _PLOT_HEIGHT - height - 4, 1),
        })
    chart.axis = {"y": _PLOT_HEIGHT + 20, "x1": 10, "x2": _WIDTH - 10}
    return chart


def findings_per_rule(rules: list[dict[str, Any]]) -> Chart:
    rows = [(f"{r['code']} {r['name']}", r["count"], f"cat-{r['category']}", {"rule": r["code"]})
            for r in sorted(rules, key=lambda r: (-r["count"], r["code"])) if r["count"]]
    return bars("chart-rules", "Findings per rule", "Number of findings of each rule; select a bar to filter the "
                "documents table.", rows)


def documents_by_worst_severity(result: "RunResult") -> Chart:
    worst: dict[str, int] = {}
    for finding in result.findings:
        worst[finding.document] = max(worst.get(finding.document, 0), int(finding.severity))
    counts = Counter(worst.get(doc["id"], 0) for doc in result.documents)
    rows = [("no findings", counts[0], "sev-clean", {"severity": "none"})]
    rows += [(label, counts[level], f"sev-{label}", {"severity": label})
             for level, label in ((3, "error"), (2, "warning"), (1, "info"))]
    return bars("chart-worst", "Documents by worst severity", "Each document counted once, under the most severe "
                "finding it has.", rows)


_DENSITY_BINS = ((0.5, "< 0.5"), (1, "0.5–1"), (2, "1–2"), (5, "2–5"), (10, "5–10"), (float("inf"), "≥ 10"))


def quality_distribution(result: "RunResult") -> Chart:
    per_doc = Counter(f.document for f in result.findings)
    counts = Counter()
    for doc in result.documents:
        found, chars = per_doc.get(doc["id"], 0), doc.get("metrics", {}).get("chars", 0)
        if not found:
            counts["clean"] += 1
        elif not chars:
            counts["no text"] += 1
        else:
            density = 1000 * found / chars
            counts[next(label for limit, label in _DENSITY_BINS if density < limit)] += 1
    rows = [("clean", counts["clean"], "sev-clean")] + [(label, counts[label], "bar-density") for _, label in
                                                      _DENSITY_BINS]
    if counts["no text"]:
        rows.append(("no text", counts["no text"], "bar-other"))
    return histogram("chart-quality", "Findings per 1,000 characters", "Per-document quality: how densely each "
                     "document is flagged. Clean documents have no findings.", rows)


def encodings(result: "RunResult") -> Chart:
    counts = Counter(doc.get("encoding") or "unknown" for doc in result.documents)
    rows = [(name, count, "bar-encoding", {}) for name, count in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]
    return bars("chart-encoding", "Encodings", "The encoding each document was read in.", rows)


def _script_of(metrics: dict[str, Any]) -> str | None:
    if isinstance(metrics.get("script"), str):
        return metrics["script"]
    share = metrics.get("traditional_share", "absent")
    if share == "absent":
        return None
    if share is None:
        return "no evidence"
    return "traditional" if share > 0.8 else "simplified" if share < 0.2 else "mixed"


def scripts(result: "RunResult") -> Chart | None:
    """Simplified or traditional, from the `traditional_share` metric (or a `script` label)."""
    labels = [_script_of(doc.get("metrics", {})) for doc in result.documents]
    if all(label is None for label in labels):
        return None
    counts = Counter(label or "no evidence" for label in labels)
    rows = [(name, count, "bar-script", {}) for name, count in sorted(counts.items(), key=lambda i: (-i[1], i[0]))]
    return bars("chart-script", "Script", "Among characters written differently in the two scripts, the share "
                "written traditionally: under 20% simplified, over 80% traditional, otherwise mixed.", rows)


def cjk_shares(result: "RunResult") -> Chart:
    counts = Counter()
    for doc in result.documents:
        share = doc.get("metrics", {}).get("cjk_share", 0.0) or 0.0
        counts[min(int(share * 10), 9)] += 1
    rows = [(f"{tenth * 10}–{tenth * 10 + 10}%", counts[tenth], "bar-script") for tenth in range(10)]
    return histogram("chart-cjk", "Share of CJK characters", "Documents by the share of their non-space "
                     "characters that are Chinese (CJK) characters.", rows)


def all_charts(result: "RunResult", rules: list[dict[str, Any]]) -> list[Chart]:
    charts = [findings_per_rule(rules), documents_by_worst_severity(result), quality_distribution(result),
              encodings(result), scripts(result), cjk_shares(result)]
    return [chart for chart in charts if chart is not None]

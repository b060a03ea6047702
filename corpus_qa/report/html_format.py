"""`--format html` / `--report FILE`: one self-contained quality report for people.

The page makes no network request of any kind and works from file://. Its CSS and script
(static/) are inlined at render time and allowed by a Content-Security-Policy that names
their SHA-256 hashes, so no other script can run: document text is untrusted and is only
ever placed as text (Jinja autoescaping on the server side; JSON blocks with <, > and &
escaped; textContent in the browser). Summary, charts and rules are rendered here; the
review queue, documents table, document views, duplicate comparison and review are built by
the script from the embedded JSON, views only when opened. How much text is embedded: see
corpus_qa.report.html_budget.

Review decisions
----------------
A reviewer marks findings as accepted or false positive (a reason is required for a false
positive), one at a time or many at once (a rule in a document, a rule everywhere, all that
the filters show), and exports them as JSON for `corpus-qa baseline import`:

    {"tool": "corpus-qa", "kind": "review-decisions", "version": 1,
     "decisions": [{"fingerprint": "41e1c70548aca5ea911c", "rule": "BP001",
                    "document": "001_aa32bcfdfa2ccc6a.txt", "excerpt": "<div>",
                    "message": "HTML residue (1 tag): <div>", "decision": "false-positive",
                    "reason": "the tags are quoted in a tutorial"}]}

`decision` is "accepted" or "false-positive"; `reason` is a string, never empty for a false
positive (it may be empty for an accepted finding); `excerpt` and `message` are the finding's,
the excerpt cut at 120 characters with "…" as a baseline entry keeps it, so the baseline made
from the file is readable. Decisions follow the report's finding order. The file can be
imported again into a report to continue a review.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from markupsafe import Markup

from corpus_qa.report import html_budget, html_charts, html_data, html_sections, json_text
from corpus_qa.report.summary import TOOL, run_metadata, summary

SCRIPT_FILES = ("core.js", "decisions.js", "filters.js", "table.js", "text.js", "tip.js", "document.js", "queue.js", "queue_view.js",
                "clusters.js", "review.js", "main.js")
STYLE_FILES = ("report.css",)
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
_HTML_SENSITIVE = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}


def render(result, options, out) -> None:
    out.write(build_html(result, options))


def build_html(result, options, budget: html_budget.TextBudget | None = None) -> str:
    rules = html_data.rule_rows(result)
    for rule in rules:
        rule["doc_summary"], rule["doc_sections"] = html_sections.rule_doc_sections(rule["docs"])
    data = html_data.build(result, rules, budget)
    stats = summary(result, options)
    categories = html_data.categories(result)
    document_ids = {doc["id"] for doc in result.documents}
    script, style = _assets()
    context: dict[str, Any] = {
        "tool": TOOL,
        "stats": stats,
        "gate_reason": html_sections.gate_reason(result, stats),
        "run": run_metadata(result),
        "categories": categories,
        "matrix": html_sections.category_severity_table(result, categories),
        "rules": rules,
        "charts": html_charts.all_charts(result, rules),
        "corpus_findings": [f for f in result.findings if f.document not in document_ids],
        "expectation_suites": html_sections.expectation_suites(result.extra.get("expectations")),
        "baseline": html_sections.baseline_rows(result),
        "has_clusters": bool(data.payload["clusters"]),
        "limits": {
            "full_text_chars": data.budget.full_text_chars,
            "budget_mb": data.budget.megabytes,
            "diff_chars": html_budget.DIFF_CHARS,
            "window_chars": data.budget.window_chars,
            "opening_chars": html_budget.OPENING_CHARS,
        },
        "data": json_for_html(data.payload),
        "texts": [(index, json_for_html(text.as_json())) for index, text in sorted(data.texts.items())],
        "csp": content_security_policy(script, style),
        "css": Markup(style),
        "js": Markup(script),
    }
    return _environment().get_template("report.html.j2").render(context)


def json_for_html(value: Any) -> Markup:
    """JSON that is safe inside <script type="application/json">: no <, > or & survives."""
    text = json_text.dumps(value)
    text = _LONE_SURROGATE.sub("\ufffd", text)  # cannot be written as UTF-8
    for char, escape in _HTML_SENSITIVE.items():
        text = text.replace(char, escape)
    return Markup(text)


def content_security_policy(script: str, style: str) -> str:
    return "; ".join((
        "default-src 'none'",
        f"script-src '{_sha256(script)}'",
        f"style-src '{_sha256(style)}'",
        "img-src 'none'",
        "font-src 'none'",
        "connect-src 'none'",
        "base-uri 'none'",
        "form-action 'none'",
    ))


def _sha256(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


@lru_cache(maxsize=1)
def _assets() -> tuple[str, str]:
    folder = resources.files("corpus_qa.report") / "static"
    parts = [f"/* {name} */\n" + (folder / name).read_text(encoding="utf-8") for name in SCRIPT_FILES]
    # one scope for all parts, none of it global
    script = '"use strict";\n(() => {\n' + "\n".join(parts) + "\n})();\n"
    style = "\n".join((folder / name).read_text(encoding="utf-8") for name in STYLE_FILES)
    for name, text, closing in (("script", script, "</script"), ("style", style, "</style")):
        if closing in text.lower():
            raise AssertionError(f"static {name} must not contain {closing}")
    return script, style


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("corpus_qa.report", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = lambda value: f"{value:,}"
    return env

"""Run the DUP family on a small corpus in a tmp folder, through the real engine."""

from __future__ import annotations

from pathlib import Path

from corpus_qa.config import Config, apply_settings
from corpus_qa.engine.local import run
from corpus_qa.model import Document
from corpus_qa.sources import discover

REPO = Path(__file__).resolve().parents[3]
SEEDS = REPO / "seeds"


def write_corpus(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
    return folder


def check(folder: Path, select: str = "DUP", options: dict | None = None, **settings):
    config = apply_settings(Config(), {"select": [select], "duplicates": options or {}, **settings}, "test", None)
    return run(discover([str(folder)], config.sources), config, jobs=1).findings


def findings_for(tmp_path: Path, files: dict[str, str], select: str = "DUP", options: dict | None = None):
    return check(write_corpus(tmp_path / "corpus", files), select, options)


def by_rule(findings, rule: str) -> dict[str, object]:
    """document -> its finding of `rule` (one per document for the cluster rules)."""
    return {f.document: f for f in findings if f.rule == rule}


def clustered(findings) -> set[frozenset[str]]:
    """The groups DUP001/DUP002 report, as sets of documents."""
    groups: dict[tuple[str, str], set[str]] = {}
    for f in findings:
        if f.rule in ("DUP001", "DUP002"):
            groups.setdefault((f.rule, f.data["cluster"]), set()).add(f.document)
    return {frozenset(members) for members in groups.values()}


def assert_excerpts_match(findings, texts: dict[str, str]) -> None:
    """The JSON contract: excerpt == text[start:end], and line/column agree with the offsets."""
    for f in findings:
        text = texts[f.document]
        assert f.excerpt == text[f.start : f.end], f
        doc = Document(id=f.document, text=text)
        assert (f.line, f.column) == doc.position(f.start), f
        assert (f.end_line, f.end_column) == doc.position(f.end), f


def hexo(title: str, body: str, **fields: str) -> str:
    """A post as the rsshub aggregator writes it (frontmatter from byte 1)."""
    extra = "".join(f"{key}: {value}\n" for key, value in fields.items())
    return f"\n---\ntitle: '{title}'\nauthor: 新浪财经\ncomments: false\n{extra}---\n\n<div>   \n{body}</div>\n"

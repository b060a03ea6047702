"""`corpus-qa fix --decisions`: exactly the fixes a reviewer decided, matched by fingerprint."""

from __future__ import annotations

import json

from tests.conftest import CLEAN_TRADITIONAL, write

FIRST = "国家统计局今天发布数据，，今年前八个月全国粮食总产量稳中有升。\n"
SECOND = "夏粮收购进度加快；；各地粮库运转正常，农民售粮顺畅。\n"
PARAGRAPH = "记者从市交通运输局获悉，今年春运期间全市道路客运量同比增长一成以上。"
UNSAFE = f"序言\n---\ntitle: 春运\n---\n{PARAGRAPH}\n"  # frontmatter after text: an unsafe fix


def corpus(folder):
    write(folder, "c/a.txt", FIRST + SECOND)
    write(folder, "c/b.md", UNSAFE)
    write(folder, "c/t.txt", CLEAN_TRADITIONAL)
    write(folder, "r.jsonl", json.dumps({"id": "rec-1", "text": FIRST + SECOND}, ensure_ascii=False) + "\n")


def findings(cli, path="c"):
    result = cli("check", path, "--format", "json", "--jobs", "1")
    return [f for f in json.loads(result.stdout)["findings"] if f.get("fix")]


def decisions(folder, chosen, decision="fix"):
    entries = [{"fingerprint": f["fingerprint"], "rule": f["rule"], "document": f["document"], "excerpt": f["excerpt"],
                "message": f["message"], "decision": decision, "reason": ""} for f in chosen]
    path = folder / "decisions.json"
    path.write_text(json.dumps({"tool": "corpus-qa", "kind": "review-decisions", "version": 1, "decisions": entries}),
                    encoding="utf-8")
    return path


def test_only_the_decided_fix_is_applied(cli, isolated):
    corpus(isolated)
    fixable = findings(cli)
    second = next(f for f in fixable if f["document"] == "a.txt" and f["excerpt"] == "；；")
    result = cli("fix", "c", "-o", "fixed", "--decisions", decisions(isolated, [second]))
    assert result.exit_code in (0, 1), result.stderr
    assert (isolated / "fixed/a.txt").read_text(encoding="utf-8") == FIRST + SECOND.replace("；；", "；")
    assert (isolated / "fixed/b.md").read_text(encoding="utf-8") == UNSAFE
    assert "1 fix(es) applied in 1 document(s)" in result.stderr


def test_an_unsafe_fix_applies_when_decided_and_a_record_matches_by_its_id(cli, isolated):
    corpus(isolated)
    fixable = findings(cli)
    unsafe = [f for f in fixable if f["document"] == "b.md" and f["fix"]["applicability"] == "unsafe"]
    record = [f for f in findings(cli, "r.jsonl") if f["document"] == "rec-1" and f["excerpt"] == "，，"]
    assert len(unsafe) == 1 and len(record) == 1
    path = decisions(isolated, unsafe + record)
    cli("fix", "c", "-o", "fixed", "--decisions", path)
    assert (isolated / "fixed/b.md").read_text(encoding="utf-8").startswith("---\ntitle: 春运")
    assert (isolated / "fixed/a.txt").read_text(encoding="utf-8") == FIRST + SECOND
    cli("fix", "r.jsonl", "-o", "fixed.jsonl", "--decisions", path)
    text = json.loads((isolated / "fixed.jsonl").read_text(encoding="utf-8"))["text"]
    assert text == FIRST.replace("，，", "，") + SECOND


def test_accepted_decisions_apply_no_fix_and_a_fix_decision_imports_as_accepted(cli, isolated):
    corpus(isolated)
    fixable = findings(cli)
    path = decisions(isolated, fixable, decision="accepted")
    result = cli("fix", "c", "--decisions", path)
    assert "0 fix(es) applied" in result.stderr
    path = decisions(isolated, fixable[:1])
    assert cli("baseline", "import", path, "-o", "base.json").exit_code == 0
    entries = json.loads((isolated / "base.json").read_text(encoding="utf-8"))["entries"]
    assert [(e["fingerprint"], e["status"]) for e in entries] == [(fixable[0]["fingerprint"], "accepted")]


def test_a_file_that_is_not_a_decisions_export_is_refused(cli, isolated):
    corpus(isolated)
    write(isolated, "other.json", '{"kind": "baseline", "entries": []}')
    result = cli("fix", "c", "--decisions", "other.json")
    assert result.exit_code == 2 and "not a review-decisions export" in result.stderr

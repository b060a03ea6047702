"""Growing the corpus rules' findings when documents are only added: a cached run over the
grown corpus must report exactly what a full run without the cache reports."""

import json
import random

import pytest
from opencc import OpenCC

from tests.conftest import CLEAN_POST_BODY, CLEAN_SIMPLIFIED, PEOPLES_DAILY_1998, UDN_2022, age, write

# Lines long enough for every corpus rule to compare (paragraphs, repeated lines, shingles).
SENTENCES = [s + "。" for text in (CLEAN_SIMPLIFIED, PEOPLES_DAILY_1998, CLEAN_POST_BODY) for s in text.replace("\n", "").split("。") if len(s) > 12]
TEMPLATE = "本站声明：转载请注明来源南通传媒网，违者必究"  # a site line, in 9 old documents


def article(rng: random.Random, number: int, template: bool = False) -> str:
    lines = [f"第{number}号稿件的独有开头：本市第{number}届社区议事会今天召开，讨论了多项民生议题和改进措施。"]
    lines += rng.sample(SENTENCES, 4) + [f"第{number}号稿件的独有结尾：记者走访了第{number}个社区，听取居民对民生工作的意见和建议。"]
    if template:
        lines.insert(2, TEMPLATE)
    return "\n\n".join(lines) + "\n"


def with_title(title: str, body: str) -> str:
    return f"---\ntitle: {title}\ndate: 2024-01-01\n---\n{body}"


@pytest.fixture
def base(isolated):
    rng = random.Random(7)
    for number in range(30):
        body = article(rng, number, template=number < 9)
        write(isolated, f"c/{number:02d}.md", with_title(f"第{number}号稿件的标题", body) if number % 3 == 0 else body)
    write(isolated, "corpus-qa.toml", '[encoding]\nscript = "auto"\n')  # ENC010 judges by the majority
    write(isolated, "c/tw.txt", UDN_2022)  # the corpus is simplified: one traditional document
    # shares 07.md's opening; an addition will share its ending: 07.md is judged again, and
    # pair.txt must be seen then, although no addition shares anything with it
    opening = next(line for line in (isolated / "c" / "07.md").read_text(encoding="utf-8").split("\n") if "独有开头" in line)
    write(isolated, "c/pair.txt", opening + "\n\n这篇稿件的其余内容与其他稿件都不相同，只是开头一段照搬。\n")
    return isolated


def run(cli, *args):
    result = cli("check", "c", "--jobs", "1", "--format", "json", *args)
    return json.loads(result.stdout)


def assert_same_as_full(cli, cached):
    full = run(cli, "--no-cache")
    assert cached["findings"] == full["findings"]
    assert cached["documents"] == full["documents"]


def additions(folder, rng: random.Random, round_: int):
    old = {path.name: path.read_text(encoding="utf-8") for path in sorted((folder / "c").glob("[0-9]*.*"))}
    texts = list(old.values())
    write(folder, f"c/new/{round_}-exact.md", texts[3])  # a copy, frontmatter and all
    write(folder, f"c/new/{round_}-traditional.txt", OpenCC("s2t").convert(texts[4].split("---\n")[-1]))
    near = texts[5].split("\n")
    near[0] = near[0].replace("。", "，有删改。")
    write(folder, f"c/new/{round_}-near.txt", "\n".join(near))
    write(folder, f"c/new/{round_}-template.txt", article(rng, 100 + round_, template=True))  # the line's 10th document
    write(folder, f"c/new/{round_}-title.md", with_title("第0号稿件的标题", article(rng, 200 + round_)))
    ending = next(line for line in texts[7].split("\n") if "独有结尾" in line)  # a paragraph of one old document
    write(folder, f"c/new/{round_}-shared.txt", "一篇别的报道，开头完全不同。\n\n" + ending + "\n\n结尾也不同，另有所指的内容。\n")
    write(folder, f"c/new/{round_}-traditional-only.txt", UDN_2022.replace("蘇揆", f"第{round_}次，蘇揆"))
    write(folder, f"c/new/{round_}-frontmatter.md", "---\ntitle: \ndate: 不是日期\n---\n" + article(rng, 300 + round_))


def test_added_documents_grow_the_findings_of_every_corpus_rule(cli, base):
    first = run(cli, "--cache-dir", "cache")
    assert first["run"]["stats"]["corpus"] == "reduced"
    rng = random.Random(11)
    additions(base, rng, 1)
    grown = run(cli, "--cache-dir", "cache")
    assert grown["run"]["stats"]["corpus"] == "grown" and grown["run"]["stats"]["documents_added"] == 8
    assert_same_as_full(cli, grown)
    rules = {f["rule"] for f in grown["findings"] if f["document"].startswith("new/")}
    assert {"DUP001", "DUP002", "DUP004", "DUP005", "BP009", "ENC010", "FM006", "FM009"} <= rules
    # the old documents whose findings changed: the template line's nine, the copied ones
    changed = {f["document"] for f in grown["findings"]} - {f["document"] for f in first["findings"]}
    assert {"04.md", "05.md"} <= {f["document"] for f in grown["findings"] if f["rule"] in ("DUP001", "DUP002")} | changed
    additions(base, rng, 2)  # grown again from the same base
    again = run(cli, "--cache-dir", "cache")
    assert again["run"]["stats"]["corpus"] == "grown" and again["run"]["stats"]["documents_added"] == 16
    assert_same_as_full(cli, again)
    assert run(cli, "--cache-dir", "cache")["run"]["stats"]["corpus"] == "grown"  # same corpus: hits reused


def test_a_removed_or_changed_document_reduces_in_full(cli, base):
    run(cli, "--cache-dir", "cache")
    (base / "c" / "03.md").unlink()
    removed = run(cli, "--cache-dir", "cache")
    assert removed["run"]["stats"]["corpus"] == "reduced"
    assert_same_as_full(cli, removed)
    write(base, "c/04.md", SENTENCES[1] + "\n")
    changed = run(cli, "--cache-dir", "cache")
    assert changed["run"]["stats"]["corpus"] == "reduced"
    assert_same_as_full(cli, changed)


def test_the_same_corpus_reuses_the_corpus_findings(cli, base):
    first = run(cli, "--cache-dir", "cache")
    (base / "c" / "05.md").touch()  # a new mtime, the same content: read again, same corpus
    again = run(cli, "--cache-dir", "cache")
    assert again["run"]["stats"]["corpus"] == "reused"
    assert again["findings"] == first["findings"]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_a_configured_script_policy_grows_too(cli, base, script):
    write(base, "corpus-qa.toml", f'[encoding]\nscript = "{script}"\n')
    run(cli, "--cache-dir", "cache")
    additions(base, random.Random(3), 1)
    grown = run(cli, "--cache-dir", "cache")
    assert grown["run"]["stats"]["corpus"] == "grown"
    assert_same_as_full(cli, grown)


def test_a_majority_that_flips_reduces_in_full(cli, isolated):
    write(isolated, "corpus-qa.toml", '[encoding]\nscript = "auto"\n')
    for number in range(3):
        write(isolated, f"c/s{number}.txt", CLEAN_SIMPLIFIED.replace("今天", f"第{number}天"))
    write(isolated, "c/t0.txt", UDN_2022)
    run(cli, "--cache-dir", "cache")
    for number in range(1, 5):
        write(isolated, f"c/t{number}.txt", UDN_2022.replace("今（25）日", f"第{number}日"))
    flipped = run(cli, "--cache-dir", "cache")
    assert flipped["run"]["stats"]["corpus"] == "partly grown"  # ENC010 reduced, the others grew
    assert {f["document"] for f in flipped["findings"] if f["rule"] == "ENC010"} == {"s0.txt", "s1.txt", "s2.txt"}
    assert_same_as_full(cli, flipped)


def test_files_unchanged_since_the_snapshot_take_their_results_from_it(cli, base):
    records = lambda *ids: "".join(json.dumps({"id": i, "text": CLEAN_POST_BODY + i}, ensure_ascii=False) + "\n" for i in ids)  # noqa: E731
    write(base, "c/a.jsonl", records("x", "y"))
    write(base, "c/c.jsonl", records("x"))  # reported as x#2
    include = ("--include", "*.jsonl", "--include", "*.md", "--include", "*.txt")
    age(base, "*.*")
    run(cli, "--cache-dir", "cache", *include)
    run(cli, "--cache-dir", "cache", *include)  # every file known: this run stores the snapshot
    write(base, "c/b.jsonl", records("x"))  # now x#2, and c.jsonl's record becomes x#3
    additions(base, random.Random(5), 1)
    grown = run(cli, "--cache-dir", "cache", *include)
    stats = grown["run"]["stats"]
    assert stats["documents_checked"] == 9 and stats["documents_cached"] == stats["documents_from_snapshot"] == 35
    assert stats["corpus"] == "reduced"  # an id changed (x#2 is another record now): not a growth
    full = run(cli, "--no-cache", *include)
    assert grown["findings"] == full["findings"] and grown["documents"] == full["documents"]
    assert [d["id"] for d in grown["documents"] if d["id"].startswith("x")] == ["x", "x#2", "x#3"]


@pytest.mark.parametrize("jobs", ["1", "2"])  # 2: workers read the additions while the snapshot is taken
def test_documents_from_the_snapshot_keep_their_findings_unless_an_addition_changed_them(cli, base, jobs):
    age(base, "*.*")
    run(cli, "--cache-dir", "cache")  # every file trusted: reduced, and the snapshot stored
    rng = random.Random(13)
    for round_ in (1, 2):
        additions(base, rng, round_)
        grown = run(cli, "--cache-dir", "cache", "--jobs", jobs)
        stats = grown["run"]["stats"]
        assert stats["corpus"] == "grown" and stats["documents_from_snapshot"] >= 32
        assert_same_as_full(cli, grown)
        age(base / "c" / "new", "*.*")
        stored = run(cli, "--cache-dir", "cache")  # the additions are trusted now: a new snapshot
        assert stored["run"]["stats"]["documents_from_snapshot"] >= 32
        assert_same_as_full(cli, stored)


def test_a_document_that_loses_its_corpus_findings_gets_its_own_metrics_back(cli, isolated):
    # a paragraph held by 10 documents is reported (shared-paragraph-max-documents = 10), by
    # 11 it is not; too long for a repeated line (over 200 characters)
    shared = "".join(SENTENCES)[:230]
    rng = random.Random(1)
    letters = sorted({c for c in "".join(SENTENCES) if "\u4e00" <= c <= "\u9fff"})
    own = lambda: "。".join("".join(rng.choices(letters, k=20)) for _ in range(12)) + "。"  # noqa: E731
    for number in range(10):
        write(isolated, f"c/{number}.txt", f"{own()}\n\n{shared}\n\n{own()}\n")
    age(isolated / "c")
    first = run(cli, "--cache-dir", "cache")
    assert {f["rule"] for f in first["findings"]} >= {"DUP004"}
    write(isolated, "c/new.txt", f"{own()}\n\n{shared}\n\n{own()}\n")
    grown = run(cli, "--cache-dir", "cache")
    assert grown["run"]["stats"]["documents_from_snapshot"] == 10 and grown["run"]["stats"]["corpus"] == "grown"
    assert "DUP004" not in {f["rule"] for f in grown["findings"]}
    assert_same_as_full(cli, grown)


def test_postings_name_every_holder_of_a_key_once():
    import numpy as np

    from corpus_qa.corpus.postings import Postings

    postings = Postings.of([np.array(keys, dtype=np.uint64) for keys in ([5, 3, 5], [3], [], [9, 5])])
    assert postings.counts(np.array([3, 5, 7, 9], dtype=np.uint64)).tolist() == [2, 2, 0, 1]
    assert postings.holders(np.array([5, 9, 5], dtype=np.uint64)).tolist() == [0, 3]
    assert postings.holders(np.array([7], dtype=np.uint64)).tolist() == []
    assert Postings.of([]).holders(np.array([1], dtype=np.uint64)).tolist() == []

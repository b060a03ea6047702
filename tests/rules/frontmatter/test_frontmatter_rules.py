"""FM family: table-driven cases that must fire (code + span) and must stay silent."""

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from corpus_qa.config import Config, apply_settings
from corpus_qa.engine.local import run
from corpus_qa.sources import discover
from tests.conftest import CLEAN_POST_BODY, CLEAN_TRADITIONAL, SHARED_CORPORA, write

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "frontmatter"

HEXO = (
    "---\n"
    "title: '助力高质量发展 第四届智能制造创新高峰论坛系列活动在深举办'\n"
    "categories: \n - 金融\n - 证券时报网\n - 要闻\n"
    "headimg: 'https://news.stcn.com/news/202208/W020220818597005077148.jpeg'\n"
    "author: 证券时报网\n"
    "comments: false\n"
    "date: Thu, 18 Aug 2022 16:34:00 GMT\n"
    "thumbnail: 'https://news.stcn.com/news/202208/W020220818597005077148.jpeg'\n"
    "---\n" + CLEAN_POST_BODY
)


NO_TITLE_NOR_DATE = "".join(line for line in HEXO.splitlines(keepends=True) if not line.startswith(("title:", "date:")))
TRADITIONAL = HEXO.replace("证券时报网", "中央通訊社").replace("助力高质量发展", "推動高品質發展").replace(CLEAN_POST_BODY, CLEAN_TRADITIONAL)


def findings_for(tmp_path, files: dict[str, str | bytes], settings_: dict | None = None):
    folder = tmp_path / "corpus"
    for name, content in files.items():
        write(folder, name, content)
    config = apply_settings(Config(), {"select": ["FM"], **(settings_ or {})}, "test", None)
    result = run(discover([str(folder)], config.sources), config, jobs=1)
    texts = {name: (c.decode("utf-8-sig") if isinstance(c, bytes) else c) for name, c in files.items()}
    return [(f.document, f.rule, texts[f.document][f.start : f.end], f.message) for f in result.findings]


def codes_and_spans(tmp_path, text, settings_=None):
    return [(code, span) for _, code, span, _ in findings_for(tmp_path, {"a.md": text}, settings_)]


FIRE = [
    ("leading blank line", "\n" + HEXO, [("FM001", "\n")]),
    ("junk before the fence", "转载\n" + HEXO, [("FM001", "转载\n")]),
    ("unclosed block", "---\ntitle: '标题'\ndate: 2022-08-18\n正文第一段。\n", [("FM003", "---")]),
    ("unclosed quote at the end", HEXO.replace("jpeg'\n---", "jpeg\n---"), [("FM002", "'https://news.stcn.com/news/202208/W020220818597005077148.jpeg")]),
    # a quoted scalar may span lines, so the parser only gives up at the next quote
    ("unclosed quote mid-block", HEXO.replace("举办'", "举办", 1), [("FM002", "https://news.stcn.com/news/202208/W020220818597005077148.jpeg'")]),
    ("mapping value in a plain scalar", HEXO.replace("author: 证券时报网", "author: 来源: 证券时报网"), [("FM002", ": 证券时报网")]),
    ("tab indentation", HEXO.replace(" - 要闻", "\t- 要闻"), "FM002"),
    ("duplicate key", HEXO.replace("author: 证券时报网\n", "author: 证券时报网\nauthor: 新浪财经\n"), [("FM004", "author")]),
    ("missing date", HEXO.replace("date: Thu, 18 Aug 2022 16:34:00 GMT\n", ""), [("FM005", "---")]),
    ("blank title", HEXO.replace("title: '助力高质量发展 第四届智能制造创新高峰论坛系列活动在深举办'", "title: ' '"), [("FM006", "title: ' '")]),
    ("key with no value", HEXO.replace("author: 证券时报网", "author:"), [("FM006", "author:")]),
    ("quoted boolean", HEXO.replace("comments: false", "comments: 'false'"), [("FM007", "comments: 'false'")]),
    ("category as a string", HEXO.replace("categories: \n - 金融\n - 证券时报网\n - 要闻", "categories: 金融"), [("FM007", "categories: 金融")]),
    ("misspelt key", HEXO.replace("thumbnail:", "thumbnial:"), [("FM008", "thumbnial: 'https://news.stcn.com/news/202208/W020220818597005077148.jpeg'")]),
    ("Invalid Date", HEXO.replace("Thu, 18 Aug 2022 16:34:00 GMT", "Invalid Date"), [("FM009", "date: Invalid Date")]),
    ("impossible ISO date", HEXO.replace("Thu, 18 Aug 2022 16:34:00 GMT", "1998-13-45"), [("FM009", "date: 1998-13-45")]),
    ("date in words", HEXO.replace("Thu, 18 Aug 2022 16:34:00 GMT", "昨天"), [("FM009", "date: 昨天")]),
    ("future date", HEXO.replace("2022 16:34", "2202 16:34"), [("FM010", "date: Thu, 18 Aug 2202 16:34:00 GMT")]),
    ("javascript URL", HEXO.replace("headimg: 'https://news", "headimg: 'javascript:alert(1)//news"), "FM011"),
    ("protocol-relative URL", HEXO.replace("thumbnail: 'https:", "thumbnail: '"), "FM011"),
    ("local path", HEXO.replace("thumbnail: 'https://news.stcn.com/news/202208/W020220818597005077148.jpeg'", "thumbnail: /images/a.jpeg"), [("FM011", "thumbnail: /images/a.jpeg")]),
    ("unclosed IPv6 bracket", HEXO.replace("thumbnail: 'https:", "thumbnail: 'http://[::1"),
     [("FM011", "thumbnail: 'http://[::1//news.stcn.com/news/202208/W020220818597005077148.jpeg'")]),
    # every failing key is its own finding, also on consecutive lines
    ("missing title and date", NO_TITLE_NOR_DATE, [("FM005", "---"), ("FM005", "---")]),
    ("two empty values in a row", HEXO.replace("author: 证券时报网\ncomments: false", "author:\ncomments: ''"), [("FM006", "author:"), ("FM006", "comments: ''")]),
    ("two unknown keys in a row", HEXO.replace("comments: false\n", "comments: false\nsource: 新浪财经\nlink: 'https://sina.cn/'\n"),
     [("FM008", "source: 新浪财经"), ("FM008", "link: 'https://sina.cn/'")]),
    # a repeated key: its last value is the one judged, and the finding sits on it
    ("repeated date, the last one invalid", HEXO.replace("GMT\n", "GMT\ndate: Invalid Date\n"),
     [("FM004", "date"), ("FM009", "date: Invalid Date")]),
    ("repeated date, the first one invalid", HEXO.replace("date:", "date: Invalid Date\ndate:"), [("FM004", "date")]),
    # YAML's .nan is a float, not a missing value
    ("NaN as a title", HEXO.replace(HEXO.splitlines()[1], "title: .nan"), [("FM007", "title: .nan")]),
    ("traditional empty author", TRADITIONAL.replace("author: 中央通訊社", "author: '\u3000'"), [("FM006", "author: '\u3000'")]),
    ("traditional category as a string", TRADITIONAL.replace("categories: \n - 金融\n - 中央通訊社\n - 要闻", "categories: 財經"),
     [("FM007", "categories: 財經")]),
    ("traditional date in words", TRADITIONAL.replace("Thu, 18 Aug 2022 16:34:00 GMT", "民國111年8月18日"),
     [("FM009", "date: 民國111年8月18日")]),
    ("traditional misspelt key", TRADITIONAL.replace("author:", "autor:"), [("FM008", "autor: 中央通訊社")]),
]


@pytest.mark.parametrize("label, text, expected", FIRE, ids=[case[0] for case in FIRE])
def test_fires(tmp_path, label, text, expected):
    found = codes_and_spans(tmp_path, text)
    if isinstance(expected, str):
        assert [code for code, _ in found] == [expected]
    else:
        assert found == expected


SILENT = [
    ("valid Hexo post", HEXO),
    ("ISO dates and datetimes", HEXO.replace("Thu, 18 Aug 2022 16:34:00 GMT", "2022-08-18T16:34:00+08:00")),
    ("plain ISO date", HEXO.replace("Thu, 18 Aug 2022 16:34:00 GMT", "2022-08-18")),
    ("no frontmatter", CLEAN_POST_BODY),
    ("Markdown rule inside the text", CLEAN_POST_BODY + "\n---\n\n第二部分正文。\n"),
    ("a --- line that is not YAML", "---\n正文第一段。\n---\n"),
    ("traditional values", TRADITIONAL),
    ("http URL", HEXO.replace("https://news", "http://news")),
]


@pytest.mark.parametrize("label, text", SILENT, ids=[case[0] for case in SILENT])
def test_stays_silent(tmp_path, label, text):
    assert codes_and_spans(tmp_path, text) == []


def test_bom_before_the_fence(tmp_path):
    found = findings_for(tmp_path, {"a.md": b"\xef\xbb\xbf" + HEXO.encode()})
    assert [(code, message) for _, code, _, message in found] == [
        ("FM001", "frontmatter is preceded by a byte-order mark: it must be the first bytes of the file")
    ]


def test_yaml_error_points_at_the_file_line(tmp_path):
    (found,) = findings_for(tmp_path, {"a.md": HEXO.replace("author: 证券时报网", "author: 来源: 证券时报网")})
    assert "line 8, column 11" in found[3] and "mapping values are not allowed" in found[3]


def test_project_schema_overrides(tmp_path):
    text = HEXO.replace("date: Thu, 18 Aug 2022 16:34:00 GMT\n", "tags:\n - AI\n")
    default = codes_and_spans(tmp_path / "1", text)
    assert sorted(code for code, _ in default) == ["FM005", "FM008"]
    custom = {"frontmatter": {"required": ["title"], "fields": {"title": "string", "tags": "list"}, "allow-unknown": True}}
    assert codes_and_spans(tmp_path / "2", text, custom) == []
    typed = {"frontmatter": {"fields": {"title": "string", "tags": "string", "date": "date"}, "allow-unknown": True}}
    assert [code for code, _ in codes_and_spans(tmp_path / "3", text, typed)] == ["FM005", "FM007"]


def test_bad_schema_options_are_config_errors():
    from corpus_qa.config import ConfigError

    with pytest.raises(ConfigError, match="frontmatter.fields.title must be one of"):
        apply_settings(Config(), {"frontmatter": {"fields": {"title": "text"}}}, "test", None)
    with pytest.raises(ConfigError, match="frontmatter.required must be a list of key names"):
        apply_settings(Config(), {"frontmatter": {"required": [1]}}, "test", None)


def test_each_document_is_judged_alone(tmp_path):
    """A value its predicate cannot even split (an unclosed IPv6 bracket) is its own document's
    finding and takes nothing from another document's."""
    found = findings_for(tmp_path, {
        "a.md": HEXO.replace("thumbnail: 'https:", "thumbnail: 'http://[::1"),
        "b.md": HEXO.replace("thumbnail: 'https://news", "thumbnail: 'javascript:alert(1)//news"),
        "c.md": TRADITIONAL,
    })
    assert [(document, code) for document, code, _, _ in found] == [("a.md", "FM011"), ("b.md", "FM011")]


def test_missing_keys_are_named_once_each(tmp_path):
    required = {"frontmatter": {"required": ["title", "date", "title", "author"]}}
    found = findings_for(tmp_path, {"a.md": NO_TITLE_NOR_DATE}, required)
    assert [(code, span, message) for _, code, span, message in found] == [
        ("FM005", "---", "frontmatter has no 'date' key (required)"),
        ("FM005", "---", "frontmatter has no 'title' key (required)"),
    ]


def test_checking_frontmatter_loads_no_table_library(tmp_path):
    """The schema rules judge one document's values in plain Python: a run over frontmatter
    posts imports neither pandas nor pandera (each takes a quarter second or more to import)."""
    import os
    import subprocess
    import sys

    import corpus_qa

    write(tmp_path / "corpus", "a.md", HEXO.replace("Thu, 18 Aug 2022 16:34:00 GMT", "Invalid Date"))
    script = (
        "import sys\n"
        "from corpus_qa.config import Config, apply_settings\n"
        "from corpus_qa.engine.local import run\n"
        "from corpus_qa.sources import discover\n"
        "config = apply_settings(Config(), {'select': ['FM']}, 'test', None)\n"
        "result = run(discover([sys.argv[1]], config.sources), config, jobs=1)\n"
        "print([f.rule for f in result.findings], sorted({'pandas', 'pandera'} & set(sys.modules)))\n"
    )
    package_root = str(Path(corpus_qa.__file__).resolve().parents[1])  # the corpus_qa under test
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "corpus")], capture_output=True, text=True,
                         cwd=tmp_path, env=env, check=True).stdout
    assert out.strip() == "['FM009'] []"


def test_real_rss_post_excerpts(tmp_path):
    files = {path.name: path.read_text(encoding="utf-8") for path in FIXTURES.glob("*.md")}
    found = sorted((doc, code) for doc, code, _, _ in findings_for(tmp_path, files))
    assert found == [
        ("blank-title-invalid-date.md", "FM001"),
        ("blank-title-invalid-date.md", "FM006"),
        ("blank-title-invalid-date.md", "FM009"),
        ("invalid-date.md", "FM001"),
        ("invalid-date.md", "FM009"),
        ("valid-but-leading-newline.md", "FM001"),
    ]


def test_all_twenty_rss_posts(tmp_path):
    posts = SHARED_CORPORA / "rsshub-page-posts"
    if not posts.exists():
        pytest.skip("shared corpora not present")
    config = apply_settings(Config(), {"select": ["FM"]}, "test", None)
    result = run(discover([str(posts)], config.sources), config, jobs=1)
    counts: dict[str, int] = {}
    for finding in result.findings:
        counts[finding.rule] = counts.get(finding.rule, 0) + 1
    assert len(result.documents) == 20
    assert counts == {"FM001": 20, "FM009": 3, "FM006": 1}


def test_seeds_frontmatter_findings(tmp_path):
    seeds = Path(__file__).resolve().parents[3] / "seeds"
    config = apply_settings(Config(), {"select": ["FM"]}, "test", None)
    result = run(discover([str(seeds)], config.sources), config, jobs=1)
    assert [(f.document, f.rule) for f in result.findings] == [
        ("000_abaab0bee8685aec.txt", "FM001"),
        ("001_aa32bcfdfa2ccc6a.txt", "FM001"),
    ]


# --- properties -----------------------------------------------------------------

safe_text = st.text(alphabet=st.characters(whitelist_categories=("Lo", "Nd"), max_codepoint=0x9FFF), min_size=1, max_size=12)
valid_values = st.fixed_dictionaries(
    {
        "title": safe_text,
        "date": st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2025, 12, 31)).map(lambda d: d.isoformat()),
    },
    optional={
        "author": safe_text,
        "comments": st.booleans(),
        "categories": st.lists(safe_text, min_size=1, max_size=3),
        "headimg": safe_text.map(lambda s: f"https://example.com/{len(s)}.jpg"),
    },
)


def as_yaml(values: dict) -> str:
    from io import StringIO

    from ruamel.yaml import YAML

    out = StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.dump(values, out)
    return "---\n" + out.getvalue() + "---\n" + CLEAN_POST_BODY


@settings(max_examples=25, deadline=None)
@given(valid_values)
def test_generated_valid_frontmatter_is_silent(tmp_path_factory, values):
    assert codes_and_spans(tmp_path_factory.mktemp("fm"), as_yaml(values)) == []


BREAKERS = {
    "FM005": lambda v: {k: x for k, x in v.items() if k != "date"},
    "FM006": lambda v: {**v, "title": "  "},
    "FM007": lambda v: {**v, "comments": "false"},
    "FM008": lambda v: {**v, "titel": v["title"]},
    "FM009": lambda v: {**v, "date": "Invalid Date"},
    "FM011": lambda v: {**v, "headimg": "javascript:alert(1)"},
}


@settings(max_examples=25, deadline=None)
@given(valid_values, st.sampled_from(sorted(BREAKERS)))
def test_generated_invalid_frontmatter_fires_its_rule(tmp_path_factory, values, code):
    found = codes_and_spans(tmp_path_factory.mktemp("fm"), as_yaml(BREAKERS[code](values)))
    assert [c for c, _ in found] == [code]


# -- hostile frontmatter: deep, alias bombs, floods (issue 18) ---------------------------------


def _with_frontmatter(extra: str) -> str:
    return "---\ntitle: '标题'\ndate: 2022-08-18\n" + extra + "---\n" + CLEAN_POST_BODY


@pytest.mark.parametrize(
    "extra",
    [
        pytest.param("tags: " + "[" * 1000 + "]" * 1000 + "\n", id="flow-1000-deep"),
        pytest.param("tags:\n" + "".join("  " * (i + 1) + f"k{i}:\n" for i in range(200)) + "  " * 201 + "v: 1\n",
                     id="block-200-deep"),
        pytest.param("a: &a " + "[" * 40 + "1" + "]" * 40 + "\n"
                     + "".join(f"b{i}: &b{i} " + "[" * 40 + ("*a" if i == 0 else f"*b{i - 1}") + "]" * 40 + "\n"
                               for i in range(4)),
                     id="aliases-nest-deeper"),
    ],
)
def test_deeply_nested_frontmatter_is_one_invalid_yaml_finding(tmp_path, extra):
    found = findings_for(tmp_path, {"a.md": _with_frontmatter(extra)})
    assert [(code, message.split(": ", 1)[1]) for _, code, _, message in found] == [
        ("FM002", "nested more than 50 levels deep")
    ]


@pytest.mark.parametrize("extra", ["tags: &a [1, *a]\n", "meta: &m {self: *m}\n"], ids=["list", "mapping"])
def test_a_value_holding_an_alias_to_itself_is_one_invalid_yaml_finding(tmp_path, extra):
    found = findings_for(tmp_path, {"a.md": _with_frontmatter(extra)})
    assert [(code, "refers to the value that holds it" in message) for _, code, _, message in found] == [("FM002", True)]


def test_yaml_alias_bomb_is_one_invalid_yaml_finding(tmp_path):
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    found = findings_for(tmp_path, {"a.md": _with_frontmatter("\n".join(lines) + "\ncategories: *i\n")})
    assert [(code, "aliases expand it" in message) for _, code, _, message in found] == [("FM002", True)]


def test_a_value_that_aliases_make_huge_is_shown_short():
    """FM007's excerpt of a wrong-typed value is a reprlib repr: a list that shared references
    expand to 9**9 items (what 9 levels of aliases build) is not walked."""
    from corpus_qa.rules.frontmatter._schema import shown

    value = ["lol"] * 9
    for _ in range(8):
        value = [value] * 9
    assert len(shown(value)) <= 60


def test_wrong_type_of_an_aliased_value(tmp_path):
    lines = ['a: &a ["lol", "lol", "lol"]', "b: &b [*a, *a, *a]"]
    found = findings_for(tmp_path, {"a.md": "---\n" + "\n".join(lines) + "\ntitle: *b\ndate: 2022-08-18\n---\n" + CLEAN_POST_BODY},
                         {"frontmatter": {"allow-unknown": True}})
    (wrong_type,) = [message for _, code, _, message in found if code == "FM007"]
    assert "should be a string, not a list ([['lol', 'lol', 'lol']" in wrong_type


def test_yaml_state_does_not_leak_between_documents(tmp_path):
    """A document whose YAML fails half-way (too deep, or an anchor then an error) leaves
    nothing behind for the next one: the next parses, and cannot use its anchors."""
    found = findings_for(tmp_path, {
        "a.md": _with_frontmatter("x: &shared " + "[" * 60 + "]" * 60 + "\n"),
        "b.md": _with_frontmatter("y: &other [1\n"),
        "c.md": _with_frontmatter("categories: *other\n"),
        "d.md": HEXO,
    })
    by_document = {}
    for document, code, _, message in found:
        by_document.setdefault(document, []).append((code, message))
    assert [code for code, _ in by_document["a.md"]] == ["FM002"]
    assert [code for code, _ in by_document["b.md"]] == ["FM002"]
    assert by_document["c.md"] == [("FM002", by_document["c.md"][0][1])]
    assert "undefined alias 'other'" in by_document["c.md"][0][1]
    assert "d.md" not in by_document


def test_a_frontmatter_of_many_unknown_keys_is_capped(tmp_path):
    from corpus_qa.rules.base import MAX_HITS_PER_RULE

    keys = MAX_HITS_PER_RULE + 50
    extra = "".join(f"key{i}: value {i}\n" for i in range(keys)) + "".join(f"empty{i}:\n" for i in range(keys))
    found = findings_for(tmp_path, {"a.md": _with_frontmatter(extra)})
    unknown = [(span, message) for _, code, span, message in found if code == "FM008"]
    empty = [(span, message) for _, code, span, message in found if code == "FM006"]
    assert len(unknown) == MAX_HITS_PER_RULE + 1 and len(empty) == MAX_HITS_PER_RULE + 1
    assert unknown[-1][0] == f"key{MAX_HITS_PER_RULE}: value {MAX_HITS_PER_RULE}"  # at the first left out
    assert unknown[-1][1].startswith(f"{2 * keys - MAX_HITS_PER_RULE} more like this")  # key… and empty… keys
    assert empty[-1][1].startswith("50 more like this")

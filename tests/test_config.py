"""Configuration: discovery, validation that names the key, selection semantics."""

import pytest
from click.testing import CliRunner

from corpus_qa.cli import main
from corpus_qa.config import Config, ConfigError, apply_settings, load_config, parse_size
from corpus_qa.model import Severity
from corpus_qa.rules.registry import all_rules
from tests.conftest import write


def load(tmp_path, name, body):
    write(tmp_path, name, body)
    return load_config(start=tmp_path)


def test_no_config_gives_defaults(tmp_path):
    config = load_config(start=tmp_path)
    assert config.source_file is None
    assert config.fail_on is Severity.ERROR
    assert len(config.enabled_rules(all_rules())) == len(all_rules())


def test_pyproject_table_is_found_from_a_subfolder(tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n\n[tool.corpus-qa]\npaths = ["corpus"]\nfail-on = "warning"\n')
    (tmp_path / "corpus" / "deep").mkdir(parents=True)
    config = load_config(start=tmp_path / "corpus" / "deep")
    assert config.fail_on is Severity.WARNING
    assert config.source_file.endswith("pyproject.toml")


def test_pyproject_without_our_table_is_skipped(tmp_path):
    write(tmp_path, "pyproject.toml", '[project]\nname = "x"\n')
    assert load_config(start=tmp_path).source_file is None


def test_corpus_qa_toml_wins_over_pyproject(tmp_path):
    write(tmp_path, "pyproject.toml", '[tool.corpus-qa]\nfail-on = "warning"\n')
    write(tmp_path, "corpus-qa.toml", 'fail-on = "info"\n')
    assert load_config(start=tmp_path).fail_on is Severity.INFO


@pytest.mark.parametrize(
    "body, message",
    [
        ("colour = 1\n", "colour: unknown key"),
        ('fail-on = "fatal"\n', "fail-on: unknown severity"),
        ("select = [1]\n", "select: must be a list of strings"),
        ('select = ["ZZZ"]\n', "select: 'ZZZ' matches no rule code"),
        ("jobs = -1\n", "jobs: must be a whole number"),
        ('max-file-size = "big"\n', "max-file-size: must be a positive size"),
        ('[severity]\nENC001 = "loud"\n', "severity: unknown severity"),
        ('[per-path-ignores]\n"a/*" = ["NOPE"]\n', "per-path-ignores: 'NOPE' matches no rule code"),
        ("[encoding]\nmystery = 1\n", "encoding: unknown option 'mystery'"),
        ("paths = [\n", "not valid TOML"),
    ],
)
def test_bad_keys_and_values_name_the_file_and_key(tmp_path, body, message):
    with pytest.raises(ConfigError) as error:
        load(tmp_path, "corpus-qa.toml", body)
    assert message in str(error.value)
    assert "corpus-qa.toml" in str(error.value)


def test_explicit_config_that_does_not_exist(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(str(tmp_path / "missing.toml"))


def test_select_and_ignore_use_the_longest_prefix():
    config = apply_settings(Config(), {"select": ["ENC"], "ignore": ["ENC00"]}, "test", None)
    assert not config.is_enabled("ENC001")
    assert config.is_enabled("ENC901")
    assert not config.is_enabled("BP001")
    config = apply_settings(Config(), {"ignore": ["ENC"], "select": ["ENC003"]}, "test", None)
    assert config.is_enabled("ENC003") and not config.is_enabled("ENC001")
    assert not config.is_enabled("FM001")  # select replaces the default ALL, as in ruff


def test_severity_overrides_and_per_path_ignores():
    rules = all_rules()
    config = apply_settings(
        Config(),
        {"severity": {"BP": "info", "BP001": "error"}, "per-path-ignores": {"drafts/*": ["FM"]}},
        "test",
        None,
    )
    assert config.severity_for(rules["BP001"]) is Severity.ERROR
    assert config.severity_for(rules["ENC001"]) is Severity.ERROR
    assert config.ignored_in("FM001", "drafts/a.md", "")
    assert not config.ignored_in("FM001", "posts/a.md", "")
    assert not config.ignored_in("BP001", "drafts/a.md", "")


def test_paths_are_relative_to_the_config_file(tmp_path, monkeypatch):
    write(tmp_path, "corpus-qa.toml", 'paths = ["data"]\n')
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert load_config(start=tmp_path / "sub").paths == ("../data",)


@pytest.mark.parametrize("value, size", [(100, 100), ("32MiB", 32 * 1024**2), ("1.5 kb", 1500), ("2GB", 2 * 10**9)])
def test_sizes(value, size):
    assert parse_size(value) == size


# -- option ranges, NaN, cross-option checks, table shapes (issue 18) -------------------------


@pytest.mark.parametrize(
    "body, message",
    [
        ("[duplicates]\nthreshold = nan\n", "duplicates.threshold must be a finite number, not nan"),
        ("[duplicates]\nthreshold = inf\n", "duplicates.threshold must be a finite number, not inf"),
        ("[duplicates]\ncontainment = -inf\n", "duplicates.containment must be a finite number"),
        ("[duplicates]\nthreshold = 1.5\n", "duplicates.threshold must be between 0.3 and 1.0, not 1.5"),
        ("[frontmatter]\nfuture-days = 9223372036854775807\n", "frontmatter.future-days must be between 0 and 36500"),
        ("[frontmatter]\nfuture-days = -1\n", "frontmatter.future-days must be between 0 and 36500, not -1"),
        ("[boilerplate]\nrepeated-line-min-documents = -5\n", "boilerplate.repeated-line-min-documents must be between 2"),
        ("[boilerplate]\nrepeated-line-min-documents = 1\n", "boilerplate.repeated-line-min-documents must be between 2"),
        ("[boilerplate]\nrepeated-line-min-chars = 0\n", "boilerplate.repeated-line-min-chars must be between 1"),
        ("[boilerplate]\nrepeated-line-max-hashes = 10\n", "boilerplate.repeated-line-max-hashes must be between 1000"),
        ("[boilerplate]\nrepeated-line-min-chars = 300\n",
         "boilerplate: repeated-line-min-chars (300) must not exceed repeated-line-max-chars (200)"),
        ("[boilerplate]\nrepeated-line-min-chars = 50\nrepeated-line-max-chars = 40\n",
         "boilerplate: repeated-line-min-chars (50) must not exceed repeated-line-max-chars (40)"),
        ("select = []\n", "select: is empty: no rule would run"),
        ("boilerplate = 5\n", "boilerplate: must be a table of boilerplate options"),
        ("duplicates = [1, 2]\n", "duplicates: must be a table of duplicates options"),
    ],
)
def test_bad_option_values_name_the_file_and_key(tmp_path, body, message):
    with pytest.raises(ConfigError) as error:
        load(tmp_path, "corpus-qa.toml", body)
    assert message in str(error.value)
    assert "corpus-qa.toml" in str(error.value)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    "family, key, value",
    [
        ("duplicates", "threshold", 0.3),
        ("duplicates", "threshold", 1),
        ("frontmatter", "future-days", 0),
        ("frontmatter", "future-days", 36_500),
        ("boilerplate", "repeated-line-min-documents", 2),
        ("boilerplate", "repeated-line-min-chars", 200),  # equal to the maximum
    ],
)
def test_edge_values_are_accepted(family, key, value):
    config = apply_settings(Config(), {family: {key: value}}, "test", None)
    assert config.options_for(family)[key] == value


def test_cross_option_check_sees_earlier_tables():
    config = apply_settings(Config(), {"boilerplate": {"repeated-line-max-chars": 20}}, "a", None)
    with pytest.raises(ConfigError, match=r"^b: boilerplate: repeated-line-min-chars \(30\) must not exceed"):
        apply_settings(config, {"boilerplate": {"repeated-line-min-chars": 30}}, "b", None)


def test_every_numeric_option_has_a_range():
    from corpus_qa.rules.registry import family_options

    for family, options in family_options().items():
        for key, option in options.items():
            if isinstance(option.default, (int, float)) and not isinstance(option.default, bool):
                assert option.minimum is not None and option.maximum is not None, f"{family}.{key}"
                assert option.minimum <= option.default <= option.maximum, f"{family}.{key}"


def test_jobs_has_no_upper_bound_in_the_config(tmp_path):
    """The engine caps workers at the machine's cores (engine.local.resolve_jobs)."""
    assert load(tmp_path, "corpus-qa.toml", "jobs = 1000000000\n").jobs == 10**9


@pytest.mark.parametrize(
    "body, message",
    [
        ("[tool]\ncorpus-qa = 5\n", "tool.corpus-qa: must be a table of settings, not int 5"),
        ("tool = 5\n", "tool: must be a table, not int 5"),
        ("[tool]\ncorpus-qa = [1, 2]\n", "tool.corpus-qa: must be a table of settings, not list"),
        ("[[tool.corpus-qa]]\nselect = ['ENC']\n", "tool.corpus-qa: must be a table of settings, not list"),
        ("[tool.corpus-qa]\nencoding = 'x'\n", "pyproject.toml: encoding: must be a table of encoding options"),
    ],
)
def test_pyproject_of_the_wrong_shape_is_one_error(tmp_path, body, message):
    with pytest.raises(ConfigError) as error:
        load(tmp_path, "pyproject.toml", body)
    assert message in str(error.value)
    assert "pyproject.toml" in str(error.value)


def test_pyproject_shape_errors_exit_2_from_the_cli(tmp_path, monkeypatch):
    from tests.conftest import CLEAN_SIMPLIFIED

    write(tmp_path, "pyproject.toml", "[tool]\ncorpus-qa = 5\n")
    write(tmp_path, "a.txt", CLEAN_SIMPLIFIED)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["check", "a.txt", "--no-cache", "-j", "1"])
    assert result.exit_code == 2
    assert "pyproject.toml: tool.corpus-qa: must be a table" in result.output
    assert "Traceback" not in result.output


def test_empty_select_on_the_command_line_is_dropped():
    """--select '' means "not given" (cli._codes): the config's select (default ALL) stands."""
    from corpus_qa.cli import _codes

    assert _codes(("",)) == [] and _codes((" , ",)) == []

"""Configuration: discovery, validation that names the key, selection semantics."""

import pytest

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

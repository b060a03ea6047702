"""Settings from `[tool.corpus-qa]` in pyproject.toml or from corpus-qa.toml, then the CLI.

Every key is checked: an unknown key or a bad value is a ConfigError naming the file and key.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import os
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from corpus_qa.model import Severity
from corpus_qa.rules.base import Rule
from corpus_qa.sources import SourceOptions

CONFIG_FILE_NAMES = ("corpus-qa.toml", "pyproject.toml")


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Config:
    paths: tuple[str, ...] = ()
    sources: SourceOptions = field(default_factory=SourceOptions)
    select: tuple[str, ...] = ("ALL",)
    ignore: tuple[str, ...] = ()
    per_path_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    fail_on: Severity = Severity.ERROR
    jobs: int = 0  # 0: one worker per core
    expectations: tuple[str, ...] = ()  # suite files or folders
    families: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    source_file: str | None = None

    def enabled_rules(self, rules: Mapping[str, Rule]) -> list[Rule]:
        return [rule for code, rule in rules.items() if self.is_enabled(code)]

    def is_enabled(self, code: str) -> bool:
        return _longest_prefix(self.select, code) > _longest_prefix(self.ignore, code)

    def severity_for(self, rule: Rule) -> Severity:
        best, chosen = -1, rule.severity
        for selector, severity in self.severity:
            length = _prefix_length(selector, rule.code)
            if length > best:
                best, chosen = length, severity
        return chosen

    def ignored_in(self, code: str, document: str, source: str) -> bool:
        for pattern, codes in self.per_path_ignores:
            if fnmatch.fnmatchcase(document, pattern) or (source and fnmatch.fnmatchcase(source, pattern)):
                if _longest_prefix(codes, code) >= 0:
                    return True
        return False

    def options_for(self, family: str) -> Mapping[str, Any]:
        """The family's options: registered defaults, then what the configuration set."""
        from corpus_qa.rules.registry import family_options

        defaults = {key: option.default for key, option in family_options().get(family, {}).items()}
        return {**defaults, **self.families.get(family, {})}

    def describe(self) -> dict[str, Any]:
        """The effective settings, for reports (run metadata)."""
        return {
            "config_file": self.source_file,
            "select": list(self.select),
            "ignore": list(self.ignore),
            "fail_on": self.fail_on.label,
            "expectations": list(self.expectations),
            "per_path_ignores": {k: list(v) for k, v in self.per_path_ignores},
            "severity": {k: v.label for k, v in self.severity},
            "families": {family: dict(self.options_for(family)) for family in sorted(self.families)},
        }


def _prefix_length(selector: str, code: str) -> int:
    if selector == "ALL":
        return 0
    return len(selector) if code.startswith(selector) else -1


def _longest_prefix(selectors: tuple[str, ...], code: str) -> int:
    return max((_prefix_length(s, code) for s in selectors), default=-1)


def find_config_file(start: Path) -> Path | None:
    """The nearest corpus-qa.toml, or pyproject.toml with a [tool.corpus-qa] table, upward from start."""
    for folder in (start, *start.parents):
        for name in CONFIG_FILE_NAMES:
            candidate = folder / name
            if not candidate.is_file():
                continue
            if name == "pyproject.toml" and _tool_table(candidate, _read_toml(candidate)) is None:
                continue
            return candidate
    return None


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from None


def _tool_table(path: Path, data: dict[str, Any]) -> dict[str, Any] | None:
    """pyproject.toml's [tool.corpus-qa] table; None when it has none; a ConfigError when
    `tool` or `tool.corpus-qa` is there but not a table."""
    tool = data.get("tool")
    if tool is None:
        return None
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}: tool: must be a table, not {type(tool).__name__} {tool!r}")
    table = tool.get("corpus-qa")
    if table is None:
        return None
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: tool.corpus-qa: must be a table of settings, not {type(table).__name__} {table!r}")
    return table


def table_from(path: Path) -> dict[str, Any]:
    """The settings table of a config file (for pyproject.toml: its [tool.corpus-qa])."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        return dict(_tool_table(path, data) or {})
    return data


_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(B|KB|KiB|MB|MiB|GB|GiB)?\s*$", re.IGNORECASE)
_SIZE_UNITS = {"b": 1, "kb": 1000, "kib": 1024, "mb": 1000**2, "mib": 1024**2, "gb": 1000**3, "gib": 1024**3}


def parse_size(value: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return value
    if isinstance(value, str) and (match := _SIZE.match(value)):
        size = int(float(match.group(1)) * _SIZE_UNITS[(match.group(2) or "b").lower()])
        if size > 0:
            return size
    raise ValueError(f"must be a positive size like 32MiB or a byte count, not {value!r}")


def _string_list(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise ValueError(f"must be a list of strings, not {value!r}")


def _string(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"must be a non-empty string, not {value!r}")
    return value


def _jobs(value: Any) -> int:
    # no upper bound here: the engine never starts more workers than the machine has cores
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"must be a whole number >= 0 (0 = all cores), not {value!r}")
    return value


def _relative_to_config(path: str, base_dir: Path | None) -> str:
    """Config paths are relative to the config file; shown relative to the working directory."""
    if base_dir is None or os.path.isabs(path):
        return path
    return os.path.relpath(base_dir / path)


def _check_selectors(selectors: tuple[str, ...], known: Mapping[str, Rule]) -> tuple[str, ...]:
    from corpus_qa.rules.meta import META_RULES

    for selector in selectors:
        if selector != "ALL" and not any(code.startswith(selector) for code in (*known, *META_RULES)):
            raise ValueError(f"{selector!r} matches no rule code (see `corpus-qa rules`)")
    return selectors


def apply_settings(config: Config, settings: Mapping[str, Any], where: str, base_dir: Path | None) -> Config:
    """Merge one table of settings (config file or CLI) into config, checking every key."""
    from corpus_qa.rules.registry import all_rules, family_options

    rules = all_rules()
    families = family_options()
    changes: dict[str, Any] = {}
    sources: dict[str, Any] = {}
    family_values = {name: dict(values) for name, values in config.families.items()}
    for key, value in settings.items():
        name = f"{where}: {key}" if where else key
        try:
            if key == "paths":
                paths = _string_list(value)
                changes["paths"] = tuple(_relative_to_config(p, base_dir) for p in paths)
            elif key == "expectations":
                changes["expectations"] = tuple(_relative_to_config(p, base_dir) for p in _string_list(value))
            elif key in ("include", "exclude"):
                sources[key] = _string_list(value)
            elif key in ("text-field", "id-field"):
                sources[key.replace("-", "_")] = _string(value)
            elif key == "max-file-size":
                sources["max_file_size"] = parse_size(value)
            elif key in ("select", "ignore"):
                changes[key] = _check_selectors(_string_list(value), rules)
                if key == "select" and not changes[key]:
                    raise ValueError("is empty: no rule would run (leave it out to run every rule)")
            elif key == "fail-on":
                changes["fail_on"] = Severity.parse(_string(value))
            elif key == "jobs":
                changes["jobs"] = _jobs(value)
            elif key == "per-path-ignores":
                if not isinstance(value, dict):
                    raise ValueError("must be a table of glob = [codes]")
                changes["per_path_ignores"] = tuple(
                    (glob, _check_selectors(_string_list(codes), rules)) for glob, codes in value.items()
                )
            elif key == "severity":
                if not isinstance(value, dict):
                    raise ValueError('must be a table of code = "error" | "warning" | "info"')
                changes["severity"] = tuple(
                    (code, Severity.parse(_string(level)))
                    for code, level in value.items()
                    if _check_selectors((code,), rules)
                )
            elif key in families:
                if not isinstance(value, dict):
                    raise ValueError(f"must be a table of {key} options")
                for option_key, option_value in value.items():
                    if option_key not in families[key]:
                        known = ", ".join(sorted(families[key])) or "none"
                        raise ValueError(f"unknown option {option_key!r} (known: {known})")
                    family_values.setdefault(key, {})[option_key] = families[key][option_key].validate(
                        f"{key}.{option_key}", option_value
                    )
            else:
                raise ValueError("unknown key")
        except ValueError as error:
            raise ConfigError(f"{name}: {error}") from None
    for family in families:
        if isinstance(settings.get(family), dict):
            _check_together(family, family_values.get(family, {}), f"{where}: {family}" if where else family)
    if sources:
        changes["sources"] = dataclasses.replace(config.sources, **sources)
    changes["families"] = family_values
    return dataclasses.replace(config, **changes)


def _check_together(family: str, values: Mapping[str, Any], name: str) -> None:
    """Run the family's OPTION_CHECKS (rules.base) on its options as now set."""
    from corpus_qa.rules.registry import family_option_checks, family_options

    options = {key: option.default for key, option in family_options()[family].items()} | dict(values)
    for check in family_option_checks()[family]:
        try:
            check(options)
        except ValueError as error:
            raise ConfigError(f"{name}: {error}") from None


def load_config(explicit: str | None = None, start: Path | None = None) -> Config:
    config = Config()
    if explicit:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{explicit}: config file not found")
    else:
        path = find_config_file((start or Path.cwd()).resolve())
        if path is None:
            return config
    config = apply_settings(config, table_from(path), str(path), path.parent)
    return dataclasses.replace(config, source_file=str(path))

"""Find and validate configuration: `[tool.audit]` in pyproject.toml or audit.toml.

Discovery walks up from the current directory (as Ruff does) and stops at the
first file that configures audit; `--config FILE` overrides it. Keys are
kebab-case in the file and snake_case in the returned settings.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

from .errors import ConfigError

LIST_KEYS = {
    "select",
    "ignore",
    "extend_select",
    "include",
    "exclude",
    "extend_exclude",
    "rule_packs",
    "entities",
    "allow",
}
STRING_KEYS = {"fail_on", "text_field", "id_field", "engine", "scheduler", "baseline", "format", "allow_file"}
TABLE_KEYS = {"per_file_ignores", "languagetool", "mt", "learn"}
OTHER_KEYS = {"jobs", "merge_chrome_blocks"}
KNOWN = LIST_KEYS | STRING_KEYS | TABLE_KEYS | OTHER_KEYS


@dataclass
class Config:
    """Validated settings plus where they came from (paths in them are relative to `base_dir`)."""

    settings: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def base_dir(self) -> Path:
        return self.path.parent if self.path else Path.cwd()

    def get(self, key: str, default: Any = None) -> Any:
        return self.settings.get(key, default)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read configuration: {exc.strerror or exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None


def _table(path: Path) -> dict[str, Any] | None:
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        return data.get("tool", {}).get("audit")
    return data


def validate(raw: dict[str, Any], path: Path) -> dict[str, Any]:
    """Normalise keys to snake_case and check types; unknown keys are errors."""
    out: dict[str, Any] = {}
    for key, value in raw.items():
        name = key.replace("-", "_")
        if name not in KNOWN:
            raise ConfigError(f"{path}: unknown option {key!r} in audit configuration")
        if name in LIST_KEYS:
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{path}: option {key!r} must be a list of strings")
        elif name in STRING_KEYS and not isinstance(value, str):
            raise ConfigError(f"{path}: option {key!r} must be a string")
        elif name in TABLE_KEYS and not isinstance(value, dict):
            raise ConfigError(f"{path}: option {key!r} must be a table")
        elif name == "jobs" and not (isinstance(value, int) and value >= 1):
            raise ConfigError(f"{path}: option 'jobs' must be a positive integer")
        elif name == "merge_chrome_blocks" and not isinstance(value, bool):
            raise ConfigError(f"{path}: option {key!r} must be true or false")
        if name == "per_file_ignores":
            for glob, codes in value.items():
                if isinstance(codes, str):
                    value[glob] = codes = [codes]
                if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                    raise ConfigError(f"{path}: per-file-ignores[{glob!r}] must be a list of rule codes")
        if name == "languagetool":
            value = {k.replace("-", "_"): v for k, v in value.items()}
        out[name] = value
    return out


def discover(start: Path | None = None) -> Path | None:
    """The nearest audit.toml or pyproject.toml with a [tool.audit] table."""
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / "audit.toml"
        if candidate.is_file():
            return candidate
        candidate = directory / "pyproject.toml"
        if candidate.is_file() and _table(candidate) is not None:
            return candidate
    return None


def load(explicit: str | Path | None = None, start: Path | None = None) -> Config:
    """Configuration from `explicit` or the discovered file; empty when there is none."""
    if explicit is not None:
        path = Path(explicit)
        if not path.is_file():
            raise ConfigError(f"{path}: configuration file not found")
    else:
        path = discover(start)
        if path is None:
            return Config()
    table = _table(path)
    if table is None:
        if path.name == "pyproject.toml":
            raise ConfigError(f"{path}: no [tool.audit] table")
        table = {}
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: audit configuration must be a table")
    return Config(validate(table, path), path.resolve())

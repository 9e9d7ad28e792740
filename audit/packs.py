"""Load and validate YAML rule packs.

A pack is data: adding a rule is one YAML entry with its examples. The engine
compiles the entries of all packs into one matcher per rule type
(see `matchers.py`); Python checks are declared here too (`type: check`) so that
every rule has its documentation and examples in one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import regexcache
from .errors import PackError
from .finding import CATEGORIES, Severity
from .yamlio import load_yaml

RULE_TYPES = ("phrase", "regex", "line", "check")
FIX_KINDS = ("safe", "unsafe", "none")
WHERE = ("any", "head", "tail", "edge")

_PACK_KEYS = {"pack", "description", "category", "severity", "default", "rules", "language"}
_RULE_KEYS = {
    "code",
    "type",
    "category",
    "severity",
    "message",
    "rationale",
    "phrases",
    "patterns",
    "suggest",
    "fix",
    "confidence",
    "ignore_case",
    "group",
    "where",
    "edge_lines",
    "check",
    "options",
    "examples",
    "default",
    "source",
    "signal",
}
_CODE_RE = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")


@dataclass
class Rule:
    """One rule: its identity, documentation, examples and what it matches."""

    code: str
    type: str
    category: str
    severity: Severity
    message: str
    rationale: str = ""
    phrases: dict[str, str | None] = field(default_factory=dict)
    patterns: list[str] = field(default_factory=list)
    suggest: str | None = None
    fix: str = "none"
    confidence: float = 0.9
    ignore_case: bool = True
    group: int | str | None = None
    where: str = "any"
    edge_lines: int = 6
    check: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    examples: dict[str, list[Any]] = field(default_factory=dict)
    default: bool = True
    source: str = ""
    signal: str | None = None
    pack: str = ""

    @property
    def safe(self) -> bool:
        return self.fix == "safe"

    @property
    def fixable(self) -> bool:
        return self.fix != "none"


def _fail(path: Path, where: str, problem: str) -> PackError:
    return PackError(f"{path}: {where}: {problem}")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _phrases(path: Path, code: str, raw: Any) -> dict[str, str | None]:
    """Phrases are a list (flag only) or a mapping phrase -> replacement."""
    out: dict[str, str | None] = {}
    if isinstance(raw, dict):
        items = raw.items()
    elif isinstance(raw, list):
        items = []
        for entry in raw:
            if isinstance(entry, dict) and len(entry) == 1:
                items.extend(entry.items())
            else:
                items.append((entry, None))
    else:
        raise _fail(path, f"rule {code}", "`phrases` must be a list or a mapping")
    for phrase, replacement in items:
        if not isinstance(phrase, str) or not phrase.strip():
            raise _fail(path, f"rule {code}", f"empty or non-string phrase {phrase!r}")
        if replacement is not None and not isinstance(replacement, str):
            raise _fail(path, f"rule {code}", f"replacement for {phrase!r} must be a string")
        out[phrase] = replacement
    return out


def _rule(path: Path, pack: dict[str, Any], raw: Any, index: int) -> Rule:
    if not isinstance(raw, dict):
        raise _fail(path, f"rule #{index + 1}", "must be a mapping")
    code = raw.get("code")
    label = f"rule {code}" if code else f"rule #{index + 1}"
    unknown = set(raw) - _RULE_KEYS
    if unknown:
        raise _fail(path, label, f"unknown key {sorted(unknown)[0]!r}")
    if not isinstance(code, str) or not _CODE_RE.match(code):
        raise _fail(path, label, "missing or malformed `code` (want family.name)")
    for key in ("type", "message"):
        if key not in raw:
            raise _fail(path, label, f"missing `{key}`")
    rtype = raw["type"]
    if rtype not in RULE_TYPES:
        raise _fail(path, label, f"unknown type {rtype!r} (one of {', '.join(RULE_TYPES)})")
    category = raw.get("category", pack.get("category"))
    if category not in CATEGORIES:
        raise _fail(path, label, f"missing or unknown category {category!r}")
    try:
        severity = Severity.parse(raw.get("severity", pack.get("severity", "warning")))
    except ValueError as exc:
        raise _fail(path, label, str(exc)) from None
    fix = raw.get("fix", "none")
    if fix not in FIX_KINDS:
        raise _fail(path, label, f"fix must be one of {', '.join(FIX_KINDS)}")
    where = raw.get("where", "any")
    if where not in WHERE:
        raise _fail(path, label, f"where must be one of {', '.join(WHERE)}")
    confidence = raw.get("confidence", 0.9)
    if not isinstance(confidence, (int, float)) or not 0 <= confidence <= 1:
        raise _fail(path, label, "confidence must be a number from 0 to 1")
    rule = Rule(
        code=code,
        type=rtype,
        category=category,
        severity=severity,
        message=str(raw["message"]),
        rationale=str(raw.get("rationale", "")).strip(),
        suggest=raw.get("suggest"),
        fix=fix,
        confidence=float(confidence),
        ignore_case=bool(raw.get("ignore_case", True)),
        group=raw.get("group"),
        where=where,
        edge_lines=int(raw.get("edge_lines", 6)),
        check=raw.get("check"),
        options=dict(raw.get("options") or {}),
        examples={k: _as_list(v) for k, v in (raw.get("examples") or {}).items()},
        default=bool(raw.get("default", pack.get("default", True))),
        source=str(raw.get("source", "")),
        signal=raw.get("signal"),
        pack=str(path),
    )
    bad_examples = set(rule.examples) - {"flag", "pass"}
    if bad_examples:
        raise _fail(path, label, f"examples take `flag` and `pass`, not {sorted(bad_examples)[0]!r}")
    if rtype == "phrase":
        rule.phrases = _phrases(path, code, raw.get("phrases"))
        if not rule.phrases:
            raise _fail(path, label, "a phrase rule needs `phrases`")
    elif rtype in ("regex", "line"):
        rule.patterns = [str(p) for p in _as_list(raw.get("patterns"))]
        if not rule.patterns:
            raise _fail(path, label, f"a {rtype} rule needs `patterns`")
        for pattern in rule.patterns:
            try:
                compiled = regexcache.compile(pattern)
            except re.error as exc:
                raise _fail(path, label, f"bad regex {pattern!r}: {exc}") from None
            if compiled.groupindex:
                raise _fail(path, label, "use numbered groups, not named groups, in patterns")
    elif rtype == "check" and not isinstance(rule.check, str):
        raise _fail(path, label, "a check rule needs `check: <registered check name>`")
    if rule.suggest is not None and not isinstance(rule.suggest, str):
        raise _fail(path, label, "`suggest` must be a string")
    return rule


def load_pack(path: Path) -> list[Rule]:
    """Parse and validate one pack file; raise PackError naming file and rule."""
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PackError(f"{path}: cannot read rule pack: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise PackError(f"{path}: rule pack is not UTF-8 (byte {exc.start})") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "YAML"
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise PackError(f"{path}: {where}: invalid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise PackError(f"{path}: a rule pack must be a mapping with `rules`")
    unknown = set(data) - _PACK_KEYS
    if unknown:
        raise PackError(f"{path}: unknown pack key {sorted(unknown)[0]!r}")
    rules = data.get("rules")
    if not isinstance(rules, list):
        raise PackError(f"{path}: `rules` must be a list")
    return [_rule(path, data, raw, i) for i, raw in enumerate(rules)]


def pack_files(directory: Path) -> list[Path]:
    """Rule packs of a directory, sorted; the entity canon lives elsewhere."""
    return sorted(p for p in directory.rglob("*.y*ml") if p.suffix in (".yml", ".yaml") and "entities" not in p.parts)


def load_rules(paths: Iterable[Path]) -> dict[str, Rule]:
    """Load packs in order; a code defined twice is an error naming both files."""
    rules: dict[str, Rule] = {}
    for path in paths:
        for rule in load_pack(path):
            if rule.code in rules:
                raise PackError(f"{path}: rule {rule.code}: already defined in {rules[rule.code].pack}")
            rules[rule.code] = rule
    return rules


def builtin_rules_dir() -> Path:
    """`rules/` inside the installed package, else the repository's top-level one."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise PackError(f"{here}: built-in rule packs not found (reinstall audit)")

"""Python checks: logic that rule-pack data cannot express.

Every module in this package is imported once (`load_all`), and each registers
its check class under a name with `@register("name")`. A YAML rule of
`type: check` with `check: name` documents one code the check can emit; a check
is instantiated only when at least one of its codes is selected.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from ..document import Document
from ..finding import Finding

if TYPE_CHECKING:
    from ..packs import Rule
    from ..resources import Resources

REGISTRY: dict[str, type[Check]] = {}


def register(name: str):
    """Class decorator: make a check available to `type: check` rules as `name`."""

    def decorate(cls: type[Check]) -> type[Check]:
        if name in REGISTRY and REGISTRY[name] is not cls:
            raise RuntimeError(f"check {name!r} registered twice")
        cls.name = name
        REGISTRY[name] = cls
        return cls

    return decorate


def load_all() -> dict[str, type[Check]]:
    """Import every module of this package so that its checks register."""
    for info in pkgutil.iter_modules(__path__):
        if not info.name.startswith("_"):
            importlib.import_module(f"{__name__}.{info.name}")
    return REGISTRY


class Check:
    """A small class with one job: find one family of defects in a document.

    `rules` holds the selected rules (code -> Rule) that name this check;
    `resources` the shared, lazily loaded data (word frequencies, entity canon,
    configuration). Construct compiled state once in `__init__`; `run` must not
    print or write files.
    """

    name = ""

    def __init__(self, rules: dict[str, Rule], resources: Resources) -> None:
        self.rules = rules
        self.resources = resources

    def enabled(self, code: str) -> bool:
        return code in self.rules

    def option(self, code: str, key: str, default: Any) -> Any:
        rule = self.rules.get(code)
        return rule.options.get(key, default) if rule else default

    def finding(
        self,
        doc: Document,
        code: str,
        start: int,
        end: int,
        *,
        message: str | None = None,
        suggestions: Iterable[str] | None = None,
        confidence: float | None = None,
        safe: bool | None = None,
        signal: str | None = None,
        severity=None,
    ) -> Finding:
        """A finding of rule `code`, its defaults taken from the rule's YAML entry."""
        rule = self.rules[code]
        suggestions = list(suggestions) if suggestions is not None else ([] if rule.suggest is None else [rule.suggest])
        return Finding(
            rule=code,
            category=rule.category,
            severity=rule.severity if severity is None else severity,
            start=start,
            end=end,
            text=doc.text[start:end],
            message=message or rule.message,
            suggestions=suggestions,
            confidence=rule.confidence if confidence is None else confidence,
            safe=rule.safe if safe is None else safe,
            signal=signal or rule.signal,
        )

    def run(self, doc: Document, ctx: Any) -> Iterable[Finding]:  # pragma: no cover - interface
        raise NotImplementedError

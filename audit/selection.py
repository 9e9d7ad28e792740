"""Ruff-style rule selection: by code, code prefix, category or ALL."""

from __future__ import annotations

from collections.abc import Iterable

from .packs import Rule


def _specificity(selector: str, rule: Rule) -> int:
    """How closely `selector` names `rule` (-1: not at all). Longer wins."""
    selector = selector.strip()
    if selector.upper() == "ALL":
        return 0
    if selector == rule.code:
        return 1000
    if selector == rule.category:
        return 1
    if rule.code.startswith(selector):
        return 1 + len(selector)
    return -1


def _best(selectors: Iterable[str], rule: Rule) -> int:
    return max((_specificity(s, rule) for s in selectors), default=-1)


def is_selected(
    rule: Rule,
    select: list[str] | None,
    ignore: list[str] | None = None,
    extend_select: list[str] | None = None,
) -> bool:
    """A rule runs when the most specific selector naming it selects it.

    Without `select`, the rules marked `default: true` are on; `extend_select`
    adds to whichever set applies; `ignore` removes unless a more specific
    select names the rule again (as Ruff resolves `--select E501 --ignore E`).
    """
    chosen = _best(select, rule) if select else (0 if rule.default else -1)
    chosen = max(chosen, _best(extend_select or [], rule))
    if chosen < 0:
        return False
    return _best(ignore or [], rule) < chosen or _best(ignore or [], rule) < 0


def unknown_selectors(selectors: Iterable[str], rules: Iterable[Rule]) -> list[str]:
    """Selectors that name no rule (a typo the user should hear about)."""
    rules = list(rules)
    return [s for s in selectors if s.strip() and all(_specificity(s, r) < 0 for r in rules)]

"""Run the selected rules over documents and resolve what they find."""

from __future__ import annotations

import fnmatch
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import checks as checks_pkg
from .blocks import merge_chrome_lines
from .document import Document
from .errors import ConfigError, PackError
from .finding import Finding, Severity
from .markup import is_markdown, non_prose_regions, overlaps
from .matchers import LineMatcher, PhraseMatcher, RegexMatcher
from .packs import Rule, builtin_rules_dir, load_rules, pack_files
from .resources import Resources
from .selection import is_selected, unknown_selectors


class Context:
    """Per-document state handed to checks; `findings` holds what ran before."""

    __slots__ = ("cache", "doc", "findings", "resources")

    def __init__(self, doc: Document, resources: Resources) -> None:
        self.doc = doc
        self.resources = resources
        self.findings: list[Finding] = []
        self.cache: dict[str, Any] = {}


class Auditor:
    """Compiled rule packs and checks, reusable across many documents.

    Build one per process (it is picklable by construction arguments: see
    `__reduce__`) and call `check()` for each document.
    """

    def __init__(
        self,
        select: list[str] | None = None,
        ignore: list[str] | None = None,
        extend_select: list[str] | None = None,
        settings: dict[str, Any] | None = None,
        base_dir: Path | str | None = None,
        rule_packs: Iterable[Path | str] = (),
        per_file_ignores: dict[str, list[str]] | None = None,
        allow: Iterable[str] = (),
    ) -> None:
        self._args = dict(
            select=select,
            ignore=ignore,
            extend_select=extend_select,
            settings=settings,
            base_dir=base_dir,
            rule_packs=[str(p) for p in rule_packs],
            per_file_ignores=per_file_ignores,
            allow=list(allow),
        )
        base = Path(base_dir) if base_dir else Path.cwd()
        self.resources = Resources(settings, base)
        # adjacent lines of page chrome reported (and deleted) as one block; see audit/blocks.py
        self.merge_chrome_blocks = bool((settings or {}).get("merge_chrome_blocks", True))
        paths = pack_files(builtin_rules_dir()) + [self._resolve(base, p) for p in rule_packs]
        self.rules: dict[str, Rule] = load_rules(paths)
        dynamic = tuple(p for c in checks_pkg.load_all().values() if (p := getattr(c, "dynamic_prefix", None)))
        self._ignore_dynamic = tuple(s for s in ignore or [] if dynamic and s.startswith(dynamic))
        for selectors in (select, ignore, extend_select):
            selectors = [s for s in selectors or [] if not (dynamic and s.startswith(dynamic))]
            bad = unknown_selectors(selectors, self.rules.values())
            if bad:
                raise ConfigError(f"unknown rule selector {bad[0]!r} (see `audit rules`)")
        self.selected: dict[str, Rule] = {
            code: rule for code, rule in self.rules.items() if is_selected(rule, select, ignore, extend_select)
        }
        self.per_file_ignores = per_file_ignores or {}
        self.allow = {" ".join(a.casefold().split()) for a in allow if a.strip()}
        self._compile()

    @staticmethod
    def _resolve(base: Path, path: Path | str) -> Path:
        path = Path(path)
        return path if path.is_absolute() else base / path

    def __reduce__(self):
        return (_rebuild, (self._args,))

    def _compile(self) -> None:
        by_type: dict[str, list[Rule]] = defaultdict(list)
        for rule in self.selected.values():
            by_type[rule.type].append(rule)
        self.phrases = PhraseMatcher(by_type["phrase"])
        self.regexes = RegexMatcher(by_type["regex"])
        self.lines = LineMatcher(by_type["line"])
        registry = checks_pkg.load_all()
        for rule in self.rules.values():
            if rule.type == "check" and rule.check not in registry:
                raise PackError(f"{rule.pack}: rule {rule.code}: no check named {rule.check!r} is registered")
        grouped: dict[str, dict[str, Rule]] = defaultdict(dict)
        for rule in by_type["check"]:
            grouped[rule.check][rule.code] = rule
        self.checks = [registry[name](rules, self.resources) for name, rules in sorted(grouped.items())]
        self.checks.sort(key=lambda c: getattr(c, "order", 50))
        # Checks that emit codes of their own (LanguageTool's `lt.<RULE_ID>`) name the prefix;
        # they run only when one of their YAML rules is selected.
        self._dynamic = tuple(p for c in self.checks if (p := getattr(c, "dynamic_prefix", None)))

    def check(self, doc: Document | str) -> list[Finding]:
        """All findings for one document, sorted by position."""
        if isinstance(doc, str):
            doc = Document(doc)
        ctx = Context(doc, self.resources)
        text = doc.text
        found = ctx.findings
        for matcher in (self.phrases.finditer(text), self.regexes.finditer(text), self.lines.finditer(doc)):
            for m in matcher:
                rule = m.rule
                found.append(
                    Finding(
                        rule=rule.code,
                        category=rule.category,
                        severity=rule.severity,
                        start=m.start,
                        end=m.end,
                        text=text[m.start : m.end],
                        message=rule.message,
                        suggestions=[] if m.suggestion is None or rule.fix == "none" else [m.suggestion],
                        confidence=rule.confidence,
                        safe=rule.safe,
                        signal=rule.signal,
                    )
                )
        for check in self.checks:
            found.extend(check.run(doc, ctx))
        return self._finish(doc, found)

    def _finish(self, doc: Document, found: list[Finding]) -> list[Finding]:
        ignored = [
            code
            for pattern, codes in self.per_file_ignores.items()
            if fnmatch.fnmatch(doc.path, pattern) or fnmatch.fnmatch(Path(doc.path).name, pattern)
            for code in codes
        ]
        code = non_prose_regions(doc.text) if is_markdown(doc.path) else None
        best: dict[tuple[int, int, str], Finding] = {}
        for f in found:
            if code and overlaps(code, f.start, f.end):
                continue
            if f.start >= f.end or (f.rule not in self.selected and not f.rule.startswith(self._dynamic)):
                continue
            if self._ignore_dynamic and f.rule.startswith(self._ignore_dynamic):
                continue
            if ignored and any(f.rule == c or f.rule.startswith(c) or f.category == c for c in ignored):
                continue
            if self.allow and " ".join(f.text.casefold().split()) in self.allow:
                continue
            key = (f.start, f.end, f.category)
            kept = best.get(key)
            if kept is None or (f.severity, f.confidence) > (kept.severity, kept.confidence):
                best[key] = f
        out = sorted(best.values(), key=Finding.sort_key)
        if self.merge_chrome_blocks:
            out = merge_chrome_lines(doc, out)
        for f in out:
            f.line, f.column = doc.line_col(f.start)
        return out

    def fail_count(self, findings: Iterable[Finding], fail_on: Severity) -> int:
        return sum(1 for f in findings if f.severity >= fail_on)


def _rebuild(args: dict[str, Any]) -> Auditor:
    return Auditor(**args)


_DEFAULT: Auditor | None = None


def audit_text(text: str, **options: Any) -> list[Finding]:
    """Findings for a string with the default rules (or the given Auditor options)."""
    global _DEFAULT
    if options:
        return Auditor(**options).check(Document(text))
    if _DEFAULT is None:
        _DEFAULT = Auditor()
    return _DEFAULT.check(Document(text))

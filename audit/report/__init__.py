"""Reporters: pure consumers of (document, findings) that write one output format.

Each reporter receives files one at a time (`file`), so output streams for large
corpora, and a `Summary` at the end.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from ..document import Document
from ..finding import Finding, Severity


@dataclass
class Summary:
    """Counts across a run, for the closing table, JSON summary and exit status."""

    files: int = 0
    findings: int = 0
    by_category: Counter = field(default_factory=Counter)
    by_rule: Counter = field(default_factory=Counter)
    by_file: Counter = field(default_factory=Counter)
    by_severity: Counter = field(default_factory=Counter)
    rule_messages: dict[str, str] = field(default_factory=dict)
    safe_fixable: int = 0
    unsafe_fixable: int = 0
    failing: int = 0
    fixed: int = 0
    problems: int = 0

    def add(self, doc: Document, findings: list[Finding], fail_on: Severity) -> None:
        self.files += 1
        for f in findings:
            self.findings += 1
            self.by_category[f.category] += 1
            self.by_rule[f.rule] += 1
            self.by_file[doc.path] += 1
            self.by_severity[str(f.severity)] += 1
            self.rule_messages.setdefault(f.rule, f.message)
            if f.suggestions:
                if f.safe:
                    self.safe_fixable += 1
                else:
                    self.unsafe_fixable += 1
            if f.severity >= fail_on:
                self.failing += 1

    def to_dict(self) -> dict:
        out = {"files": self.files, "findings": self.findings, "by_category": dict(sorted(self.by_category.items()))}
        if self.fixed:
            out["fixed"] = self.fixed
        return out


class Reporter:
    """Interface every output format implements."""

    def begin(self) -> None:
        pass

    def file(self, doc: Document, findings: list[Finding]) -> None:
        raise NotImplementedError

    def end(self, summary: Summary) -> None:
        pass

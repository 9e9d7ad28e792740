"""JSON, JSON Lines and concise text: the formats scripts read (CONTRACT.md)."""

from __future__ import annotations

import json
from typing import TextIO

from ..document import Document
from ..finding import Finding
from . import Reporter, Summary


class JsonReporter(Reporter):
    """One JSON object, streamed file by file so memory stays flat."""

    def __init__(self, out: TextIO) -> None:
        self.out = out
        self.count = 0

    def begin(self) -> None:
        self.out.write('{"version": 1, "files": [')

    def file(self, doc: Document, findings: list[Finding]) -> None:
        entry = {"path": doc.path, "findings": [f.to_dict() for f in findings]}
        self.out.write(("," if self.count else "") + "\n  " + json.dumps(entry, ensure_ascii=False))
        self.count += 1

    def end(self, summary: Summary) -> None:
        self.out.write("\n],\n" + '"summary": ' + json.dumps(summary.to_dict(), ensure_ascii=False) + "}\n")
        self.out.flush()


class JsonLinesReporter(Reporter):
    """One finding per line with its `path`, for streaming corpora."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def file(self, doc: Document, findings: list[Finding]) -> None:
        write = self.out.write
        for f in findings:
            row = {"path": doc.path, **f.to_dict()}
            write(json.dumps(row, ensure_ascii=False) + "\n")


def _short(text: str, limit: int = 60) -> str:
    text = text.replace("\r", "\\r").replace("\n", "\\n")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def concise_line(path: str, f: Finding) -> str:
    """`path:line:col: code [severity] message: "text" -> "fix"` (grep- and editor-friendly)."""
    fix = ""
    if f.suggestions:
        mark = "" if f.safe else " (unsafe)"
        fix = f' -> "{_short(f.suggestions[0])}"{mark}' if f.suggestions[0] else f" -> delete{mark}"
    return f'{path}:{f.line}:{f.column}: {f.rule} [{f.severity}] {f.message}: "{_short(f.text)}"{fix}'


class ConciseReporter(Reporter):
    """One line per finding and a closing count, like `ruff check --output-format concise`."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def file(self, doc: Document, findings: list[Finding]) -> None:
        for f in findings:
            self.out.write(concise_line(doc.path, f) + "\n")

    def end(self, summary: Summary) -> None:
        if summary.findings:
            tail = f"Found {summary.findings} finding{'s' if summary.findings != 1 else ''}"
            tail += f" in {len(summary.by_file)} of {summary.files} file{'s' if summary.files != 1 else ''}."
            if summary.safe_fixable:
                tail += f" [*] {summary.safe_fixable} fixable with --fix."
            if summary.unsafe_fixable:
                tail += f" {summary.unsafe_fixable} more with --unsafe-fixes."
            self.out.write(tail + "\n")
        elif summary.files:
            self.out.write(f"All checks passed ({summary.files} file{'s' if summary.files != 1 else ''}).\n")

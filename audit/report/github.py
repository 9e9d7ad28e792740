"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` line per finding.

GitHub turns these lines into annotations on the pull request's diff. Values are
escaped as the runner expects (`%`, CR and LF in messages; also `:` and `,` in
properties), so a flagged text cannot break or inject a command.
"""

from __future__ import annotations

from typing import TextIO

from ..document import Document
from ..finding import Finding, Severity
from . import Reporter, Summary

COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def _short(text: str, limit: int = 80) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def annotation(path: str, doc: Document, f: Finding) -> str:
    """The workflow command for one finding (end line and column are inclusive for GitHub)."""
    end_line, end_col = doc.line_col(max(f.end - 1, f.start))
    props = {
        "file": path,
        "line": f.line or doc.line_col(f.start)[0],
        "col": f.column or doc.line_col(f.start)[1],
        "endLine": end_line,
        "endColumn": end_col,
        "title": f"{f.rule} ({f.category})",
    }
    message = f'{f.message}: "{_short(f.text)}"'
    if f.suggestions:
        fix = f'"{_short(f.suggestions[0])}"' if f.suggestions[0] else "delete"
        message += f" -> {fix}" + ("" if f.safe else " (unsafe fix)")
    head = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{COMMAND[f.severity]} {head}::{escape_data(message)}"


class GithubReporter(Reporter):
    """Annotation lines, then a plain summary line for the job log."""

    def __init__(self, out: TextIO) -> None:
        self.out = out

    def file(self, doc: Document, findings: list[Finding]) -> None:
        path = doc.path.partition("#")[0] if doc.path != "-" else "stdin"
        for f in findings:
            self.out.write(annotation(path, doc, f) + "\n")

    def end(self, summary: Summary) -> None:
        plural = "s" if summary.findings != 1 else ""
        self.out.write(f"audit: {summary.findings} finding{plural} in {summary.files} file(s)\n")
        self.out.flush()

"""The report a person reads: each finding in context with its inline diff, then summaries."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..document import Document
from ..finding import Finding, Severity
from . import Reporter, Summary
from .inline import finding_line

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


class RichReporter(Reporter):
    """Findings grouped per file; a table by category and by file at the end."""

    def __init__(self, console: Console, show_summary: bool = True) -> None:
        self.console = console
        self.show_summary = show_summary

    @property
    def color(self) -> bool:
        return self.console.color_system is not None and not self.console.no_color

    def file(self, doc: Document, findings: list[Finding]) -> None:
        if not findings:
            return
        c = self.console
        width = max(min(c.width, 160) - 6, 40)
        c.print()
        c.print(Text(f"{doc.path}", style="bold underline"), Text(f"  {len(findings)} finding(s)", style="dim"))
        for f in findings:
            head = Text("  ")
            head.append(f"{f.line}:{f.column}", style="bold")
            head.append("  ")
            head.append(str(f.severity), style=SEVERITY_STYLE[f.severity])
            head.append("  ")
            head.append(f.rule, style="bold")
            if f.suggestions:
                head.append(" [*]" if f.safe else " [~]", style="green" if f.safe else "yellow")
            head.append(f"  {f.message}")
            c.print(head, overflow="fold")
            body = Text("    │ ", style="dim")
            body.append_text(finding_line(doc, f, width=width, color=self.color))
            c.print(body, overflow="ellipsis", no_wrap=True)
            if len(f.suggestions) > 1:
                alts = ", ".join(repr(s) for s in f.suggestions[1:4])
                c.print(Text(f"    │ also: {alts}", style="dim"), overflow="ellipsis", no_wrap=True)

    def end(self, summary: Summary) -> None:
        c = self.console
        c.print()
        if not summary.findings:
            c.print(Text(f"All checks passed ({summary.files} file(s)).", style="bold green"))
            return
        if self.show_summary:
            c.print(Text("Findings by category", style="bold"))
            cats = Table(show_edge=False, pad_edge=False)
            cats.add_column("category")
            cats.add_column("findings", justify="right")
            for name, count in summary.by_category.most_common():
                cats.add_row(name, str(count))
            c.print(cats)
            c.print()
            c.print(Text("Findings by file", style="bold"))
            files = Table(show_edge=False, pad_edge=False)
            files.add_column("file", overflow="fold")
            files.add_column("findings", justify="right")
            for name, count in summary.by_file.most_common(25):
                files.add_row(name, str(count))
            if len(summary.by_file) > 25:
                files.add_row(f"… {len(summary.by_file) - 25} more files", "")
            c.print(files)
            c.print()
        tail = Text(f"Found {summary.findings} finding(s) in {len(summary.by_file)} of {summary.files} file(s).")
        if summary.safe_fixable:
            tail.append(f" [*] {summary.safe_fixable} fixable with --fix.", style="green")
        if summary.unsafe_fixable:
            tail.append(f" [~] {summary.unsafe_fixable} more with --unsafe-fixes.", style="yellow")
        c.print(tail)


def statistics_table(summary: Summary, console: Console) -> None:
    """Ruff's --statistics: one row per rule with its count."""
    table = Table(show_header=True, show_edge=False, pad_edge=False, box=None)
    table.add_column("count", justify="right")
    table.add_column("rule")
    table.add_column("message")
    for code, count in summary.by_rule.most_common():
        table.add_row(str(count), code, summary.rule_messages.get(code, ""))
    console.print(table)

"""The rich report a person reads: inline diffs, windowing of long lines, colour off."""

from __future__ import annotations

import io

from conftest import ROOT
from rich.console import Console

from audit import Auditor, Document, Finding, Severity
from audit.report import Summary
from audit.report.inline import finding_line, inline_diff
from audit.report.rich_report import RichReporter

PACK = ROOT / "tests" / "data" / "packs" / "user_pack.yml"


def _finding(doc: Document, start: int, end: int, suggestion: str | None) -> Finding:
    f = Finding(
        rule="entity.fuzzy-name",
        category="entity",
        severity=Severity.ERROR,
        start=start,
        end=end,
        text=doc.text[start:end],
        message="Misspelled name",
        suggestions=[] if suggestion is None else [suggestion],
        safe=False,
    )
    f.line, f.column = doc.line_col(start)
    return f


def test_inline_diff_without_colour_reads_like_git_word_diff():
    assert inline_diff("Binden", "Biden", color=False).plain == "Bi[-n-]den"
    assert inline_diff("Anthony Brinken", "Antony Blinken", color=False).plain == (
        "[-Anthony-]{+Antony+} [-Brinken-]{+Blinken+}"
    )
    assert inline_diff("[ad_1]", "", color=False).plain == "[-[ad_1]-]"
    assert inline_diff("Source link", None, color=False).plain == "»Source link«"


def test_inline_diff_with_colour_strikes_deletions_and_greens_insertions():
    text = inline_diff("Binden", "Biden")
    styles = {text.plain[s.start : s.end]: str(s.style) for s in text.spans}
    assert styles == {"n": "bold red strike"}
    text = inline_diff("Brinken", "Blinken")
    assert {str(s.style) for s in text.spans} == {"bold red strike", "bold green"}


def test_long_lines_are_windowed_around_the_span():
    words = " ".join(f"word{i}" for i in range(200))
    text = f"{words} Binden {words}\n"
    doc = Document(text)
    start = text.index("Binden")
    line = finding_line(doc, _finding(doc, start, start + 6, "Biden"), width=76, color=False).plain
    assert len(line) <= 80
    assert "Bi[-n-]den" in line and line.startswith("…") and line.endswith("…")


def test_report_fits_80_columns_without_colour():
    text = "Talks in Kiev ended. " * 30 + "\n" + "Short line in Kiev.\n"
    doc = Document(text, path="doc.txt")
    findings = Auditor(select=["house"], rule_packs=[PACK]).check(doc)
    out = io.StringIO()
    console = Console(file=out, width=80, no_color=True, color_system=None)
    reporter = RichReporter(console)
    summary = Summary()
    summary.add(doc, findings, Severity.WARNING)
    reporter.file(doc, findings)
    reporter.end(summary)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)
    assert any("[-Kiev-]{+Kyiv+}" in line for line in lines)
    assert any(line.startswith("  1:10  info  house.kiev [~]  House style") for line in lines)
    assert "Findings by category" in out.getvalue() and "Findings by file" in out.getvalue()
    assert f"Found {len(findings)} finding(s) in 1 of 1 file(s)." in out.getvalue()

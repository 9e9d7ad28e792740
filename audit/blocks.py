"""Adjacent lines of page chrome as one finding.

Scraped pages leave chrome in blocks ("Share" / "Facebook" / "X" on lines of
their own, "Comments" / "Leave a comment" / "You must be logged in"). Each line
is found by its own rule, but a reader and a fixer want the block: one
finding, one deletion that leaves no run of emptied lines behind. Lines merge
when each is a whole-line deletion of the same category and only a single line
break separates them; a blank line ends the block (what follows it is another
piece of chrome, or prose).
"""

from __future__ import annotations

from .document import Document
from .finding import Finding

MERGED_CATEGORIES = frozenset({"boilerplate"})
_MARGIN = 200  # spaces around a whole-line finding: more is no line of chrome (and stays linear)


def _whole_line(doc: Document, f: Finding) -> bool:
    """Does f delete everything its line holds (but the line's surrounding spaces)?"""
    if f.suggestions != [""] or f.category not in MERGED_CATEGORIES:
        return False
    lo, hi = doc.line_bounds(f.start)
    if f.start - lo > _MARGIN or hi - f.end > _MARGIN:
        return False  # a marker inside a long line ("… [ad_1] …" in a megabyte of text)
    text = doc.text
    return not text[lo : f.start].strip() and not text[f.end : hi].strip()


def _joined(text: str, a: Finding, b: Finding) -> bool:
    """a and b are on consecutive lines: only spaces and one line break between them."""
    if b.start - a.end > 2 * _MARGIN:
        return False
    gap = text[a.end : b.start]
    return a.category == b.category and gap.count("\n") == 1 and not gap.strip()


def merge_chrome_lines(doc: Document, found: list[Finding]) -> list[Finding]:
    """`found` (sorted by position) with runs of adjacent whole-line chrome findings merged."""
    text = doc.text
    out: list[Finding] = []
    run: list[Finding] = []

    def flush() -> None:
        if len(run) == 1:
            out.append(run[0])
        elif run:
            out.append(_merged(text, run))
        run.clear()

    for f in found:
        whole = _whole_line(doc, f)
        if whole and (not run or (f.start >= run[-1].end and _joined(text, run[-1], f))):
            run.append(f)
            continue
        flush()
        if whole:
            run.append(f)
        else:
            out.append(f)
    flush()
    return out


def _merged(text: str, run: list[Finding]) -> Finding:
    first = run[0]
    start, end = first.start, run[-1].end
    rules = list(dict.fromkeys(f.rule for f in run))
    more = f" and {', '.join(rules[1:])}" if len(rules) > 1 else ""
    return Finding(
        rule=first.rule,
        category=first.category,
        severity=max(f.severity for f in run),
        start=start,
        end=end,
        text=text[start:end],
        message=f"{first.message} ({len(run)} lines of page chrome{more})",
        suggestions=[""],
        confidence=min(f.confidence for f in run),
        safe=all(f.safe for f in run),
        signal=first.signal,
    )

"""Regions of a Markdown document that are not prose: code, link targets, HTML.

Like Vale, audit checks the prose of a Markdown file, not its code spans, fenced
blocks or URLs; findings that overlap these regions are dropped.
"""

from __future__ import annotations

import re

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")

_NON_PROSE = re.compile(
    r"^[ \t]{0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n(?:.*\n)*?[ \t]{0,3}(?P=fence)[`~]*[ \t]*$"  # fenced block
    r"|(?P<ticks>`+)(?!`)[^\n]*?(?<!`)(?P=ticks)(?!`)"  # inline code span
    r"|\]\([^)\s]*(?:\s+\"[^\"]*\")?\)"  # link target
    r"|<https?://[^>\s]+>"  # autolink
    r"|<!--.*?-->"  # HTML comment
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>",  # HTML tag
    re.MULTILINE | re.DOTALL,
)


def is_markdown(path: str) -> bool:
    return path.lower().endswith(MARKDOWN_SUFFIXES)


def non_prose_regions(text: str) -> list[tuple[int, int]]:
    """Sorted (start, end) spans of code, link targets and HTML in Markdown text."""
    return [m.span() for m in _NON_PROSE.finditer(text)]


def overlaps(regions: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether [start, end) touches any region (regions sorted by start)."""
    from bisect import bisect_left

    i = bisect_left(regions, (end, end))
    return any(s < end and start < e for s, e in regions[max(0, i - 8) : i])

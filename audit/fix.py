"""Apply findings' suggestions to text: safe or unsafe, overlap-free, to a fixed point.

Ruff's fix model: a finding's first suggestion is its fix; `safe` fixes apply with
`--fix`, the rest only with `--unsafe-fixes`. Edits that overlap are resolved
deterministically (leftmost first, then the longest, then safe before unsafe,
then higher confidence, then rule code); the losers are retried on the next
pass, because the text is checked again after every pass until nothing changes
(bounded, like Ruff's fix loop). So `fix(fix(x)) == fix(x)`.

Deleting text must not leave litter behind. When a deletion empties a line, the
line goes, and the blank lines around it shrink back to the paragraph break that
was there before (none at the start or end of the document). A deletion inside
a line takes one of the two spaces it would otherwise leave doubled. Both
clean-ups only ever remove whitespace next to a deletion.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from .fileio import newline_of
from .finding import Finding

MAX_PASSES = 10
_HSPACE = " \t"


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace `text[start:end]` with `replacement`."""

    start: int
    end: int
    replacement: str
    rule: str = ""
    safe: bool = True
    confidence: float = 1.0

    @classmethod
    def from_finding(cls, f: Finding) -> Edit:
        return cls(f.start, f.end, f.suggestions[0], f.rule, f.safe, f.confidence)


@dataclass
class FixResult:
    """What fixing one text did: the new text, the edits applied and what is left."""

    text: str
    applied: list[Edit] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)
    passes: int = 0
    converged: bool = True

    @property
    def fixed(self) -> int:
        return len(self.applied)


def applicable(findings: Iterable[Finding], unsafe: bool = False) -> list[Finding]:
    """Findings whose first suggestion may be applied under the chosen safety level."""
    return [
        f for f in findings if f.suggestions and (f.safe or unsafe) and f.start < f.end and f.suggestions[0] != f.text
    ]


def select_edits(findings: Iterable[Finding], unsafe: bool = False, protect: int = 0) -> list[Edit]:
    """Non-overlapping edits in text order, chosen by a fixed rule so that runs agree.

    `protect` keeps the first `protect` code points untouched (a BOM).
    """
    candidates = sorted(
        (Edit.from_finding(f) for f in applicable(findings, unsafe) if f.start >= protect),
        key=lambda e: (e.start, -e.end, not e.safe, -e.confidence, e.rule, e.replacement),
    )
    chosen: list[Edit] = []
    last_end = -1
    for edit in candidates:
        if edit.start >= last_end:
            chosen.append(edit)
            last_end = edit.end
    return chosen


def apply_edits(text: str, edits: list[Edit]) -> str:
    """Splice sorted, non-overlapping `edits` into `text`, then tidy around deletions."""
    if not edits:
        return text
    newline = newline_of(text)
    out: list[str] = []
    sites: list[tuple[int, int, int]] = []  # (position in new text, original start, original end)
    pos = 0
    length = 0
    for e in edits:
        if e.start < pos or e.end > len(text) or e.start > e.end:
            raise ValueError(f"edits overlap or fall outside the text: {e}")
        out.append(text[pos : e.start])
        length += e.start - pos
        repl = e.replacement
        if newline == "\r\n" and "\n" in repl:
            repl = re.sub(r"(?<!\r)\n", "\r\n", repl)
        if not repl:
            sites.append((length, e.start, e.end))
        out.append(repl)
        length += len(repl)
        pos = e.end
    out.append(text[pos:])
    new = "".join(out)
    if sites:
        new = _tidy(new, text, sites)
    return new


# --- clean-up after deletions -------------------------------------------------------


def _blank(segment: str) -> bool:
    return not segment.strip(" \t\r\f\v")


def _segments(text: str) -> list[int]:
    """Start offsets of the `\\n`-separated segments of `text`."""
    starts = [0]
    find = text.find
    pos = find("\n")
    while pos != -1:
        starts.append(pos + 1)
        pos = find("\n", pos + 1)
    return starts


def _segment_at(starts: list[int], offset: int) -> int:
    from bisect import bisect_right

    return bisect_right(starts, offset) - 1


def _blank_run(text: str, starts: list[int], index: int, step: int) -> int:
    """How many blank segments follow (step=1) or precede (step=-1) segment `index`."""
    count = 0
    i = index + step
    while 0 <= i < len(starts):
        seg_end = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
        if not _blank(text[starts[i] : seg_end]):
            break
        count += 1
        i += step
    return count


def _paragraph_gap(old: str, old_starts: list[int], start: int, end: int) -> int:
    """Blank lines around the old lines that the deleted span [start, end) touched.

    A run of blank lines left by emptied lines shrinks back to this many.
    """
    first = _segment_at(old_starts, start)
    last = _segment_at(old_starts, max(end - 1, start))
    return max(_blank_run(old, old_starts, first, -1), _blank_run(old, old_starts, last, 1))


def _tidy(new: str, old: str, sites: list[tuple[int, int, int]]) -> str:
    """Drop lines that deletions emptied and spaces that deletions doubled."""
    old_starts = _segments(old)
    starts = _segments(new)
    seg_count = len(starts)

    def seg_text(i: int) -> str:
        end = starts[i + 1] - 1 if i + 1 < seg_count else len(new)
        return new[starts[i] : end]

    drop: set[int] = set()  # segments to remove
    strip_tail_newline = False
    space_cuts: set[int] = set()
    runs: dict[tuple[int, int], int] = {}
    for at, o_start, o_end in sites:
        i = _segment_at(starts, at)
        if _blank(seg_text(i)):
            gap = _paragraph_gap(old, old_starts, o_start, o_end)
            lo = i
            while lo > 0 and _blank(seg_text(lo - 1)):
                lo -= 1
            hi = i
            while hi + 1 < seg_count and _blank(seg_text(hi + 1)):
                hi += 1
            key = (lo, hi)
            runs[key] = max(runs.get(key, 0), gap)
        else:
            before = new[at - 1] if at > 0 else "\n"
            after = new[at] if at < len(new) else "\n"
            if after in _HSPACE and (before in _HSPACE or before == "\n"):
                space_cuts.add(at)
            elif before in _HSPACE and after in "\r\n":
                space_cuts.add(at - 1)
    ends_with_newline = old.endswith("\n")
    for (lo, hi), gap in runs.items():
        at_start = lo == 0
        at_end = hi == seg_count - 1
        if at_start and at_end:
            drop.update(range(lo, hi + (0 if ends_with_newline else 1)))
            continue
        if at_start:
            drop.update(range(lo, hi + 1))
        elif at_end:
            keep_last = ends_with_newline
            drop.update(range(lo, hi if keep_last else hi + 1))
            if not keep_last:
                strip_tail_newline = True
        else:
            size = hi - lo + 1
            if size > gap:
                drop.update(range(lo, lo + size - gap))
    if not drop and not space_cuts:
        return new
    out: list[str] = []
    for i in range(seg_count):
        if i in drop:
            continue
        seg_start = starts[i]
        seg_end = starts[i + 1] if i + 1 < seg_count else len(new)  # includes the "\n"
        piece = new[seg_start:seg_end]
        cuts = sorted(c for c in space_cuts if seg_start <= c < seg_end)
        if cuts:
            chars = list(piece)
            for c in reversed(cuts):
                del chars[c - seg_start]
            piece = "".join(chars)
        out.append(piece)
    result = "".join(out)
    if strip_tail_newline:
        if result.endswith("\r\n"):
            result = result[:-2]
        elif result.endswith("\n"):
            result = result[:-1]
    return result


# --- the fix loop -------------------------------------------------------------------


def fix_text(
    text: str,
    check: Callable[[str], list[Finding]],
    unsafe: bool = False,
    max_passes: int = MAX_PASSES,
    findings: list[Finding] | None = None,
) -> FixResult:
    """Fix `text` until a check finds nothing more to apply (or `max_passes` runs out).

    `check` maps a text to its findings (an Auditor bound to a path); `findings`,
    when given, are the first pass's findings so they need not be computed twice.
    """
    protect = 1 if text.startswith("\ufeff") else 0
    result = FixResult(text=text)
    seen = {text}
    current = findings if findings is not None else check(text)
    for _ in range(max_passes):
        edits = select_edits(current, unsafe, protect)
        if not edits:
            result.remaining = current
            return result
        new = apply_edits(result.text, edits)
        result.passes += 1
        if new == result.text or new in seen:
            result.remaining = current
            result.converged = new == result.text
            return result
        seen.add(new)
        result.text = new
        result.applied.extend(edits)
        current = check(new)
    result.remaining = current
    result.converged = not select_edits(current, unsafe, protect)
    return result

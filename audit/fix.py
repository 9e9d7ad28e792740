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

import os
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .document import Document
from .fileio import TextFile, newline_of, read_text, write_text
from .finding import Finding

if TYPE_CHECKING:
    from .engine import Auditor

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


_NON_BLANK = re.compile(r"[^ \t\r\f\v\n]")


class _Lines:
    """The `\n`-separated segments of a text, with blankness computed once per segment."""

    def __init__(self, text: str) -> None:
        self.text = text
        starts = [0]
        find = text.find
        pos = find("\n")
        while pos != -1:
            starts.append(pos + 1)
            pos = find("\n", pos + 1)
        self.starts = starts
        self.count = len(starts)
        self._blank: dict[int, bool] = {}

    def end(self, i: int) -> int:
        """End of segment `i`, its `\n` excluded."""
        return self.starts[i + 1] - 1 if i + 1 < self.count else len(self.text)

    def at(self, offset: int) -> int:
        return bisect_right(self.starts, offset) - 1

    def blank(self, i: int) -> bool:
        known = self._blank.get(i)
        if known is None:
            known = self._blank[i] = _NON_BLANK.search(self.text, self.starts[i], self.end(i)) is None
        return known

    def blank_run(self, index: int, step: int) -> int:
        """How many blank segments follow (step=1) or precede (step=-1) segment `index`."""
        count = 0
        i = index + step
        while 0 <= i < self.count and self.blank(i):
            count += 1
            i += step
        return count


def _paragraph_gap(old: _Lines, start: int, end: int) -> int:
    """Blank lines around the old lines that the deleted span [start, end) touched.

    A run of blank lines left by emptied lines shrinks back to this many.
    """
    first = old.at(start)
    last = old.at(max(end - 1, start))
    return max(old.blank_run(first, -1), old.blank_run(last, 1))


def _tidy(new: str, old: str, sites: list[tuple[int, int, int]]) -> str:
    """Drop lines that deletions emptied and spaces that deletions doubled."""
    old_lines = _Lines(old)
    lines = _Lines(new)
    starts = lines.starts
    seg_count = lines.count
    drop: set[int] = set()  # segments to remove
    strip_tail_newline = False
    space_cuts: set[int] = set()
    runs: dict[tuple[int, int], int] = {}
    run_of: dict[int, tuple[int, int]] = {}
    for at, o_start, o_end in sites:
        i = lines.at(at)
        if lines.blank(i):
            gap = _paragraph_gap(old_lines, o_start, o_end)
            key = run_of.get(i)
            if key is None:
                lo = i - lines.blank_run(i, -1)
                hi = i + lines.blank_run(i, 1)
                key = (lo, hi)
                run_of.update(dict.fromkeys(range(lo, hi + 1), key))
            runs[key] = max(runs.get(key, 0), gap)
        else:
            before = new[at - 1] if at > 0 and not (at == 1 and new[0] == "\ufeff") else "\n"
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
    removals = [(starts[i], starts[i + 1] if i + 1 < seg_count else len(new)) for i in drop]
    removals += [(c, c + 1) for c in space_cuts if lines.at(c) not in drop]
    removals.sort()
    out: list[str] = []
    pos = 0
    for start, end in removals:
        if start > pos:
            out.append(new[pos:start])
        pos = max(pos, end)
    out.append(new[pos:])
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


# --- files --------------------------------------------------------------------------


@dataclass
class FileFix:
    """The outcome of fixing one file: its original, its fixed text and the fix loop's result."""

    path: str
    original: TextFile
    result: FixResult

    @property
    def changed(self) -> bool:
        return self.result.text != self.original.text


def fix_file(
    path: str,
    auditor: Auditor,
    findings: list[Finding] | None = None,
    unsafe: bool = False,
    checked_text: str | None = None,
) -> FileFix:
    """Run the fix loop on the file at `path` without writing it.

    `findings` are reused for the first pass when they were computed on the very
    same text (`checked_text`); otherwise the file is checked afresh.
    """
    original = read_text(path)
    reuse = findings if checked_text is not None and checked_text == original.text else None

    def check(text: str) -> list[Finding]:
        return auditor.check(Document(text, path=path))

    return FileFix(path, original, fix_text(original.text, check, unsafe=unsafe, findings=reuse))


# --- a command-line run -------------------------------------------------------------


@dataclass
class FixOptions:
    """What `audit check` was asked to do with fixes."""

    fix: bool = False
    unsafe: bool = False
    diff: bool = False
    patch: str | None = None
    interactive: bool = False

    @property
    def active(self) -> bool:
        return self.fix or self.diff or bool(self.patch) or self.interactive


class FixRun:
    """Fixes documents one by one for the CLI: writes files, collects diffs, counts.

    `process` returns the findings to report for a document: what remains after
    fixing when files are written, the findings as they are otherwise.
    """

    def __init__(self, auditor: Auditor, options: FixOptions, console=None, root=None) -> None:
        self.auditor = auditor
        self.options = options
        self.console = console
        self.root = root
        self.fixed = 0
        self.would_fix = 0
        self.files_changed = 0
        self.unconverged: list[str] = []
        self.skipped: list[str] = []
        self.patches: list[bytes] = []
        self.stopped = False

    def process(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        if self.stopped or doc.path == "-" or not os.path.isfile(doc.path):
            if doc.path != "-" and applicable(findings, self.options.unsafe):
                self.skipped.append(doc.path)
            return findings
        if self.options.interactive:
            return self._review(doc, findings)
        ff = fix_file(doc.path, self.auditor, findings, unsafe=self.options.unsafe, checked_text=doc.text)
        if not ff.result.converged:
            self.unconverged.append(doc.path)
        if not ff.changed:
            return ff.result.remaining if self.options.fix else findings
        self._record_patch(ff.original, ff.result.text)
        if self.options.fix:
            write_text(ff.original, ff.result.text)
            self.fixed += ff.result.fixed
            self.files_changed += 1
            return ff.result.remaining
        self.would_fix += ff.result.fixed
        self.files_changed += 1
        return findings

    def _review(self, doc: Document, findings: list[Finding]) -> list[Finding]:
        from .review import review_document

        original = read_text(doc.path)
        if original.text != doc.text:
            doc = Document(original.text, path=doc.path)
            findings = self.auditor.check(doc)
        review = review_document(doc, findings, self.console, color=self.console.color_system is not None)
        self.stopped = review.quit
        if not review.accepted or review.text == original.text:
            return findings
        self._record_patch(original, review.text)
        write_text(original, review.text)
        self.fixed += review.changed
        self.files_changed += 1
        return self.auditor.check(Document(review.text, path=doc.path))

    def _record_patch(self, original: TextFile, new_text: str) -> None:
        if self.options.diff or self.options.patch:
            from .patch import file_patch

            self.patches.append(file_patch(original.text, new_text, original.path, self.root))

    @property
    def patch_bytes(self) -> bytes:
        return b"".join(self.patches)

    def summary_line(self, remaining: int) -> str:
        """Ruff's closing words: what was fixed (or would be) and what remains."""
        s = "s" if (self.fixed or self.would_fix) != 1 else ""
        if self.options.fix or self.options.interactive:
            line = f"Fixed {self.fixed} finding{s} in {self.files_changed} file(s); {remaining} remaining."
        else:
            line = f"Would fix {self.would_fix} finding{s} in {self.files_changed} file(s)."
        if self.unconverged:
            line += f" Fixes did not settle after {MAX_PASSES} passes in: {', '.join(self.unconverged[:5])}."
        if self.skipped:
            line += f" Not fixable in place (not a file): {', '.join(self.skipped[:5])}."
        return line

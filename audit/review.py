"""Interactive review: each proposed change as an inline diff, then accept, reject, edit, skip or quit.

Used by `audit check --fix --interactive`. Every fixable finding is offered,
safe or not (the reader confirms each one), in text order; a finding that
overlaps a change already accepted is not offered. The accepted edits are
applied in one go when the file's review ends (also on quit), so a file is
either untouched or has exactly the accepted changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from rich.console import Console
from rich.text import Text

from .document import Document
from .finding import Finding
from .fix import Edit, apply_edits
from .report.inline import finding_line

PROMPT = "[a]ccept [r]eject [e]dit [s]kip file [q]uit"
CHOICES = {
    "a": "accept",
    "accept": "accept",
    "y": "accept",
    "yes": "accept",
    "r": "reject",
    "reject": "reject",
    "n": "reject",
    "no": "reject",
    "e": "edit",
    "edit": "edit",
    "s": "skip",
    "skip": "skip",
    "q": "quit",
    "quit": "quit",
}


@dataclass
class Review:
    """What the reader decided for one file."""

    text: str
    accepted: list[Edit] = field(default_factory=list)
    rejected: int = 0
    quit: bool = False

    @property
    def changed(self) -> int:
        return len(self.accepted)


def _ask(console: Console, read: Callable[[str], str], question: str) -> str | None:
    """One of CHOICES' values, asking again on anything else; None at end of input."""
    while True:
        try:
            answer = read(question).strip().casefold()
        except EOFError:
            return None
        if answer in CHOICES:
            return CHOICES[answer]
        console.print(Text(f"  please answer one of: {PROMPT}", style="yellow"))


def review_document(
    doc: Document,
    findings: list[Finding],
    console: Console,
    read: Callable[[str], str] | None = None,
    color: bool = True,
) -> Review:
    """Ask about each fixable finding of `doc`; return the text with the accepted edits applied."""
    read = read or (lambda q: console.input(q, markup=False))
    review = Review(text=doc.text)
    offer = [f for f in findings if f.suggestions and f.suggestions[0] != f.text and f.start < f.end]
    if not offer:
        return review
    width = max(min(console.width, 160) - 6, 40)
    taken: list[tuple[int, int]] = []
    total = len(offer)
    for number, f in enumerate(offer, 1):
        if any(f.start < end and start < f.end for start, end in taken):
            continue
        console.print()
        head = Text(f"{doc.path}:{f.line}:{f.column}", style="bold")
        head.append(f"  {f.rule}  ", style="cyan")
        head.append(f.message)
        head.append(f"  [{number}/{total}, {'safe' if f.safe else 'unsafe'} fix]", style="dim")
        console.print(head, overflow="fold")
        body = Text("    │ ", style="dim")
        body.append_text(finding_line(doc, f, width=width, color=color))
        console.print(body, overflow="fold")
        choice = _ask(console, read, f"  {PROMPT}? ")
        if choice is None or choice == "quit":
            review.quit = True
            break
        if choice == "skip":  # as git add -p's "d": keep what was accepted, leave the rest
            break
        if choice == "reject":
            review.rejected += 1
            continue
        replacement = f.suggestions[0]
        if choice == "edit":
            try:
                keep = "delete it" if not replacement else repr(replacement)
                typed = read(f"  replace {f.text!r} with (Enter: {keep}; '-': delete): ")
            except EOFError:
                review.quit = True
                break
            replacement = "" if typed == "-" else (typed or replacement)
        review.accepted.append(Edit(f.start, f.end, replacement, f.rule, f.safe, f.confidence))
        taken.append((f.start, f.end))
    review.accepted.sort(key=lambda e: (e.start, e.end))
    review.text = apply_edits(doc.text, review.accepted)
    return review

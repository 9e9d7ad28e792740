"""The inline diff of one finding: its source line, windowed, with the change in place.

Shared by the rich report and interactive review. With colour, deleted text is
red and struck through and inserted text green; without colour the same diff
reads as `[-old-]{+new+}` (git's plain word-diff), so nothing is lost in a log.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher

from rich.text import Text

from ..document import Document
from ..finding import Finding

DELETED = "bold red strike"
INSERTED = "bold green"
SPAN = "bold yellow underline"
_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def _pieces(old: str, new: str) -> list[tuple[str, str]]:
    """(kind, text) runs turning `old` into `new`: kind is =, - or +."""
    if not old or not new:
        return [("-", old)] if old else [("+", new)]
    multiword = " " in old.strip() or " " in new.strip()
    a = _TOKENS.findall(old) if multiword else list(old)
    b = _TOKENS.findall(new) if multiword else list(new)
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    opcodes = matcher.get_opcodes()
    changes = sum(op != "equal" for op, *_ in opcodes)
    if not multiword and (matcher.ratio() < 0.75 or changes > 2 or (changes == 2 and matcher.ratio() < 0.85)):
        return [("-", old), ("+", new)]  # a character diff of unrelated words is noise
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in opcodes:
        if op == "equal":
            out.append(("=", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", "".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", "".join(b[j1:j2])))
    return out


def _visible(text: str) -> str:
    return text.replace("\r", "").replace("\n", "⏎")


def inline_diff(old: str, new: str | None, color: bool = True) -> Text:
    """`old` with the change to `new` marked; `new=None` only highlights `old`."""
    out = Text()
    if new is None:
        if color:
            out.append(_visible(old), style=SPAN)
        else:
            out.append("»" + _visible(old) + "«")
        return out
    for kind, piece in _pieces(old, new):
        piece = _visible(piece)
        if kind == "=":
            out.append(piece)
        elif kind == "-":
            out.append(piece, style=DELETED) if color else out.append(f"[-{piece}-]")
        else:
            out.append(piece, style=INSERTED) if color else out.append(f"{{+{piece}+}}")
    return out


def _clip_left(text: str, room: int) -> str:
    if len(text) <= room:
        return text
    cut = text[len(text) - room + 1 :]
    space = cut.find(" ")
    if 0 <= space < 12:
        cut = cut[space:]
    return "…" + cut


def _clip_right(text: str, room: int) -> str:
    if len(text) <= room:
        return text
    cut = text[: max(room - 1, 0)]
    space = cut.rfind(" ")
    if space > room - 12:
        cut = cut[:space]
    return cut + "…"


def finding_line(doc: Document, f: Finding, width: int = 76, color: bool = True) -> Text:
    """The finding's line(s), windowed to `width` around the span, diff applied in place."""
    line_start, _ = doc.line_bounds(f.start)
    _, line_end = doc.line_bounds(max(f.end - 1, f.start))
    before = _visible(doc.text[line_start : f.start])
    after = _visible(doc.text[f.end : line_end])
    old = doc.text[f.start : f.end]
    new = f.suggestions[0] if f.suggestions else None
    middle = inline_diff(old, new, color)
    if len(middle) > width - 10:
        middle.truncate(max(width - 10, 10), overflow="ellipsis")
    room = max(width - len(middle), 10)
    left_room = max(room // 3, min(len(before), room - min(len(after), room // 2)))
    before = _clip_left(before, left_room)
    after = _clip_right(after, max(room - len(before), 0))
    text = Text(before, style="dim" if color else "")
    text.append_text(middle)
    text.append(after, style="dim" if color else "")
    return text

"""Encoding damage: mojibake, U+FFFD, control characters, stray invisibles, decomposed text.

One compiled regex finds every candidate in a single pass; clean text almost
never matches it, so the cost on clean text is one regex scan. Only the
candidate windows of the mojibake alternative go through ftfy, which decides
(by its own rule: never make good text worse) whether they are damaged and
what they were meant to be.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from difflib import SequenceMatcher
from functools import lru_cache

import ftfy
import ftfy.bad_codecs  # registers the sloppy-windows-* codecs

from ..document import Document
from ..finding import Finding
from . import Check, register


def _decoded(codec: str, lo: int, hi: int) -> str:
    """Characters that bytes lo..hi become when decoded with `codec` (undecodable ones skipped)."""
    chars = set()
    for b in range(lo, hi + 1):
        try:
            chars.add(bytes([b]).decode(codec))
        except UnicodeDecodeError:
            continue
    return "".join(sorted(chars))


def _cls(chars: str) -> str:
    return "[" + "".join(re.escape(c) for c in chars) + "]"


# UTF-8 lead bytes (0xC2-0xF4) and continuation bytes (0x80-0xBF) as Latin-1 /
# Windows-1252 show them ("Ã©", "â€™"); Cyrillic UTF-8 read as Windows-1251
# starts with "Р"/"С" (bytes 0xD0/0xD1) followed by a continuation byte ("Рё").
_LEAD_1252 = _decoded("latin-1", 0xC2, 0xF4)
_CONT_1252 = _decoded("latin-1", 0x80, 0xBF) + _decoded("cp1252", 0x80, 0xBF)
_CONT_1251 = _decoded("cp1251", 0x80, 0xBF)
# Besides the pairs: "Ã" + space after a lowercase letter and "Â" + space are
# UTF-8 sequences whose no-break-space byte became a plain space ("voilÃ le").
_MOJIBAKE = (
    f"{_cls(_LEAD_1252)}{_cls(_CONT_1252)}|[\u0420\u0421]{_cls(_CONT_1251)}|(?<=[a-z])\u00c3(?=\x20)|\u00c2(?=\\s)"
)
# "â€" not followed by a continuation character: a curly quote or dash whose
# third byte (0x9D for ”, undefined in Windows-1252) the scraper dropped.
_LOST_BYTE = re.compile(f"\u00e2\u20ac(?!{_cls(_CONT_1252)})")
_LOST_NBSP = re.compile(r"(?:(?<=[0-9a-z])|(?<!\S))\u00c2(?=\s)")
_CONTROL = "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]+"
_INVISIBLE = "[\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e]+"
# Combining marks whose sequences NFC may compose (Latin/Greek/Cyrillic
# diacritics, kana voicing marks).
_MARKS = "[\u0300-\u036f\u1dc0-\u1dff\u3099\u309a]+"

_DETAIL = re.compile(
    f"(?P<moji>{_MOJIBAKE})|(?P<fffd>\ufffd+)|(?P<ctrl>{_CONTROL})|(?P<inv>{_INVISIBLE})|(?P<nfc>{_MARKS})"
)
# The same candidates as one pattern that starts with a single character class
# (the regex engine skips ahead on it at hundreds of MB/s) and checks the second
# character of a mojibake pair with look-behinds, so that accented letters of
# clean text cost no Python; `_DETAIL` then takes the full run at each hit.
_SINGLES = (
    "\ufffd\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e"
    "\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\u0300-\u036f\u1dc0-\u1dff\u3099\u309a"
)
_FIRST = re.compile(
    _cls(_LEAD_1252 + "\u0420\u0421")[:-1]
    + _SINGLES
    + f"](?:(?<={_cls(_LEAD_1252)}){_cls(_CONT_1252)}|(?<=[\u0420\u0421]){_cls(_CONT_1251)}|(?<=[{_SINGLES}])"
    "|(?<=[a-z]\u00c3)(?=\x20)|(?<=\u00c2)(?=\\s))"
)


def _scan(text: str) -> Iterator[re.Match[str]]:
    """Matches of `_DETAIL`, tried only where `_FIRST` finds a candidate."""
    match = _DETAIL.match
    end = 0
    for hit in _FIRST.finditer(text):
        if hit.start() < end:
            continue
        found = match(text, hit.start())
        if found is not None:
            end = found.end()
            yield found


# Letters and digits of scripts written with spaces between words: an
# invisible character next to these has no typographic job (unlike ZWSP in
# Thai, ZWNJ in Persian or ZWJ in emoji sequences).
_SPACED = re.compile(r"[0-9A-Za-z\u00c0-\u024f\u1e00-\u1eff\u0370-\u03ff\u1f00-\u1fff\u0400-\u052f]")
_WINDOW = 48


def _spaced(ch: str) -> bool:
    return bool(ch) and _SPACED.match(ch) is not None


def _repair(window: str) -> str:
    """ftfy's encoding repair of a window; short ones are cached (the same damage recurs)."""
    return _repair_cached(window) if len(window) <= 256 else ftfy.fix_encoding(window)


@lru_cache(maxsize=8192)
def _repair_cached(window: str) -> str:
    return ftfy.fix_encoding(window)


def _trim(before: str, after: str) -> tuple[int, int, str]:
    """The one edit left after removing the common prefix and suffix."""
    i = 0
    limit = min(len(before), len(after))
    while i < limit and before[i] == after[i]:
        i += 1
    j = 0
    while j < limit - i and before[-1 - j] == after[-1 - j]:
        j += 1
    if i + j == len(before):  # pure insertion: anchor it on a neighbouring character
        if i > 0:
            i -= 1
        else:
            j -= 1
    return i, len(before) - j, after[i : len(after) - j]


def _anchored(before: str, after: str, i1: int, i2: int, j1: int, j2: int) -> tuple[int, int, str]:
    """A diff operation as an edit; a pure insertion takes its left (or right) neighbour."""
    if i1 == i2:
        if i1 > 0:
            i1, j1 = i1 - 1, j1 - 1
        else:
            i2, j2 = i2 + 1, j2 + 1
    return i1, i2, after[j1:j2]


_ASCII_RUN = re.compile(r"([\x00-\x7f]+)")


def _edits(before: str, after: str) -> Iterator[tuple[int, int, str]]:
    """Minimal (start, end, replacement) edits turning `before` into `after`.

    A codec repair leaves ASCII alone, so the runs between ASCII characters pair
    up one to one and each changed run is one edit; when a repair consumed an
    ASCII character (a space that stood for a no-break space) the whole
    changed middle is one edit.
    """
    parts_b = _ASCII_RUN.split(before)
    parts_a = _ASCII_RUN.split(after)
    if len(parts_b) != len(parts_a) or parts_b[1::2] != parts_a[1::2]:
        i, j, _ = _trim(before, after)
        k = len(after) - (len(before) - j)
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, before[i:j], after[i:k], autojunk=False).get_opcodes():
            if tag != "equal":
                yield _anchored(before, after, i + i1, i + i2, i + j1, i + j2)
        return
    pos = 0
    for k, (b, a) in enumerate(zip(parts_b, parts_a, strict=True)):
        if k % 2 == 0 and b != a:
            i, j, repl = _trim(b, a)
            yield pos + i, pos + j, repl
        pos += len(b)


def _ftfy_edits(text: str, start: int, end: int) -> list[tuple[int, int, str, bool]]:
    """ftfy's repairs of text[start:end] as (start, end, replacement, safe) edits.

    Quotes that lost their last byte are masked first: ftfy would otherwise
    read "â€ " with the space as a no-break space and make "†" of it.
    """
    span = text[start:end]
    masked = _LOST_BYTE.sub("\x00\x00", span)
    fixed = _repair(masked)
    if fixed == masked:
        return []
    return [(start + i, start + j, repl, True) for i, j, repl in _edits(masked, fixed) if "\x00" not in masked[i:j]]


# Blocks a two-byte UTF-8 sequence decodes to that are written in words:
# Latin-1 letters, Latin Extended-A/B, Greek, Cyrillic, Armenian, Hebrew, Arabic.
_WORD_BLOCKS = ((0xC0, 0x24F), (0x370, 0x52F), (0x531, 0x58F), (0x5D0, 0x5EA), (0x620, 0x6FF))


def _short_sequence(text: str, pos: int) -> tuple[int, int, str, bool] | None:
    """One UTF-8 sequence ftfy leaves alone as too short to judge ("siÄ™", "ä½ ").

    A three- or four-character sequence that decodes to a printable character
    never occurs in clean text. A two-character one ("Ä™") can ("groß“",
    "CAFÉ»"), so it counts only when it decodes to a letter of a script written
    in words and touches a lowercase letter ("siÄ™" -> "się", "ÅŸey" -> "şey")
    or another such sequence of the same script ("×–×”" -> "זה").
    """
    lead = text[pos]
    try:
        b = lead.encode("sloppy-windows-1252")[0]
    except UnicodeEncodeError:
        return None
    n = 2 if 0xC2 <= b <= 0xDF else 3 if 0xE0 <= b <= 0xEF else 4 if 0xF0 <= b <= 0xF4 else 0
    seq = text[pos : pos + n]
    if n == 0 or len(seq) < n:
        return None
    try:
        char = seq.encode("sloppy-windows-1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return None
    if unicodedata.category(char) in ("Cc", "Cf", "Cn", "Co", "Cs", "Zl", "Zp"):
        return None
    if n == 2:
        if _word_letter(char) is None:
            return None
        before = text[pos - 1] if pos else ""
        after = text[pos + 2] if pos + 2 < len(text) else ""
        block = _word_letter(char)
        twin = block in (_word_letter(_decode2(text[pos + 2 : pos + 4])), _word_letter(_decode2(text[pos - 2 : pos])))
        if not (before.islower() or after.islower() or twin):
            return None
    return pos, pos + n, char, False


def _decode2(seq: str) -> str:
    """`seq` read back as a two-byte UTF-8 sequence, or ""."""
    if len(seq) != 2:
        return ""
    try:
        return seq.encode("sloppy-windows-1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return ""


def _word_letter(char: str) -> int | None:
    """Index of the word-script block of a letter (None for anything else)."""
    if len(char) != 1 or not char.isalpha():
        return None
    cp = ord(char)
    return next((i for i, (lo, hi) in enumerate(_WORD_BLOCKS) if lo <= cp <= hi), None)


def _c1_meaning(ch: str) -> str:
    """What a C1 control meant when it came from Windows-1252 bytes read as Latin-1."""
    try:
        out = ch.encode("latin-1").decode("cp1252")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return ""
    return "" if out == ch else out


@register("encoding")
class EncodingCheck(Check):
    """Bytes decoded with the wrong codec, lost characters and invisible debris."""

    order = 20

    def run(self, doc: Document, ctx) -> Iterable[Finding]:
        text = doc.text
        hits: dict[str, list[re.Match[str]]] = {}
        for m in _scan(text):
            hits.setdefault(m.lastgroup or "", []).append(m)
        if not hits:
            return []
        out: list[Finding] = []
        if "moji" in hits and self.enabled("encoding.mojibake"):
            out.extend(self._mojibake(doc, hits["moji"]))
        covered = [(f.start, f.end) for f in out]

        def free(start: int, end: int) -> bool:
            return not any(s < end and start < e for s, e in covered)

        if self.enabled("encoding.replacement-char"):
            out.extend(
                self.finding(doc, "encoding.replacement-char", m.start(), m.end(), suggestions=[])
                for m in hits.get("fffd", [])
                if free(m.start(), m.end())
            )
        if self.enabled("encoding.control-char"):
            for m in hits.get("ctrl", []):
                if free(m.start(), m.end()):
                    fix = "".join(_c1_meaning(c) for c in m.group())
                    out.append(self.finding(doc, "encoding.control-char", m.start(), m.end(), suggestions=[fix]))
        if self.enabled("encoding.zero-width"):
            out.extend(self._invisible(doc, hits.get("inv", [])))
        if self.enabled("encoding.not-nfc"):
            out.extend(self._nfc(doc, hits.get("nfc", []), free))
        return out

    def _mojibake(self, doc: Document, hits: list[re.Match[str]]) -> Iterator[Finding]:
        """Repair windows around the candidates with ftfy; flag exactly what changed.

        A window of whole words around the candidates gives ftfy context; a
        candidate the window repair left alone gets a second chance as a word on
        its own (a clean accented word next to it can stop the window decoding).
        """
        text = doc.text
        windows: list[list[int]] = []
        for m in hits:
            line_start, line_end = doc.line_bounds(m.start())
            start = max(line_start, m.start() - _WINDOW)
            end = min(line_end, m.end() + _WINDOW)
            while start > line_start and not text[start - 1].isspace():
                start -= 1
            while end < line_end and not text[end].isspace():
                end += 1
            if windows and start <= windows[-1][1]:
                windows[-1][1] = max(windows[-1][1], end)
            else:
                windows.append([start, end])
        edits: list[tuple[int, int, str, bool]] = []
        for start, end in windows:
            edits.extend(_ftfy_edits(text, start, end))
        done = 0
        for m in hits:
            if m.start() < done or any(s < m.end() and m.start() < e for s, e, _, _ in edits):
                continue
            start, end = m.start(), m.end()
            while start > 0 and not text[start - 1].isspace() and m.start() - start < _WINDOW:
                start -= 1
            while end < len(text) and not text[end].isspace() and end - m.end() < _WINDOW:
                end += 1
            done = end
            edits.extend(_ftfy_edits(text, start, end))
        for m in hits:
            if any(s < m.end() and m.start() < e for s, e, _, _ in edits):
                continue
            # damage ftfy cannot undo because a byte is gone: propose, do not apply
            if _LOST_BYTE.match(text, m.start()):
                edits.append((m.start(), m.start() + 2, "”", False))
            elif _LOST_NBSP.match(text, m.start()):
                edits.append((m.start(), m.start() + 1, "", False))
            else:
                edit = _short_sequence(text, m.start())
                if edit is not None and not any(s < edit[1] and edit[0] < e for s, e, _, _ in edits):
                    edits.append(edit)
        for start, end, repl, safe in edits:
            yield self.finding(
                doc, "encoding.mojibake", start, end, suggestions=[repl], safe=safe, confidence=None if safe else 0.8
            )

    def _invisible(self, doc: Document, hits: list[re.Match[str]]) -> Iterator[Finding]:
        text = doc.text
        for m in hits:
            start, end = m.start(), m.end()
            before = text[start - 1] if start else ""
            after = text[end] if end < len(text) else ""
            chars = set(m.group())
            if "\ufeff" in chars:
                stray = True  # a byte-order mark is never content
            elif chars <= {"\u200c", "\u200d", "\u00ad"}:
                stray = _spaced(before) and _spaced(after)
            else:
                edge_ok = (not before or before.isspace() or _spaced(before)) and (
                    not after or after.isspace() or _spaced(after)
                )
                stray = edge_ok and (_spaced(before) or _spaced(after))
            if stray:
                yield self.finding(doc, "encoding.zero-width", start, end, suggestions=[""])

    def _nfc(self, doc: Document, hits: list[re.Match[str]], free) -> Iterator[Finding]:
        text = doc.text
        for m in hits:
            start = m.start() - 1
            if start < 0 or not free(start, m.end()):
                continue
            span = text[start : m.end()]
            composed = unicodedata.normalize("NFC", span)
            if composed != span:
                yield self.finding(doc, "encoding.not-nfc", start, m.end(), suggestions=[composed])

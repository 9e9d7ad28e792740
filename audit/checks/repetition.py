"""Repetition: doubled words and phrases, sentences and lines printed twice, headlines restated.

Doubled words and phrases come from one regex pass with a backreference (a
run of one to four words followed by itself, case-insensitively); Python only
judges the hits: legitimate doubles ("had had", "bye bye", listed as data in
rules/repetition.yml), reduplicated names ("Walla Walla", both copies Title
Case), numbers and table text pass. Sentences and whole lines printed twice
are found by regexes that run only when a cheap C-level gate (split and
compare neighbours) says a repeat exists. The document head (its first few
non-blank lines) is compared line by line: an exact copy, a paragraph that
opens with an earlier line, or the headline restated in other words (token
overlap, rapidfuzz) is flagged.
"""

from __future__ import annotations

import operator
import re
import sys
from collections.abc import Iterator
from itertools import compress, count, repeat
from operator import itemgetter
from pathlib import Path

from rapidfuzz import fuzz

from ..document import Document, line_spans
from ..finding import Finding
from ..packs import load_pack
from . import Check, register

# Combining marks that `\w` leaves out (Indic vowel signs, accents): a word
# followed by one is not a whole word.
_MARK_BLOCKS = ((0x300, 0x36F), (0x483, 0x489), (0x591, 0x5C7), (0x610, 0x65F), (0x900, 0xDFF), (0xE31, 0xE4E))
_MARKS = "".join(re.escape(chr(c)) for lo, hi in _MARK_BLOCKS for c in range(lo, hi + 1) if not re.match(r"\w", chr(c)))
# Speed: the doubles regex is the costliest pass of this check, so it is kept
# lean. Every attempt opens with the character before the first copy: a literal
# space in the main pass (the engine then skips all other positions in C, and
# never starts inside a word: "non-denial denial"), rarer openers (line start,
# quote, bracket) in a second pass that is nearly free. Words are `\w` runs,
# possessive where Python supports it (3.11+) so a failed attempt never re-scans
# a word; copies are separated by spaces only (a line break ends the search).
_PLUS = "++" if sys.version_info >= (3, 11) else "+"
_BODY = rf"(\w{_PLUS}(?: \w{_PLUS}){{0,3}})( +)\1(?![\w'’{_MARKS}-])"
_DOUBLE_PASSES = (
    re.compile(" " + _BODY, re.IGNORECASE),
    re.compile(r"[\n\t(\"“‘\[]" + _BODY, re.IGNORECASE),
    re.compile(r"\A" + _BODY, re.IGNORECASE),
)
# A sentence printed twice in a row inside a paragraph, or at the end of one line
# and the start of the next. Attempts start only at a sentence end (or a line
# start, in a second pass), so the pass is cheap.
_SENTENCE = r"([A-Z“\"‘][^\n]{10,400}?[.!?][”\"’)]?)( +|[ \t]*\r?\n[ \t]*)\1(?=\s|\Z)"
_SENTENCE_PASSES = (
    re.compile(r"[.!?][”\"’)]? +" + _SENTENCE),
    re.compile(r"(?:\A|\n)[ \t]*" + _SENTENCE),
)
# A whole line, then (after blank lines only) the same line again.
_LINE_TWICE = re.compile(r"^([ \t]*(\S[^\n]*?))[ \t]*\r?\n(?:[ \t]*\r?\n)*[ \t]*(\2)[ \t]*(\r?\n|\Z)", re.MULTILINE)
_CHUNK_EDGE = " \t\r\n."
# A phrase of three to eight words, a comma, the same phrase (the gate finds the lines).
_COMMA_HEAD, _COMMA_TAIL = 12, 100
_COMMA_PHRASE = re.compile(rf"(?<![\w'’-])(\w[\w'’-]*(?: [\w'’-]+){{2,7}})(, \1)(?![\w'’{_MARKS}-])", re.IGNORECASE)
_PARAGRAPH_END = frozenset('.!?…"”’)')
_CONJUNCTIONS = frozenset({"and", "or", "nor", "und", "oder", "et", "ou", "y", "e", "o"})
_WORDS = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_TABLE = re.compile(r"\t|\|| {3,}\S")


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _first_word(text: str, limit: int) -> str | None:
    """The first word of `_fold(text[:limit])`, folding no more of the text than it takes."""
    head = text[: min(limit, 64)].casefold()
    m = _WORDS.search(head)
    if limit > 64 and (m is None or m.end() > len(head) - 2):
        m = _WORDS.search(_fold(text[:limit]))  # the word may go on past the short prefix
    return m.group() if m else None


class _Earlier:
    """A headline-sized line of the document head; folded and split only when a later line may match it."""

    __slots__ = ("_folded", "_words", "first", "line")

    def __init__(self, line: str) -> None:
        self.line = line
        self.first = _first_word(line, len(line))
        self._folded: str | None = None
        self._words: list[str] | None = None

    @property
    def folded(self) -> str:
        if self._folded is None:
            self._folded = _fold(self.line)
        return self._folded

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = _WORDS.findall(self.folded)
        return self._words


def _line_break(text: str, pos: int) -> str:
    """The line terminator at `pos` ("\r\n", "\n" or "")."""
    if text.startswith("\r\n", pos):
        return "\r\n"
    return "\n" if text.startswith("\n", pos) else ""


# A word doubled across the line break of hard-wrapped prose ("... the\nthe ...").
_WRAPPED = re.compile(rf"(\w+)([ \t]*\r?\n[ \t]*)\1(?![\w'’{_MARKS}-])", re.IGNORECASE)


def _wrapped_doubles(doc: Document, lines: list[str]) -> list[re.Match]:
    """Doubles across a line break, in wrapped prose only (both lines long).

    A gate in C compares each line's last word with the next line's first
    (map/partition, no Python per line); the regex runs only where they match.
    """
    text = doc.text
    if len(lines) < 2:
        return []
    lasts = map(str.lower, map(itemgetter(2), map(str.rpartition, map(str.rstrip, lines), repeat(" "))))
    firsts = map(str.lower, map(itemgetter(0), map(str.partition, map(str.lstrip, lines[1:]), repeat(" "))))
    out = []
    for i in compress(count(), map(operator.eq, lasts, firsts)):
        if len(lines[i]) < 50 or len(lines[i + 1]) < 20 or not lines[i].strip():
            continue
        start = doc.line_starts[i]
        last = lines[i].rstrip().rpartition(" ")[2]
        m = _WRAPPED.match(text, start + len(lines[i].rstrip()) - len(last))
        if m is not None:
            out.append(m)
    return out


_FIRST_CHAR = re.compile(r"[ \t]*(\S)")


def _opens_lower(text: str, pos: int) -> bool:
    """Does the line starting at `pos` open with a lowercase letter (a wrapped continuation)?"""
    m = _FIRST_CHAR.match(text, pos)
    return m is not None and m.group(1).islower()


def _blank_end(text: str, pos: int) -> int:
    """`pos` moved past spaces and tabs."""
    while pos < len(text) and text[pos] in " \t":
        pos += 1
    return pos


def _inside_quote(doc: Document, offset: int) -> bool:
    """Is `offset` inside a quotation opened earlier on its line (paragraph)?"""
    before = doc.text[doc.line_bounds(offset)[0] : offset]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _after_capital(text: str, start: int) -> bool:
    """Is the word before `start` capitalised (the double is inside a longer name: "Dar Daju Daju")?"""
    before = text[max(0, start - 30) : start].rstrip(" ").rpartition(" ")[2]
    return before[:1].isupper()


def _seen_alone(text: str, before: int, word: str) -> bool:
    """Does `word` occur earlier in `text` on its own, not reduplicated ("Sirhan Sirhan" every time)?"""
    rx = re.compile(rf"(?<![\w'’-]){re.escape(word)}(?![\w'’-])")
    for m in rx.finditer(text, 0, before):
        doubled_before = text[max(0, m.start() - len(word) - 1) : m.start()] == word + " "
        if not doubled_before and not text.startswith(" " + word, m.end()):
            return True
    return False


def _same_case(found: str, replacement: str) -> str:
    """`replacement` in the case pattern of `found` (PHOTO -> FILE PHOTO, Photo -> File Photo)."""
    if found.isupper():
        return replacement.upper()
    if found[:1].isupper():
        return " ".join(w[:1].upper() + w[1:].lower() for w in replacement.split(" "))
    return replacement.lower()


def _title(word: str) -> bool:
    return word[:1].isupper() and not word.isupper()


def _pack_options(check: Check) -> dict[str, dict]:
    """Options of every rule of this check in its packs, selected or not.

    The word lists are shared data: selecting only `repetition.phrase` must not
    lose the legitimate doubles listed under `repetition.word`.
    """
    out: dict[str, dict] = {}
    for pack in sorted({rule.pack for rule in check.rules.values()}):
        for rule in load_pack(Path(pack)):
            if rule.check == check.name:
                out[rule.code] = rule.options
    return out


@register("repetition")
class RepetitionCheck(Check):
    """Finds words, phrases and lines that a scraper, editor or translator doubled."""

    def __init__(self, rules, resources) -> None:
        super().__init__(rules, resources)
        options = _pack_options(self)

        def opt(code: str, key: str, default):
            return options.get(code, {}).get(key, default)

        self.legit = {_fold(x) for x in opt("repetition.word", "legitimate", [])}
        self.legit |= {_fold(x) for x in opt("repetition.phrase", "legitimate", [])}
        self.known = {_fold(k): v for k, v in (opt("repetition.word", "known_doubles", {}) or {}).items()}
        self.function = {_fold(x) for x in opt("repetition.word", "function_words", [])}
        self.particles = {_fold(x) for x in opt("repetition.word", "particles", [])}
        self._tables: dict = {}
        contexts = opt("repetition.word", "legitimate_contexts", [])
        self.contexts = re.compile("|".join(f"(?:{c})" for c in contexts), re.IGNORECASE) if contexts else None
        self.phrasal = {_fold(x) for x in opt("repetition.word", "phrasal_verbs", [])}
        self.min_line_words = int(opt("repetition.line", "min_words", 3))
        self.min_line_chars = int(opt("repetition.line", "min_chars", 15))
        self.min_paragraph_words = int(opt("repetition.paragraph", "min_words", 12))
        self.head_lines = int(opt("repetition.headline", "head_lines", 6))
        self.min_ratio = float(opt("repetition.headline", "min_ratio", 80))
        self.min_overlap = float(opt("repetition.headline", "min_overlap", 0.6))
        self.max_block_lines = int(opt("repetition.headline", "max_block_lines", 3))

    def run(self, doc: Document, ctx) -> Iterator[Finding]:
        lines = doc.text.split("\n")
        if self.enabled("repetition.word") or self.enabled("repetition.phrase"):
            yield from self._doubles(doc, lines)
        if self.enabled("repetition.sentence"):
            yield from self._sentences(doc)
        if self.enabled("repetition.phrase"):
            yield from self._comma_phrases(doc)
        if self.enabled("repetition.sentence"):
            yield from self._sentence_restated(doc, lines)
        lines_done: set[int] = set()
        if self.enabled("repetition.line"):
            for f in self._lines_twice(doc, lines):
                lines_done.add(f.start)
                yield f
        blocks = self._head_blocks(doc)
        if self.enabled("repetition.line") or self.enabled("repetition.headline"):
            for f in self._head(doc, lines_done, blocks):
                lines_done.add(f.start)
                yield f
        if self.enabled("repetition.headline"):
            yield from self._headline_below(doc, lines, lines_done, blocks)
        if self.enabled("repetition.paragraph"):
            yield from self._paragraphs_again(doc, lines, lines_done)

    # -- doubled words and phrases ---------------------------------------------

    def _doubles(self, doc: Document, lines: list[str]) -> Iterator[Finding]:
        text = doc.text
        hits = [m for rx in _DOUBLE_PASSES for m in rx.finditer(text)]
        hits.extend(_wrapped_doubles(doc, lines))
        hits.sort(key=lambda m: m.start(1))
        for m in hits:
            first = m.group(1)
            second = text[m.end(2) : m.end()]
            words = first.split()
            code = "repetition.word" if len(words) == 1 else "repetition.phrase"
            if not self.enabled(code) or not self._accidental(doc, m.start(1), m.end(), first, second):
                continue
            key = _fold(f"{first} {second}")
            known = self.known.get(key)
            suggestion = first if known is None else _same_case(first, known)
            # Dropping a doubled function word ("the the") changes nothing a reader must confirm.
            safe = (known is None and all(_fold(w) in self.function for w in words)) or None
            yield self.finding(doc, code, m.start(1), m.end(), suggestions=[suggestion], safe=safe)

    def _accidental(self, doc: Document, start: int, end: int, first: str, second: str) -> bool:
        """Judge a backreference hit: is this double an accident or a real expression?"""
        if any(ch.isdigit() for ch in first) or not any(ch.isalpha() for ch in first):
            return False  # numbers, scores, table cells, rules of underscores
        if first[0] >= "\u0530":
            return False  # scripts other than Latin, Greek, Cyrillic: no lists of legitimate doubles
        key = _fold(f"{first} {second}")
        if key in self.known:
            return True
        if key in self.legit:
            return False
        if self.contexts is not None:
            window = doc.text[max(0, start - 40) : end]
            if self.contexts.search(" ".join(window.split())):
                return False
        if self._table_line(doc, start):
            return False
        words_a = first.split()
        if len(words_a) == 2 and _fold(words_a[-1]) in _CONJUNCTIONS:
            return False  # "more and more and more", "again and again and" (not "Babar Azam and Babar Azam and")
        is_function = all(_fold(w) in self.function for w in words_a)
        if first.isupper() and second.isupper():
            return len(first) > 1 or first in ("A", "I")
        if len(words_a) == 1 and first.isupper() != second.isupper() and not _title(first):
            return False  # "set(DIFF diff)": an identifier and its value, not prose
        if len(words_a) == 1 and _title(first) and second.islower() and _code_line(doc, start):
            return False  # "MyView(Context context)": a type and a parameter in a code listing
        if len(first) == 1 and first.lower() not in ("a", "i"):
            return False  # initials, variables, list letters
        if len(words_a) == 1 and _title(first) and _title(second):
            # Both copies capitalised: a reduplicated name or title ("Walla Walla",
            # "Twinkle Twinkle") unless the word is a function word ("The The").
            # Names are reduplicated one word at a time: "Lok Sabha Lok Sabha" is an accident.
            # So is a name the document already used alone ("Jannik Sinner ... towards Sinner Sinner").
            return is_function or (not _after_capital(doc.text, start) and _seen_alone(doc.text, start, first))
        if len(words_a) == 1 and _fold(first) in self.particles:
            return self._particle_double(doc.text, start)
        return True

    def _table_line(self, doc: Document, offset: int) -> bool:
        """Is the line holding `offset` table or column text? Cached per line for runs of hits."""
        line_start, line_end = doc.line_bounds(offset)
        cache = self._tables
        if cache.get("doc") is not doc:
            cache.clear()
            cache["doc"] = doc
        if line_start not in cache:
            cache[line_start] = _TABLE.search(doc.text, line_start, line_end) is not None
        return cache[line_start]

    def _particle_double(self, text: str, start: int) -> bool:
        """'in in', 'on on': an accident unless a verb before makes the first a particle.

        "logged in in the morning", "turned on on Tuesday" are fine: skip after a
        listed phrasal verb or an inflected form (-ed, -ing, -s).
        """
        before = re.search(r"([^\W\d_]+)[^\w\n]*$", text[max(0, start - 40) : start])
        if before is None:
            return True
        word = _fold(before.group(1))
        if word in self.function:
            return True
        inflected = word.endswith(("ed", "ing")) or (word.endswith("s") and len(word) > 3)
        return not (word in self.phrasal or inflected)

    def _sentences(self, doc: Document) -> Iterator[Finding]:
        """A sentence repeated right after itself: flag the second copy with the space before it."""
        # Gate in C (replace, split, map): are two consecutive ". "-separated
        # chunks equal? Only then run the regex, whose lazy sentence group would
        # otherwise rescan every sentence of every document.
        # A line break ends a chunk too ("...4400001\n\nThe motion failed. The motion failed.").
        text = doc.text
        chunks = list(filter(None, map(str.strip, text.replace("\n", ". \n").split(". "), repeat(_CHUNK_EDGE))))
        if not any(map(operator.eq, chunks, chunks[1:])):
            return
        for rx in _SENTENCE_PASSES:
            for m in rx.finditer(doc.text):
                if len(_WORDS.findall(m.group(1))) < 4:
                    continue  # "No. No." and other short emphatic repeats
                if _inside_quote(doc, m.start(2)):
                    continue  # a speaker repeating himself: “I’m not making that point. I’m not making that point.”
                if "\n" in m.group(2):
                    after = _blank_end(doc.text, m.end())
                    if after == len(doc.text) or _line_break(doc.text, after):
                        continue  # the second copy is a whole line: `repetition.line` judges lines
                yield self.finding(doc, "repetition.sentence", m.start(2), m.end(), suggestions=[""])

    def _comma_phrases(self, doc: Document) -> Iterator[Finding]:
        """A phrase of three words or more said again after a comma ("the diploma of Imamoglu,
        the diploma of Imamoglu"): the second copy and its comma are deleted.

        Gate in C: split at ", " and ask whether a chunk's last hundred characters hold the
        next chunk's first twelve; only then does the backreference regex run, on that line.
        """
        text = doc.text
        if ", " not in text:
            return
        chunks = text.split(", ")
        heads = list(map(itemgetter(slice(0, _COMMA_HEAD)), chunks[1:]))
        tails = map(itemgetter(slice(-_COMMA_TAIL, None)), chunks)
        hits = [i for i in compress(count(), map(operator.contains, tails, heads)) if len(heads[i]) == _COMMA_HEAD]
        if not hits:
            return
        seen: set[int] = set()
        for i in hits:
            pos = sum(len(c) + 2 for c in chunks[: i + 1])  # the start of the second copy
            lo, hi = doc.line_bounds(pos)
            if lo in seen:
                continue
            seen.add(lo)
            for m in _COMMA_PHRASE.finditer(text, lo, hi):
                phrase = m.group(1)
                words = _WORDS.findall(phrase)
                if not any(len(w) >= 4 for w in words) or any(ch.isdigit() for ch in phrase):
                    continue
                if _CONJUNCTIONS.intersection(map(str.casefold, words)):
                    continue  # "fields and woods, fields and woods": a cadence, not a slip
                key = phrase.casefold()
                after = text[m.end() : m.end() + len(phrase) + 2].casefold()
                before = text[max(0, m.start() - len(phrase) - 2) : m.start()].casefold()
                if after == ", " + key or before == key + ", " or _inside_quote(doc, m.start()):
                    continue  # "X, X, X": rhetoric; a speaker repeating himself
                yield self.finding(doc, "repetition.phrase", m.end(1), m.end(), suggestions=[""])

    def _sentence_restated(self, doc: Document, all_lines: list[str]) -> Iterator[Finding]:
        """A line that is one sentence of the paragraph just above, printed again on its own.

        Gate in C: with spaces before commas closed up ("Chega , accused"), does a
        non-blank line hold the next non-blank line? Equal lines are `repetition.line`.
        """
        norm = list(map(str.strip, map(str.replace, all_lines, repeat(" ,"), repeat(","))))
        rows = list(compress(count(), norm))
        kept = [norm[i] for i in rows]
        hits = set(compress(count(), map(operator.contains, kept, kept[1:])))
        # or the paragraph above opens with it, going on after a comma where it stops ("… in the
        # Czech Republic." above "… in the Czech Republic, it was known on the 17th. It is …")
        stops = [line[:-1] if line[-1:] in _PARAGRAPH_END else "\x00" for line in kept]
        leads = set(compress(count(), map(str.startswith, kept, stops[1:]))) - hits
        for k in sorted(hits | leads):
            above, line = kept[k], kept[k + 1]
            if len(above) < len(line) + 20 or line[-1] not in _PARAGRAPH_END or not line[:1].isupper():
                continue  # not a sentence lifted from a longer paragraph
            words = len(_WORDS.findall(line))
            if words < 6 or _TABLE.search(line):
                continue
            if k in leads and (words < 10 or above[len(line) - 1] not in ",;:–—"):
                continue  # the paragraph's first words, then another clause: only a long lead counts
            i, j = rows[k + 1], rows[k]
            # From the end of the paragraph above: deleting the span leaves its line breaks.
            start = doc.line_starts[j] + len(all_lines[j].rstrip())
            end = doc.line_starts[i] + len(all_lines[i].rstrip())
            yield self.finding(
                doc,
                "repetition.sentence",
                start,
                end,
                suggestions=[""],
                message="Sentence of the paragraph above printed again on its own line",
            )

    # -- repeated lines --------------------------------------------------------

    def _substantial(self, line: str) -> bool:
        """At least `min_words` words and `min_chars` letters (only the opening is read)."""
        enough = 2 * self.min_line_chars
        if line.count(" ", 0, 200) >= 2 * self.min_line_words and (
            sum(map(str.isalpha, line[: min(2 * enough, 200)])) >= enough or sum(map(str.isalpha, line[:200])) >= enough
        ):
            return True  # plainly long enough, without tokenising (prose has the letters in its first words)
        words = _WORDS.findall(line, 0, 200)
        if len(words) >= 2 * self.min_line_words and len(line) >= 2 * self.min_line_chars:
            return True
        letters = sum(len(w) for w in words if not w.isdigit())
        return len(words) >= self.min_line_words and letters >= self.min_line_chars

    def _lines_twice(self, doc: Document, all_lines: list[str]) -> Iterator[Finding]:
        text = doc.text
        # Cheap gate in C (map/filter, no Python per line): any two consecutive
        # non-blank lines equal? Only then run the regex that finds exact spans.
        lines = list(filter(None, map(str.strip, all_lines)))
        if not any(map(operator.eq, lines, lines[1:])):
            return
        for m in _LINE_TWICE.finditer(text):
            line = m.group(2)
            if not self._substantial(line) or _TABLE.search(line):
                continue
            # Flag the second copy with its line break, so deleting it leaves one copy.
            yield self.finding(
                doc,
                "repetition.line",
                m.start(3),
                m.end(4),
                suggestions=[""],
                message="Line printed twice in a row",
            )

    def _paragraphs_again(self, doc: Document, all_lines: list[str], done: set[int]) -> Iterator[Finding]:
        """A paragraph printed again further down (a lead or pull quote pasted twice)."""
        stripped = list(map(str.strip, all_lines))
        nonblank = list(filter(None, stripped))
        if len(set(nonblank)) == len(nonblank):
            return  # gate in C: no line occurs twice
        seen: set[str] = set()
        starts = doc.line_starts
        for i, line in enumerate(stripped):
            if len(line) < 60 or line[-1] not in _PARAGRAPH_END or len(line.split()) < self.min_paragraph_words:
                continue  # not a prose paragraph: short, a list item, a wrapped line
            if line not in seen:
                seen.add(line)
                continue
            raw = all_lines[i]
            start = starts[i] + len(raw) - len(raw.lstrip())
            if start in done:
                continue  # printed twice in a row: already `repetition.line`
            end = starts[i] + len(raw) + (1 if starts[i] + len(raw) < len(doc.text) else 0)
            yield self.finding(doc, "repetition.paragraph", starts[i], end, suggestions=[""])

    # -- the document head -----------------------------------------------------

    def _head_blocks(self, doc: Document) -> list[tuple[int, int, list[tuple[int, int]]]]:
        """The head's non-blank lines grouped into blocks of adjacent lines (no blank between)."""
        blocks: list[tuple[int, int, list[tuple[int, int]]]] = []
        seen = 0
        prev_end = -2
        text = doc.text
        # Lines as `doc.lines()` gives them, found only as far as the head goes.
        for start, line_end in line_spans(text):
            end = line_end - 1 if line_end > start and text[line_end - 1] == "\r" else line_end
            if end == start or (text[start].isspace() and text[start:end].isspace()):
                continue
            seen += 1
            if seen > self.head_lines:
                break
            adjacent = blocks and text.count("\n", prev_end, start) == 1
            if adjacent:
                blocks[-1][2].append((start, end))
                blocks[-1] = (blocks[-1][0], end, blocks[-1][2])
            else:
                blocks.append((start, end, [(start, end)]))
            prev_end = end
        return blocks

    def _head(self, doc: Document, done: set[int], blocks) -> Iterator[Finding]:
        """Compare the document head's lines with the lines before them.

        Each head line that is an exact copy of an earlier headline-sized line,
        or opens with one, is `repetition.line`; then each block of adjacent
        lines that restates the one-line headline in other words is
        `repetition.headline`.
        """
        text = doc.text
        if len(blocks) < 2 and len(blocks[0][2] if blocks else ()) < 2:
            return
        earlier: list[_Earlier] = []
        longest = 0  # the longest line of `earlier`
        for _b_start, _b_end, lines in blocks:
            for index, (start, end) in enumerate(lines):
                if not earlier and end - start > 300:
                    continue  # a paragraph, and nothing headline-sized came before to compare with
                body = text[start:end]
                if _opens_lower(text, start) or (index + 1 < len(lines) and _opens_lower(text, lines[index + 1][0])):
                    continue  # a hard-wrapped line: its sentence goes on below or began above
                if earlier and start not in done:
                    finding = self._copy_of_earlier(doc, start, end, body, earlier, longest)
                    if finding is not None:
                        done.add(finding.start)
                        yield finding
                        continue
                if len(body) <= 300 and self._substantial(body):
                    # Headline-sized lines only; long paragraphs repeat via _lines_twice and _paragraphs_again.
                    earlier.append(_Earlier(body.strip()))
                    longest = max(longest, len(earlier[-1].line))
        first_start, first_end, first_lines = blocks[0]
        if len(first_lines) != 1 or first_end - first_start > 300:
            return
        headline = text[first_start:first_end].strip()
        if not self._substantial(headline) or len(headline.split()) > 25:
            return
        if not self.enabled("repetition.headline"):
            return
        title_key = _WORDS.findall(_fold(headline))
        for b_start, b_end, lines in blocks[1:]:
            if any(start in done for start, _ in lines) or len(lines) > self.max_block_lines:
                continue
            body = text[b_start:b_end]
            if len(body) > 400 or not self._similar_length(title_key, len(body.split())):
                continue  # counted before anything is folded: most blocks differ in length
            if self._restates(title_key, _fold(body)):
                yield self.finding(doc, "repetition.headline", b_start, b_end, suggestions=[""])
                return

    def _headline_below(self, doc: Document, all_lines: list[str], done: set[int], blocks) -> Iterator[Finding]:
        """The headline, or its opening words, on a line of its own below the article: a
        related-story or share box the scrape kept ("Argentina retain the Copa América" under
        "Argentina retain the Copa América: Lautaro decides the final …").

        Gate in C: which stripped lines does the headline start with? The line must stand
        alone (blank lines or the text's edge around it), come after the headline, hold four
        words or more, stop at a word break of the headline, and be the whole headline, half
        its words or its part before a colon or a dash.
        """
        text = doc.text
        # the first line of the head that stands alone and is headline-sized (a section label
        # such as "Music" may come before it)
        headline = next(
            (
                line
                for b_start, b_end, lines in blocks[:3]
                if len(lines) == 1 and len(line := text[b_start:b_end].strip()) <= 300 and self._substantial(line)
            ),
            None,
        )
        if headline is None or headline[-1:] in ".!?" or headline.isupper() or len(text) > 30_000:
            return  # no headline, a paragraph's sentence, a heading in capitals; a long text has sections
        stripped = list(map(str.strip, all_lines))
        hits = [i for i in compress(count(), map(headline.startswith, stripped)) if stripped[i]]
        if len(hits) < 2:
            return  # only the headline itself
        head_words = len(_WORDS.findall(headline))
        head_start = text.find(headline)
        for i in hits:
            line = stripped[i]
            start = doc.line_starts[i] + (len(all_lines[i]) - len(all_lines[i].lstrip()))
            if start <= head_start or start in done:
                continue  # the headline itself, or a copy the head checks already reported
            alone = (i == 0 or not stripped[i - 1]) and (i + 1 == len(stripped) or not stripped[i + 1])
            words = len(_WORDS.findall(line))
            rest = headline[len(line) :]
            if rest[:1].isalnum() or not alone or words < 4:
                continue
            # the whole headline, half its words, or its part before a colon or dash ("X: Y")
            if rest and 2 * words < head_words and rest.lstrip()[:1] not in (":", "|", "–", "—", "-"):
                continue
            message = "Headline printed again below the article"
            yield self.finding(doc, "repetition.headline", start, start + len(line), suggestions=[""], message=message)

    def _copy_of_earlier(
        self, doc: Document, start: int, end: int, body: str, earlier: list[_Earlier], longest: int
    ) -> Finding | None:
        """`repetition.line` when this head line repeats an earlier one or opens with it."""
        if not self.enabled("repetition.line"):
            return None
        text = doc.text
        # Fold only as much of the line as any comparison can use (`longest` is
        # the longest earlier line): long paragraphs are compared by their opening.
        # Both comparisons below need the same first word (a line of four words
        # or more, compared whole or as a prefix): one short regex search rules
        # out most lines before anything is folded or split.
        first = _first_word(body, 2 * longest + 40)
        candidates = [e for e in earlier if e.first == first]
        if not candidates:
            return None
        folded = _fold(body[: 2 * longest + 40])
        words = _WORDS.findall(folded) if len(body) <= 2 * longest + 40 else None
        for e in candidates:
            line_words = e.words
            # Same words in the same order: case, spacing and punctuation may differ.
            if words is not None and len(words) >= 4 and words == line_words:
                stop = end + len(_line_break(text, end))
                return self.finding(
                    doc, "repetition.line", start, stop, suggestions=[""], message="Line printed twice near the top"
                )
            if len(line_words) >= 4 and folded.startswith(e.folded):
                cut = self._title_prefix(body, e.line)
                if cut is not None:
                    message = "Line repeated as the first words of the next paragraph"
                    return self.finding(doc, "repetition.line", start, start + cut, suggestions=[""], message=message)
        return None

    @staticmethod
    def _title_prefix(body: str, title: str) -> int | None:
        """Length of the headline copy (and its separator) opening `body`, if a new sentence follows."""
        if body[: len(title)].casefold() != title.casefold():
            return None
        sep = re.match(r"[ \t]*[:.|–—-]?[ \t]*", body[len(title) :])
        cut = len(title) + sep.end()
        nxt = body[cut : cut + 1]
        if cut == len(title) and not title.endswith((".", "!", "?")) and sep.end() == 0:
            return None  # glued straight on: "Talks end without a dealers"
        if not nxt or not (nxt.isupper() or nxt.isdigit() or nxt in "\"“‘'"):
            return None  # the headline's words open an ordinary sentence
        return cut

    @staticmethod
    def _similar_length(title_words: list[str], tokens: int) -> bool:
        """A block of `tokens` blank-separated tokens is near the headline's length."""
        return 0.6 * len(title_words) <= tokens <= 1.6 * len(title_words) + 2

    def _restates(self, title_words: list[str], folded: str) -> bool:
        """The block says the headline again in other words: high token overlap, similar length."""
        if not self._similar_length(title_words, folded.count(" ") + 1):
            return False
        words = _WORDS.findall(folded)
        if len(words) < 4 or len(words) > 40:
            return False
        a, b = set(title_words), set(words)
        overlap = len(a & b) / len(a | b)
        length = min(len(words), len(title_words)) / max(len(words), len(title_words))
        if overlap < self.min_overlap or length < 0.75:
            return False
        return fuzz.token_sort_ratio(" ".join(title_words), " ".join(words)) >= self.min_ratio


def _code_line(doc: Document, offset: int) -> bool:
    """A line of program code: brackets, braces, semicolons and assignments, not prose."""
    lo, hi = doc.line_bounds(offset)
    line = doc.text[lo:hi]
    return sum(line.count(c) for c in "(){};=") >= 2 and doc.text[lo:offset].rstrip().endswith(("(", ","))

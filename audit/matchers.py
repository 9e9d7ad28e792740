"""Compile the data rules of all packs into one matcher per rule type.

Phrases of every pack become a single trie-shaped regular expression (one pass
over the text, whatever the number of phrases); regex rules become one
alternation of named groups; whole-line rules one MULTILINE alternation. No
Python loop over rules runs per line or per document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from re import _constants as sre_c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

from .document import Document
from .packs import Rule

_SPACE = r"\s+"
_APOSTROPHES = "'’"


def phrase_key(text: str) -> str:
    """The lookup form of a phrase: whitespace folded, apostrophes unified."""
    return " ".join(text.replace("’", "'").split())


def _char_regex(ch: str) -> str:
    if ch == " ":
        return _SPACE
    if ch in _APOSTROPHES:
        return "['’]"
    return re.escape(ch)


def trie_regex(phrases: list[str]) -> str:
    """A regex equivalent to the alternation of `phrases`, shaped as a trie.

    Longer phrases win over their prefixes because the end-of-phrase branch is
    made optional (greedy) rather than listed first.
    """
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(" " if ch == " " else ("'" if ch in _APOSTROPHES else ch), {})
        node[""] = True

    def build(node: dict) -> str:
        ends = "" in node
        branches = [_char_regex(ch) + build(child) for ch, child in sorted(node.items()) if ch != ""]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if ends:
            return "(?:" + body + ")?"
        return body

    return build(trie)


@dataclass(slots=True)
class Match:
    """A data-rule hit: rule, span and the replacement the rule proposes."""

    rule: Rule
    start: int
    end: int
    suggestion: str | None


# Whitespace of any kind becomes one space and the typographic apostrophe a plain
# one, code point for code point, so offsets into the folded text are offsets
# into the document. (Chained str.replace runs at memory speed; str.translate
# with a table is some 70 times slower.)
_FOLD = [(ch, " ") for ch in "\n\t\r\x0b\x0c\u00a0\u2009\u202f\u2007\u3000"] + [("’", "'")]


def fold_text(text: str, lower: bool) -> str:
    """`text` with whitespace and apostrophes folded (and lower-cased), same length."""
    folded = text
    for old, new in _FOLD:
        if old in folded:
            folded = folded.replace(old, new)
    if lower:
        low = folded.lower()
        if len(low) != len(folded):  # a few letters lower-case to two code points ("İ")
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in folded)
        folded = low
    return folded


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


class PhraseMatcher:
    """All `phrase` rules of all packs as one Aho-Corasick automaton (pyahocorasick).

    One C-level pass over the folded text finds every phrase whatever their
    number; Python runs only per hit, to check word boundaries where a phrase
    starts or ends with a word character and to keep the longest of
    overlapping hits. A phrase's space matches any one whitespace character
    (a line break in wrapped text included); either apostrophe matches.
    """

    def __init__(self, rules: list[Rule]) -> None:
        import ahocorasick

        self.automata: dict[bool, ahocorasick.Automaton] = {}
        for rule in rules:
            for phrase, replacement in rule.phrases.items():
                key = phrase_key(phrase)
                key = key.lower() if rule.ignore_case else key
                automaton = self.automata.get(rule.ignore_case)
                if automaton is None:
                    automaton = self.automata[rule.ignore_case] = ahocorasick.Automaton()
                if automaton.exists(key):
                    continue  # the first pack to define a phrase owns it
                lead, trail = _is_word(key[0]), _is_word(key[-1])
                automaton.add_word(key, (len(key), lead, trail, rule, replacement))
        for automaton in self.automata.values():
            automaton.make_automaton()

    def finditer(self, text: str) -> Iterator[Match]:
        if not self.automata:
            return iter(())
        hits: list[tuple[int, int, Rule, str | None]] = []
        size = len(text)
        for ignore_case, automaton in self.automata.items():
            for last, (length, lead, trail, rule, replacement) in automaton.iter(fold_text(text, ignore_case)):
                start, end = last - length + 1, last + 1
                if lead and start > 0 and _is_word(text[start - 1]):
                    continue
                if trail and end < size and _is_word(text[end]):
                    continue
                hits.append((start, end, rule, replacement))
        if not hits:
            return iter(())
        hits.sort(key=lambda h: (h[0], -h[1]))
        out: list[Match] = []
        reach = -1
        for start, end, rule, replacement in hits:  # leftmost, then longest, never overlapping
            if start < reach:
                continue
            reach = end
            suggestion = replacement if replacement is not None else rule.suggest
            if suggestion is not None and rule.ignore_case:  # a case-sensitive rule's replacement is exact
                suggestion = keep_case(text[start:end], suggestion)
            out.append(Match(rule, start, end, suggestion))
        return iter(out)


def keep_case(found: str, replacement: str) -> str:
    """Carry the capitalisation of the flagged text over to its replacement."""
    if not replacement or not found:
        return replacement
    if found.isupper() and len(found) > 1:
        return replacement.upper()
    if found[0].isupper() and replacement[0].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


def _pattern_with_case(rule: Rule, pattern: str) -> str:
    return f"(?i:{pattern})" if rule.ignore_case else f"(?:{pattern})"


class RegexMatcher:
    """All `regex` rules: one C-level scan per pattern, hits merged in text order.

    Measured on news prose, CPython's `re` runs a pattern with a literal prefix
    (`[ad_...`) at over 1 GB/s because it skips to that prefix, while the same
    patterns joined into one alternation run at about 50 MB/s (every branch is
    tried at every position). So each pattern scans alone; there is still no
    Python work per line or per token, only per hit.
    """

    def __init__(self, rules: list[Rule]) -> None:
        self.patterns: list[tuple[Rule, re.Pattern]] = [
            (rule, re.compile(_pattern_with_case(rule, pattern), re.MULTILINE))
            for rule in rules
            for pattern in rule.patterns
        ]

    def finditer(self, text: str) -> Iterator[Match]:
        hits: list[Match] = []
        for rule, own in self.patterns:
            for m in own.finditer(text):
                start, end = m.span(rule.group) if rule.group is not None else m.span()
                suggestion = m.expand(rule.suggest) if rule.suggest else rule.suggest
                hits.append(Match(rule, start, end, suggestion))
        if len(self.patterns) > 1:
            hits.sort(key=lambda h: (h.start, h.end))
        return iter(hits)


# --- first characters of a pattern (line rules try only the branches that can start a line)
_ASCII = [chr(i) for i in range(128)]


def _probe(item: str, icase: bool) -> frozenset[str]:
    """The ASCII characters one class item matches, asked of the regex engine (exact case folding)."""
    rx = re.compile(("(?i:" if icase else "(?:") + item + ")")
    return frozenset(c for c in _ASCII if rx.fullmatch(c))


def _first_class(op, av, icase: bool) -> tuple[frozenset[str], bool] | None:
    """(ASCII characters, may be whitespace) one character item can match; None: don't know."""
    if op is sre_c.LITERAL:
        return _probe(re.escape(chr(av)), icase), chr(av).isspace()
    if op is not sre_c.IN:
        return None  # ANY, NOT_LITERAL, categories outside a class ...: anything
    chars: set[str] = set()
    space = False
    for sop, sav in av:
        if sop is sre_c.LITERAL:
            chars |= _probe(re.escape(chr(sav)), icase)
            space = space or chr(sav).isspace()
        elif sop is sre_c.RANGE:
            lo, hi = sav
            if hi - lo > 5000:
                return None
            chars |= _probe(f"[{re.escape(chr(lo))}-{re.escape(chr(hi))}]", icase)
            space = space or any(chr(i).isspace() for i in range(lo, hi + 1))
        elif sop is sre_c.CATEGORY and sav in (sre_c.CATEGORY_WORD, sre_c.CATEGORY_DIGIT):
            chars |= _probe(r"\w" if sav is sre_c.CATEGORY_WORD else r"\d", icase)
        else:
            return None  # a negated class, \s, \W, \D ...
    return frozenset(chars), space


def _first(items: list, icase: bool) -> tuple[frozenset[str], bool, bool] | None:
    """A superset of the ASCII characters a match of `items` can start with, whether it can
    start with whitespace, and whether it can be empty; None when that is not known."""
    chars: set[str] = set()
    space = False
    for op, av in items:
        if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
            continue  # zero width: the next item gives the first character
        if op is sre_c.SUBPATTERN:
            _, add, remove, sub = av
            ic = (icase or bool(add & sre_c.SRE_FLAG_IGNORECASE)) and not remove & sre_c.SRE_FLAG_IGNORECASE
            r = _first(list(sub), ic)
        elif op is sre_c.ATOMIC_GROUP:
            r = _first(list(av), icase)
        elif op is sre_c.BRANCH:
            r = (frozenset(), False, False)
            for branch in av[1]:
                x = _first(list(branch), icase)
                if x is None:
                    return None
                r = (r[0] | x[0], r[1] or x[1], r[2] or x[2])
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
            x = _first(list(av[2]), icase)
            r = None if x is None else (x[0], x[1], x[2] or av[0] == 0)
        else:
            c = _first_class(op, av, icase)
            r = None if c is None else (c[0], c[1], False)
        if r is None:
            return None
        chars |= r[0]
        space = space or r[1]
        if not r[2]:
            return frozenset(chars), space, False
    return frozenset(chars), space, True


def _first_chars(pattern: str) -> frozenset[str] | None:
    """ASCII characters a non-empty match of `pattern` not starting with whitespace can
    start with; None if it may start with anything, with whitespace, or be empty."""
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None
    found = _first(list(parsed), bool(parsed.state.flags & sre_c.SRE_FLAG_IGNORECASE))
    if found is None or found[1] or found[2]:
        return None
    return found[0]


class LineMatcher:
    """All `line` rules: a pattern must match a whole line (surrounding blanks ignored).

    Lines are cut with `str.find` (C speed), and only lines of at most
    `MAX_LINE` characters are tried against the one alternation of all line
    patterns, anchored at the line (`fullmatch`), so long paragraphs cost nothing.
    """

    MAX_LINE = 400

    def __init__(self, rules: list[Rule]) -> None:
        self.by_group: dict[str, Rule] = {}
        parts = []
        for rule in rules:
            for pattern in rule.patterns:
                name = f"l{len(self.by_group)}"
                self.by_group[name] = rule
                parts.append(f"(?P<{name}>{_pattern_with_case(rule, pattern)})")
        self.regex = re.compile(r"[^\S\n]*(?:" + "|".join(parts) + r")[^\S\n]*\r?") if parts else None
        # The same alternation without a named group per branch, as a gate: it matches
        # exactly the same lines, but a branch that opens with a group mark never takes
        # the engine's fast first-character exit, so the gate runs 1.5 times faster
        # and the named regex runs only on the few lines that match.
        plain = [_pattern_with_case(rule, pattern) for rule in rules for pattern in rule.patterns]
        backrefs = re.compile(r"\\[1-9]|\(\?P=")  # group numbers would shift without the named groups
        self.gate = (
            re.compile(r"[^\S\n]*(?:" + "|".join(plain) + r")[^\S\n]*\r?")
            if parts and not any(backrefs.search(p) for p in plain)
            else self.regex
        )
        # A line whose first non-blank character is ASCII is tried only against the
        # branches that can start with it (or with a blank, or match empty): an
        # alternation of a few branches instead of all. Built lazily per character.
        self._plain = plain
        self._firsts = [_first_chars(p) for p in plain] if self.gate is not self.regex else []
        self._by_char: dict[str, re.Pattern | None] = {}

    def _gate_for(self, ch: str) -> re.Pattern | None:
        """The gate of the branches that can match a line starting with `ch` (None: none can)."""
        if ch not in self._by_char:
            kept = [p for p, first in zip(self._plain, self._firsts, strict=True) if first is None or ch in first]
            self._by_char[ch] = re.compile(r"[^\S\n]*(?:" + "|".join(kept) + r")[^\S\n]*\r?") if kept else None
        return self._by_char[ch]

    def finditer(self, doc: Document) -> Iterator[Match]:
        if self.regex is None:
            return
        text = doc.text
        starts = doc.line_starts
        last = len(starts) - 1
        fullmatch = self.regex.fullmatch
        gate = self.gate.fullmatch
        dispatch = bool(self._firsts)
        by_char = self._by_char
        longest = self.MAX_LINE
        edges = None
        for i, line_start in enumerate(starts):
            line_end = starts[i + 1] - 1 if i < last else len(text)
            if line_end == line_start or line_end - line_start > longest:
                continue
            if dispatch:
                ch = text[line_start]
                if ch.isspace():
                    body = text[line_start:line_end].lstrip()
                    ch = body[0] if body else ""
                if ch.isascii() and ch:
                    own = by_char.get(ch) or self._gate_for(ch)
                    if own is None or own.fullmatch(text, line_start, line_end) is None:
                        continue
                elif gate(text, line_start, line_end) is None:
                    continue
            elif gate(text, line_start, line_end) is None:
                continue
            m = fullmatch(text, line_start, line_end)
            if m is None:
                continue
            name = m.lastgroup
            rule = self.by_group[name]
            start, end = m.span(name)
            if rule.where != "any":
                if edges is None:
                    edges = _nonblank_line_ranks(doc)
                rank, total = edges(start)
                head = rank < rule.edge_lines
                tail = total - rank <= rule.edge_lines
                if not (
                    (rule.where == "head" and head)
                    or (rule.where == "tail" and tail)
                    or (rule.where == "edge" and (head or tail))
                ):
                    continue
            yield Match(rule, start, end, rule.suggest)


def _nonblank_line_ranks(doc: Document):
    """A function offset -> (index among non-blank lines, number of non-blank lines)."""
    starts = [start for start, end, line in doc.lines() if line.strip()]
    total = len(starts)
    from bisect import bisect_right

    def rank(offset: int) -> tuple[int, int]:
        return bisect_right(starts, offset) - 1, total

    return rank

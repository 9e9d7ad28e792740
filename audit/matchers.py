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

    def finditer(self, doc: Document) -> Iterator[Match]:
        if self.regex is None:
            return
        text = doc.text
        starts = doc.line_starts
        last = len(starts) - 1
        fullmatch = self.regex.fullmatch
        gate = self.gate.fullmatch
        longest = self.MAX_LINE
        edges = None
        for i, line_start in enumerate(starts):
            line_end = starts[i + 1] - 1 if i < last else len(text)
            if line_end == line_start or line_end - line_start > longest:
                continue
            if gate(text, line_start, line_end) is None:
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

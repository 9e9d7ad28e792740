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


def _trie_regex(phrases: list[str]) -> str:
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


class PhraseMatcher:
    """All `phrase` rules as one pass; word boundaries apply at word-character edges."""

    def __init__(self, rules: list[Rule]) -> None:
        self.lookup: dict[tuple[bool, str], tuple[Rule, str | None]] = {}
        groups: dict[tuple[bool, bool, bool], list[str]] = {}
        for rule in rules:
            for phrase, replacement in rule.phrases.items():
                phrase = " ".join(phrase.split())
                key = phrase_key(phrase)
                key = key.lower() if rule.ignore_case else key
                self.lookup.setdefault((rule.ignore_case, key), (rule, replacement))
                lead = phrase[0].isalnum() or phrase[0] == "_"
                trail = phrase[-1].isalnum() or phrase[-1] == "_"
                groups.setdefault((rule.ignore_case, lead, trail), []).append(phrase)
        parts = []
        self.group_case: dict[str, bool] = {}
        for i, ((ignore_case, lead, trail), phrases) in enumerate(sorted(groups.items())):
            body = _trie_regex(phrases)
            flags = "(?i:" if ignore_case else "(?:"
            name = f"p{i}"
            self.group_case[name] = ignore_case
            before = r"(?<!\w)" if lead else ""
            after = r"(?!\w)" if trail else ""
            parts.append(f"(?P<{name}>{before}{flags}{body}){after})")
        self.regex = re.compile("|".join(parts)) if parts else None

    def finditer(self, text: str) -> Iterator[Match]:
        if self.regex is None:
            return
        lookup = self.lookup
        for m in self.regex.finditer(text):
            name = m.lastgroup
            ignore_case = self.group_case[name]
            key = phrase_key(m.group())
            hit = lookup.get((ignore_case, key.lower() if ignore_case else key))
            if hit is None:
                continue
            rule, replacement = hit
            suggestion = replacement if replacement is not None else rule.suggest
            if suggestion is not None:
                suggestion = _keep_case(m.group(), suggestion)
            yield Match(rule, m.start(), m.end(), suggestion)


def _keep_case(found: str, replacement: str) -> str:
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

    def finditer(self, doc: Document) -> Iterator[Match]:
        if self.regex is None:
            return
        text = doc.text
        starts = doc.line_starts
        last = len(starts) - 1
        fullmatch = self.regex.fullmatch
        longest = self.MAX_LINE
        edges = None
        for i, line_start in enumerate(starts):
            line_end = starts[i + 1] - 1 if i < last else len(text)
            if line_end == line_start or line_end - line_start > longest:
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

"""Compile the data rules of all packs into one matcher per rule type.

Phrases of every pack become a single trie-shaped regular expression (one pass
over the text, whatever the number of phrases); regex rules become one
alternation of named groups; whole-line rules one MULTILINE alternation. No
Python loop over rules runs per line or per document.
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import regexcache
from .diskcache import stored_table
from .document import Document
from .packs import Rule
from .sre import sre_constants as sre_c
from .sre import sre_parse

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
_ATOMIC = getattr(sre_c, "ATOMIC_GROUP", None)  # 3.11+, as possessive repeats
_REPEATS = tuple(op for op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)) if op)


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
        elif op is _ATOMIC:
            r = _first(list(av), icase)
        elif op is sre_c.BRANCH:
            r = (frozenset(), False, False)
            for branch in av[1]:
                x = _first(list(branch), icase)
                if x is None:
                    return None
                r = (r[0] | x[0], r[1] or x[1], r[2] or x[2])
        elif op in _REPEATS:
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


# --- literal structure of a pattern: how its matches can begin, what they must hold
#
# A "lit" is a tuple of character sets, one per position: the texts it stands for
# are the product of the sets. Under IGNORECASE a position holds every character
# `re` takes for the letter: both ASCII cases and the few non-ASCII ones it also
# folds there (checked over all of Unicode: İ ı for i, ſ for s, K for k), and for
# other letters the partners `re`'s own case tables give (ü Ü, о О ᲂ); caseless
# marks (« © → ：) stand for themselves.

_FOLDS_TOO = {"i": "\u0130\u0131", "s": "\u017f", "k": "\u212a"}  # İ ı, ſ, K (Kelvin sign)
_ODD_FOLDS = "\u0130\u0131\u017f\u212a"  # the non-ASCII characters IGNORECASE takes for ASCII letters
_LANG_CAP = 64  # most lits one literal language keeps before it counts as unknown
_SET_CAP = 26  # most characters a class range may span to be spelled out
_HEAD = 3  # line rules look up a line by its first _HEAD characters
_HEAD_CAP = 4096  # most spellings of a pattern's heads before it counts as open
# rough frequency (%) of a character in prose, to prefer rare factors (speed only, never results);
# a space tells nothing: " of the " is as common as "ofthe" is rare
_FREQ = {" ": 100.0, "e": 10.0, "t": 7.5, "a": 6.5, "o": 6.2, "i": 5.8, "n": 5.7, "s": 5.3, "r": 5.0, "h": 4.5}
_FREQ.update({"l": 3.3, "d": 3.3, "c": 2.4, "u": 2.3, "m": 2.0, "f": 1.8, "w": 1.7, "g": 1.6, "y": 1.6, "p": 1.6})
_FREQ.update({"b": 1.2, "v": 0.8, "k": 0.6, ".": 1.0, ",": 1.0})
_EMPTY: frozenset = frozenset([()])
_DIGIT = "\\d"  # stands for any decimal digit (of any script) in a position

Lit = tuple  # tuple[frozenset[str], ...]


def _case_fixes() -> dict[int, tuple[int, ...]] | None:
    """`re`'s own table of letters IGNORECASE folds together beyond lower case (ı and i, ſ and s)."""
    try:
        from re._casefix import _EXTRA_CASES  # type: ignore[import-not-found]  # Python 3.11+

        return _EXTRA_CASES
    except ImportError:
        pass
    try:
        from sre_compile import _ignorecase_fixes  # type: ignore[attr-defined]  # Python 3.10

        return _ignorecase_fixes
    except ImportError:
        return None


_FOLD_TABLES: list = []  # [(upper-case partners by lower-case code point, fixes)], built on first need


def _fold_tables() -> tuple[dict[int, list[int]], dict[int, tuple[int, ...]]] | None:
    if not _FOLD_TABLES:
        import _sre

        fixes = _case_fixes()
        partners: dict[int, list[int]] = {}
        for code in range(0x10000):  # no character outside the BMP lower-cases into it
            low = _sre.unicode_tolower(code)
            if low != code:
                partners.setdefault(low, []).append(code)
        _FOLD_TABLES.append(None if fixes is None else (partners, fixes))
    return _FOLD_TABLES[0]


def _chars(code: int, icase: bool) -> frozenset[str] | None:
    """The characters a literal matches (None: not spelled out here).

    Under IGNORECASE `re` takes a character t for the literal when t's simple
    lower case, or a letter its table folds with it, is the literal's lower
    case: ASCII letters from a table checked over all of Unicode, others from
    `re`'s own tables.
    """
    ch = chr(code)
    if not icase:
        return frozenset(ch)
    if ch.isascii():
        return frozenset(ch + ch.swapcase() + _FOLDS_TOO.get(ch.lower(), "")) if ch.isalpha() else frozenset(ch)
    tables = _fold_tables() if code < 0x10000 else None
    if tables is None:
        return None
    import _sre

    partners, fixes = tables
    low = _sre.unicode_tolower(code)
    out: set[int] = set()
    for same in (low, *fixes.get(low, ())):
        out.add(same)
        out.update(partners.get(same, ()))
    return frozenset(map(chr, out))


def _class_chars(items: list, icase: bool) -> frozenset[str] | None:
    """The characters a small class matches (None: negated, a category or too many)."""
    out: set[str] = set()
    for op, av in items:
        if op is sre_c.LITERAL:
            codes = [av]
        elif op is sre_c.RANGE and av[1] - av[0] < _SET_CAP and av[1] < 128:
            codes = list(range(av[0], av[1] + 1))
        elif op is sre_c.CATEGORY and av is sre_c.CATEGORY_DIGIT:
            out.add(_DIGIT)
            continue
        else:
            return None
        for code in codes:
            chars = _chars(code, icase)
            if chars is None:
                return None
            out |= chars
    return frozenset(out) if len(out) <= 64 else None


def _product(a: frozenset | None, b: frozenset | None) -> frozenset | None:
    if a is None or b is None or len(a) * len(b) > _LANG_CAP:
        return None
    return frozenset(x + y for x in a for y in b)


def _icase(icase: bool, add: int, remove: int) -> bool:
    return (icase or bool(add & sre_c.SRE_FLAG_IGNORECASE)) and not remove & sre_c.SRE_FLAG_IGNORECASE


def _lang_seq(items: list, icase: bool) -> frozenset | None:
    run: frozenset | None = _EMPTY
    for item in items:
        run = _product(run, _lang(item, icase))
        if run is None:
            return None
    return run


def _union(walk, alternatives: list, icase: bool, cap: int) -> frozenset | None:
    """What any branch of an alternation can give, by `walk` over each branch (None: unknown or over `cap`)."""
    out: set = set()
    for alt in alternatives:
        part = walk(list(alt), icase)
        if part is None:
            return None
        out |= part
    return frozenset(out) if len(out) <= cap else None


_NOT_A_GROUP = object()


def _group(op, av, icase: bool, walk, cap: int):
    """A group, atomic group or alternation, by `walk` over its items; `_NOT_A_GROUP` for other opcodes."""
    if op is sre_c.SUBPATTERN:
        return walk(list(av[3]), _icase(icase, av[1], av[2]))
    if op is _ATOMIC:
        return walk(list(av), icase)
    if op is sre_c.BRANCH:
        return _union(walk, av[1], icase, cap)
    return _NOT_A_GROUP


def _lang(item: tuple, icase: bool) -> frozenset | None:
    """The lits one parsed item can match, when few (assertions match the empty lit)."""
    op, av = item
    if op is sre_c.LITERAL:
        chars = _chars(av, icase)
        return None if chars is None else frozenset([(chars,)])
    if op is sre_c.IN:
        chars = _class_chars(list(av), icase)
        return None if chars is None else frozenset([(chars,)])
    grouped = _group(op, av, icase, _lang_seq, _LANG_CAP)
    if grouped is not _NOT_A_GROUP:
        return grouped
    if op in _REPEATS and av[1] <= 1:
        lang = _lang_seq(list(av[2]), icase)
        return None if lang is None else (lang if av[0] == 1 else lang | _EMPTY)
    if op in (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT):
        return _EMPTY
    return None


def _holds(big: Lit, small: Lit) -> bool:
    """Does every text of `big` contain a text of `small`?"""
    n = len(small)
    return any(all(big[i + j] <= small[j] for j in range(n)) for i in range(len(big) - n + 1))


def _cost(lits: frozenset) -> float:
    """How often prose may hold one of `lits` (a rough guess, to pick rare needs)."""
    total = 0.0
    for lit in lits:
        p = 1.0
        for pos in lit:
            p *= min(1.0, sum(_FREQ.get(c, 0.4 if c.isdigit() else 0.2) for c in {c.lower() for c in pos}) / 100)
        total += p
    return total


def _needed(lits: frozenset) -> frozenset | None:
    """`lits` as a need: None if one may be empty, else with the redundant ones dropped.

    Lits that all hold one long piece (" is committed to x", " are committed to
    y") become that piece alone: one test instead of many.
    """
    if () in lits:
        return None
    shared = _shared_piece(lits)
    if shared is not None:
        return frozenset([shared])
    return frozenset(w for w in lits if not any(o != w and _holds(w, o) for o in lits))


def _shared_piece(lits: frozenset, shortest: int = 6) -> Lit | None:
    """The longest piece (of at least `shortest` positions) every lit of `lits` holds, if any."""
    if len(lits) < 2:
        return None
    first = min(lits, key=len)
    for size in range(len(first), shortest - 1, -1):
        for i in range(len(first) - size + 1):
            piece = first[i : i + size]
            if all(_holds(lit, piece) for lit in lits):
                return piece
    return None


def _pick(needs: list[frozenset]) -> frozenset:
    """The need to test: few strings (each is one test of a line), rare ones."""
    rare = [need for need in needs if _cost(need) < 1e-3]
    return min(rare, key=lambda need: (len(need), _cost(need))) if rare else min(needs, key=_cost)


def _needs(items: list, icase: bool) -> list[frozenset]:
    """Sets of lits, one of each of which every match of `items` holds."""
    out: list[frozenset] = []
    run: frozenset = _EMPTY

    def emit(lits: frozenset) -> None:
        need = _needed(lits)
        if need:
            out.append(need)

    for item in items:
        lang = _lang(item, icase)
        if lang is not None:
            joined = _product(run, lang)
            if joined is None:
                emit(run)
                run = lang
            else:
                run = joined
            continue
        emit(run)
        run = _EMPTY
        op, av = item
        if op is sre_c.SUBPATTERN:
            out += _needs(list(av[3]), _icase(icase, av[1], av[2]))
        elif op is _ATOMIC:
            out += _needs(list(av), icase)
        elif op in _REPEATS and av[0] >= 1:
            out += _needs(list(av[2]), icase)
        elif op is sre_c.BRANCH:
            union: set = set()
            for alt in av[1]:
                alt_needs = _needs(list(alt), icase)
                if not alt_needs:
                    break
                union |= _pick(alt_needs)
            else:
                if union:
                    out.append(frozenset(union))
    emit(run)
    return out


def _lowered(lit: Lit) -> str | None:
    """`lit` as the one string a lower-cased text holds wherever it holds the lit.

    Valid in a text without İ ı ſ K; None when a position mixes letters whose
    lower cases differ (ı and i aside) or may depend on context (Σ).
    """
    out = []
    for pos in lit:
        lows = {c.lower() for c in pos if c not in _ODD_FOLDS}
        if len(lows) != 1:
            return None
        low = lows.pop()
        if len(low) != 1 or low in "σς":
            return None
        out.append(low)
    return "".join(out)


def _exact(lit: Lit) -> str | None:
    """`lit` as the one string a text holds wherever it holds the lit (None: it has cases)."""
    chars = [next(iter(pos)) for pos in lit if len(pos) == 1]
    return "".join(chars) if len(chars) == len(lit) and _DIGIT not in chars else None


def _line_needs(pattern: str, most: int = 3) -> list[tuple[bool, tuple[str, ...]]] | None:
    """Up to `most` of the rarest needs of `pattern`, each as (in the lower-cased line?, strings).

    A line that holds no string of one of them cannot match; None: nothing known.
    """
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None
    out = []
    needs = _needs(list(parsed), bool(parsed.state.flags & sre_c.SRE_FLAG_IGNORECASE))
    if needs:  # the one to test first, then the rarest
        needs.remove(first := _pick(needs))
        needs = [first, *sorted(needs, key=_cost)]
    for need in needs:
        exact = [_exact(lit) for lit in need]
        if all(exact):
            out.append((False, tuple(sorted(set(exact)))))  # type: ignore[arg-type]
            continue
        lowered = [_lowered(lit) for lit in need]
        if all(lowered):
            out.append((True, tuple(sorted(set(lowered)))))  # type: ignore[arg-type]
    out = out[:most]
    out.sort(key=lambda need: need[0])  # exact tests (one "/" or "|") before lower-casing the line
    return out or None


# heads: the first _HEAD characters (fewer if the match is shorter) a match can start with;
# a head ending in _ANY goes on with characters not spelled out ("ad" then "[^\S]*")
_ANY: frozenset = frozenset([(None,)])


def _done(head: Lit) -> bool:
    return len(head) >= _HEAD or (bool(head) and head[-1] is None)


def _join_heads(a: frozenset | None, b: frozenset | None) -> frozenset | None:
    if a is None or b is None:
        return None
    out = {x if _done(x) else (x + y)[:_HEAD] for x in a for y in (b if not _done(x) else [()])}
    return frozenset(out) if len(out) <= _HEAD_CAP else None


def _heads_seq(items: list, icase: bool) -> frozenset | None:
    run: frozenset | None = _EMPTY
    for item in items:
        if run is None or all(_done(x) for x in run):
            return run
        run = _join_heads(run, _heads(item, icase))
    return run


def _heads(item: tuple, icase: bool) -> frozenset | None:
    """How the matches of one parsed item begin, cut at _HEAD positions (None: too many)."""
    op, av = item
    grouped = _group(op, av, icase, _heads_seq, _HEAD_CAP)
    if grouped is not _NOT_A_GROUP:
        return grouped
    if op in _REPEATS:
        lo, hi, sub = av
        one = _heads_seq(list(sub), icase)
        if one is None or (hi > _HEAD and () in one):
            return _ANY
        out, power = set(), _EMPTY
        for count in range(min(hi, _HEAD) + 1):
            if count >= min(lo, _HEAD):
                out |= power
            power = _join_heads(power, one)
            if power is None:
                return _ANY
        return frozenset(out) if len(out) <= _HEAD_CAP else _ANY
    lang = _lang(item, icase)
    return _ANY if lang is None else lang


def _line_heads(pattern: str) -> tuple[set[str], set[str]] | None:
    """The keys of the lines `pattern` can match: whole keys (a line's first _HEAD
    characters after its blanks, blanks cut) and prefixes of them.

    None when any line may be matched: the start is not known, or a match may
    begin with a blank or be empty (it may then start before the line's first
    non-blank character).
    """
    try:
        parsed = sre_parse.parse(pattern)
    except re.error:
        return None
    heads = _heads_seq(list(parsed), bool(parsed.state.flags & sre_c.SRE_FLAG_IGNORECASE))
    if heads is None or () in heads:
        return None
    keys: set[str] = set()
    prefixes: set[str] = set()
    for head in heads:
        if head[0] is None or any(c.isspace() for c in head[0]):
            return None
        known = head[:-1] if head[-1] is None else head
        spellings = 1
        for pos in known:
            spellings *= len(pos)
        if len(keys) + len(prefixes) + spellings > _HEAD_CAP:
            return None
        spelled = ("".join(chars) for chars in itertools.product(*map(_digits_as_zero, known)))
        if head[-1] is None:
            prefixes.update(spelled)
        else:
            keys.update(s.rstrip() for s in spelled)
    return keys, prefixes


def _digits_as_zero(pos: frozenset[str]) -> set[str]:
    """A head position as looked up: every decimal digit is "0" (see `_line_lead`)."""
    return {"0" if c == _DIGIT or c.isdecimal() else c for c in pos}


_DECIMAL = re.compile(r"\d")


def _line_lead(line: str) -> str:
    """What a line is looked up by: its first _HEAD characters after its blanks, digits as "0".

    A match that starts with no blank starts at the line's first non-blank
    character; `\\d` and a literal digit both become "0" in the table.
    """
    lead = line.lstrip()[:_HEAD]
    return lead if lead.isalpha() else _DECIMAL.sub("0", lead)


def _line_analysis(pattern: str) -> tuple[tuple[set[str], set[str]] | None, frozenset[str] | None, list]:
    """How `LineMatcher` finds the lines `pattern` may match: (heads, first characters, needs).

    Heads when a match's start is known; otherwise the characters it may begin
    with and the strings its line must hold.
    """
    known = _line_heads(pattern)
    if known is not None:
        return known, None, []
    return None, _first_chars(pattern), _line_needs(pattern) or []


def _line_analyses(patterns: list[str]) -> dict[str, tuple]:
    """`_line_analysis` of each pattern, kept in the user cache between runs.

    Walking ~80 parse trees costs ~0.06 s of every start; the result depends
    only on the patterns and this code.
    """
    here = Path(__file__).resolve()
    return stored_table("line-analyses", patterns, _line_analysis, (here, here.parent / "sre.py"))


def automaton(values: dict[str, object]):
    """One Aho-Corasick automaton (pyahocorasick): each key string stored with its value; None when empty."""
    if not values:
        return None
    import ahocorasick

    built = ahocorasick.Automaton()
    for string, value in values.items():
        built.add_word(string, value)
    built.make_automaton()
    return built


def _first_need_automata(open_: list[tuple[int, frozenset[str] | None, list]]) -> dict | None:
    """Each open pattern's first need, as searchers of the text and its lowered copy: (last index, pattern indexes).

    None when some pattern has no need, or a need string holds a line break:
    its lines cannot be found by occurrences.
    """
    if not open_:
        return {}
    owners: dict[bool, dict[str, list[int]]] = {}
    for index, _first, needs in open_:
        if not needs or any("\n" in string for string in needs[0][1]):
            return None
        lowered, strings = needs[0]
        for string in strings:
            owners.setdefault(lowered, {}).setdefault(string, []).append(index)
    automata: dict[bool, object] = {}
    for lowered, table in owners.items():
        if len(table) <= _FIND_AT_MOST:
            automata[lowered] = _Finds(table)
            continue
        automata[lowered] = automaton({string: tuple(indexes) for string, indexes in table.items()})
    return automata


# Up to this many need strings are found with `str.find` (memchr speed for a
# "/" or "|"); more with one automaton pass instead of one scan per string.
_FIND_AT_MOST = 3


class _Finds:
    """A few need strings searched with `str.find`, iterated like an automaton: (last index, owners)."""

    def __init__(self, table: dict[str, list[int]]) -> None:
        self.table = [(string, tuple(indexes)) for string, indexes in table.items()]

    def iter(self, hay: str) -> Iterator[tuple[int, tuple[int, ...]]]:
        for string, indexes in self.table:
            pos = hay.find(string)
            while pos != -1:
                yield pos + len(string) - 1, indexes
                nl = hay.find("\n", pos)
                pos = -1 if nl == -1 else hay.find(string, nl + 1)


class LineMatcher:
    """All `line` rules: a pattern must match a whole line (surrounding blanks ignored).

    Only lines of at most `MAX_LINE` characters are tried, so long paragraphs
    cost nothing. Each pattern's heads, the first three characters its matches
    can start with in any case ("Sha", "cop", "©"), are keys of one table, so
    a line's first three characters (one dict look-up) name the few patterns
    that can match it; each runs alone, anchored at the line (`fullmatch`).
    The few patterns that can start anywhere ("... / Reuters", "Have you
    found a typo?") run only on lines that hold their rare needed strings
    ("/", "typo"). A hit is then matched by the one alternation of all
    patterns, which names the first rule that matches, as it always did.
    Prose lines cost a slice and a look-up.
    """

    MAX_LINE = 400
    _WRAP = r"[^\S\n]*(?:{})[^\S\n]*\r?"

    def __init__(self, rules: list[Rule]) -> None:
        self.by_group: dict[str, Rule] = {}
        parts = []
        for rule in rules:
            for pattern in rule.patterns:
                name = f"l{len(self.by_group)}"
                self.by_group[name] = rule
                parts.append(f"(?P<{name}>{_pattern_with_case(rule, pattern)})")
        self.regex = regexcache.compile(self._WRAP.format("|".join(parts))) if parts else None
        self._plain = [_pattern_with_case(rule, pattern) for rule in rules for pattern in rule.patterns]
        # group numbers would shift if a pattern with a back-reference ran alone
        backrefs = re.compile(r"\\[1-9]|\(\?P=")
        self._alone = not any(backrefs.search(p) for p in self._plain)
        self._gates: dict[int, re.Pattern] = {}
        heads: dict[str, list[int]] = {}
        prefixes: dict[str, list[int]] = {}
        # patterns that may start anywhere: (index, first characters, needs)
        self.open: list[tuple[int, frozenset[str] | None, list[tuple[bool, tuple[str, ...]]]]] = []
        analysed = _line_analyses(self._plain)
        for index, pattern in enumerate(self._plain):
            known, first, needs = analysed[pattern]
            if known is None:
                self.open.append((index, first, needs))
                continue
            for table, keys in zip((heads, prefixes), known, strict=True):
                for key in keys:
                    table.setdefault(key, []).append(index)
        # the line's first _HEAD characters, blanks cut, name the patterns of `heads`;
        # its first one or two those of `prefixes`
        self.heads = {key: tuple(indexes) for key, indexes in heads.items()}
        self.prefixes = {key: tuple(indexes) for key, indexes in prefixes.items()}
        self._prefix_lengths = sorted({len(key) for key in prefixes})
        self._first_needs = _first_need_automata(self.open)

    def _gate(self, index: int) -> re.Pattern:
        """Pattern `index` alone, anchored as in the alternation (compiled on first use)."""
        gate = self._gates.get(index)
        if gate is None:
            gate = re.compile(self._WRAP.format(self._plain[index])) if self._alone else self.regex
            self._gates[index] = gate
        return gate

    def _open_for(self, text: str) -> list[tuple[int, frozenset[str] | None, list]]:
        """The patterns that may start anywhere and may match in `text`: each exact need present."""
        out = []
        for entry in self.open:
            for lowered, strings in entry[2]:
                if not lowered and not any(map(text.__contains__, strings)):
                    break
            else:
                out.append(entry)
        return out

    def _open_lines(self, doc: Document, open_: list, odd: bool) -> dict[int, list[int]] | None:
        """Line start -> those of `open_` that may match the line (see `_open_here`).

        Only lines holding an occurrence of a pattern's first need are tested,
        found in one Aho-Corasick pass over the text (and one over its lowered
        copy) for all patterns: a need's strings hold no line break, so each
        occurrence lies on one line. None when a first need cannot be searched
        that way (none, or lowered in a text where lower() hides İ ı ſ K): then
        every line is tested.
        """
        if self._first_needs is None or (odd and any(entry[2][0][0] for entry in open_)):
            return None
        text = doc.text
        wanted = {entry[0] for entry in open_}
        starts: dict[int, set[int]] = {index: set() for index in wanted}
        for lowered, automaton in self._first_needs.items():
            for last, indexes in automaton.iter(doc.lowered if lowered else text):
                line = None
                for index in indexes:
                    if index in wanted:
                        if line is None:
                            line = text.rfind("\n", 0, last) + 1
                        starts[index].add(line)
        out: dict[int, list[int]] = {}
        for entry in open_:
            for start in starts[entry[0]]:
                nl = text.find("\n", start)
                if self._open_here(text[start : len(text) if nl == -1 else nl], [entry], odd):
                    out.setdefault(start, []).append(entry[0])
        return out

    @staticmethod
    def _open_here(line: str, open_: list, odd: bool) -> list[int]:
        """Those of `open_` that may match `line`: its first character fits, it holds their needs."""
        out = []
        ch = line.lstrip()[:1]
        dispatch = ch.isascii() and ch
        low = None
        for index, first, needs in open_:
            if dispatch and first is not None and ch not in first:
                continue
            for lowered, strings in needs:
                if lowered:
                    if odd:
                        continue  # lower() would hide İ ı ſ K
                    if low is None:
                        low = line.lower()
                    if not any(map(low.__contains__, strings)):
                        break
                elif not any(map(line.__contains__, strings)):
                    break
            else:
                out.append(index)
        return out

    def _hits(self, doc: Document) -> Iterator[tuple[int, int]]:
        """(start, end) of each line some pattern matches alone, in order."""
        text = doc.text
        heads = self.heads.get
        prefixes = self.prefixes.get
        lengths = self._prefix_lengths
        longest = self.MAX_LINE
        open_ = self._open_for(text) if self.open else []
        odd = bool(open_) and any(c in text for c in _ODD_FOLDS)
        by_line = self._open_lines(doc, open_, odd) if open_ else {}
        gate = self._gate
        start = 0
        for line in text.split("\n"):
            size = len(line)
            if size and size <= longest:
                lead = _line_lead(line)
                indexes = heads(lead.rstrip(), ())
                for length in lengths:
                    indexes += prefixes(lead[:length], ())
                if by_line is None:
                    indexes = (*indexes, *self._open_here(line, open_, odd))
                elif start in by_line:
                    indexes = (*indexes, *by_line[start])
                for index in indexes:
                    if gate(index).fullmatch(text, start, start + size) is not None:
                        yield start, start + size
                        break
            start += size + 1

    def finditer(self, doc: Document) -> Iterator[Match]:
        if self.regex is None:
            return
        text = doc.text
        edges = None
        for line_start, line_end in self._hits(doc):
            m = self.regex.fullmatch(text, line_start, line_end)
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

    def rank(offset: int) -> tuple[int, int]:
        return bisect_right(starts, offset) - 1, total

    return rank

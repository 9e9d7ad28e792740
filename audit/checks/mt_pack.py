"""The MT phrase packs (`rules/mt/*.yml`), matched through a word-anchor index.

The packs hold about a thousand phrases and a few dozen regexes. As one regex
alternation Python's `re` tries every branch at every position (about 1 MB/s
for this many phrases), so each entry gets an *anchor*: its rarest whole word
(for a regex, the whole words one of which its literal part must contain,
found from the parsed pattern). A document is lower-cased and split once; the
anchors present (a C-level set intersection) select the few entries worth
matching, and only those are compiled (cached) and run over the text. A
document without any anchor costs one split.

Entries are data: a rule of `type: check`, `check: mt-pack` carries
`options: {phrases: {phrase: replacement}}` (the same semantics as a `phrase`
rule: case-insensitive unless `ignore_case: false`, any run of whitespace
between words, either apostrophe) or `options: {patterns: [...]}` (as a
`regex` rule, with `group` and `suggest` back-references).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache
from itertools import pairwise, product, repeat
from pathlib import Path
from typing import Any

from ..diskcache import stored_table, wordfreq_stamp
from ..document import Document
from ..finding import Finding
from ..language import is_english
from ..matchers import automaton, keep_case, phrase_key, trie_regex
from ..resources import zipf
from ..sre import sre_constants as sre_c
from ..sre import sre_parse
from . import Check, register

# Punctuation stripped from the ends of whitespace tokens before they are looked up.
_EDGE_PUNCT = ".,;:!?\"“”‘’'()[]«»…*"
_MAX_EXPANSION = 4000
# A line that goes on in lower case: hard-wrapped text, where a phrase may span lines.
_WRAPPED = re.compile(r"\n[ \t]*[a-z]")


def _irregular_space(text: str) -> bool:
    """Whitespace other than single spaces between words (C-speed tests first)."""
    return "  " in text or "\t" in text or "\u00a0" in text or _WRAPPED.search(text) is not None


def _variants(word: str, first: bool = True, last: bool = True) -> set[str]:
    """Lower-case token forms of a word: both apostrophes (edges are stripped from tokens)."""
    word = word.strip(_EDGE_PUNCT)
    return {word, word.replace("'", "’"), word.replace("’", "'")} - {""}


def _phrase_anchor(phrase: str) -> set[str]:
    """The rarest word of a phrase, in every token form it can take."""
    words = phrase_key(phrase).lower().split()
    scored = []
    for i, word in enumerate(words):
        alpha = word.strip("'’").replace("'", "").replace("’", "").replace("-", "")
        edge = (i == 0) + (i == len(words) - 1)
        scored.append((zipf(word) + (0.3 * edge if alpha.isalpha() else 9), i, word))
    _, i, word = min(scored)
    return _variants(word, i == 0, i == len(words) - 1)


def _literal_set(items: list[Any]) -> set[str] | None:
    """All strings a fully literal parsed sequence can match, or None."""
    parts: list[set[str]] = []
    for op, av in items:
        if op is sre_c.LITERAL:
            parts.append({chr(av).lower()})
        elif op is sre_c.IN and all(o is sre_c.LITERAL for o, _ in av) and len(av) <= 4:
            parts.append({chr(c).lower() for _, c in av})
        elif op is sre_c.SUBPATTERN:
            inner = _literal_set(list(av[3]))
            if inner is None:
                return None
            parts.append(inner)
        elif op is sre_c.BRANCH:
            union: set[str] = set()
            for branch in av[1]:
                inner = _literal_set(list(branch))
                if inner is None:
                    return None
                union |= inner
            parts.append(union)
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT) and av[0] in (0, 1) and av[1] == 1:
            inner = _literal_set(list(av[2]))
            if inner is None:
                return None
            parts.append(inner | ({""} if av[0] == 0 else set()))
        else:
            return None
    out = {""}
    for part in parts:
        out = {a + b for a, b in product(out, part)}
        if len(out) > _MAX_EXPANSION:
            return None
    return out


def _segments(items: list[Any]) -> list[tuple[set[str], bool, bool]]:
    """Literal runs of a top-level sequence: (strings, bounded left, bounded right).

    A run whose expansion would grow past the cap is cut into shorter runs.
    """
    out, run, left = [], [], True
    for op, av in [*items, (None, None)]:
        literal = op is not None and _literal_set([(op, av)]) is not None
        if literal and (not run or _literal_set([*run, (op, av)]) is not None):
            run.append((op, av))
            continue
        if run:
            strings = _literal_set(run)
            bound_right = op is None or (op is sre_c.AT and av is sre_c.AT_BOUNDARY)
            if strings:
                out.append((strings, left, bound_right and not literal))
            run = [(op, av)] if literal else []
        left = op is sre_c.AT and av is sre_c.AT_BOUNDARY
    return out


def _rarity(strings: set[str]) -> float:
    """Expected frequency of a needle set: word frequency, divided by 100 per extra word."""
    total = 0.0
    for string in strings:
        words = string.split()
        if not words:
            return float("inf")
        total += 10 ** min(zipf(w) for w in words) / 100 ** (len(words) - 1)
    return total


def pattern_needles(pattern: str, shortest: int = 4) -> list[str] | None:
    """Lower-case strings one of which any match must contain literally, the rarest such set.

    Each literal run of the pattern is expanded to its strings; the run's
    strings themselves, or the words at one position all strings fill, form a
    necessary set (one of them must occur in the text). The set with the least
    expected frequency wins.
    """
    best: tuple[float, list[str]] | None = None
    for strings, _, _ in _segments(list(sre_parse.parse(pattern))):
        options = []
        if len(strings) <= 60 and min(len(x.strip()) for x in strings) >= shortest:
            options.append({x.strip() if len(x.split()) == 1 else x for x in strings})
        split = [x.split(" ") for x in strings]
        for k in range(min(len(words) for words in split)):
            slot = {words[k] for words in split}
            if min(len(w) for w in slot) >= shortest:
                options.append(slot)
        for option in options:
            score = _rarity(option) + (1e9 if len(option) > 12 else 0)  # few needles: each is a text scan
            if best is None or score < best[0]:
                best = (score, sorted(option))
    return best[1] if best else None


def needles_lead(pattern: str, needles: tuple[str, ...] | None) -> bool:
    """True when every match of `pattern` starts with one of `needles`.

    So when the pattern opens (after zero-width assertions only) with a literal
    run whose strings each begin with a needle. Such a pattern is tried only at
    the needle positions (`match`), not over windows of text.
    """
    if not needles:
        return False
    items = list(sre_parse.parse(pattern))
    zero_width = (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT)
    while items and items[0][0] in zero_width:
        items.pop(0)
    segments = _segments(items)
    if not items or not segments or _literal_set(items[:1]) is None:
        return False
    first = segments[0][0]
    return all(any(x.startswith(n) for n in needles) for x in first)


def pattern_anchors(pattern: str) -> set[str] | None:
    """Whole-word tokens one of which any match of `pattern` must contain, or None."""
    best: tuple[float, set[str]] | None = None
    for strings, bound_left, bound_right in _segments(list(sre_parse.parse(pattern))):
        anchors: set[str] = set()
        rarity = 0.0
        for s in strings:
            pieces = s.split(" ")
            choices = [(p, i == 0, i == len(pieces) - 1) for i, p in enumerate(pieces)]
            usable = [
                (zipf(p), p, first, last)
                for p, first, last in choices
                if p and (not first or bound_left) and (not last or bound_right)
            ]
            if not usable:
                anchors = set()
                break
            score, word, first, last = min(usable)
            rarity = max(rarity, score)
            anchors |= _variants(word, first, last)
        if anchors and (best is None or rarity < best[0]):
            best = (rarity, anchors)
    return best[1] if best else None


# A locator's strings may sit this far apart from the match start (in characters of
# spread between the shortest and longest prefix): each occurrence is one try per
# character of spread. A wider or unbounded prefix is walked back over instead.
_MAX_SPREAD = 24
_MAX_LOCATOR_STRINGS = 80
# A locator dearer than this ("the") costs the needle pass more hits than it saves.
_MAX_COST = 10**7
_WORD = re.compile(r"[\w'’-]+")
_ZERO_WIDTH = (sre_c.AT, sre_c.ASSERT, sre_c.ASSERT_NOT)
_REPEATS = tuple(op for op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, getattr(sre_c, "POSSESSIVE_REPEAT", None)) if op)


def _plain_char(ch: str) -> bool:
    """ASCII or caseless: text that `re` matches to it, ignoring case or not, lower-cases to it."""
    return ch.isascii() or ch.lower() == ch.upper()


def _plain(strings: set[str]) -> bool:
    """Usable as locator strings: few, not too short, every character plain (see `_plain_char`)."""
    return (
        0 < len(strings) <= _MAX_LOCATOR_STRINGS
        and min(map(len, strings)) >= 3
        and all(_plain_char(ch) for s in strings for ch in s)
    )


def _charset(items: list[Any], out: dict[str, Any]) -> bool:
    """Collect into `out` what characters `items` can consume; False when that is not a small known set.

    `out["chars"]` holds lower-case characters; the flags `digit`, `word` and
    `space` stand for `\\d`, `\\w` and `\\s` (tested on the text's own character).
    """
    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        if op is sre_c.LITERAL:
            if not _plain_char(chr(av)):
                return False
            out["chars"].add(chr(av).lower())
        elif op is sre_c.IN:
            for kind, value in av:
                if kind is sre_c.LITERAL and _plain_char(chr(value)):
                    out["chars"].add(chr(value).lower())
                elif kind is sre_c.RANGE and value[1] < 128:
                    out["chars"].update(chr(c).lower() for c in range(value[0], value[1] + 1))
                elif kind is sre_c.CATEGORY and value in _CATEGORIES:
                    out[_CATEGORIES[value]] = True
                else:
                    return False
        elif op is sre_c.SUBPATTERN:
            if not _charset(list(av[3]), out):
                return False
        elif op is sre_c.BRANCH:
            if not all(_charset(list(branch), out) for branch in av[1]):
                return False
        elif op in _REPEATS:
            if not _charset(list(av[2]), out):
                return False
        else:
            return False
    return True


_CATEGORIES = {sre_c.CATEGORY_DIGIT: "digit", sre_c.CATEGORY_WORD: "word", sre_c.CATEGORY_SPACE: "space"}


def _walk(items: list[Any]) -> tuple[frozenset[str], bool, bool, bool] | None:
    """What the prefix `items` consumes, as `_charset` finds it: (chars, digit, word, space), or None."""
    out: dict[str, Any] = {"chars": set(), "digit": False, "word": False, "space": False}
    if not _charset(items, out):
        return None
    return frozenset(out["chars"]), out["digit"], out["word"], out["space"]


def _word_edge(items: list[Any], k: int) -> bool:
    """Is the cut before item `k` between words (a run of whole words may start or stop there)?

    So when the text on one side of it is no letter or digit: the items before
    end, or those after start, with another character (or at the pattern's end).
    """
    return _side_clean(items, k - 1, -1) or _side_clean(items, k, 1)


def _side_clean(items: list[Any], k: int, step: int) -> bool:
    """Do the strings of item `k` (going on with `step` past an empty one) start/end with no letter or digit?"""
    if k < 0 or k >= len(items):
        return True
    strings = _literal_set([items[k]])
    if strings is None:
        return True
    edge = 0 if step > 0 else -1
    if any(s[edge].isalnum() for s in strings if s):
        return False
    return "" not in strings or _side_clean(items, k + step, step)


def _run_options(parsed) -> Iterator[tuple[tuple[float, int, int], tuple]]:
    """((cost, first item, -end item), locator) for each top-level literal run of whole words.

    The run's prefix must be of bounded width, or walkable (see `_walk`).
    """
    items = list(parsed)
    literal = [_literal_set([item]) is not None for item in items]
    for a in range(len(items)):
        if not literal[a] or not _word_edge(items, a):
            continue  # not a literal, or it starts inside a word
        near, far = parsed[:a].getwidth()
        walk = None
        if far - near > _MAX_SPREAD:
            walk = _walk(items[:a])
            if walk is None:
                continue
        spread = far - near + 1 if walk is None else 9 if " " not in walk[0] and not walk[3] else 40
        for b in range(a + 1, len(items) + 1):
            if not literal[b - 1]:
                break
            if not _word_edge(items, b):
                continue  # it ends inside a word
            strings = _literal_set(items[a:b])
            if strings is None:
                break
            if _plain(strings):
                # Rounded: `_rarity` sums over a set, whose order (so the last bits) varies by run.
                # Words only: " mill", " mill." and " mill " cost the same (and the longest is taken).
                words = {" ".join(_WORD.findall(string)) for string in strings}
                cost = float(f"{spread * _rarity(words):.6g}")
                yield (cost, a, -b), (frozenset(strings), near, far, walk)


def pattern_locator(pattern: str) -> tuple[frozenset[str], int, int, Any] | None:
    """Where a match of `pattern` can start, read from the lower-cased text: (strings, near, far, walk).

    Every match holds one of `strings` (lower case) starting `near` to `far`
    characters after the match start: the text before it is what the pattern's
    prefix consumed. When that spread is wide or unbounded (`\\d+`, `\\w+`),
    `walk` tells which characters the prefix can consume, and the start lies
    within the run of such characters before the string. So the match starts are
    among a few offsets per occurrence of the strings: `_located` tries only
    those, where `finditer` tries every position (a pattern without a literal
    prefix runs at about 15 MB/s). The cheapest such set is chosen by expected
    word frequency; None when there is none (or the pattern can match empty).
    """
    parsed = sre_parse.parse(pattern)
    if parsed.getwidth()[0] == 0:
        return None
    # Of equal costs the earliest start and the longest run: " mill " does not hit "million".
    options = [option for option in _run_options(parsed) if option[0][0] <= _MAX_COST]
    return min(options)[1] if options else None


def tokens(ctx, text: str) -> list[str]:
    """The document's lower-case whitespace tokens, edge punctuation stripped, in order (cached).

    A token of punctuation only is left as "". `str.split` and a `map` of
    `str.strip` run in C (a tokenising regex is several times slower); the MT
    checks test word sets against this list (`frozenset.intersection` takes any
    iterable), so no set of the whole document is ever built.
    """
    cached = ctx.cache.get("mt.tokens")
    if cached is None:
        cached = ctx.cache["mt.tokens"] = list(map(str.strip, lowered(ctx, text)[1], repeat(_EDGE_PUNCT)))
    return cached


def token_words(ctx, text: str) -> frozenset[str]:
    """The document's tokens (see `tokens`) as a set (cached)."""
    cached = ctx.cache.get("mt.words")
    if cached is None:
        cached = ctx.cache["mt.words"] = frozenset(tokens(ctx, text)) - {""}
    return cached


def token_pairs(ctx, text: str) -> frozenset[tuple[str, str]]:
    """Adjacent token pairs of the document (cached): a phrase needs its word pairs side by side."""
    cached = ctx.cache.get("mt.pairs")
    if cached is None:
        cached = ctx.cache["mt.pairs"] = frozenset(pairwise(filter(None, tokens(ctx, text))))
    return cached


def _phrase_pairs(phrase: str) -> frozenset[tuple[str, str]]:
    """The rarest adjacent word pair of a phrase, in both apostrophe forms (empty for one word)."""
    words = [w.strip(_EDGE_PUNCT) for w in phrase_key(phrase).lower().split()]
    if len(words) < 2:
        return frozenset()
    i = min(range(len(words) - 1), key=lambda k: zipf(words[k]) + zipf(words[k + 1]))
    a, b = words[i], words[i + 1]
    return frozenset((x, y) for x in _variants(a) for y in _variants(b))


def lowered(ctx, text: str) -> tuple[str, list[str]]:
    """The document lower-cased and split on whitespace, computed once for all MT checks."""
    cached = ctx.cache.get("mt.lowered")
    if cached is None:
        low = text.lower()
        cached = ctx.cache["mt.lowered"] = (low, low.split())
    return cached


@lru_cache(maxsize=4096)
def _compile_phrases(phrases: tuple[str, ...], ignore_case: bool) -> re.Pattern:
    body = trie_regex(sorted(phrases))
    flags = "(?i:" if ignore_case else "(?:"
    return re.compile(rf"(?<!\w){flags}{body})(?!\w)")


# Characters `re` matches, ignoring case, to an ASCII letter although `str.lower`
# does not make them that letter (found by trying every code point; "İ" lowers to
# two characters, which the offset test already catches). A document holding one
# of them runs its patterns the plain way: a locator reads the lower-cased text.
_FOLD_ODD = ("ı", "ſ")


class _Scan:
    """What one document offers the pattern entries, each piece computed when first asked for.

    `positions` of the strings in the automaton (locator strings) come from one
    Aho–Corasick pass over the lower-cased text; those of other strings
    (needles) from a `find` loop, only for an entry that needs them. Both give
    the same offsets, overlaps included.
    """

    __slots__ = ("_found", "_hits", "aligned", "automaton", "fold_safe", "indexed", "low", "text")

    def __init__(self, text: str, low: str, automaton, indexed: frozenset[str]) -> None:
        self.text, self.low, self.automaton, self.indexed = text, low, automaton, indexed
        self.aligned = len(low) == len(text)  # lower() kept every offset (almost always)
        self.fold_safe = text.isascii() or not any(ch in text for ch in _FOLD_ODD)
        self._hits: dict[str, list[int]] | None = None
        self._found: dict[str, list[int]] = {}

    def hits(self) -> dict[str, list[int]]:
        if self._hits is None:
            found: dict[str, list[int]] = {}
            if self.automaton is not None:
                for last, (string, size) in self.automaton.iter(self.low):
                    at = found.get(string)
                    if at is None:
                        found[string] = [last - size + 1]
                    else:
                        at.append(last - size + 1)
            self._hits = found
        return self._hits

    def positions(self, string: str) -> list[int]:
        if string in self.indexed:
            return self.hits().get(string, [])
        found = self._found.get(string)
        if found is None:
            found = self._found[string] = list(_positions(self.low, string))
        return found

    def has(self, needles: tuple[str, ...]) -> bool:
        hits, indexed, low = self.hits(), self.indexed, self.low
        if indexed.issuperset(needles):
            return not hits.keys().isdisjoint(needles)  # C-level: no scan of the text at all
        return any(needle in hits if needle in indexed else needle in low for needle in needles)

    def starts(self, needles: tuple[str, ...]) -> list[int]:
        """Sorted offsets where any of `needles` starts."""
        return sorted({p for needle in needles for p in self.positions(needle)})


def _analysis(pattern: str) -> tuple[set[str] | None, tuple[str, ...] | None, bool, tuple | None]:
    """What the prefilters know of one pattern: (anchors, needles, lead, locator)."""
    anchors = pattern_anchors(pattern)
    found_needles = pattern_needles(pattern, 4 if anchors else 1)
    needles = tuple(found_needles) if found_needles is not None else None
    return anchors, needles, needles_lead(pattern, needles), pattern_locator(pattern)


def _analyses(patterns: list[str]) -> dict[str, tuple]:
    """`_analysis` of each pattern, kept in the user cache between runs.

    Walking the parse trees and weighing words by frequency costs ~4 ms a
    pattern (and imports wordfreq for a hyphenated word): most of a small run's
    start-up. The result depends only on the patterns, this code and wordfreq.
    """
    package = Path(__file__).resolve().parent.parent
    code = (Path(__file__), *(package / f for f in ("resources.py", "frequency.py", "sre.py", "matchers.py")))
    return stored_table("mt-pack-analyses", patterns, _analysis, code, wordfreq_stamp())


@register("mt-pack")
class MtPack(Check):
    """Phrase and regex entries of the MT packs, prefiltered by word anchors (see module doc)."""

    def __init__(self, rules, resources) -> None:
        super().__init__(rules, resources)
        self.by_anchor: dict[str, list[tuple]] = {}
        self.lookup: dict[tuple[str, bool], tuple[str, str | None]] = {}
        self.always: list[tuple] = []
        analysed = _analyses([p for rule in rules.values() for p in rule.options.get("patterns") or []])
        for code, rule in rules.items():
            for phrase, replacement in (rule.options.get("phrases") or {}).items():
                phrase = " ".join(str(phrase).split())
                key = phrase_key(phrase)
                folded = key.lower() if rule.ignore_case else key
                self.lookup.setdefault((folded, rule.ignore_case), (code, replacement))
                needles = tuple({key.lower(), key.lower().replace("'", "’")})
                entry = ("phrase", phrase, rule.ignore_case, needles, _gates(needles), _phrase_pairs(phrase))
                for token in _phrase_anchor(phrase):
                    self.by_anchor.setdefault(token, []).append(entry)
            for pattern in rule.options.get("patterns") or []:
                compiled = re.compile(f"(?i:{pattern})" if rule.ignore_case else pattern, re.M)
                anchors, needles, lead, locator = analysed[pattern]
                entry = ("regex", code, compiled, needles, _gates(needles), lead, locator)
                if anchors is None:
                    self.always.append(entry)
                    continue
                for token in anchors:
                    self.by_anchor.setdefault(token, []).append(entry)
        self.anchors = frozenset(self.by_anchor)
        # Entries by number: a document's entries are a union of small int sets
        # (hashing the entry tuples themselves costs more than the tests).
        self.entries = list(dict.fromkeys([*self.always, *(e for group in self.by_anchor.values() for e in group)]))
        number = {entry: i for i, entry in enumerate(self.entries)}  # equal entries are one, as in a set
        self.numbers = {token: frozenset(number[e] for e in group) for token, group in self.by_anchor.items()}
        self.always_numbers = frozenset(number[e] for e in self.always)
        entries = set(self.entries)
        # Every word an anchor or a gate asks about: the document's tokens are
        # intersected with this one set, once, and each test reads the answer.
        self.words = self.anchors.union(*[gate for entry in entries for gate in entry[4]])
        self.indexed = frozenset(_indexed(entries))
        self.automaton = _automaton(self.indexed)

    def run(self, doc: Document, ctx) -> Iterator[Finding]:
        if not is_english(ctx, doc.text):
            return  # an English check: another language is not garbled English
        text = doc.text
        low = lowered(ctx, text)[0]
        present = self.words.intersection(tokens(ctx, text))
        anchored = self.anchors.intersection(present)
        if not anchored and not self.always:
            return
        scan = _Scan(text, low, self.automaton, self.indexed)
        loose: str | None = None
        pairs: frozenset[tuple[str, str]] | None = None
        found: list[Finding] = []
        numbers, all_entries = self.numbers, self.entries
        for i in sorted(self.always_numbers.union(*[numbers[token] for token in anchored])):
            entry = all_entries[i]
            needles, gates = entry[3], entry[4]
            if gates and (gates[0].isdisjoint(present) or any(gate.isdisjoint(present) for gate in gates[1:])):
                continue  # a word every needle needs is not a token of the document
            if entry[0] == "phrase":
                if entry[5]:
                    if pairs is None:
                        pairs = token_pairs(ctx, text)
                    if pairs.isdisjoint(entry[5]):
                        continue  # the phrase's rarest word pair is not side by side in the text
                # A phrase may be split by a line break or a double space in
                # wrapped text: there, test the needle on whitespace-folded text
                # and run the phrase over the whole text.
                if loose is None:
                    loose = " ".join(low.split()) if _irregular_space(text) else ""
                if loose:
                    if any(needle in loose for needle in needles):
                        found.extend(self._phrase(doc, text, low, entry, False))
                    continue
                if not any(needle in low for needle in needles):
                    continue
                found.extend(self._phrase(doc, text, low, entry, scan.aligned))
                continue
            single_words = bool(gates) and len(gates) == 1  # the token test already found the needle
            found.extend(self._regex(doc, scan, entry, needles is not None and not single_words))
        yield from _longest(found)

    def _phrase(self, doc: Document, text: str, low: str, entry: tuple, aligned: bool) -> Iterator[Finding]:
        _, phrase, ignore_case, needles, _, _ = entry
        compiled = _compile_phrases((phrase,), ignore_case)
        if aligned:
            starts = sorted({p for needle in needles for p in _positions(low, needle)})
            matches = [m for p in starts if (m := compiled.match(text, p))]
        else:
            matches = list(compiled.finditer(text))
        for m in matches:
            key = phrase_key(m.group())
            hit = self.lookup.get((key.lower() if ignore_case else key, ignore_case))
            if hit is None:
                continue
            code, replacement = hit
            rule = self.rules[code]
            suggestion = replacement if replacement is not None else rule.suggest
            suggestions = [] if suggestion is None or rule.fix == "none" else [keep_case(m.group(), suggestion)]
            yield self.finding(doc, code, m.start(), m.end(), suggestions=suggestions)

    def _regex(self, doc: Document, scan: _Scan, entry: tuple, test_needles: bool) -> Iterator[Finding]:
        """The entry's matches, as `finditer` over the needle windows (or `match` at the needle starts) finds them.

        With a locator, the candidates come first: none means no match, and
        then neither the needle test nor the windows need be known.
        """
        _, code, compiled, needles, _, lead, locator = entry
        rule = self.rules[code]
        text = scan.text
        located = locator is not None and scan.aligned and scan.fold_safe
        candidates = _candidates(scan, locator) if located else []
        if located and not candidates:
            return
        if test_needles and not scan.has(needles):
            return  # none of the entry's literal strings is in the text
        if scan.aligned and lead:
            # Every match starts with a needle, so trying the needle starts or
            # the locator's candidates (a superset of the match starts) finds
            # the same matches; overlapping ones included, as before.
            starts = candidates if located else scan.starts(needles)
            yield from self._emit(doc, text, code, rule, [m for p in starts if (m := compiled.match(text, p))])
            return
        windows = [(0, len(text))]
        if scan.aligned and needles is not None and min(map(len, needles)) > 1:
            starts = scan.starts(needles)
            if len(starts) < 50:
                windows = _windows(starts, len(text))
        if located:
            matches = _located(compiled, text, candidates, windows)
        else:
            matches = [m for lo, hi in windows for m in compiled.finditer(text, lo, hi)]
        yield from self._emit(doc, text, code, rule, matches)

    def _emit(self, doc: Document, text: str, code: str, rule, matches: list[re.Match]) -> Iterator[Finding]:
        done: set[tuple[int, int]] = set()
        for m in matches:
            start, end = m.span(rule.group) if rule.group is not None else m.span()
            if (start, end) in done:
                continue
            done.add((start, end))
            suggestions: list[str] = []
            if rule.suggest is not None and rule.fix != "none":
                suggestions = [keep_case(text[start:end], m.expand(rule.suggest))]
            yield self.finding(doc, code, start, end, suggestions=suggestions)


def _indexed(entries: set[tuple]) -> Iterator[str]:
    """The strings worth one automaton pass: those of the locators.

    Needles are tested (`in`) and found (`find`) only for an entry one of whose
    locator strings occurs: on most documents none does.
    """
    for entry in entries:
        if entry[0] == "regex" and entry[6] is not None:
            yield from entry[6][0]


def _automaton(strings: frozenset[str]):
    """One Aho–Corasick automaton over `strings`, each with (itself, its length); None when empty."""
    return automaton({string: (string, len(string)) for string in sorted(strings)})


def _candidates(scan: _Scan, locator: tuple) -> list[int]:
    """Sorted offsets where a match can start: each locator string's occurrences, shifted back by the prefix."""
    strings, near, far, walk = locator
    candidates: set[int] = set()
    hits = scan.hits()
    for string in strings.intersection(hits):  # locator strings are all in the automaton
        for q in hits[string]:
            first = q - far if walk is None else _run_start(scan, q, q - far, walk)
            candidates.update(range(first, q - near + 1))
    return sorted(candidates)


def _located(compiled: re.Pattern, text: str, candidates: list[int], windows: list[tuple[int, int]]) -> list[re.Match]:
    """`compiled.finditer` over each window, tried only at `candidates` (see `pattern_locator`).

    The candidates are a superset of the match starts; they are tried in order
    with `match` and the window's end as `endpos`, skipping those inside the
    last match, as `finditer` would.
    """
    out: list[re.Match] = []
    match = compiled.match
    i, count, reach = 0, len(windows), 0
    for s in candidates:
        while i < count and windows[i][1] <= s:
            i += 1
        if i == count:
            break
        lo, hi = windows[i]
        if s < lo or s < reach:
            continue
        m = match(text, s, hi)
        if m is not None:
            out.append(m)
            reach = m.end()
    return out


def _run_start(scan: _Scan, q: int, limit: int, walk: tuple) -> int:
    """The first offset of the run of characters the prefix can consume that ends at `q` (not before `limit`)."""
    chars, digit, word, space = walk
    text, low = scan.text, scan.low
    j = q
    while j > limit and j > 0:
        ch = text[j - 1]
        if not (
            low[j - 1] in chars
            or (digit and ch.isdigit())
            or (word and (ch.isalnum() or ch == "_"))
            or (space and ch.isspace())
        ):
            break
        j -= 1
    return j


def _gates(needles: tuple[str, ...] | list[str] | None) -> tuple[frozenset[str], ...]:
    """Per word position of the needles, the tokens one of which a document must hold.

    A needle can only occur in a text whose whitespace tokens include each of its
    words (the first may carry leading, the last trailing punctuation). Testing
    these small sets against the document's token set is much cheaper than a
    substring search of the text.
    """
    if not needles:
        return ()
    split = [n.split() for n in needles]
    width = min(len(words) for words in split)
    if width == 0 or any(len(words) != width for words in split):
        return ()
    if not all(w.replace("'", "").replace("’", "").replace("-", "").isalpha() for words in split for w in words):
        return ()  # a needle that is not made of words ("%", ",") may sit inside a token
    out = []
    for k in range(width):
        out.append(frozenset(v for words in split for v in _variants(words[k], k == 0, k == width - 1) if v))
    return tuple(out)


def _longest(found: list[Finding]) -> list[Finding]:
    """Overlapping pack hits resolved as one trie would: the longest span wins."""
    kept: list[Finding] = []
    for f in sorted(found, key=lambda f: (f.start - f.end, f.start, f.rule)):
        if all(f.end <= k.start or k.end <= f.start for k in kept):
            kept.append(f)
    return sorted(kept, key=lambda f: f.start)


def _positions(low: str, needle: str) -> Iterator[int]:
    find = low.find
    p = find(needle)
    while p != -1:
        yield p
        p = find(needle, p + 1)


def _windows(starts: list[int], size: int, before: int = 200, after: int = 260) -> list[tuple[int, int]]:
    """Merged text windows around needle positions where a pattern's match must lie."""
    out: list[list[int]] = []
    for p in starts:
        lo, hi = max(0, p - before), min(size, p + after)
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(lo, hi) for lo, hi in out]

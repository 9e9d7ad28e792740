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
from itertools import pairwise, product
from re import _constants as sre_c  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]
from typing import Any

from ..document import Document
from ..finding import Finding
from ..language import is_english
from ..matchers import keep_case, phrase_key, trie_regex
from ..resources import zipf
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


# A whitespace token with its edge punctuation stripped, found by the regex engine
# (one C-level pass) instead of a Python `strip` per token.
_EDGE_CLASS = re.escape(_EDGE_PUNCT)
_TOKEN = re.compile(rf"[^\s{_EDGE_CLASS}]+(?:[{_EDGE_CLASS}]+[^\s{_EDGE_CLASS}]+)*")


def token_words(ctx, text: str) -> frozenset[str]:
    """The document's lower-case whitespace tokens, edge punctuation stripped, as a set (cached)."""
    cached = ctx.cache.get("mt.words")
    if cached is None:
        ctx.cache["mt.wordlist"] = words = _TOKEN.findall(lowered(ctx, text)[0])
        cached = ctx.cache["mt.words"] = frozenset(words)
    return cached


def token_pairs(ctx, text: str) -> frozenset[tuple[str, str]]:
    """Adjacent token pairs of the document (cached): a phrase needs its word pairs side by side."""
    cached = ctx.cache.get("mt.pairs")
    if cached is None:
        token_words(ctx, text)
        words = ctx.cache["mt.wordlist"]
        cached = ctx.cache["mt.pairs"] = frozenset(pairwise(words))
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


@register("mt-pack")
class MtPack(Check):
    """Phrase and regex entries of the MT packs, prefiltered by word anchors (see module doc)."""

    def __init__(self, rules, resources) -> None:
        super().__init__(rules, resources)
        self.by_anchor: dict[str, list[tuple]] = {}
        self.lookup: dict[tuple[str, bool], tuple[str, str | None]] = {}
        self.always: list[tuple] = []
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
                anchors = pattern_anchors(pattern)
                found_needles = pattern_needles(pattern, 4 if anchors else 1)
                needles = tuple(found_needles) if found_needles is not None else None
                entry = ("regex", code, compiled, needles, _gates(needles), needles_lead(pattern, needles))
                if anchors is None:
                    self.always.append(entry)
                    continue
                for token in anchors:
                    self.by_anchor.setdefault(token, []).append(entry)
        self.anchors = frozenset(self.by_anchor)

    def run(self, doc: Document, ctx) -> Iterator[Finding]:
        if not is_english(ctx, doc.text):
            return  # an English check: another language is not garbled English
        text = doc.text
        low = lowered(ctx, text)[0]
        tokset = token_words(ctx, text)
        present = self.anchors.intersection(tokset)
        if not present and not self.always:
            return
        aligned = len(low) == len(text)  # lower() kept every offset (almost always)
        loose: str | None = None
        pairs: frozenset[tuple[str, str]] | None = None
        found: list[Finding] = []
        by_anchor = self.by_anchor
        entries = set(self.always).union(*[by_anchor[token] for token in present])
        for entry in entries:
            needles, gates = entry[3], entry[4]
            if gates and any(gate.isdisjoint(tokset) for gate in gates):
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
            single_words = gates and len(gates) == 1  # the token test already found the needle
            if needles is not None and not single_words and not any(needle in low for needle in needles):
                continue  # a C-speed literal test before any regex runs
            if entry[0] == "phrase":
                found.extend(self._phrase(doc, text, low, entry, aligned))
            else:
                found.extend(self._regex(doc, text, low, entry, aligned))
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

    def _regex(self, doc: Document, text: str, low: str, entry: tuple, aligned: bool) -> Iterator[Finding]:
        _, code, compiled, needles, _, lead = entry
        rule = self.rules[code]
        windows = [(0, len(text))]
        if aligned and lead:
            starts = sorted({p for needle in needles for p in _positions(low, needle)})
            yield from self._emit(doc, text, code, rule, [m for p in starts if (m := compiled.match(text, p))])
            return
        if aligned and needles is not None and min(map(len, needles)) > 1:
            starts = sorted({p for needle in needles for p in _positions(low, needle)})
            if len(starts) < 50:
                windows = _windows(starts, len(text))
        yield from self._emit(doc, text, code, rule, [m for lo, hi in windows for m in compiled.finditer(text, lo, hi)])

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

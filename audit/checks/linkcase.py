"""link-case: Title Case that survived mid-sentence from hyperlink anchor text.

Scraped news keeps the capitals of link anchors ("ready to Warn Putin If Moscow
decides"). Real names keep their capitals too, so a capital alone proves
nothing. The evidence is a capitalised closed-class word (If, In, On, The, To,
Is ...) in a Title Case run that follows a lowercase word of the same sentence.
Edited text capitalises such words only at a sentence start or inside titles of
works and names of organisations, so the shape of the run decides:

1. it ends in the function word and lowercase prose goes on ("measures In the
   case of"), unless the next content word is capitalised too, as in a title
   ("In the Line of Duty");
2. a conjunction, one or two names, lowercase prose ("If Moscow decides");
3. a verb, its preposition, names ("to Meet With Putin next week"), but not an
   organisation ("Bank Of America", "Institute For Justice");
4. a function word opening, or an auxiliary inside, a run of common words that
   lowercase prose continues ("did little To Change its approach", "causes
   People To Post emotional material");
5. capitalised small words (The, Of, For, By, As) after the run's first word,
   prose after it, and a prose shape: a preposition opens it ("danced In The
   Squares Of Lisbon until"), a verb after "to" or a modal ("to Scrap The Fuel
   Tax for"), an -ing form after a comma, or an auxiliary and a participle sit in
   it ("after The Kyoto Protocol Was Signed, the"). Such a run is fixed whole,
   names kept whole ("the Kyoto Protocol was signed");
6. the sentence's predicate: a finite verb (an auxiliary, a past tense, a third
   person -s) after its subject, a capitalised small word and a common word after
   it ("the reform Does Not Solve The Structural Problems of", "where Modi
   Inaugurated The Ram Temple in"), or an article opening a verb's object ("will
   take A Week Of Complete Rest before"). A title of a work has an introducer or
   no subject before it ("the film Gone With The Wind", "Fans of The Lord").

A capitalised common word a few lowercase words before such a run belongs to the
same anchor ("a Border dispute In the Donbass"). Once a document has shown anchor
case, lone capitalised verbs before a repeated name ("measures” Invade Ukraine,")
are its other anchors. A sentence that opens with a long Title Case run holding a
function word and goes on as prose ("Senior Biden Administration Official Said On
Monday, Biden is ...") opened with an anchor; a headline stands on its own line.
Text that is not English is left alone.

The suggestion lowercases the common words and keeps names. Without a cased
lexicon, a word reads as common when the document also writes it in lowercase,
when its suffix says so (-ly, -tion, -ment), or when wordfreq knows inflections
of it about as frequent as the word (warn/warns, border/borders; Moscow and
Ukraine have none); it reads as a name when the document capitalises it
mid-sentence elsewhere, or when it is a weekday, month or title.
One literal-first regex finds the capitalised function words; Python looks only
at a short window of tokens around each.
"""

from __future__ import annotations

import heapq
import operator
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from typing import Any

from ..document import Document
from ..finding import Finding
from ..language import is_english, opening_is_english
from . import Check, register
from .entities import known_name

ANCHOR = "linkcase.anchor-case"
OPENER = "linkcase.sentence-anchor"

# Tokens of one line: words (with inner apostrophes/hyphens) or single marks.
_UNDERLINE = re.compile(r"\r?\n[ \t]*([-=~*^#])\1{2,}[ \t]*(?:\r?\n|\Z)")
_TOKEN = re.compile(r"[^\W\d_](?:[\w]|['’\-.](?=\w))*|\d[\w.,]*|[^\w\s]")
_SENTENCE_END = set('.!?:;…|•·—–-([{“‘"«›»‹')
_CLOSERS = set('”’"»')
_ARTICLES = frozenset({"a", "an", "the"})
_CAP_WORD = re.compile(r"(?<= )[A-Z][a-z]+(?![\w’'-])")
_JOINERS = "’'-_"
_STRIP = '.,;:!?()[]{}“”"‘’«»—–-…'
_PREV_WORD = re.compile(r"([A-Za-z][\w’'-]*)[,”’]? $")
_LOWER_NEXT = re.compile(r" [a-z]")
_NEXT_WORD = re.compile(r" (\w+)")
_START = operator.methodcaller("start")
_NEXT_NAME = re.compile(r" ([A-Z][a-z]+)(?=[,.;:]| [a-z])")


# Suffixes of adverbs, abstract nouns and adjectives: words that hardly inflect, and
# names rarely end so ("Financial", "Autonomy", "Massive"; not "-al" alone: Portugal, Nepal).
_COMMON_SUFFIXES = (
    *("ly", "tion", "sion", "ment", "ness", "ship", "ism"),
    *("ical", "ial", "ous", "ful", "less", "ality", "ivity", "omy", "ogy", "ive"),
)


def _base(word: str) -> str:
    """The word without a possessive: Trump’s -> Trump."""
    return word[:-2] if word.endswith(("’s", "'s")) and len(word) > 3 else word


def _is_cap(tok: str) -> bool:
    """Capitalised word, not an acronym: 'Warn', 'Putin', not 'NATO' or 'US'."""
    return len(tok) > 1 and tok[0].isupper() and tok[1:2].islower()


def _is_lower(tok: str) -> bool:
    return tok[:1].isalpha() and tok[:1].islower()


def _bounded(text: str, i: int, j: int) -> bool:
    """Is text[i:j] a whole word (no letter, digit, apostrophe or hyphen glued to either side)?"""
    before = text[i - 1] if i else " "
    after = text[j] if j < len(text) else " "
    return not (before.isalnum() or before in _JOINERS) and not (after.isalnum() or after in _JOINERS)


def _after_lowercase_word(text: str, i: int) -> bool:
    """Does the word at i follow a lowercase word of the same line ("the Cabinet", "measures, In")?"""
    if i < 2 or text[i - 1] != " ":
        return False
    j = max(text.rfind(" ", 0, i - 1), text.rfind("\n", 0, i - 1)) + 1
    return text[j].islower()


class _Doc:
    """Per-document evidence about words: lowercase uses, capitalised uses mid-sentence.

    A short document is searched per word with str.find (few words ever need it); a long one
    is indexed once (a set of its distinct tokens, one regex pass over its capitalised
    words), so that the cost stays linear in its length.
    """

    BIG = 60_000

    def __init__(self, text: str) -> None:
        self.text = text
        self._lower: dict[str, bool] = {}
        self._caps: dict[str, int] = {}
        self._count: dict[str, int] = {}
        self._tokens: set[str] | None = None
        self._index: tuple[Counter[str], Counter[str]] | None = None

    def _build(self) -> None:
        text = self.text
        self._tokens = {t.strip(_STRIP) for t in set(text.split())}
        total: Counter[str] = Counter()
        mid: Counter[str] = Counter()
        for m in _CAP_WORD.finditer(text):
            word = m.group()
            total[word] += 1
            if _after_lowercase_word(text, m.start()):
                mid[word] += 1
        self._index = (total, mid)

    def has_lower(self, word: str) -> bool:
        """Does the document write this word in lowercase somewhere?"""
        low = word.lower()
        if len(self.text) > self.BIG:
            if self._tokens is None:
                self._build()
            return low in self._tokens  # type: ignore[operator]
        hit = self._lower.get(low)
        if hit is None:
            hit = False
            text, n = self.text, len(low)
            i = text.find(low)
            while i != -1 and not hit:
                hit = _bounded(text, i, i + n)
                i = text.find(low, i + 1)
            self._lower[low] = hit
        return hit

    def count(self, word: str) -> int:
        """Capitalised occurrences of `word` in the document."""
        if len(self.text) > self.BIG:
            if self._index is None:
                self._build()
            return self._index[0][word]  # type: ignore[index]
        n = self._count.get(word)
        if n is None:
            n = self._count[word] = self.text.count(word)
        return n

    def mid_caps(self, word: str) -> int:
        """How often `word` appears capitalised right after a lowercase word."""
        if len(self.text) > self.BIG:
            if self._index is None:
                self._build()
            return self._index[1][word]  # type: ignore[index]
        n = self._caps.get(word)
        if n is None:
            n = 0
            text, size = self.text, len(word)
            i = text.find(word)
            while i != -1:
                n += _bounded(text, i, i + size) and _after_lowercase_word(text, i)
                i = text.find(word, i + 1)
            self._caps[word] = n
        return n


@register("linkcase")
class LinkCase(Check):
    """Find mid-sentence Title Case left by hyperlink anchors; suggest the lowercase reading."""

    def __init__(self, rules: dict, resources: Any) -> None:
        super().__init__(rules, resources)
        opts: dict[str, Any] = {}
        for rule in rules.values():
            opts.update(rule.options)
        words = lambda key: set(str(opts.get(key, "")).lower().split())  # noqa: E731
        self.conj = words("conjunctions")
        self.preps = words("prepositions")
        self.verb_preps = words("verb_prepositions")
        self.introducers = words("introducers")
        self.run_openers = words("run_openers")
        self.run_inner = words("run_inner")
        self.minor = words("minor_words")
        self.keep = words("keep_capitalised")
        self.titles = words("title_words")
        self.very_common = float(opts.get("very_common_zipf", 5.5))
        self.verb_zipf = float(opts.get("verb_zipf", 3.5))
        self.function = self.conj | self.preps | words("auxiliaries")
        self.closed = self.function | self.minor
        self.run_function = words("run_function")
        self.run_skip = words("run_skip")
        self.verb_context = words("verb_context")
        self.aux_inner = words("aux_inner")
        self.finite = words("finite_openers")
        self.irregular_past = words("irregular_past")
        self.conj_verbs = {"and", "or", "but"} & self.run_skip
        self.relatives = words("relatives")
        self.subjects = words("subject_pronouns")
        self.perfect = words("perfect_auxiliaries")
        # "had Announced Possible Plant Closures": two capitalised words after a space and the
        # last two letters of a listed word; Python checks the whole word. A regex opening with a
        # literal space scans in C (with a lookbehind per word first it was 40 times slower).
        self.base_openers = words("base_openers")
        self.before_verb = {w for w in self.perfect | self.subjects | self.base_openers if len(w) >= 2}
        endings = "|".join(sorted({re.escape(w[-2:]) for w in self.before_verb})) or "(?!)"
        self.two_capitals = re.compile(rf" (?<=(?:{endings}) )[A-Z][a-z]{{3,}}(?= [A-Z][a-z])")
        self.open_preps = self.run_openers & self.preps
        trigger = self.function | (self.run_function - {"a", "an"})
        names = sorted({w.capitalize() for w in trigger}, key=len, reverse=True)
        # literal words first: the regex engine scans for them fast; the context is checked in Python
        self.candidates = re.compile("(?:" + "|".join(map(re.escape, names)) + r")(?![\w’'.-])")
        # and a capital A before a capitalised word: "has Demanded A Solution to". A pass of its
        # own: as a branch of the word list it would cost the list its fast first-letter scan (15x).
        self.capital_a = re.compile(r"A(?= [A-Z][a-z])")
        self.weak = re.compile(r"[A-Z](?:(?<=[a-z][,”’] [A-Z])|(?<=[a-z] [A-Z]))[a-z]{2,}(?![\w’'-])")
        self._weak_ok: dict[str, bool] = {}
        self._zipf: dict[str, float] = {}
        self._verb: dict[str, bool] = {}
        self._infl: dict[str, float] = {}

    # --- word knowledge -------------------------------------------------
    def zipf(self, word: str) -> float:
        key = word.lower()
        z = self._zipf.get(key)
        if z is None:
            z = self._zipf[key] = self.resources.zipf(key)
        return z

    def verb_like(self, word: str) -> bool:
        """A base-form verb: its -s and -ing forms are both real English words."""
        w = word.lower()
        hit = self._verb.get(w)
        if hit is None:
            stem = w[:-1] if w.endswith("e") else w
            if w.endswith(("s", "sh", "ch", "x", "z")):
                third = w + "es"  # punishes, taxes
            elif w.endswith("y") and w[-2:-1] not in "aeiou":
                third = w[:-1] + "ies"  # carries
            else:
                third = w + "s"
            forms = (third, stem + "ing")  # irregular verbs have no -ed form
            hit = self._verb[w] = all(self.resources.zipf(f) >= 2.5 for f in forms)
        return hit

    def inflected(self, word: str) -> float:
        """Zipf of the word's most frequent inflection: common nouns and verbs have them, names rarely."""
        w = word.lower()
        z = self._infl.get(w)
        if z is None:
            stem = w[:-1] if w.endswith("e") else w
            forms = {w + "s", w + "es", w + "d", stem + "ed", stem + "ing"}
            if w.endswith("s"):
                forms.add(w[:-1])
            if w.endswith("es"):
                forms.add(w[:-2])
            if w.endswith("ed"):
                forms.update((w[:-2], w[:-1]))  # warned -> warn, announced -> announce
            if w.endswith("ing"):
                forms.update((w[:-3], w[:-3] + "e"))
            forms.discard(w)
            z = self._infl[w] = max(self.resources.zipf(f) for f in forms)
        return z

    def name_like(self, word: str) -> bool:
        """Reads as a name out of context: rare, or frequent but hardly ever inflected (Ukraine, Moscow)."""
        word = _base(word)
        z = self.zipf(word)
        return z < 3.0 or (z < self.very_common and self.inflected(word) < max(2.5, z - 1.6))

    def common(self, word: str, ev: _Doc) -> bool:
        """Should this capitalised word read lowercase? Names recur capitalised and rarely inflect."""
        word = _base(word)
        low = word.lower()
        if low in self.closed:
            return True
        if low in self.keep or low in self.titles:
            return False
        if ev.mid_caps(word) > 1:
            return False  # capitalised mid-sentence elsewhere too: a name
        z = self.zipf(word)
        if ev.has_lower(word) or (len(low) > 5 and low.endswith(_COMMON_SUFFIXES)):
            return z >= 3.0  # adverbs and abstract nouns hardly inflect; their suffix shows them common
        return z >= self.very_common or (z >= 3.0 and self.inflected(word) >= max(2.5, z - 1.6))

    # --- scanning -------------------------------------------------------
    def run(self, doc: Document, ctx: Any) -> Iterable[Finding]:
        if not is_english(ctx, doc.text):
            return []  # an English check: another language is not garbled English
        text = doc.text
        ev: _Doc | None = None
        found: list[Finding] = []
        taken: set[int] = set()
        capital_a = list(self.capital_a.finditer(text))
        matches = self.candidates.finditer(text)
        if capital_a:
            matches = heapq.merge(matches, capital_a, key=_START)
        for m in matches:
            s = m.start()
            # mid-sentence or inside a run: a word character (or comma, quote) and a space before it
            if s < 2 or text[s - 1] != " " or not (text[s - 2].isalnum() or text[s - 2] in ',”’"»') or s in taken:
                continue
            if m.group() == "A" and _NEXT_WORD.match(text, m.end()).group(1).lower() in self.closed:
                continue  # "Plan A Was dropped": the letter of a name, not an article before a content word
            if text[s - 2] in ",:" and m.group().lower() in _QUESTION_OPENERS and _ends_in_question(text, s):
                continue  # an embedded direct question: "The big thing is, Can he stay healthy?"
            if _heading_line(doc, s):
                continue  # a heading on its own line: "Remove a Flag From the Set"
            nxt = text[m.end() : m.end() + 2]
            lead = text[max(text.rfind(" ", 0, s - 1), text.rfind("\n", 0, s - 1)) + 1]
            if (not lead.isupper()) and (
                len(nxt) < 2
                or nxt[0] != " "
                or (
                    nxt[1].isupper()
                    and m.group().lower() not in self.conj
                    and m.group().lower() not in self.run_openers
                )
            ):
                continue  # after a lowercase word: lowercase prose must follow, or a name after a conjunction
            if ev is None:
                if not opening_is_english(text, ctx):
                    return []
                ev = _Doc(text)
            toks, idx = self._tokens_at(doc, s)
            if idx is not None:
                found.extend(self._at(doc, ev, toks, idx, taken))
        if self.before_verb and ANCHOR in self.rules:
            for m in self.two_capitals.finditer(text):
                s = m.start() + 1
                lo = max(0, s - 9)  # the listed words are short: a longer one is no match
                if text[(text.rfind(" ", lo, s - 1) + 1) or lo : s - 1] not in self.before_verb:
                    continue
                if s in taken or _heading_line(doc, s):
                    continue
                if ev is None:
                    if not opening_is_english(text, ctx):
                        return found
                    ev = _Doc(text)
                toks, idx = self._tokens_at(doc, s)
                if idx is not None:
                    found.extend(self._participle_run(doc, ev, toks, idx, taken))
        if found and ev is not None and ANCHOR in self.rules:
            found.extend(self._weak_pass(doc, ev, found))
        return found

    @staticmethod
    def _title_before(doc: Document, s: int) -> bool:
        """The words before s, back to the line start or an open quote, are mostly capitalised: a
        heading or a quoted title ("4. Inability to Comply Due to", "“An Unexpected Way to Achieve")."""
        text = doc.text
        lo = max(doc.line_bounds(s)[0], s - 200)  # bounded: a megabyte-long line stays linear
        quote = max(text.rfind(q, lo, s) for q in '“"‘')
        if quote >= 0 and not any(c in text[quote + 1 : s] for c in '”"’'):
            lo = quote + 1
        before = _TOKEN.findall(text, lo, s)
        words = [w for w in before if w[:1].isalpha()]
        return len(words) >= 2 and sum(1 for w in words if w[:1].isupper()) >= 0.6 * len(words)

    def _participle_run(self, doc: Document, ev: _Doc, toks, i: int, taken) -> list[Finding]:
        """An auxiliary, a subject pronoun, "to" or a modal, a capitalised verb and capitalised words
        after it, lowercase prose (or a comma) after the run: the predicate is anchor text even
        without a capitalised small word ("it had Allocated One Billion Zloty for", "he Filled The
        Squares of", "promised to Build New Nuclear Reactors by"). After an auxiliary the verb is
        a participle, after a pronoun a finite form, after "to" or a modal a base form. A common
        word must follow the verb in the run (not names only: "he Joined Goldman Sachs in")."""
        a, b = self._run_bounds(toks, i)
        if a != i or b == a or b + 1 >= len(toks) or not (_is_lower(toks[b + 1][2]) or toks[b + 1][2] == ","):
            return []
        prev = toks[a - 1][2] if a else ""
        word = toks[a][2]
        low = _base(word).lower()
        if low in self.run_skip or not self._lower_ok(word, ev):
            return []  # a verb that introduces a title: "has Starred In The Crown since"
        if self._title_before(doc, toks[a][0]):
            return []
        if prev in self.base_openers:
            # a base form has an -ing form ("build": building); "to President Wilson" has none
            stem = low[:-1] if low.endswith("e") else low
            verb = low not in self.closed and low not in self.titles and self.zipf(stem + "ing") >= 2.0
        elif prev in self.perfect:
            verb = self._past(word, low)
        else:
            verb = self._finite(word, low, ev)
        if not verb:
            return []
        rest = [j for j in range(a + 1, b + 1) if _base(toks[j][2]).lower() not in self.closed]
        if not any(self._lower_ok(toks[j][2], ev, toks[j + 1][2] if j < b else None) for j in rest):
            return []
        return self._emit_run(doc, ev, toks, a, b, "predicate", taken)

    def _tokens_at(self, doc: Document, s: int) -> tuple[list[tuple[int, int, str]], int | None]:
        """The window around s and the index of the token starting at s (None: no token does)."""
        toks = self._window(doc, s)
        return toks, next((k for k, t in enumerate(toks) if t[0] == s), None)

    @staticmethod
    def _window(doc: Document, s: int) -> list[tuple[int, int, str]]:
        """Tokens of the candidate's line near s; a sentinel marks a window that starts mid-line."""
        text = doc.text
        line_start, line_end = doc.line_bounds(s)
        lo, hi = max(line_start, s - 90), min(line_end, s + 120)
        if lo > line_start:
            space = text.find(" ", lo, s)
            lo = space + 1 if space != -1 else s
        toks = [(t.start(), t.end(), t.group()) for t in _TOKEN.finditer(text, lo, hi)]
        if lo > line_start:
            toks.insert(0, (lo, lo, "\x00"))
        return toks

    def _context(self, toks: list[tuple[int, int, str]], a: int) -> str:
        """'mid' when the run at token a follows a lowercase word of the same sentence, else 'start' or 'other'."""
        if a == 0:
            return "start"
        prev = toks[a - 1][2]
        if _is_lower(prev):
            # "see section The try statement", "the film The hero": a title or name is introduced
            return "other" if prev in self.introducers else "mid"
        if prev in _CLOSERS and toks[a - 1][1] == toks[a][0]:
            return "start"  # a quote glued to the word opens a quotation
        if prev in _CLOSERS or prev in ",":
            before = toks[a - 2][2] if a >= 2 else ""
            if _is_lower(before) or (before == "," and a >= 3 and _is_lower(toks[a - 3][2])):
                return "mid"
            return "other"
        if prev in _SENTENCE_END:
            return "start"
        return "other"

    def _run_bounds(self, toks: list[tuple[int, int, str]], i: int) -> tuple[int, int]:
        """The Title Case run around token i; a capital "A" before a capitalised content word belongs
        to it ("Start A Dialogue With"), not at its end or before a small word ("Plan A Was")."""

        def joined(k: int) -> bool:  # token k is a run word, glued by one space to token k + 1
            tok, nxt = toks[k][2], toks[k + 1][2]
            article = tok == "A" and _is_cap(nxt) and nxt.lower() not in self.closed
            return (_is_cap(tok) or article) and toks[k][1] + 1 == toks[k + 1][0]

        a = i
        while a > 0 and joined(a - 1):
            a -= 1
        b = i
        while b + 1 < len(toks) and toks[b][1] + 1 == toks[b + 1][0]:
            if _is_cap(toks[b + 1][2]):
                b += 1
            elif b + 2 < len(toks) and joined(b + 1):
                b += 2
            else:
                break
        return a, b

    def _next_content(self, toks: list[tuple[int, int, str]], j: int) -> str | None:
        """The first token from j on that is not a minor lowercase word."""
        while j < len(toks):
            tok = toks[j][2]
            if not (_is_lower(tok) and tok in self.closed):
                return tok
            j += 1
        return None

    def _at(self, doc: Document, ev: _Doc, toks, i: int, taken: set[int]) -> list[Finding]:
        a, b = self._run_bounds(toks, i)
        where = self._context(toks, a)
        n = len(toks)
        after = toks[b + 1][2] if b + 1 < n else ""
        if where == "mid":
            if not self._mid_anchor(toks, a, i, b, after, ev):
                return self._function_run(doc, ev, toks, a, b, after, taken)
            first = a
            # A capitalised common word a few lowercase words back belongs to the same anchor.
            k = a - 1
            steps = 0
            while k >= 1 and steps < 2 and _is_lower(toks[k][2]) and toks[k][2] not in self.conj:
                k -= 1
                steps += 1
            if steps and k >= 1 and _is_cap(toks[k][2]) and self._context(toks, k) == "mid":
                ka, kb = self._run_bounds(toks, k)
                if ka == kb and ev.has_lower(toks[k][2]) and self.common(toks[k][2], ev):
                    first = k
            return self._emit(doc, ev, toks, first, b, ANCHOR, taken, keep_first=False)
        if where == "start" and OPENER in self.rules:
            run_len = b - a + 1
            if run_len < 4 or i < a + 2:
                return []
            if a > 0 and toks[a - 1][2] in '“‘"«' and toks[a - 1][1] == toks[a][0]:
                return []  # a quoted title: “Once Upon A Time in Hollywood”
            if toks[a][2].lower() in self.introducers or (a > 0 and toks[a - 1][2] == ":"):
                return []  # a cross-reference or a title after a label: "(See Dealing With Mail,", "PEP 366: ..."
            if sum(1 for k in range(a, b + 1) if toks[k][2].lower() in self.function) > 1:
                return []  # "Harry Potter And The ...": a title of a work
            if not (after == "," or _is_lower(after)):
                return []
            rest = [t[2] for t in toks[b + 1 : b + 9] if t[2][:1].isalpha()]
            if sum(1 for t in rest if _is_lower(t)) < 3:
                return []
            commons = sum(1 for k in range(a + 1, b + 1) if k != i and self.common(toks[k][2], ev))
            if commons < 2:
                return []
            return self._emit(doc, ev, toks, a, b, OPENER, taken, keep_first=True)
        return []

    def _mid_anchor(self, toks, a: int, i: int, b: int, after: str, ev: _Doc) -> bool:
        """Is the Title Case run a..b (after a lowercase word, holding the function word at i) anchor text?"""
        last = toks[b][2].lower()
        if last in self.function:
            # "measures In the case of", "Cut Jobs In the coming": the run ends in a function word and
            # prose goes on; a capitalised common word next means a title ("In the Line of Duty").
            if not _is_lower(after):
                return False
            nxt = self._next_content(toks, b + 1)
            if nxt is None or not (_is_lower(nxt) or _is_cap(nxt)):
                return False
            return _is_lower(nxt) or self.zipf(nxt) < 3.0 or self._rare_name(nxt, ev)
        if any(toks[k][2].lower() in self.function for k in range(i + 1, b + 1)):
            return False  # several capitalised function words and a capitalised end: a title of a work
        word = toks[i][2].lower()
        caps = range(i + 1, b + 1)
        if word in self.conj:
            # "If Moscow decides": a conjunction, one or two names, then lowercase prose.
            return b - i <= 2 and _is_lower(after) and not any(self.common(toks[k][2], ev) for k in caps)
        if b - i > 3:
            return False
        if self._verb_then_name(toks, i, b, after, ev):
            return True
        if not self._prose_after(toks, b, after):
            return False
        if any(toks[k][2].lower() in self.titles for k in range(a, b + 1)):
            return False
        if i == a:
            # "little To Change Trump’s approach", "it Was Announced in": a function word opens the run
            return word in self.run_openers and any(self.common(toks[k][2], ev) for k in caps)
        # "causes People To Post emotional material": a verb-ish function word inside a run of common words
        return word in self.run_inner and all(self.common(toks[k][2], ev) for k in range(a, b + 1) if k != i)

    def _function_run(self, doc: Document, ev: _Doc, toks, a: int, b: int, after: str, taken) -> list[Finding]:
        """A Title Case run after a lowercase word that holds capitalised small words and goes on as prose.

        Edited prose writes of, the, for, by, as in lowercase inside names and titles, so a run
        showing them capitalised is anchor text when its shape is prose: it opens with a
        preposition ("celebrated In The Streets Of Rome until"), with a verb after "to", a
        modal or an auxiliary ("wants to Scrap The Fuel Tax for", "had Asked For More Time
        before"), with an -ing form after a comma, or holds a capitalised auxiliary and a
        participle ("after The Kyoto Protocol Was Signed, he"). A name or title with its
        small words capitalised ("Journal Of The Royal Society Of Medicine") gets those
        lowercased only; a capitalised preposition before names at a sentence end ("his
        office In Rue Royale.") gets itself lowercased. Runs after "and", "read", "starred"
        and the like (titles of works in a list) are left alone.
        """
        if b <= a or (b + 1 < len(toks) and toks[b + 1][2] in _JOINERS):
            return []
        words = [toks[k][2] for k in range(a, b + 1)]
        lows = [_base(w).lower() for w in words]
        k = a - 1 if toks[a - 1][2] != "," else a - 2
        prev = toks[k][2].lower() if k >= 0 else ""
        if prev in self.run_skip or prev in self.introducers:
            # a list of titles after "and" ("Jaws and Gone With The Wind"), unless a past tense
            # carries on the sentence's predicate ("called it illegal and Urged Citizens To Gather")
            if prev in self.conj_verbs and self._past(words[0], lows[0]):
                return self._predicate(doc, ev, toks, a, b, prev, taken, relative=True)
            return []
        first = lows[0]
        n = len(words)
        if after in (".", ";", "!", "?"):
            # "his office In Rue Royale.": a preposition, names only, the sentence ends
            if first in self.open_preps and prev not in self.closed and _is_lower(prev):
                rest = range(1, n)
                if all(lows[j] not in self.run_function and self.name_like(words[j]) for j in rest):
                    return self._emit_run(doc, ev, toks, a, b, "first", taken)
            # "the win Is A Big Moment For Pakistan Cricket.": a whole predicate, two small words in it
            if sum(1 for j in range(1, n) if lows[j] in self.run_function) >= 2:
                return self._predicate(doc, ev, toks, a, b, prev, taken)
            return []
        if not (_is_lower(after) or (after == "," and b + 2 < len(toks) and _is_lower(toks[b + 2][2]))):
            return []
        inner = [j for j in range(1, n) if lows[j] in self.run_function]
        if any(lows[j] in self.aux_inner and j + 1 < n and lows[j + 1].endswith("ed") for j in range(1, n)):
            # "The Kyoto Protocol Was Signed": a clause, its auxiliary and participle capitalised
            j = next(j for j in range(1, n) if lows[j] in self.aux_inner)
            if self._lower_ok(words[j + 1], ev):
                return self._emit_run(doc, ev, toks, a, b, "all", taken)
        if not inner:
            return []
        after_fn = [j for j in range(inner[0] + 1, n) if lows[j] not in self.closed]
        if any(self._lower_ok(words[j], ev, words[j + 1] if j + 1 < n else None) for j in after_fn):
            if first in self.open_preps and prev not in self.preps:
                return self._emit_run(doc, ev, toks, a, b, "all", taken)
            # a verb form, not a title of a work after "to" ("a sequel to Gone With The Wind")
            verb = first in self.closed or (
                self._lower_ok(words[0], ev) and (first.endswith(("ed", "en", "ing")) or self._verbish(first))
            )
            comma_ing = toks[a - 1][2] == "," and first.endswith("ing")
            if verb and (prev in self.verb_context or comma_ing):
                return self._emit_run(doc, ev, toks, a, b, "all", taken)
            # "will take A Week Of Complete Rest before": an article opens the object of a verb
            article = first in _ARTICLES and _is_lower(prev) and prev not in self.closed
            if article and all(self._lower_ok(words[j], ev, words[j + 1] if j + 1 < n else None) for j in after_fn):
                return self._emit_run(doc, ev, toks, a, b, "all", taken)
        found = self._predicate(doc, ev, toks, a, b, prev, taken)
        if found:
            return found
        if sum(1 for j in inner if lows[j] != "and") >= 3:
            return self._emit_run(doc, ev, toks, a, b, "function", taken)
        return []

    def _predicate(
        self, doc: Document, ev: _Doc, toks, a: int, b: int, prev: str, taken, relative: bool = False
    ) -> list[Finding]:
        """A finite verb after its subject opens the run, a capitalised small word and a common
        word follow it: the sentence's predicate is anchor text ("the reform Does Not Solve The
        Structural Problems of", "which Violated The Dress Code of"). The subject may be a name
        in the same run ("where Modi Inaugurated The Ram Temple in"): the finding starts at the
        verb. A title of a work has no subject before it ("the film Gone With The Wind")."""
        words = [toks[k][2] for k in range(a, b + 1)]
        lows = [_base(w).lower() for w in words]
        n = len(words)
        for v in range(n - 2):
            if v and self._lower_ok(words[v - 1], ev):
                return []  # only names may stand before the verb, as its subject
            subject = prev if v == 0 else words[v - 1]
            subject_ok = prev not in self.closed or prev in self.relatives or prev in self.subjects or relative
            if v == 0 and not (_is_lower(prev) and subject_ok):
                continue
            if not self._finite(words[v], lows[v], ev):
                continue
            inner = [j for j in range(v + 1, n) if lows[j] in self.run_function]
            if not inner or not subject:
                return []
            rest = [j for j in range(inner[0] + 1, n) if lows[j] not in self.closed]
            # names alone may follow a past tense ("who Won The Australian Open in"), not an
            # -s form or an auxiliary, which a name can hold ("Owns The Washington Post")
            past = self._past(words[v], lows[v])
            if past or any(self._lower_ok(words[j], ev, words[j + 1] if j + 1 < n else None) for j in rest):
                return self._emit_run(doc, ev, toks, a + v, b, "predicate", taken)
            return []
        return []

    def _past(self, word: str, low: str) -> bool:
        """A past tense: irregular and listed, or in -ed with a verb for its base."""
        if low in self.irregular_past:
            return True
        if len(low) < 5 or not low.endswith("ed"):
            return False
        # its base is a word and its -ing form too (inaugurated: inaugurate, inaugurating;
        # stopped: stop, stopping); names in -ed have neither (Ahmed, Reed)
        bases = (low[:-1], low[:-2], low[:-3]) if low[-3] == low[-4] else (low[:-1], low[:-2])
        # (annulled: annulling is rarer, at 1.8, but the -ed form itself is common)
        ing = self.zipf(low[:-2] + "ing")
        if ing >= 2.0 and any(self.zipf(x) >= 2.5 for x in bases):
            return True
        return ing >= 1.5 and self.zipf(low) >= 2.5 and any(self.zipf(x) >= 2.0 for x in bases)

    def _finite(self, word: str, low: str, ev: _Doc) -> bool:
        """A finite verb form: an auxiliary or modal, a common irregular past tense, a word in -ed
        whose base is a verb, or a common word in -s whose base is one."""
        if low in self.finite or self._past(word, low):
            return True
        if len(low) < 5 or low.endswith("ed") or not self._lower_ok(word, ev):
            return False
        if low.endswith("es") or (low.endswith("s") and not low.endswith("ss")):
            return self.verb_like(low[:-1]) or (low.endswith("es") and self.verb_like(low[:-2]))
        return False

    def _verbish(self, word: str) -> bool:
        """A base-form verb, loosely: its -s or its -ing form is a real word (abolish: abolishing)."""
        w = word.lower()
        stem = w[:-1] if w.endswith("e") else w
        third = w + "es" if w.endswith(("s", "sh", "ch", "x", "z")) else w + "s"
        return max(self.zipf(third), self.zipf(stem + "ing")) >= 2.5

    def _lower_ok(self, word: str, ev: _Doc, nxt: str | None = None) -> bool:
        """Does this capitalised word of an anchor run read lowercase? As `common`, but a title word
        reads lowercase unless a name follows ("Port Of Arrival", not "President Macron"), and a
        rare plural or -ing form of a known word ("Frontrunners", "Cementing") is common: names
        do not inflect."""
        base = _base(word)
        low = base.lower()
        if low in self.keep:
            return False
        if low in self.titles:
            if nxt is not None and _is_cap(nxt) and nxt.lower() not in self.closed:
                return False
            return self.zipf(base) >= 3.0 and ev.mid_caps(base) <= 1
        if known_name(self.resources, base) and not ev.has_lower(base):
            return False  # "Bank Of America", "In The Streets Of Munich"
        if self.common(word, ev):
            return True
        z = self.zipf(base)
        if ev.mid_caps(base) > 1:
            return False
        if z >= 3.0:
            # frequent, hardly inflected ("Further", "Only"): a word, unless the name canon knows it
            return z >= 4.5 and not known_name(self.resources, base)
        if low.endswith("s") and not low.endswith("ss") and self.zipf(low[:-1]) >= 2.5:
            return True
        return low.endswith("ing") and max(self.zipf(low[:-3]), self.zipf(low[:-3] + "e")) >= 3.0

    def _emit_run(self, doc: Document, ev: _Doc, toks, a: int, b: int, mode: str, taken) -> list[Finding]:
        """One finding over the whole run a..b: lowercase its first word ("first"), its small words
        ("function") or every word that reads lowercase ("all"), keeping names whole: capitalised
        words after a name up to the next small word belong to it ("the Kyoto Protocol was")."""
        if ANCHOR not in self.rules:
            return []
        text = doc.text
        s, e = toks[a][0], toks[b][1]
        pieces: list[str] = []
        pos = s
        in_name = False
        for k in range(a, b + 1):
            ts, te, tok = toks[k]
            low = _base(tok).lower()
            if mode == "first" or (mode == "predicate" and k == a):
                lower = k == a  # the predicate's verb reads lowercase, whatever else it may name
            elif mode == "function":
                lower = k > a and low in self.run_function
            elif low in self.closed:
                lower, in_name = True, False
            elif in_name:
                lower = False
            else:
                lower = self._lower_ok(tok, ev, toks[k + 1][2] if k < b else None)
                in_name = not lower
            pieces.append(text[pos:ts])
            pieces.append(tok[0].lower() + tok[1:] if lower else tok)
            pos = te
            taken.add(ts)
        fix = "".join(pieces)
        if fix == text[s:e]:
            return []
        return [self.finding(doc, ANCHOR, s, e, suggestions=[fix])]

    def _prose_after(self, toks, b: int, after: str) -> bool:
        """Lowercase prose goes on after the run (its next content word is lowercase too)."""
        if not _is_lower(after):
            return False
        nxt = self._next_content(toks, b + 1)
        return nxt is not None and _is_lower(nxt)

    def _verb_then_name(self, toks, i: int, b: int, after: str, ev: _Doc) -> bool:
        """ "to Meet With Putin next week": a common verb, its preposition, then names.

        Organisations keep a capitalised preposition too ("Bank Of America", "Institute For
        Justice"), so only verb prepositions count, the word before must read as a verb,
        and title words after it ("Justice", "State") make it a name.
        """
        if toks[i][2].lower() not in self.verb_preps or i == 0 or not _is_cap(toks[i - 1][2]):
            return False
        verb = toks[i - 1][2]
        if not (self.common(verb, ev) and self.verb_like(verb)):
            return False
        if any(toks[k][2].lower() in self.titles or self.common(toks[k][2], ev) for k in range(i + 1, b + 1)):
            return False
        return _is_lower(after) or after in ("", ",", ".", ";", ":")

    def _rare_name(self, word: str, ev: _Doc) -> bool:
        """A capitalised word that reads as a name: recurs capitalised mid-sentence or is rare."""
        return ev.mid_caps(word) > 1 or self.zipf(word) < 3.0

    def _emit(self, doc: Document, ev: _Doc, toks, first: int, last: int, code: str, taken, keep_first: bool):
        """Findings from token first..last: lowercase the common words, one finding per chunk ending in names."""
        if code not in self.rules:
            return []
        out: list[Finding] = []
        chunk: list[int] = []

        def close(end_tok: int) -> None:
            if not chunk:
                return
            s, e = toks[chunk[0]][0], toks[end_tok][1]
            pieces = []
            pos = s
            for k in range(chunk[0], end_tok + 1):
                ts, te, tok = toks[k]
                pieces.append(doc.text[pos:ts])
                pieces.append(tok[0].lower() + tok[1:] if k in chunk else tok)
                pos = te
            out.append(self.finding(doc, code, s, e, suggestions=["".join(pieces)]))
            chunk.clear()

        k = first
        while k <= last:
            tok = toks[k][2]
            change = (_is_cap(tok) or tok == "A") and not (keep_first and k == first) and self.common(tok, ev)
            if change:
                chunk.append(k)
                taken.add(toks[k][0])
            elif chunk and _is_cap(tok):
                # names right after the changed words end the chunk: "Warn Putin", "If Moscow"
                j = k
                while j + 1 <= last and _is_cap(toks[j + 1][2]) and not self.common(toks[j + 1][2], ev):
                    j += 1
                close(j)
                k = j
            k += 1
        if chunk:
            end = chunk[-1]
            close(end)
        return out

    def _weak_word(self, word: str) -> bool:
        """A capitalised word that could open a lone anchor: a common word, not a title or closed word."""
        ok = self._weak_ok.get(word)
        if ok is None:
            low = word.lower()
            ok = not (low in self.keep or low in self.titles or low in self.closed)
            ok = ok and self.zipf(word) >= self.verb_zipf and not self.name_like(word)
            self._weak_ok[word] = ok
        return ok

    def _weak_pass(self, doc: Document, ev: _Doc, strong: list[Finding]) -> Iterator[Finding]:
        """In a document that has anchor case, the same page's other anchors: lone capitalised
        verbs before a name ("measures” Invade Ukraine, instead"), written so only once.

        Runs of capitalised common words ("announced Record Profits") were tried too: in
        clean text they are names far more often than anchors ("a major Second Amendment case")."""
        text = doc.text
        covered = sorted((f.start, f.end) for f in strong)
        starts = [c[0] for c in covered]
        for m in self.weak.finditer(text):
            s, e = m.span()
            word = m.group()
            if not self._weak_word(word) or ev.count(word) > 1:  # once only: a name would recur
                continue
            k = bisect_right(starts, s) - 1
            if k >= 0 and covered[k][0] <= s < covered[k][1]:
                continue
            # after a content word ("measures” Invade"), not after a determiner or preposition,
            # which would make it the head of a name ("the Labour Party", "with Prime Minister")
            pm = _PREV_WORD.search(text, max(0, s - 40), s)
            prev = pm.group(1) if pm else ""
            if prev == "to" and text[s - 2] == "o" and _LOWER_NEXT.match(text, e) and self.verb_like(word):
                # "ready to Warn the allies": an infinitive in capitals, prose after it
                yield self.finding(doc, ANCHOR, s, e, suggestions=[word.lower()], confidence=0.5)
                continue
            if not pm or not _is_lower(prev) or prev.lower() in self.closed or prev.lower() in self.introducers:
                continue
            # a verb, then a name the document repeats, then punctuation or lowercase: "Invade Ukraine, instead"
            nm = _NEXT_NAME.match(text, e)
            if not nm or not self.verb_like(word):
                continue
            name = nm.group(1)
            low_name = name.lower()
            if low_name in self.titles or low_name in self.keep or ev.count(name) < 2 or not self.name_like(name):
                continue
            end = nm.end(1)
            yield self.finding(doc, ANCHOR, s, end, suggestions=[word.lower() + text[e:end]], confidence=0.6)


_QUESTION_OPENERS = frozenset(
    [
        "can",
        "could",
        "will",
        "would",
        "should",
        "shall",
        "is",
        "are",
        "was",
        "were",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "may",
        "might",
        "must",
        "what",
        "why",
        "how",
        "who",
        "where",
        "when",
        "which",
    ]
)


def _ends_in_question(text: str, s: int) -> bool:
    """Whether the sentence from s ends with a question mark (before a full stop or line end)."""
    ends = [p for p in (text.find("?", s), text.find(".", s), text.find("\n", s)) if p != -1]
    return bool(ends) and text[min(ends)] == "?"


def _heading_line(doc: Document, s: int) -> bool:
    """A short line with no sentence punctuation at its end, blank lines (or the text's edge) around it."""
    text = doc.text
    lo, hi = doc.line_bounds(s)
    line = text[lo:hi].strip()
    if not line or len(line) > 80 or line[-1] in '.!?,;:"”’':
        return False
    before = text[max(0, lo - 2) : lo]
    after = text[hi : hi + 2]
    underline = _UNDERLINE.match(text, hi) is not None  # a Setext or reST heading: "Title\n-----"
    return (lo == 0 or before.endswith("\n\n") or before == "\n") and (
        hi >= len(text) or after.startswith("\n\n") or after.strip() == "" or underline
    )

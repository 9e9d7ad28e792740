"""Untranslated words: frequent words of another language left in English text.

MT leaves single words untranslated ("laut", "sagte", "Telefonat", "selon",
"según"). The word table (`rules/mt/data/foreign.tsv`) holds frequent words of
German, French, Spanish, Italian, Dutch, Polish, Portuguese and Swedish that
English does not use, the longer ones (five letters or more, never seen in
English) of thirteen more Latin-script languages (Catalan, Czech, Danish,
Finnish, Hungarian, Indonesian, Norwegian, Romanian, Serbo-Croatian, Slovak,
Slovenian, Turkish, Vietnamese), plus German-style capitalised nouns of at least
eight letters ("Bundeskanzler", "Telefonat", "Milliarden"). A second list
(`foreign-rare.txt`) holds rarer words of seven letters or more that English text
never uses ("wojewoda", "stikstof"): lower case only, and info.

A hit is judged by its neighbours: a run of two or more foreign words is a
quotation or a title and passes, so is a word introduced as foreign ("German
for", "so-called", "known as") or inside a Title Case name. A very frequent
word of its language (Zipf >= 5, a function word) is a warning; rarer ones are
`info`. Words in another script (Cyrillic, Arabic, CJK ...) inside English text
are `mt.foreign-script`, info, outside parentheses only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..finding import Finding, Severity
from ..language import is_english
from . import Check, register
from .mt_common import DETERMINERS, FUNCTION_WORDS, foreign_words, loan_words, rare_foreign_words, words
from .mt_pack import lowered, tokens

_GERMAN_NOUN_MIN = 8
_RARE_ZIPF = 3.5  # what foreign-rare.txt's words stand for: rarer than any warning needs
# A capitalised German word is a common noun, not a place or a family name, when it
# carries a common-noun ending ("Zinserhöhungen", "Regierungssprecher") ...
GERMAN_NOUN_ENDINGS = tuple(
    words(
        """ung ungen heit heiten keit keiten schaft schaften tion tionen ismus minister ministerin
    ministerium kanzler kanzlerin präsident präsidentin sprecher sprecherin vorsitzende vorsitzender
    chef chefin botschafter gericht verband gespräch gespräche telefonat abkommen vertrag gesetz
    geld steuer politik wahl wahlen krieg lage zeit preise kosten angaben sitzung behörde"""
    )
)
_ROMANCE_PARTICLES = words("de du des la le les el los las di da del della dei degli")
# ... or stands where English puts a common noun ("the Telefonat"); a title before a
# name ("Bundeskanzler Olaf Scholz") is a German title left untranslated.
_GERMAN_TITLES = tuple(
    words(
        """minister ministerin kanzler kanzlerin präsident präsidentin sprecher sprecherin chef chefin
    botschafter vorsitzende vorsitzender"""
    )
)


class _Span:
    """Start and end of an occurrence, shaped like the parts of a match the judge reads."""

    __slots__ = ("_end", "_start")

    def __init__(self, start: int, end: int) -> None:
        self._start, self._end = start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end


def _wordish(ch: str) -> bool:
    return ch.isalnum() or ch in "'’-_"


_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_INTRO = re.compile(
    r"(?:German|French|Spanish|Italian|Dutch|Polish|Portuguese|Swedish|Latin|Catalan|Czech|Danish|Finnish|"
    r"Hungarian|Indonesian|Norwegian|Romanian|Croatian|Serbian|Bosnian|Slovak|Slovenian|Turkish|Vietnamese|"
    r"literally|so-called|known as|called|"
    r"dubbed|term|word|motto|slogan|phrase|title|named|nicknamed|means|meaning)[\s:,“\"'‘(]*$",
    re.I,
)
_OUTRO = re.compile(
    r"\s*(?:[(“\"]|,?\s*(?:is|was|are|were)\s+(?:\w+\s+)?(?:translated|rendered|used|spelled|pronounced)|means\b|"
    r"meaning\b|translates\b|literally\b|\)|[-–—]\s*(?:literally|meaning))",
    re.I,
)
_SCRIPTS = r"\u0400-\u04ff\u0590-\u05ff\u0600-\u06ff\u0900-\u097f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af"
_SCRIPT = re.compile(rf"[{_SCRIPTS}]+(?:[ \u3000]+[{_SCRIPTS}]+)*")
# One character of those scripts: a plain character class scans about three times
# faster than `_SCRIPT` (whose repeat has no fast prefix), and most texts have none.
_SCRIPT_CHAR = re.compile(rf"[{_SCRIPTS}]")


@register("mt-untranslated")
class MtUntranslated(Check):
    """Foreign words and scripts left in English text (see module doc)."""

    def __init__(self, rules, resources) -> None:
        super().__init__(rules, resources)
        self.words = foreign_words()
        self.tokens = resources.cached("mt.foreign-tokens", lambda: frozenset(self.words))
        self.rare = rare_foreign_words()

    def run(self, doc: Document, ctx) -> Iterator[Finding]:
        if not is_english(ctx, doc.text):
            return  # an English check: another language is not garbled English
        text = doc.text
        if self.enabled("mt.untranslated"):
            low = lowered(ctx, text)[0]
            doc_tokens = tokens(ctx, text)
            present = self.tokens.intersection(doc_tokens).union(self.rare.words.intersection(doc_tokens)) - {""}
            if present and len(low) == len(text):
                yield from self._words(doc, text, low, present)
        if self.enabled("mt.foreign-script"):
            yield from self._scripts(doc, text)

    def _foreignish(self, token: str) -> bool:
        low = token.lower()
        if low in self.words or low in self.rare.words:
            return True
        if low in FUNCTION_WORDS or len(low) < 2:
            return False
        return self.resources.zipf(low, "en") < 2.0

    def _entry(self, word: str) -> tuple[str, float, bool]:
        """(language, Zipf, noun_only) of a listed lower-case word; a rare word counts as Zipf 3.5 (info)."""
        entry = self.words.get(word)
        return entry if entry is not None else (self.rare.language(word), _RARE_ZIPF, False)

    def _same_language(self, word: str, lang: str) -> bool:
        """A neighbour far more frequent in `lang` than in English ("gran", "vita", "con"), though English knows it."""
        if len(word) < 2:
            return False
        loans = self.resources.cached("mt.loan-words", loan_words)
        return f"{word.lower()}\t{lang}" in loans

    def _neighbour(self, text: str, pos: int, step: int) -> str:
        """The word next to `pos` going left (step -1) or right (+1), across spaces only."""
        if step < 0:
            chunk = text[max(0, pos - 40) : pos]
            if not chunk.endswith((" ", "\u00a0")):
                return ""
            tokens = _TOKEN.findall(chunk)
            return tokens[-1] if tokens and chunk.rstrip().endswith(tokens[-1]) else ""
        chunk = text[pos : pos + 40]
        if not chunk.startswith((" ", "\u00a0")):
            return ""
        m = _TOKEN.match(chunk.lstrip())
        return m.group() if m else ""

    def _occurrences(self, text: str, low: str, present: set[str]) -> Iterator[tuple[int, int, str]]:
        """Positions where a present word stands alone, in the case its kind allows."""
        for word in present:
            lang, zipf, noun_only = self._entry(word)
            capital_ok = len(word) >= _GERMAN_NOUN_MIN and lang == "de"
            p = low.find(word)
            while p != -1:
                end = p + len(word)
                if (p == 0 or not _wordish(text[p - 1])) and (end == len(text) or not _wordish(text[end])):
                    found = text[p:end]
                    capital = found == word[:1].upper() + word[1:]
                    if (found == word and not noun_only) or (capital and (capital_ok or zipf >= 5.0)):
                        yield p, end, found
                p = low.find(word, end)

    @staticmethod
    def _capital_ok(word: str, left: str, right: str, noun_only: bool, zipf: float) -> bool:
        """Whether a capitalised hit is a foreign common word rather than a name or a heading.

        An empty `left` means the word opens a sentence, a line or a clause.
        """
        if left[:1].isupper() and left.lower() not in FUNCTION_WORDS:
            return False  # inside a Title Case name
        if not noun_only:  # a function word: only sentence-initial before English ("Laut the")
            return not left and zipf >= 5.0 and right in FUNCTION_WORDS
        low = word.lower()
        if low.endswith(_GERMAN_TITLES) and right[:1].isupper():
            return True  # "Bundeskanzler Olaf Scholz": a German title before the name
        if right[:1].isupper():
            return False  # part of a name
        return low.endswith(GERMAN_NOUN_ENDINGS) or left.lower() in DETERMINERS  # not "Ahrweiler"

    def _words(self, doc: Document, text: str, low: str, present: set[str]) -> Iterator[Finding]:
        for start, end, word in sorted(self._occurrences(text, low, present)):
            m = _Span(start, end)
            left = self._neighbour(text, m.start(), -1)
            right = self._neighbour(text, m.end(), 1)
            if (left and self._foreignish(left)) or (right and self._foreignish(right)):
                continue  # a quoted phrase or a title in that language
            if left.lower() in _ROMANCE_PARTICLES:
                continue  # a loan expression or a name: "pas de deux", "Hôtel de Ville"
            capital = word[:1].isupper()
            lang, zipf, noun_only = self._entry(word.lower())
            if self._same_language(left, lang) or self._same_language(right, lang):
                continue  # a loan phrase English also spells: "gran fondo", "dolce vita", "chili con carne"
            if capital and not self._capital_ok(word, left, right, noun_only, zipf):
                continue
            before = text[max(0, m.start() - 30) : m.start()]
            if _INTRO.search(before) or before.rstrip().endswith(("“", '"', "‘", "(", "«")):
                continue
            if _OUTRO.match(text, m.end()):
                continue  # the word is being glossed: "landen is translated as", "Telefonat (call)"
            strong = zipf >= 5.0 or (capital and len(word) >= 9)
            yield self.finding(
                doc,
                "mt.untranslated",
                m.start(),
                m.end(),
                message=f"{word!r} looks like an untranslated {lang} word",
                severity=None if strong else Severity.INFO,
                confidence=0.75 if strong else 0.45,
                signal=f"untranslated:{lang}",
            )

    def _scripts(self, doc: Document, text: str) -> Iterator[Finding]:
        first = _SCRIPT_CHAR.search(text)
        if first is None:
            return  # no foreign script
        matches = list(_SCRIPT.finditer(text, first.start()))  # no match starts before its first character
        if not matches or sum(m.end() - m.start() for m in matches) > 0.2 * len(text):
            return  # no foreign script, or a bilingual/non-English document
        for m in matches:
            before = text[max(0, m.start() - 40) : m.start()]
            if "(" in before and ")" not in before[before.rfind("(") :]:
                continue
            if _INTRO.search(before) or before.rstrip().endswith((":", "“", '"', "«")):
                continue
            if text.startswith(" (@", m.end()):
                continue  # a display name before its handle: "Tzippy Yarom صِپورة (@zpyarom)"
            yield self.finding(
                doc,
                "mt.foreign-script",
                m.start(),
                m.end(),
                message="Text in another script inside English text: left untranslated?",
                signal="untranslated:script",
            )

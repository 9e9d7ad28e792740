"""Stray tokens and fragments that machine translation leaves in running text.

Four signals, each found by one compiled regex over the text; Python only judges
the (few) hits:

- `mt.stray-letter`: a lone capital letter between two lower-case words of a
  noun phrase ("a secure S video call"), unless the word before takes a letter
  label ("plan B", "vitamin D", "type O") or the letter starts a compound
  ("T cells", "G word", "C major").
- `mt.word-sandwich`: the same verb form on both sides of a short phrase
  ("fighting separatists fighting"); the middle must be content words, so "day
  by day" and "more and more" pass.
- `mt.one-word-sentence`: a single lower-case word standing as a sentence
  between two full stops inside a paragraph ("integrity. support.").
- `mt.verbless-sentence`: a short sentence inside a paragraph with no finite
  verb ("Increasing tension Russia's military build-up near Ukraine."). A
  sentence that is a line of its own (headline, caption, list item) is never
  judged. Verbs come from a generated table of English finite-verb forms; a word
  right after a determiner or preposition is taken for a noun.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from ..document import Document
from ..finding import Finding
from ..language import is_english
from . import Check, register
from .mt_common import (
    AUXILIARIES,
    DETERMINERS,
    FUNCTION_WORDS,
    PREPOSITIONS,
    WORD_TOKEN,
    load_ngrams,
    unseen_share,
    verb_forms,
    words,
)

# Nouns that take a letter as a label: "plan B", "vitamin D", "type O", "gen Z".
_LABEL_NOUNS = words(
    """plan vitamin vitamins type types group groups grade grades class classes model models size sizes section
    sections part parts appendix exhibit category categories letter letters option options hepatitis wing block
    blocks gate gates terminal terminals row rows column columns pool pools route routes unit units level levels
    tier tiers phase phases stage stages zone zones channel channels series platform platforms building buildings
    floor floors hall halls car cars lot lots ward wards division divisions league leagues program programme team
    teams player players gen generation schedule schedules form forms track tracks side sides batch point points
    pier berth lane lanes hangar range ranges annex tower towers door doors box boxes cell cells bay bays camp
    camps sector sectors area areas region regions district station stations line lines ring dose doses cohort
    arm arms variant variants strain strains subtype grupo company battery troop flight squadron shift shifts
    note notes key keys major minor chord chords scale scales vitamin-d letter-grade apartment apartments room
    rooms suite suites bus buses train trains exit exits runway runways concourse pavilion bed beds bunker reactor
    reactors well wells pad pads field fields site sites shaft grid sheet table tables figure figures chart charts
    page pages step steps round rounds pool court courts lab labs wave waves pill pills drug drugs list lists
    ticket tickets seat seats aisle hut hole holes plot plots tank tanks vitamin-b hepatitis-b flat flats"""
)
# Words after the letter that make a compound with it: "T cells", "X rays".
_LETTER_COMPOUNDS = words(
    """word words cell cells ray rays shirt shirts turn turns bomb bombs major minor flat sharp chromosome
    chromosomes factor wave waves team teams list lists rated rating grade minus plus header headers code
    compiler compilers library libraries language programming program programs source files file extension
    extensions syntax"""
)
# Literal-led patterns: Python's `re` scans fast only for a pattern that starts
# with a literal or a small character set, so context is checked in Python.
_STRAY = re.compile(r" ([B-HJ-Z]) (?=([a-z]{3,})\b)")
_WORD_BEFORE = re.compile(r"(?<![\w'’.&/-])([a-z]{3,})$")

# One pattern per suffix: each then starts with a literal and scans fast.
_SANDWICHES = tuple(
    re.compile(rf"({suffix}) ([a-z]{{3,}}(?: [a-z]{{2,}})?) ([a-z]{{3,}}{suffix})(?![\w'’-])")
    for suffix in ("ing", "ed")
)

# "word. word." where the second is one lower-case word standing as a sentence.
_ONE_WORD = re.compile(r"\.( ([a-z]{3,})\.)(?=[\"”’]?(?:\s|$))")
_ABBREVIATIONS = words(
    """etc al approx incl esp cf viz vs ibid resp misc dept govt vol vols pp fig figs no nos ca cca ed eds op cit ch
    chap sec para art est min max avg ft yd mi oz lb lbs kg km cm mm hr hrs mins secs tel ext univ assn bros corp inc
    ltd co jr sr st mt ave blvd rd hwy bbl bbls gal gals qt pt pts tbsp tsp sq cu yr yrs mo mos wk wks bn mn mln
    tn pct cent approx"""
)
# A sentence that starts in lower case right after a full stop: ". officials refused ...".
_LOWER_START = re.compile(r"\. ([a-z][a-z'’-]*(?: [^\s.!?]+){1,14}[.!?]?)")

# Three to twelve plain words. The words can only end where the full stop is
# (no other character may follow a word), so giving back words or letters never
# helps: possessive quantifiers (Python 3.11+) forbid it, and a sentence of more
# than twelve words fails after twelve instead of after trying every shorter
# split (about twice as fast, the same matches).
_WORDS = r"[A-Z][\w’'-]*+(?: [\w’'-]++){2,11}+" if sys.version_info >= (3, 11) else r"[A-Z][\w’'-]*(?: [\w’'-]+){2,11}"
# A sentence inside a paragraph: after ". " on the same line, three to twelve
# plain words, no internal punctuation, ending with a full stop.
_SENTENCE = re.compile(rf"[.!?] ({_WORDS})(?=\.(?:[ \t]+[A-Z“\"]|[ \t]*$))", re.M)
# A paragraph that opens with such a sentence and goes on after it on the same line
# (a headline or caption stands alone on its line and is never judged).
_OPENING_SENTENCE = re.compile(rf"\n({_WORDS})(?=\.[ \t]+[A-Z“\"])")
_SENTENCE_END_BEFORE = frozenset('abcdefghijklmnopqrstuvwxyz0123456789"”’)')
_PRONOUN_IS = words("it's he's she's that's there's what's who's here's where's let's")
_ELLIPTIC_OPENERS = words("not but and or so yet nor no never maybe perhaps only just even")
# Before a verb form these are the subject, not a determiner: "That all sounds", "This seems".
_PRONOUN_SUBJECTS = words("all both each that this these those")
# Irregular past tenses: after a sentence-initial gerund they are the verb ("Teaching ran in ...").
_IRREGULAR_PAST = words(
    """ran began took made came went saw told gave got found thought became left felt kept brought held stood
    heard meant met paid sat spoke lay led grew lost fell sent built understood drew broke spent rose drove
    bought wore chose sought threw caught dealt won fought forgot hung shook hid rode struck woke sang swam
    flew knew wrote ate sank sprang stole swore tore began"""
)
_CONJUNCTIONS = words("because while although though unless whereas until once whether than")
_TITLE_ABBR = words("mr mrs ms dr st gen lt col sgt capt sen rep gov prof no vs jr sr inc co corp ltd")


def _lowercase_paragraph(text: str, pos: int) -> bool:
    """Does the line holding `pos` open in lower case too ("me stepping down. bye my beloved qwen.")?"""
    start = text.rfind("\n", 0, pos) + 1
    head = text[start : start + 8].lstrip(" \t“\"‘'(«[>*-")
    return head[:1].islower()


@register("mt-fragments")
class MtFragments(Check):
    """Stray letters, sandwiched repeats, one-word and verbless sentences (see module doc)."""

    def __init__(self, rules, resources) -> None:
        super().__init__(rules, resources)
        self.verbs = verb_forms()
        self.ngrams = load_ngrams(resources)

    def run(self, doc: Document, ctx) -> Iterator[Finding]:
        if not is_english(ctx, doc.text):
            return  # an English check: another language is not garbled English
        text = doc.text
        if self.enabled("mt.stray-letter"):
            yield from self._stray_letters(doc, text)
        if self.enabled("mt.word-sandwich"):
            yield from self._sandwiches(doc, text)
        if self.enabled("mt.one-word-sentence"):
            yield from self._one_word(doc, text)
        if self.enabled("mt.verbless-sentence"):
            yield from self._verbless(doc, text)
        if self.enabled("mt.lowercase-sentence"):
            yield from self._lowercase_start(doc, text)

    def _lowercase_start(self, doc: Document, text: str) -> Iterator[Finding]:
        for m in _LOWER_START.finditer(text):
            if m.start() == 0 or text[m.start() - 1].isspace():
                continue  # a lone "." is a name, not a full stop: "interpreting . as the working directory"
            before = text[max(0, m.start() - 12) : m.start()]
            word = before.rsplit(None, 1)[-1] if before.split() else ""
            if len(word) < 2 or not word[-2:].isalpha() or not word[-2:].islower():
                continue  # "U.S. officials", "p.m. local", a number
            bare = word.lower().lstrip('(“"').rstrip(".")
            if bare in _ABBREVIATIONS or "." in bare:
                continue
            if len(bare) <= 4 and self.resources.zipf(bare, "en") < 3.0:
                continue  # an abbreviation we do not list: "bbl.", "oz."
            if " " not in m.group(1).strip(".!?"):
                continue  # one word: mt.one-word-sentence judges it
            first = m.group(1).split(" ", 1)[0]
            if any(c in m.group(1) for c in "$€£¥"):
                continue  # a price list: "Dishwasher Safe. for $13.95"
            if first != first.lower():
                continue  # a brand written in lower case: "eBay said", "iPhone sales"
            if self.resources.zipf(first.strip("'’-"), "en") < 2.5:
                continue  # a name that is always lower case: "systemd will continue to ..."
            if _lowercase_paragraph(text, m.start()):
                continue  # the writer's style: a quoted post or chat written all in lower case
            yield self.finding(
                doc,
                "mt.lowercase-sentence",
                m.start(1),
                m.end(1),
                message="Sentence starts in lower case after a full stop: a clause MT split or garbled",
                signal="fragment",
            )

    def _stray_letters(self, doc: Document, text: str) -> Iterator[Finding]:
        for m in _STRAY.finditer(text):
            w = _WORD_BEFORE.search(text, max(0, m.start() - 30), m.start())
            if w is None:
                continue
            before, letter, after = w.group(1), m.group(1), m.group(2)
            if before in _LABEL_NOUNS or before in DETERMINERS or before in PREPOSITIONS:
                continue
            if before in FUNCTION_WORDS or after in _LETTER_COMPOUNDS or after in FUNCTION_WORDS:
                continue
            if text.count(f" {letter} ") >= 3:
                continue  # a letter the text uses as a word: "C programmers ... C functions", "value B"
            start = m.start(1)
            yield self.finding(
                doc,
                "mt.stray-letter",
                start,
                start + 2,
                suggestions=[""],
                message=f"Stray capital letter {letter!r} inside a noun phrase",
                signal="stray-token",
            )

    def _sandwiches(self, doc: Document, text: str) -> Iterator[Finding]:
        for m in (m for pattern in _SANDWICHES for m in pattern.finditer(text)):
            word = m.group(3)
            start = m.end(1) - len(word)
            if (
                start < 0
                or text[start : m.end(1)] != word
                or (start and (text[start - 1].isalnum() or text[start - 1] in "'’-"))
            ):
                continue
            middle = m.group(2).split()
            if any(w in FUNCTION_WORDS or w in _CONJUNCTIONS for w in middle):
                continue  # "continue working because working longer helps"
            yield self.finding(
                doc,
                "mt.word-sandwich",
                start,
                m.end(),
                message=f"{word!r} repeated on both sides of {m.group(2)!r}: one copy is likely a mistranslation",
                signal="stray-token",
            )

    def _one_word(self, doc: Document, text: str) -> Iterator[Finding]:
        for m in _ONE_WORD.finditer(text):
            if not text[max(0, m.start() - 3) : m.start()].isalpha() or not text[m.start() - 3 : m.start()].islower():
                continue
            prev = text[max(0, m.start() - 12) : m.start()].rsplit(None, 1)
            if prev and prev[-1].lower().strip('("“') in _ABBREVIATIONS:
                continue
            if m.group(2) in _ABBREVIATIONS:
                continue
            yield self.finding(
                doc,
                "mt.one-word-sentence",
                m.start(1),
                m.end(1),
                suggestions=[""],
                message=f"One-word fragment {m.group(2)!r} standing as a sentence",
                signal="fragment",
            )

    def _verbless(self, doc: Document, text: str) -> Iterator[Finding]:
        verbs = self.verbs
        for m in [*_SENTENCE.finditer(text), *_OPENING_SENTENCE.finditer(text)]:
            if m.group()[0] != "\n" and (m.start() == 0 or text[m.start() - 1] not in _SENTENCE_END_BEFORE):
                continue
            if m.group()[0] == "\n" and not _paragraph_start(text, m.start()):
                continue  # a hard-wrapped line that goes on a sentence from the line above
            head = text[max(0, m.start() - 8) : m.start()].rsplit(None, 1)  # the word the full stop ends
            if head and head[-1].lower().strip('(“"') in _TITLE_ABBR:
                continue
            words = m.group(1).split()
            if len(words[-1]) == 1 or words[-1].lower() in _TITLE_ABBR:  # "Samuel P.", "after Mr."
                continue
            if len(words) < 5 or words[0].lower() in _ELLIPTIC_OPENERS:
                continue  # "All of them.", "Mercurial's version of six.", "Not too many people around."
            if 2 * sum(1 for w in words if w[:1].isupper()) >= len(words):
                continue  # a title or a run of names: "Executive Vice President and Chief Brand Officer of ..."
            if self._has_verb(words, verbs) or any(
                w.endswith(("ates", "izes", "ises", "ifies")) and w[:1].islower() for w in words[1:]
            ):
                continue  # "A nonfree system subjugates users."
            if _list_number_before(text, m.start()):
                continue  # a numbered list item: "3. Adjudicates any disputes ..."
            lower = sum(1 for w in words if w[:1].islower())
            if lower < 2:  # a run of names or a title, not a clause
                continue
            confidence, signal = None, "verbless"
            if self.ngrams is not None:
                # Rank by the corpus's own word sequences: a fragment whose word
                # pairs the corpus knows well is a headline style, not garble.
                share = unseen_share([w.lower() for w in WORD_TOKEN.findall(m.group(1))], self.ngrams)
                if share < 0.25:
                    continue
                confidence, signal = round(0.3 + 0.6 * share, 2), "verbless+ngram"
            yield self.finding(
                doc,
                "mt.verbless-sentence",
                m.start(1),
                m.end(1) + 1,
                confidence=confidence,
                signal=signal,
                message="Sentence with no finite verb inside a paragraph: likely a garbled translation",
            )

    @staticmethod
    def _has_verb(words: list[str], verbs: frozenset[str]) -> bool:
        prev = ""
        for i, word in enumerate(words):
            low = word.lower()
            bare = low.replace("’", "'")
            if bare.endswith(("n't", "'re", "'ve", "'ll", "'d", "'m")) or bare in _PRONOUN_IS:
                return True
            if i and word[:1].isupper():
                prev = low
                continue
            if bare in AUXILIARIES:
                return True
            if bare in DETERMINERS or bare in PREPOSITIONS:
                prev = low
                continue
            # After a determiner, a preposition, a possessive or a sentence-initial
            # participle ("Increasing pressure ...") a verb form is read as a noun.
            nounish = (
                (prev in DETERMINERS and prev not in _PRONOUN_SUBJECTS)
                or prev in PREPOSITIONS
                or prev.endswith(("'s", "’s"))
                or (
                    i == 1
                    and prev.endswith(("ing", "ed"))
                    and not bare.endswith(("s", "ed"))
                    and bare not in _IRREGULAR_PAST
                )
            )
            if (bare in verbs or (len(bare) > 4 and bare.endswith("ed"))) and not nounish:
                return True
            prev = low
        return False


def _paragraph_start(text: str, newline: int) -> bool:
    """Does the line after the newline at `newline` open a paragraph (blank line or a finished line before)?"""
    lo = text.rfind("\n", 0, newline) + 1
    above = text[lo:newline].rstrip()
    return not above or above.endswith((".", "!", "?", ":", "”", '"', "’"))


def _list_number_before(text: str, pos: int) -> bool:
    """Is the full stop before `pos` the one of a list number at the start of its line ("3. ")?"""
    lo = text.rfind("\n", 0, pos) + 1
    head = text[lo : pos + 1].strip()
    return head.endswith(".") and head[:-1].isdigit()

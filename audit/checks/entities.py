"""Misspelled, truncated and transliterated names, checked against the entity canon.

One regex pass collects the document's capitalised tokens; each distinct token is
classified once per process (`audit.entities.index`). Only tokens that are a
known wrong form, one or two edits off a canon name, or a misspelled first name
are located and judged in context:

- a known wrong form or transliteration is flagged outright (safe fix);
- a fuzzy match needs context against it: the person's first name or title right
  before it, or the canonical name elsewhere in the document; a place or
  organisation may also be flagged alone when wordfreq has never seen the token;
- a first name and surname are judged together and reported as one finding;
- a spelling seen once next to a near spelling used several times in the same
  document is reported as inconsistent (lower confidence), canon or not.

`known_name(resources, token)` lets other checks ask whether a capitalised token
is a name the canon knows.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from itertools import takewhile
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .. import regexcache
from ..document import Document
from ..entities.canon import Entity, fold_accents
from ..entities.index import COMMON_ZIPF, RARE_ZIPF, Fuzzy, Index, TokenInfo, WrongForm, first_class, max_edits
from ..entities.stored import stored_index
from ..language import is_english
from . import Check, register

KNOWN = "entity.known-misspelling"
TRANSLIT = "entity.transliteration"
FIRST = "entity.first-name"
FUZZY = "entity.fuzzy-name"
CONSISTENCY = "entity.inconsistent-spelling"
# A listed wrong form that wordfreq knows (a real word or name: "Merkle", "Kuba") needs context.
WRONG_NEEDS_CONTEXT_ZIPF = {None: 1.5, "translit": 2.0}

# Capitalised words of four letters or more: the only tokens a name check needs to see.
_CAP_HEAD, _CAP_TAIL = r"[A-ZÀ-ÖØ-ÞĀ-Ž]", r"[a-zA-Zß-öø-ÿĀ-ž]{3,}"
_CAP = re.compile(_CAP_HEAD + _CAP_TAIL)
_COMPOUND_TAIL = re.compile(r"[^\W\d_]{2,}(?![\w-])")
_PREV = re.compile(r"([^\W\d_][\w.]*)[ \t]+\Z")
_NEXT = re.compile(r"[ \t]+([^\W\d_][^\W\d_]*)")
# A word after a token that says it names a person ("Karul said"), not a place.
_PERSON_VERBS = {"said", "says", "told", "added", "declined", "wrote", "stated", "argued", "warned", "insisted", "who"}
_PLACE_PREPOSITIONS = {"in", "to", "from", "at", "near", "of", "into", "across", "towards", "toward", "outside"}
_LANGS = {"de": "German", "fr": "French", "pl": "Polish", "es": "Spanish", "it": "Italian", "ru": "Russian"}


def _user_files(resources) -> list[Path]:
    raw = resources.settings.get("entities") or []
    if isinstance(raw, str):
        raw = [raw]
    base = Path(resources.base_dir)
    return [Path(p) if Path(p).is_absolute() else base / p for p in raw]


def entity_index(resources) -> Index:
    """The canon (user lists + packaged lists) as an Index, built once per Resources."""
    return resources.cached("entities.index", lambda: stored_index(_user_files(resources), resources.zipf))


def known_name(resources, token: str, *, common_words: bool = True) -> bool:
    """True if `token` (any case, accents optional) is an accepted canon name token.

    For other checks (link-case, grammar filtering) that must not treat a known
    name as an ordinary capitalised word. Misspellings are not known names. Some
    names are also common words ("May", "Price", "Store" for Støre); with
    `common_words=False` those count as names only when rare in English (Zipf < 3.5).
    """
    word = token.strip(".,;:!?'’\"()")
    if not entity_index(resources).is_known(word):
        return False
    return common_words or resources.zipf(word.lower()) < 3.5


def _cased(suggestion: str, written: str) -> str:
    """Carry the written form's case over: 'BINDEN' -> 'BIDEN'."""
    letters = [c for c in written if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return suggestion.upper()
    return suggestion


def _occurrences(text: str, token: str) -> Iterator[tuple[int, int]]:
    """Spans of `token` as a whole word (str.find, no regex to compile per token)."""
    find = text.find
    size = len(token)
    pos = find(token)
    while pos != -1:
        end = pos + size
        if (pos == 0 or not text[pos - 1].isalpha()) and (end == len(text) or not text[end].isalpha()):
            yield pos, end
        pos = find(token, end)


def _present(counts: Counter, word: str) -> bool:
    return word in counts or word.upper() in counts


@register("entities")
class EntityCheck(Check):
    """Names against the canon: known wrong forms, fuzzy matches in context, consistency."""

    order = 40

    def __init__(self, rules, resources) -> None:
        super().__init__(rules, resources)
        self.index = entity_index(resources)
        # Three-letter acronyms the canon lists as wrong ("EZB", "ONU") ride on the same scan as an
        # alternative after the capital (a separate pass or a wider pattern costs far more).
        short = sorted({f[1:] for f in self.index.short_forms})
        cap = _CAP_HEAD + "(?:" + _CAP_TAIL + "|(?:" + "|".join(short) + r")(?![^\W\d_]))"
        self._cap = regexcache.compile(cap) if short else _CAP
        self.min_count = int(self.option(CONSISTENCY, "majority", 2))
        self._near_ids: set[int] = set()
        self._first_words: dict[int, tuple[str, ...]] = {}
        self._ctx_words: dict[str, set[str]] = {}

    # -- context --------------------------------------------------------------------------

    def _prev(self, text: str, start: int) -> tuple[str, int] | None:
        """The word right before `start` (same line, spaces only between) and where it starts.

        A middle initial is skipped: in "Joseph R. Bidden" the word before is "Joseph".
        """
        found = self._word_before(text, start)
        if found and len(found[0]) == 2 and found[0][0].isupper() and found[0][1] == ".":
            return self._word_before(text, found[1]) or found
        return found

    @staticmethod
    def _word_before(text: str, start: int) -> tuple[str, int] | None:
        window = text[max(0, start - 40) : start]
        stripped = window.rstrip(" \t")
        if len(stripped) == len(window) or not stripped:
            return None
        word = stripped.rsplit(None, 1)[-1]
        if not word[:1].isalpha() or "\n" in window[len(stripped) :]:
            return None
        return word, start - len(window) + len(stripped) - len(word)

    def _person_like(self, text: str, start: int, end: int, prev=False) -> bool:
        """Does the word at start:end read as part of a person's name ("Irber Berfin", "Berfin said")?"""
        if prev is False:
            prev = self._prev(text, start)
        if prev and prev[0] in _PLACE_PREPOSITIONS:
            return False  # "officials in Moskau said"
        nxt = _NEXT.match(text, end)
        return bool(
            (nxt and (nxt.group(1).casefold() in _PERSON_VERBS or self._namelike(nxt.group(1))))
            or (prev and (self._namelike(prev[0]) or self._first_name(prev[0])))
        )

    def _first_name(self, word: str) -> bool:
        """A capitalised first name of some person in the canon ("Tim Hagle" is a person, not The Hague)."""
        return word[:1].isupper() and word.casefold() in self.index.first_owner

    def _namelike(self, word: str) -> bool:
        """A capitalised word that is not a common one: likely part of a person's name."""
        return word[:1].isupper() and word.isalpha() and self.resources.zipf(word.lower()) < 3.5

    def _first_ctx(self, e: Entity, word: str) -> str | None:
        """'first' if `word` is an accepted first name of e, 'near' if a misspelling of one."""
        f = word.casefold()
        if e.type != "person":
            return None
        if f in self.index.firsts_of.get(id(e), ()):
            return "first"
        info = self.index.info(word)
        if info and any(p is e for p, _ in info.near_first):
            return "near"
        return None

    def _first_word(self, e: Entity, word: str, keep_accepted: bool = False, own_only: bool = False) -> str:
        """The one first-name word of e that `word` stands for ("Tayip" -> "Tayyip", "Inazio" -> "Inácio").

        Only that word is replaced, never the whole first name: "Recep Tayip Erdogan" keeps
        "Recep". With `keep_accepted`, a word already in the canonical name stays as written;
        with `own_only` (a listed wrong first name) the answer is a word of the canonical name.
        """
        folded = fold_accents(word).casefold()
        own = [w for w in e.name.split() if w != e.key and w.casefold() not in ("bin", "al", "da", "de", "von")]
        if keep_accepted and any(fold_accents(w).casefold() == folded for w in own):
            return word
        pool = own + [
            part
            for f in ([] if keep_accepted or (own_only and own) else e.first)
            for w in f.split()
            for part in (w, *(w.split("-") if "-" in w else ()))
        ]
        if not pool:
            return word
        dists = [OSA.distance(folded, fold_accents(w).casefold()) for w in pool]
        best = min(range(len(pool)), key=lambda i: (dists[i], i >= len(own), i))
        if keep_accepted and dists[best] > max(1, len(word) // 3):
            return word  # "J.K." is no spelling of "J.": another accepted form, kept
        return _cased(pool[best], word)

    def _title_ctx(self, e: Entity, word: str) -> bool:
        w = word.casefold().rstrip(".")
        return w in self.index.titles_of(e)

    def _glossed(self, text: str, e: Entity, start: int, end: int) -> bool:
        """'São Paulo de Loanda (Luanda)': a form glossed by the canonical one is a deliberate alias."""
        after = end + (80 if "(" in text[end : end + 3] else 30)  # "Deutschland (… in Germany)"
        window = text[max(0, start - 30) : after]
        if "(" not in window and " or " not in window and "known as" not in window and "formerly" not in window:
            return False
        low = window.casefold()
        return any(k.casefold() in low for k in e.keys) or e.name.casefold() in low

    def _doc_ctx(self, e: Entity, doc_tokens: Counter) -> bool:
        """The entity's surname or one-word name elsewhere in the document (as written or in capitals)."""
        return any(_present(doc_tokens, k) for k in e.keys)

    # -- the run --------------------------------------------------------------------------

    def run(self, doc: Document, ctx: Any) -> list:
        text = doc.text
        counts = Counter(self._cap.findall(text))
        if not counts:
            return []
        index = self.index
        tokens = counts.keys()
        new = tokens - index.seen
        if new:
            index.classify_all(new)
        hits = tokens & index.interesting
        compounds = self._compound_infos(text, tokens & index.compound_heads)
        singles = (tokens & index.rare_unknown) if self.enabled(CONSISTENCY) else ()
        firsts = (tokens & index.first_tokens) if self.enabled(FUZZY) else ()
        if (not hits and not singles and not firsts and not compounds) or not is_english(ctx, text):
            return []
        doc_tokens = counts
        found: list = []
        taken: list[tuple[int, int]] = []
        interesting = [index.info(tok) for tok in sorted(hits)]
        self._near_ids = {id(e) for info in interesting for e, _ in info.near_first}
        for info in interesting:
            if info.wrong or info.heads:
                self._wrong_forms(doc, info, doc_tokens, found, taken)
        for info in interesting:
            if info.near_first or info.variant_first:
                self._first_names(doc, info, doc_tokens, found, taken)
        for info in interesting:
            if info.fuzzy:
                self._fuzzy(doc, info, doc_tokens, found, taken, counts[info.token])
        for info, count in compounds:
            self._fuzzy(doc, info, doc_tokens, found, taken, count)
        if singles:
            self._consistency(doc, counts, [t for t in singles if counts[t] == 1], found, taken)
        if firsts:
            self._first_letter_slips(doc, sorted(firsts), found, taken)
        return found

    def _first_letter_slips(self, doc, firsts: list[str], found, taken) -> None:
        """A surname wrong in its first letter right after the person's own first name ("Petr Piala").

        The fuzzy prefilter groups names by first letter, so such slips are looked up the other
        way round: from each canon first name in the document to its persons' surnames, which
        are few. The word must be unknown to the canon and rare in English ("John Berry" is
        someone else), and no more than the usual edits off the surname.
        """
        index, text = self.index, doc.text
        for first in firsts:
            owners = [e for e in index.first_owner.get(first.casefold(), ()) if e.type == "person"]
            for start, end in _occurrences(text, first):
                nxt = _NEXT.match(text, end)
                if not nxt or not self._free(taken, start, nxt.end()):
                    continue
                word = nxt.group(1)
                w = word.casefold()
                if len(w) < 5 or not word[:1].isupper() or index.is_known(w) or self.resources.zipf(w) >= COMMON_ZIPF:
                    continue
                for e in owners:
                    key = next(
                        (k for k in e.keys if len(k) >= 5 and first_class(k) != first_class(w)
                         and OSA.distance(w, k.casefold()) <= max_edits(len(k))),
                        None,
                    )  # fmt: skip
                    if key is not None:
                        self._emit(
                            doc, found, taken, FUZZY, start, nxt.end(), text[start : nxt.start(1)] + key,
                            f"after {first!r}, probably {e.name!r} misspelled", 0.8, False,
                        )  # fmt: skip
                        break

    def _free(self, taken: list[tuple[int, int]], start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def _cover(self, text: str, start: int, end: int, suggestion: str) -> tuple[int, int]:
        """Widen the span over a word next to it that the suggestion also writes.

        "Ursula von der Lyen" with the suggestion "Ursula von der Leyen" on "von der Lyen"
        would read "Ursula Ursula von der Leyen" once applied: the span takes "Ursula" in.
        """
        if " " not in suggestion:
            return start, end
        head = suggestion.split(" ", 1)[0]
        written = text[start:end]
        prev = self._word_before(text, start)
        if prev and prev[0].casefold() == head.casefold() and not written.casefold().startswith(head.casefold()):
            start = prev[1]
        tail = suggestion.rsplit(" ", 1)[1]
        nxt = _NEXT.match(text, end)
        if nxt and nxt.group(1).casefold() == tail.casefold() and not written.casefold().endswith(tail.casefold()):
            end = nxt.end()
        return start, end

    def _emit(self, doc, found, taken, code, start, end, suggestion, message, confidence, safe) -> None:
        if not self.enabled(code):
            return
        start, end = self._cover(doc.text, start, end, suggestion)
        if not self._free(taken, start, end):
            return
        taken.append((start, end))
        written = doc.text[start:end]
        found.append(
            self.finding(
                doc,
                code,
                start,
                end,
                message=message,
                suggestions=[_cased(suggestion, written)],
                confidence=confidence,
                safe=safe,
            )
        )

    def _with_first(self, doc, e: Entity, start: int, surname: str, normalise: bool = False) -> tuple[int, str, bool]:
        """Extend a surname finding over the first name before it; fix that too if misspelled.

        With `normalise` (a foreign-press surname) an accepted but non-canonical first
        name came from the same foreign source ("Dmitri Peskow"), so it is normalised too.
        """
        prev = self._prev(doc.text, start)
        if prev and e.type == "person":
            word, pstart = prev
            middle = doc.text[pstart + len(word) : start]  # " " or " R. "
            kind = self._first_ctx(e, word)
            if kind == "first":
                first = self._first_word(e, word, keep_accepted=True) if normalise else word
                return pstart, f"{first}{middle}{surname}", False
            if kind == "near":
                listed = any(p is e for p in self.index.wrong_first_owner.get(word.casefold(), ()))
                return pstart, f"{self._first_word(e, word, own_only=listed)}{middle}{surname}", True
        return start, surname, False

    def _wrong_forms(self, doc, info: TokenInfo, doc_tokens, found, taken) -> None:
        text = doc.text
        for start, end in _occurrences(text, info.token):
            chosen: WrongForm | None = None
            for wf in info.heads:
                m = wf.pattern.search(text, max(0, start - len(wf.form)), end + len(wf.form))
                if m and m.start() <= start and m.end() >= end:
                    chosen, start, end = wf, m.start(), m.end()
                    break
            if chosen is None:
                forms = info.wrong
                if len(forms) > 1:  # "Medwedew" for Dmitry or Daniil Medvedev: the first name before it decides
                    prev = self._prev(text, start)
                    forms = sorted(forms, key=lambda wf: not (prev and self._first_ctx(wf.entity, prev[0])))
                for wf in forms:
                    limit = WRONG_NEEDS_CONTEXT_ZIPF["translit" if wf.lang else None]
                    weak = wf.zipf >= limit or wf.tokens[0] in self.index.needs_context
                    if weak and not self._supported(doc, wf.entity, start, doc_tokens):
                        continue
                    if wf.zipf > 0 and wf.entity.type != "person" and self._person_like(text, start, end):
                        continue  # "Kenia Ortiz said": a real first name, not German for Kenya
                    chosen = wf
                    break
            if chosen is None or self._glossed(text, chosen.entity, start, end):
                continue
            e = chosen.entity
            suggestion = chosen.suggestion
            if len(chosen.tokens) == 1 and suggestion == e.key:
                start, suggestion, _ = self._with_first(doc, e, start, suggestion, normalise=bool(chosen.lang))
            code = TRANSLIT if chosen.lang else KNOWN
            lang = _LANGS.get(chosen.lang or "", "")
            what = (
                f"{lang} transliteration" if lang else "foreign-press spelling" if chosen.lang else "known misspelling"
            )
            self._emit(
                doc, found, taken, code, start, end, suggestion,
                f"{what} of {e.name!r}: write {suggestion!r}", 0.97, True,
            )  # fmt: skip

    def _supported(self, doc, e: Entity, start: int, doc_tokens) -> bool:
        prev = self._prev(doc.text, start)
        if prev and (self._first_ctx(e, prev[0]) or self._title_ctx(e, prev[0])):
            return True
        return self._doc_ctx(e, doc_tokens)

    def _compound_infos(self, text: str, heads) -> list[tuple[TokenInfo, int]]:
        """Hyphenated names whose first part heads a canon surname, misspelled after the hyphen
        ("Kosiniak-Kamisz", "Amir-Abdolahian"): the word scan sees only their parts. Only fuzzy
        matches with the same head count ("Jong-un" is no "Yong-hyun"), not an accent alone, and
        one edit only after a short head-to-tail part."""
        counts: Counter = Counter()
        for head in heads:
            for _start, end in _occurrences(text, head):
                if text.startswith("-", end):
                    m = _COMPOUND_TAIL.match(text, end + 1)
                    if m:
                        counts[f"{head}-{m.group()}"] += 1
        out = []
        for token, count in counts.items():
            info = self.index.info(token)
            if info is None or info.accepted or not info.fuzzy:
                continue
            plain = fold_accents(token).casefold()
            head = plain.split("-", 1)[0] + "-"
            # a short part after the hyphen ("Jong-un", "Yong-hoon") takes one edit only: Korean
            # given names differ by a syllable and are different people
            edits = 1 if len(plain) - len(head) < 6 else 2
            keep = [
                fz
                for fz in info.fuzzy
                if (key := fold_accents(fz.key).casefold()).startswith(head)
                and key != plain
                and not fz.truncated
                and fz.edits <= edits
            ]
            if keep:
                out.append((replace(info, fuzzy=keep, near_first=[], variant_first=[], wrong=[], heads=[]), count))
        return out

    def _first_names(self, doc, info: TokenInfo, doc_tokens, found, taken) -> None:
        """A misspelled first name before the person's correctly spelled surname."""
        candidates = [
            (e, explicit)
            for e, explicit in info.near_first
            if (explicit or info.zipf < 2.0 or self._rare_surname(e, info)) and self._doc_ctx(e, doc_tokens)
        ]
        # another spelling of the same sound ("Victor Orban", "Joseph Aschbacher"), only before the surname
        # (not when the document also names the person rightly: "Caroline Leavitt" is then someone else)
        candidates += [
            (e, False)
            for e in info.variant_first
            if self._doc_ctx(e, doc_tokens)
            and e.key
            and self.resources.zipf(e.key.casefold()) < 3.5  # "Louis Hamilton" may be anyone
            and not any(f"{first} {key}" in doc.text for first in e.first for key in e.keys)
        ]
        if not candidates:
            return
        text = doc.text
        for start, end in _occurrences(text, info.token):
            nxt = _NEXT.match(text, end)
            if not nxt:
                continue
            surname = nxt.group(1).casefold()
            for e, explicit in candidates:
                if surname in {k.casefold() for k in e.keys}:
                    first = self._first_word(e, info.token, own_only=explicit)
                    self._emit(
                        doc, found, taken, FIRST, start, nxt.end(), f"{first} {nxt.group(1)}",
                        f"first name of {e.name!r} misspelled", 0.92 if explicit else 0.8, explicit,
                    )  # fmt: skip
                    break

    def _plain_style(self, doc_tokens: Counter) -> bool:
        """Does the document write accented canon names without their accents ("Erdogan", "Jurgen")?"""
        forms = self.index.ascii_forms
        accented = any(not t.isascii() and self.index.is_known(t) for t in doc_tokens)
        return not accented and any(t.casefold() in forms for t in doc_tokens if t.isascii())

    def _rare_surname(self, e: Entity, info: TokenInfo) -> bool:
        """A first name one edit off that is itself a name ("Mahmud", "Kilian") counts before a rare surname.

        Before "Abbas" or "Mbappé" it is the person's first name misspelled; before a common
        surname ("Mika Johnson") it is most likely someone else.
        """
        return info.zipf < 3.0 and bool(e.key) and self.resources.zipf(e.key.casefold()) < 3.5

    def _first_in(self, e: Entity, text: str, doc_tokens: Counter) -> bool:
        """Is one of e's first names in the document? A word lookup, or a find for short ones ("Tim ")."""
        words = self._first_words.get(id(e))
        if words is None:
            words = self._first_words[id(e)] = tuple({f.split()[-1] for f in e.first if f.split()})
        return any((w in doc_tokens) if len(w) >= 4 and w.isalpha() else (w + " ") in text for w in words)

    @staticmethod
    def _phrase_around(text: str, start: int, end: int, phrase: tuple[str, str]) -> bool:
        """Does the rest of a longer name stand around the anchor word ("Rodium" + " Group")?"""
        before, after = phrase
        return (
            text[start - len(before) : start].casefold() == before.casefold()
            and text[end : end + len(after)].casefold() == after.casefold()
            and start >= len(before)
        )

    def _possible(self, info: TokenInfo, text: str, doc_tokens: Counter) -> bool:
        """Cheap document-level test: could any context make one of the token's matches stand?

        Document-wide reasons first (a place alone, a misspelled first name, the name spelled
        right elsewhere); otherwise a first name or title of a candidate must stand right
        before an occurrence (set lookups per occurrence, no search of the text per candidate).
        """
        for fz in info.fuzzy:
            e = fz.entity
            if fz.phrase is not None:
                if fz.phrase[1] in text if fz.phrase[1] else fz.phrase[0] in text:
                    return True
                continue
            if e.type != "person":
                if not info.common and not fz.truncated:
                    return True
                continue
            if id(e) in self._near_ids:
                return True
            if fz.truncated or fz.longer:
                doc_may = info.zipf == 0  # "Prigoz", "Tsitsipass": only words no dictionary knows
            else:
                doc_may = fz.edits <= max(max_edits(len(fz.key)), 1)
            if not info.common and doc_may and self._doc_ctx(e, doc_tokens):
                return True
        ctx = self._ctx_words.get(info.token)
        if ctx is None:
            ctx = set()
            for fz in info.fuzzy:
                if fz.entity.type == "person":
                    ctx |= self.index.firsts_of.get(id(fz.entity), set())
                    ctx |= {t.casefold() for t in self.index.titles_of(fz.entity)}
            self._ctx_words[info.token] = ctx
        if not ctx:
            return False
        for start, _ in _occurrences(text, info.token):
            prev = self._prev(text, start)
            if prev:
                word = prev[0].casefold()
                if word in ctx or word.rstrip(".") in ctx:
                    return True
        return False

    def _fuzzy(self, doc, info: TokenInfo, doc_tokens, found, taken, count: int) -> None:
        text = doc.text
        if not self._possible(info, text, doc_tokens):
            return
        decided = []
        for start, end in _occurrences(text, info.token):
            prev = self._prev(text, start)
            person_like = self._person_like(text, start, end, prev)
            nxt = _NEXT.match(text, end)
            followed_by_name = bool(nxt and self._namelike(nxt.group(1)))
            best: tuple[int, Fuzzy, str] | None = None
            tie = False
            for fz in info.fuzzy:
                if fz.phrase is not None:
                    level = 3 if self._phrase_around(text, start, end, fz.phrase) else None
                else:
                    level = self._level(fz, info, prev, doc_tokens, count, person_like, followed_by_name)
                if level is None:
                    continue
                rank = (level, -fz.edits)
                if best is None or rank > (best[0], -best[1].edits):
                    best, tie = (level, fz, ""), False
                elif (
                    rank == (best[0], -best[1].edits)
                    and fz.entity is not best[1].entity
                    and fz.key.casefold() != best[1].key.casefold()
                ):
                    tie = True  # two names fit equally well: no safe guess
            decided.append((start, end, prev, None if tie else best))
        # A person named with first name or title once ("Olaf Schulz") is the same misspelling where
        # the bare word recurs ("Schulz and Lindner agree"), unless another first name precedes it.
        strong = next((b for *_, b in decided if b and b[0] >= 3 and b[1].entity.type == "person"), None)
        for start, end, prev, best in decided:
            if best is None:
                if strong is None or (prev and self._namelike(prev[0])):
                    continue
                best = (0, strong[1], "")
            level, fz, _ = best
            e = fz.entity
            if self._glossed(text, e, start, end):
                continue
            suggestion = fz.key
            if e.key and fold_accents(fz.key).casefold() == fold_accents(e.key).casefold():
                suggestion = e.key  # "Novakova" matched: suggest the canonical "Nováková"
                plain = fold_accents(e.key)
                if info.token.isascii() and plain != e.key and plain in e.keys and self._plain_style(doc_tokens):
                    suggestion = plain  # a text that writes "Erdogan" keeps to it: "Simsec" -> "Simsek"
            if e.type != "person" and suggestion != e.key:
                suggestion = e.name
            if fz.phrase is not None:  # "Rodium Group" -> "Rhodium Group", the whole name in one finding
                suggestion = e.name
                start, end = start - len(fz.phrase[0]), end + len(fz.phrase[1])
            new_start, suggestion, _ = self._with_first(doc, e, start, suggestion)
            confidence = {4: 0.93, 3: 0.88, 2: 0.85, 1: 0.7, 0: 0.8}[level]
            reason = {
                4: "first name", 3: "title", 2: "spelled correctly elsewhere", 1: "unknown word",
                0: "written so after the first name or title elsewhere in this document",
            }[level]  # fmt: skip
            self._emit(
                doc, found, taken, FUZZY, new_start, end, suggestion,
                f"looks like a misspelling of {e.name!r} ({reason})", confidence, False,
            )  # fmt: skip

    def _level(
        self,
        fz: Fuzzy,
        info: TokenInfo,
        prev,
        doc_tokens,
        count: int,
        person_like: bool,
        followed_by_name: bool = False,
    ) -> int | None:
        """How strongly context supports reading the token as `fz`; None when it does not."""
        e = fz.entity
        after_preposition = bool(prev and prev[0] in _PLACE_PREPOSITIONS)
        if fz.key.isupper() and info.token.isupper():
            return None  # one letter off an acronym is most often another acronym ("UNHRC", "UNHCR")
        length = len(fz.key)
        within = fz.edits <= max_edits(length)
        first = self._first_ctx(e, prev[0]) if prev else None
        if fz.longer:
            # "Rafael Nadalj", "Elisabeth Bornes": one letter more than the name, only after the first name;
            # or, never seen by wordfreq, a long name spelled right elsewhere in the document ("Tsitsipass")
            if first == "first":
                return 4
            return 2 if info.zipf == 0 and length >= 7 and self._doc_ctx(e, doc_tokens) else None
        if first == "first" and (fz.truncated or fz.edits <= max(1, max_edits(length) + (length >= 6))):
            if length == 6 and fz.edits == 2 and not self._telling_first(prev[0], info):
                return None  # "John Barton" is not "John Bolton": a common first name and a real surname
            return 4
        if first == "near" and (within or fz.truncated) and fz.edits <= 2:
            return 4
        if prev and self._title_ctx(e, prev[0]) and (within or (fz.truncated and e.type == "person")):
            if e.type == "person" and followed_by_name:
                return None  # the first name of another holder of the title: "Prime Minister Atal Behari Vajpayee"
            return 3
        if fz.truncated and e.type == "person" and len(info.token) >= 5 and info.zipf == 0:
            # "Prigoz" in a document that names Prigozhin: a cut-off no dictionary knows
            return 2 if self._doc_ctx(e, doc_tokens) else None
        if (
            not within
            and not fz.truncated
            and fz.edits == 1
            and e.type == "person"
            and info.zipf == 0
            and sum(doc_tokens.get(k, 0) for k in e.keys) >= 2
        ):
            # a short surname one letter off, no dictionary knowing it, while the document spells
            # the person's name right twice or more ("Usik" beside "Usyk", "Usyk")
            return 2
        if fz.truncated or not within or info.common:
            return None
        if e.type != "person" and person_like:
            return None  # "Irber Berfin", "Berfin Ekmar said": a person's name, not a misspelled place
        if info.zipf < RARE_ZIPF and self._doc_ctx(e, doc_tokens):
            return 2
        # Alone, only a place or organisation, one edit off, never seen by wordfreq, with the same
        # first letter, and rare in the document: a spelling used again and again is a real name.
        if (
            e.type != "person"
            and fz.edits == 1
            and count <= 2
            and info.token[0].casefold() == fz.key[0].casefold()
            and (
                (len(info.token) >= 6 and info.zipf < 1.0)
                or (len(info.token) == 5 and info.zipf == 0)
                or (len(info.token) == 4 and info.zipf == 0 and e.type == "place" and after_preposition)
            )
        ):
            return 1
        return None

    def _telling_first(self, first: str, info: TokenInfo) -> bool:
        """May a first name vouch for a surname one edit further off than usual ("Rahul Ghandi")?

        Only a first name shared by few people (not "John") before a word few texts use.
        """
        return self.resources.zipf(first.casefold()) < 4.5 and info.zipf < 2.5

    def _consistency(self, doc, counts: Counter, singles: list[str], found, taken) -> None:
        """A rare spelling next to a near one used `majority` times or more in the same document.

        `singles` are the document's tokens seen once that wordfreq and the canon do not know.
        """
        if not singles:
            return
        least = self.min_count
        pool = [t for t, n in takewhile(lambda item: item[1] >= least, counts.most_common()) if not t.isupper()]
        if not pool:
            return
        for tok in sorted(singles):
            f = tok.casefold()
            near = process.extract(tok, pool, scorer=OSA.distance, score_cutoff=1, limit=3)
            hits = [
                pool[i]
                for _, d, i in near
                if d == 1
                and pool[i][0] == tok[0]
                and not f.startswith(pool[i].casefold())
                and not pool[i].casefold().startswith(f)
            ]
            if len(hits) != 1:
                continue
            target = hits[0]
            for start, end in _occurrences(doc.text, tok):
                before = doc.text[max(0, start - 40) : start]
                if "(" in before and target in before[: before.rindex("(")]:
                    continue  # "Hamdo (ハムド Hamudo?)": a romanisation glossed after the name
                self._emit(
                    doc, found, taken, CONSISTENCY, start, end, target,
                    f"spelled {target!r} {counts[target]} times elsewhere in this document", 0.6, False,
                )  # fmt: skip

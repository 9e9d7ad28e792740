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
from pathlib import Path
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

from ..document import Document
from ..entities.canon import Entity, load_canon
from ..entities.index import COMMON_ZIPF, RARE_ZIPF, Fuzzy, Index, TokenInfo, WrongForm, max_edits
from . import Check, register

KNOWN = "entity.known-misspelling"
TRANSLIT = "entity.transliteration"
FIRST = "entity.first-name"
FUZZY = "entity.fuzzy-name"
CONSISTENCY = "entity.inconsistent-spelling"
WRONG_NEEDS_CONTEXT_ZIPF = 2.5  # a listed wrong form that is also a real word needs context

_CAP = re.compile(r"(?<!\w)[A-ZÀ-ÖØ-ÞĀ-ſ][^\W\d_]*")
_PREV = re.compile(r"([^\W\d_][\w.]*)[ \t]+\Z")
_NEXT = re.compile(r"[ \t]+([^\W\d_][^\W\d_]*)")
_TITLES = {
    "president",
    "minister",
    "chancellor",
    "secretary",
    "state",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "envoy",
    "ambassador",
    "general",
    "director",
    "chief",
    "king",
    "queen",
    "prince",
    "emir",
    "sheikh",
    "leader",
    "premier",
    "commissioner",
    "commander",
    "advisor",
    "adviser",
    "pope",
    "governor",
    "mayor",
    "senator",
    "speaker",
    "representative",
    "head",
    "chairman",
    "chair",
    "ayatollah",
    "crown",
    "vice",
}
_LANGS = {"de": "German", "fr": "French", "pl": "Polish", "es": "Spanish", "it": "Italian", "ru": "Russian"}


def _user_files(resources) -> list[Path]:
    raw = resources.settings.get("entities") or []
    if isinstance(raw, str):
        raw = [raw]
    base = Path(resources.base_dir)
    return [Path(p) if Path(p).is_absolute() else base / p for p in raw]


def entity_index(resources) -> Index:
    """The canon (user lists + packaged lists) as an Index, built once per Resources."""
    return resources.cached("entities.index", lambda: Index(load_canon(_user_files(resources)), resources.zipf))


def known_name(resources, token: str) -> bool:
    """True if `token` (any case, accents optional) is an accepted canon name token.

    For other checks (link-case, grammar filtering) that must not treat a known
    name as an ordinary capitalised word. Misspellings are not known names.
    """
    return entity_index(resources).is_known(token.strip(".,;:!?'’\"()"))


def _cased(suggestion: str, written: str) -> str:
    """Carry the written form's case over: 'BINDEN' -> 'BIDEN'."""
    letters = [c for c in written if c.isalpha()]
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return suggestion.upper()
    return suggestion


def _occurrences(text: str, token: str) -> Iterator[re.Match]:
    return re.finditer(r"(?<![\w'’-])" + re.escape(token) + r"(?![\w-])", text)


@register("entities")
class EntityCheck(Check):
    """Names against the canon: known wrong forms, fuzzy matches in context, consistency."""

    order = 40

    def __init__(self, rules, resources) -> None:
        super().__init__(rules, resources)
        self.index = entity_index(resources)
        self.min_count = int(self.option(CONSISTENCY, "majority", 2))

    # -- context --------------------------------------------------------------------------

    def _prev(self, text: str, start: int) -> tuple[str, int] | None:
        m = _PREV.search(text, max(0, start - 40), start)
        if not m:
            return None
        return m.group(1), m.start(1)

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

    def _title_ctx(self, e: Entity, word: str) -> bool:
        w = word.casefold().rstrip(".")
        return w in _TITLES and w in e.role.casefold()

    def _glossed(self, text: str, e: Entity, start: int, end: int) -> bool:
        """'São Paulo de Loanda (Luanda)': a form glossed by the canonical one is a deliberate alias."""
        window = text[max(0, start - 30) : end + 30]
        if "(" not in window and " or " not in window and "known as" not in window and "formerly" not in window:
            return False
        low = window.casefold()
        return any(k.casefold() in low for k in e.keys) or e.name.casefold() in low

    def _doc_ctx(self, e: Entity, doc_tokens: set[str]) -> bool:
        return any(k.casefold() in doc_tokens for k in e.keys) or (
            e.type != "person" and e.name.casefold() in doc_tokens
        )

    # -- the run --------------------------------------------------------------------------

    def run(self, doc: Document, ctx: Any) -> list:
        text = doc.text
        counts = Counter(_CAP.findall(text))
        if not counts:
            return []
        info_of = self.index.info
        doc_tokens = {t.casefold() for t in counts}
        found: list = []
        taken: list[tuple[int, int]] = []
        interesting: list[TokenInfo] = []
        for tok in counts:
            info = info_of(tok)
            if info is not None:
                interesting.append(info)
        for info in interesting:
            if info.wrong or info.heads:
                self._wrong_forms(doc, info, doc_tokens, found, taken)
        for info in interesting:
            if info.near_first:
                self._first_names(doc, info, doc_tokens, found, taken)
        for info in interesting:
            if info.fuzzy:
                self._fuzzy(doc, info, doc_tokens, found, taken)
        if self.enabled(CONSISTENCY):
            self._consistency(doc, counts, found, taken)
        return found

    def _free(self, taken: list[tuple[int, int]], start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    def _emit(self, doc, found, taken, code, start, end, suggestion, message, confidence, safe) -> None:
        if not self.enabled(code) or not self._free(taken, start, end):
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
            kind = self._first_ctx(e, word)
            if kind == "first":
                first = _cased(e.canonical_first, word) if normalise and e.canonical_first else word
                return pstart, f"{first} {surname}", False
            if kind == "near":
                return pstart, f"{_cased(e.canonical_first or word, word)} {surname}", True
        return start, surname, False

    def _wrong_forms(self, doc, info: TokenInfo, doc_tokens, found, taken) -> None:
        text = doc.text
        for m in _occurrences(text, info.token):
            start, end = m.span()
            chosen: WrongForm | None = None
            for wf in info.heads:
                rest = r"[ \t]+".join(re.escape(t) for t in wf.tokens[1:])
                tail = re.compile(r"[ \t]+" + rest + r"(?![\w-])", re.IGNORECASE).match(text, end)
                if tail:
                    chosen, end = wf, tail.end()
                    break
            if chosen is None:
                for wf in info.wrong:
                    if wf.zipf >= WRONG_NEEDS_CONTEXT_ZIPF and not self._supported(doc, wf.entity, start, doc_tokens):
                        continue
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

    def _first_names(self, doc, info: TokenInfo, doc_tokens, found, taken) -> None:
        """A misspelled first name before the person's correctly spelled surname."""
        candidates = [
            (e, explicit)
            for e, explicit in info.near_first
            if (explicit or info.zipf < 2.0) and any(k.casefold() in doc_tokens for k in e.keys)
        ]
        if not candidates:
            return
        text = doc.text
        for m in _occurrences(text, info.token):
            nxt = _NEXT.match(text, m.end())
            if not nxt:
                continue
            surname = nxt.group(1).casefold()
            for e, explicit in candidates:
                if surname in {k.casefold() for k in e.keys}:
                    first = _cased(e.canonical_first or info.token, info.token)
                    self._emit(
                        doc, found, taken, FIRST, m.start(), nxt.end(), f"{first} {nxt.group(1)}",
                        f"first name of {e.name!r} misspelled", 0.92 if explicit else 0.8, explicit,
                    )  # fmt: skip
                    break

    def _fuzzy(self, doc, info: TokenInfo, doc_tokens, found, taken) -> None:
        text = doc.text
        for m in _occurrences(text, info.token):
            start, end = m.span()
            prev = self._prev(text, start)
            best: tuple[int, Fuzzy, str] | None = None
            tie = False
            for fz in info.fuzzy:
                level = self._level(fz, info, prev, doc_tokens)
                if level is None:
                    continue
                rank = (level, -fz.edits)
                if best is None or rank > (best[0], -best[1].edits):
                    best, tie = (level, fz, ""), False
                elif rank == (best[0], -best[1].edits) and fz.entity is not best[1].entity:
                    tie = True
            if best is None or tie:
                continue
            level, fz, _ = best
            e = fz.entity
            if self._glossed(text, e, start, end):
                continue
            suggestion = fz.key if e.type == "person" else (fz.key if e.key == fz.key else e.name)
            new_start, suggestion, _ = self._with_first(doc, e, start, suggestion)
            confidence = {4: 0.93, 3: 0.88, 2: 0.85, 1: 0.7}[level]
            reason = {4: "first name", 3: "title", 2: "spelled correctly elsewhere", 1: "unknown word"}[level]
            self._emit(
                doc, found, taken, FUZZY, new_start, end, suggestion,
                f"looks like a misspelling of {e.name!r} ({reason})", confidence, False,
            )  # fmt: skip

    def _level(self, fz: Fuzzy, info: TokenInfo, prev, doc_tokens) -> int | None:
        """How strongly context supports reading the token as `fz`; None when it does not."""
        e = fz.entity
        length = len(fz.key)
        within = fz.edits <= max_edits(length)
        first = self._first_ctx(e, prev[0]) if prev else None
        if first == "first" and (fz.truncated or fz.edits <= max(1, max_edits(length) + (length >= 6))):
            return 4
        if first == "near" and (within or fz.truncated) and fz.edits <= 2:
            return 4
        if prev and self._title_ctx(e, prev[0]) and (within or (fz.truncated and e.type == "person")):
            return 3
        if fz.truncated or not within or info.common:
            return None
        if info.zipf < RARE_ZIPF and self._doc_ctx(e, doc_tokens):
            return 2
        if e.type != "person" and info.zipf < 1.0 and fz.edits == 1 and len(info.token) >= 6:
            return 1
        return None

    def _consistency(self, doc, counts: Counter, found, taken) -> None:
        """A rare spelling next to a near one used `majority` times or more in the same document."""
        majority = [t for t, n in counts.items() if n >= self.min_count and len(t) >= 5 and not t.isupper()]
        if not majority:
            return
        folded = [t.casefold() for t in majority]
        for tok, n in counts.items():
            if n != 1 or len(tok) < 6 or tok.isupper():
                continue
            f = tok.casefold()
            if self.index.is_known(f) or self.resources.zipf(f) >= RARE_ZIPF:
                continue
            hits = process.extract(f, folded, scorer=OSA.distance, score_cutoff=1, limit=3)
            hits = [
                majority[i]
                for _, d, i in hits
                if d == 1 and folded[i][0] == f[0] and not f.startswith(folded[i]) and not folded[i].startswith(f)
            ]
            if len(hits) != 1:
                continue
            target = hits[0]
            if counts[target] < max(self.min_count, 2 * n):
                continue
            for m in _occurrences(doc.text, tok):
                self._emit(
                    doc, found, taken, CONSISTENCY, m.start(), m.end(), target,
                    f"spelled {target!r} {counts[target]} times elsewhere in this document", 0.6, False,
                )  # fmt: skip

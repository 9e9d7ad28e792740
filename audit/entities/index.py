"""The canon as lookup tables, and what one capitalised token can be (cached per token).

Order of work for a token, cheapest first: accepted canon token (set lookup) ->
known wrong form (dict) -> wordfreq gate -> fuzzy candidates from a prefilter
(first-letter class and length bucket) scored with rapidfuzz's OSA distance.
Every answer is cached per distinct token, so a corpus pays for each spelling once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from .canon import Entity, fold_accents
from .translit import RUSSIAN_FIRST, SLAVIC, caron_forms, foreign_forms, russian_form

COMMON_ZIPF = 3.0  # a real English word: a name only with a first name or title before it
VERY_COMMON_ZIPF = 4.5  # "Many", "Several": never read as a misspelled name ("Gate", "Mask" still are)
RARE_ZIPF = 1.5  # below this, wordfreq has (almost) never seen the token: a typo or a foreign form
GENERATED_MAX_ZIPF = 1.5  # generated transliterations that are real words or names are not kept

TITLE_WORDS = {
    "president", "minister", "chancellor", "secretary", "state", "spokesman", "spokeswoman", "spokesperson",
    "envoy", "ambassador", "general", "director", "chief", "king", "queen", "prince", "emir", "sheikh", "leader",
    "premier", "commissioner", "commander", "advisor", "adviser", "pope", "governor", "mayor", "senator",
    "speaker", "representative", "head", "chairman", "chair", "ayatollah", "crown", "vice", "prosecutor",
}  # fmt: skip

# Letters that transliteration and typing swap at the start of a word.
_FIRST_CLASS = {c: c for c in "abcdefghijklmnopqrstuvwxyz"}
_FIRST_CLASS.update({"z": "s", "c": "k", "q": "k", "y": "i", "j": "i", "e": "i", "w": "v", "h": "g", "x": "k"})


def first_class(word: str) -> str:
    return _FIRST_CLASS.get(fold_accents(word[:1]).lower(), word[:1])


def reach(length: int) -> int:
    """Edits fuzzy candidates are kept for: one more than `max_edits` from six letters on,
    which only a first name right before the word can make count ("Bernard Arnaud")."""
    return max(max_edits(length), 1) + (length >= 6)


_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue"})


_PHONETIC = [(re.compile(p), r) for p, r in [
    ("ph", "f"), ("ck", "k"), ("c(?!h)", "k"), ("q", "k"), ("y", "i"), ("w", "v"), ("z", "s"), ("ou", "u"),
    (r"(.)\1", r"\1"),
]]  # fmt: skip


def phonetic(word: str) -> str:
    """A spelling-blind key for first names: "Victor"/"Viktor", "Joseph"/"Josef", "Mahmud"/"Mahmoud"."""
    key = fold_accents(word).casefold()
    for pattern, repl in _PHONETIC:
        key = pattern.sub(repl, key)
    return key


def max_edits(length: int) -> int:
    """Edits a misspelling of a key this long may have: one edit in a 5-letter name is a lot."""
    if length <= 4:
        return 0
    if length <= 7:
        return 1
    if length <= 11:
        return 2
    return 3


@dataclass
class WrongForm:
    """A known wrong form: its tokens (casefolded), the entity and the suggestion."""

    form: str
    tokens: tuple[str, ...]
    entity: Entity
    suggestion: str
    lang: str | None
    zipf: float = 0.0
    pattern: re.Pattern | None = None


@dataclass
class Fuzzy:
    """A canon key close to a token: `edits` is the OSA distance, `truncated` a cut-off key."""

    entity: Entity
    key: str
    edits: int
    truncated: bool = False
    longer: bool = False  # the key and one letter more ("Nadalj", "Bornes"): only after the first name
    phrase: tuple[str, str] | None = None  # the name around a phrase anchor: ("", " Group") for "Rhodium"


@dataclass
class TokenInfo:
    """Everything the check needs to know about one distinct capitalised token."""

    token: str
    zipf: float
    accepted: bool = False
    wrong: list[WrongForm] = field(default_factory=list)
    heads: list[WrongForm] = field(default_factory=list)
    fuzzy: list[Fuzzy] = field(default_factory=list)
    near_first: list[tuple[Entity, bool]] = field(default_factory=list)
    variant_first: list[Entity] = field(default_factory=list)  # "Victor" for Viktor Orbán: same sound

    @property
    def common(self) -> bool:
        return self.zipf >= COMMON_ZIPF

    @property
    def interesting(self) -> bool:
        return bool(self.wrong or self.heads or self.fuzzy or self.near_first or self.variant_first)


class Index:
    """Lookup tables over a list of entities; `info(token)` answers per token, cached."""

    def __init__(self, entities: list[Entity], zipf) -> None:
        self.entities = entities
        self.zipf = zipf
        self.accepted: set[str] = set()
        self.accepted_forms: set[str] = set()
        self.ascii_forms: set[str] = set()  # "Erdogan": a name written without its accents
        self.needs_context: set[str] = set()  # generated wrong forms that count only with context
        self.phrases: dict[tuple[int, str], tuple[str, str]] = {}  # the name around a phrase anchor
        self.key_owner: dict[str, list[Entity]] = {}
        self.first_owner: dict[str, list[Entity]] = {}
        self.wrong_single: dict[str, list[WrongForm]] = {}
        self.wrong_heads: dict[str, list[WrongForm]] = {}
        self.buckets: dict[tuple[str, int], list[str]] = {}
        self.key_forms: dict[str, list[tuple[Entity, str]]] = {}
        self.prefixes: dict[str, list[tuple[Entity, str]]] = {}
        self.wrong_first_owner: dict[str, list[Entity]] = {}
        self.firsts_of: dict[int, set[str]] = {}
        self.first_buckets: dict[tuple[str, int], list[str]] = {}
        # first names of five letters or more by all but their first letter: the first-letter
        # buckets cannot see a slip in the first letter itself ("Jianni" for Gianni)
        self.first_tails: dict[str, list[str]] = {}
        self._cache: dict[str, TokenInfo | None] = {}
        self._titles: dict[int, set[str]] = {}
        self._pools: dict[tuple[str, int], tuple[list[str], int]] = {}
        self._first_pools: dict[tuple[str, int], list[str]] = {}
        self.seen: set[str] = set()
        self.interesting: set[str] = set()
        self.rare_unknown: set[str] = set()
        self._build()

    # Tables keyed by `id(entity)` hold ids of this process: a pickle (the stored
    # Index, `audit.entities.stored`) carries entity positions instead.
    _BY_ID = ("firsts_of", "first_words_of")

    def __getstate__(self) -> dict:
        state = dict(self.__dict__)
        position = {id(e): i for i, e in enumerate(self.entities)}
        for name in self._BY_ID:
            state[name] = {position[key]: value for key, value in state[name].items()}
        state["phrases"] = {(position[key], anchor): v for (key, anchor), v in state["phrases"].items()}
        state["_titles"] = {}
        return state

    def __setstate__(self, state: dict) -> None:
        ids = [id(e) for e in state["entities"]]
        for name in self._BY_ID:
            state[name] = {ids[i]: value for i, value in state[name].items()}
        state["phrases"] = {(ids[i], anchor): v for (i, anchor), v in state["phrases"].items()}
        self.__dict__.update(state)

    # -- building -------------------------------------------------------------------------

    def _accept(self, form: str) -> None:
        if not form.isascii():
            self.ascii_forms.update(
                fold_accents(tok).casefold() for tok in form.split() if not tok.isascii() and len(tok) >= 4
            )
        for variant in {form, fold_accents(form)}:
            self.accepted_forms.add(variant.casefold())
            for tok in variant.replace("-", " ").split():
                tok = tok.strip(".,()'’").casefold()
                if tok:
                    self.accepted.add(tok)

    def _build(self) -> None:
        for e in self.entities:
            for form in (e.name, *e.variants, *e.first, *e.keys):
                self._accept(form)
            firsts = {fold_accents(f).casefold() for f in e.first} | {f.casefold() for f in e.first}
            # the word right before a surname may be the last part of "José Manuel", "Frank-Walter"
            firsts |= {part for f in list(firsts) for part in f.replace("-", " ").split()[1:]}
            self.firsts_of[id(e)] = firsts
            for f in firsts:
                self.first_owner.setdefault(f, []).append(e)
            for key in e.keys:
                for k in {key.casefold(), fold_accents(key).casefold()}:
                    self.key_owner.setdefault(k, []).append(e)
        for e in self.entities:
            self._add_generated(e)
            if e.type == "person" and e.origin not in SLAVIC:
                self._add_russian(e)
            wrong_first = {w.casefold() for w in e.wrong_first if w.casefold() not in self.firsts_of[id(e)]}
            for w in wrong_first:
                self.wrong_first_owner.setdefault(w, []).append(e)
            for form, (suggestion, lang) in e.wrong.items():
                self._add_wrong(e, form, suggestion, lang)
            for key in e.keys | self._phrase_anchor(e):
                k = key.casefold()
                if len(k) < 4:
                    continue
                bucket = self.buckets.setdefault((first_class(k), len(k)), [])
                if k not in self.key_forms:
                    bucket.append(k)
                self.key_forms.setdefault(k, []).append((e, key))
                if e.type == "person" and len(k) >= 6:
                    for cut in range(max(4, (len(k) * 11 + 19) // 20), len(k)):
                        self.prefixes.setdefault(k[:cut], []).append((e, key))
        for name in self.first_owner:
            self.first_buckets.setdefault((name[:1], len(name)), []).append(name)
            if len(name) >= 5:
                self.first_tails.setdefault(name[1:], []).append(name)
        # the first parts of hyphenated surnames ("Kosiniak" of Kosiniak-Kamysz): the word scan
        # splits at the hyphen, so the whole compound is looked up from its head
        self.compound_heads = {
            form
            for e in self.entities
            if e.type == "person"
            for k in e.keys
            if "-" in k
            for head in [k.split("-", 1)[0]]
            for form in {head, fold_accents(head)}
            if len(head) >= 4 and head[:1].isupper()
        }
        # first names as a capitalised-word scan returns them ("Petr", "Jean-Luc"): a set to intersect
        self.first_tokens = {
            form
            for e in self.entities
            if e.type == "person"
            for f in e.first
            for part in f.split()
            for form in {part, fold_accents(part)}
            if len(part) >= 4 and part[:1].isupper()
        }
        self.phon_first: dict[str, list[Entity]] = {}
        self.first_words_of: dict[int, set[str]] = {}
        for e in self.entities:
            if e.type == "person":
                words = {w for f in e.first for w in f.split() if len(w) >= 4 and w.isalpha()}
                self.first_words_of[id(e)] = {fold_accents(w).casefold() for w in words} | {w.casefold() for w in words}
                for name in words - {w.capitalize() for w in TITLE_WORDS}:
                    owners = self.phon_first.setdefault(phonetic(name), [])
                    if e not in owners:
                        owners.append(e)
        # three-letter acronyms the capitalised-word scan does not see ("EZB", "ONU")
        self.short_forms = sorted(
            {wf.form for forms in self.wrong_single.values() for wf in forms if len(wf.form) == 3 and wf.form.isupper()}
        )

    def _add_generated(self, e: Entity) -> None:
        """Foreign-press forms of Slavic names, unless the form is a real word or accepted."""
        if e.origin not in SLAVIC or e.type != "person":
            if e.origin in SLAVIC and e.key:
                for form, lang in foreign_forms(e.key).items():
                    if form not in e.wrong and self.zipf(form.lower()) < GENERATED_MAX_ZIPF:
                        e.wrong[form] = (e.key if e.type == "person" else e.name, lang)
            return
        # every accepted spelling of the surname and first name: "Tikhanovskaya" -> "Tichanowskaja"
        for key in sorted(e.keys) if e.key else ():
            for form, lang in foreign_forms(key).items():
                if form not in e.wrong and self.zipf(form.lower()) < GENERATED_MAX_ZIPF:
                    e.wrong[form] = (e.key, lang)
        for first in e.first:
            if " " in first:
                continue
            for form, lang in foreign_forms(first).items():
                if lang == "fr":
                    continue
                if self.zipf(form.lower()) < GENERATED_MAX_ZIPF:
                    e.wrong_first.add(form)

    def _add_russian(self, e: Entity) -> None:
        """Russian-relayed forms of a non-Slavic person's names: "Dzhokovich", "Khansen", "Dzheyms"."""
        for key in sorted(e.keys) if e.key else ():
            form = russian_form(key)
            if form and form not in e.wrong and len(form) >= 5 and self.zipf(form.lower()) < GENERATED_MAX_ZIPF:
                e.wrong[form] = (e.key, "ru")
                self.needs_context.add(form.casefold())  # "Cuper", "Anvar" are real names too
            for form, lang in caron_forms(key).items():  # "Babiš" -> "Babisch", "Babish"
                if form not in e.wrong and form not in e.keys and self.zipf(form.lower()) < GENERATED_MAX_ZIPF:
                    e.wrong[form] = (e.key, lang)
                    self.needs_context.add(form.casefold())
        for first in e.first:
            form = RUSSIAN_FIRST.get(first)
            if form and form != first and self.zipf(form.lower()) < GENERATED_MAX_ZIPF:
                e.wrong_first.add(form)

    def _phrase_anchor(self, e: Entity) -> set[str]:
        """A longer organisation or place name is matched on its rarest word ("Rhodium" of "Rhodium Group"),
        only where the rest of the name stands around it; returns {} or {anchor}."""
        words = e.name.split()
        if e.type == "person" or e.key or len(words) < 2:
            return set()
        candidates = [w for w in words if w[:1].isupper() and w.isalpha() and len(w) >= 5]
        if not candidates:
            return set()
        anchor = min(candidates, key=lambda w: self.zipf(w.casefold()))
        if self.zipf(anchor.casefold()) >= 3.0:
            return set()  # "United", "Nations": too common to anchor a fuzzy match
        i = words.index(anchor)
        self.phrases[(id(e), anchor)] = (
            " ".join(words[:i]) + " " if i else "",
            "".join(" " + w for w in words[i + 1 :]),
        )
        return {anchor}

    def _add_wrong(self, e: Entity, form: str, suggestion: str, lang: str | None) -> None:
        tokens = tuple(t.casefold() for t in form.split())
        folded = form.casefold()
        if folded in self.accepted_forms or (len(tokens) == 1 and tokens[0] in self.accepted):
            return  # an accepted spelling of some entity is never a wrong form
        wf = WrongForm(form, tokens, e, suggestion, lang, self.zipf(folded) if len(tokens) == 1 else 0.0)
        if len(tokens) == 1:
            self.wrong_single.setdefault(tokens[0], []).append(wf)
            return
        # A phrase is found through its longest capitalised word (the one the token scan sees).
        anchors = [t for t in form.split() if t[:1].isupper() and len(t) >= 4 and t.isalpha()]
        if not anchors:
            return
        # the rarest word, so that "Banco Central Europeo" is looked at for "Europeo", not every "Central"
        anchor = min(anchors, key=lambda t: (self.zipf(t.casefold()), -len(t))).casefold()
        wf.pattern = re.compile(
            r"(?<![^\W\d_])" + r"[ \t]+".join(re.escape(t) for t in form.split()) + r"(?![^\W\d_])", re.IGNORECASE
        )
        self.wrong_heads.setdefault(anchor, []).append(wf)

    # -- queries --------------------------------------------------------------------------

    def is_known(self, token: str) -> bool:
        """An accepted canon token (a name, first name, variant or key), any case."""
        f = token.casefold()
        return f in self.accepted or (not f.isascii() and fold_accents(f) in self.accepted)

    def titles_of(self, e: Entity) -> set[str]:
        """The title words of an entity's role ("US Secretary of State" -> secretary, state), any case."""
        titles = self._titles.get(id(e))
        if titles is None:
            words = {w.strip(".,()").casefold() for w in e.role.split()} & TITLE_WORDS
            titles = words | {w.capitalize() for w in words}
            self._titles[id(e)] = titles
        return titles

    def classify_all(self, tokens) -> None:
        """Classify tokens not seen before; fill the sets a document is intersected with."""
        for token in tokens:
            info = self.info(token)
            self.seen.add(token)
            if info is not None:
                self.interesting.add(token)
            if len(token) >= 6 and not token.isupper() and (info is None or not info.interesting):
                f = token.casefold()
                if not self.is_known(f) and self.zipf(f) < RARE_ZIPF:
                    self.rare_unknown.add(token)
        if len(self.seen) > 1_000_000:
            self.seen.clear()
            self.interesting.clear()
            self.rare_unknown.clear()
            self._cache.clear()

    def info(self, token: str) -> TokenInfo | None:
        """What `token` may be; None for the (common) case of nothing of interest."""
        try:
            return self._cache[token]
        except KeyError:
            pass
        result = self._classify(token)
        self._cache[token] = result
        return result

    def _classify(self, token: str) -> TokenInfo | None:
        f = token.casefold()
        if len(f) < 3 or not token[0].isupper():
            return None
        info = TokenInfo(token, 0.0)
        info.accepted = self.is_known(f)
        info.heads = self.wrong_heads.get(f, [])
        if not info.accepted:
            info.wrong = self.wrong_single.get(f, [])
        if len(f) >= 4:
            near = self._near_first(f)
            if near and not all(explicit for _, explicit in near) and self.zipf(f) >= COMMON_ZIPF:
                near = [(e, True) for e, explicit in near if explicit]  # "Great", "Angola": words, not Greta, Angela
            info.near_first = near
            info.variant_first = [
                e
                for e in self.phon_first.get(phonetic(f), ())
                if f not in self.first_words_of[id(e)] and all(e is not n for n, _ in near)
            ]
        if not info.accepted and not info.wrong and len(f) >= 4 and self.zipf(f) < VERY_COMMON_ZIPF:
            info.fuzzy = self._fuzzy(f)
        if not info.interesting:
            return None
        info.zipf = self.zipf(f)
        return info

    def _near_first(self, f: str) -> list[tuple[Entity, bool]]:
        """Persons whose first name `f` misspells: listed wrong first names, or one edit off."""
        out: list[tuple[Entity, bool]] = []
        seen: set[int] = set()
        for e in self.wrong_first_owner.get(f, ()):
            out.append((e, True))
            seen.add(id(e))
        if f in self.first_owner:
            return out  # a real first name of someone in the canon is only wrong where listed
        limit = 1 if len(f) <= 6 else 2
        pool = self._first_pools.get((f[:1], len(f)))
        if pool is None:
            sizes = range(len(f) - limit, len(f) + limit + 1)
            pool = [n for z in sizes for n in self.first_buckets.get((f[:1], z), ())]
            self._first_pools[(f[:1], len(f))] = pool
        near = [n for n in self.first_tails.get(f[1:], ()) if n[0] != f[0]] if len(f) >= 5 else []
        if pool:
            for name, dist, _ in process.extract(f, pool, scorer=OSA.distance, score_cutoff=limit, limit=None):
                if dist and len(name) >= 4:
                    near.append(name)
        for name in near:
            for e in self.first_owner[name]:
                if id(e) not in seen:
                    out.append((e, False))
                    seen.add(id(e))
        return out

    def _pool(self, cls: str, length: int) -> tuple[list[str], int]:
        """Keys a word of this first-letter class and length can be within edit reach of (cached)."""
        cached = self._pools.get((cls, length))
        if cached is None:
            pool = [
                key
                for size in range(max(4, length - 3), length + 4)
                for key in self.buckets.get((cls, size), ())
                if abs(size - length) <= reach(size)
            ]
            cutoff = max((reach(len(k)) for k in pool), default=0)
            cached = self._pools[(cls, length)] = (pool, cutoff)
        return cached

    def _fuzzy(self, f: str) -> list[Fuzzy]:
        out: list[Fuzzy] = []
        length = len(f)
        pool, cutoff = self._pool(first_class(f), length)
        if pool:
            # German umlauts written out ("Fäser" for Faeser) and accents dropped count as the same letters
            spellings = {f, f.translate(_UMLAUTS), fold_accents(f)} if not f.isascii() else (f,)
            best: dict[str, int] = {}
            for spelling in spellings:
                for key, dist, _ in process.extract(
                    spelling, pool, scorer=OSA.distance, score_cutoff=cutoff, limit=None
                ):
                    dist = max(dist, spelling != f)  # "Fäser" is not "Faeser" as written: one edit
                    if dist < best.get(key, 99):
                        best[key] = dist
            for key, dist in best.items():
                if dist == 0:
                    continue
                longer = f.startswith(key)
                if longer and (len(f) != len(key) + 1 or len(key) < 4):
                    continue  # "Bidenko", "Russians": a longer word built on the name
                if dist > reach(len(key)):
                    continue
                for e, form in self.key_forms[key]:
                    if e.type == "person" or (not longer and dist <= max(max_edits(len(key)), 1)):
                        out.append(Fuzzy(e, form, dist, longer=longer, phrase=self.phrases.get((id(e), form))))
        for e, form in self.prefixes.get(f, ()):
            out.append(Fuzzy(e, form, len(form) - length, truncated=True))
        out.sort(key=lambda z: (z.truncated, z.edits, z.entity.rank, z.key != z.entity.key))
        return out

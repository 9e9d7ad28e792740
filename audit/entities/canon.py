"""Load the entity canon: the packaged YAML lists and the user's own YAML/CSV/TSV lists.

The canon is data (see docs/entities.md for the format). Loading validates every
entry and raises PackError naming the file and the entry, so a typo in a names
file is a one-line error rather than a silent miss.
"""

from __future__ import annotations

import csv
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz.distance import Levenshtein

from ..errors import PackError
from ..yamlio import load_yaml as parse_yaml

TYPES = ("person", "place", "org", "media")
_ENTRY_KEYS = {"name", "type", "role", "key", "first", "variants", "wrong", "wrong_first", "translit", "origin", "note"}
_FILE_KEYS = {"type", "description", "entities"}
_HONORIFICS = {"king", "queen", "pope", "prince", "sheikh", "emir", "ayatollah", "president", "dalai"}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


@dataclass
class Entity:
    """One canonical name and the forms around it.

    `key` is the token fuzzy matching compares against (a person's surname, a
    one-word place or organisation); `keys` are its accepted spellings.
    `wrong` maps a wrong form to (suggestion, language or None).
    """

    name: str
    type: str
    role: str = ""
    key: str | None = None
    keys: set[str] = field(default_factory=set)
    first: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)
    wrong: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    wrong_first: set[str] = field(default_factory=set)
    origin: str | None = None
    source: str = ""
    rank: int = 0

    @property
    def canonical_first(self) -> str | None:
        return self.first[0] if self.first else None


_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ı": "i", "ß": "ss", "æ": "ae"})


def fold_accents(text: str) -> str:
    """'Erdoğan' -> 'Erdogan': accepted forms are also accepted without diacritics."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_FOLD)


def _strings(path: Path, where: str, value: Any, what: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise PackError(f"{path}: {where}: `{what}` must be a string or a list of non-empty strings")
    return [" ".join(v.split()) for v in value]


def _surname(tokens: list[str]) -> str:
    while len(tokens) > 1 and tokens[-1].casefold() in _SUFFIXES:
        tokens = tokens[:-1]
    return tokens[-1].rstrip(",")


def make_entity(path: Path, raw: Any, index: int, default_type: str | None) -> Entity:
    """Validate one raw entry (a mapping) and derive its key, first names and forms."""
    if not isinstance(raw, dict):
        raise PackError(f"{path}: entity #{index + 1}: must be a mapping")
    name = raw.get("name")
    where = f"entity {name!r}" if isinstance(name, str) else f"entity #{index + 1}"
    unknown = set(raw) - _ENTRY_KEYS
    if unknown:
        raise PackError(f"{path}: {where}: unknown key {sorted(unknown)[0]!r}")
    if not isinstance(name, str) or not name.strip():
        raise PackError(f"{path}: {where}: missing `name`")
    name = " ".join(name.split())
    etype = raw.get("type", default_type)
    if etype not in TYPES:
        raise PackError(f"{path}: {where}: type must be one of {', '.join(TYPES)}, not {etype!r}")
    tokens = name.split()
    variants = _strings(path, where, raw.get("variants"), "variants")
    first = _strings(path, where, raw.get("first"), "first")
    key = raw.get("key")
    if key is not None and (not isinstance(key, str) or " " in key.strip()):
        raise PackError(f"{path}: {where}: `key` must be one token")
    if etype == "person":
        given_first = "first" in raw
        if (
            len(tokens) > 1
            and tokens[0] not in first
            and (key is None or not given_first)
            and tokens[0].casefold() not in _HONORIFICS
            and key != tokens[0]
        ):
            first.insert(0, tokens[0])
        key = key or _surname(tokens)
        # everything before the surname, in the name and in full-name variants, is an accepted first name
        for form in (name, *variants):
            parts = form.split()
            if key in parts and parts.index(key) > 0:
                prefix = " ".join(parts[: parts.index(key)])
                if prefix.casefold() not in _HONORIFICS and prefix not in first:
                    first.append(prefix)
    elif key is None and len(tokens) == 1:
        key = name
    entity = Entity(
        name=name,
        type=etype,
        role=str(raw.get("role", "") or ""),
        key=key,
        first=first,
        variants=variants,
        wrong_first=set(_strings(path, where, raw.get("wrong_first"), "wrong_first")),
        origin=raw.get("origin"),
        source=str(path),
        rank=index,
    )
    if key:
        entity.keys.add(key)
        for variant in variants:
            vt = variant.split()
            if etype == "person" or len(vt) == 1:
                entity.keys.add(_surname(vt))
    for form in _strings(path, where, raw.get("wrong"), "wrong"):
        entity.wrong[form] = (_suggest_for(entity, form), None)
    translit = raw.get("translit") or {}
    if isinstance(translit, list):
        translit = {"xx": translit}
    if not isinstance(translit, dict):
        raise PackError(f"{path}: {where}: `translit` must map a language code to forms")
    for lang, forms in translit.items():
        for form in _strings(path, where, forms, f"translit.{lang}"):
            entity.wrong[form] = (_suggest_for(entity, form), str(lang))
    return entity


def _suggest_for(entity: Entity, form: str) -> str:
    """A one-token wrong form of a person stands for the surname; anything else for the name.

    A form shorter than the name that is close to the name's last words stands for those:
    "von der Lyen" -> "von der Leyen", not "Ursula von der Leyen" (which would double
    the "Ursula" written before it).
    """
    words = form.split()
    if len(words) == 1 and entity.key and entity.type == "person":
        return entity.key
    if len(words) == 1 and form.isupper():  # an acronym stands for the English acronym: "EZB" -> "ECB"
        acronym = next((v for v in (entity.name, *entity.variants) if v.isupper() and " " not in v), None)
        if acronym:
            return acronym
    names = entity.name.split()
    if 1 < len(words) < len(names):
        tail = " ".join(names[-len(words) :])
        if Levenshtein.distance(tail.casefold(), form.casefold()) <= len(form) // 3:
            return tail
    return entity.name


def load_yaml(path: Path) -> list[Entity]:
    try:
        data = parse_yaml(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise PackError(f"{path}: cannot read entity list: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "YAML"
        raise PackError(f"{path}: {where}: invalid YAML: {getattr(exc, 'problem', '') or exc}") from None
    if isinstance(data, list):
        data = {"entities": data}
    if not isinstance(data, dict) or not isinstance(data.get("entities"), list):
        raise PackError(f"{path}: an entity list must be a mapping with `entities` (a list)")
    unknown = set(data) - _FILE_KEYS
    if unknown:
        raise PackError(f"{path}: unknown key {sorted(unknown)[0]!r}")
    default_type = data.get("type")
    return [make_entity(path, raw, i, default_type) for i, raw in enumerate(data["entities"])]


def load_table(path: Path) -> list[Entity]:
    """CSV/TSV: canonical form, then accepted variants; a cell `!Form` is a known wrong form.

    An optional first cell `person:`/`place:`/`org:`/`media:` sets the type
    (default person when the name has two or more words, else place).
    """
    delimiter = "\t" if path.suffix.lower() in (".tsv", ".tab") else ","
    try:
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines(), delimiter=delimiter))
    except OSError as exc:
        raise PackError(f"{path}: cannot read entity list: {exc.strerror or exc}") from None
    out = []
    for number, row in enumerate(rows, 1):
        cells = [c.strip() for c in row if c.strip()]
        if not cells or cells[0].startswith("#"):
            continue
        etype = None
        if cells[0].rstrip(":").lower() in TYPES and cells[0].endswith(":"):
            etype = cells.pop(0).rstrip(":").lower()
        if not cells or cells[0].startswith("!"):
            raise PackError(f"{path}: line {number}: a row starts with the canonical form")
        name = cells[0]
        raw = {
            "name": name,
            "type": etype or ("person" if len(name.split()) > 1 else "place"),
            "variants": [c for c in cells[1:] if not c.startswith("!")],
            "wrong": [c[1:].strip() for c in cells[1:] if c.startswith("!") and c[1:].strip()],
        }
        out.append(make_entity(path, raw, number - 1, None))
    return out


def load_file(path: Path) -> list[Entity]:
    if path.suffix.lower() in (".csv", ".tsv", ".tab"):
        return load_table(path)
    return load_yaml(path)


def canon_dir() -> Path:
    from ..packs import builtin_rules_dir

    return builtin_rules_dir() / "entities"


def load_canon(user_files: list[Path] = ()) -> list[Entity]:
    """User lists first (strongest), then the packaged canon files in name order."""
    entities: list[Entity] = []
    for path in user_files:
        if not path.is_file():
            raise PackError(f"{path}: entity list not found (setting `entities`)")
        entities.extend(load_file(path))
    for path in sorted(canon_dir().glob("*.y*ml")):
        entities.extend(load_yaml(path))
    return entities

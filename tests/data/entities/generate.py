"""Write misspellings.jsonl: seeded misspellings of canon names in sentence context.

Run from the repository root: `.venv/bin/python tests/data/entities/generate.py`.
Each line: {"kind", "entity", "text", "start", "end", "wrong", "fixed"} where
text[start:end] is the misspelled span and `fixed` is the sentence as it should read.
Kinds: drop, swap, double, neighbour, translit, truncate, first-name.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from audit.entities.canon import load_canon  # noqa: E402
from audit.entities.index import Index  # noqa: E402
from audit.resources import zipf  # noqa: E402

NEIGHBOURS = {
    "q": "wa", "w": "qes", "e": "wrd", "r": "etf", "t": "ryg", "y": "tuh", "u": "yij", "i": "uok", "o": "ipl",
    "p": "ol", "a": "qsz", "s": "adwx", "d": "sfe", "f": "dgr", "g": "fht", "h": "gjy", "j": "hku", "k": "jli",
    "l": "kop", "z": "asx", "x": "zsc", "c": "xvd", "v": "cbf", "b": "vng", "n": "bmh", "m": "nj",
}  # fmt: skip

PERSON = [
    "{name} said on Tuesday that the talks would continue next week.",
    "In a statement, {name} rejected the accusations as baseless.",
    "Officials said {name} had spoken by phone with European partners.",
]
PERSON_DOC = "{canon} arrived in the capital on Monday. Speaking to reporters, {name} said more aid was needed."
PLACE = [
    "Delegations met in {name} on Monday to discuss a ceasefire.",
    "The ministers flew to {name} after the summit.",
    "Troops were moved closer to {name}, officials said.",
]
PLACE_DOC = "Talks on {canon} resumed on Monday. Diplomats said the situation in {name} remained tense."
ORG = [
    "According to {name}, the meeting lasted two hours.",
    "A statement from {name} called for restraint.",
]
ORG_DOC = "{canon} said on Monday it would send observers. Later, {name} confirmed the plan."


def edit(word: str, kind: str, rnd: random.Random) -> str | None:
    low = word
    if len(low) < 5:
        return None
    i = rnd.randrange(1, len(low) - 1)
    if kind == "drop":
        return low[:i] + low[i + 1 :]
    if kind == "swap":
        if low[i] == low[i + 1]:
            return None
        return low[:i] + low[i + 1] + low[i] + low[i + 2 :]
    if kind == "double":
        return low[: i + 1] + low[i] + low[i + 1 :]
    if kind == "neighbour":
        options = NEIGHBOURS.get(low[i].lower())
        if not options:
            return None
        return low[:i] + rnd.choice(options) + low[i + 1 :]
    if kind == "truncate":
        cut = max(4, round(len(low) * rnd.uniform(0.6, 0.8)))
        return low[:cut] if cut < len(low) else None
    return None


def place(template: str, canon: str, name: str, start_name: str) -> tuple[str, int, int]:
    text = template.format(canon=canon, name=name)
    start = text.rindex(name) if "{canon}" in template else text.index(name)
    return text, start, start + len(name)


def main() -> None:
    rnd = random.Random(20261123)
    entities = load_canon()
    index = Index(entities, zipf)
    rows = []
    for e in entities:
        if not e.key or len(e.key) < 5 or " " in e.key or "-" in e.key or not e.key.isalpha():
            continue
        kinds = ["drop", "swap", "double", "neighbour"]
        if e.type == "person" and e.canonical_first and len(e.key) >= 6:
            kinds.append("truncate")
        if e.type == "person" and e.canonical_first and len(e.canonical_first) >= 5 and e.canonical_first.isalpha():
            kinds.append("first-name")
        translit = [w for w, (s, lang) in e.wrong.items() if lang and " " not in w and s == e.key]
        if translit:
            kinds.append("translit")
        kind = rnd.choice(kinds)
        if kind == "translit":
            wrong = rnd.choice(sorted(translit))
        elif kind == "first-name":
            wrong = edit(e.canonical_first, rnd.choice(["drop", "swap", "double", "neighbour"]), rnd)
        else:
            wrong = edit(e.key, kind, rnd)
        if not wrong or index.is_known(wrong) or wrong.lower() == (e.key or "").lower():
            continue
        doc_context = rnd.random() < 0.4
        if e.type == "person":
            first = e.canonical_first
            if kind == "first-name":
                name, fixed_name = f"{wrong} {e.key}", f"{first} {e.key}"
            elif first and not doc_context:
                name, fixed_name = f"{first} {wrong}", f"{first} {e.key}"
            else:
                name, fixed_name = wrong, e.key
            template = PERSON_DOC if doc_context and kind != "first-name" else rnd.choice(PERSON)
        elif e.type == "place":
            name, fixed_name = wrong, e.key
            template = PLACE_DOC if doc_context else rnd.choice(PLACE)
        else:
            name, fixed_name = wrong, e.key
            template = ORG_DOC if doc_context else rnd.choice(ORG)
        canon = e.name if e.type == "person" else e.key
        text, start, end = place(template, canon, name, name)
        fixed = text[:start] + fixed_name + text[end:]
        rows.append({"kind": kind, "entity": e.name, "text": text, "start": start, "end": end,
                     "wrong": name, "fixed": fixed})  # fmt: skip
    out = Path(__file__).with_name("misspellings.jsonl")
    with out.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(len(rows), "cases ->", out)


if __name__ == "__main__":
    main()

"""Build the held-out evaluation set: documents (*.txt) and labels.jsonl.

Why a generator: label spans are code-point offsets, so they are computed from
markup, never counted by hand. Sources live in src/:

- src/*.tmpl: a whole document written with inline defect markup.
- src/*.base: real, clean article text (from registry packages, see
  docs/heldout.md); REAL below turns each into a defective document by exact
  string operations whose replacement text carries the markup.

Markup: ⟦category¦text¦correction⟧. A correction of ∅ means null (no single fix),
an empty one means delete. ⟦moji¦word⟧ is shorthand for `word` mis-decoded (UTF-8 read
as cp1252), with one encoding label per run of damaged characters whose
correction is the original run. Markup nests (a repeated headline may hold a misspelled name). Lines of a
.tmpl starting with "#" are notes and are dropped.

Run: python tests/data/heldout/build.py  (rewrites the .txt files and labels).
"""

from __future__ import annotations

import json
import pathlib
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
SRC = HERE / "src"
OPEN, SEP, CLOSE, NULL = "⟦", "¦", "⟧", "∅"


def mojibake(s: str) -> str:
    """UTF-8 bytes read as cp1252 (undefined bytes kept as Latin-1, like browsers)."""
    out = []
    for b in s.encode("utf-8"):
        try:
            out.append(bytes([b]).decode("cp1252"))
        except UnicodeDecodeError:
            out.append(chr(b))
    return "".join(out)


def _moji_labels(word: str) -> tuple[str, list[dict]]:
    """Mis-decode `word`; one encoding label per run of damaged characters."""
    text, labels, run = [], [], ""

    def flush() -> None:
        nonlocal run
        if run:
            bad = mojibake(run)
            start = sum(map(len, text))
            labels.append(
                {"start": start, "end": start + len(bad), "category": "encoding", "text": bad, "correction": run}
            )
            text.append(bad)
            run = ""

    for ch in word:
        if ord(ch) < 128:
            flush()
            text.append(ch)
        else:
            run += ch
    flush()
    return "".join(text), labels


def _split_top(body: str) -> list[str]:
    parts, depth, cur = [], 0, []
    for ch in body:
        if ch == OPEN:
            depth += 1
        elif ch == CLOSE:
            depth -= 1
        if ch == SEP and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def render(marked: str) -> tuple[str, list[dict]]:
    """Strip markup; return plain text and labels with offsets into it."""
    out: list[str] = []
    labels: list[dict] = []
    pos = 0  # code points emitted so far
    i = 0
    while i < len(marked):
        ch = marked[i]
        if ch != OPEN:
            out.append(ch)
            pos += 1
            i += 1
            continue
        depth, j = 0, i
        while True:
            if marked[j] == OPEN:
                depth += 1
            elif marked[j] == CLOSE:
                depth -= 1
                if depth == 0:
                    break
            j += 1
        parts = _split_top(marked[i + 1 : j])
        cat = parts[0]
        if cat == "moji":
            (word,) = parts[1:]
            text, inner = _moji_labels(word)
            labels.extend({**lab, "start": lab["start"] + pos, "end": lab["end"] + pos} for lab in inner)
            out.append(text)
            pos += len(text)
            i = j + 1
            continue
        else:
            _, raw, corr_raw = parts
            text, inner = render(raw)
            corr = None if corr_raw == NULL else render(corr_raw)[0]
        for lab in inner:
            lab["start"] += pos
            lab["end"] += pos
        labels.extend(inner)
        labels.append({"start": pos, "end": pos + len(text), "category": cat, "text": text, "correction": corr})
        out.append(text)
        pos += len(text)
        i = j + 1
    return "".join(out), labels


def _apply_ops(base: str, ops: list[tuple[str, str]]) -> str:
    for old, new in ops:
        assert base.count(old) == 1, f"op anchor not unique/absent: {old!r}"
        base = base.replace(old, new)
    return base


def sources() -> dict[str, str]:
    """Every document name mapped to its marked-up text."""
    from real import REAL  # src/ is on sys.path (main, tests)

    docs: dict[str, str] = {}
    for p in sorted(SRC.glob("*.tmpl")):
        lines = p.read_text(encoding="utf-8").split("\n")
        docs[p.stem] = "\n".join(x for x in lines if not x.startswith("#")).lstrip("\n")
    for name, spec in REAL.items():
        base = (SRC / spec["base"]).read_text(encoding="utf-8")
        docs[name] = spec.get("head", "") + _apply_ops(base, spec["ops"]) + spec.get("tail", "")
    return docs


def main() -> None:
    import sys

    sys.path.insert(0, str(SRC))
    for old in HERE.glob("*.txt"):
        old.unlink()
    rows = []
    for name, marked in sorted(sources().items()):
        text, labels = render(marked)
        assert unicodedata.is_normalized("NFC", text) or "moji" in marked, name
        fname = f"{name}.txt"
        (HERE / fname).write_text(text, encoding="utf-8", newline="\n")
        back = (HERE / fname).read_text(encoding="utf-8")
        for lab in sorted(labels, key=lambda r: (r["start"], -r["end"])):
            assert back[lab["start"] : lab["end"]] == lab["text"], (name, lab)
            rows.append({"doc": fname, **lab})
    with open(HERE / "labels.jsonl", "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(sources())} documents, {len(rows)} labels")


if __name__ == "__main__":
    main()

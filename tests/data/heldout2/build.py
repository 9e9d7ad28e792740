"""Build the second held-out evaluation set (heldout2): documents and labels.jsonl.

Sources live in src/:

- src/NN_lang_topic.tmpl: a whole document written with inline defect markup
  (⟦category¦text¦correction⟧, ∅ = null correction, empty = delete,
  ⟦moji¦word⟧ = word mis-decoded as cp1252). Lines starting with "#" are notes.
- src/cNN_topic.txt: clean control documents, copied verbatim, no labels.

The markup renderer is reused from tests/data/heldout/build.py (imported by
path, not copied), so both sets share one definition of the markup.

Run: python tests/data/heldout2/build.py  (rewrites the .txt files and labels).
"""

from __future__ import annotations

import importlib.util
import json
import pathlib
import unicodedata

HERE = pathlib.Path(__file__).resolve().parent
SRC = HERE / "src"
BASE = HERE.parent / "heldout" / "build.py"
MARKS = "⟦¦⟧∅"


def _load_renderer():
    spec = importlib.util.spec_from_file_location("heldout_build", BASE)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def templates() -> dict[str, str]:
    docs = {}
    for p in sorted(SRC.glob("*.tmpl")):
        lines = p.read_text(encoding="utf-8").split("\n")
        docs[p.stem] = "\n".join(x for x in lines if not x.startswith("#")).lstrip("\n")
    return docs


def main() -> None:
    hb = _load_renderer()
    for old in HERE.glob("*.txt"):
        old.unlink()
    rows = []
    docs = templates()
    for name, marked in docs.items():
        text, labels = hb.render(marked)
        assert not any(m in text for m in MARKS), f"stray markup in {name}"
        assert unicodedata.is_normalized("NFC", text) or "moji" in marked, name
        fname = f"{name}.txt"
        (HERE / fname).write_text(text, encoding="utf-8", newline="\n")
        back = (HERE / fname).read_text(encoding="utf-8")
        assert back == text, name
        for lab in sorted(labels, key=lambda r: (r["start"], -r["end"])):
            assert back[lab["start"] : lab["end"]] == lab["text"], (name, lab)
            assert lab["text"], (name, lab)
            rows.append({"doc": fname, **lab})
    clean = sorted(SRC.glob("c*.txt"))
    for p in clean:
        text = p.read_text(encoding="utf-8")
        assert not any(m in text for m in MARKS), f"markup in clean control {p.name}"
        assert unicodedata.is_normalized("NFC", text), p.name
        (HERE / p.name).write_text(text, encoding="utf-8", newline="\n")
    with open(HERE / "labels.jsonl", "w", encoding="utf-8") as fh:
        for r in rows:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{len(docs)} defect documents, {len(clean)} clean controls, {len(rows)} labels")


if __name__ == "__main__":
    main()

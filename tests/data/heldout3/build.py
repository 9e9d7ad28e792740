"""Build the third held-out evaluation set (heldout3): documents and labels.jsonl.

Sources live in src/:

- src/NN_lang_topic.tmpl: a whole document written with inline defect markup
  (⟦category¦text¦correction⟧, ∅ = null correction, empty = delete,
  ⟦moji¦word⟧ = word mis-decoded as cp1252). Lines starting with "#" are notes;
  the first one is `# lang: xx -> en; topic`.
- src/cNN_topic.txt: clean control documents, copied verbatim, no labels.

Nothing is copied from the earlier sets' builders; they are imported by file path:

- tests/data/heldout2/build.py supplies the template loader (`templates()`), the
  writer (`main()`: renders every template, writes NN_*.txt, cNN_*.txt and
  labels.jsonl, and asserts text[start:end] == label text, no leftover markup
  characters, NFC apart from mojibake) and `_load_renderer()`; its module globals
  HERE and SRC are pointed at this directory before it runs.
- tests/data/heldout/build.py supplies `render()` (through `_load_renderer()`, which
  imports that file by path). It is used here a second time, independently of the
  writer, to re-check every written file and label.

Run: python tests/data/heldout3/build.py  (rewrites the .txt files and labels).
"""

from __future__ import annotations

import collections
import importlib.util
import json
import pathlib
import re

HERE = pathlib.Path(__file__).resolve().parent
SRC = HERE / "src"
HELDOUT2 = HERE.parent / "heldout2" / "build.py"
CATEGORIES = {
    "entity", "mt-garble", "broken-url", "boilerplate", "repetition", "link-case",
    "punctuation", "grammar", "spelling", "encoding", "style",
}
HEADER = re.compile(r"^# lang: ([a-z]{2}) -> en; \S.*$")


def _load(name: str, path: pathlib.Path):
    spec = importlib.util.spec_from_file_location(name, path)
    mod = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(mod)
    return mod


def _heldout2():
    hb2 = _load("heldout2_build", HELDOUT2)
    hb2.HERE, hb2.SRC = HERE, SRC  # its loader and writer act on this directory
    return hb2


def verify(hb2) -> collections.Counter:
    """Re-check the written set with heldout/build.py's render(), independently."""
    render = hb2._load_renderer().render
    rows = [json.loads(x) for x in (HERE / "labels.jsonl").read_text(encoding="utf-8").splitlines()]
    by_doc = collections.defaultdict(list)
    for r in rows:
        assert set(r) == {"doc", "start", "end", "category", "text", "correction"}, r
        assert r["category"] in CATEGORIES, r
        assert r["correction"] is None or isinstance(r["correction"], str), r
        by_doc[r["doc"]].append(r)
    langs = collections.Counter()
    tmpls = sorted(SRC.glob("*.tmpl"))
    for p in tmpls:
        head = p.read_text(encoding="utf-8").split("\n", 1)[0]
        m = HEADER.match(head)
        assert m, f"bad first line in {p.name}: {head!r}"
        langs[m.group(1)] += 1
        assert f"_{m.group(1)}_" in p.name, p.name
        text, labels = render(hb2.templates()[p.stem])
        back = (HERE / f"{p.stem}.txt").read_text(encoding="utf-8")
        assert back == text, p.name
        got = sorted((r["start"], r["end"], r["category"], r["text"], r["correction"]) for r in by_doc[f"{p.stem}.txt"])
        want = sorted((r["start"], r["end"], r["category"], r["text"], r["correction"]) for r in labels)
        assert got == want, p.name
        for r in by_doc[f"{p.stem}.txt"]:
            assert back[r["start"] : r["end"]] == r["text"], r
    assert all(n <= 2 for n in langs.values()), langs
    for p in sorted(SRC.glob("c*.txt")):
        assert not by_doc.get(p.name), f"labels on clean control {p.name}"
        assert (HERE / p.name).read_text(encoding="utf-8") == p.read_text(encoding="utf-8"), p.name
    assert set(by_doc) <= {f"{p.stem}.txt" for p in tmpls}, set(by_doc)
    return collections.Counter(r["category"] for r in rows)


def words(paths) -> int:
    return sum(len(p.read_text(encoding="utf-8").split()) for p in paths)


def main() -> None:
    hb2 = _heldout2()
    # heldout2's writer deletes every *.txt here first and writes the set afresh
    # (the record of the first measured run is first_eval.log, not a document).
    hb2.main()
    cats = verify(hb2)
    docs = sorted(HERE.glob("[0-9]*.txt"))
    clean = sorted(HERE.glob("c*.txt"))
    print(f"words: {words(docs)} in defect documents, {words(clean)} in clean controls")
    print("labels by category: " + ", ".join(f"{c} {n}" for c, n in cats.most_common()))


if __name__ == "__main__":
    main()

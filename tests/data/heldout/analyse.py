"""Per-label failure listing for the held-out set (what `audit eval --show` leaves out).

For every label: missed, found under another category, or found with a first
suggestion that does not produce the labelled correction; plus false positives.
Same matching as ../shared/tools/score.py (overlap; whitespace-folded correction).

usage: python tests/data/heldout/analyse.py [DOCS_DIR LABELS] [--audit CMD]
"""

from __future__ import annotations

import argparse
import collections
import json
import pathlib
import re
import shlex
import subprocess

HERE = pathlib.Path(__file__).resolve().parent


def fold(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("docs", nargs="?", default=str(HERE))
    ap.add_argument("labels", nargs="?", default=str(HERE / "labels.jsonl"))
    ap.add_argument("--audit", default=str(HERE.parents[2] / ".venv/bin/audit"))
    a = ap.parse_args()
    docs = sorted(pathlib.Path(a.docs).glob("*.txt"))
    out = subprocess.run(
        [*shlex.split(a.audit), "check", "--format", "json", *map(str, docs)],
        capture_output=True,
        text=True,
        check=False,
    )
    preds = {pathlib.Path(f["path"]).name: f["findings"] for f in json.loads(out.stdout)["files"]}
    labels = collections.defaultdict(list)
    for line in pathlib.Path(a.labels).read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        labels[row["doc"]].append(row)
    rows = collections.defaultdict(list)
    for doc in docs:
        text = doc.read_text(encoding="utf-8")
        ls, ps = labels.get(doc.name, []), preds.get(doc.name, [])
        for p in ps:
            if not any(p["start"] < lab["end"] and lab["start"] < p["end"] for lab in ls):
                rows["false-positive"].append((doc.name, p["rule"], p["text"], p["suggestions"][:1]))
        for lab in ls:
            if lab["category"] == "style":
                continue
            over = [p for p in ps if p["start"] < lab["end"] and lab["start"] < p["end"]]
            key = lab["category"]
            if not over:
                rows[f"{key}: missed"].append((doc.name, lab["text"], lab["correction"]))
                continue
            if not any(p["category"] == key for p in over):
                rows[f"{key}: wrong category"].append((doc.name, lab["text"], [(p["rule"], p["text"]) for p in over]))
            if lab["correction"] is None:
                continue
            want = fold(text[: lab["start"]] + lab["correction"] + text[lab["end"] :])
            ok = any(
                p["suggestions"] and fold(text[: p["start"]] + p["suggestions"][0] + text[p["end"] :]) == want
                for p in over
            )
            if not ok:
                got = [(p["rule"], p["text"], p["suggestions"][:1]) for p in over]
                rows[f"{key}: wrong correction"].append((doc.name, lab["text"], lab["correction"], got))
    for key in sorted(rows):
        print(f"## {key} ({len(rows[key])})")
        for r in rows[key]:
            print("  ", json.dumps(r, ensure_ascii=False))


if __name__ == "__main__":
    main()

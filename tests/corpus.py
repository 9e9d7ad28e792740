"""Small generated corpora for the record, parallel, Dask and learn tests.

Documents are news-like paragraphs with a few planted defects (an ad marker,
comment-form chrome) so that checks find something, written to real files in
every record format.
"""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path

SUBJECTS = ["The minister", "Officials in Brussels", "The central bank", "Local residents", "The committee"]
VERBS = ["said on Tuesday that", "warned that", "announced that", "denied reports that", "confirmed that"]
CLAUSES = [
    "talks would resume next week",
    "the budget had been approved after a long debate",
    "prices rose faster than expected in the spring",
    "the bridge will reopen before the end of the year",
    "a new agreement on grain exports was close",
]
DEFECTS = ["[ad_1]", "Leave a Reply", "Your email address will not be published."]


def make_text(rng: random.Random, paragraphs: int = 3) -> str:
    out = []
    for _ in range(paragraphs):
        sentences = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(CLAUSES)}." for _ in range(3)]
        out.append(" ".join(sentences))
    if rng.random() < 0.5:
        out.insert(rng.randrange(len(out) + 1), rng.choice(DEFECTS))
    return "\n\n".join(out) + "\n"


def make_records(n: int, seed: int = 1, prefix: str = "doc") -> list[dict]:
    rng = random.Random(seed)
    return [{"id": f"{prefix}-{i}", "text": make_text(rng), "lang": "en"} for i in range(n)]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "wt", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def write_parquet(path: Path, rows: list[dict], row_group_size: int = 10) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    pq.write_table(pa.Table.from_pylist(rows), path, row_group_size=row_group_size)
    return path


def make_corpus(root: Path, seed: int = 7) -> list[Path]:
    """A multi-file, multi-format corpus: text files, JSONL, gzipped JSONL, Parquet."""
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    texts = root / "texts"
    texts.mkdir(exist_ok=True)
    for i in range(12):
        (texts / f"{i:03d}.txt").write_text(make_text(rng), encoding="utf-8")
    return [
        texts,
        write_jsonl(root / "a.jsonl", make_records(40, seed + 1, "a")),
        write_jsonl(root / "b.jsonl.gz", make_records(25, seed + 2, "b")),
        write_parquet(root / "c.parquet", make_records(35, seed + 3, "c"), row_group_size=8),
    ]

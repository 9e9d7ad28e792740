"""`audit learn` finds planted site chrome and name variants, and nothing that merely repeats twice."""

from __future__ import annotations

import importlib
import random
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml
from corpus import make_text, write_jsonl

from audit import Auditor, Document
from audit.learn import Counts, LearnOptions, count_document, decide, key_regex, learn, name_variants, normalise_line

MONTHS = ["January", "March", "June", "October"]
PEOPLE = ["Kowalczyk", "Stoltenberg", "Albanese"]


def _doc(rng: random.Random, i: int) -> str:
    lines = []
    if i % 3 == 0:  # chrome of one site: a third of the corpus
        day, month, year = rng.randint(1, 28), rng.choice(MONTHS), rng.randint(2019, 2024)
        lines.append(f"Published {day} {month} {year} {rng.randint(0, 23)}:{rng.randint(10, 59)} GMT")
    person = PEOPLE[i % 3]
    if i in (7, 40):
        person = "Kowalczik"  # the planted misspelling, twice
    if i == 55:
        person = "Stoltenbreg"
    where = rng.choice(["Warsaw", "Oslo", "Canberra", "Geneva", "Lisbon", "Riga"])
    who = rng.choice(["farmers", "union leaders", "bankers", "students", "mayors", "doctors"])
    lines.append(f"Minister {person} met {who} in {where} on {rng.choice(['Monday', 'Friday', 'Sunday'])}.")
    lines.append(make_text(rng, paragraphs=2))
    if i in (10, 20):
        lines.append("The river rose by almost two metres overnight, flooding the old town.")  # a real sentence, twice
    if i % 3 == 0:
        lines += ["Share this article", "Subscribe to our newsletter"]
    return "\n\n".join(lines) + "\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("learn")
    rng = random.Random(3)
    docs = root / "docs"
    docs.mkdir()
    for i in range(60):
        (docs / f"{i:03d}.txt").write_text(_doc(rng, i), encoding="utf-8")
    write_jsonl(root / "more.jsonl", [{"id": i, "text": _doc(rng, 100 + i)} for i in range(60)])
    return root


def test_normalised_lines_and_their_patterns():
    a = normalise_line("Published 12 March 2024  10:32 GMT")
    b = normalise_line("Published 3 June 2021 09:05 GMT")
    assert a == b
    pattern = re.compile(key_regex(a))
    assert pattern.fullmatch("Published 28 Oct. 2019 23:59 GMT")
    assert pattern.fullmatch("Published 1 January 1999 0:00 GMT")
    assert not pattern.fullmatch("Published yesterday GMT")


def test_learns_chrome_and_names_but_not_a_sentence_seen_twice(corpus):
    counts = learn([str(corpus / "docs"), str(corpus / "more.jsonl")], jobs=1)
    assert counts.docs == 120
    learned = decide(counts)
    examples = [b["example"] for b in learned.boilerplate]
    assert "Share this article" in examples and "Subscribe to our newsletter" in examples
    assert any(e.startswith("Published ") and e.endswith(" GMT") for e in examples)
    assert not any("river rose" in e for e in examples)
    assert not any(e.startswith("Minister") for e in examples), "a sentence with varying words"
    wrong = {g["name"]: [w for w, _ in g["wrong"]] for g in learned.names}
    assert wrong.get("Kowalczyk") == ["Kowalczik"]
    assert wrong.get("Stoltenberg") == ["Stoltenbreg"]
    for canonical in ("Albanese", "Tuesday", "Minister"):
        assert canonical not in {w for ws in wrong.values() for w in ws}


def test_jobs_and_engines_count_the_same(corpus):
    paths = [str(corpus / "docs"), str(corpus / "more.jsonl")]
    one = learn(paths, jobs=1)
    two = learn(paths, jobs=2)
    assert (one.docs, one.lines, one.names) == (two.docs, two.lines, two.names)


@pytest.mark.slow
def test_learn_on_dask(corpus):
    pytest.importorskip("distributed")
    paths = [str(corpus / "docs"), str(corpus / "more.jsonl")]
    one = learn(paths, jobs=1)
    dask = learn(paths, jobs=2, engine="dask")
    assert (one.docs, one.lines, one.names) == (dask.docs, dask.lines, dask.names)


def test_names_ignore_common_words_inflections_and_two_frequent_names():
    names = Counter(
        {
            "Austria": 50,
            "Australia": 40,
            "Russia": 60,
            "Russian": 2,
            "Blinken": 30,
            "Blink": 1,
            "Peskov": 9,
            "Peskow": 1,
        }
    )
    got = {g["name"]: [w for w, _ in g["wrong"]] for g in name_variants(names)}
    assert got == {"Peskov": ["Peskow"]}


def test_transliterated_first_letter_and_swaps_are_one_edit_but_endings_are_not_typos():
    names = Counter({"Zelensky": 300, "Selenskyj": 4, "Berlin": 200, "Berliner": 3, "Kowalczyk": 50, "Kowalcyzk": 2})
    got = {g["name"]: [w for w, _ in g["wrong"]] for g in name_variants(names)}
    assert got == {"Zelensky": ["Selenskyj"], "Kowalczyk": ["Kowalcyzk"]}


def test_urls_in_lines_are_normalised():
    a = normalise_line("Read more: https://example.com/world/a-story-1")
    assert a == normalise_line("Read more: www.example.org/x?id=2")
    assert re.compile(key_regex(a)).fullmatch("Read more: https://news.example/other")


def test_learned_pack_is_valid_and_flags_the_chrome(corpus, tmp_path):
    out = tmp_path / "learned.yml"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "audit",
            "learn",
            str(corpus / "docs"),
            str(corpus / "more.jsonl"),
            "-o",
            str(out),
            "--ngrams",
            str(tmp_path / "tri.tsv"),
            "-j",
            "2",
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "learned from 120 documents" in proc.stderr
    pack = yaml.safe_load(out.read_text())
    assert pack["rules"] and all(r["code"].startswith("learned.boilerplate-") for r in pack["rules"])
    names = yaml.safe_load((tmp_path / "learned.entities.yml").read_text())
    assert any(e["name"] == "Kowalczyk" and e["wrong"] == ["Kowalczik"] for e in names["entities"])
    canon = importlib.import_module("audit.entities.canon")
    loaded = {e.name: e for e in canon.load_file(tmp_path / "learned.entities.yml")}
    assert "Kowalczik" in loaded["Kowalczyk"].wrong, "the entity list loads in the canon's own format"
    tri = (tmp_path / "tri.tsv").read_text().splitlines()
    assert tri and all(len(line.split("\t")[1].split()) == 3 for line in tri)
    auditor = Auditor(select=["learned"], rule_packs=[out])
    text = "Published 2 March 2020 8:15 GMT\n\nThe talks went on.\n\nShare this article\n"
    found = {f.text for f in auditor.check(Document(text))}
    assert found == {"Published 2 March 2020 8:15 GMT", "Share this article"}
    clean = "A story about a river.\n\nShare this article with care, she said.\n"
    assert not auditor.check(Document(clean))


def test_count_document_counts_each_line_once_per_document():
    c = Counts()
    count_document(Document("Menu\n\nMenu\n\nBody text here.\n"), c, LearnOptions())
    assert c.lines[normalise_line("Menu")] == 1 and c.docs == 1

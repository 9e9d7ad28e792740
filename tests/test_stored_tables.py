"""Tables built at start-up and kept in the user cache answer exactly as a fresh build.

The entity Index (`audit.entities.stored`) and the MT pack's pattern analyses
(`audit.checks.mt_pack._analyses`) are pickled into the cache so that a small
run (a pre-commit hook on a few files) neither rebuilds them nor imports
wordfreq. A stored table must behave as the one it replaces, a changed input
must never read a stale entry, and a damaged entry must cost only a rebuild.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from audit import Auditor, Document, diskcache
from audit.checks import mt_pack
from audit.entities import stored
from audit.entities.index import Index
from audit.resources import zipf

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "samples").glob("*.txt"))
# Names, their misspellings and plain words: what the entity check asks the Index.
TOKENS = [
    *["Biden", "Binden", "Blinken", "Brinken", "Blink", "Selenskyj", "Zelensky", "Peskow", "Peskov", "Putin", "Coup"],
    *["Macron", "Makron", "Scholz", "Scholtz", "Erdogan", "Erdoğan", "Stoltenberg", "Stoltenburg", "Kuleba", "Kulebа"],
    *["Binder", "Brink", "Blinkhorn", "Peskin", "Bidenko", "the", "house", "Moscow", "Moskau", "Kiev", "Kyiv", "Kiew"],
]


@pytest.fixture()
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(folder))
    monkeypatch.delenv("AUDIT_NO_CACHE", raising=False)
    return folder


def _answers(index: Index) -> list:
    """Every field of the Index's answer for each token, entities by name."""
    index.classify_all(TOKENS)
    out = []
    for token in TOKENS:
        info = index.info(token)
        if info is None:
            out.append(None)
            continue
        out.append(
            (
                info.token,
                info.zipf,
                info.accepted,
                [(w.form, w.suggestion, w.entity.name) for w in (*info.wrong, *info.heads)],
                [(f.entity.name, f.key, f.edits, f.truncated, f.longer, f.phrase) for f in info.fuzzy],
                [(e.name, flag) for e, flag in info.near_first],
                [e.name for e in info.variant_first],
                sorted(index.titles_of(index.entities[0])),
            )
        )
    return out


def test_a_stored_index_answers_as_a_fresh_build(cache):
    fresh = Index(stored.load_canon([]), zipf)
    first = stored.stored_index([], zipf)  # builds and stores
    assert list(cache.glob("entity-index-*.bin"))
    again = stored.stored_index([], zipf)  # read back from the cache
    assert again is not first
    assert _answers(again) == _answers(fresh) == _answers(first)


def test_findings_are_the_same_with_and_without_the_cache(cache, monkeypatch):
    docs = [Document(p.read_text(encoding="utf-8"), path=p.name) for p in SEEDS]
    assert docs

    def run() -> list:
        auditor = Auditor()
        return [(f.rule, f.start, f.end, f.suggestions) for d in docs for f in auditor.check(d)]

    monkeypatch.setenv("AUDIT_NO_CACHE", "1")
    uncached = run()
    monkeypatch.delenv("AUDIT_NO_CACHE")
    assert run() == uncached  # builds and stores the tables
    assert run() == uncached  # reads them back
    assert list(cache.glob("entity-index-*.bin")) and list(cache.glob("mt-pack-analyses-*.bin"))


def test_an_edited_user_list_is_never_read_from_a_stale_entry(cache, tmp_path):
    names = tmp_path / "names.csv"
    names.write_text("Kwame Nkrumah,Nkrumah\n", encoding="utf-8")
    assert stored.stored_index([names], zipf).is_known("Nkrumah")
    names.write_text("Julius Nyerere,Nyerere,Mwalimu Nyerere\n", encoding="utf-8")
    index = stored.stored_index([names], zipf)
    assert index.is_known("Nyerere") and not index.is_known("Nkrumah")


def test_a_damaged_entry_costs_only_a_rebuild(cache):
    stored.stored_index([], zipf)
    for entry in cache.glob("*.bin"):
        entry.write_bytes(b"not a pickle")
    assert stored.stored_index([], zipf).is_known("Blinken")
    analysed = mt_pack._analyses([r"\brefused to appoint (?:him|her)\b"])
    assert analysed == {r"\brefused to appoint (?:him|her)\b": mt_pack._analysis(r"\brefused to appoint (?:him|her)\b")}


def test_stored_pattern_analyses_equal_fresh_ones(cache):
    patterns = [p for rule in Auditor(select=["mt"]).rules.values() for p in rule.options.get("patterns") or []]
    assert len(patterns) > 20
    fresh = {p: mt_pack._analysis(p) for p in patterns}
    assert mt_pack._analyses(patterns) == fresh  # built and stored
    assert mt_pack._analyses(patterns) == fresh  # read back


def test_a_small_run_does_not_import_wordfreq_once_the_tables_are_stored(cache, tmp_path):
    sample = tmp_path / "a.txt"
    sample.write_text("Secretary of State Antony Blink met Binden in Kiev.\n", encoding="utf-8")
    probe = (
        "import sys; from audit.cli import main\n"
        "code = main(['check', '--no-color', sys.argv[1]])\n"
        "print('wordfreq' in sys.modules)\n"
    )
    env = {"AUDIT_CACHE_DIR": str(cache), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    runs = [
        subprocess.run([sys.executable, "-c", probe, str(sample)], capture_output=True, text=True, env=env, cwd=ROOT)
        for _ in range(2)
    ]
    first, second = (r.stdout.rstrip("\n").rsplit("\n", 1) for r in runs)
    assert "entity." in second[0], runs[1].stdout + runs[1].stderr
    assert second[0] == first[0]  # the same report from stored tables
    assert second[1] == "False", runs[1].stdout + runs[1].stderr


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="needs root to chown an entry")
def test_an_entry_another_user_wrote_is_not_read(cache):
    assert diskcache.stored_object("probe", "k", lambda: {"mine": 1}, dict) == {"mine": 1}
    (entry,) = cache.glob("probe-*.bin")
    entry.write_bytes(pickle.dumps({"planted": 1}))
    assert diskcache.stored_object("probe", "k", lambda: {"mine": 2}, dict) == {"planted": 1}  # own entry: read
    os.chown(entry, 12345, 12345)
    assert diskcache.stored_object("probe", "k", lambda: {"mine": 3}, dict) == {"mine": 3}


def test_an_object_that_does_not_pickle_is_used_and_not_kept(cache):
    value = {"handle": lambda: None}  # lambdas do not pickle
    assert diskcache.stored_object("unpicklable", "k", lambda: value, dict) is value
    assert not list(cache.glob("unpicklable-*.bin"))


def test_stored_line_rule_analyses_equal_fresh_ones(cache):
    from audit import matchers

    patterns = Auditor(select=["boilerplate"]).lines._plain
    assert len(patterns) > 40
    fresh = {p: matchers._line_analysis(p) for p in patterns}
    assert matchers._line_analyses(patterns) == fresh  # built and stored
    assert list(cache.glob("line-analyses-*.bin"))
    assert matchers._line_analyses(patterns) == fresh  # read back

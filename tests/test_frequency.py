"""The cached English frequency table answers exactly as wordfreq does, and the cache is safe.

`audit.resources.zipf` reads plain Latin-script words from a table derived
from wordfreq's English list (so a run need not load wordfreq); every value
must be the one `wordfreq.zipf_frequency` gives, for words in the list, words
not in it, and every case form.
"""

from __future__ import annotations

import random

import pytest
from wordfreq import get_frequency_dict, zipf_frequency

from audit import diskcache, frequency


@pytest.fixture()
def fresh_table(tmp_path, monkeypatch):
    """A table built from scratch in an empty cache directory."""
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("AUDIT_NO_CACHE", raising=False)
    monkeypatch.setattr(frequency, "_TABLE", False)
    table = frequency.english_table()
    assert table is not None
    return table


def _forms(word: str) -> list[str]:
    return [word, word.upper(), word.title(), word.capitalize()]


def test_values_equal_wordfreq_on_list_words_and_their_case_forms(fresh_table):
    words = sorted(get_frequency_dict("en"))
    sample = random.Random(11).sample(words, 4000)
    checked = 0
    for word in sample:
        for form in _forms(word):
            if frequency.plain(form):
                checked += 1
                assert fresh_table.zipf(form) == zipf_frequency(form, "en"), form
    assert checked > 8000


def test_values_equal_wordfreq_on_made_up_latin_words(fresh_table):
    letters = [chr(c) for c in range(0x41, 0x250) if chr(c).isalpha()]
    rng = random.Random(3)
    made_up = ["".join(rng.choice(letters) for _ in range(rng.randint(1, 6))) for _ in range(4000)]
    for word in [*made_up, "xyzzyq", "Straße", "STRASSE", "Erdoğan", "Zürich", "naïve", "Łódź", "Ørsted", "ſun"]:
        for form in _forms(word):
            if frequency.plain(form):
                assert fresh_table.zipf(form) == zipf_frequency(form, "en"), form


@pytest.mark.parametrize(
    "word",
    ["İstanbul", "µs", "Ɛwe", "can't", "call-up", "2024", "Москва", "ﬁne", "cafe\u0301"],
)
def test_words_wordfreq_reads_differently_are_not_plain(word):
    """Turkish İ, letters that fold out of the Latin script, apostrophes, hyphens, digits, NFD: wordfreq answers."""
    assert not frequency.plain(word)


def test_resources_zipf_uses_the_table_and_falls_back_to_wordfreq(fresh_table):
    from audit.resources import zipf

    assert zipf("house") == zipf_frequency("house", "en")
    assert zipf("call-up") == zipf_frequency("call-up", "en")
    assert zipf("maison", "fr") == zipf_frequency("maison", "fr")


def test_the_table_is_built_once_then_read(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(tmp_path))
    builds = []
    key = "k1"
    assert diskcache.load_or_build("t", key, lambda: builds.append(1) or b"data") == b"data"
    assert diskcache.load_or_build("t", key, lambda: builds.append(1) or b"other") == b"data"
    assert builds == [1]
    assert diskcache.load_or_build("t", "k2", lambda: b"new") == b"new"  # another key: another entry
    assert not list(tmp_path.glob(".*.tmp")), "no temporary file left behind"


def test_no_cache_and_unwritable_directories_only_cost_the_rebuild(tmp_path, monkeypatch):
    monkeypatch.setenv("AUDIT_NO_CACHE", "1")
    assert diskcache.cache_dir() is None
    assert diskcache.load_or_build("t", "k", lambda: b"x") == b"x"
    monkeypatch.delenv("AUDIT_NO_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("AUDIT_CACHE_DIR", str(blocker / "sub"))
    assert diskcache.load_or_build("t", "k", lambda: b"y") == b"y"

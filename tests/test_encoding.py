"""Encoding damage: generated mojibake is found and repaired, clean text in any script is not.

The mojibake is produced from real sentences (tests/data/encoding/texts.yml) by
the round trips that damage text in the wild: UTF-8 bytes read as Windows-1252,
as Latin-1, as Windows-1251, twice over, and damage confined to one word of an
otherwise clean sentence. Every clean sentence is also a negative case, as are
tests/data/encoding/negatives.yml and the shared clean corpus.
"""

from __future__ import annotations

from pathlib import Path

import ftfy.bad_codecs  # noqa: F401  (registers the sloppy-windows-* codecs)
import pytest
import yaml

from audit import Auditor, Document

DATA = Path(__file__).parent / "data" / "encoding"
CLEAN = Path(__file__).resolve().parent.parent.parent / "shared" / "clean"
TEXTS: dict[str, str] = yaml.safe_load((DATA / "texts.yml").read_text(encoding="utf-8"))
NEGATIVES: list[str] = yaml.safe_load((DATA / "negatives.yml").read_text(encoding="utf-8"))
CASES: list[dict] = yaml.safe_load((DATA / "cases.yml").read_text(encoding="utf-8"))
CYRILLIC = {"ru", "ru-news", "uk", "bg", "sr"}

AUDITOR = Auditor(select=["encoding"])


def findings(text: str):
    doc = Document(text, path="t.txt")
    found = AUDITOR.check(doc)
    for f in found:
        assert doc.text[f.start : f.end] == f.text
    return found


def apply(text: str, found) -> str:
    """Apply the first suggestion of each finding, from the end backwards."""
    for f in sorted(found, key=lambda f: f.start, reverse=True):
        if f.suggestions:
            text = text[: f.start] + f.suggestions[0] + text[f.end :]
    return text


def _sloppy(text: str, codec: str) -> str:
    return text.encode("utf-8").decode(codec)


def _one_word(text: str) -> str | None:
    """Damage only the first non-ASCII word (or 4 characters in unspaced scripts)."""
    for word in text.split():
        if not word.isascii():
            if len(word) > 12:
                i = next(k for k, c in enumerate(word) if not c.isascii())
                word = word[i : i + 4]
            return text.replace(word, _sloppy(word, "sloppy-windows-1252"), 1)
    return None


def _only_after(text: str, byte: str, prefixes: tuple[str, ...]) -> bool:
    """`byte` occurs in `text`, always right after one of `prefixes`."""
    spots = [i for i, c in enumerate(text) if c == byte]
    return bool(spots) and all(text[:i].endswith(prefixes) for i in spots)


def damaged_cases() -> list[tuple[str, str, str]]:
    """(case id, damaged text, original) for every language and round trip."""
    out = []
    for lang, text in TEXTS.items():
        variants = {
            "cp1252": _sloppy(text, "sloppy-windows-1252"),
            "latin1": _sloppy(text, "latin-1"),
            "double": _sloppy(_sloppy(text, "sloppy-windows-1252"), "sloppy-windows-1252"),
            "one-word": _one_word(text),
        }
        if lang in CYRILLIC:
            variants["cp1251"] = _sloppy(text, "sloppy-windows-1251")
        moji = variants["cp1252"]
        # lossy damage, where the lost byte can be told: the no-break-space byte of
        # "à" (or of U+00A0) became a plain space; the undefined byte 0x9D ending "”" was dropped
        if _only_after(moji, "\xa0", ("Ã", "Â")):
            variants["nbsp-lost"] = moji.replace("\xa0", " ")
        if _only_after(moji, "\x9d", ("â€",)):
            variants["9d-lost"] = moji.replace("\x9d", "")
        for name, damaged in variants.items():
            if damaged is not None and damaged != text:
                out.append((f"{lang}-{name}", damaged, text))
    return out


DAMAGED = damaged_cases()


def test_generated_mojibake_recall():
    detected = repaired = 0
    misses = []
    for case, damaged, original in DAMAGED:
        found = [f for f in findings(damaged) if f.rule == "encoding.mojibake"]
        detected += bool(found)
        if apply(damaged, found) == original:
            repaired += 1
        else:
            misses.append(case)
    total = len(DAMAGED)
    assert total >= 140
    print(f"\nmojibake: {total} cases, detected {detected / total:.3f}, repaired exactly {repaired / total:.3f}")
    print("not repaired:", misses)
    assert detected / total >= 0.95
    assert repaired / total >= 0.95


def test_mojibake_fix_is_safe_and_exact():
    text = "Il a dit : « câ€™est fini » Ã\u00a0Paris."
    found = findings(text)
    assert [(f.text, f.suggestions, f.safe) for f in found] == [("â€™", ["’"], True), ("Ã\u00a0", ["à"], True)]


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_clean_sentences_are_not_flagged(lang):
    assert [f.text for f in findings(TEXTS[lang])] == []


@pytest.mark.parametrize("text", NEGATIVES)
def test_negative_cases_are_not_flagged(text):
    assert [(f.rule, f.text) for f in findings(text)] == []


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_other_damage(case):
    found = findings(case["text"])
    got = [(f.rule, f.text, f.suggestions[:1]) for f in found]
    want = [(e["rule"], e["span"], [e["suggest"]] if "suggest" in e else []) for e in case.get("expect", [])]
    assert got == want


def test_one_damaged_word_in_each_of_42_languages():
    """The 60 commonest non-ASCII words of every wordfreq language, each damaged alone
    in a sentence of clean common words: short sequences ftfy cannot judge on its own."""
    import random

    from wordfreq import available_languages, top_n_list

    rng = random.Random(8)
    total = repaired = 0
    misses = []
    for lang in sorted(available_languages()):
        words = top_n_list(lang, 3000)
        for word in [w for w in words if not w.isascii()][:60]:
            context = rng.sample(words[:500], 8)
            clean = " ".join([*context[:4], word, *context[4:]])
            damaged = clean.replace(word, _sloppy(word, "sloppy-windows-1252"), 1) if word in clean else None
            if damaged is None or damaged == clean:
                continue
            total += 1
            fixed = apply(damaged, [f for f in findings(damaged) if f.rule == "encoding.mojibake"])
            repaired += fixed == clean
            if fixed != clean:
                misses.append((lang, word))
    print(f"\none damaged word: {total} cases, repaired exactly {repaired / total:.3f}; missed {misses}")
    assert repaired / total >= 0.97


def test_common_words_of_42_languages_are_not_mojibake():
    """wordfreq's 5,000 commonest words in each of its languages: real text in many scripts.

    (Its Greek lists hold decomposed accents and its Icelandic ones soft hyphens
    picked up from the web, so only the damage rules are asserted here.)
    """
    from wordfreq import available_languages, top_n_list

    damage = {"encoding.mojibake", "encoding.control-char", "encoding.replacement-char"}
    flagged = []
    for lang in sorted(available_languages()):
        text = " ".join(top_n_list(lang, 5000))
        flagged += [(lang, f.rule, f.text) for f in findings(text) if f.rule in damage]
    assert flagged == []


@pytest.mark.skipif(not CLEAN.is_dir(), reason="shared clean corpus not present")
def test_shared_clean_corpus_has_no_encoding_findings():
    flagged = []
    for path in sorted(CLEAN.glob("*.txt")):
        flagged += [(path.name, f.rule, f.text) for f in findings(path.read_text(encoding="utf-8"))]
    assert flagged == []

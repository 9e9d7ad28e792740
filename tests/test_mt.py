"""MT-garble family: packs, checks, the assembled test set, the seeds and the clean set.

The data lives in `tests/data/mt/` (the assembled test set) and in `../shared/`
(the seed documents with their hand labels, and the clean articles) when that
folder is present beside the repository.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from audit import Auditor, Document, Severity
from audit.checks.mt_pack import pattern_anchors, pattern_needles

DATA = Path(__file__).parent / "data" / "mt"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
MT = Auditor(select=["mt-garble"])


def _mt(text: str, path: str = "x.txt") -> list:
    doc = Document(text, path=path)
    found = [f for f in MT.check(doc) if f.category == "mt-garble"]
    for f in found:
        assert doc.text[f.start : f.end] == f.text
        assert f.signal, f"{f.rule} finding without a signal"
    return found


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_testset() -> dict[str, float]:
    """Precision and recall of the mt checks on the assembled test set (span overlap)."""
    cases = yaml.safe_load((DATA / "testset.yml").read_text(encoding="utf-8"))["cases"]
    tp_labels = labels = tp_findings = findings = 0
    for case in cases:
        text = case["text"]
        spans = []
        for g in case["garble"]:
            start = text.index(g)
            spans.append((start, start + len(g)))
        found = [(f.start, f.end) for f in _mt(text)]
        labels += len(spans)
        tp_labels += sum(any(_overlaps(s, f) for f in found) for s in spans)
        findings += len(found)
        tp_findings += sum(any(_overlaps(f, s) for s in spans) for f in found)
    return {
        "recall": tp_labels / labels,
        "precision": tp_findings / findings if findings else 1.0,
        "labels": labels,
        "findings": findings,
    }


def test_assembled_testset_precision_and_recall():
    score = score_testset()
    assert score["recall"] >= 0.8, score
    assert score["precision"] >= 0.95, score


def test_every_pack_phrase_flags_itself_in_a_sentence():
    misses = []
    for code, rule in MT.rules.items():
        for phrase, replacement in (rule.options.get("phrases") or {}).items():
            text = f"Officials said {phrase} on Monday."
            found = [f for f in _mt(text) if f.rule == code]
            if not found:
                misses.append((code, phrase))
            elif replacement is not None and rule.fix != "none":
                assert found[0].suggestions, (code, phrase)
    assert misses == []


def test_pack_phrases_match_across_a_line_break_and_in_capitals():
    found = _mt("Officials said the actual\ngovernment would fall. The Actual Government denied it.")
    assert [f.text for f in found if f.rule == "mt.de-en.false-friend"] == ["actual\ngovernment", "Actual Government"]
    assert found[-1].suggestions == ["Current Government"] or found[-1].suggestions == ["Current government"]


def test_every_pack_regex_has_anchor_words_or_a_needle():
    for code, rule in MT.rules.items():
        for pattern in rule.options.get("patterns") or []:
            anchors = pattern_anchors(pattern)
            needles = pattern_needles(pattern, 4 if anchors else 1)
            assert anchors or needles, (code, pattern)
            for needle in needles or []:
                assert needle == needle.lower()


def test_every_pack_rule_names_its_language_pair_and_signal():
    for code, rule in MT.rules.items():
        if rule.check == "mt-pack" or rule.type == "phrase":
            assert re.fullmatch(r"[a-z]{2}-en(, [a-z]{2}-en)*", rule.source), code
            assert rule.signal == "pack"
            assert rule.fix in ("unsafe", "none"), code
    entries = sum(len(r.phrases) + len(r.options.get("patterns") or []) for r in MT.rules.values())
    assert entries >= 800


def test_findings_carry_signal_and_unsafe_fixes():
    found = _mt("By his words, the government resulted injured. Moscow held a telephone coup with Paris.")
    assert {f.signal for f in found} == {"pack"}
    assert all(not f.safe for f in found)


def test_untranslated_word_beside_english_and_not_in_a_quotation():
    assert [f.text for f in _mt("The chancellor said, laut a spokesman, that talks continue.")] == ["laut"]
    assert _mt("The crowd sang “Freude schöner Götterfunken” outside the Reichstag.") == []
    assert _mt("The word landen is translated as countries by the Dutch government.") == []


def test_loan_phrases_are_judged_from_the_shipped_table_not_from_other_languages_lists():
    """ "gran fondo": the neighbour is far more frequent in Italian than in English (rules/mt/data/loans.tsv)."""
    from audit.checks.mt_common import loan_words

    loans = loan_words()
    assert {"gran\tit", "vita\tit", "con\tes"} <= loans
    assert "the\tde" not in loans and "said\tfr" not in loans
    assert _mt("Want to ride a tough gran fondo? Train for months.") == []
    assert [f.text for f in _mt("The chancellor said, laut a spokesman, that talks continue.")] == ["laut"]


def test_rarer_long_foreign_words_are_info_and_know_their_language():
    """foreign-rare.txt: seven letters or more, never seen in English, lower case only."""
    from audit.checks.mt_common import rare_foreign_words

    rare = rare_foreign_words()
    assert rare.language("zastupitelstvo") == "cs" and rare.language("not-listed") == ""
    assert not any(w.startswith(("@", "#")) or w == "" for w in rare.words)
    [found] = _mt("The regional zastupitelstvo approved the flood budget on Monday.")
    assert (found.text, found.severity, found.signal) == ("zastupitelstvo", Severity.INFO, "untranslated:cs")
    assert _mt("Zastupitelstvo Jihomoravského kraje met on Monday.") == []  # capitalised: a name or a title


def test_quantity_contradiction_needs_a_much_larger_figure_of_the_same_kind():
    text = "Russia gathered dozens of soldiers near the border. Kyiv says 94,000 Russian troops are there."
    found = [f for f in _mt(text) if f.rule == "mt.quantity-contradiction"]
    assert found and found[0].suggestions == ["tens of thousands of soldiers"]
    assert found[0].severity == Severity.WARNING
    assert _mt("Russia gathered dozens of soldiers near the border. Kyiv says 900 troops are there.") == []


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="shared seeds not beside the repository")
def test_seed_labels_detected_without_false_alarms():
    labels: dict[str, list[dict]] = {}
    for line in (SHARED / "labels" / "seeds.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            labels.setdefault(row["doc"], []).append(row)
    hit = total = false_alarms = 0
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        doc_labels = labels.get(path.name, [])
        found = _mt(path.read_text(encoding="utf-8"), path=str(path))
        spans = [(row["start"], row["end"]) for row in doc_labels]
        for row in doc_labels:
            if row["category"] == "mt-garble":
                total += 1
                hit += any(_overlaps((row["start"], row["end"]), (f.start, f.end)) for f in found)
        false_alarms += sum(not any(_overlaps((f.start, f.end), s) for s in spans) for f in found)
    assert total == 11
    assert hit >= 7
    assert false_alarms == 0


@pytest.mark.skipif(not (SHARED / "clean").is_dir(), reason="shared clean set not beside the repository")
def test_clean_articles_no_warnings_and_rare_info():
    words = infos = 0
    for path in sorted((SHARED / "clean").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        words += len(text.split())
        for f in _mt(text, path=str(path)):
            assert f.severity == Severity.INFO, (path.name, f.rule, f.text)
            infos += 1
    assert infos <= words / 10_000


def test_verbless_sentences_ranked_by_corpus_word_sequences_from_audit_learn(tmp_path):
    """`audit learn --ngrams` counts feed the verbless check; without them it still works."""
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i in range(4):
        (corpus / f"d{i}.txt").write_text(
            f"Report {i}. Rising tension across the region. Officials met on Monday.\n", encoding="utf-8"
        )
    counts = tmp_path / "learned.ngrams.tsv"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "audit",
            "learn",
            str(corpus),
            "-o",
            str(tmp_path / "learned.yml"),
            "--ngrams",
            str(counts),
            "--ngram-size",
            "2",
            "--ngram-min",
            "2",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    text = (
        "The talks ended. Rising tension across the region. "
        "Increasing tension the military build-up near Kyiv. It ended."
    )
    plain = Auditor(select=["mt.verbless-sentence"]).check(Document(text))
    assert [f.text for f in plain] == [
        "Rising tension across the region.",
        "Increasing tension the military build-up near Kyiv.",
    ]
    ranked = Auditor(select=["mt.verbless-sentence"], settings={"mt": {"ngrams": str(counts)}}).check(Document(text))
    assert [(f.text, f.signal) for f in ranked] == [
        ("Increasing tension the military build-up near Kyiv.", "verbless+ngram")
    ]


OTHER_LANGUAGES = yaml.safe_load((DATA / "other_languages.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("lang", sorted(OTHER_LANGUAGES))
def test_articles_in_other_languages_are_left_to_their_own_language(lang):
    auditor = Auditor(select=["mt-garble", "link-case"])
    found = auditor.check(Document(OTHER_LANGUAGES[lang], path=f"{lang}.txt"))
    assert [(f.rule, f.text) for f in found] == []


def test_an_english_article_with_a_foreign_word_is_still_checked():
    english = OTHER_LANGUAGES["de"].split(".")[0] + ". " + "The talks went on, laut the spokesman. " * 12
    assert any(f.rule == "mt.untranslated" for f in _mt(english))

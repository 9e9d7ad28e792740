"""The entity check: canon, detection in context, no alarms on real names.

Data lives in tests/data/entities/: hand cases (cases.yml), a seeded set of
misspellings of canon names in sentences (misspellings.jsonl, made by generate.py)
and a list of real surnames and first names that the canon does not know.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from audit import Auditor, Document
from audit.checks.entities import entity_index, known_name
from audit.entities.canon import load_canon, load_file
from audit.errors import PackError

DATA = Path(__file__).parent / "data" / "entities"
ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
CASES = yaml.safe_load((DATA / "cases.yml").read_text(encoding="utf-8"))
AUDITOR = Auditor(select=["entity"])


def entity_findings(text: str, auditor: Auditor = AUDITOR):
    doc = Document(text, path="t.txt")
    found = [f for f in auditor.check(doc) if f.category == "entity"]
    for f in found:
        assert doc.text[f.start : f.end] == f.text
    return found


def applied(text: str, finding) -> str:
    return text[: finding.start] + finding.suggestions[0] + text[finding.end :]


# -- the canon ---------------------------------------------------------------------------


def test_canon_is_large_and_typed():
    entities = load_canon()
    assert len(entities) >= 500
    types = {e.type for e in entities}
    assert types == {"person", "place", "org", "media"}
    assert sum(e.type == "person" for e in entities) >= 300


def test_every_canonical_form_and_variant_passes():
    """Each canonical name, variant and accepted first-name spelling, in a sentence, is left alone."""
    forms = set()
    for e in load_canon():
        forms.add(e.name)
        forms.update(e.variants)
        if e.type == "person" and e.key:
            forms.update(f"{first} {e.key}" for first in e.first)
    flagged = []
    for form in sorted(forms):
        for template in ("{} said on Tuesday that talks would go on.", "Talks were held with {} on Monday."):
            found = entity_findings(template.format(form))
            if found:
                flagged.append((form, [(f.text, f.suggestions) for f in found]))
    assert flagged == []


def test_known_name_is_public_for_other_checks():
    res = AUDITOR.resources
    assert known_name(res, "Blinken") and known_name(res, "ZELENSKYY") and known_name(res, "Erdogan")
    assert known_name(res, "Kremlin") and known_name(res, "Kyiv")
    assert not known_name(res, "Binden") and not known_name(res, "Brink") and not known_name(res, "Therefore")
    assert known_name(res, "May") and not known_name(res, "May", common_words=False)
    assert known_name(res, "Blinken", common_words=False)


# -- hand cases ----------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES["flag"], ids=lambda c: c["span"])
def test_flag_case(case):
    found = [f for f in entity_findings(case["text"]) if f.text == case["span"]]
    assert found, f"no finding on {case['span']!r}: {[(f.text, f.suggestions) for f in entity_findings(case['text'])]}"
    assert found[0].suggestions[0] == case["suggest"]


@pytest.mark.parametrize("text", CASES["pass"])
def test_pass_case(text):
    assert [(f.rule, f.text) for f in entity_findings(text)] == []


def test_known_wrong_forms_are_safe_fixes_and_fuzzy_ones_are_not():
    (known,) = entity_findings("Video summit: Binden and Putin.")
    assert known.safe and known.confidence >= 0.95
    (fuzzy,) = entity_findings("Secretary of State Antony Blink is listening.")
    assert not fuzzy.safe and fuzzy.rule == "entity.fuzzy-name"
    (cons,) = entity_findings("Kowalczyk spoke. Kowalczyk left. Kowalcyzk returned.")
    assert cons.rule == "entity.inconsistent-spelling" and cons.confidence < 0.7 and not cons.safe


# -- generated misspellings: recall with the right suggestion first -------------------------


def test_generated_misspellings_recall():
    rows = [json.loads(line) for line in (DATA / "misspellings.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 300
    assert {r["kind"] for r in rows} >= {"drop", "swap", "double", "neighbour", "translit", "truncate", "first-name"}
    hit = 0
    for r in rows:
        text = r["text"]
        over = [f for f in entity_findings(text) if f.start < r["end"] and r["start"] < f.end]
        if any(f.suggestions and applied(text, f) == r["fixed"] for f in over):
            hit += 1
    recall = hit / len(rows)
    print(f"misspelling recall {recall:.3f} ({hit}/{len(rows)})")
    assert recall >= 0.9


# -- real names the canon does not know ----------------------------------------------------


def test_real_names_are_not_flagged():
    """At most 1 % of real surnames and first names, in neutral sentences, draw an entity finding."""
    pairs = [
        line.split(None, 1)
        for line in (DATA / "real_names.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    lasts = [n for kind, n in pairs if kind == "last"]
    firsts = [n for kind, n in pairs if kind == "first"]
    assert len(lasts) + len(firsts) >= 2000
    rnd = random.Random(7)
    templates = [
        "{} said on Tuesday that the plan would go ahead.",
        "The report was written by {} and colleagues.",
        "Speaking to reporters, {} declined to comment.",
    ]
    flagged = []
    for i, name in enumerate(lasts + firsts):
        if i < len(lasts):
            texts = [templates[i % 3].format(name), templates[(i + 1) % 3].format(f"{rnd.choice(firsts)} {name}")]
        else:
            texts = [templates[i % 3].format(f"{name} {rnd.choice(lasts)}")]
        if any(entity_findings(t) for t in texts):
            flagged.append(name)
    rate = len(flagged) / (len(lasts) + len(firsts))
    print(f"real names flagged: {len(flagged)} of {len(lasts) + len(firsts)} = {rate:.4f}: {flagged[:20]}")
    assert rate <= 0.01


# -- the shared dev sets --------------------------------------------------------------------


@pytest.mark.skipif(not (SHARED / "clean").is_dir(), reason="shared/clean not present")
def test_no_entity_finding_on_the_clean_set():
    found = []
    for path in sorted((SHARED / "clean").glob("*.txt")):
        found += [(path.name, f.text) for f in entity_findings(path.read_text(encoding="utf-8"))]
    assert found == []


@pytest.mark.skipif(not (SHARED / "labels" / "seeds.jsonl").is_file(), reason="shared seeds not present")
def test_every_seed_entity_label_found_with_its_correction_and_nothing_else():
    labels = [json.loads(line) for line in (SHARED / "labels" / "seeds.jsonl").read_text().splitlines() if line]
    labels = [lab for lab in labels if lab["category"] == "entity"]
    assert len(labels) == 6
    by_doc: dict[str, list] = {}
    for lab in labels:
        by_doc.setdefault(lab["doc"], []).append(lab)
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        found = entity_findings(text)
        mine = by_doc.get(path.name, [])
        for f in found:
            assert any(f.start < lab["end"] and lab["start"] < f.end for lab in mine), f"false alarm {f.text!r}"
        for lab in mine:
            want = text[: lab["start"]] + lab["correction"] + text[lab["end"] :]
            over = [f for f in found if f.start < lab["end"] and lab["start"] < f.end]
            assert any(applied(text, f) == want for f in over), f"missed {lab['text']!r}: {over}"


# -- user lists ------------------------------------------------------------------------------


def test_user_yaml_and_csv_lists(tmp_path):
    (tmp_path / "names.yml").write_text(
        "type: person\nentities:\n"
        "  - {name: Jana Nováková, role: mayor, variants: [Jana Novakova], wrong: [Novakowa]}\n",
        encoding="utf-8",
    )
    (tmp_path / "more.tsv").write_text("org:\tAcme Logistics\tAcme\t!Acmee Logistics\n", encoding="utf-8")
    auditor = Auditor(select=["entity"], settings={"entities": ["names.yml", "more.tsv"]}, base_dir=tmp_path)
    (f,) = entity_findings("Mayor Jana Novakowa opened the bridge.", auditor)
    assert f.text == "Jana Novakowa" and f.suggestions == ["Jana Nováková"]
    (g,) = entity_findings("A statement from Acmee Logistics followed.", auditor)
    assert g.suggestions == ["Acme Logistics"]
    (h,) = entity_findings("Mayor Jana Nowakova spoke. Later Nováková left.", auditor)
    assert h.suggestions == ["Jana Nováková"]
    assert entity_findings("Jana Novakova and Jana Nováková are one person.", auditor) == []
    assert entity_index(auditor.resources) is entity_index(auditor.resources)


def test_a_bad_user_list_is_a_one_line_error(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("entities:\n  - {name: X Y, type: planet}\n", encoding="utf-8")
    with pytest.raises(PackError, match=r"bad\.yml: entity 'X Y': type must be one of"):
        load_file(bad)
    with pytest.raises(PackError, match="entity list not found"):
        Auditor(select=["entity"], settings={"entities": ["missing.yml"]}, base_dir=tmp_path).check(Document("x"))


def test_cli_reports_entity_findings_as_json(tmp_path):
    doc = tmp_path / "a.txt"
    doc.write_text("Video summit: Binden and Putin discussed.\n", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "audit.cli", "check", "--select", "entity", "--format", "json", str(doc)],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )  # fmt: skip
    assert proc.returncode == 1, proc.stderr
    (finding,) = json.loads(proc.stdout)["files"][0]["findings"]
    assert finding["rule"] == "entity.known-misspelling" and finding["suggestions"] == ["Biden"]
    assert finding["fix"] == "safe" and (finding["line"], finding["column"]) == (1, 15)


def test_documents_in_other_languages_are_left_alone():
    """'Moskau' and 'Peskow' are right in a German article, 'Poutine' in a French one."""
    german = (
        "Der russische Präsident Wladimir Putin hat am Dienstag mit US-Präsident Joe Biden telefoniert. "
        "Das teilte der Kreml in Moskau mit. Kremlsprecher Dmitri Peskow sagte, das Gespräch habe zwei "
        "Stunden gedauert. Auch die Lage in der Ukraine und Präsident Selenskyj wurden besprochen."
    )
    french = (
        "Le président russe Vladimir Poutine a parlé mardi avec le président américain Joe Biden. Le Kremlin "
        "a annoncé à Moscou que la conversation avait duré deux heures et que la situation en Ukraine avait "
        "été évoquée avec le ministre Sergueï Lavrov."
    )
    assert entity_findings(german) == []
    assert entity_findings(french) == []
    english = "Russian President Vladimir Putin spoke to Joe Biden, the Kremlin in Moskau said on Tuesday."
    assert [f.text for f in entity_findings(english)] == ["Moskau"]


# -- suggestions cover exactly the span they replace ----------------------------------------


def _doubled_next_to(text: str, finding) -> str | None:
    """A word the applied suggestion writes twice at its edge ("Ursula Ursula von der Leyen"), if any.

    Only doubles the fix creates count: a word already written twice in the text is not the fix's doing.
    """
    words = finding.suggestions[0].split()
    if not words:
        return None
    before = text[: finding.start].split()[-1:]
    after = text[finding.end :].split()[:1]
    span = finding.text.split()
    if before and before[0].casefold() == words[0].casefold() and span[:1] != before:
        return before[0]
    if after and after[0].strip(".,;:'’s").casefold() == words[-1].casefold() and span[-1:] != after:
        return after[0]
    return None


def _multi_word_cases() -> list[str]:
    """Canon people with names of three words or more, one word misspelled, in a sentence.

    Also every listed wrong form of two or more words, written after the words of the
    canonical name that come before it ("Ursula" + "von der Lyen").
    """
    texts = []
    for e in load_canon():
        if e.type != "person":
            continue
        names = e.name.split()
        if len(names) >= 3:
            for i, word in enumerate(names):
                if len(word) >= 5 and word.isalpha():
                    wrong = word[:2] + word[3:]  # one letter dropped
                    texts.append(" ".join([*names[:i], wrong, *names[i + 1 :]]) + " said on Monday that talks went on.")
        for form in e.wrong:
            words = form.split()
            if len(words) >= 2 and len(words) < len(names):
                head = names[: len(names) - len(words)]
                texts.append(" ".join([*head, form]) + " arrived in the capital on Monday.")
    return texts


def test_applied_suggestions_do_not_double_a_name_word():
    """text[:start] + suggestion + text[end:] never doubles a word next to the span.

    Over the held-out documents, the generated misspellings and multi-word names with one
    word misspelled ("Recep Tayip Erdogan" must become "Recep Tayyip Erdogan", not
    "Recep Recep Erdogan").
    """
    texts = [
        json.loads(line)["text"] for line in (DATA / "misspellings.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    heldout = ROOT / "tests" / "data" / "heldout"
    texts += [p.read_text(encoding="utf-8") for p in sorted(heldout.glob("*.txt"))]
    texts += _multi_word_cases()
    bad = []
    for text in texts:
        for f in entity_findings(text):
            word = _doubled_next_to(text, f) if f.suggestions else None
            if word:
                bad.append((f.text, f.suggestions[0], word))
    assert bad == []


@pytest.mark.parametrize(
    ("text", "span", "fixed"),
    [
        ("Recep Tayip Erdogan spoke in Ankara.", "Tayip", "Recep Tayyip Erdogan spoke in Ankara."),
        ("Luiz Inazio Lula da Silva spoke.", "Inazio", "Luiz Inácio Lula da Silva spoke."),
        ("Ursula von der Lyen spoke in Brussels.", "von der Lyen", "Ursula von der Leyen spoke in Brussels."),
    ],
)
def test_misspelled_middle_of_a_name_is_fixed_in_place(text, span, fixed):
    found = [f for f in entity_findings(text) if span in f.text]
    assert found and applied(text, found[0]) == fixed, [(f.text, f.suggestions) for f in entity_findings(text)]

"""Clean real prose: ABC news stories (the Lee corpus in gensim) and Debian's handbook and history.

Every finding must be one of the real defects listed in known_defects.yml; a new one
is a false alarm. The same documents hard-wrapped at 70 columns, as plain-text
archives store them, must not add any finding either.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import yaml

from audit import Auditor, Document

DATA = Path(__file__).parent / "data" / "realprose"
KNOWN = {tuple(row) for row in yaml.safe_load((DATA / "known_defects.yml").read_text(encoding="utf-8"))}
DOCS = sorted(DATA.glob("*.txt"))
AUDITOR = Auditor()


def _findings(name: str, text: str) -> set[tuple[str, str, str]]:
    return {(name, f.rule, f.text) for f in AUDITOR.check(Document(text, path=name))}


def test_the_corpus_is_large_enough_to_mean_something():
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in DOCS)
    assert len(DOCS) >= 100 and words >= 50_000


def test_only_the_known_real_defects_are_reported():
    found = set().union(*(_findings(p.name, p.read_text(encoding="utf-8")) for p in DOCS))
    assert found - KNOWN == set()  # false alarms
    assert KNOWN - found == set()  # real defects no longer found


def _wrap(text: str) -> str:
    return "\n\n".join(textwrap.fill(p, 70) for p in text.split("\n\n"))


def test_hard_wrapping_adds_no_finding():
    new = set()
    for p in DOCS:
        text = p.read_text(encoding="utf-8")
        if "\n" in text.strip() and max(len(line) for line in text.splitlines()) <= 80:
            continue  # already wrapped as shipped
        flat = {(n, r) for n, r, _ in _findings(p.name, text)}
        new |= {(n, r, t) for n, r, t in _findings(p.name, _wrap(text)) if (n, r) not in flat}
    assert new == set()

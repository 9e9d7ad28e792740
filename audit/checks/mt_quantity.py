"""Number sense: a vague quantity that the same document contradicts with a figure.

MT renders "Zehntausende Soldaten" / "десятки тысяч военных" as "dozens of
soldiers" when it drops the thousands. The text usually states the real figure
elsewhere ("100,000 troops"). This check pairs vague quantities ("dozens of",
"hundreds of", "a handful of") with figures of the same kind of noun (troops and
soldiers; people and civilians; ...) in the same document, and flags the vague
phrase when a figure is at least 50 times its upper bound. It is a warning when
the phrase sits in a sentence about massing or deploying forces (where the
larger figure is the same group), `info` otherwise.

One regex pass finds both kinds of mention; documents without a figure cost one
scan.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..finding import Finding, Severity
from ..language import is_english
from . import Check, register
from .mt_common import words
from .mt_pack import tokens

_CLASSES = {
    "military": sorted(words("soldiers troops servicemen personnel fighters paratroopers reservists marines sailors")),
    "people": sorted(words("people civilians residents protesters demonstrators migrants refugees inhabitants")),
    "dead": sorted(words("dead deaths casualties victims")),
    "vehicles": sorted(words("tanks vehicles aircraft planes jets drones missiles rockets")),
}
_NOUN_CLASS = {noun: cls for cls, nouns in _CLASSES.items() for noun in nouns}
_NOUNS = "|".join(sorted(_NOUN_CLASS, key=len, reverse=True))
_VAGUE_MAX = {"a handful": 9, "dozens": 99, "scores": 99, "tens": 99, "hundreds": 999}
_MOD = r"(?:[A-Za-z-]+ )?"
_VAGUE = r"(?:(?:[Dd]ozens|[Ss]cores|[Hh]undreds|[Tt]ens|[Aa] handful) of)"
_FIGURE = r"\b\d{1,3}(?:,\d{3})+|\b\d{4,}|\b\d+(?:\.\d+)? (?:thousand|million)"
_MENTION = re.compile(
    rf"\b(?P<vague>{_VAGUE} {_MOD}(?P<vnoun>{_NOUNS}))\b(?! of thousands)"
    rf"|(?P<num>{_FIGURE})(?: {_MOD})?\s*(?P<nnoun>{_NOUNS})\b"
)
# "dozens of soldiers were killed": a small group in one event, not the whole force.
_EVENT = re.compile(
    r"\s+(?:\w+\s+)?(?:were|have been|had been|was|are)\s+(?:\w+\s+)?(?:killed|hurt|injured|wounded|arrested|detained|"
    r"captured|evacuated|treated|taken|missing|sickened|infected)\b"
)
_MASSING = re.compile(
    r"\b(?:gather|mass|amass|deploy|station|build|concentrat|assembl|move|send|withdraw|pull)\w*|\bborder\b|\bbuild-?up\b",
    re.I,
)


# "a few" and "several" are left out: too common to pay a scan for, and MT drops
# thousands from "tens/hundreds of thousands", not from "a few thousand".
_TRIGGERS = frozenset(("dozens", "hundreds", "scores", "tens", "handful"))
_FIGURE_HINT = re.compile(r"\d,\d\d\d|\d\d\d\d| thousand| million")


def _value(raw: str) -> float:
    raw = raw.replace(",", "")
    if raw.endswith("thousand"):
        return float(raw.split()[0]) * 1e3
    if raw.endswith("million"):
        return float(raw.split()[0]) * 1e6
    return float(raw)


def _scale(value: float) -> str:
    if value >= 1e5:
        return "hundreds of thousands of"
    if value >= 1e4:
        return "tens of thousands of"
    return "thousands of"


@register("mt-quantity")
class MtQuantity(Check):
    """Vague quantities contradicted by a figure of the same kind (see module doc)."""

    def run(self, doc: Document, ctx) -> Iterator[Finding]:
        if not is_english(ctx, doc.text):
            return  # an English check: another language is not garbled English
        if not self.enabled("mt.quantity-contradiction"):
            return
        text = doc.text
        if _TRIGGERS.isdisjoint(tokens(ctx, text)) or not _FIGURE_HINT.search(text):
            return
        vague, figures = [], {}
        for m in _MENTION.finditer(text):
            if m.group("vague"):
                vague.append(m)
            else:
                if m.group("num").isdigit() and 1900 <= int(m.group("num")) <= 2100:
                    continue  # a year
                cls = _NOUN_CLASS[m.group("nnoun").lower()]
                figures[cls] = max(figures.get(cls, (0.0, "")), (_value(m.group("num")), m.group("nnoun")))
        if not figures:
            return
        for m in vague:
            noun = m.group("vnoun").lower()
            figure, figure_noun = figures.get(_NOUN_CLASS[noun], (None, ""))
            word = m.group("vague").split()[0].lower()
            word = "a " + m.group("vague").split()[1].lower() if word == "a" else word
            if figure is None or figure < 50 * _VAGUE_MAX[word]:
                continue
            if _EVENT.match(text, m.end()):
                continue
            sentence = text[max(0, m.start() - 120) : m.end() + 60]
            massing = bool(_MASSING.search(sentence))
            yield self.finding(
                doc,
                "mt.quantity-contradiction",
                m.start("vague"),
                m.end("vague"),
                message=f"{m.group('vague')!r} while the document gives {figure:,.0f} {figure_noun}: lost thousands?",
                suggestions=[f"{_scale(figure)} {m.group('vnoun')}"],
                severity=None if massing else Severity.INFO,
                confidence=0.7 if massing else 0.4,
                signal="number-sense",
            )

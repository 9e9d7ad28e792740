"""Wrong-sense words judged by the document around them.

"call-up" is a draft notice or a selection for a national team; MT uses it for
a phone call between leaders ("Biden and Putin complete second call-up this
month"). The word is flagged only when the document has nothing of sport or
conscription about it and does talk about calls or talks. One regex finds the
word; the context regexes run only on documents that contain it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..finding import Finding
from ..language import is_english
from . import Check, register
from .mt_pack import lowered

_CALL_UP = re.compile(r"\b[Cc]all-ups?\b")
_DRAFT_CONTEXT = re.compile(
    r"\b(?:squad|squads|team|teams|national side|caps?|capped|uncapped|coach|manager|draft|drafted|conscript\w*|"
    r"reservists?|mobili[sz]\w*|army|armed forces|military service|enlist\w*|recruit\w*|selection|selected|debut|"
    r"league|club|season|striker|midfielder|defender|goalkeeper|players?|friendly|qualifiers?|tournament|cup|"
    r"minor leagues?|roster|call-up papers|summons|police|firefighters?)\b",
    re.I,
)
_CALL_CONTEXT = re.compile(r"\b(?:call|calls|phone|telephone|spoke|talks|talked|conversation|video link)\b", re.I)


@register("mt-sense")
class MtSense(Check):
    """Words used in a sense the document does not support (see module doc)."""

    def run(self, doc: Document, ctx) -> Iterator[Finding]:
        if not is_english(ctx, doc.text):
            return  # an English check: another language is not garbled English
        if not self.enabled("mt.call-up"):
            return
        text = doc.text
        if "call-up" not in lowered(ctx, text)[0]:
            return
        hits = list(_CALL_UP.finditer(text))
        if not hits or _DRAFT_CONTEXT.search(text) or not _CALL_CONTEXT.search(text):
            return
        for m in hits:
            plural = m.group().endswith("s")
            yield self.finding(
                doc,
                "mt.call-up",
                m.start(),
                m.end(),
                suggestions=["calls" if plural else "call"],
                signal="wrong-sense",
            )

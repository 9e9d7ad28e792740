"""Is a document English prose? Checks that know English only stand down when it is not.

A multilingual corpus holds Spanish, Latvian or Bengali articles too: every word of
them is "untranslated", every sentence "verbless" to an English check.
"""

from __future__ import annotations


def is_english(ctx, text: str) -> bool:
    """`looks_english`, computed once per document for all checks."""
    cached = ctx.cache.get("language.english")
    if cached is None:
        cached = ctx.cache["language.english"] = looks_english(text)
    return cached


def looks_english(text: str) -> bool:
    """English prose? "Moskau" is right in a German article and "Poutine" in a French one.

    "the", "and", "of", "to", "that", "for" and "with" make about a sixth of English words and
    almost none of German, French or Spanish ones (a twentieth is enough: a terse wire story
    has few); a sample from the start, then one from the middle, decides.
    """
    for at in (0, len(text) // 2) if len(text) > 3000 else (0,):
        sample = text[at : at + 1500]
        words = sample.count(" ")
        if words < 30 or (sample.count(" the ") + sample.count(" and ")) * 25 >= words:
            return True
        common = sum(sample.count(w) for w in (" the ", " and ", " of ", " to ", " that ", " for ", " with "))
        if common * 20 >= words:
            return True
    return False

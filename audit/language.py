"""Is a document English prose? Checks that know English only stand down when it is not.

A multilingual corpus holds Spanish, Latvian or Bengali articles too: every word of
them is "untranslated", every sentence "verbless" to an English check.

Two tests live here, each answered once per document (cached in `ctx.cache`): the
name and MT checks sample the start and the middle (`is_english`); link-case and
punctuation judge the opening only, with a stricter share (`opening_is_english`).
"""

from __future__ import annotations

from typing import Any


def _cached(ctx: Any, key: str, compute) -> bool:
    cache = getattr(ctx, "cache", None)
    if cache is None:
        return compute()
    answer = cache.get(key)
    if answer is None:
        answer = cache[key] = compute()
    return answer


def is_english(ctx: Any, text: str) -> bool:
    """`looks_english`, computed once per document for all checks."""
    return _cached(ctx, "language.english", lambda: looks_english(text))


_STOPWORDS = (" the ", " and ", " of ", " to ", " in ", " is ")


def opening_is_english(text: str, ctx: Any = None) -> bool:
    """English prose? Its six commonest words make a tenth of its words; German or Chinese text has few.

    The rules built on English function words and quote habits only apply to English.
    """

    def compute() -> bool:
        sample = text[:1500]
        words = max(sample.count(" "), len(sample) // 8)  # scripts without spaces still count words
        return words < 40 or sum(sample.count(w) for w in _STOPWORDS) >= 0.07 * words

    return _cached(ctx, "language.opening-english", compute)


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

"""English Zipf frequencies of plain words, without importing and loading wordfreq.

Importing wordfreq and loading its English list take about 0.35 s, a tenth of
a whole 20 MB run at the speed we aim for. Nearly every frequency the checks
ask for is of a plain Latin-script word, so the values wordfreq gives those
are derived once (exactly as `wordfreq.zipf_frequency` computes them, checked
against it on a sample at build time) into a compact sorted table kept by
`audit.diskcache`: word offsets, centi-Zipf values and the words themselves,
searched by bisection without building 289,000 Python strings. Anything else
(other languages and scripts, apostrophes, digits, unnormalised text) still
goes to wordfreq.
"""

from __future__ import annotations

import importlib.util
import math
import random
import unicodedata
from array import array
from pathlib import Path

from .diskcache import file_stamp, load_or_build, source_hash

_MAGIC = b"AZT1"


def _data_file() -> Path | None:
    spec = importlib.util.find_spec("wordfreq")
    if spec is None or spec.origin is None:
        return None
    path = Path(spec.origin).parent / "data" / "large_en.msgpack.gz"
    return path if path.is_file() else None


def _zipf_of(freq: float) -> float:
    """`wordfreq.zipf_frequency` of a one-token word whose list frequency is `freq`."""
    freq = 1.0 / (1.0 / freq)  # the one-token case of its 1/f = 1/f1 + ... combination
    leading_zeroes = math.floor(-math.log(freq, 10))
    return round(math.log10(round(freq, leading_zeroes + 3)) + 9, 2)


def _build() -> bytes:
    from wordfreq import get_frequency_dict, zipf_frequency

    freqs = get_frequency_dict("en")
    words = sorted((w for w in freqs if plain(w) and w == w.casefold()), key=lambda w: w.encode("utf-8"))
    values = [round(_zipf_of(freqs[w]) * 100) for w in words]
    sample = random.Random(0).sample(range(len(words)), min(400, len(words)))
    for i in sample:
        for form in (words[i], words[i].capitalize(), words[i].upper()):
            if zipf_frequency(form, "en") != values[i] / 100:
                return b""  # wordfreq computes differently than this module knows: do not shortcut it
    encoded = [w.encode("utf-8") for w in words]
    blob = b"".join(encoded)
    offsets = array("I", [0])
    for w in encoded:
        offsets.append(offsets[-1] + len(w))
    head = _MAGIC + len(words).to_bytes(4, "little")
    return head + offsets.tobytes() + array("H", values).tobytes() + blob


class EnglishTable:
    """Sorted plain English words and their centi-Zipf values, searched in place."""

    def __init__(self, data: bytes) -> None:
        count = int.from_bytes(data[4:8], "little")
        self._offsets = array("I")
        self._offsets.frombytes(data[8 : 8 + 4 * (count + 1)])
        self._values = array("H")
        start = 8 + 4 * (count + 1)
        self._values.frombytes(data[start : start + 2 * count])
        self._blob = data[start + 2 * count :]
        self._count = count

    def zipf(self, word: str) -> float:
        """The Zipf frequency of a `plain` word (0.0 when the list lacks it)."""
        key = word.casefold().encode("utf-8")
        offsets, blob = self._offsets, self._blob
        lo, hi = 0, self._count
        while lo < hi:
            mid = (lo + hi) // 2
            probe = blob[offsets[mid] : offsets[mid + 1]]
            if probe < key:
                lo = mid + 1
            elif probe > key:
                hi = mid
            else:
                return self._values[mid] / 100
        return 0.0


_TABLE: EnglishTable | bool | None = False


def plain(word: str) -> bool:
    """Letters of the Latin script only, NFC-normalised: wordfreq reads these as one casefolded token."""
    if word.isascii():
        return word.isalpha()
    return (
        word.isalpha()
        and max(word) <= "\u024f"
        and max(word.casefold()) <= "\u024f"  # µ folds to Greek μ, Ɛ to IPA ɛ
        and "\u0130" not in word  # Turkish İ: wordfreq reads it as i, casefold as i + dot
        and "\u0131" not in word
        and unicodedata.is_normalized("NFC", word)
    )


def english_table() -> EnglishTable | None:
    """The cached table, or None when wordfreq's data cannot be found or read the same way."""
    global _TABLE
    if _TABLE is False:
        data_file = _data_file()
        if data_file is None:
            _TABLE = None
        else:
            key = f"{file_stamp(data_file)}|{source_hash(__file__)}"
            data = load_or_build("zipf-en", key, _build)
            _TABLE = EnglishTable(data) if data.startswith(_MAGIC) else None
    return _TABLE  # type: ignore[return-value]

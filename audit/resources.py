"""Shared, lazily loaded data that checks consult: word frequencies, settings.

One Resources object lives per Auditor (per worker process) so that expensive
tables load once and per-token answers are cached across documents.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from .frequency import english_table, plain


@lru_cache(maxsize=262144)
def zipf(word: str, lang: str = "en") -> float:
    """wordfreq's Zipf frequency (0 = unknown, 3 = a word per million, 7 = 'the').

    Plain words are read from a cached table of wordfreq's English values
    (`audit.frequency`), so a run need not import and load wordfreq at all.
    """
    if lang == "en" and plain(word):
        table = english_table()
        if table is not None:
            return table.zipf(word)
    from wordfreq import zipf_frequency

    return zipf_frequency(word, lang)


class Resources:
    """Configuration and caches shared by every check of one Auditor.

    `settings` is the `[tool.audit]` table (already validated); `base_dir` is the
    directory paths in it are relative to; `store` lets a check module keep its
    own loaded tables (the entity canon, for one) keyed by name.
    """

    def __init__(self, settings: dict[str, Any] | None = None, base_dir: Path | None = None) -> None:
        self.settings = settings or {}
        self.base_dir = base_dir or Path.cwd()
        self.store: dict[str, Any] = {}

    zipf = staticmethod(zipf)

    def cached(self, key: str, factory):
        """Return `store[key]`, building it with `factory()` the first time."""
        if key not in self.store:
            self.store[key] = factory()
        return self.store[key]

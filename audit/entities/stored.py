"""The entity Index, kept in the user cache between runs.

Building it reads the canon's YAML (~40 ms) and asks wordfreq for the Zipf
value of every generated form; a few forms (hyphens, apostrophes) are not in
the cached English table, so building would import and load wordfreq (~0.3 s):
most of a small run's start-up, paid again by every pre-commit invocation. The
built Index is pickled into `audit.diskcache` under a key of everything it is
derived from: the canon and user entity files (size and mtime), the source of
the code that builds and holds it, and wordfreq's installed files.
"""

from __future__ import annotations

from pathlib import Path

from ..diskcache import file_stamp, source_hash, stored_object, wordfreq_stamp
from .canon import canon_dir, load_canon
from .index import Index

_HERE = Path(__file__).resolve().parent
# The code an Index is built by and whose classes its pickle holds.
_CODE = (*sorted(_HERE.glob("*.py")), _HERE.parent / "resources.py", _HERE.parent / "frequency.py")


def _key(user_files: list[Path]) -> str | None:
    """What the Index of these files is derived from; None when an input cannot be stamped."""
    try:
        files = [*user_files, *sorted(canon_dir().glob("*.y*ml"))]
        return "|".join([*(file_stamp(p) for p in files), source_hash(*_CODE), wordfreq_stamp()])
    except OSError:
        return None  # a missing user list: building reports it


def stored_index(user_files: list[Path], zipf) -> Index:
    """`Index(load_canon(user_files), zipf)`, from the user cache when it holds this build."""

    def build() -> Index:
        return Index(load_canon(user_files), zipf)

    key = _key(user_files)
    if key is None or getattr(zipf, "__module__", None) != "audit.resources":
        return build()  # a stand-in zipf (tests) is not what a stored Index was built with
    return stored_object("entity-index", key, build, Index)

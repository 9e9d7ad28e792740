"""The `re` module's parser, compiler and constants, wherever this Python keeps them.

Several modules read parsed patterns (literal prefixes, anchors, opcodes);
Python 3.11 moved these modules into the `re` package, so the one import that
knows both places lives here.
"""

from __future__ import annotations

try:  # Python 3.11+
    from re import _compiler as sre_compile  # type: ignore[attr-defined]
    from re import _constants as sre_constants  # type: ignore[attr-defined]
    from re import _parser as sre_parse  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python 3.10
    import sre_compile  # type: ignore[no-redef]
    import sre_constants  # type: ignore[no-redef]
    import sre_parse  # type: ignore[no-redef]

__all__ = ["sre_compile", "sre_constants", "sre_parse"]

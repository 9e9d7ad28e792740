"""Grammar, spelling and punctuation from LanguageTool (opt-in: `--select grammar,spelling` or `lt`).

Each LanguageTool match becomes a finding with the code `lt.<LT rule id>`, in
the category its LT category maps to (TYPOS -> spelling, PUNCTUATION and
TYPOGRAPHY -> punctuation, anything else -> grammar); a category is reported
only when its YAML rule (`lt.grammar`, `lt.spelling`, `lt.punctuation`) is
selected. The check runs last (`order = 90`) so that it can drop what other
checks already explain, and it drops LanguageTool's classic false alarm:
"misspelled" proper names.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from ..document import Document
from ..errors import AuditError
from ..finding import Finding
from ..languagetool import LanguageToolClient, LanguageToolUnavailable, LTMatch, LTSettings, category_of
from . import Check, register

log = logging.getLogger("audit.languagetool")
CODES = {"grammar": "lt.grammar", "spelling": "lt.spelling", "punctuation": "lt.punctuation"}
MAX_SUGGESTIONS = 5
_warned: set[str] = set()

try:  # the entity canon, when the entities check is installed
    from .entities import known_name as _known_name
except ImportError:  # pragma: no cover - depends on which checks are present
    _known_name = None


def _warn_once(message: str) -> None:
    """One line on stderr per process, however many documents hit it."""
    if message not in _warned:
        _warned.add(message)
        log.warning("audit: LanguageTool checks skipped: %s", message)


@register("languagetool")
class LanguageToolCheck(Check):
    """LanguageTool matches as findings, minus names and spans other checks cover."""

    order = 90
    dynamic_prefix = "lt."

    def __init__(self, rules, resources) -> None:
        super().__init__(rules, resources)
        self.settings = LTSettings.from_settings(resources.settings.get("languagetool"))
        lang = self.settings.language.split("-")[0].lower()
        self.lang = lang if lang.isalpha() else "en"
        self.client: LanguageToolClient = resources.cached(
            f"languagetool.client:{self.settings!r}", lambda: LanguageToolClient(self.settings)
        )

    def preflight(self) -> bool:
        """Reach LanguageTool before any output is written (for the CLI to call first).

        Raises AuditError when grammar was selected explicitly (`required`);
        otherwise warns once and returns False.
        """
        try:
            self.client.connect()
        except LanguageToolUnavailable as exc:
            self._unavailable(exc)
            return False
        return True

    def _unavailable(self, exc: LanguageToolUnavailable) -> None:
        if self.settings.required:
            raise AuditError(f"grammar/spelling selected but {exc}") from None
        _warn_once(str(exc))

    def run(self, doc: Document, ctx) -> Iterable[Finding]:
        if not doc.text.strip():
            return []
        try:
            matches = self.client.check(doc.text)
        except LanguageToolUnavailable as exc:
            self._unavailable(exc)
            return []
        taken = sorted((f.start, f.end) for f in (ctx.findings if ctx is not None else []))
        out = []
        for m in matches:
            code = CODES[category_of(m)]
            if code not in self.rules or _overlaps(taken, m.start, m.end):
                continue
            if code == "lt.spelling" and self._is_name(doc.text, m):
                continue
            f = self.finding(
                doc,
                code,
                m.start,
                m.end,
                message=m.message or None,
                suggestions=_suggestions(m),
                safe=False,
            )
            f.rule = self.dynamic_prefix + m.rule_id
            out.append(f)
        return out

    def _is_name(self, text: str, m: LTMatch) -> bool:
        """A proper name LanguageTool does not know: a canon name, or a capitalised rare word.

        A capitalised word at a sentence start whose first suggestion is a
        common word ("Recieve" -> "Receive") is a misspelling, not a name.
        """
        words = [w.strip(".,;:!?'’\"()") for w in text[m.start : m.end].split()]
        words = [w for w in words if w]
        if not words:
            return False
        if _known_name is not None:
            try:
                if all(_known_name(self.resources, w) for w in words):
                    return True
            except Exception:  # the canon failed to load: fall back to frequencies
                pass
        zipf = self.resources.zipf
        if not all(w[0].isupper() and zipf(w.lower(), self.lang) < 3.0 for w in words):
            return False
        if len(words) == 1 and m.replacements and _sentence_start(text, m.start):
            best = m.replacements[0]
            if " " not in best and zipf(best.lower(), self.lang) >= 3.5:
                return False
        return True


def _sentence_start(text: str, start: int) -> bool:
    before = text[max(0, start - 4) : start].rstrip(" \t\"“‘'(")
    return not before or before[-1] in ".!?…\n"


def _suggestions(m: LTMatch) -> list[str]:
    seen: list[str] = []
    for r in m.replacements:
        if r not in seen:
            seen.append(r)
        if len(seen) == MAX_SUGGESTIONS:
            break
    return seen


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(s < end and start < e for s, e in spans)

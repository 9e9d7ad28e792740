"""The unit every check produces and every reporter consumes (see CONTRACT.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

CATEGORIES = (
    "entity",
    "mt-garble",
    "broken-url",
    "boilerplate",
    "repetition",
    "link-case",
    "punctuation",
    "grammar",
    "spelling",
    "encoding",
    "style",
)


class Severity(IntEnum):
    """Ordered so that `--fail-on` is a simple comparison."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls[str(value).strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use error, warning or info)") from None

    def __str__(self) -> str:
        return self.name.lower()


@dataclass(slots=True)
class Finding:
    """One defect at an exact code-point span of a document's text.

    `safe` says whether the first suggestion may be applied by `--fix` without a
    reader confirming it (Ruff's fix applicability); unsafe fixes need
    `--unsafe-fixes`.
    """

    rule: str
    category: str
    severity: Severity
    start: int
    end: int
    text: str
    message: str
    suggestions: list[str] = field(default_factory=list)
    confidence: float = 1.0
    safe: bool = False
    line: int = 0
    column: int = 0
    signal: str | None = None

    @property
    def fixable(self) -> bool:
        return bool(self.suggestions)

    def sort_key(self) -> tuple:
        return (self.start, self.end, self.rule)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "rule": self.rule,
            "category": self.category,
            "severity": str(self.severity),
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "text": self.text,
            "message": self.message,
            "suggestions": list(self.suggestions),
            "confidence": round(float(self.confidence), 3),
            "fix": ("safe" if self.safe else "unsafe") if self.suggestions else None,
        }
        if self.signal:
            out["signal"] = self.signal
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        return cls(
            rule=data["rule"],
            category=data["category"],
            severity=Severity.parse(data["severity"]),
            start=int(data["start"]),
            end=int(data["end"]),
            text=data["text"],
            message=data["message"],
            suggestions=list(data.get("suggestions") or []),
            confidence=float(data.get("confidence", 1.0)),
            safe=data.get("fix") == "safe",
            line=int(data.get("line", 0)),
            column=int(data.get("column", 0)),
            signal=data.get("signal"),
        )

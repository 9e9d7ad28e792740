"""Score the engine against hand labels, with the definitions of shared/tools/score.py.

- detection recall: labels overlapped by any finding (per category and overall)
- category recall: labels overlapped by a finding of the same category
- precision: findings that overlap some label, over all findings ('style' labels
  count as neither needed nor wrong); documents without labels are clean text
- correction accuracy: of detected labels whose correction is a string, those for
  which the first suggestion of an overlapping finding yields the labelled text
  (whitespace runs folded)
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .document import Document
from .engine import Auditor
from .errors import AuditError

NEUTRAL = {"style"}


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@dataclass
class EvalResult:
    """Scores plus the misses and false positives behind them."""

    scores: dict
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_positives: list[tuple[str, str, str, str]] = field(default_factory=list)


def load_labels(path: Path) -> dict[str, list[dict]]:
    labels: dict[str, list[dict]] = defaultdict(list)
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise AuditError(f"{path}: cannot read labels: {exc.strerror or exc}") from None
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            labels[row["doc"]].append(row)
            int(row["start"]), int(row["end"]), row["category"]
        except (ValueError, KeyError, TypeError) as exc:
            raise AuditError(f"{path}:{number}: bad label line ({exc})") from None
    return labels


def evaluate(docs_dir: Path, labels_path: Path, auditor: Auditor) -> EvalResult:
    """Run `auditor` on every *.txt of `docs_dir` and score it against the labels."""
    if not docs_dir.is_dir():
        raise AuditError(f"{docs_dir}: not a directory")
    docs = sorted(p for p in docs_dir.iterdir() if p.suffix == ".txt")
    if not docs:
        raise AuditError(f"{docs_dir}: no .txt documents")
    labels = load_labels(labels_path)
    det: Counter = Counter()
    cat: Counter = Counter()
    total: Counter = Counter()
    fixed: Counter = Counter()
    fix_ok = fix_n = tp = fp = 0
    result = EvalResult({})
    for path in docs:
        text = path.read_text(encoding="utf-8")
        found = auditor.check(Document(text, path=path.name))
        ls = labels.get(path.name, [])
        for p in found:
            if any(p.start < lab["end"] and lab["start"] < p.end for lab in ls):
                tp += 1
            else:
                fp += 1
                result.false_positives.append((path.name, p.category, p.rule, p.text[:80]))
        for lab in ls:
            if lab["category"] in NEUTRAL:
                continue
            total[lab["category"]] += 1
            over = [p for p in found if p.start < lab["end"] and lab["start"] < p.end]
            if over:
                det[lab["category"]] += 1
            else:
                result.misses.append((path.name, lab["category"], lab["text"][:80]))
            if any(p.category == lab["category"] for p in over):
                cat[lab["category"]] += 1
            if lab.get("correction") is not None and over:
                fix_n += 1
                want = _fold(text[: lab["start"]] + lab["correction"] + text[lab["end"] :])
                for p in over:
                    if p.suggestions and _fold(text[: p.start] + p.suggestions[0] + text[p.end :]) == want:
                        fix_ok += 1
                        fixed[lab["category"]] += 1
                        break
    n = sum(total.values())
    result.scores = {
        "labels": n,
        "findings": tp + fp,
        "precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "detection_recall": round(sum(det.values()) / n, 3) if n else None,
        "category_recall": round(sum(cat.values()) / n, 3) if n else None,
        "correction_accuracy": round(fix_ok / fix_n, 3) if fix_n else None,
        "by_category": {
            c: {"labels": total[c], "detected": det[c], "categorised": cat[c], "corrected": fixed[c]}
            for c in sorted(total)
        },
    }
    return result

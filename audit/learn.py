"""`audit learn`: rules a hand-written pack cannot know, learned from the corpus itself.

Three things recur in a scraped or translated corpus and say something about it:

- **Boilerplate lines.** Site chrome repeats across many documents ("Leave a
  Reply", "Published 12 March 2024 10:32 GMT", a syndication trailer). As in the
  line-frequency filters of C4 and datatrove, each line is normalised (spaces
  folded, numbers, months and weekdays replaced by placeholders) and counted
  once per document; a line found in at least `max(min_docs, min_share * docs)`
  documents that also looks like chrome (short, or mostly at a document's head
  or tail) becomes a `line` rule whose pattern matches every instance.
- **Name variants.** A name spelled one way hundreds of times and a near
  variant a few times ("Biden" / "Binden") is a misspelling the canon may not
  list. Capitalised tokens and two-token names are counted; a rare form within
  a small edit distance of a frequent one, and not a common word, is listed as a
  wrong form of it, with counts, in the entity-list format of `rules/entities/`.
- **Word sequences** (optional): counts of word n-grams, a language model of
  the corpus that MT-garble checks can consult.

Counting runs in the workers (`--jobs`, `--engine dask`) over the same tasks as
`audit check`; the client merges partial counts. Memory stays bounded by lossy
counting: when a table outgrows its cap, entries seen only once are dropped
(they cannot reach a threshold of several documents unless they recur, and a
line that recurs in many documents survives). The output is a pack to review,
not to trust blindly: every rule and name carries its counts.
"""

from __future__ import annotations

import argparse
import functools
import math
import re
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .document import Document
from .errors import AuditError
from .sources.files import DEFAULT_INCLUDE, InputProblem
from .sources.records import RecordOptions

MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
DAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Mon|Tue|Wed|Thu|Fri|Sat|Sun"
_URL = re.compile(r"(?:https?://|www\.)\S+")
_NUM = re.compile(r"\d+(?:[.,:/]\d+)*")
_MONTH = re.compile(rf"\b(?:{MONTHS})\b\.?")
_DAY = re.compile(rf"\b(?:{DAYS})\b\.?")
_PLACEHOLDER = re.compile(r"(\x00N|\x00M|\x00D|\x00U|\s+)")
_PLACE_RE = {
    "\x00N": r"\d+(?:[.,:/]\d+)*",
    "\x00M": rf"(?:{MONTHS})\.?",
    "\x00D": rf"(?:{DAYS})\.?",
    "\x00U": r"(?:https?://|www\.)\S+",
}
_LETTER = re.compile(r"[^\W\d_]")
_NAME = re.compile(r"(?<![\w'’.-])[^\W\d_a-z][^\W\d_A-Z]+(?:-[^\W\d_a-z][^\W\d_A-Z]+)?(?![\w'’-])")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
EDGE_LINES = (2, 3)  # a line among the first 2 or last 3 non-blank lines is at an edge
MAX_LINE = 400
CAP = 400_000


def normalise_line(line: str) -> str:
    """The counting key of a line: spaces folded; URLs, numbers, months and weekdays as placeholders."""
    key = " ".join(line.split())
    key = _URL.sub("\x00U", key)
    key = _NUM.sub("\x00N", key)
    key = _MONTH.sub("\x00M", key)
    return _DAY.sub("\x00D", key)


def key_regex(key: str) -> str:
    """A regex matching every line that normalises to `key`."""
    out = []
    for part in _PLACEHOLDER.split(key):
        if not part:
            continue
        if part in _PLACE_RE:
            out.append(_PLACE_RE[part])
        elif part.isspace():
            out.append(r"\s+")
        else:
            out.append(re.escape(part))
    return "".join(out)


def readable(key: str) -> str:
    for mark, word in (("\x00N", "<number>"), ("\x00M", "<month>"), ("\x00D", "<weekday>"), ("\x00U", "<url>")):
        key = key.replace(mark, word)
    return key


# -- counting (runs in the workers) -------------------------------------------


@dataclass
class Counts:
    """Partial counts of one task (or, merged, of the corpus)."""

    docs: int = 0
    lines: Counter = field(default_factory=Counter)  # key -> documents containing it
    edges: Counter = field(default_factory=Counter)  # key -> documents where it is at an edge
    examples: dict[str, str] = field(default_factory=dict)  # key -> first line seen
    names: Counter = field(default_factory=Counter)  # capitalised token or two-token name -> occurrences
    ngrams: Counter = field(default_factory=Counter)
    problems: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class LearnOptions:
    ngram: int = 0  # 0: no word-sequence counts
    records: RecordOptions = field(default_factory=RecordOptions)


def count_document(doc: Document, out: Counts, options: LearnOptions) -> None:
    out.docs += 1
    lines = [line for line in doc.text.splitlines() if line.strip()]
    head, tail = EDGE_LINES
    seen: set[str] = set()
    for i, line in enumerate(lines):
        if len(line) > MAX_LINE:
            continue
        key = normalise_line(line)
        if key in seen or len(_LETTER.findall(key)) < 2:
            continue
        seen.add(key)
        out.lines[key] += 1
        if i < head or i >= len(lines) - tail:
            out.edges[key] += 1
        if key not in out.examples:
            out.examples[key] = line.strip()
    text = doc.text
    names = out.names
    prev_end = -2
    prev = ""
    for m in _NAME.finditer(text):
        token = m.group()
        names[token] += 1
        if prev and m.start() == prev_end + 1 and text[prev_end] == " ":
            names[f"{prev} {token}"] += 1
        prev, prev_end = token, m.end()
    if options.ngram:
        words = [w.lower() for w in _WORD.findall(text)]
        n = options.ngram
        out.ngrams.update(" ".join(words[i : i + n]) for i in range(len(words) - n + 1))


def count_task(task, options: LearnOptions) -> Counts:
    """Counts of one planned task (see `audit.run.plan`); runs in a worker."""
    from .run.plan import read_task

    out = Counts()
    for item in read_task(task, options.records):
        if isinstance(item, InputProblem):
            out.problems.append(str(item))
        else:
            count_document(item, out, options)
    _shrink(out)
    return out


def _prune(counter: Counter, cap: int) -> None:
    """Lossy counting: drop the rarest entries until the table is under `cap`."""
    floor = 1
    while len(counter) > cap:
        for key in [k for k, v in counter.items() if v <= floor]:
            del counter[key]
        floor += 1


def _shrink(c: Counts, cap: int = CAP) -> None:
    _prune(c.lines, cap)
    _prune(c.names, cap)
    _prune(c.ngrams, cap)
    if len(c.examples) > len(c.lines):
        c.examples = {k: v for k, v in c.examples.items() if k in c.lines}
        for key in [k for k in c.edges if k not in c.lines]:
            del c.edges[key]


def merge(total: Counts, part: Counts) -> None:
    total.docs += part.docs
    total.lines.update(part.lines)
    total.edges.update(part.edges)
    for k, v in part.examples.items():
        total.examples.setdefault(k, v)
    total.names.update(part.names)
    total.ngrams.update(part.ngrams)
    total.problems.extend(part.problems)
    if max(len(total.lines), len(total.names), len(total.ngrams)) > CAP:
        _shrink(total)


# -- deciding (runs in the client) --------------------------------------------


@dataclass
class Learned:
    docs: int
    threshold: int
    boilerplate: list[dict[str, Any]]
    names: list[dict[str, Any]]
    ngrams: list[tuple[str, int]]


def doc_threshold(docs: int, min_docs: int = 5, min_share: float = 0.002) -> int:
    """How many documents a line must appear in: a few, or a share of a large corpus."""
    return max(min_docs, math.ceil(min_share * docs))


def boilerplate_lines(c: Counts, threshold: int, max_words: int = 12) -> list[dict[str, Any]]:
    """Recurring lines that look like chrome: short, or nearly always at a document's edge."""
    out = []
    for key, df in c.lines.most_common():
        if df < threshold:
            break
        words = len(key.split())
        edge = c.edges.get(key, 0) / df
        if words > max_words and edge < 0.8:
            continue  # a recurring long sentence in the body: a quote or template prose, not chrome
        out.append({"key": key, "docs": df, "edge": round(edge, 2), "example": c.examples.get(key, readable(key))})
    return out


def max_edits_for(name: str) -> int:
    """Edits (OSA: a swap of neighbours is one) allowed between a name and its variant."""
    n = len(name.replace(" ", ""))
    return 1 if n <= 9 else 2 if n <= 15 else 3


def name_variants(
    names: Counter, min_count: int = 5, max_share: float = 0.05, zipf=None, common: float = 3.0
) -> list[dict[str, Any]]:
    """Frequent names with their rare near variants (candidate misspellings)."""
    if zipf is None:
        from .resources import zipf
    canon = [n for n, c in names.items() if c >= min_count and len(n) >= 4]
    by_len: dict[int, list[str]] = {}
    for n in canon:
        by_len.setdefault(len(n), []).append(n)
    found: dict[str, list[tuple[str, int]]] = {}
    most = max(names.values(), default=0)
    for variant, count in names.items():
        if len(variant) < 5 or count > max(2, most * max_share):
            continue  # too frequent to be a slip of the keyboard for any name
        if any(zipf(w.lower()) >= common or zipf(w) >= common for w in variant.split()):
            continue
        limit = max_edits_for(variant)
        pool = [n for d in range(-limit, limit + 1) for n in by_len.get(len(variant) + d, ()) if n != variant]
        if not pool:
            continue
        target = _nearest(variant, pool, limit)
        if target is None:
            continue
        if count > max(2, names[target] * max_share) or count * 3 > names[target] or _inflection(variant, target):
            continue
        # a changed first letter is kept only for the usual transliteration pairs (Z/S, C/K ...)
        if not _translit_first(variant, target):
            continue
        found.setdefault(target, []).append((variant, count))
    out = []
    for target, variants in sorted(found.items(), key=lambda kv: -names[kv[0]]):
        variants.sort(key=lambda vc: (-vc[1], vc[0]))
        out.append({"name": target, "count": names[target], "wrong": variants})
    return out


def _nearest(variant: str, pool: list[str], limit: int) -> str | None:
    """The pool name closest to `variant` within `limit` OSA edits (a swap of neighbours is one).

    A first letter changed by transliteration (Selenskyj/Zelensky) is not counted.
    """
    from rapidfuzz import process
    from rapidfuzz.distance import OSA

    queries = [variant] + [
        other + variant[1:]
        for pair in _FIRST_LETTER_PAIRS
        if variant[:1].lower() in pair
        for other in {c.upper() if variant[0].isupper() else c for c in pair - {variant[0].lower()}}
    ]
    best: tuple[int, str] | None = None
    for query in queries:
        hit = process.extractOne(query, pool, scorer=OSA.distance, score_cutoff=limit)
        if hit is not None and (best is None or hit[1] < best[0]):
            best = (hit[1], hit[0])
    return None if best is None else best[1]


def _inflection(a: str, b: str) -> bool:
    """Endings are not misspellings: Russia/Russian, Biden/Bidens, Berlin/Berliner, Kowal/Kowalski.

    A name that is another name plus a few letters is a different word far more
    often than a typo; typos drop, double or swap letters inside the word.
    """
    short, long = sorted((a, b), key=len)
    return long.startswith(short) and (len(long) - len(short) >= 2 or long[-1] in "sn")


_FIRST_LETTER_PAIRS = {frozenset(p) for p in (("z", "s"), ("c", "k"), ("j", "y"), ("v", "w"))}


def _translit_first(a: str, b: str) -> bool:
    if a.count(" ") != b.count(" "):
        return False
    pairs = [frozenset((x[0].lower(), y[0].lower())) for x, y in zip(a.split(), b.split(), strict=False)]
    return all(len(p) == 1 or p in _FIRST_LETTER_PAIRS for p in pairs)


def decide(c: Counts, min_docs: int = 5, min_share: float = 0.002, min_name: int = 5, ngram_min: int = 3) -> Learned:
    threshold = doc_threshold(c.docs, min_docs, min_share)
    ngrams = [(g, n) for g, n in c.ngrams.most_common() if n >= ngram_min]
    return Learned(c.docs, threshold, boilerplate_lines(c, threshold), name_variants(c.names, min_name), ngrams)


# -- writing ------------------------------------------------------------------


def rule_pack(learned: Learned, sources: list[str]) -> dict[str, Any]:
    rules = []
    for i, line in enumerate(learned.boilerplate, start=1):
        rules.append(
            {
                "code": f"learned.boilerplate-{i:03d}",
                "type": "line",
                "message": "Boilerplate line learned from the corpus",
                "rationale": (
                    f"Found in {line['docs']} of {learned.docs} documents"
                    f" ({100 * line['docs'] / max(learned.docs, 1):.1f}%),"
                    f" {round(100 * line['edge'])}% of them at the head or tail. Normalised: {readable(line['key'])}"
                ),
                "patterns": [key_regex(line["key"])],
                "ignore_case": False,
                "suggest": "",
                "fix": "unsafe",
                "confidence": round(min(0.95, 0.6 + 0.35 * line["edge"]), 2),
                "examples": {"flag": [line["example"]]},
            }
        )
    return {
        "pack": "learned",
        "description": f"Learned by `audit learn` from {', '.join(sources)} ({learned.docs} documents). Review first.",
        "category": "boilerplate",
        "severity": "warning",
        "rules": rules,
    }


def entity_list(learned: Learned) -> dict[str, Any]:
    entities = []
    for group in learned.names:
        note = f"learned: {group['name']} x{group['count']}; " + ", ".join(f"{w} x{n}" for w, n in group["wrong"])
        entities.append(
            {
                "name": group["name"],
                "type": "person" if " " in group["name"] else "place",
                "wrong": [w for w, _ in group["wrong"]],
                "note": note,
            }
        )
    return {
        "description": "Name variants learned by `audit learn`: a frequent spelling and its rare near variants."
        " The type is a guess; review before use.",
        "entities": entities,
    }


def write_outputs(learned: Learned, output: Path, sources: list[str], ngram_file: Path | None) -> list[Path]:
    output.parent.mkdir(parents=True, exist_ok=True)
    written = [output]
    output.write_text(
        "# Review before use: pass with rule-packs = [...] in [tool.audit].\n"
        + yaml.safe_dump(rule_pack(learned, sources), sort_keys=False, allow_unicode=True, width=120),
        encoding="utf-8",
    )
    names = output.with_name(output.name.removesuffix(".yml").removesuffix(".yaml") + ".entities.yml")
    names.write_text(
        "# Review before use: pass with entities = [...] in [tool.audit]. Format: docs/entities.md.\n"
        + yaml.safe_dump(entity_list(learned), sort_keys=False, allow_unicode=True, width=120),
        encoding="utf-8",
    )
    written.append(names)
    if ngram_file is not None:
        with ngram_file.open("w", encoding="utf-8") as fh:
            for gram, n in learned.ngrams:
                fh.write(f"{n}\t{gram}\n")
        written.append(ngram_file)
    return written


# -- running ------------------------------------------------------------------


def learn(
    paths: Iterable[str],
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    options: LearnOptions | None = None,
    include: Iterable[str] = DEFAULT_INCLUDE,
    exclude: Iterable[str] = (),
) -> Counts:
    """Count a corpus with the same planner and engines as `audit check`."""
    from .run.plan import PlanOptions, Task, plan

    options = options or LearnOptions()
    plan_opts = PlanOptions(tuple(include), tuple(exclude), options.records, client_reads=engine != "dask")
    tasks = plan(list(paths), plan_opts)
    fn = functools.partial(count_task, options=options)
    total = Counts()
    if engine == "dask":
        from .run.dask_engine import connect, map_dask

        with connect(scheduler, jobs) as client:
            results = map_dask(fn, tasks, client)
            for r in results:
                _add(total, r)
        return total
    if jobs > 1:
        from .run.parallel import map_ordered

        results = map_ordered(fn, tasks, jobs)
    else:
        results = (t if isinstance(t, InputProblem) else fn(t) for t in tasks if isinstance(t, (Task, InputProblem)))
    for r in results:
        _add(total, r)
    return total


def _add(total: Counts, r: Counts | InputProblem) -> None:
    if isinstance(r, InputProblem):
        total.problems.append(str(r))
    else:
        merge(total, r)


def add_parser(sub) -> argparse.ArgumentParser:
    """`audit learn` on the command line."""
    from .run.session import add_arguments

    p = sub.add_parser(
        "learn",
        help="learn boilerplate lines and name variants from a corpus into a rule pack to review",
        description="Count recurring lines and name spellings over a corpus; write a rule pack"
        " (OUTPUT), an entity list (OUTPUT with .entities.yml) and optionally word n-gram counts.",
    )
    p.add_argument("paths", nargs="+", metavar="CORPUS", help="files, directories, JSONL or Parquet")
    p.add_argument("-o", "--output", default="learned.yml", help="rule pack to write (default: learned.yml)")
    p.add_argument("--min-docs", type=int, default=5, help="a line must recur in at least this many documents")
    p.add_argument("--min-share", type=float, default=0.002, help="... and in this share of them (default 0.002)")
    p.add_argument("--min-name", type=int, default=5, help="occurrences for a spelling to count as canonical")
    p.add_argument("--ngrams", metavar="FILE", help="also write word n-gram counts (TSV: count, n-gram)")
    p.add_argument("--ngram-size", type=int, default=3, help="n for --ngrams (default 3)")
    p.add_argument("--ngram-min", type=int, default=3, help="smallest count written to --ngrams")
    p.add_argument("--include", action="append", metavar="GLOB", help="file globs in directories (*.txt, *.md)")
    p.add_argument("--exclude", action="append", metavar="GLOB", help="globs of files or directories to skip")
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on standard error")
    p.add_argument("--config", metavar="FILE", help="configuration file")
    add_arguments(p)
    p.set_defaults(func=cmd_learn)
    return p


def cmd_learn(args: argparse.Namespace) -> int:
    from .config import load as load_config
    from .run.session import jobs_of, record_options

    config = load_config(args.config)
    settings = config.settings
    engine = args.engine or settings.get("engine") or "local"
    scheduler = args.scheduler or settings.get("scheduler")
    if scheduler:
        engine = "dask"
    options = LearnOptions(ngram=args.ngram_size if args.ngrams else 0, records=record_options(args, settings))
    include = [g for v in args.include or [] for g in v.split(",")] or settings.get("include") or DEFAULT_INCLUDE
    exclude = [g for v in args.exclude or [] for g in v.split(",")] + settings.get("exclude", [])
    counts = learn(args.paths, jobs_of(args, settings), engine, scheduler, options, include, exclude)
    for problem in counts.problems:
        sys.stderr.write(f"audit: {problem}\n")
    if counts.docs == 0:
        raise AuditError("no documents to learn from")
    learned = decide(counts, args.min_docs, args.min_share, args.min_name, args.ngram_min)
    written = write_outputs(learned, Path(args.output), list(args.paths), Path(args.ngrams) if args.ngrams else None)
    if not args.quiet:
        sys.stderr.write(
            f"audit: learned from {learned.docs} documents: {len(learned.boilerplate)} boilerplate line(s)"
            f" (in >= {learned.threshold} documents), {len(learned.names)} name(s) with variants"
            + (f", {len(learned.ngrams)} {options.ngram}-grams" if options.ngram else "")
            + f"; wrote {', '.join(str(p) for p in written)}\n"
        )
    return 2 if counts.problems else 0

"""Command line: `audit check|rules|rule|eval`. Flags and wiring only; logic lives elsewhere."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from . import __version__
from .baseline import Baseline
from .config import Config
from .config import load as load_config
from .document import Document
from .engine import Auditor
from .errors import AuditError
from .fileio import write_bytes_atomic
from .finding import Finding, Severity
from .fix import FixOptions, FixRun
from .report import Reporter, Summary
from .report.machine import ConciseReporter, JsonLinesReporter, JsonReporter
from .report.rich_report import RichReporter, statistics_table
from .run.session import CorpusRun, add_arguments, add_output_argument, is_output_record
from .sources.files import DEFAULT_INCLUDE, InputProblem

FORMATS = ("rich", "concise", "json", "jsonl", "sarif", "github")
LT_SELECTORS = ("grammar", "spelling", "lt")


def _csv(values: Iterable[str] | None) -> list[str]:
    """`--select a,b --select c` -> [a, b, c]."""
    out: list[str] = []
    for value in values or []:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return out


def _add_selection(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("rule selection")
    g.add_argument("--select", action="append", metavar="CODES", help="only these codes, prefixes or categories")
    g.add_argument("--ignore", action="append", metavar="CODES", help="skip these codes, prefixes or categories")
    g.add_argument("--extend-select", action="append", metavar="CODES", help="add to the selected rules")
    g.add_argument("--config", metavar="FILE", help="configuration file (default: nearest audit.toml/pyproject.toml)")


def _add_fixes(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("fixes and baselines")
    g.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    g.add_argument("--unsafe-fixes", action="store_true", help="also apply fixes a reader should confirm")
    g.add_argument("--diff", action="store_true", help="print the diff --fix would make; write nothing (exit 1 if any)")
    g.add_argument("--patch", metavar="FILE", help="write that diff to FILE for `git apply` / `patch -p1`")
    g.add_argument("-i", "--interactive", action="store_true", help="review each fix: accept/reject/edit/skip/quit")
    g.add_argument("--baseline", metavar="FILE", help="report only findings not recorded in FILE")
    g.add_argument("--write-baseline", metavar="FILE", help="record the current findings in FILE and exit 0")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="audit",
        description="Find and correct translation artifacts and scraping defects in text.",
    )
    parser.add_argument("--version", action="version", version=f"audit {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = sub.add_parser("check", help="check files, directories or stdin (-)")
    check.add_argument("paths", nargs="*", default=["."], metavar="PATH")
    _add_selection(check)
    out = check.add_argument_group("output")
    out.add_argument("--format", choices=FORMATS, help="default: rich on a terminal, concise otherwise")
    out.add_argument("--fail-on", metavar="SEVERITY", help="lowest severity that fails the run (default: warning)")
    out.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings fail (input errors still 2)")
    out.add_argument("--statistics", action="store_true", help="print counts per rule instead of findings")
    out.add_argument("--no-color", action="store_true", help="no colour (also: NO_COLOR=1)")
    out.add_argument("--html", metavar="FILE", help="also save the rich report as a self-contained HTML page")
    out.add_argument("-q", "--quiet", action="store_true", help="only findings; no summary or progress")
    src = check.add_argument_group("input")
    src.add_argument("--include", action="append", metavar="GLOB", help="file globs in directories (*.txt, *.md)")
    src.add_argument("--exclude", action="append", metavar="GLOB", help="globs of files or directories to skip")
    add_output_argument(src)
    add_arguments(check)
    _add_fixes(check)
    check.set_defaults(func=cmd_check)

    rules = sub.add_parser("rules", help="list every rule")
    _add_selection(rules)
    rules.add_argument("--format", choices=("rich", "json"), default=None)
    rules.set_defaults(func=cmd_rules)

    rule = sub.add_parser("rule", help="show one rule's documentation and examples")
    rule.add_argument("code")
    rule.add_argument("--config", metavar="FILE")
    rule.set_defaults(func=cmd_rule)

    ev = sub.add_parser("eval", help="score findings against hand labels (CONTRACT.md format)")
    ev.add_argument("docs", help="directory of .txt documents")
    ev.add_argument("labels", help="labels.jsonl")
    _add_selection(ev)
    ev.add_argument("--json", action="store_true", help="machine-readable scores")
    ev.add_argument("--show", action="store_true", help="list misses and false positives")
    ev.set_defaults(func=cmd_eval)

    from .learn import add_parser as add_learn_parser

    add_learn_parser(sub)
    return parser


def _console(no_color: bool = False, file=None, record: bool = False) -> Console:
    no_color = no_color or bool(os.environ.get("NO_COLOR"))
    return Console(file=file, no_color=no_color, highlight=False, record=record, soft_wrap=False)


def _stderr(message: str) -> None:
    sys.stderr.write(f"audit: {message}\n")


def make_auditor(args: argparse.Namespace, config: Config) -> Auditor:
    """The Auditor for the command line plus configuration (CLI --select replaces config select)."""
    settings = dict(config.settings)
    cli_select = _csv(getattr(args, "select", None))
    select = cli_select or settings.get("select")
    ignore = settings.get("ignore", []) + _csv(getattr(args, "ignore", None))
    extend = settings.get("extend_select", []) + _csv(getattr(args, "extend_select", None))
    if any(s == p or s.startswith(p + ".") for s in cli_select + _csv(args.extend_select) for p in LT_SELECTORS):
        settings["languagetool"] = {**settings.get("languagetool", {}), "required": True}
    return Auditor(
        select=select or None,
        ignore=ignore,
        extend_select=extend,
        settings=settings,
        base_dir=config.base_dir,
        rule_packs=settings.get("rule_packs", []),
        per_file_ignores=settings.get("per_file_ignores"),
        allow=settings.get("allow", []),
    )


def check_documents(auditor: Auditor, items: Iterable[Document | InputProblem]) -> Iterator:
    """(document, findings) pairs and input problems, in input order."""
    for item in items:
        if isinstance(item, InputProblem):
            yield item
        else:
            yield item, auditor.check(item)


def _reporter(fmt: str, args: argparse.Namespace, console: Console, auditor: Auditor | None = None) -> Reporter:
    if fmt == "json":
        return JsonReporter(sys.stdout)
    if fmt == "jsonl":
        return JsonLinesReporter(sys.stdout)
    if fmt == "concise":
        return ConciseReporter(sys.stdout)
    if fmt == "sarif":
        from .report.sarif import SarifReporter

        return SarifReporter(sys.stdout, auditor.rules if auditor else None)
    if fmt == "github":
        from .report.github import GithubReporter

        return GithubReporter(sys.stdout)
    return RichReporter(console, show_summary=not args.quiet)


class _Silent(Reporter):
    def file(self, doc: Document, findings: list[Finding]) -> None:
        pass


def cmd_check(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    auditor = make_auditor(args, config)
    fail_on = Severity.parse(args.fail_on or config.get("fail_on", "warning"))
    fmt = args.format or config.get("format") or ("rich" if sys.stdout.isatty() else "concise")
    if fmt not in FORMATS:
        raise AuditError(f"unknown format {fmt!r}")
    console = _console(args.no_color, record=bool(args.html))
    fixes = _fix_run(args, auditor, console)
    baseline_file = args.baseline or (config.get("baseline") and str(config.base_dir / config.get("baseline")))
    baseline = Baseline.load(baseline_file) if baseline_file and not args.write_baseline else None
    recorder = Baseline(args.write_baseline) if args.write_baseline else None
    silent = args.statistics or (fixes is not None and fixes.options.diff)
    reporter: Reporter = _Silent() if silent else _reporter(fmt, args, console, auditor)
    include = _csv(args.include) or config.get("include") or list(DEFAULT_INCLUDE)
    exclude = config.get("exclude", []) + config.get("extend_exclude", []) + _csv(args.exclude)
    summary = Summary()
    for check in auditor.checks:  # a backend that cannot run fails before any output starts
        preflight = getattr(check, "preflight", None)
        if preflight is not None:
            preflight()
    reporter.begin()
    if fixes is not None and fixes.options.interactive:
        args.quiet = True  # no progress bar under the review prompts (the reporter is already built)
    corpus = CorpusRun(args, config.settings, auditor, include, exclude, unsafe=args.unsafe_fixes)
    for result in corpus:
        if isinstance(result, InputProblem):
            _stderr(str(result) if result.fatal else f"warning: {result}")
            summary.problems += result.fatal
            continue
        doc, findings = result
        if fixes is not None and not is_output_record(doc, args):
            findings = fixes.process(doc, findings)
        if recorder is not None:
            recorder.add(doc, findings)
        if baseline is not None:
            findings = baseline.filter(doc, findings)
        summary.add(doc, findings, fail_on)
        reporter.file(doc, findings)
    summary.fixed = corpus.fixed + (fixes.fixed if fixes is not None else 0)
    reporter.end(summary)
    if fixes is not None:
        _finish_fixes(fixes, summary, fmt, console)
    if recorder is not None:
        recorder.save()
        _stderr(f"wrote {sum(recorder.entries.values())} finding(s) to baseline {args.write_baseline}")
    if args.statistics:
        statistics_table(summary, console)
    if args.html:
        _save_html(console, Path(args.html))
    if summary.problems:
        return 2
    if recorder is not None:
        return 0
    if fixes is not None and fixes.options.diff:
        return 1 if fixes.patches else 0
    return 1 if summary.failing and not args.exit_zero else 0


def _fix_run(args: argparse.Namespace, auditor: Auditor, console: Console) -> FixRun | None:
    """The fixer for --fix/--unsafe-fixes/--diff/--patch/--interactive, or None."""
    options = FixOptions(
        fix=args.fix or (args.unsafe_fixes and not (args.diff or args.patch)),
        unsafe=args.unsafe_fixes,
        diff=args.diff,
        patch=args.patch,
        interactive=args.interactive,
    )
    if not options.active:
        return None
    if options.interactive and not sys.stdin.isatty():
        raise AuditError("--interactive needs a terminal on standard input")
    if options.diff and options.fix:
        options.fix = False  # --diff shows what --fix would do and writes nothing
    if "-" in args.paths and (options.fix or options.interactive):
        raise AuditError("cannot fix standard input in place; use --diff")
    return FixRun(auditor, options, console)


def _finish_fixes(fixes: FixRun, summary: Summary, fmt: str, console: Console) -> None:
    """Print the diff or write the patch, then say what was fixed and what remains."""
    if fixes.options.diff:
        sys.stdout.flush()
        sys.stdout.buffer.write(fixes.patch_bytes)
        sys.stdout.buffer.flush()
    if fixes.options.patch:
        write_bytes_atomic(fixes.options.patch, fixes.patch_bytes)
    line = fixes.summary_line(summary.findings)
    if fixes.options.diff or fmt in ("json", "jsonl", "sarif"):
        _stderr(line)
    elif fmt == "rich":
        console.print(Text(line, style="bold"))
    else:
        print(line)


def _save_html(console: Console, path: Path) -> None:
    """Write the recorded report atomically, so a failed run leaves no half page."""
    html = console.export_html(inline_styles=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_text(html, encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise AuditError(f"{path}: cannot write HTML report: {exc.strerror or exc}") from None


def cmd_rules(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    auditor = make_auditor(args, config)
    explicit = bool(_csv(args.select) or _csv(args.ignore) or _csv(args.extend_select))
    shown = auditor.selected if explicit else auditor.rules
    if args.format == "json":
        rows = [
            {
                "code": r.code,
                "category": r.category,
                "severity": str(r.severity),
                "fix": r.fix,
                "default": r.default,
                "message": r.message,
            }
            for r in shown.values()
        ]
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return 0
    table = Table(show_edge=False, pad_edge=False)
    for col in ("code", "category", "severity", "fix", "on", "message"):
        table.add_column(col, overflow="fold")
    for code, r in sorted(shown.items()):
        table.add_row(code, r.category, str(r.severity), r.fix, "yes" if code in auditor.selected else "-", r.message)
    _console().print(table)
    return 0


def cmd_rule(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    auditor = Auditor(select=["ALL"], settings=config.settings, rule_packs=config.get("rule_packs", []))
    rule = auditor.rules.get(args.code)
    if rule is None:
        raise AuditError(f"unknown rule {args.code!r} (see `audit rules`)")
    c = _console()
    c.print(Text(rule.code, style="bold"), Text(f"  {rule.category} · {rule.severity} · fix: {rule.fix}"))
    c.print(rule.message)
    if rule.rationale:
        c.print()
        c.print(rule.rationale)
    meta = f"type: {rule.type}"
    meta += f" ({len(rule.phrases)} phrases)" if rule.phrases else ""
    meta += f" ({len(rule.patterns)} patterns)" if rule.patterns else ""
    meta += f" · check: {rule.check}" if rule.check else ""
    meta += f" · source: {rule.source}" if rule.source else ""
    meta += "" if rule.default else " · off by default"
    c.print(Text(meta, style="dim"))
    c.print(Text(f"pack: {rule.pack}", style="dim"))
    for kind, title in (("flag", "Flags"), ("pass", "Passes")):
        examples = rule.examples.get(kind, [])
        if examples:
            c.print()
            c.print(Text(f"{title}:", style="bold"))
            for ex in examples:
                text = ex["text"] if isinstance(ex, dict) else ex
                c.print(Text("  " + text.strip().replace("\n", "\n  ")))
                if isinstance(ex, dict) and "suggest" in ex:
                    c.print(Text(f"    -> {ex['suggest']!r}", style="green"))
    return 0


def cmd_eval(args: argparse.Namespace) -> int:
    from .eval import evaluate

    config = load_config(args.config)
    auditor = make_auditor(args, config)
    result = evaluate(Path(args.docs), Path(args.labels), auditor)
    if args.json:
        out = dict(result.scores)
        if args.show:
            out["missed"] = result.misses
            out["false_positives"] = result.false_positives
        print(json.dumps(out, ensure_ascii=False))
        return 0
    c = _console()
    s = result.scores
    c.print(
        f"labels {s['labels']}  findings {s['findings']}  precision {s['precision']}  "
        f"detection recall {s['detection_recall']}  category recall {s['category_recall']}  "
        f"correction accuracy {s['correction_accuracy']}"
    )
    table = Table(show_edge=False, pad_edge=False)
    for col in ("category", "labels", "detected", "right category", "corrected"):
        table.add_column(col, justify="right" if col != "category" else "left")
    for name, row in s["by_category"].items():
        table.add_row(name, *(str(row[k]) for k in ("labels", "detected", "categorised", "corrected")))
    c.print(table)
    if args.show:
        c.print(Text("\nmissed:", style="bold"))
        for m in result.misses:
            c.print("  ", repr(m), markup=False)
        c.print(Text("\nfalse positives:", style="bold"))
        for f in result.false_positives:
            c.print("  ", repr(f), markup=False)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return args.func(args)
    except AuditError as exc:
        _stderr(str(exc))
        return 2
    except ValueError as exc:  # bad severity and similar option values
        _stderr(str(exc))
        return 2
    except KeyboardInterrupt:
        _stderr("interrupted")
        return 130
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 1


if __name__ == "__main__":
    sys.exit(main())

"""Scraping chrome that no fixed phrase list catches: lines scored on their features.

The data rules of `rules/boilerplate.yml` flag lines that are certainly chrome
("Leave a Reply", "Source link"). This check does what corpus line filters (C4,
Gopher, datatrove) do with the rest: one regex pass collects the short lines,
the article's first and last paragraph split them into head, body and tail,
and each short line is scored on its length, sentence punctuation, case and
chrome vocabulary, with the place in the document deciding how much evidence
is enough. Runs count as well: after a chrome line at the tail every short line
is chrome, Title Case headlines in a list at the tail are other stories, and
five or more chrome-worded bare labels in a row are a menu wherever they stand.
Besides `chrome-line` it emits the position-bound codes `section-label`,
`headline-suffix`, `source-line` and the paragraph-level `disclaimer`.
Vocabularies and cue patterns are rule options in the YAML pack.

Measured on `tests/data/boilerplate/lines.jsonl` (lines of real scraped pages):
precision 0.988, recall 0.520, against 1.000 / 0.085 for the data rules alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..document import Document, line_spans
from ..finding import Finding
from ..matchers import automaton
from . import Check, register

CHROME = "boilerplate.chrome-line"
SOURCE = "boilerplate.source-line"
SECTION = "boilerplate.section-label"
SUFFIX = "boilerplate.headline-suffix"
DISCLAIMER = "boilerplate.disclaimer"

# Site furniture sits at the edges: disclaimers are looked for in the first and last
# characters of a document only (the cue patterns are too many to run over every byte).
EDGE_HEAD, EDGE_TAIL = 3000, 8000
SURE = 1.5  # chrome score at which a line vouches for the bare labels around it (raise to be stricter)
MAX_SHORT = 120  # characters: longer lines are paragraphs, never scored
_NONSPACE = re.compile(r"\S")
_WORD = re.compile(r"[^\W\d_]+(?:['’.&-][^\W\d_]+)*\.?|\d+")
_TERMINAL = re.compile(r"[.!?…。](?:[\"'”’»)\]]*)$")
_BYLINE = re.compile(r"^(?:by|von|par|por|di)\s", re.IGNORECASE)
_SOURCE_LINE = re.compile(r"^(?:source|sources|quelle|fuente|источник)\s*(?::\s*(\S.{0,60}))?$", re.IGNORECASE)
_CALL_TO_ACTION = re.compile(
    r"(?:sign up|signup|subscribe|follow|join|get|download|register|click|tap|stay connected|stay tuned|"
    r"don[’']?t miss|never miss|like us|find us|watch|listen|share|get the app|install|log ?in|sign in)\b",
    re.IGNORECASE,
)
_CREDIT = re.compile(
    r"^\(?(?:additional )?(?:reporting|writing|editing|compiled|translated|produced|photos?|graphics?) by\b"
    r"|^(?:courtesy|photo|image|credit|picture)s?\b"
    r"|contributed (?:to )?(?:this|the) (?:report|story|article)",
    re.IGNORECASE,
)
_SMALL_WORDS = frozenset(
    ["a", "an", "and", "as", "at", "by", "de", "del", "for", "in", "of", "on", "or", "the", "to", "vs", "with", "&"]
)


class Line:
    """One short line: its stripped span and text; word features are computed on demand."""

    __slots__ = ("_words", "end", "flagged", "gap_before", "prose", "start", "sure", "terminal", "text", "zone")

    def __init__(self, start: int, end: int, text: str, gap_before: bool) -> None:
        self.start = start
        self.end = end
        self.text = text
        self.gap_before = gap_before  # a paragraph (long line) lies between this and the previous short line
        self.terminal = _TERMINAL.search(text) is not None
        spaces = text.count(" ")  # a cheap word count decides prose; `words` is exact
        self.prose = (spaces >= 7 and self.terminal) or spaces >= 15
        self.zone = "body"
        self.flagged = False
        self.sure = False  # flagged by a data rule or on strong evidence: may vouch for its neighbours
        self._words: list[str] | None = None

    @property
    def words(self) -> list[str]:
        if self._words is None:
            self._words = _WORD.findall(self.text)
        return self._words


_LABEL_PREFIX = re.compile(r"[^\W\d_][\w ]{0,24}:\s")


_QUOTE_PAIRS = {"“": "”", '"': '"', "‘": "’", "«": "»", "„": "“", "»": "«"}


def _quoted(line: str) -> bool:
    """A line that is one quotation (“Bookmark Link…” in a list of menu items): the article quotes it.

    Page chrome is never printed inside quotation marks.
    """
    close = _QUOTE_PAIRS.get(line[:1])
    return close is not None and len(line) > 2 and line.endswith(close) and line.count(close, 1, -1) == 0


def _wrapped_continuation(text: str, start: int) -> bool:
    """Does the line at `start` go on a hard-wrapped sentence from the line above?

    The line above is long (wrapped near its width), has text, and ends without the
    punctuation that closes a sentence or a label.
    """
    if start == 0 or text[start - 1] != "\n":
        return False
    lo = text.rfind("\n", 0, start - 1) + 1
    above = text[lo : start - 1].rstrip()
    if len(above) < 50 or _LABEL_PREFIX.match(above):
        return False  # short, or itself a label line ("Tags: Germany, budget, climate")
    last = above[-1]
    return last.islower() or last in ",;-–"


def _has_text(text: str, lo: int, hi: int, skip: dict[int, int]) -> bool:
    """Non-blank text between `lo` and `hi` that is not a span already known as chrome."""
    while True:
        m = _NONSPACE.search(text, lo, hi)
        if m is None:
            return False
        end = skip.get(m.start())
        if end is None:
            return True
        lo = end


def short_lines(text: str, known: dict[int, int] | None = None) -> tuple[list[Line], bool]:
    """Short lines in order, and whether a paragraph follows the last of them.

    `known` maps start to end of long spans already flagged as chrome (a disclaimer,
    a comment-form sentence), which do not count as the article's paragraphs.
    """
    skip = known or {}
    lines: list[Line] = []
    prev = 0
    # Line ends come from `str.find` (C speed) and only lines of 1 to MAX_SHORT
    # characters (a `\r` included) are stripped; a regex over every character of
    # the long paragraphs cost four times as much.
    for pos, end in line_spans(text):
        if 0 < end - pos <= MAX_SHORT:
            line = text[pos:end]
            body = line.strip()
            if body:
                start = pos + len(line) - len(line.lstrip())
                lines.append(Line(start, start + len(body), body, _has_text(text, prev, pos, skip)))
                prev = end
    return lines, _has_text(text, prev, len(text), skip)


def assign_zones(lines: list[Line], gap_after: bool) -> None:
    """Head: before the first paragraph; tail: after the last. No paragraph: all body."""
    n = len(lines)
    first = next((i for i, ln in enumerate(lines) if ln.gap_before or ln.prose), None)
    if first is None:
        if gap_after:
            first = n
        else:
            return  # no prose anywhere: nothing to anchor head or tail on
    last_prose = max((i for i, ln in enumerate(lines) if ln.prose), default=-1)
    last_gap = max((i for i, ln in enumerate(lines) if ln.gap_before), default=-1)
    tail_from = n if gap_after else max(last_prose + 1, last_gap)
    for i in range(first):
        lines[i].zone = "head"
    for i in range(max(tail_from, first), n):
        lines[i].zone = "tail"


def is_title(words: list[str]) -> bool:
    """Every significant word capitalised (or all caps): a label, not a sentence."""
    sig = [w for w in words if w.lower() not in _SMALL_WORDS]
    return bool(sig) and all(w[0].isupper() or w[0].isdigit() for w in sig)


def _teaser(ln: Line) -> bool:
    """A Title Case headline without sentence punctuation: in a list at the tail, other stories."""
    words = ln.words
    return (
        ln.zone == "tail"
        and 4 <= len(words) <= 16
        and not ln.terminal
        and sum(w.isdigit() for w in words) <= 1
        and is_title(words)
    )


class Vocabulary:
    """Chrome vocabulary as weights per lowercased word, from the rule options."""

    def __init__(self, strong: Iterable[str], weak: Iterable[str]) -> None:
        strong = [w.lower() for w in strong]
        self.weights: dict[str, float] = {w.lower(): 1.0 for w in weak}
        self.weights.update(dict.fromkeys(strong, 2.0))
        alternation = "|".join(sorted(map(re.escape, set(strong)), key=len, reverse=True))
        self.strong_re = re.compile(rf"(?<!\w)(?:{alternation})(?!\w)", re.IGNORECASE) if strong else None

    def score(self, words: list[str]) -> tuple[float, int]:
        """(total weight, number of chrome words)."""
        total = 0.0
        hits = 0
        get = self.weights.get
        for w in words:
            weight = get(w.lower().rstrip("."))
            if weight:
                total += weight
                hits += 1
        return total, hits


@register("boilerplate")
class Boilerplate(Check):
    """Line-feature scoring of short lines plus head/tail/paragraph position rules."""

    order = 60

    def __init__(self, rules: dict[str, Any], resources: Any) -> None:
        super().__init__(rules, resources)
        self.vocab = Vocabulary(self.option(CHROME, "strong", []), self.option(CHROME, "weak", []))
        self.sections = {s.lower() for s in self.option(SECTION, "sections", [])}
        self.site_words = {s.lower() for s in self.option(SUFFIX, "site_words", [])}
        self.suffix_sections = {s.lower() for s in self.option(SUFFIX, "sections", [])} | self.sections
        cues = self.option(DISCLAIMER, "cues", {})
        # Every disclaimer disclaims: lines without a liability, advice or label anchor
        # (plain substrings, searched fast) never meet the cue patterns.
        self.anchors = tuple(a.lower() for a in self.option(DISCLAIMER, "anchors", []))
        # All anchors in one Aho-Corasick automaton: one pass per window finds them all.
        self.anchor_automaton = automaton({anchor: len(anchor) for anchor in self.anchors})
        self.cue_re = (
            re.compile(
                "|".join(f"(?P<{kind}>{'|'.join(pats)})" for kind, pats in cues.items() if pats),
                re.IGNORECASE | re.MULTILINE,
            )
            if cues
            else None
        )

    # ------------------------------------------------------------------ run
    def run(self, doc: Document, ctx: Any) -> Iterator[Finding]:
        text = doc.text
        disclaimers = list(self._disclaimers(doc)) if self.cue_re is not None and self.enabled(DISCLAIMER) else []
        yield from disclaimers
        # Spans the data rules (or the disclaimer pass) already flagged are chrome: they
        # neither count as the article's prose for the zones nor get a second finding.
        known = {f.start: f.end for f in ctx.findings if f.category == "boilerplate"}
        known.update((f.start, f.end) for f in disclaimers)
        lines, gap_after = short_lines(text, known)
        if not lines:
            return
        for ln in lines:
            if ln.start in known:
                ln.flagged = ln.sure = True
                ln.prose = False
        assign_zones(lines, gap_after)
        if self.enabled(SUFFIX):
            yield from self._headline_suffix(doc, lines)
        if self.enabled(SECTION):
            yield from self._section_label(doc, lines)
        emitted: set[int] = set()
        if self.enabled(SOURCE):
            for i, f in self._source_lines(doc, lines):
                emitted.add(i)
                yield f
        if self.enabled(CHROME):
            yield from self._chrome(doc, lines, emitted)

    # ------------------------------------------------------- chrome lines
    def _chrome_score(self, ln: Line) -> float:
        """Evidence that a short line is chrome; the threshold depends on the zone.

        Density of chrome vocabulary is the main signal (captions of buttons and
        widgets are mostly chrome words); a call to action at the start, Title Case
        and shortness add to it, sentence punctuation takes away.
        """
        words = ln.words
        n = len(words)
        if n == 0 or ln.prose or n > 12 or _BYLINE.match(ln.text) or _CREDIT.search(ln.text):
            return 0.0
        weight, hits = self.vocab.score(words)
        if "©" in ln.text:
            weight += 2.0
            hits += 1
        if not hits:
            return 0.0
        score = weight / max(n, 2) * 2
        cta = _CALL_TO_ACTION.match(ln.text) is not None
        if cta:
            score += 1.0 if n <= 6 else 0.25
        if ln.terminal and not ln.text.endswith((":", "…", "...")) and not (cta and ln.text.endswith("!")):
            score -= 1.0
        if is_title(words) or ln.text.isupper():
            score += 0.5
        if n <= 4:
            score += 0.5
        return score

    def _chrome(self, doc: Document, lines: list[Line], emitted: set[int]) -> Iterator[Finding]:
        threshold = {"head": 1.5, "tail": 1.5, "body": 3.0}
        strong = self.vocab.strong_re
        picked: list[tuple[int, float, str]] = []
        text = doc.text
        for i, ln in enumerate(lines):
            if ln.flagged or i in emitted or ln.prose or _quoted(ln.text):
                continue
            if self._menu_bar(ln):
                ln.flagged = ln.sure = True
                picked.append((i, 0.85, "menu bar"))
                continue
            if ln.zone == "body" and (strong is None or strong.search(ln.text) is None):
                continue  # in the body only a strong chrome word can reach the threshold
            if _wrapped_continuation(text, ln.start):
                continue  # the last line of a hard-wrapped paragraph: "about the benefits here:"
            if self._heading(lines, i):
                continue
            score = self._chrome_score(ln)
            if score >= threshold[ln.zone]:
                ln.flagged = True
                ln.sure = score >= SURE
                picked.append((i, min(0.95, 0.55 + score / 10), "vocabulary"))
        # Position: the rest of the head and tail zones, with what is already flagged known.
        # Only sure chrome vouches for a zone: one weak vocabulary hit must not cascade.
        head_chrome = any(x.sure for x in lines if x.zone == "head")
        tail_chrome = any(x.sure for x in lines if x.zone == "tail")
        after_chrome = False
        for i, ln in enumerate(lines):
            if ln.zone == "body":
                continue
            if ln.flagged:
                after_chrome = after_chrome or (ln.sure and ln.zone == "tail")
                continue
            if i in emitted or ln.prose or _BYLINE.match(ln.text) or self._heading(lines, i) or _quoted(ln.text):
                continue
            if _wrapped_continuation(text, ln.start):
                continue
            n = len(ln.words)
            if n > 12 or not n:
                continue
            prev_flag = i > 0 and lines[i - 1].flagged and not ln.gap_before
            next_flag = i + 1 < len(lines) and lines[i + 1].flagged and not lines[i + 1].gap_before
            if ln.zone == "tail":
                # Once the tail is known to hold chrome, its bare labels, every short line
                # after a chrome line and Title Case headlines in a list (other stories)
                # are chrome too. Credits ("Reporting by ...") and a tail without any
                # chrome (ingredients, a sign-off, an address, a list of works) stay.
                if _CREDIT.search(ln.text):
                    continue
                teaser = _teaser(ln) and (
                    (i > 0 and not ln.gap_before and (lines[i - 1].flagged or _teaser(lines[i - 1])))
                    or (i + 1 < len(lines) and not lines[i + 1].gap_before and _teaser(lines[i + 1]))
                )
                label = n <= 3 and not ln.terminal and not ln.text.endswith(",")
                hit = (tail_chrome and (label or after_chrome or teaser)) or (prev_flag and next_flag)
            else:
                # Before the first paragraph the headline lives: only bare one-or-two-word
                # labels once the head is known to hold chrome (menus are found below).
                hit = (prev_flag and next_flag) or (head_chrome and n <= 2 and not ln.terminal)
            if hit:
                picked.append((i, 0.6, "position"))
        for zone, size, bare in (("head", 3, 6), ("body", 5, 0), ("tail", 4, 8)):
            picked.extend((i, 0.6, "menu") for i in self._menus(lines, emitted, zone, size, bare))
        for i, confidence, why in sorted({p[0]: p for p in reversed(picked)}.values()):
            ln = lines[i]
            yield self.finding(
                doc,
                CHROME,
                ln.start,
                ln.end,
                confidence=confidence,
                message=f"Line looks like page chrome, not article text ({why})",
            )

    def _heading(self, lines: list[Line], i: int) -> bool:
        """A heading of the article, not chrome: a Title Case line between two paragraphs whose
        only chrome word is its opening verb ("Share Your Media" above a section of a guide), or
        a label with a colon over a list of links ("Sources:")."""
        ln = lines[i]
        nxt = lines[i + 1] if i + 1 < len(lines) else None
        if ln.text.endswith(":"):
            return nxt is not None and not nxt.gap_before and nxt.text.startswith(("http://", "https://", "www."))
        strong = self.vocab.strong_re
        if ln.zone != "body" or strong is None or len(ln.words) < 3 or not ln.gap_before:
            return False
        if nxt is None or not nxt.gap_before or not is_title(ln.words):
            return False
        m = strong.search(ln.text)
        return m is not None and m.start() == 0 and strong.search(ln.text, m.end()) is None

    def _menu_bar(self, ln: Line) -> bool:
        """A menu printed as one line: three or more short items cut by bars ("Results | Live |
        Photo gallery"), none a sentence, one of them chrome-worded. A table row has figures
        ("Revenue | 2019 | 2020"); prose seldom holds two bars."""
        text = ln.text
        if text.count("|") < 2 or text.startswith("|") or text.endswith("|"):
            return False
        items = [item.strip() for item in text.split("|")]
        if len(items) < 3 or any(not item or item[-1] in ".!?;," for item in items):
            return False
        words = [_WORD.findall(item) for item in items]
        if any(not 1 <= len(w) <= 6 for w in words[:-1]) or not 1 <= len(words[-1]) <= 10:
            return False
        if sum(1 for w in words if any(x.isdigit() for x in w)) * 2 > len(items):
            return False  # mostly figures: a table row
        return sum(1 for w in words if self.vocab.score(w)[1]) >= 1

    def _menus(self, lines: list[Line], emitted: set[int], zone: str, size: int, bare: int) -> list[int]:
        """Runs of `size` or more adjacent bare labels in `zone`, chrome-worded.

        A menu or tag cloud above, between or under the article's paragraphs; a
        list in an article (countries, ingredients, lyrics, names) rarely has that
        many one-to-three-word items without figures of which two in five are
        chrome words. Outside the body a run of `bare` labels needs no chrome word.
        """
        out: list[int] = []
        run: list[int] = []

        def close() -> None:
            if len(run) >= size:
                worded = sum(1 for j in run if lines[j].flagged or self.vocab.score(lines[j].words)[1])
                if worded * 5 >= len(run) * 2 or (bare and len(run) >= bare):
                    out.extend(j for j in run if not lines[j].flagged and j not in emitted)
            run.clear()

        for i, ln in enumerate(lines):
            is_label = (
                ln.zone == zone
                and 0 < len(ln.words) <= 3
                and not ln.terminal
                and not ln.text.endswith((",", ":"))
                and not any(w.isdigit() for w in ln.words)
            )
            if not is_label or (run and ln.gap_before):
                close()
            if is_label:
                run.append(i)
        close()
        return out

    # ------------------------------------------------------ source trailer
    def _source_lines(self, doc: Document, lines: list[Line]) -> Iterator[tuple[int, Finding]]:
        for i, ln in enumerate(lines):
            if ln.zone != "tail" or ln.flagged:
                continue
            m = _SOURCE_LINE.match(ln.text)
            if not m or ln.terminal or len(ln.words) > 8:
                continue
            ln.flagged = ln.sure = True
            yield i, self.finding(doc, SOURCE, ln.start, ln.end)
            nxt = i + 1
            if m.group(1) is None and nxt < len(lines) and not lines[nxt].gap_before:
                name = lines[nxt]
                if name.zone == "tail" and 0 < len(name.words) <= 5 and not name.terminal and not name.flagged:
                    name.flagged = name.sure = True
                    yield nxt, self.finding(doc, SOURCE, name.start, name.end, message="Source name of a trailer")

    # ------------------------------------------------------ head of the doc
    def _first_lines(self, lines: list[Line], k: int) -> list[int]:
        """Indexes of the first `k` non-blank lines if they are short (head of the document)."""
        out = []
        for i, ln in enumerate(lines[:k]):
            if ln.gap_before:
                break
            out.append(i)
        return out

    def _section_label(self, doc: Document, lines: list[Line]) -> Iterator[Finding]:
        head = self._first_lines(lines, 2)
        if not head:
            return
        ln = lines[0]
        words = ln.words
        if ln.flagged or not 1 <= len(words) <= 4 or ln.terminal or not is_title(words) or _CREDIT.search(ln.text):
            return
        last = words[-1].lower()
        if last not in self.sections and ln.text.lower() not in self.sections:
            return
        # The real headline (or the article) must follow: a label stands above something.
        nxt = lines[1] if len(lines) > 1 and not lines[1].gap_before else None
        if nxt is not None and len(nxt.words) < 4:
            return
        if nxt is None and _NONSPACE.search(doc.text, ln.end) is None:
            return
        ln.flagged = ln.sure = True
        yield self.finding(doc, SECTION, ln.start, ln.end)

    _SEPARATOR = re.compile(r"[^\S\n]+(\||[-–—])[^\S\n]+")
    _DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")

    def _suffix_segment(self, segment: str, bar: bool) -> tuple[bool, bool]:
        """(acceptable as a site/section/date segment, names a known site or section)."""
        segment = segment.strip()
        if self._DATE.match(segment):
            return bar, False
        words = _WORD.findall(segment)
        if not 1 <= len(words) <= 5 or _TERMINAL.search(segment):
            return False, False
        domain = re.search(r"\w\.(?:com|org|net|co|io|de|fr|ru|uk|info|news)\b", segment, re.IGNORECASE) is not None
        known = domain or bool({w.lower().rstrip(".") for w in words} & (self.site_words | self.suffix_sections))
        if not (is_title(words) or domain):
            return False, False
        return (known or (bar and len(words) <= 3)), known

    def _headline_suffix(self, doc: Document, lines: list[Line]) -> Iterator[Finding]:
        """ " | Section", " - Site News", " | DW | 07.12.2021" after the headline."""
        for i in self._first_lines(lines, 2):
            ln = lines[i]
            seps = list(self._SEPARATOR.finditer(ln.text))
            for k, sep in enumerate(seps):
                if len(_WORD.findall(ln.text[: sep.start()])) < 4:
                    continue
                chain = seps[k:]
                if len(chain) > 3:
                    continue
                ends = [x.start() for x in chain[1:]] + [len(ln.text)]
                verdicts = [
                    self._suffix_segment(ln.text[x.end() : e], x.group(1) == "|")
                    for x, e in zip(chain, ends, strict=True)
                ]
                bars = all(x.group(1) == "|" for x in chain)
                if all(ok for ok, _ in verdicts) and (bars or any(known for _, known in verdicts)):
                    yield self.finding(doc, SUFFIX, ln.start + sep.start(), ln.end)
                    return
                break  # only the first separator after a real headline can start the suffix

    # ---------------------------------------------------------- disclaimers
    def _disclaimers(self, doc: Document) -> Iterator[Finding]:
        """Paragraphs that speak of the site or its data and disclaim liability or advice."""
        text = doc.text
        kinds: dict[tuple[int, int], set[str]] = {}
        n = len(text)
        windows = [(0, n)] if n <= EDGE_HEAD + EDGE_TAIL else [(0, EDGE_HEAD), (n - EDGE_TAIL, n)]
        for bounds in _anchor_lines(doc, windows, self.anchor_automaton):
            for m in self.cue_re.finditer(text, *bounds):
                kinds.setdefault(bounds, set()).add(m.lastgroup)
        flagged = []
        for bounds, found in sorted(kinds.items()):
            strong = "label" in found and len(found) >= 2
            if strong or ("site" in found and len(found & {"liability", "advice"}) >= 1):
                flagged.append(bounds)
        if not flagged:
            return
        # A neighbouring paragraph with a liability or advice cue belongs to the same disclaimer.
        paragraphs = sorted(kinds)
        chosen = set(flagged)
        for bounds in paragraphs:
            if bounds in chosen or not (kinds[bounds] & {"liability", "advice", "label"}):
                continue
            if any(_adjacent(text, bounds, other) for other in flagged):
                chosen.add(bounds)
        for start, end in sorted(chosen):
            yield self.finding(doc, DISCLAIMER, start, end)


def _anchor_lines(doc: Document, windows: list[tuple[int, int]], anchors) -> list[tuple[int, int]]:
    """Lines (start, end) of the windows that hold a disclaimer anchor word.

    Every disclaimer disclaims, so a line without a liability, advice or label word
    is never run through the cue patterns; one automaton pass (`anchors`) over the
    lowered window finds the few lines that hold one.
    """
    found: set[tuple[int, int]] = set()
    if anchors is None:
        return []
    text = doc.text
    for lo, hi in windows:
        low = doc.lowered if (lo, hi) == (0, len(text)) else text[lo:hi].lower()
        if len(low) != hi - lo:  # a letter changed length when lowered: check the whole window
            found.update({doc.line_bounds(pos) for pos in range(lo, hi) if pos == lo or text[pos - 1] == "\n"})
            continue
        for last, size in anchors.iter(low):
            found.add(doc.line_bounds(lo + last - size + 1))
    return sorted(found)


def _adjacent(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Two lines with only blank lines between them."""
    lo, hi = (a, b) if a[0] < b[0] else (b, a)
    return not text[lo[1] : hi[0]].strip()

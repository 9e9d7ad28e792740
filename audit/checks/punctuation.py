"""punctuation: broken quotes and joins that scraping and machine translation leave.

Each defect has a shape a regex can find: a quote mark glued between two words
("action“To"), a quote that opens nothing before the line ends ("sad”. “."), an
opening quote never closed in its paragraph ("US’ ‘deep concerns") or closed by
the wrong mark, a hyphen standing for a dash before a function word ("line-the"),
a hyphen joining a month and a day ("January-24"), a line holding a lone full
stop, a sentence end with no space after it ("end.The"), a space before a comma
or full stop, a doubled mark, spaces inside curly quotes, a split possessive.

Speed: the full patterns would make a slow alternation, so the scan runs on
triggers instead: two regexes that each start with a one-character class (quote
marks; hyphen, full stop, ! ? and newline) and three for two-character pairs,
all on the engine's fast path. A hit is matched by its full pattern within its
line, and Python then tells an opening from a closing quote by the quotes before
it, and leaves abbreviations, domains, code identifiers, compounds, elisions,
non-English quote habits and hard-wrapped paragraphs alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..document import Document
from ..finding import Finding
from ..language import opening_is_english
from . import Check, register

GLUED = "punct.glued-quote"
ORPHAN = "punct.orphan-quote"
UNCLOSED = "punct.unclosed-quote"
MISMATCHED = "punct.mismatched-quote"
HYPHEN = "punct.hyphen-dash"
DATE = "punct.hyphen-date"
LONE = "punct.lone-mark"
SPACE = "punct.missing-space"
SPACE_BEFORE = "punct.space-before"
DOUBLED = "punct.doubled-mark"
QUOTE_SPACE = "punct.quote-space"
POSSESSIVE = "punct.split-possessive"
GUILLEMETS = "punct.guillemets"
FOREIGN_QUOTES = "punct.foreign-quotes"
FULLWIDTH = "punct.fullwidth"
# Full-width marks of Chinese and Japanese -> the ASCII mark English takes.
_FULLWIDTH = {"。": ".", "，": ",", "！": "!", "？": "?", "：": ":", "；": ";", "、": ","}
# The quotation marks of German, Polish, Czech („…“) and of Chinese and Japanese (「…」,
# 『…』), opening mark -> the marks that close it there.
_FOREIGN_QUOTES = {"„": "“”", "「": "」", "『": "』"}
_FW = re.escape("".join(_FULLWIDTH))  # the full-width marks, as the patterns below take them
EMPTY = "punct.empty-quotes"
REVERSED = "punct.reversed-quote"
SEMICOLON = "punct.semicolon-quote"
DASH_SPACE = "punct.dash-space"

_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_L = r"[^\W\d_]"  # a letter of any script
_WRONG_CLOSER = re.compile(r"[\w.,!?](’)[ \t]*\r?$")  # “...work.’ : a single mark closing a double quote
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
_SENTENCE_GOES_ON = re.compile(r"[.!?][ \t]+\S")
_LATIN = r"[A-Za-z\u00C0-\u024F]"  # quote habits below are those of Latin-script text
_WORD = re.compile(rf"{_L}+")
_NON_BLANK = re.compile(r"\S")
_SINGLE_CLOSER = re.compile(rf"[\w.,;:!?”\")/@*\]\-+]’(?!{_L})")
_DOUBLE_CLOSER = re.compile(rf"[\w.,!?]“(?={_L}|\s|$|[,.;:!?)])")

_PATTERNS = {
    # action“To, said”The, word"word: a double quote between two letters
    "glued": rf"(?<!{_LATIN})({_LATIN}+)([“”\"])({_LATIN}+)",
    # sad”. “.  /  he said “   : an opening quote with nothing after it on its line
    "orphan": r"[ \t]+[“‘][ \t]*([.,;:!?]*)[ \t]*$",
    # ‘deep concerns ... (never closed): an opening quote at a word start
    "opener": rf"(?<![\w’'‘“])[“‘](?={_L})",
    # line-the: word, hyphen, a function word that never ends a compound
    "hyphen": r"(?<![\w-])([A-Za-z]{3,})-({fn})(?![\w-])",
    # January-24 / 24-January
    "date": rf"(?<![\w-])(?:({_MONTHS})-(\d{{1,2}})|(\d{{1,2}})-({_MONTHS}))(?![\w-])",
    # a line that is only a full stop (or comma, colon, semicolon, lone quote)
    "lone": r"^[ \t]*[.,;:“”\"][ \t]*(?:\r?\n|\Z)",
    # end.The  /  said.”The : sentence end with no space
    "nospace": r"(?<![\w./@:-])([A-Za-z]*[a-z]{2})([.!?][”\"]?)([A-Z][a-z]+)(?![\w(])",
    # “… any longer,”. a spokeswoman : a full stop after a quotation that ends with a comma
    # ("uncle!". keeps its stop: the mark belongs to the quoted words, the stop to the sentence)
    "quotestop": r"(?<=,[”\"])\.(?=\s|\Z)",
    # however,that : a comma glued to the next word (words only: not 1,000, a,b,c or f(x,y))
    "commaspace": r"(?<![\w./@:,-])([A-Za-z]*[a-z]{2})(,)([a-z]{2,})(?![\w(,])",
    # Chevron Corp .  /  objects , then : a space before a comma, semicolon or full stop
    "spacebefore": r"(?:(?<=[A-Za-z])[ \t]+([,;])(?=\s|$)|(?<=[a-z]{2})[ \t]+(\.)(?=[ \t]*$|\s+[A-Z“\"‘(])"
    r"|(?<=[A-Za-z0-9])[ \t]+([!?])(?=[ \t]*$|\s+[A-Z“\"‘(]|[”\"’])"
    # French spacing before a colon inside a sentence: "capable of : doing", "he said : “We"
    r"|(?<=[a-z]{2})[ \t]+(:)(?=[ \t]+(?:[a-z]{2}|[“‘]\w)))",
    # said,, / end.. : a doubled mark (an ellipsis has three)
    "doubled": r"(?<=\w)(,,|;;|(?<=[a-z]{2})\.\.)(?![,;.\w/])",
    # Russia ’s / Putin’ s : a possessive split by a space
    "possessive": r"(?<=[A-Za-z])(?: ([’'])s|([’']) s)(?![\w’'])",
    # “ text” / “text ” : a space inside curly quotes
    "quotespace": r"(?<=“)[ \t]+(?=\w)|(?<=[\w.,!?])[ \t]+(?=”)",
    # « a responsibility » : French guillemets in English text, with their inner spaces
    "guillemet": r"«[ \t\u00a0\u202f]*(?=[^«»\n]{1,600}?»)",
    # „hopes“  「NATO」 : an opening mark of another language, its closing mark on the line
    "foreignquote": "|".join(f"{o}(?=[^{o}{c}\\n]{{1,600}}?[{c}])" for o, c in _FOREIGN_QUOTES.items()),
    # "very fast。 said": a full-width mark after a Latin letter or digit
    "fullwidth": rf"(?<=[A-Za-z0-9”\"’)])[{_FW}]",
    # “ ” : a quotation with nothing in it
    "empty": r"[ \t]*“[ \t]*”",
    # respected“.  geography“, : an opening mark after a word, before a mark: it closes a quotation
    "reversed": r"(?<=[\w.,!?])“(?=[,.;:!?)])",
    # life,"said : a closing quote after a mark, glued to the next word
    "afterquote": rf"([,.!?])([”\"])({_LATIN}{{2,}})",
    # he added; “It : a semicolon introducing a quotation after a reporting verb
    "semiquote": r"\b(?:{verbs})(;)[ \t]+[“\"](?=[A-Z])",
    # climate– burning : a dash glued to the word before and spaced from the word after
    "dashspace": rf"(?<={_LATIN})([–—])[ \t]+(?=[a-z])",
}

_CODE_CHARS = re.compile(r"[(){}\[\]=<>;_/\\|`$#@]")

# Triggers: each starts with the rare character of its defect, so that one alternation
# per leading character class keeps the regex engine's fast scan (an alternation of the
# full patterns above runs 20 times slower). A hit is then matched by its full pattern.
_QUOTE_TRIGGERS = {
    "glued": rf"(?<={_LATIN}[“”\"])(?={_LATIN})",
    "orphan": r"(?<=[ \t][“‘])[ \t]*[.,;:!?]*[ \t]*$",
    # before "opener", which takes the same quote: a semicolon quotation that is not one goes on to it
    "semiquote": r"(?<=[a-z]; [“\"])(?=[A-Z])",
    "opener": rf"(?<![\w’'‘“][“‘])(?<=[“‘])(?={_L})",
    "quotespace": r"(?<=“)[ \t]+(?=\w)|(?<=[\w.,!?][ \t]”)",
    "guillemet": r"(?<=«)",
    "foreignquote": f"(?<=[{''.join(_FOREIGN_QUOTES)}])",
    "empty": r"(?<=“)[ \t]*”",
    "afterquote": r"(?<=[,.!?][”\"])(?=[a-z]{2})",
    "reversed": r"(?<=[\w.,!?]“)(?=[,.;:!?)])",
}
_MARK_TRIGGERS = {
    "hyphen": r"(?<=[A-Za-z]{3}-)(?:{fn})(?![\w-])",
    "date": rf"(?:(?<=[a-z]-)\d{{1,2}}|(?<=\d-)(?:{_MONTHS}))(?![\w-])",
    "lone": r"(?<=\n)[ \t]*[.,;:“”\"][ \t]*(?=\r?\n|\Z)",
    "nospace": r"(?<=[a-z]{2}[.!?])[”\"]?(?=[A-Z][a-z])",
    "commaspace": r"(?=[a-z]{2})(?<=[a-z]{2},)",  # the usual ", " fails at the first test
    "quotestop": r"(?<=,[”\"]\.)(?=\s|\Z)",
    "fullwidth": rf"(?<=[A-Za-z0-9”\"’)][{_FW}])",
    "dashspace": r"(?<=[A-Za-z][–—])[ \t]+(?=[a-z])",
}
# Rarer still: two-character pairs, found by the scan of their mark (below), then
# sorted into their defect by the character before or after it.
_PAIRS = {
    **{c: rf"(?<=[ {re.escape(c)}]{re.escape(c)})" for c in ",;."},  # " ,"  " ."  ",,"  ".."
    **{c: rf"(?<= {re.escape(c)})" for c in "!?:"},  # " !"  " :"
    **{c: rf"(?<= {c})|(?= s)" for c in "’'"},  # " ’s"  "’ s"
}
_QUOTE_LEADS = '“”"‘«' + "".join(_FOREIGN_QUOTES)
_MARK_LEADS = "-.!?\n–—," + "".join(_FULLWIDTH)


def _lead_scanners(triggers: dict[str, dict[str, str]], pairs: bool) -> dict[str, tuple[re.Pattern, str | None]]:
    """One regex per leading character: the character itself, then its triggers.

    A regex that starts with a literal character runs at memory speed (the
    engine looks for that character, as `str.find`), one that starts with a
    class of five or seven at a tenth of that; and a character the text lacks
    (`in`, faster still) costs no scan at all. For each character: the
    alternation of the triggers of its scanner (quotes or marks), in their
    order, then its pair test, named "pair". The scanner it belongs to is kept
    with it, so that the hits of one scanner are merged as one scan found them.
    """
    out: dict[str, tuple[re.Pattern, str | None]] = {}
    for lead in dict.fromkeys(_QUOTE_LEADS + _MARK_LEADS + "".join(_PAIRS)):
        scanner = "quotes" if lead in _QUOTE_LEADS else "marks" if lead in _MARK_LEADS else None
        branches = [f"(?P<{k}>{p})" for k, p in triggers.get(scanner or "", {}).items()]
        if pairs and lead in _PAIRS:
            branches.append(f"(?P<pair>{_PAIRS[lead]})")
        if branches:
            out[lead] = (re.compile(re.escape(lead) + "(?:" + "|".join(branches) + ")", re.MULTILINE), scanner)
    return out


def _one_scan(found: list[tuple[int, int, str]]) -> list[tuple[int, str]]:
    """Hits of the per-character scans of one scanner as its one regex found them.

    Each character's scan finds a trigger at every occurrence where one
    matches (no trigger's match holds another occurrence of its own lead), so
    the one regex's left-to-right, non-overlapping scan keeps a hit that
    starts where the previous kept one ended or after.
    """
    found.sort()
    out = []
    reach = -1
    for start, end, kind in found:
        if start >= reach:
            out.append((start, kind))
            reach = end
    return out


# quote, hyphen and spacing habits of English; dates, lone and doubled marks, missing spaces are universal
_ENGLISH_ONLY = {
    "glued",
    "orphan",
    "opener",
    "hyphen",
    "spacebefore",
    "quotespace",
    "possessive",
    "guillemet",
    "foreignquote",
    "empty",
    "afterquote",
    "reversed",
    "semiquote",
    "dashspace",
    "commaspace",
    "fullwidth",
}


@register("punctuation")
class Punctuation(Check):
    """Broken quotes, hyphens that stand for a space or dash, stray marks, missing spaces."""

    def __init__(self, rules: dict, resources: Any) -> None:
        super().__init__(rules, resources)
        opts: dict[str, Any] = {}
        for rule in rules.values():
            opts.update(rule.options)
        words = lambda key: set(str(opts.get(key, "")).split())  # noqa: E731
        self.joiners = words("hyphen_function_words")
        self.not_first = {w.lower() for w in words("hyphen_not_first")}
        self.lower_after = {w.lower() for w in words("lowercase_after_closing_quote")}
        self.elisions = {w.lower() for w in words("elisions")}
        self.tlds = {w.lower() for w in words("domain_endings")}
        fn = "|".join(sorted(self.joiners, key=len, reverse=True)) or "the"
        verbs = "|".join(sorted(words("reporting_verbs"), key=len, reverse=True)) or "said"
        wanted = {
            "glued": GLUED,
            "orphan": ORPHAN,
            "opener": UNCLOSED if UNCLOSED in rules else MISMATCHED,
            "hyphen": HYPHEN,
            "date": DATE,
            "lone": LONE,
            "nospace": SPACE,
            "commaspace": SPACE,
            "quotestop": DOUBLED,
            "fullwidth": FULLWIDTH,
            "spacebefore": SPACE_BEFORE,
            "doubled": DOUBLED,
            "quotespace": QUOTE_SPACE,
            "possessive": POSSESSIVE,
            "guillemet": GUILLEMETS,
            "foreignquote": FOREIGN_QUOTES,
            "empty": EMPTY,
            "afterquote": GLUED,
            "reversed": REVERSED,
            "semiquote": SEMICOLON,
            "dashspace": DASH_SPACE,
        }
        chosen = [name for name, code in wanted.items() if code in rules]
        self.own = {
            name: re.compile(_PATTERNS[name].replace("{fn}", fn).replace("{verbs}", verbs), re.MULTILINE)
            for name in chosen
        }
        quotes = {k: v for k, v in _QUOTE_TRIGGERS.items() if k in chosen}
        marks = {k: v.replace("{fn}", fn) for k, v in _MARK_TRIGGERS.items() if k in chosen}
        self.dash = "—"
        self._wrap_doc: Document | None = None
        self._wrap = False
        self.pairs = {k for k in ("spacebefore", "doubled", "possessive") if k in chosen}
        self.scanners = _lead_scanners({"quotes": quotes, "marks": marks}, bool(self.pairs))

    def run(self, doc: Document, ctx: Any) -> Iterable[Finding]:
        if not self.scanners and not self.pairs:
            return []
        found = list(self._scan(doc, ctx))
        found.sort(key=lambda f: f.start)
        return found

    def _scan(self, doc: Document, ctx: Any) -> Iterator[Finding]:
        text = doc.text
        english: bool | None = None
        hits = self._hits(text)
        if "lone" in self.own and self.own["lone"].match(text, 0):
            hits.append((-1, "lone"))  # a lone mark on the first line has no newline before it
        for p, kind in hits:
            if kind in _ENGLISH_ONLY:
                if english is None:
                    english = opening_is_english(text, ctx)
                if not english:
                    continue
            own = self._full(text, p, kind)
            f = getattr(self, "_" + kind)(doc, own) if own else None
            if f is None and kind == "semiquote" and "opener" in self.own:
                own = self._full(text, p, "opener")
                f = self._opener(doc, own) if own else None
            if isinstance(f, list):
                yield from f
            elif f is not None:
                yield f

    def _hits(self, text: str) -> list[tuple[int, str]]:
        """(position, kind) of every trigger: quotes, then marks, then the pairs, each in text order.

        The order is that of the one scanner per kind this replaces (its
        findings are sorted stably by start, so the order of equal starts
        stays the same).
        """
        found: dict[str | None, list[tuple[int, int, str]]] = {"quotes": [], "marks": []}
        space_mark: list[tuple[int, str]] = []  # " ,"  " ’": the pair starts at the space
        doubled: list[tuple[int, str]] = []
        mark_space_s: list[tuple[int, str]] = []
        wanted = self.pairs
        for lead, (scan, scanner) in self.scanners.items():
            if lead not in text:
                continue
            for m in scan.finditer(text):
                kind = m.lastgroup
                if kind != "pair":
                    found[scanner].append((m.start(), m.end(), kind))  # type: ignore[arg-type]
                    continue
                p = m.start()
                if text[p - 1 : p] == " ":
                    spaced = "possessive" if lead in "’'" else "spacebefore"
                    if spaced in wanted:
                        space_mark.append((p - 1, spaced))
                elif lead in ",;." and "doubled" in wanted:
                    doubled.append((p - 1, "doubled"))
                if lead in "’'" and "possessive" in wanted and text.startswith(" s", p + 1):
                    mark_space_s.append((p, "possessive"))
        hits = _one_scan(found["quotes"]) + _one_scan(found["marks"])
        return hits + sorted(space_mark) + sorted(doubled) + sorted(mark_space_s)

    def _full(self, text: str, p: int, kind: str) -> re.Match | None:
        """The full match of `kind` around the trigger at p, searched within p's line."""
        if kind == "lone":
            p += 1  # the trigger is the newline before the line
        # Both searches bounded, so that a megabyte-long line with many triggers stays linear.
        lo = max(text.rfind("\n", max(0, p - 80), p) + 1, p - 80, 0)
        nl = text.find("\n", p, p + 2000)
        hi = min(len(text), p + 2000) if nl == -1 else nl + 1
        if kind == "spacebefore":
            lo = max(lo, p - 8)  # its trigger is the space before the mark: the match starts there
        for m in self.own[kind].finditer(text, lo, hi):
            if m.start() <= p + 1 and p <= m.end():  # a trigger sits on or just before its match
                return m
            if m.start() > p + 1:
                break
        return None

    # --- quotes ---------------------------------------------------------
    def _wrapped(self, doc: Document) -> bool:
        if self._wrap_doc is not doc:
            self._wrap_doc, self._wrap = doc, _hard_wrapped(doc.text)
        return self._wrap

    def _glued(self, doc: Document, m: re.Match) -> Finding | None:
        text = doc.text
        left, quote, right = m.group(1, 2, 3)
        if len(right) < 2:
            return None  # "ExceptionGroup"s, ”s: a plural or an apostrophe typed as a quote
        s = m.start()
        line_start = text.rfind("\n", 0, s) + 1
        before = text[line_start : m.start(2)]
        # closing when a quotation is open before it on the line, whatever way the mark faces
        closing = before.count('"') % 2 == 1 if quote == '"' else before.count("“") > before.count("”")
        if closing:
            close = "”" if quote in "“”" else '"'
            nxt = right[0].lower() + right[1:] if right.lower() in self.lower_after else right
            fix = f"{left}{close} {nxt}"
        else:
            opening = "“" if quote in "“”" else '"'
            fix = f"{left} {opening}{right}"
        return self.finding(doc, GLUED, s, m.end(), suggestions=[fix])

    def _orphan(self, doc: Document, m: re.Match) -> Finding | None:
        text = doc.text
        s, e = m.span()
        marks = m.group(1)
        if not marks and self._wrapped(doc) and text[e : e + 2].strip():
            return None  # wrapped text: the quotation goes on on the next line
        prev = text[max(0, s - 2) : s]
        ended = prev[-1:] in ".!?" or (prev[-1:] in '”’"' and prev[:1] in ".!?")
        fix = "" if ended or not marks else marks[:1]
        return self.finding(doc, ORPHAN, s, e, suggestions=[fix])

    def _opener(self, doc: Document, m: re.Match) -> Finding | None:
        text = doc.text
        s = m.start()
        quote = text[s]
        word = _WORD.match(text, s + 1, s + 40)
        if word and word.group().lower() in self.elisions:
            return None  # ‘em, ‘til: an apostrophe typed as an opening quote
        if self._closed(quote, text[s + 1 : _paragraph_end(text, s, False)]):
            return None  # closed on its line: closed in its paragraph, wrapped or not
        para_end = _paragraph_end(text, s, self._wrapped(doc))
        rest = text[s + 1 : para_end]
        if self._closed(quote, rest):
            return None
        if quote != "‘":
            nxt = _NON_BLANK.search(text, para_end)
            if nxt and nxt.group() == "“":
                return None  # a quotation running over paragraphs reopens each one
            wrong = _WRONG_CLOSER.search(rest)
            if wrong and "‘" not in rest:
                at = s + 1 + wrong.start(1)
                if MISMATCHED not in self.rules:
                    return None
                return self.finding(doc, MISMATCHED, at, at + 1, suggestions=["”"])
            if _SENTENCE_GOES_ON.search(rest):
                return None  # a quotation of several sentences: where it ends is anyone's guess
        if UNCLOSED not in self.rules:
            return None
        end = word.end() if word else s + 1  # the word is matched in place, not in a slice
        return self.finding(doc, UNCLOSED, s, end, suggestions=[text[s + 1 : end]])

    @staticmethod
    def _closed(quote: str, rest: str) -> bool:
        """Is the quotation `quote` opens closed in `rest`, the text after it?

        The line is searched before the paragraph: a closer on the line is one
        in the paragraph (the line starts it), and most quotations close there,
        so the paragraph and the hard-wrap test are seldom needed.
        """
        if quote == "‘":
            # closed by ’ after a letter and before a non-letter, or by a double closer that ends both
            return _SINGLE_CLOSER.search(rest) is not None
        return "”" in rest or '"' in rest or _DOUBLE_CLOSER.search(rest) is not None

    # --- hyphens --------------------------------------------------------
    def _hyphen(self, doc: Document, m: re.Match) -> Finding | None:
        first, second = m.group(1, 2)
        if first.lower() in self.not_first:
            return None
        return self.finding(doc, HYPHEN, m.start(), m.end(), suggestions=[f"{first} — {second}"])

    def _date(self, doc: Document, m: re.Match) -> Finding | None:
        month, day, day2, month2 = m.group(1, 2, 3, 4)
        fix = f"{month} {day}" if month else f"{day2} {month2}"
        return self.finding(doc, DATE, m.start(), m.end(), suggestions=[fix])

    # --- stray marks and spaces ----------------------------------------
    def _lone(self, doc: Document, m: re.Match) -> Finding | None:
        s, e = m.span()
        if s == e:
            return None
        if e == len(doc.text) and not doc.text.endswith("\n") and s > 0:
            s -= 1  # the last line: take the newline before it instead
        return self.finding(doc, LONE, s, e, suggestions=[""])

    def _nospace(self, doc: Document, m: re.Match) -> Finding | None:
        text = doc.text
        left, mark, right = m.group(1, 2, 3)
        after = text[m.end() : m.end() + 1]
        before = text[m.start() - 1 : m.start()] if m.start() else ""
        if (after and after in "./@\"'`()[]<>_") or (before and before in "\"'`(<["):
            return None  # a domain, path or identifier: Example.Com/..., "typing.Generic", cmd.Cmd()
        if left.lower() == right.lower():
            return None  # decimal.Decimal: a module and its class
        if right.lower() in self.tlds or left.lower() in ("www", "http", "https"):
            return None
        return self.finding(doc, SPACE, m.start(), m.end(), suggestions=[f"{left}{mark} {right}"])

    def _quotestop(self, doc: Document, m: re.Match) -> Finding | None:
        """`,”.`: the comma closing the quotation and a full stop after it; the stop goes."""
        message = "Full stop after a quotation closed with a comma"
        return self.finding(doc, DOUBLED, m.start(), m.end(), suggestions=[""], message=message)

    def _fullwidth(self, doc: Document, m: re.Match) -> Finding | None:
        """A Chinese or Japanese full-width mark in English text: its ASCII mark, a space before a word."""
        mark = _FULLWIDTH[m.group()]
        nxt = doc.text[m.end() : m.end() + 1]
        return self.finding(doc, FULLWIDTH, m.start(), m.end(), suggestions=[mark + " " if nxt.isalnum() else mark])

    def _commaspace(self, doc: Document, m: re.Match) -> Finding | None:
        """A comma glued to the next word, between two common English words of prose."""
        text = doc.text
        left, right = m.group(1), m.group(3)
        lo, hi = doc.line_bounds(m.start())
        if _CODE_CHARS.search(text, lo, hi):
            return None  # a code listing, a formula, a path: "f(x,y)", "a=b,c"
        if min(self.resources.zipf(left.lower()), self.resources.zipf(right)) < 3.0:
            return None  # an identifier, tag or name list: "python,rust", "lat,lng"
        return self.finding(
            doc,
            SPACE,
            m.start(),
            m.end(),
            suggestions=[f"{left}, {right}"],
            message="No space after a comma",
        )

    def _spacebefore(self, doc: Document, m: re.Match) -> Finding | None:
        text = doc.text
        if "/" in text[max(0, m.start() - 30) : m.start()].rsplit(" ", 1)[-1]:
            return None  # the end of a URL or path
        mark = m.group(1) or m.group(2) or m.group(3) or m.group(4)
        if mark == ":":
            lo, hi = doc.line_bounds(m.start())
            lo, hi = max(lo, m.start() - 300), min(hi, m.end() + 300)  # linear on a megabyte-long line
            line = text[lo:hi]
            if _CODE_CHARS.search(line) or "?" in text[lo : m.start()] or "//" in line or "::" in line:
                return None  # code: "a ? b : c", "class MyObject : public", "// Prints: 2 bytes : ab"
        return self.finding(doc, SPACE_BEFORE, m.start(), m.end(), suggestions=[mark])

    def _doubled(self, doc: Document, m: re.Match) -> Finding | None:
        return self.finding(doc, DOUBLED, m.start(), m.end(), suggestions=[m.group(1)[0]])

    def _possessive(self, doc: Document, m: re.Match) -> Finding | None:
        mark = m.group(1) or m.group(2)
        return self.finding(doc, POSSESSIVE, m.start(), m.end(), suggestions=[mark + "s"])

    def _quotespace(self, doc: Document, m: re.Match) -> Finding | None:
        text = doc.text
        q = m.start() - 1
        if text[q] == "“" and q > 0 and text[q - 1] in ".,!?" and REVERSED in self.rules:
            before = text[text.rfind("\n", 0, q) + 1 : q]
            if before.count("“") > before.count("”"):
                # “We will not stop,“ a spokeswoman said: an opening mark closing the quotation
                return self.finding(doc, REVERSED, q, q + 1, suggestions=["”"])
        return self.finding(doc, QUOTE_SPACE, m.start(), m.end(), suggestions=[""])

    def _reversed(self, doc: Document, m: re.Match) -> Finding | None:
        """“contracts will be respected“. : an opening mark closing the quotation its line opened."""
        text = doc.text
        q = m.start()
        before = text[text.rfind("\n", 0, q) + 1 : q]
        if before.count("“") > before.count("”") or before.count('"') % 2:
            return self.finding(doc, REVERSED, q, q + 1, suggestions=["”"])
        return None

    def _guillemet(self, doc: Document, m: re.Match) -> list[Finding]:
        """« text » in English: curly quotes that hug the text; one finding per mark."""
        text = doc.text
        s = m.start()
        close = text.find("»", m.end())
        inner_end = close
        while inner_end > m.end() and text[inner_end - 1] in " \t\u00a0\u202f":
            inner_end -= 1
        return [
            self.finding(doc, GUILLEMETS, s, m.end(), suggestions=["“"]),
            self.finding(doc, GUILLEMETS, inner_end, close + 1, suggestions=["”"]),
        ]

    def _foreignquote(self, doc: Document, m: re.Match) -> list[Finding]:
        """„text“ or 「text」 in English: the curly quotes English takes; one finding per mark."""
        text = doc.text
        opening = m.group()
        close = min(p for p in (text.find(c, m.end()) for c in _FOREIGN_QUOTES[opening]) if p != -1)
        return [
            self.finding(doc, FOREIGN_QUOTES, m.start(), m.end(), suggestions=["“"]),
            self.finding(doc, FOREIGN_QUOTES, close, close + 1, suggestions=["”"]),
        ]

    def _empty(self, doc: Document, m: re.Match) -> Finding | None:
        return self.finding(doc, EMPTY, m.start(), m.end(), suggestions=[""])

    def _afterquote(self, doc: Document, m: re.Match) -> Finding | None:
        text = doc.text
        mark, quote, word = m.group(1, 2, 3)
        if quote == '"':
            before = text[text.rfind("\n", 0, m.start()) + 1 : m.start()]
            if before.count('"') % 2 == 0:
                return None  # no quotation open: not a closing quote
        return self.finding(doc, GLUED, m.start(), m.end(), suggestions=[f"{mark}{quote} {word}"])

    def _semiquote(self, doc: Document, m: re.Match) -> Finding | None:
        return self.finding(doc, SEMICOLON, m.start(1), m.end(1), suggestions=[":"])

    def _dashspace(self, doc: Document, m: re.Match) -> Finding | None:
        text = doc.text
        dash = "—" if " — " in text or " – " not in text else "–"
        return self.finding(doc, DASH_SPACE, m.start(), m.end(), suggestions=[f" {dash} "])


def _hard_wrapped(text: str) -> bool:
    """Is the text wrapped at a fixed width (paragraphs spread over short lines)?

    Scraped pages put a paragraph on one line; e-mail, plain-text docs and code
    comments wrap it at ~80 columns, and a quotation then runs over line ends.
    """
    lines = [line for line in text[:20000].split("\n") if line.strip()]
    if len(lines) < 8:
        return False
    short = sum(1 for line in lines if len(line) <= 80)
    open_end = sum(1 for line in lines if line.rstrip()[-1:].isalnum())
    return short >= 0.8 * len(lines) and open_end >= 0.4 * len(lines)


def _paragraph_end(text: str, pos: int, wrapped: bool) -> int:
    """End of the paragraph holding pos: the line, or up to a blank line in wrapped text."""
    if wrapped:
        m = _BLANK_LINE.search(text, pos)
        return m.start() if m else len(text)
    nl = text.find("\n", pos)
    return len(text) if nl == -1 else nl

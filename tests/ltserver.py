"""A small HTTP server on loopback that answers like LanguageTool's /v2 API.

It speaks the documented JSON shape of `/v2/check` and `/v2/languages`
(https://languagetool.org/http-api/) so that audit's backend is tested through
language-tool-python's real client over real HTTP. Its "grammar" is a handful of
deterministic rules carrying real LanguageTool rule ids, categories and issue
types; offsets are counted in UTF-16 code units, as Java's LanguageTool counts
them. It enforces a maximum text length (HTTP 413, LanguageTool's message),
can delay answers, and records every request and the peak number of requests in
flight, so tests can check chunking, concurrency and caching.

Run it by hand with `python tests/ltserver.py --port 8081`.
"""

from __future__ import annotations

import argparse
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LANGUAGES = [
    {"name": "English", "code": "en", "longCode": "en"},
    {"name": "English (US)", "code": "en", "longCode": "en-US"},
    {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
    {"name": "German (Germany)", "code": "de", "longCode": "de-DE"},
    {"name": "French", "code": "fr", "longCode": "fr"},
]
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

# Words the server's "dictionary" does not know, with its suggestions. Proper
# names are among them, as they are for the real LanguageTool.
UNKNOWN = {
    "recieve": ["receive"],
    "teh": ["the", "ten"],
    "goverment": ["government"],
    "accomodation": ["accommodation"],
    "Zelenskyy": ["Zelensky", "Zelenski"],
    "Kuleba": ["Kule ba", "Kalaba"],
    "Blinken": ["Blink en", "Blinked"],
    "Biden": ["Bidden", "Widen"],
    "Vance": ["Vane", "Dance"],
    "Recieve": ["Receive"],
    "Teh": ["The", "Ten"],
}
SPELLER = {
    "id": "MORFOLOGIK_RULE_EN_US",
    "description": "Possible spelling mistake",
    "issueType": "misspelling",
    "category": {"id": "TYPOS", "name": "Possible Typo"},
}
RULES = [
    # (rule, pattern, group to flag, replacement function, message)
    (
        {
            "id": "EN_A_VS_AN",
            "description": "Use of 'a' vs. 'an'",
            "issueType": "misspelling",
            "category": {"id": "MISC", "name": "Miscellaneous"},
        },
        re.compile(r"\b([Aa])\s+(?=[aeiouAEIOU]\w|hour\b)"),
        1,
        lambda s: [s + "n"],
        "Use “an” instead of ‘a’ if the following word starts with a vowel sound.",
    ),
    (
        {
            "id": "COMMA_PARENTHESIS_WHITESPACE",
            "description": "Use of whitespace before comma and before/after parentheses",
            "issueType": "whitespace",
            "category": {"id": "TYPOGRAPHY", "name": "Typography"},
        },
        re.compile(r"( +,)"),
        1,
        lambda s: [","],
        "Don’t put a space before the comma.",
    ),
    (
        {
            "id": "ENGLISH_WORD_REPEAT_RULE",
            "description": "Word repetition (e.g. 'will will')",
            "issueType": "duplication",
            "category": {"id": "MISC", "name": "Miscellaneous"},
        },
        re.compile(r"\b((\w+) \2)\b", re.IGNORECASE),
        1,
        lambda s: [s.split()[0]],
        "Possible typo: you repeated a word.",
    ),
    (
        {
            "id": "DOUBLE_PUNCTUATION",
            "description": "Use of two consecutive dots or commas",
            "issueType": "typographical",
            "category": {"id": "PUNCTUATION", "name": "Punctuation"},
        },
        re.compile(r"(?<!\.)(\.\.)(?!\.)"),
        1,
        lambda s: [".", "…"],
        "Two consecutive dots",
    ),
]


def utf16_offset(text: str, cp: int) -> int:
    """Java's offset of code point `cp`: characters outside the BMP count twice."""
    return cp + len(_ASTRAL.findall(text, 0, cp))


def find_matches(text: str, params: dict[str, str]) -> list[dict]:
    """The server's matches in LanguageTool's JSON shape (UTF-16 offsets)."""
    disabled = set(filter(None, params.get("disabledRules", "").split(",")))
    enabled = set(filter(None, params.get("enabledRules", "").split(",")))
    disabled_cats = set(filter(None, params.get("disabledCategories", "").split(",")))
    only = params.get("enabledOnly") == "true"
    found: list[tuple[int, int, dict, list[str], str]] = []
    for m in re.finditer(r"[^\W\d_]+", text):
        if m.group() in UNKNOWN:
            found.append((m.start(), m.end(), SPELLER, UNKNOWN[m.group()], "Possible spelling mistake found."))
    for rule, pattern, group, suggest, message in RULES:
        for m in pattern.finditer(text):
            found.append((m.start(group), m.end(group), rule, suggest(m.group(group)), message))
    out = []
    for start, end, rule, replacements, message in sorted(found, key=lambda x: x[0]):
        if rule["id"] in disabled or rule["category"]["id"] in disabled_cats:
            continue
        if only and rule["id"] not in enabled:
            continue
        offset, length = utf16_offset(text, start), utf16_offset(text, end) - utf16_offset(text, start)
        ctx_start = max(0, start - 20)
        context = text[ctx_start : end + 20].replace("\n", " ")
        out.append(
            {
                "message": message,
                "shortMessage": rule["description"],
                "replacements": [{"value": r} for r in replacements],
                "offset": offset,
                "length": length,
                "context": {
                    "text": context,
                    "offset": utf16_offset(text, start) - utf16_offset(text, ctx_start),
                    "length": length,
                },
                "sentence": text[max(0, text.rfind(".", 0, start) + 1) : end].strip(),
                "type": {"typeName": "Other"},
                "rule": rule,
                "ignoreForIncompleteSentence": False,
                "contextForSureMatch": 0,
            }
        )
    return out


class FakeLanguageTool:
    """The server: start() returns its base URL; `requests` records each /v2/check call."""

    def __init__(self, max_text_length: int = 50_000, delay: float = 0.0) -> None:
        self.max_text_length = max_text_length
        self.delay = delay
        self.requests: list[dict[str, str]] = []
        self.in_flight = 0
        self.peak_in_flight = 0
        self._lock = threading.Lock()
        self._httpd: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self._httpd is not None
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def start(self, port: int = 0) -> str:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                url = urlparse(self.path)
                server.handle(self, url.path, {k: v[0] for k, v in parse_qs(url.query).items()})

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
                params = {k: v[0] for k, v in parse_qs(body, keep_blank_values=True).items()}
                server.handle(self, urlparse(self.path).path, params)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self.url

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
            self._httpd = None

    def __enter__(self) -> FakeLanguageTool:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def handle(self, h: BaseHTTPRequestHandler, path: str, params: dict[str, str]) -> None:
        if path.rstrip("/") == "/v2/languages":
            return _reply(h, 200, LANGUAGES)
        if path.rstrip("/") == "/v2/healthcheck":
            return _reply(h, 200, {"status": "ok"})
        if path.rstrip("/") != "/v2/check":
            return _reply(h, 404, "Error: unknown endpoint")
        with self._lock:
            self.requests.append(params)
            self.in_flight += 1
            self.peak_in_flight = max(self.peak_in_flight, self.in_flight)
        try:
            if self.delay:
                time.sleep(self.delay)
            text, language = params.get("text", ""), params.get("language", "")
            if language not in {lang["longCode"] for lang in LANGUAGES} | {"auto"}:
                return _reply(h, 400, f"Error: '{language}' is not a language code known to LanguageTool.")
            size = utf16_offset(text, len(text))
            if size > self.max_text_length:
                return _reply(
                    h,
                    413,
                    f"Error: Your text exceeds the limit of {self.max_text_length} characters "
                    f"(it's {size} characters). Please submit a shorter text.",
                )
            lang = next(x for x in LANGUAGES if x["longCode"] == language or language == "auto")
            return _reply(
                h,
                200,
                {
                    "software": {"name": "LanguageTool", "version": "6.4", "apiVersion": 1, "premium": False},
                    "warnings": {"incompleteResults": False},
                    "language": {"name": lang["name"], "code": lang["longCode"]},
                    "matches": find_matches(text, params),
                },
            )
        finally:
            with self._lock:
                self.in_flight -= 1


def _reply(h: BaseHTTPRequestHandler, status: int, body) -> None:
    data = (json.dumps(body) if not isinstance(body, str) else body).encode("utf-8")
    h.send_response(status)
    h.send_header("Content-Type", "application/json" if not isinstance(body, str) else "text/plain")
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    h.wfile.write(data)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--max-text-length", type=int, default=50_000)
    args = parser.parse_args()
    srv = FakeLanguageTool(args.max_text_length)
    print(srv.start(args.port), flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        srv.stop()

"""The compiled matchers that run every data rule in one pass per rule type."""

from __future__ import annotations

from audit.document import Document
from audit.finding import Severity
from audit.matchers import LineMatcher, PhraseMatcher, RegexMatcher, fold_text
from audit.packs import Rule


def _rule(code: str, rtype: str, **kw) -> Rule:
    return Rule(code=code, type=rtype, category="mt-garble", severity=Severity.WARNING, message="m", **kw)


def _hits(matcher, text):
    return [(text[m.start : m.end], m.suggestion, m.rule.code) for m in matcher.finditer(text)]


PHRASES = PhraseMatcher(
    [
        _rule("mt.a", "phrase", phrases={"a coup with": "a call with", "refused to be named": "declined to be named"}),
        _rule("mt.b", "phrase", phrases={"coup with Putin": None, "don't": "do not", "[ad_1]": ""}),
        _rule("mt.c", "phrase", phrases={"EU": "European Union"}, ignore_case=False),
    ]
)


def test_phrases_match_on_word_boundaries_only():
    assert _hits(PHRASES, "a coup with Putin") == [("a coup with", "a call with", "mt.a")]
    assert _hits(PHRASES, "a coup without") == []
    assert _hits(PHRASES, "Papa coup with") == []  # "a coup with" inside "Papa coup with"
    assert _hits(PHRASES, "x[ad_1]y") == [("[ad_1]", "", "mt.b")]  # no word edges, no boundary test


def test_case_is_kept_and_case_sensitive_rules_stay_so():
    assert _hits(PHRASES, "A Coup With him") == [("A Coup With", "A call with", "mt.a")]
    assert _hits(PHRASES, "REFUSED TO BE NAMED") == [("REFUSED TO BE NAMED", "DECLINED TO BE NAMED", "mt.a")]
    assert _hits(PHRASES, "the EU said") == [("EU", "European Union", "mt.c")]
    assert _hits(PHRASES, "the eu said") == []


def test_any_whitespace_and_either_apostrophe():
    assert _hits(PHRASES, "officials refused to\nbe named") == [
        ("refused to\nbe named", "declined to be named", "mt.a")
    ]
    assert _hits(PHRASES, "they don’t") == [("don’t", "do not", "mt.b")]


def test_leftmost_longest_without_overlap():
    assert [h[0] for h in _hits(PHRASES, "held a coup with Putin today")] == ["a coup with"]


def test_folding_keeps_offsets_even_for_letters_that_lower_to_two_code_points():
    text = "İstanbul: a coup with Putin"
    assert len(fold_text(text, True)) == len(text)
    assert _hits(PHRASES, text) == [("a coup with", "a call with", "mt.a")]


def test_regex_rules_keep_groups_and_sort_hits():
    matcher = RegexMatcher(
        [
            _rule("x.late", "regex", patterns=[r"(\d+),(\d\d)\b"], suggest=r"\1.\2"),
            _rule("x.early", "regex", patterns=[r"\bfoo\b"], ignore_case=True),
        ]
    )
    assert _hits(matcher, "FOO costs 3,50 euros") == [("FOO", None, "x.early"), ("3,50", "3.50", "x.late")]


def test_line_rules_match_whole_short_lines_with_position_limits():
    matcher = LineMatcher(
        [
            _rule("b.link", "line", patterns=["source link"]),
            _rule("b.head", "line", patterns=["business news"], where="head", edge_lines=1),
        ]
    )
    text = "Business News\nBody says source link here.\n  Source link  \r\nBusiness News\n"
    doc = Document(text)
    assert [(text[m.start : m.end], m.rule.code) for m in matcher.finditer(doc)] == [
        ("Business News", "b.head"),
        ("Source link", "b.link"),
    ]


# Line rules that may start anywhere ("... / Reuters", a prompt after a sentence) are tried only
# on lines holding their rare needed strings; the answer must be that of every line fullmatched.
OPEN_RULES = [
    _rule("b.credit", "line", patterns=[r"[^\n]{0,80}/ ?(?:reuters|afp|ap)"]),
    _rule("b.prompt", "line", patterns=[r"(?:[^\n?!.]{1,200}+[?!.] ++){0,3}(?:found|spotted) an? (?:typo|error)\??"]),
    _rule("b.pipe", "line", patterns=[r"[^\n|]{1,60}\|[^\n]{1,60}"]),
]
OPEN_TEXTS = [
    "Kyiv talks end.\nPhoto: Jane Doe / Reuters\nThe talks resumed.",
    "They met.\nSpotted an error? Found a typo?\nMore text / Reuters here is prose / AFP",
    "No need strings at all here.\nJust prose.",
    "TYPO line: FOUND A TYPO\r\nİstanbul. Found a typo\nHome | World | Europe\n",
    "Found a typo\nfound a typo\n  found an error  \n" + "x" * 500 + " found a typo\n/ AP",
    "Found a typo? Found a typo? Found a typo? Found a typo? Found a typo?",
]


def test_lines_of_patterns_that_start_anywhere_are_those_a_full_match_of_every_line_finds():
    import re

    matcher = LineMatcher(OPEN_RULES)
    assert matcher.open, "these patterns have no known line start"
    for text in OPEN_TEXTS:
        expected, start = [], 0
        for line in text.split("\n"):
            if 0 < len(line) <= LineMatcher.MAX_LINE and any(
                re.fullmatch(rf"\s*(?i:{p})\s*", line) for rule in OPEN_RULES for p in rule.patterns
            ):
                expected.append(start)
            start += len(line) + 1
        found = sorted({text.rfind("\n", 0, m.start) + 1 for m in matcher.finditer(Document(text))})
        assert found == expected, text

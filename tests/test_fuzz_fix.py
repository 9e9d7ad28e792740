"""Properties of fixing (hypothesis) and a fuzz of generated inputs through check, --fix and --diff.

Properties, over generated news-like documents with planted defects:
- one fix pass changes nothing outside the finding spans except whitespace next to a
  deletion (the line a deletion emptied, a doubled space);
- fix(fix(x)) == fix(x);
- the exported patch applies with `git apply --check` and gives the same bytes as --fix.

Fuzz: 10,000 generated inputs (random Unicode, invalid UTF-8, NUL, BOM, CRLF and lone CR,
planted defects, empty files) go through the real command line in-process (`check`,
`--diff`, `--fix`, each over the whole directory), and a sample, plus a 10 MB single line,
through the installed command in subprocesses: no traceback, exit status 0, 1 or 2 only.
"""

from __future__ import annotations

import io
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run_audit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from audit import Auditor, Document
from audit.cli import main
from audit.fileio import decode_bytes, encode, newline_of
from audit.fix import apply_edits, fix_text, select_edits
from audit.patch import file_patch

AUDITOR = Auditor()

WORDS = ["the", "minister", "said", "talks", "would", "resume", "Kyiv", "Moscow", "on", "Tuesday", "café", "über"]
SENTENCES = [
    "The minister said on Tuesday that talks would resume next week.",
    "Officials in Brussels warned that prices rose faster than expected.",
    "Secretary of State Antony Blink is listening to other officials.",
    "Video summit: Binden and Putin discussed conflict in Ukraine",
    "© Reuters. PHOTO PHOTO: US President Joe Biden conducts virtual talks.",
    "the 1962 Cuban Missile Crisis missile crisis.",
    "See https://www.reuters.com/world/middle-east/russian-envoy- Iran- says its talks",
    "He said “quite sad”. “. Then left.",
]
DEFECTS = [
    "[ad_1]",
    "[ad_2]",
    "Leave a Reply",
    "Your email address will not be published. Required fields are marked *",
    "Source link",
    "Related Articles",
    "Back to top button",
    "Read the full story on Sputnik News",
    "Business News",
]


@st.composite
def documents(draw) -> str:
    """News-like paragraphs with defects planted alone on a line or inside one."""
    paragraphs = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.integers(0, 3))
        if kind == 0:
            paragraphs.append(draw(st.sampled_from(DEFECTS)))
        elif kind == 1:
            words = draw(st.lists(st.sampled_from(WORDS + DEFECTS[:2]), min_size=1, max_size=12))
            paragraphs.append(" ".join(words))
        else:
            paragraphs.append(
                " ".join(draw(st.lists(st.sampled_from(SENTENCES + DEFECTS[:3]), min_size=1, max_size=4)))
            )
    sep = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n\n\n"]))
    text = sep.join(paragraphs)
    if draw(st.booleans()):
        text += sep[: len(sep) // 2 or 1]
    if draw(st.integers(0, 9)) == 0:
        text = "\ufeff" + text
    return text


def _check(text: str) -> list:
    return AUDITOR.check(Document(text, path="doc.txt"))


def _only_whitespace_removed(longer: str, shorter: str) -> bool:
    """`shorter` is `longer` with some whitespace characters taken out, nothing else."""
    i = 0
    for ch in longer:
        if i < len(shorter) and shorter[i] == ch:
            i += 1
        elif not ch.isspace():
            return False
    return i == len(shorter)


FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(documents(), st.booleans())
def test_a_fix_pass_changes_only_spans_and_whitespace_at_deletions(text, unsafe):
    edits = select_edits(_check(text), unsafe=unsafe, protect=1 if text.startswith("\ufeff") else 0)
    crlf = newline_of(text) == "\r\n"
    naive, pos = [], 0
    for e in edits:
        repl = re.sub(r"(?<!\r)\n", "\r\n", e.replacement) if crlf else e.replacement
        naive.append(text[pos : e.start] + repl)
        pos = e.end
    naive = "".join(naive) + text[pos:]
    assert _only_whitespace_removed(naive, apply_edits(text, edits))


@FAST
@given(documents(), st.booleans())
def test_fixing_twice_equals_fixing_once(text, unsafe):
    once = fix_text(text, _check, unsafe=unsafe)
    twice = fix_text(once.text, _check, unsafe=unsafe)
    if once.converged:
        assert twice.text == once.text and twice.fixed == 0


@pytest.fixture(scope="module")
def git_repo(tmp_path_factory) -> Path:
    repo = tmp_path_factory.mktemp("patch-repo")
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    return repo


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(documents())
def test_patch_applies_and_equals_fix(git_repo, text):
    raw = text.encode("utf-8")
    target = git_repo / "doc.txt"
    target.write_bytes(raw)
    tf = decode_bytes(raw, target)
    result = fix_text(tf.text, _check)
    expected = encode(tf, result.text)
    patch = file_patch(tf.text, result.text, target, git_repo)
    if not patch:
        assert expected == raw
        return
    (git_repo / "fix.patch").write_bytes(patch)
    for args in (["apply", "--check", "fix.patch"], ["apply", "fix.patch"]):
        proc = subprocess.run(["git", *args], cwd=git_repo, capture_output=True)
        assert proc.returncode == 0, proc.stderr.decode() + patch.decode("utf-8", "replace")
    assert target.read_bytes() == expected


# --- fuzz ---------------------------------------------------------------------------

FUZZ_COUNT = 10_000
PIECES = [
    *DEFECTS,
    *SENTENCES,
    "\u200b",
    "\x1b[31m",
    "😀",
    "Путин",
    "中文",
    "e\u0301",
    "\ufeff",
    "Ã©",
    "\t",
    "  ",
]
BREAKS = ["\n", "\n\n", "\r\n", "\r", "\u2028", ""]


def fuzz_input(rng: random.Random) -> bytes:
    """One generated file: mostly text-like, some random bytes, some invalid UTF-8."""
    roll = rng.random()
    if roll < 0.03:
        return b""
    if roll < 0.12:
        return bytes(rng.getrandbits(8) for _ in range(rng.randrange(1, 300)))
    if roll < 0.30:
        alphabet = [(0x20, 0x7E), (0xA0, 0x24F), (0x400, 0x4FF), (0x600, 0x6FF), (0x4E00, 0x4FFF), (0x1F300, 0x1F64F)]
        chars = []
        for _ in range(rng.randrange(1, 400)):
            if rng.random() < 0.05:
                chars.append(rng.choice(["\n", "\r\n", "\n\n", "\ufeff", "\t"]))
            elif rng.random() < 0.002:
                chars.append(rng.choice(["\x00", "\ud800"]))  # NUL: binary, skipped; lone surrogate: invalid
            else:
                lo, hi = rng.choice(alphabet)
                chars.append(chr(rng.randint(lo, hi)))
        return "".join(chars).encode("utf-8", "surrogatepass")
    parts = []
    for _ in range(rng.randrange(1, 14)):
        parts.append(rng.choice(PIECES))
        parts.append(rng.choice(BREAKS) if rng.random() < 0.6 else " ")
    text = "".join(parts)
    data = text.encode("utf-8")
    if rng.random() < 0.1:
        data = b"\xef\xbb\xbf" + data
    if rng.random() < 0.04:
        cut = rng.randrange(len(data) + 1)
        data = data[:cut] + rng.choice([b"\xff\xfe", b"\x00", b"\xc3"]) + data[cut:]
    return data


def _main(*args: str) -> tuple[int, str, str]:
    """`audit ARGS` in this process, with stdout and stderr captured."""
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.StringIO()
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    try:
        code = main(list(args))
    finally:
        sys.stdout, sys.stderr = saved
    out.flush()
    return code, out.buffer.getvalue().decode("utf-8", "replace"), err.getvalue()


@pytest.fixture(scope="module")
def fuzz_dir(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    rng = random.Random(20240611)
    for i in range(FUZZ_COUNT):
        (root / f"f{i:05d}.txt").write_bytes(fuzz_input(rng))
    return root


def test_fuzz_in_process_check_diff_fix(fuzz_dir):
    files = sorted(fuzz_dir.glob("*.txt"))
    assert len(files) >= 10_000
    before = {p.name: p.read_bytes() for p in files}

    code, out, err = _main("check", "--format", "json", str(fuzz_dir))
    assert code in (0, 1, 2), err
    report = json.loads(out)
    assert report["summary"]["files"] > 7_500  # the rest (about 18%) are invalid UTF-8 or binary: stderr
    assert all(line.startswith("audit: ") for line in err.splitlines())
    undecodable = sum("invalid UTF-8" in line for line in err.splitlines())

    code, diff, err = _main("check", "--diff", str(fuzz_dir))
    assert code == 2 if undecodable else code in (0, 1), err
    assert {p.name: p.read_bytes() for p in files} == before, "--diff writes nothing"

    code, out, err = _main("check", "--fix", "--format", "concise", str(fuzz_dir))
    assert code in (0, 1, 2), err
    assert "Fixed " in out
    changed = sum(before[p.name] != p.read_bytes() for p in files)
    assert changed == diff.count("\ndiff --git ") + diff.startswith("diff --git ")

    code, again, err = _main("check", "--diff", str(fuzz_dir))
    assert again == "", "fixing twice changes nothing more"


SPECIAL = {
    "empty.txt": b"",
    "bom-only.txt": b"\xef\xbb\xbf",
    "nul.txt": b"[ad_1] a\x00b\n",
    "invalid.txt": b"[ad_1] caf\xe9\n",
    "crlf.txt": b"A\r\n\r\n[ad_1]\r\n\r\nLeave a Reply\r\n",
    "lone-cr.txt": b"A\r[ad_1]\rB",
}


def _long_line(size: int = 10_000_000) -> bytes:
    """A 10 MB single line of varied prose-like words with an ad marker every ~1,000 characters."""
    rng = random.Random(3)
    vocab = [w for s in SENTENCES[:2] for w in s.lower().rstrip(".").split()] + ["river", "budget", "grain", "harbour"]
    words, length = [], 0
    while length < size:
        word = "[ad_1]" if rng.random() < 0.006 else rng.choice(vocab) + rng.choice(["", "", "", ",", "s", "ed"])
        words.append(word)
        length += len(word) + 1
    return " ".join(words).encode()[:size]


SPECIAL["long-line.txt"] = _long_line()


@pytest.mark.parametrize("name", sorted(SPECIAL))
def test_fuzz_subprocess_special_inputs(tmp_path, name):
    path = tmp_path / name
    path.write_bytes(SPECIAL[name])
    for args in (("check",), ("check", "--diff"), ("check", "--fix")):
        proc = run_audit(*args, name, cwd=tmp_path)
        assert proc.returncode in (0, 1, 2), (args, proc.stderr[-2000:])
        assert "Traceback" not in proc.stderr, proc.stderr[-2000:]
    if name == "long-line.txt":
        assert b"[ad_1]" not in path.read_bytes()


def test_fuzz_subprocess_sample(tmp_path):
    rng = random.Random(7)
    for i in range(300):
        (tmp_path / f"s{i:03d}.txt").write_bytes(fuzz_input(rng))
    for args in (("check", "--format", "jsonl"), ("check", "--diff"), ("check", "--fix"), ("check", "--diff")):
        proc = run_audit(*args, ".", cwd=tmp_path)
        assert proc.returncode in (0, 1, 2), (args, proc.stderr[-2000:])
        assert "Traceback" not in proc.stderr
    assert "diff --git" not in proc.stdout, "after --fix, --diff has nothing left to do"

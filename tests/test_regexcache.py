"""`audit.regexcache.compile` gives the pattern `re.compile` gives, from a cache kept between runs."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from audit import regexcache

PATTERNS = [
    (r"(?P<word>\w+)\s+(?P=word)", re.IGNORECASE),
    (r"(?i)foo|bar(?=x)", 0),
    (r"^\s*$", re.MULTILINE),
    ("|".join(f"word{i}x" for i in range(500)), re.IGNORECASE),
    (r"[“\"]([^”\"]{1,80})[”\"]", 0),
]


@pytest.mark.parametrize(("pattern", "flags"), PATTERNS, ids=lambda p: str(p)[:20])
def test_same_pattern_object_as_re(pattern, flags):
    ours, theirs = regexcache.compile(pattern, flags), re.compile(pattern, flags)
    assert (ours.pattern, ours.flags, ours.groups, ours.groupindex) == (
        theirs.pattern,
        theirs.flags,
        theirs.groups,
        theirs.groupindex,
    )
    text = "The the word7x WORD499X  “quoted” bar barx foo\n\n"
    assert [m.span() for m in ours.finditer(text)] == [m.span() for m in theirs.finditer(text)]


def test_a_bad_pattern_raises_re_error():
    with pytest.raises(re.error):
        regexcache.compile("(unclosed")


def test_a_second_process_reads_the_cache(tmp_path):
    """The first run stores the compiled code when it exits; the next builds patterns from it."""
    script = (
        "import re; from audit import regexcache as rc; before = len(rc._load()); "
        "p = rc.compile('|'.join(f'name{i}' for i in range(300)), re.I); "
        "print(before, bool(p.search('x NAME299 y')))"
    )
    env = {**os.environ, "AUDIT_CACHE_DIR": str(tmp_path)}
    env.pop("AUDIT_NO_CACHE", None)
    first = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert first.stdout.split() == ["0", "True"]  # nothing cached yet
    assert len(list(tmp_path.glob("regex-*.marshal"))) == 1
    second = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert second.stdout.split()[1] == "True"
    assert int(second.stdout.split()[0]) >= 1  # read from the file
    assert not list(tmp_path.glob(".*.tmp"))

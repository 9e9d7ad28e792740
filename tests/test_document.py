"""A Document's line index: every check reads lines through it, so its edges must be exact."""

from __future__ import annotations

import pytest

from audit.document import Document, line_spans

TEXTS = ["", "one line", "a\nb", "a\n", "\n", "\n\n", "crlf\r\nline\r\n", "x\n\ny\n\n\nz", "“quote”\nİstanbul\n"]


@pytest.mark.parametrize("text", TEXTS)
def test_line_spans_are_the_lines_split_gives(text):
    spans = list(line_spans(text))
    assert [text[a:b] for a, b in spans] == text.split("\n")
    assert [a for a, _ in spans] == Document(text).line_starts


@pytest.mark.parametrize("text", TEXTS)
def test_lines_drop_the_terminator_and_a_carriage_return(text):
    doc = Document(text)
    assert [line for _, _, line in doc.lines()] == [part.removesuffix("\r") for part in text.split("\n")]
    for start, end, line in doc.lines():
        assert doc.text[start:end] == line
        assert doc.line_bounds(start) == (start, end)
        assert doc.line_col(start) == (doc.line_starts.index(start) + 1, 1)


@pytest.mark.parametrize("text", TEXTS)
def test_the_lowered_copy_is_lower_of_the_text_made_once(text):
    doc = Document(text)
    assert doc.lowered == text.lower()
    assert doc.lowered is doc.lowered

"""A decoded text and its line index. Nothing downstream ever edits it."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Document:
    """Text exactly as decoded; offsets everywhere are code points into `text`.

    `path` is what reports show: a file path, `-` for stdin, or `FILE#ID` for a
    record of a JSONL/Parquet file.
    """

    text: str
    path: str = "<string>"
    id: str | None = None
    _starts: list[int] | None = field(default=None, repr=False, compare=False)
    _lowered: str | None = field(default=None, repr=False, compare=False)

    @property
    def lowered(self) -> str:
        """`text.lower()`, computed once for all the matchers and checks that search it."""
        if self._lowered is None:
            self._lowered = self.text.lower()
        return self._lowered

    @property
    def line_starts(self) -> list[int]:
        if self._starts is None:
            starts = [0]
            find = self.text.find
            pos = find("\n")
            while pos != -1:
                starts.append(pos + 1)
                pos = find("\n", pos + 1)
            self._starts = starts
        return self._starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of `offset`."""
        index = bisect_right(self.line_starts, offset) - 1
        return index + 1, offset - self.line_starts[index] + 1

    def line_bounds(self, offset: int) -> tuple[int, int]:
        """Start and end of the line holding `offset`, without `\\r\\n`/`\\n`."""
        starts = self.line_starts
        index = bisect_right(starts, offset) - 1
        start = starts[index]
        end = starts[index + 1] - 1 if index + 1 < len(starts) else len(self.text)
        if end > start and self.text[end - 1] == "\r":
            end -= 1
        return start, end

    def lines(self) -> Iterator[tuple[int, int, str]]:
        """Every line as (start, end, text), line terminators excluded."""
        text = self.text
        starts = self.line_starts
        for i, start in enumerate(starts):
            end = starts[i + 1] - 1 if i + 1 < len(starts) else len(text)
            if end > start and text[end - 1] == "\r":
                end -= 1
            yield start, end, text[start:end]


def line_spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each line of `text`, `\n` excluded (a `\r` kept), found lazily with `str.find`.

    For scans that stop early or skip most lines: no line index or slices are built.
    """
    find = text.find
    pos = 0
    while True:
        nl = find("\n", pos)
        if nl == -1:
            yield pos, len(text)
            return
        yield pos, nl
        pos = nl + 1

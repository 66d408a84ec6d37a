"""Where each character of a derived text came from in its source (moved out of ``text``)."""

from __future__ import annotations

from array import array
from bisect import bisect_right

__all__ = ["OffsetMap"]


class OffsetMap:
    """Where each character of a derived text came from in its source, as runs.

    A run either copies source characters one for one (``identity``) or stands for a
    whole source span (a line break standing for a ``</p>`` tag, one space for a run
    of whitespace, "é" for ``&eacute;``).
    """

    def __init__(self, source_length: int) -> None:
        self.source_length = source_length
        self.length = 0
        self._text = array("q")
        self._start = array("q")
        self._end = array("q")
        self._identity = bytearray()

    def copy(self, length: int, source_start: int) -> None:
        """*length* characters copied from ``source[source_start:]``."""
        if length <= 0:
            return
        if (
            self._identity
            and self._identity[-1]
            and self._start[-1] + (self.length - self._text[-1]) == source_start
        ):
            self.length += length  # continues the previous copied run
            return
        self._push(source_start, source_start + length, 1)
        self.length += length

    def stand_for(self, length: int, source_start: int, source_end: int) -> None:
        """*length* characters that stand for ``source[source_start:source_end]``."""
        if length <= 0:
            return
        self._push(source_start, source_end, 0)
        self.length += length

    def _push(self, start: int, end: int, identity: int) -> None:
        self._text.append(self.length)
        self._start.append(start)
        self._end.append(end)
        self._identity.append(identity)

    def _run(self, index: int) -> int:
        return bisect_right(self._text, index) - 1

    def first(self, index: int) -> int:
        """The source offset where text character *index* starts."""
        if index >= self.length or not self._text:
            return self.source_length
        run = self._run(index)
        if self._identity[run]:
            return self._start[run] + index - self._text[run]
        return self._start[run]

    def last(self, index: int) -> int:
        """The source offset just after text character *index*."""
        if not self._text:
            return self.source_length
        index = min(index, self.length - 1)
        run = self._run(index)
        if self._identity[run]:
            return self._start[run] + index - self._text[run] + 1
        return self._end[run]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span text characters ``[start, end)`` came from."""
        if end <= start:
            anchor = self.first(start)
            return anchor, anchor
        return self.first(start), max(self.first(start), self.last(end - 1))

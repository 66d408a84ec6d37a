"""Cheap readers of a text window the part readers share: its sentences, and whether it
mentions a word at all (tested before the costly patterns, which keeps reading linear)."""

from __future__ import annotations

import re

__all__ = ["mentions", "sentences"]


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence (or line) windows of ``text[start:end]``."""
    out = []
    position = start
    for m in re.finditer(r"(?<!\bs)(?<!\bno)\.(?=\s+[A-Z(\"“])|\n[ \t\xa0]*\n|;", text[start:end]):
        stop = start + m.end()
        if text[position:stop].strip():
            out.append((position, stop))
        position = stop
    if text[position:end].strip():
        out.append((position, end))
    return out


def mentions(text: str, start: int, end: int, hints: tuple[str, ...]) -> bool:
    """Whether ``text[start:end]`` holds one of *hints* (lower case): a cheap test run
    before the costly patterns, which keeps reading linear and fast."""
    window = text[start:end].lower()
    return any(hint in window for hint in hints)

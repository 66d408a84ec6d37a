"""Literal gates: whether a text can hold a costly case-blind pattern's match at all.

A case-blind search with no literal start (``\\b(?:deadline|last\\s+day|...)``) costs
tens of nanoseconds a character wherever it finds nothing; ``str.find`` of a word its
every match holds costs a fraction of one. The text is folded once (lower case,
offset for offset, with the three characters case-blind matching takes for an ASCII
letter, "İ", "ı" and "ſ", made that letter), so a gate never says no where the
pattern would say yes.
"""

from __future__ import annotations

import functools

__all__ = ["fold", "folded", "holds", "holds_all"]


def fold(text: str) -> str:
    """*text* in lower case, of the same length, for literal gates (see the module)."""
    if text.isascii():
        return text.lower()
    return text.replace("\u0130", "i").lower().replace("\u0131", "i").replace("\u017f", "s")


#: :func:`fold` of a whole page, made once for the many gates asked of it.
folded = functools.lru_cache(maxsize=8)(fold)


def holds(text: str, words: tuple[str, ...], start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]``, folded, holds one of *words* (lower case ASCII)."""
    lowered = folded(text)
    stop = len(text) if end is None else end
    return any(lowered.find(word, start, stop) >= 0 for word in words)


def holds_all(text: str, words: tuple[str, ...], start: int = 0, end: int | None = None) -> bool:
    """Whether ``text[start:end]``, folded, holds every one of *words*."""
    lowered = folded(text)
    stop = len(text) if end is None else end
    return all(lowered.find(word, start, stop) >= 0 for word in words)

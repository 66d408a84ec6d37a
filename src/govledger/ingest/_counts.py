"""Counts in figures or words ("7", "seven", "twenty-two", "none") and the words for an
abstention: the vocabulary every tally reader shares.

Moved out of :mod:`govledger.ingest.tally` (which re-exports ``NUM``, ``ABST_WORD`` and
``count_of``).
"""

from __future__ import annotations

__all__ = ["_ABST_WORD", "_NUM", "_n"]

_NUMBER_WORDS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70}
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
#: A count in figures or words, "twenty-two" and "thirty one" whole (a unit after a
#: hyphen is never read alone).
_NUM = (
    rf"(?:\d{{1,4}}|(?:{'|'.join(_TENS)})(?:[- ]{_UNITS}\b)?|(?<!-)(?:none|nil|zero|one|two|three|"
    r"four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    r"seventeen|eighteen|nineteen))"
)
_ABST_WORD = r"(?:abst(?:-\s*)?ain(?:ed|ing|s)?|abst(?:-\s*)?en(?:-\s*)?tions?)"


def _n(word: str | None) -> int | None:
    if word is None:
        return None
    word = word.lower()
    if word in {"none", "nil"}:
        return 0
    if word.isdigit():
        return int(word)
    tens, _, unit = word.replace("-", " ").partition(" ")
    if tens in _TENS:
        return _TENS[tens] + (_NUMBER_WORDS.get(unit.strip(), 0) if unit.strip() else 0)
    return _NUMBER_WORDS.get(word)

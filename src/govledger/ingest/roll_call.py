"""Reading a recorded vote printed as a roll call: one member and their vote a line.

modern.gov prints a recorded vote as a table of two columns, "Councillor" and "Vote",
which reaches the page text as lines such as ``Councillor Abbey Against``. The counts
are the number of members in each position (corpus README, rule 15).
"""

from __future__ import annotations

import re

from .votes import FoundVote

__all__ = ["find_roll_calls"]

#: One member's line: "Councillor Abbey Against", "Cllr J. Brook: For", "... - Abstain".
_ROW = re.compile(
    r"^[ \t]*(?:Councillors?|Cllrs?\.?)[ \t]+(?P<name>[A-Z][\w.'’ -]{0,60}?)"
    r"(?:[ \t]*[|:\-–][ \t]*|[ \t]+)"
    r"(?P<pos>For|Against|Abstain(?:ed)?|Abstention|Did\s+not\s+vote|Absent)[ \t]*$",
    re.M,
)
_POSITIONS = {
    "for": "for", "against": "against", "abstain": "abstain", "abstained": "abstain",
    "abstention": "abstain",
}  # fmt: skip
#: The fewest rows a roll call has: fewer is a sentence about a member, not a table.
_FEWEST_ROWS = 3
#: The most characters between two rows of one roll call (a blank line, a page break).
_ROW_GAP = 4


def find_roll_calls(text: str, start: int, end: int) -> list[FoundVote]:
    """Every roll call in ``text[start:end]``: one vote per run of member lines that
    holds a vote for and a vote against."""
    runs: list[list[re.Match[str]]] = []
    for row in _ROW.finditer(text, start, end):
        if runs and row.start() - runs[-1][-1].end() <= _ROW_GAP:
            runs[-1].append(row)
        else:
            runs.append([row])
    return [vote for run in runs if (vote := _vote_of(run)) is not None]


def _vote_of(rows: list[re.Match[str]]) -> FoundVote | None:
    if len(rows) < _FEWEST_ROWS:
        return None
    named: list[tuple[str, str]] = []
    for row in rows:
        position = _POSITIONS.get(row["pos"].lower())
        if position is None:
            continue  # "Absent", "Did not vote": no vote cast
        named.append((" ".join(row["name"].split()), position))
    counts = {p: sum(1 for _, q in named if q == p) for p in ("for", "against", "abstain")}
    if not counts["for"] or not counts["against"]:
        return None
    abstentions = any(p == "abstain" for _, p in named)
    return FoundVote(
        start=rows[0].start("name"),
        end=rows[-1].end("pos"),
        in_favour=counts["for"],
        against=counts["against"],
        abstained=counts["abstain"] if abstentions else None,
        unanimous=False,
        casting=False,
        named=tuple(named),
    )

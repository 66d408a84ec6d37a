"""Tallies printed one position a line, blank lines between ("For: 26", "Against: 32",
"Abstention: 0"): the sentence reader of :mod:`.tally` sees each line as a lone count."""

from __future__ import annotations

import re
from itertools import pairwise

from .tally import ABST_WORD, NUM, FoundVote, count_of

__all__ = ["COUNT_BEFORE", "count_ending_at", "line_tallies"]

_POSITION = rf"(?:for|in[ \t]+favour|against|{ABST_WORD})"
#: One position's count on a line of its own, either way round ("For: 26", "Against -
#: 32", "Abstentions (0)", "8 For", "1 Abstention").
_TALLY_LINE = re.compile(
    rf"^[ \t]*(?:(?P<pos>{_POSITION})[ \t]*[:\-–=]?[ \t]*\(?(?P<n>{NUM})\)?|"
    rf"(?P<n2>{NUM})[ \t]+(?:votes?[ \t]+)?(?P<pos2>{_POSITION}))[ \t]*\.?[ \t]*$",
    re.I | re.M,
)


def line_tallies(text: str, start: int, end: int) -> list[FoundVote]:
    """A tally printed one position a line with blank lines between ("For: 26", "Against:
    32", "Abstention: 0"), which the sentence reader sees as lone counts: one vote for each
    run of such lines (a position told twice starts the next run)."""
    runs: list[list[re.Match[str]]] = []
    for m in _TALLY_LINE.finditer(text, start, end):
        key = _line_position(m)
        if (
            runs
            and not text[runs[-1][-1].end() : m.start()].strip()
            and key not in {_line_position(r) for r in runs[-1]}
        ):
            runs[-1].append(m)
        else:
            runs.append([m])
    out: list[FoundVote] = []
    for run in runs:
        counts = {_line_position(r): count_of(r["n"] or r["n2"]) for r in run}
        if len(counts) < 2 or not {"for", "against"} & counts.keys():
            continue
        if not any(re.search(r"\n[ \t]*\n", text[a.end() : b.start()]) for a, b in pairwise(run)):
            continue  # lines the sentence reader sees together: it reads them

        out.append(
            FoundVote(
                start=run[0].start("pos" if run[0]["pos"] else "n2"),
                end=run[-1].end(),
                in_favour=counts.get("for"),
                against=counts.get("against"),
                abstained=counts.get("abstain"),
                unanimous=False,
                casting=False,
            )
        )
    return out


def _line_position(m: re.Match[str]) -> str:
    pos = (m["pos"] or m["pos2"]).lower()
    if pos == "for" or pos.startswith("in"):
        return "for"
    return "against" if pos == "against" else "abstain"


#: How far before a motion's fate the tally that decided it is looked for.
COUNT_BEFORE = 600


def count_ending_at(text: str, votes: list[FoundVote], at: int) -> FoundVote | None:
    """The last of *votes* (those read just before a motion's fate told in a sentence of
    its own: "For: 26 / Against: 32", then "The change was not agreed") if it is counted
    and ends right where the fate begins; else ``None``."""
    last = votes[-1] if votes else None
    if last is None or last.in_favour is None or text[last.end : at].strip(" \t\n.;"):
        return None
    return last

"""An officer's or member's record of a decision whose decision has no RESOLVED heading.

A record of a decision taken under delegated powers prints the statutory fields (who
decided, the reasons, the options considered and rejected, the date, any conflict of
interest) around one section that holds the decision: "Decision:", "Decision taken",
"Decision made", or the decision-maker's own "I have decided to ...". The section is
the decision only when the page reads as such a record (two of its fields at least);
the words alone are not enough, and beside a formal block (a "Decision:" over its
parts) the section is that block's page furniture, not a second decision.
"""

from __future__ import annotations

import re

from ._decision_words import UNLABELLED_DECISION
from ._evidence import Candidate
from ._lines import Line, _ends_sentence
from ._narrative import Block

#: A section heading alone on its line: "Decision taken", "Decision made:", "The
#: decision", "Details of the decision", "Officer decision:".
_SECTION = re.compile(
    r"\s*(?:(?:the|details\s+of(?:\s+the)?|record\s+of(?:\s+the)?|officer'?s?|executive)\s+)?"
    r"decision(?:\s+(?:taken|made|reached|agreed))?\s*[:\-–—]?\s*",
    re.I,
)
#: The decision-maker's own words: "I have decided to ...", "I have agreed that ...".
_FIRST_PERSON = re.compile(
    r"\s*(?:I|We)\s+(?:have\s+)?(?:decided|agreed|approved|determined|resolved)\s+(?:to|that)\b",
    re.I,
)
#: The fields of a record of a decision, each counted once.
_FIELDS = re.compile(
    r"^\s*(?P<field>decision\s+(?:maker|taker|taken\s+by|made\s+by)|officer|"
    r"reasons?(?:\s+for\s+(?:the\s+)?decision)?|alternative\s+options?|options\s+considered|"
    r"date\s+(?:of\s+)?decision|date\s+decision\s+(?:taken|made)|conflicts?\s+of\s+interests?|"
    r"dispensations?|delegated\s+(?:power|authority)|consultees?|consulted)\b[^:\n]{0,30}[:?]",
    re.I,
)


def _record_fields(lines: list[Line]) -> int:
    found = set()
    for line in lines:
        m = _FIELDS.match(line.text)
        if m is not None:
            found.add(" ".join(m["field"].lower().split())[:8])
    return len(found)


def record_at(lines: list[Line], index: int) -> tuple[Candidate, int] | None:
    """The decision section ``lines[index]`` opens in a record of a decision, with where
    its words start, or ``None``."""
    line = lines[index]
    own = _FIRST_PERSON.match(line.text) is not None
    if not own and _SECTION.fullmatch(line.text) is None:
        return None
    following = next((ln for ln in lines[index + 1 : index + 4] if not ln.blank), None)
    if not own and (following is None or _FIELDS.match(following.text) is not None):
        return None  # a heading with no words under it, or a field straight after it
    if _record_fields(lines) < 2:
        return None
    start = line.start if own else line.end
    features = (
        ("the decision-maker's own words" if own else "a record's decision section", 1.0),
        ("a record of a decision: its fields", 1.5),
    )
    block = Block(kind="decision", marker_start=line.start, marker_end=start,
                  start=start, end=line.end, confidence=0.7)  # fmt: skip
    return Candidate(block=block, reading="record", features=features), start


#: A proposal told as moved, seconded or carried: "X was moved and seconded for the
#: appointment", "A proposal to ... was moved, seconded and agreed by all present".
_PROPOSAL_TOLD = re.compile(
    r"\b(?:moved|proposed)\s+and\s+seconded\b|\b(?:moved|proposed),\s+seconded\b|"
    r"\bseconded\s+by\b|\b(?:was|were)\s+(?:duly\s+)?(?:moved|proposed|seconded)\b|"
    r"\b(?:was|were)\s+(?:voted\s+on\s+and\s+|put\s+to\s+the\s+vote\s+and\s+)?carried\b",
    re.I,
)


def unheaded_at(lines: list[Line], index: int) -> tuple[Candidate, int] | None:
    """A resolution printed as a paragraph of its own with its heading lost ("To
    appoint ... as Chair.", "That ... be appointed as Secretary."), right after the
    paragraph telling the proposal moved, seconded or carried: the proposal's words are
    the decision. Its own words alone are not enough (a report quotes such lines too)."""
    line = lines[index]
    if (index > 0 and not lines[index - 1].blank) or not UNLABELLED_DECISION.match(line.text):
        return None
    back = index - 1
    while back >= 0 and lines[back].blank:
        back -= 1
    gap = index - 1 - back
    paragraph: list[str] = []
    while back >= 0 and not lines[back].blank and len(paragraph) < 8:
        paragraph.append(lines[back].text)
        back -= 1
    told = " ".join(reversed(paragraph))
    if not paragraph or not _ends_sentence(paragraph[0]) or not _PROPOSAL_TOLD.search(told):
        return None
    features = [("a proposal told just above", 1.5), ("a decision's own words", 1.0)]
    if gap >= 2:
        features.append(("blank lines where a heading was", 0.5))
    block = Block(kind="lost_heading", marker_start=line.start, marker_end=line.start,
                  start=line.start, end=line.end, confidence=0.6)  # fmt: skip
    return Candidate(block=block, reading="unheaded", features=tuple(features)), line.start

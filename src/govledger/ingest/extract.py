"""Reading one part's words: outcome, conditions, delegations, bodies recommended to.

Votes and motions are read in :mod:`govledger.ingest.votes`.

Each function takes the whole text and a ``[start, end)`` window and returns what it
found with offsets into the text. Nothing is guessed: a vote with no figures has
``None`` counts; a role that cannot be read is left out and flagged by the caller.
"""

from __future__ import annotations

import re

from .conditions import FoundCondition, condition_kind, find_conditions
from .delegations import FoundDelegation, find_delegations, role_key, split_roles

__all__ = [
    "FoundCondition",
    "FoundDelegation",
    "condition_kind",
    "find_conditions",
    "find_delegations",
    "find_recommended_to",
    "outcome_of",
    "role_key",
    "split_roles",
]

# --------------------------------------------------------------------------- outcome

_LOST = re.compile(
    r"\b(?:was|were|is|be|been)\s+(?:lost|defeated|not\s+carried|rejected)\b|"
    r"^\s*(?:that\s+)?(?:the\s+)?(?:motion|amendment|recommendation)s?\s+(?:was\s+|were\s+)?"
    r"(?:lost|fell|falls)\b|^\s*(?:lost|not\s+carried|motion\s+lost)\b",
    re.I,
)
_WITHDRAWN = re.compile(r"\b(?:was|were|is|be|been|being)\s+withdrawn\b|^\s*withdrawn\b", re.I)
_DEFERRED = re.compile(
    r"\b(?:be|was|is|been|were)\s+deferred\b|^\s*(?:that\s+|to\s+)?defer(?:red)?\b|"
    r"\bconsideration\s+(?:of\s+[^.;]{0,80}\s+)?be\s+(?:deferred|postponed|adjourned)\b|"
    r"^\s*deferred\b|"
    # "Cabinet agreed to defer a decision ...": the body's verb, then the deferral
    r"^[^.;]{0,80}?\b(?:agreed|resolved|decided)\s+to\s+(?:defer|postpone)\b",
    re.I,
)
#: A motion's words that open with the body noting: "That this Council notes ...".
_BODY_NOTES = re.compile(
    r"(?:^|[\"“:]|\bthat)\s*(?:that\s+)?this\s+(?:council|committee|cabinet|executive|board|"
    r"meeting)\s+(?:notes|note)\b",
    re.I,
)
_NOTED = re.compile(
    r"^\s*(?:that\s+)?(?:this\s+(?:council|committee|cabinet|executive|board|meeting)\s+)?"
    r"(?:to\s+)?(?:note|notes|noted)\b|"
    r"^\s*(?:that\s+)?(?:it\s+be|members)\s+not(?:ed|e)\b|"
    # "That Cabinet notes ...", "That the Joint Committee noted ...": the body, then its verb
    r"^\s*that\s+(?:the\s+)?(?-i:[A-Z][\w&'’]*)(?:\s+(?-i:[A-Z][\w&'’]*)){0,3}\s+not(?:es|ed)\b|"
    # "The Cabinet noted the risks ...": a record of decisions tells the body's verb
    r"^\s*(?:the\s+)?(?:(?-i:[A-Z][\w&'’]*)\s+){0,3}?(?:cabinet|council|committee|board|"
    r"executive|panel)\s+(?:noted|notes|acknowledged|acknowledges)\b|"
    r"\b(?:be|is|was|were|are|been)\s+(?:duly\s+)?noted\b|"
    r"^\s*(?:that\s+)?(?:the\s+)?[^;.]{0,160}?\b(?:was|were|be)\s+received\s+and\s+noted\b",
    re.I,
)
#: Words every match of ``_NOTED`` holds (neither has an "i" or "s", the letters
#: case-blind matching also takes other characters for, so lower case is enough).
NOTED_WORDS = ("note", "acknowledg")
_ACTS = re.compile(
    r"\b(?:be|is|are|was|were)\s+(?:approved|agreed|adopted|endorsed|accepted|authori[sz]ed|"
    r"delegated|established|disbanded|extended|created|deleted|re-?titled|appointed|granted|"
    r"pursued|requested|tasked|reviewed|confirmed|signed|ratified)\b|"
    # a run-on extraction's glued words: "minutes ... beconfirmed and signed"
    r"\bbe(?:approved|agreed|adopted|endorsed|accepted|authori[sz]ed|confirmed|signed)\b|"
    r"^\s*(?:that\s+)?to\s+(?:approve|agree|adopt|endorse|"
    r"delegate|authori[sz]e|establish|create|appoint)\b",
    re.I,
)
_RECOMMEND = re.compile(
    r"\bbe\s+recommended\s+to\b|^\s*(?:that\s+)?(?:it\s+be\s+)?recommend(?:ed|s)?\s+"
    r"(?:to\s+)?(?:the\s+)?(?:full\s+|each\s+|both\s+)?(?:council|cabinet|executive|"
    r"committee|board|\w+\s+council)|^\s*(?:that\s+)?to\s+recommend\b|"
    r"^\s*(?:that\s+)?(?:full\s+|each\s+respective\s+|each\s+|the\s+)?councils?\s+be\s+"
    r"(?:asked|recommended|requested)\b",
    re.I,
)


_LOST_WORDS = ("lost", "defeated", "carried", "rejected", "fell", "falls")
_OWN_MARKER = re.compile(r"\s*(RESOLVED|RECOMMENDED|RECOMMEND|AGREED)\b\s*[:\-–—]?\s*")


#: A fate printed after a part's words, set off by a dash or brackets: "... from 1
#: January 2024. - LOST", "(WITHDRAWN)", "- Deferred".
_FATE_AFTER = re.compile(
    r"(?:\s[-–—]\s*|\(\s*)(?P<fate>lost|not\s+carried|defeated|withdrawn|deferred)\s*\)?\s*\.?\s*$",
    re.I,
)
_FATE_OUTCOME = {"withdrawn": "withdrawn", "deferred": "deferred"}


def outcome_of(text: str, block_kind: str) -> tuple[str, float]:
    """The outcome of a part from its own words and its block's marker, with a confidence."""
    after = _FATE_AFTER.search(text[-80:]) if not block_kind.startswith("sentence:") else None
    if after is not None:
        return _FATE_OUTCOME.get(after["fate"].lower(), "lost"), 0.85
    if block_kind.startswith("sentence:"):
        fate = block_kind.split(":", 1)[1]
        if fate == "resolved" and _BODY_NOTES.search(text[:600]):
            return "noted", 0.6  # a motion carried whose words open "That this Council notes"
        return fate, 0.6
    head = text[:600]
    own = _OWN_MARKER.match(head)
    if own is not None:  # "2. RESOLVED that ...", "1. RECOMMEND to Full Council that ..."
        kind = "recommended" if own.group(1).upper().startswith("RECOMMEND") else "resolved"
        return outcome_of(head[own.end() :], kind)
    low = head.lower()  # each pattern needs one of these words: test them first
    if "withdrawn" in low and _WITHDRAWN.search(head):
        return "withdrawn", 0.85
    if any(w in low for w in _LOST_WORDS) and _LOST.search(head):
        return "lost", 0.85
    if any(w in low for w in ("defer", "postponed", "adjourned")) and _DEFERRED.search(head):
        return "deferred", 0.85
    if any(w in low for w in ("recommend", "council")) and _RECOMMEND.search(head):
        return "recommended", 0.85
    if block_kind == "noted":
        return "noted", 0.85  # under a NOTED heading, the part is what was noted
    if block_kind == "recommended":
        # Under a RECOMMENDED heading every part is a recommendation, whatever its verb:
        # it changes nothing until the body it goes to adopts it.
        return "recommended", 0.85
    noted = _NOTED.search(head) if any(w in low for w in NOTED_WORDS) else None
    if noted:
        acts = _ACTS.search(head)
        if acts is None or acts.start() > noted.start():
            return "noted", 0.9
    if block_kind == "recommended":
        return "recommended", 0.85
    return "resolved", 0.9 if block_kind != "lost_heading" else 0.7


# --------------------------------------------------------------------------- recommended to

_RECOMMENDED_TO = re.compile(
    r"\b(?:recommend(?:ed|s)?|recommendation)\s+to\s+(?P<body>(?:the\s+)?(?:full\s+)?"
    r"(?:[A-Z][\w&' ]{0,60}?\s)?(?:Council|Cabinet|Executive|Committee|Board)s?)\b|"
    r"^\s*(?:that\s+)?(?P<body2>(?:each\s+respective|each|both|the|full)?\s*(?:[A-Z][\w&']*\s+)*"
    r"(?:Council|Cabinet|Executive|Committee|Board)s?)\s+be\s+(?:recommended|asked|requested)\b",
    re.I,
)


def find_recommended_to(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The body a recommendation goes to ("Council", "each respective Council"), if named."""
    window = text[start : min(end, start + 400)]
    m = _RECOMMENDED_TO.search(window)
    if m is None:
        return None
    group = "body" if m["body"] else "body2"
    words = m[group].strip()
    begin = start + m.start(group) + (len(m[group]) - len(m[group].lstrip()))
    return words, begin, begin + len(words)

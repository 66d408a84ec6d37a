"""Conditions in one part's words: "subject to ..." clauses and their kinds.

Moved out of :mod:`govledger.ingest.extract` (which re-exports these names).
"""

from __future__ import annotations

import re

import attrs

from ._words import mentions

__all__ = ["MAX_CLAUSE", "FoundCondition", "condition_kind", "find_conditions"]

#: "subject to ...", "conditional upon ...", and "subject to:" with its objects on the lines
#: after it.
_SUBJECT_TO = re.compile(
    r"\b(?:subject\s+to|conditional\s+(?:up)?on)(?:\s*:)?\s+(?!\s|(?:the\s+)?call[\s-]*in\b)"
    # "on condition that ...", and a step gated on another being done: "to sign the
    # agreement once it has been finalised", "once the lease has been completed"
    r"|\bon\s+(?:the\s+)?condition\s+that\s+"
    r"|\bonce\s+(?=[^.;:]{0,120}?\b(?:has|have)\s+(?:first\s+)?been\s+[a-z]+ed\b)"
    # "provided that ...", "..., provided detailed costs do not exceed ...": a gate on it
    r"|\bprovid(?:ed|ing)\s+(?:always\s+)?that\s+"
    r"|(?<=,)\s*provided\s+(?=(?:the|all|any|no|there|it|they|such|detailed|final)\b)",
    re.I,
)
_CLAUSE_END = re.compile(
    r";|\.(?=\s|$)|,\s+(?:and|but|with|so|which)\s|\s+be\s+(?:agreed|approved|noted|endorsed|"
    r"adopted|supported|accepted)\b|\s+and\s+(?:that|to)\s|\s+and\s+(?=subject\s+to\b)|\s+\((?:\d|[a-z])\)\s|\n\s*\n|:\s*$"
    # a last condition with no full stop ends where the next line opens a field ("Reason
    # for decision: ..."), a numbered line or a heading in capitals ("RESOLVED")
    r"|\n(?=[ \t]*(?-i:[A-Z][\w ()/'’-]{2,40}:|\(?(?:\d{1,2}|[a-z]|[ivx]{1,4})[).][ \t]|"
    r"[A-Z]{4,}\b))",
    re.I,
)


#: What may stand before a condition that opens its clause: a part's label, "That", "to",
#: a heading ("RESOLVED -"), or a clause's start after a semicolon or a stop.
_OPENS_CLAUSE = re.compile(
    r"(?:^|\n|[.;:]|\(\w{1,4}\)|\b\w{1,4}[.)])[ \t\xa0]*(?:(?:and\s+)?that,?|to|and|"
    r"(?:it\s+was\s+)?(?:resolved|agreed|decided)(?:\s*[-–:]\s*|\s+that,?)?)?[ \t\xa0]*$",
    re.I,
)
#: The comma closing such a condition (not one inside brackets or a list of names).
_LEAD_COMMA = re.compile(r",\s+(?=(?:to|that|the|it|this|these|authority|delegated|[A-Z])\b)")

#: A gate whose subject is a pronoun ("once it has been finalised"), and how far back the
#: words naming what it stands for are read.
_PRONOUN = re.compile(r"once\s+(?:it|they|this|these|that)\b", re.I)
_ANTECEDENT = 120
_GRANTED = re.compile(r"\b(?:authori[sz]ed|delegat\w*|empowered)\b", re.I)
_CONSULTATION = re.compile(r"subject\s+to\s+(?:prior\s+)?consultation\s+with\b", re.I)
#: A grant of power earlier in the sentence: a "provided that" after it limits the grant
#: (read with the delegation), it is no condition on the decision.
_GRANT_BEFORE = re.compile(r"\b(?:authori[sz]ed|delegat\w*|empowered)\b(?![^.;]*[.;])", re.I)

#: The longest condition, role list or delegation clause read (characters): every
#: search is bounded, so a page of run-on clauses is read in linear time.
MAX_CLAUSE = 600


@attrs.frozen(kw_only=True)
class FoundCondition:
    """A "subject to ..." clause: its words and kind."""

    start: int
    end: int
    words: str
    kind: str


def condition_kind(words: str) -> str:
    """The :class:`~govledger.events.ConditionKind` value a condition's words suggest."""
    lowered = words.lower()
    if re.search(r"no\s+material\s+change|material\s+changes?|no\s+significant\s+change", lowered):
        return "no_material_change"
    if re.search(
        r"(?:conclu\w+|complet\w+|sign(?![\s-]+off)\w*|execut\w+|entering\s+into|finalis\w+|complet\w+)"
        r"[^;]{0,60}\b(?:agreements?|deeds?|contracts?|leases?)\b|\b(?:agreements?|deeds?|contracts?|leases?)\b[^;]{0,40}\b(?:being|is|are)\s+"
        r"(?:concluded|signed|completed|entered|finalised|agreed)|\blegal\s+agreements?\b|"
        r"\bsuitable\s+agreements?\b|"
        # "subject to the exit plan being signed by all three councils": a document signed
        r"\b(?:being|is|are|been|be)\s+(?:duly\s+)?(?:signed|sealed|executed)\b",
        lowered,
    ):
        return "agreement_concluded"
    if "business case" in lowered:
        return "business_case"
    if re.search(r"\bwithin\s+(?:the\s+)?(?:\w+\s+){0,2}?budgets?\b", lowered):
        return "other"  # "the tendered price being within the budget agreed by each council"
    if re.search(
        # "subject to X's Cabinet taking (making) the same decision"
        r"\bsimilar\b|\bsame\s+(?:decisions?|approvals?|resolutions?)\b|\b(?:approv\w*|agree\w*|consent|endors\w*|adopt\w*|ratif\w*|decisions?)\b[^;]{0,80}\b"
        r"(?:council|cabinet|executive|committee|board|partner|authorit\w+)|\b(?:council|cabinet|"
        r"executive|committee|partner|authorit\w+)s?\b[^;]{0,60}\b(?:approv\w*|agree\w*|"
        # "X Council confirming the appointment", "X, Y and Z passing resolutions to the
        # same effect": the partner's own decision
        r"consent\w*|endors\w*|adopt\w*|confirm\w*|ratif\w*|resolv\w*|pass\w*\s+(?:a\s+)?resolutions?)|"
        # "passing resolutions to the same effect"
        r"\bto\s+the\s+same\s+effect\b",
        lowered,
    ):
        return "member_approval"
    return "other"


def find_conditions(text: str, start: int, end: int) -> list[FoundCondition]:
    """Every "subject to ..." clause in ``text[start:end]``."""
    found: list[FoundCondition] = []
    if not mentions(text, start, end, ("subject", "condition", "once", "provid")):
        return found
    matches = list(_SUBJECT_TO.finditer(text, start, end))
    for index, m in enumerate(matches):
        following = matches[index + 1].start() if index + 1 < len(matches) else end
        bound = min(end, m.end() + MAX_CLAUSE, following)  # a new "subject to" ends it
        stop = _CLAUSE_END.search(text, m.end(), bound)
        clause_end = bound if stop is None else stop.start()
        if _OPENS_CLAUSE.search(text, max(start, m.start() - 40), m.start()) or m.start() == start:
            # "Subject to the safeguard in paragraph 5, to give consent to ...": a condition
            # that opens its clause ends at its comma, where the decision begins
            comma = _LEAD_COMMA.search(text, m.end(), clause_end)
            if comma is not None:
                clause_end = comma.start()
        while clause_end > m.start() and text[clause_end - 1] in " ,\xa0\n":
            clause_end -= 1
        words = text[m.start() : clause_end]
        if len(words) <= len(m.group()) + 2:
            continue
        if m.group().strip().lower().startswith("provid") and _GRANT_BEFORE.search(
            text, max(start, m.start() - MAX_CLAUSE // 2), m.start()
        ):
            continue  # "X be authorised to accept the tender, provided that ...": its limit
        kind = condition_kind(words)
        if (
            kind == "other"
            and _CONSULTATION.match(words)
            and _GRANTED.search(text, max(start, m.start() - MAX_CLAUSE // 2), m.start())
        ):
            continue  # after a grant, "subject to consultation with X": its consultees
        if kind == "other" and _PRONOUN.match(words):
            # "to sign the agreement once it has been finalised": what "it" is says the kind
            kind = condition_kind(text[max(start, m.start() - _ANTECEDENT) : clause_end])
        found.append(FoundCondition(start=m.start(), end=clause_end, words=words, kind=kind))
    return found

"""The role a date plays in the words around it: decided, published, effective, due ...

Moved out of :mod:`govledger.ingest.dates`.
"""

from __future__ import annotations

import re

from .dates import DateRole, FoundDate, find_dates

__all__ = ["PAST_FROM", "in_period", "names_earlier_minutes", "negated_before", "role_of"]


_ROLE_CUES: list[tuple[DateRole, re.Pattern[str]]] = [
    ("call_in_deadline", re.compile(r"call[\s-]*in\b[^.\n]{0,60}(?:deadline|expir\w*|expiry|ends?|by|until|date)[\s:]*$|call[\s-]*in\s+(?:deadline|expiry(?:\s+date)?|period\s+ends)\s*:[^\n]{0,25}$|(?:deadline|expiry date|last\s+(?:day|date))\s+for\s+call[\s-]*in[\s:]*$|(?:expiry|end)\s+of\s+(?:the\s+)?call[\s-]*in(?:\s+period)?[\s:]*$|(?:deadline|expiry\s+date|last\s+day)\s+for\s+(?:a\s+)?call(?:ing)?[\s-]*in\b[^.\n]{0,60}?\b(?:is|will\s+be)\s+(?:\d{1,2}(?:[.:]\d{2})?\s*[ap]\.?m\.?\s+)?(?:on\s+)?$", re.I)),  # noqa: E501
    ("published", re.compile(r"(?:publi(?:shed|cation)|date\s+of\s+publication|notice\s+(?:issued|published))[^.\n]{0,20}[\s:]*(?:on\s+)?$", re.I)),  # noqa: E501
    ("effective", re.compile(r"(?:as\s+from|with\s+effect\s+from|w\.e\.f\.?|effective(?:\s+(?:from|date|on))?|come\s+into\s+(?:force|effect)\s+(?:on|from|in)|comes\s+into\s+(?:force|effect)\s+(?:on|from|in)|takes?\s+effect\s+(?:on|from|in|at\s+(?:the\s+)?end\s+of)|in\s+force\s+(?:on|from)|started\s+in\s+post\s+on|start(?:ed|s)?\s+on|begin(?:s|ning)?\s+(?:on|from)|(?:start(?:ing)?|commencement|go[\s-]live)\s+date\s+(?:of|is|will\s+be)|commenc\w*\s+(?:on|from)|implemented\s+(?:from|on)(?:\s+and\s+including)?|implementation\s+date|date\s+of\s+implementation|(?:term|period|appointment|contract|agreement|arrangement)\s+(?:commencing|starting|beginning)|from)[\s:-]*(?:the\s+)?$", re.I)),  # noqa: E501
    ("due", re.compile(r"(?:(?:for|to|at|in\s+time\s+for)\s+(?:the\s+|its\s+)?(?:next|following)\s+(?:meeting|committee|cabinet)[^.;\n]{0,30}?(?:\s+(?:in|on|of))?|(?:\b(?:to|will|shall|should|must)\s+(?:be\s+)?|\bbe\s+|\(\w{1,4}\)\s*|^\s*)(?:review(?:ed)?|revisit(?:ed)?|reconsider(?:ed)?|report(?:ed)?\s+back)\b[^.;\n]{0,60}?\s(?:in|during)|\bby|no\s+later\s+than|not\s+later\s+than|before|deadline\s+of|due\s+(?:on|by)?)\s+(?:the\s+)?$", re.I)),  # noqa: E501
    ("decided", re.compile(r"(?:meeting(?!s)|date\s+of\s+(?:the\s+)?(?:decision|meeting)|decision\s+date|decided\s+on|decision\s+made|held\s+on|meeting\s+date|made\s+on)[^.\n]{0,40}[\s:-]*$|\bheld\b(?:[^.]|(?<=\d)\.(?=\d)){0,90}?\bon\s+$", re.I)),  # noqa: E501 (a time's stop: "held at 4.30 pm on")
]  # fmt: skip


#: A list's heading on its own line ("Decisions published", then "26/09/2024 - <title>"):
#: no label of the date on the line below.
_LIST_HEADING = re.compile(r"\bpubli(?:shed|cations?)[ \t\xa0]*\n[ \t\xa0]*$", re.I)
_MADE_BY_ON = re.compile(r"\bdecisions?\s+(?:made|taken)\s+by\b[^.\n]{0,180}?\bon\s+$", re.I)
_IMMEDIATE = re.compile(r"immediate\s+effect", re.I)
_FIELD_LABEL = re.compile(r"\s*(?:[A-Z][\w ?'()/-]{2,40}:|\|\s*[A-Z][\w ?'()/-]{2,40}\|)")
#: The meeting whose minutes are being confirmed ("To confirm the minutes of the meeting
#: held on 18 March 2021", "That the Minutes of the Council meeting held on 23rd June"):
#: an earlier meeting's date, never this decision's.
_MINUTES_APPROVED = re.compile(
    r"(?:\b(?:confirm(?:s|ed|ing)?|approv(?:e|es|ed|ing|al\s+of)|sign(?:s|ed|ing)?|agree[ds]?|"
    r"adopt(?:s|ed)?|accept(?:s|ed)?|receiv(?:e|es|ed|ing)|that),?\s+(?:formally\s+)?"
    # "To approve, as a correct record, the non-exempt minutes of ...": a word or two
    # between the article and the minutes
    r"(?:as\s+a\s+(?:correct|true)\s+record,?\s+)?the\s+(?:[\w-]+\s+){0,2}?"
    r"(?:minutes|record\s+of\s+proceedings)"
    # "C. The Minutes of the Council held on 11 February" listed as before the meeting: with
    # its article, a sentence about those minutes (the page's own heading has none)
    r"|\bthe\s+minutes)\s+of\b[^.\n]{0,80}$",
    re.I,
)
#: A line that is an editorial note, not the record: "(Note: ...", "Editor's note: ...".
_NOTE = re.compile(
    r"[ \t]*[(\[]?[ \t]*(?:(?:editor|clerk)(?:'|’)?s[ \t]+|editorial[ \t]+)?notes?\b[ \t]*[:.-]",
    re.I,
)
#: An agenda's link to minutes to approve: "Minutes of meeting Monday, 9 September 2019 of
#: Shared Waste Joint Committee" (the body after the date; a page's own title has it before).
_MINUTES_TITLE = re.compile(
    r"\bminutes\s+of\s+(?:the\s+)?(?:previous\s+|last\s+)?meeting\s+$", re.I
)
_OF_BODY = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?[A-Z]")
_NOT_THE_DECISION = re.compile(r"first\s+published|proposed\s+decision|forward\s+plan", re.I)


def names_earlier_minutes(text: str, found: FoundDate) -> bool:
    """Whether *found* dates the meeting whose minutes are being confirmed ("To confirm
    the minutes of the meeting held on 18 March 2021"): never this page's decision date."""
    line_start = text.rfind("\n", max(0, found.start - 120), found.start) + 1
    return (
        _MINUTES_APPROVED.search(text, max(line_start, found.start - 120), found.start) is not None
    )


#: A period told as what was ("the protocol that applied from", "which ran from"): its
#: start is no effect this decision gives; an arrangement being made ("to extend the
#: agreement from ... to ...", "be seconded ... from ... until ...") starts then.
PAST_FROM = re.compile(
    r"\b(?:applied|ran|operated|existed|lasted|was|were|had(?:\s+been)?|has\s+been|"
    r"have\s+been|been)\b(?:\s+[a-z]+){0,2}\s+from\s+(?:the\s+)?$"
    # "a contract for the term from 1 April to 31 March": the span a thing covers
    r"|\b(?:term|period|years?|months?|duration)\s+from\s+(?:the\s+)?$",
    re.I,
)
_PERIOD_TO = re.compile(r"\s*(?:to|until|till|[-–])\s+(?:the\s+)?", re.I)
_PERIOD_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$", re.I)
#: A "from" that is an effect's start, even where a period's end follows.
_EFFECT_FROM = re.compile(
    r"(?:effect|as|effective|force|commenc\w*|apply|applies|operat\w*)\s+from\s+(?:the\s+)?$",
    re.I,
)


def in_period(text: str, found: FoundDate) -> bool:
    """Whether *found* is either end of a period "from <date> to <date>" ("applied from 13
    May 2020 to 24 November 2021", a consultation "from ... until ..."): a span of time, no
    task's deadline."""
    to = _PERIOD_TO.match(text, found.end, found.end + 12)
    if to is not None and _PERIOD_FROM.search(text, max(0, found.start - 12), found.start):
        after = find_dates(text, start=to.end(), end=min(len(text), to.end() + 40))
        if after and after[0].start == to.end():
            return True
    for before in find_dates(text, start=max(0, found.start - 60), end=found.start):
        to = _PERIOD_TO.match(text, before.end, found.start)
        if to is not None and to.end() == found.start:
            return _PERIOD_FROM.search(text, max(0, before.start - 12), before.start) is not None
    return False


#: Words (lower case) one of which each cue's every match holds: a cue is searched for
#: only where one occurs (the cues end at ``$``, so a search tries every position).
_CUE_WORDS: dict[DateRole, tuple[str, ...]] = {
    "call_in_deadline": ("call",),
    "published": ("publi", "notice"),
    "effective": (
        "from", "w.e.f", "effect", "force", "start", "begin", "commenc", "live", "implement",
    ),
    "due": (
        "next", "following", "review", "revisit", "reconsider", "report", "by", "later",
        "before", "deadline", "due",
    ),
    "decided": ("meeting", "date", "deci", "held", "made"),
}  # fmt: skip
_NOT_THE_DECISION_WORDS = ("published", "decision", "plan")
_MINUTES_WORDS = ("minutes", "record")


def _may_hold(lowered: str | None, words: tuple[str, ...]) -> bool:
    """Whether *lowered* (ASCII text in lower case; ``None``: any other text, which
    case-blind matching may fold otherwise) holds one of *words*."""
    return lowered is None or any(word in lowered for word in words)


def _after_a_dated_row(text: str, line_start: int) -> bool:
    """Whether the line before *line_start* is a short row that ends with a date."""
    if line_start < 2:
        return False
    prev_start = text.rfind("\n", max(0, line_start - 122), line_start - 1) + 1
    row = text[prev_start : line_start - 1].rstrip(" \t\xa0|")
    if not prev_start or not row or len(row) > 120:
        return False
    days = find_dates(text, start=prev_start, end=prev_start + len(row))
    return bool(days) and days[-1].end == prev_start + len(row)


def role_of(text: str, found: FoundDate) -> DateRole:
    """The role the words before *found* give it: ``effective``, ``due``, ``decided`` ...

    Only the last few words of the same paragraph count; with no cue it is ``other``.
    """
    if _IMMEDIATE.search(found.words):
        return "effective"
    low = max(0, found.start - 200)
    paragraph = max(
        text.rfind("\n\n", low, found.start), text.rfind("\n \n", low, found.start), low - 1
    )
    line_start = max(text.rfind("\n", low, found.start) + 1, low)
    if _FIELD_LABEL.match(text, line_start, found.start) or _after_a_dated_row(text, line_start):
        # a "Label: date" field, or a row of fields ("Decision Date 12 February 2024"
        # above "Call-In Expiry Date 20 February 2024"): only its own label counts
        paragraph = line_start - 1
    before = text[max(paragraph + 1, found.start - 80) : found.start]
    lowered = before.lower() if before.isascii() else None
    if _may_hold(lowered, _NOT_THE_DECISION_WORDS) and _NOT_THE_DECISION.search(before):
        return "other"
    if _may_hold(lowered, _MINUTES_WORDS) and _MINUTES_APPROVED.search(before):
        return "other"
    before = " ".join(before.split()) + (" " if before[-1:].isspace() else "")
    for role, cue in _ROLE_CUES:
        if _may_hold(lowered, _CUE_WORDS[role]) and cue.search(before):
            if role == "published" and _LIST_HEADING.search(
                text, max(0, found.start - 80), found.start
            ):
                continue  # "Decisions published" over a list of dated decisions: a heading
            if role == "decided" and (
                found.is_period
                or _NOTE.match(text, line_start)
                or (_MINUTES_TITLE.search(before) and _OF_BODY.match(text, found.end))
            ):
                # "the Committee's meeting in June 2021": a decision has a day; "(Note: first
                # considered by the Cabinet at their meeting on 3 May)": an earlier meeting
                return "other"
            if (
                role == "effective"
                and not _EFFECT_FROM.search(before)
                and PAST_FROM.search(before)
                and in_period(text, found)
            ):
                return "other"  # "the protocol that applied from 2 May 2021 to 30 June 2022"
            return role
    # "DECISIONS made by the Leader and Lead Member for ..., Councillor X, on 25 January
    # 2022": a long title between the words and the day
    if _MADE_BY_ON.search(text, max(paragraph + 1, found.start - 200), found.start):
        return "decided"
    return "other"


#: A clause that says a thing is not to happen: "the reports are not submitted to Cabinet
#: until July", "no further payments be made before April": its date is no task's due day.
_NEGATED = re.compile(
    r"\b(?:not|never|no\s+longer)\b|\bno\s+(?:further\s+|new\s+|more\s+)?[a-z]+\s+"
    r"(?:be|is|are|will|shall|to)\b",
    re.I,
)


def negated_before(text: str, found: FoundDate, start: int) -> bool:
    """Whether the clause before *found* (back to ``start``, a ``;`` or a full stop) says
    the thing it dates is not to be done."""
    low = max(start, found.start - 160)
    stops = [
        text.rfind(c, low, found.start) + len(c)
        for c in (";", ". ", ".\n", ", and ", " and that ", " and the ")
        if text.rfind(c, low, found.start) >= 0
    ]
    clause = max([low, *stops])
    return _NEGATED.search(text, clause, found.start) is not None

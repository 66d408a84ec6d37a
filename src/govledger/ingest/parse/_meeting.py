"""The meeting's own facts: the deciding body, its dates and call-in."""

from __future__ import annotations

import re

from .._folded import holds, holds_all
from ..date_roles import names_earlier_minutes, role_of
from ..dates import find_dates
from ..draft import Field
from ..structure import Block, ItemSpan, lines_of
from ._reader import _Reader, _role_date

_BODY_PATTERNS = [
    re.compile(
        r"^\s*(?:Decided\s+at\s+)?Meeting\s*:\s*[\d/.]+\s*[-–—]\s*(?P<body>[^(\n]+?)\s*(?:\(|$)",
        re.I | re.M,
    ),
    re.compile(
        r"^\s*(?:Decision\s+(?:maker|taker)|Meeting\s+of|Decided\s+by|Committee|Body)\s*:\s*"
        r"(?P<body>[^\n]+?)\s*$",
        re.I | re.M,
    ),
    re.compile(
        r"\bminutes\s+of\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?meeting\s+of\s+(?:the\s+)?"
        r"(?P<body>[^\n]+?)\s+(?:held|which\s+was\s+held|on)\b",
        re.I,
    ),
    re.compile(
        r"^\s*(?P<body>(?:[A-Z][\w&,'’]*\s+){0,8}?(?:Council|Cabinet|Executive|Committee|Board|"
        r"Panel|Group|Commission))\s*(?:[-–—,]\s*[^\n]*)?$",
        re.M,
    ),
]
_CALL_IN_NO = re.compile(
    r"\bnot\s+subject\s+to\s+call[\s-]*in\b|\bcall[\s-]*in\s+(?:does\s+not|will\s+not|shall\s+not)"
    r"\s+apply|\bsubject\s+to\s+call[\s-]*in\s*\??\s*:?\s*no\b|\bexempt(?:ed)?\s+from\s+call[\s-]*in\b|"
    r"\bcall[\s-]*in\s+(?:has\s+been\s+)?waived\b",
    re.I,
)
_CALL_IN_YES = re.compile(
    r"\bsubject\s+to\s+call[\s-]*in\s*\??\s*:?\s*(?:yes\b)?|\bcall[\s-]*in\s+(?:deadline|period|"
    r"expiry)|\bunless\s+(?:it\s+is\s+)?called[\s-]*in\b",
    re.I,
)

#: A word every match of the call-in patterns holds (tested first: a page without it is
#: not searched with them).
_CALLED = re.compile(r"call", re.I)


def _header_end(items: list[ItemSpan], blocks_by_item: list[list[Block]], text: str) -> int:
    first = items[0]
    if first.number is not None and first.number[1] > 0 and (len(items) > 1 or first.start > 0):
        # the page's heading ends at its first item heading: a date in the item's
        # narrative ("the minutes of the Board held on 24 June") is not the meeting's
        return items[0].start
    candidates = [b.marker_start for b in blocks_by_item[0]] if blocks_by_item else []
    limit = min(candidates) if candidates else len(text)
    return min(limit, 3000)


def _find_body(reader: _Reader, end: int) -> Field | None:
    """The deciding body: named in the page's heading, or failing that in one of the
    page's labelled fields wherever it is printed ("Decided at meeting: 24/09/2021 -
    Audit Committee" and "Decision maker: Cabinet" often follow the decision)."""
    searches = [
        (confidence, pattern, end)
        for confidence, pattern in zip((0.9, 0.9, 0.85, 0.6), _BODY_PATTERNS, strict=True)
    ]
    searches += [(0.85, pattern, len(reader.text)) for pattern in _BODY_PATTERNS[:2]]
    for confidence, pattern, limit in searches:
        for m in pattern.finditer(reader.text[:limit]):
            words = m["body"].strip().rstrip(",.:;-–")
            words = re.sub(r"^the\s+", "", words, flags=re.I)
            if not words or len(words) > 90 or re.search(r"\b(?:minutes|agenda)\b", words, re.I):
                continue
            if pattern is _BODY_PATTERNS[3] and len(m.group().strip()) > 100:
                continue
            start = m.start("body") + m["body"].find(words)
            return reader.field(words, start, start + len(words), confidence)
    return None


_DECISION_EFFECT = re.compile(
    r"\b(?:the|this)\s+decisions?\s+(?:will\s+|shall\s+)?(?:takes?|come|comes|came|took)\s+"
    r"(?:effect|into\s+(?:force|effect))\s+(?:from|on)\b",
    re.I,
)
#: What a notice decides taking effect, in the present or future tense: "the new
#: arrangement takes effect from", "it will come into force on", "will be implemented from".
_NOTICE_EFFECT = re.compile(
    r"\b(?:the|this|these|it|they)\b(?:\s+[a-z]+){0,3}?\s+(?:will\s+|shall\s+|is\s+to\s+)?"
    r"(?:takes?|come|comes|be\s+implemented|is\s+implemented|are\s+implemented)"
    r"(?:\s+(?:effect|into\s+(?:force|effect)))?\s+(?:from|on)\b",
    re.I,
)
_CALL_IN_BY = re.compile(
    r"\b(?:deadline|last\s+day|expiry\s+date)\s+for\s+(?:a\s+)?call(?:ing)?[\s-]*in\b|"
    r"\bcall[\s-]*in\s+(?:period\s+)?(?:deadline|expires|ends)\b|\bcalled\s+in\s+(?:until|by|before)\b",
    re.I,
)
#: "The decisions ... will come into force, and may be implemented, after 5.00 pm on
#: <date> unless they are called in": the call-in deadline, told before the call-in.
_IMPLEMENTED_AFTER = re.compile(
    r"\b(?:come\s+into\s+force|be\s+implemented|take\s+effect)\b[^.]{0,60}?\bafter\b"
    r"(?=(?:[^.]|(?<=\d)\.(?=\d)){0,80}?\bunless\b[^.]{0,40}?\bcall(?:ed)?[\s-]*in\b)",
    re.I,
)
#: A "Label: value" line, or a table row "| Decision date | 7 Nov 2023 |"
#: Words every match of the pattern before holds (all of them for ``_IMPLEMENTED_AFTER``):
#: each is searched over the whole page only where the page holds them.
DECISION_EFFECT_WORDS = ("decision",)
NOTICE_EFFECT_WORDS = ("take", "come", "implemented")
CALL_IN_BY_WORDS = ("call",)
IMPLEMENTED_AFTER_WORDS = ("after", "unless", "call")
_FIELD = re.compile(r"^\s*(?:[A-Z][\w ?'()/-]{2,40}:|\|\s*[A-Z][\w ?'()/-]{2,40}\|)\s*\S")
_DATED_TITLE = re.compile(r"\s*\d{1,2}/\d{1,2}/\d{4}\s+[-–]\s+\S")


#: The words after a "held on <date>" that make it a sentence about that meeting (its
#: minutes "were submitted", "are not a correct record"), not the page's own heading.
_PREDICATE_AFTER = re.compile(
    r"[^.\n]{0,60}?\b(?:are|were|was|is|be|been|had\s+been)\s+(?!held\b)\w", re.I
)


def _header_dates(
    reader: _Reader, end: int, blocks: list[tuple[int, int]], *, notice: bool = False
) -> dict[str, Field]:
    """The meeting's own dates: in the heading, and in "Label: date" lines outside decisions.

    On a *notice* (one item's decision) a sentence outside the decision saying when what
    it decides takes effect gives the effective date.
    """
    found: dict[str, Field] = {}
    text = reader.text
    for date_found in find_dates(text, start=0, end=end):
        role = role_of(text, date_found)
        if role in {"other", "due"} or role in found:
            continue
        if role == "decided" and _PREDICATE_AFTER.match(text, date_found.end):
            continue  # "the minutes of the meeting held on 24 June were submitted"
        found[role] = _role_date(reader, date_found, role)
    for line in lines_of(text, end):
        if len(line.text) > 120 or not _FIELD.match(line.text):
            continue
        if any(a <= line.start < b for a, b in blocks):
            continue
        for date_found in find_dates(text, start=line.start, end=line.end):
            role = role_of(text, date_found)
            if role in {"other", "due"} or role in found:
                continue
            found[role] = _role_date(reader, date_found, role)
    if "effective" not in found:
        # "The decision takes effect from 1 April 2024.", wherever the notice says it
        # (often under its reasons or the options considered), outside the parts.
        for m in _DECISION_EFFECT.finditer(text) if holds(text, DECISION_EFFECT_WORDS) else ():
            if any(a <= m.start() < b for a, b in blocks):
                continue
            days = find_dates(text, start=m.end(), end=min(len(text), m.end() + 40))
            if days and days[0].start - m.end() <= 5:
                found["effective"] = _role_date(reader, days[0], "effective")
                break
    if "effective" not in found and notice:
        # "Reasons: ... the extension takes effect from 1 April 2024." under another heading
        for m in _NOTICE_EFFECT.finditer(text) if holds(text, NOTICE_EFFECT_WORDS) else ():
            if any(a <= m.start() < b for a, b in blocks):
                continue
            days = find_dates(text, start=m.end(), end=min(len(text), m.end() + 40))
            if days and days[0].start - m.end() <= 5 and not days[0].is_period:
                found["effective"] = _role_date(reader, days[0], "effective")
                break
    if "call_in_deadline" not in found:
        # "The deadline for calling in this decision is 5.00 pm on 29 November 2019.",
        # a closing sentence of the notice, outside the parts
        # (gated: each pattern scans the whole page, and most pages name no call-in)
        by = _CALL_IN_BY.finditer(text) if holds(text, CALL_IN_BY_WORDS) else ()
        after = (
            _IMPLEMENTED_AFTER.finditer(text) if holds_all(text, IMPLEMENTED_AFTER_WORDS) else ()
        )
        for m in (*by, *after):
            if any(a <= m.start() < b for a, b in blocks):
                continue
            days = find_dates(text, start=m.end(), end=min(len(text), m.end() + 80))
            if days and role_of(text, days[0]) not in {"published", "decided", "effective"}:
                found["call_in_deadline"] = _role_date(reader, days[0], "call_in_deadline")
                break
    if "decided" not in found:
        for line in lines_of(text, 0, end)[:15]:
            # "26/01/2021 - <the title>": an issue page's decision line, however long
            if len(line.text.strip()) > 100 and not _DATED_TITLE.match(line.text):
                continue
            days = [
                d for d in find_dates(text, start=line.start, end=line.end) if d.earliest is None
            ]
            # "Minutes - 19 May and 23 June" names those meetings, not this; a sentence
            # about a meeting ("... held on 23 June are not a correct record.") is no heading
            # "To confirm the minutes of the meeting held on 18 March" dates that meeting
            days = [d for d in days if not names_earlier_minutes(text, d)]
            if len(days) == 1 and not _PREDICATE_AFTER.match(text, days[0].end, line.end):
                found["decided"] = _role_date(reader, days[0], "decided")
                break
    return found


def _call_in(reader: _Reader, end: int) -> tuple[Field | None, int | None]:
    """Whether the page says the decision is subject to call-in, and where it says so."""
    if _CALLED.search(reader.text) is None:
        return None, None  # every call-in pattern needs the word
    window = reader.text[: max(end, 0)] + "\n"
    no = _CALL_IN_NO.search(reader.text)
    if no is not None:
        return reader.field(False, no.start(), no.end(), 0.85), no.start()
    yes = _CALL_IN_YES.search(window) or _CALL_IN_YES.search(reader.text)
    if yes is not None:
        return reader.field(True, yes.start(), yes.end(), 0.8), yes.start()
    return None, None

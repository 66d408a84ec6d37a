"""What a motion asked for, its stated result, its mover and its seconder, from words.

Read from the paragraph that reports a vote or a motion's fate.
"""

from __future__ import annotations

import re

import attrs

from ._folded import fold
from .tally import FoundVote

__all__ = [
    "MOVER",
    "MOVING",
    "SECONDER",
    "SECONDING",
    "motion_asks",
    "motion_result",
    "mover_and_seconder",
    "paragraph_start",
    "with_motion_facts",
]

# --------------------------------------------------------------------------- motions

#: What a motion asked for, tested in this order on the words that report it.
_PURPOSES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "exclude_public",
        re.compile(
            r"\bexclu(?:de|sion\s+of)\s+(?:the\s+)?(?:press|public)\b|\bpublic\s+be\s+excluded\b",
            re.I,
        ),
    ),
    (
        "suspend_rules",
        re.compile(
            r"\bsuspen(?:d|ded|sion\s+of)\s+(?:the\s+)?(?:council\s+)?(?:procedure\s+rules?|"
            r"standing\s+orders?|rules?\s+of\s+procedure|council\s+procedure)",
            re.I,
        ),
    ),
    (
        "recorded_vote",
        re.compile(
            r"\b(?:requested|asked\s+for|moved|motion\s+for|request\s+for|call(?:ed)?\s+for)\s+"
            r"(?:that\s+)?(?:a\s+)?(?:recorded|named)\s+vote\b|\bthat\s+(?:the\s+)?vot(?:e|ing)\s+"
            r"be\s+recorded\b",
            re.I,
        ),
    ),
    (
        "move_to_vote",
        re.compile(
            r"\bquestion\s+be\s+now\s+put\b|\bmove\s+to\s+the\s+vote\b|\bclosure\s+motion\b|"
            r"\bthat\s+the\s+vote\s+be\s+(?:now\s+)?taken\b",
            re.I,
        ),
    ),
    ("adjourn", re.compile(r"\badjourn", re.I)),
    (
        "take_separately",
        re.compile(
            r"\b(?:taken|voted\s+(?:on|upon)|put|considered)\s+separately\b|\bseparate\s+votes?\b",
            re.I,
        ),
    ),
    (
        "refer",
        re.compile(
            r"\b(?:motion|moved|proposed)\b[^.;]{0,80}?\brefer(?:red)?\s+(?:the\s+\w+\s+)?"
            r"(?:back\s+)?to\b",
            re.I,
        ),
    ),
    (
        "defer",
        re.compile(r"\b(?:motion|moved|proposed)\b[^.;]{0,80}?\b(?:defer|postpone|delay)", re.I),
    ),
)
_MOTION_MENTION = re.compile(r"\b(?:motion|recommendations?|proposal|proposition)\b", re.I)
_RESULT = re.compile(
    r"\b(?:was|were|is|being|been|declared|be)\s+(?:(?:therefore|then|duly|unanimously|"
    r"accordingly|declared|thereupon)\s+)*(?P<fate>carried|lost|defeated|not\s+carried|"
    r"rejected|withdrawn|passed|fell)\b|\b(?P<caps>CARRIED|LOST|FELL|WITHDRAWN)\b|"
    r"\b(?P<by>carried|lost|defeated|passed|rejected)\s+by\s+\S+\s+votes?\b|"
    r"\b(?P<fell>fell|falls)\b",
    re.I,
)
_PERSON = (
    r"(?:(?:the\s+)?(?:Leader|Deputy\s+Leader|Chair(?:man|woman)?|Vice[\s-]+Chair(?:man)?|Mayor|"
    r"Deputy\s+Mayor)(?:\s+of\s+the\s+Council)?|(?:Councillors?|Cllrs?\.?|Mr|Mrs|Ms|Miss|Dr)\.?\s+"
    r"[A-Z][\w'’.-]*"
    r"(?:[ \t]+(?!Mov|Second|Propos|And\b)[A-Z][\w'’-]*){0,2})"
)
#: A member's office set off by commas between the name and the verb ("Councillor
#: Hensby, Cabinet Member for Finance, moved"), or a bare comma.
_TITLE = r"(?:,[ \t]+(?!Councillor|Cllr)(?:the[ \t]+)?[A-Z][^,.;\n]{2,60},|,)?"
MOVER = re.compile(
    rf"\b(?i:(?:moved|proposed)\s+by)\s*:?\s+(?P<a>{_PERSON})|(?<!\bby\s)(?P<b>{_PERSON}){_TITLE}\s+(?:then\s+)?(?:moved|proposed)\b(?!\s+by\b)|"
    rf"(?:^|(?<=[;,]))\s*(?i:proposer|proposed|mover|moved)\s*(?i:by)?\s*[:\-–]\s*(?P<c>{_PERSON})|"
    rf"\b(?i:on\s+(?:the|a)\s+motion\s+(?:of|from|by))\s+(?P<d>{_PERSON})|"
    # "Councillor A presented the report. He proposed the recommendation.": the member
    # named before (resolved by mover_and_seconder)
    r"\b(?P<e>He|She)\s+(?:then\s+)?(?:moved|proposed)\b(?!\s+by\b)",
    re.M,
)
SECONDER = re.compile(
    rf"\b(?i:seconded\s+by)\s*:?\s+(?P<a>{_PERSON})|(?<!\bby\s)(?P<b>{_PERSON}){_TITLE}\s+(?:then\s+)?seconded\b(?!\s+by\b)|"
    rf"(?:^|(?<=[;,]))\s*(?i:seconder|seconded)\s*(?i:by)?\s*[:\-–]\s*(?P<c>{_PERSON})",
    re.M,
)

#: Words one of which every match of MOVER (of SECONDER) holds, in any case: keep them
#: in step with those patterns.
MOVING = re.compile(r"moved|proposed|proposer|mover|motion", re.I)
#: The words ``MOVING`` finds, for a gate by ``str.find``.
MOVING_WORDS = ("moved", "proposed", "proposer", "mover", "motion")
#: The words ``SECONDING`` finds.
SECONDING_WORDS = ("seconded", "seconder")
SECONDING = re.compile(r"seconded|seconder", re.I)


#: Words every match of ``_ANY_PURPOSE`` holds: words with none are not searched.
ANY_PURPOSE_WORDS = (
    "exclu", "suspen", "vot", "question", "closure", "adjourn", "separat", "refer", "defer",
    "postpone", "delay",
)  # fmt: skip
_ANY_PURPOSE = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _PURPOSES), re.I)


def motion_asks(words: str, kind: str) -> str | None:
    """What the motion reported in *words* asked for: a ``MotionPurpose`` value, or
    ``None`` when the words name no motion (a bare "following a vote")."""
    if kind == "amendment":
        return "amend"
    folded_words = fold(words)
    if any(w in folded_words for w in ANY_PURPOSE_WORDS) and _ANY_PURPOSE.search(words):
        # one pass; then the first purpose in order that matches
        for purpose, pattern in _PURPOSES:
            if pattern.search(words):
                return purpose
    if kind == "procedural":
        return "other"
    return "decide" if _MOTION_MENTION.search(words) else None


def motion_result(words: str) -> str | None:
    """The result the words state ("the amendment was LOST", "carried by 5 votes to 2"):
    a ``MotionResult`` value, or ``None``."""
    m = _RESULT.search(words)
    if m is None:
        return None
    fate = (m["fate"] or m["caps"] or m["by"] or m["fell"]).lower()
    if fate in {"carried", "passed"}:
        return "carried"
    if fate in {"fell", "falls"}:
        return "fell"
    if fate == "withdrawn":
        return "withdrawn"
    return "lost"


_NAMED_BEFORE = re.compile(_PERSON)


def _person(m: re.Match[str] | None, before: str = "") -> str | None:
    if m is None:
        return None
    if m.groupdict().get("e"):
        # "He proposed": the last member named in the words before (none: unknown)
        named = list(_NAMED_BEFORE.finditer(before, max(0, m.start() - 600), m.start()))
        return None if not named else " ".join(named[-1].group().split()).rstrip(".,")
    name = m["a"] or m["b"] or m["c"] or m.groupdict().get("d") or ""
    return " ".join(name.split()).rstrip(".,")


def mover_and_seconder(words: str) -> tuple[str | None, str | None]:
    """Who moved and who seconded the motion the words report (the last named of each)."""
    # every match holds one of the words of MOVING (or SECONDING): without them the
    # patterns, costly at each capital letter, are not run
    # (told by str.find in the fold: the words MOVING and SECONDING find)
    folded_words = fold(words)
    moving = any(w in folded_words for w in MOVING_WORDS)
    movers = list(MOVER.finditer(words)) if moving else []
    seconding = any(w in folded_words for w in SECONDING_WORDS)
    seconders = list(SECONDER.finditer(words)) if seconding else []
    return (
        _person(movers[-1] if movers else None, words),
        _person(seconders[-1] if seconders else None),
    )


def paragraph_start(text: str, low: int, at: int) -> int:
    cut = text.rfind("\n\n", max(low, at - 1500), at)
    return max(low, at - 1500) if cut == -1 else cut + 2


def with_motion_facts(text: str, low: int, vote: FoundVote) -> FoundVote:
    """*vote* with its motion's purpose, stated result, mover and seconder, read from the
    paragraph that reports it (never before *low*, the window's start)."""
    lead = paragraph_start(text, low, vote.start)
    sentence_start = max(text.rfind(".", lead, vote.start), lead)
    own = text[sentence_start : vote.end + 120]
    own = own[: (own.find(".", vote.end - sentence_start) + 1) or len(own)]
    mover, seconder = mover_and_seconder(text[lead : vote.end])
    return attrs.evolve(
        vote,
        purpose=motion_asks(text[lead : vote.end], vote.motion),
        result=motion_result(own),
        mover=mover,
        seconder=seconder,
    )

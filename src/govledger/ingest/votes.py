"""Reading the votes and motions recorded in a part's or an item's words.

Each function takes the whole text and a ``[start, end)`` window and returns what it
found with offsets into the text. A vote with no figures has ``None`` counts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

from ._words import mentions, sentences

__all__ = [
    "FoundMotion",
    "FoundVote",
    "find_motions",
    "find_votes",
    "motion_purpose",
    "moved_resolutions",
]

# --------------------------------------------------------------------------- votes

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
_NUM = r"(?:\d{1,4}|none|nil|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty)"  # noqa: E501
_ABST_WORD = r"(?:abst(?:-\s*)?ain(?:ed|ing|s)?|abst(?:-\s*)?en(?:-\s*)?tions?)"


def _n(word: str | None) -> int | None:
    if word is None:
        return None
    word = word.lower()
    if word in {"none", "nil"}:
        return 0
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word)


_TALLY_LABELLED = re.compile(
    rf"\b(?:for|in\s+favour)(?:\s+the\s+(?:motion|amendment|recommendations?|proposal))?"
    rf"\s*[:\-–=]?\s*\(?(?P<for>{_NUM})\)?\s*[,;]?\s*(?:and\s+)?"
    rf"against\s*[:\-–=]?\s*\(?(?P<against>{_NUM})\)?"
    rf"(?:\s*[,;]?\s*(?:and\s+|with\s+)?{_ABST_WORD}\s*[:\-–=]?\s*\(?(?P<abst>{_NUM})\)?)?",
    re.I,
)
_TALLY_COUNTED = re.compile(
    rf"\b(?P<for>{_NUM})\s+(?:(?:members?|councillors)\s+)?(?:votes?\s+|voting\s+|voted\s+)?"
    rf"(?:for|in\s+favour)(?:\s+of\s+the\s+\w+)?\s*[,;]?\s*"
    rf"(?:and\s+|with\s+)?(?P<against>{_NUM})\s+(?:votes?\s+)?against"
    rf"(?:\s*[,;]?\s*(?:and\s+|with\s+)?(?P<abst>{_NUM})\s+{_ABST_WORD})?",
    re.I,
)
#: "carried 8-3", "Carried (7:2:1)": the figures joined by dashes or colons after the verb.
_TALLY_DASHED = re.compile(
    r"\b(?P<verb>carried|agreed|approved|lost|defeated|rejected|being)\s*\(?(?P<a>\d{1,3})\s*[-–:]\s*"
    r"(?P<b>\d{1,3})(?:\s*[-–:]\s*(?P<abst>\d{1,3}))?(?!\d)\)?",
    re.I,
)
_TALLY_BY = re.compile(
    rf"(?:\b(?P<verb>carried|agreed|approved|lost|defeated|won|passed|rejected|fell|failed),?\s+)?"
    rf"(?:\bby\s+|(?<=,)\s*|(?<=\()\s*)(?P<a>{_NUM})\s+votes?,?\s+to\s+(?P<b>{_NUM})(?:\s+votes?)?"
    rf"(?:\s*[,;]?\s*(?:and\s+|with\s+)?(?P<abst>{_NUM})\s+{_ABST_WORD})?",
    re.I,
)
_UNANIMOUS = re.compile(
    r"\bunanimous(?:ly)?\b|\bnem\.?\s*con\.?(?=\W|$)|\bnemine\s+contradicente\b|\bwithout\s+dissent\b",
    re.I,
)
_CASTING = re.compile(r"\bcasting\s+vote\b", re.I)
#: A member's own vote against, asked to be recorded: "asked that his vote against
#: recommendation (1) be recorded", "wished it recorded that she voted against".
_MEMBER_AGAINST = re.compile(
    r"\b(?P<one>his|her)\s+vote\s+against\b[^.;]{0,120}?\brecorded\b|"
    r"\brecorded\s+that\s+(?P<one2>he|she)\s+(?:had\s+)?voted\s+against\b",
    re.I,
)
_VOTED = re.compile(
    r"\b(?:following|after|upon|on)\s+(?:a|the)\s+vote\b|\b(?:being\s+)?put\s+to\s+(?:the\s+|a\s+)?vote\b|"
    r"\b(?:up)?on\s+a\s+show\s+of\s+hands\b|\b(?:by|following|after)\s+a\s+show\s+of\s+hands\b|\bvote\s+was\s+taken\b|"
    r"\bby\s+a\s+(?:clear\s+|large\s+|narrow\s+|substantial\s+)?majority\b|\bmajority\s+vote\b",
    re.I,
)
_NAMED = re.compile(
    r"^\s*(?P<pos>for|against|abstain(?:ed|ing)?|abstentions?)(?:\s+the\s+(?:motion|amendment|"
    r"recommendations?))?\s*(?:\((?P<count>\d{1,3})\))?\s*[:\-–]\s*(?P<names>[^\n]+)$",
    re.I | re.M,
)


@attrs.frozen(kw_only=True)
class FoundVote:
    """A vote read from the text: counts (``None`` when not given) and flags."""

    start: int
    end: int
    in_favour: int | None
    against: int | None
    abstained: int | None
    unanimous: bool
    casting: bool
    motion: str = "substantive"
    casting_against: bool = False
    named: tuple[tuple[str, str], ...] = ()
    #: Whether ``named`` lists every member who voted (``False``: a count without names).
    named_complete: bool = True
    #: What the motion voted on asked for (a :class:`~govledger.events.MotionPurpose`
    #: value), its stated result (a ``MotionResult`` value), its mover and seconder:
    #: each ``None`` when the words do not say.
    purpose: str | None = None
    result: str | None = None
    mover: str | None = None
    seconder: str | None = None

    def to_value(self) -> dict[str, object]:
        """The vote as draft JSON data."""
        return {
            "for": self.in_favour,
            "against": self.against,
            "abstained": self.abstained,
            "unanimous": self.unanimous,
            "casting": self.casting,
            "casting_position": ("against" if self.casting_against else "for")
            if self.casting
            else None,
            "motion": self.motion,
            "named": [{"member": m, "position": p} for m, p in self.named],
            "named_complete": self.named_complete,
            "purpose": self.purpose,
            "result": self.result,
            "mover": self.mover,
            "seconder": self.seconder,
        }


def _names(text: str) -> list[str]:
    cleaned = re.sub(r"\b(?:Councillors?|Cllrs?\.?)\s+", "", text)
    cleaned = re.sub(r"\(\d+\)\s*$", "", cleaned.strip().rstrip(".;"))
    pieces = re.split(r"\s*,\s*|\s+and\s+|\s*;\s*", cleaned)
    return [p.strip() for p in pieces if p.strip() and p.strip().lower() not in {"none", "nil"}]


def _named_votes(text: str, start: int, end: int) -> list[FoundVote]:
    """A recorded vote printed as "For: Councillors A, B and C" lines, one vote for the run."""
    window = text[start:end]
    rows = list(_NAMED.finditer(window))
    if not rows or not any(r["pos"].lower() == "for" for r in rows):
        return []
    if not any(r["pos"].lower() == "against" for r in rows):
        return []
    if all(re.fullmatch(rf"\s*{_NUM}\s*", r["names"], re.I) for r in rows):
        return []  # "For: 7" lines: a tally, read elsewhere
    counts = {"for": 0, "against": 0, "abstain": 0}
    named: list[tuple[str, str]] = []
    complete = True
    for row in rows:
        position = row["pos"].lower()
        key = "for" if position == "for" else "against" if position == "against" else "abstain"
        bare = re.fullmatch(rf"\s*(?P<n>{_NUM})\s*\.?\s*", row["names"], re.I)
        members = [] if bare else _names(row["names"])
        stated = _n(bare["n"]) if bare else int(row["count"]) if row["count"] else None
        count = len(members) if stated is None else stated
        complete = complete and count == len(members)  # "For: 20" names nobody
        counts[key] += count
        named.extend((m, key) for m in members)
    first, last = rows[0], rows[-1]
    return [
        FoundVote(
            start=start + first.start("pos"),
            end=start + last.end("names"),
            in_favour=counts["for"],
            against=counts["against"],
            abstained=counts["abstain"]
            if any(r["pos"].lower()[:3] == "abs" for r in rows)
            else None,
            unanimous=False,
            casting=bool(_CASTING.search(window)),
            named=tuple(named),
            named_complete=complete,
        )
    ]


_VOTE_HINTS = (
    "unanim", "nem", "vote", "against", "dissent", "casting", "favour", "hands", "majority",
    "carried", "lost",
)  # fmt: skip


_GOES_ON = re.compile(rf"\s*(?:and\s+)?(?:against|{_ABST_WORD})\b", re.I)


def _tally_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of the window, a tally cut at a semicolon joined again ("For 5;
    Against 4; Abstain 0" is one vote)."""
    out: list[tuple[int, int]] = []
    for s_start, s_end in sentences(text, start, end):
        if out and text[out[-1][1] - 1] == ";" and _GOES_ON.match(text, s_start, s_end):
            out[-1] = (out[-1][0], s_end)
        else:
            out.append((s_start, s_end))
    return out


def find_votes(
    text: str, start: int, end: int, *, outside: Sequence[tuple[int, int]] = ()
) -> list[FoundVote]:
    """Every vote in ``text[start:end]``: one per sentence that records one.

    A vote starting inside one of the spans *outside* is left out (its motion's words are
    not read: the caller has read them already), though it still bounds the next vote's.
    """
    if not mentions(text, start, end, _VOTE_HINTS):
        return []
    votes = _named_votes(text, start, end)
    covered = [(v.start, v.end) for v in votes]
    for s_start, s_end in _tally_sentences(text, start, end):
        if any(a <= s_start < b for a, b in covered):
            continue
        sentence = text[s_start:s_end]
        vote = _vote_in(sentence, s_start)
        if vote is not None:
            votes.append(vote)
    out: list[FoundVote] = []
    low = start
    for vote in sorted(votes, key=lambda v: v.start):
        # each vote reads its motion's words after the vote before it: linear in all
        if not any(a <= vote.start < b for a, b in outside):
            out.append(with_motion_facts(text, low, vote))
        low = max(low, min(vote.end, end))
    return out


#: Words one of which every vote pattern below needs: a sentence without any is no vote
#: (tested once per sentence, before the patterns).
_VOTE_WORDS = (
    "against", "vote", "unanim", "nem", "casting", "hands", "dissent", "majority", "carried",
    "lost",
)  # fmt: skip


def _vote_in(sentence: str, offset: int) -> FoundVote | None:
    lowered = sentence.lower()
    if not any(word in lowered for word in _VOTE_WORDS):
        return None
    in_favour = against = abstained = None
    spans: list[tuple[int, int]] = []
    m = _TALLY_LABELLED.search(sentence) or _TALLY_COUNTED.search(sentence)
    if m is not None:
        in_favour, against, abstained = _n(m["for"]), _n(m["against"]), _n(m["abst"])
        spans.append(m.span())
    elif (dashed := _TALLY_DASHED.search(sentence)) is not None:
        first, second = int(dashed["a"]), int(dashed["b"])
        lost = dashed["verb"].lower() in {"lost", "defeated", "rejected"}
        in_favour, against = (min(first, second), max(first, second)) if lost else (first, second)
        abstained = None if dashed["abst"] is None else int(dashed["abst"])
        spans.append(dashed.span())
    else:
        by = _TALLY_BY.search(sentence)
        if by is not None:
            a, b = _n(by["a"]), _n(by["b"])
            verb = (by["verb"] or "").lower()
            lost = verb in {"lost", "defeated", "rejected", "fell", "failed"}
            if not verb and re.search(
                r"\b(?:lost|defeated|rejected|fell|not\s+carried)\b", sentence, re.I
            ):
                lost = True
            in_favour, against = (b, a) if lost else (a, b)
            abstained = _n(by["abst"])
            spans.append(by.span())
    if abstained is None:
        ab = re.search(
            rf"\b(?P<n>{_NUM})\s+{_ABST_WORD}|{_ABST_WORD}\s*[:\-–]?\s*(?P<m>{_NUM})\b",
            sentence,
            re.I,
        )
        if ab is not None and in_favour is not None:
            abstained = _n(ab["n"] or ab["m"])
    unanimous = _UNANIMOUS.search(sentence)
    casting = _CASTING.search(sentence)
    voted = _VOTED.search(sentence)
    for found in (unanimous, casting, voted):
        if found is not None:
            spans.append(found.span())
    if not spans and (member := _MEMBER_AGAINST.search(sentence)) is not None:
        # "asked for her vote against it to be recorded": one vote against, nothing else
        return FoundVote(
            start=offset + member.start(),
            end=offset + member.end(),
            in_favour=None,
            against=1 if member["one"] or member["one2"] else None,
            abstained=None,
            unanimous=False,
            casting=False,
            named_complete=False,
        )
    if not spans:
        return None
    motion = "substantive"
    if re.search(r"\bamendment\b", sentence, re.I):
        motion = "amendment"
    elif re.search(r"\bprocedural\b|\bmotion\s+to\s+(?:adjourn|defer|move\s+to)", sentence, re.I):
        motion = "procedural"
    start = offset + min(a for a, _ in spans)
    end = offset + max(b for _, b in spans)
    return FoundVote(
        start=start,
        end=end,
        in_favour=in_favour,
        against=against,
        abstained=abstained,
        unanimous=unanimous is not None and not (against or 0),
        casting=casting is not None,
        motion=motion,
        casting_against=casting is not None
        and re.search(
            r"casting\s+vote\s+against|against\s+the\s+(?:motion|recommendation)", sentence, re.I
        )
        is not None,
    )


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
        re.compile(r"\b(?:motion|moved|proposed)\b[^.;]{0,80}?\b(?:defer|postpone)", re.I),
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
    r"Deputy\s+Mayor)(?:\s+of\s+the\s+Council)?|(?:Councillors?|Cllrs?\.?)\s+[A-Z][\w'’.-]*"
    r"(?:[ \t]+(?!Mov|Second|Propos|And\b)[A-Z][\w'’-]*){0,2})"
)
_MOVER = re.compile(
    rf"\b(?i:(?:moved|proposed)\s+by)\s*:?\s+(?P<a>{_PERSON})|(?<!\bby\s)(?P<b>{_PERSON}),?\s+(?:then\s+)?(?:moved|proposed)\b(?!\s+by\b)|"
    rf"^\s*(?i:proposer|proposed|mover|moved)\s*(?i:by)?\s*[:\-–]\s*(?P<c>{_PERSON})|"
    rf"\b(?i:on\s+(?:the|a)\s+motion\s+(?:of|from|by))\s+(?P<d>{_PERSON})",
    re.M,
)
_SECONDER = re.compile(
    rf"\b(?i:seconded\s+by)\s*:?\s+(?P<a>{_PERSON})|(?<!\bby\s)(?P<b>{_PERSON}),?\s+(?:then\s+)?seconded\b(?!\s+by\b)|"
    rf"^\s*(?i:seconder|seconded)\s*(?i:by)?\s*[:\-–]\s*(?P<c>{_PERSON})",
    re.M,
)

#: Words one of which every match of _MOVER (of _SECONDER) holds, in any case: keep them
#: in step with those patterns.
_MOVING = re.compile(r"moved|proposed|proposer|mover|motion", re.I)
_SECONDING = re.compile(r"seconded|seconder", re.I)


_ANY_PURPOSE = re.compile("|".join(f"(?:{pattern.pattern})" for _, pattern in _PURPOSES), re.I)


def motion_asks(words: str, kind: str) -> str | None:
    """What the motion reported in *words* asked for: a ``MotionPurpose`` value, or
    ``None`` when the words name no motion (a bare "following a vote")."""
    if kind == "amendment":
        return "amend"
    if _ANY_PURPOSE.search(words):  # one pass; then the first purpose in order that matches
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


def _person(m: re.Match[str] | None) -> str | None:
    if m is None:
        return None
    name = m["a"] or m["b"] or m["c"] or m.groupdict().get("d") or ""
    return " ".join(name.split()).rstrip(".,")


def mover_and_seconder(words: str) -> tuple[str | None, str | None]:
    """Who moved and who seconded the motion the words report (the last named of each)."""
    # every match holds one of the words of _MOVING (or _SECONDING): without them the
    # patterns, costly at each capital letter, are not run
    movers = list(_MOVER.finditer(words)) if _MOVING.search(words) else []
    seconders = list(_SECONDER.finditer(words)) if _SECONDING.search(words) else []
    return _person(movers[-1] if movers else None), _person(seconders[-1] if seconders else None)


def _paragraph_start(text: str, low: int, at: int) -> int:
    cut = text.rfind("\n\n", max(low, at - 1500), at)
    return max(low, at - 1500) if cut == -1 else cut + 2


def with_motion_facts(text: str, low: int, vote: FoundVote) -> FoundVote:
    """*vote* with its motion's purpose, stated result, mover and seconder, read from the
    paragraph that reports it (never before *low*, the window's start)."""
    lead = _paragraph_start(text, low, vote.start)
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


_MOTION_WORDS = ("motion", "amendment", "proposal", "proposed change", "moved")
_MOTION_FATE = re.compile(
    r"\b(?P<what>(?:procedural\s+|substantive\s+|original\s+|amended\s+)?motion|amendment|"
    r"proposal|proposed\s+change|change)\b[^.;]{0,200}?\b(?:was|were|is|being)\s+(?:(?:therefore|then|"
    r"duly|unanimously|accordingly|declared|thereupon)\s+)*(?P<fate>carried|lost|defeated|"
    r"not\s+carried|not\s+agreed|not\s+seconded|rejected|withdrawn|agreed|approved|passed|fell)\b"
    r"|\b(?P<what2>amendment|motion)\b[^.;]{0,80}?\b(?P<fate2>fell|falls)\b"
    r"|\bcasting\s+vote\s+(?P<cast>in\s+favour\s+of|for|against)\s+the\s+(?P<what3>motion|amendment|"
    r"proposal)\b",
    re.I,
)
#: The recommendations' fate, a motion's when someone moved them ("Councillor A moved the
#: recommendations ... The recommendations were agreed nem con.").
_RECOMMENDATIONS_FATE = re.compile(
    r"\brecommendations?\b[^.;]{0,120}?\b(?:was|were)\s+(?:(?:therefore|then|duly|unanimously|"
    r"accordingly|thereupon)\s+)*(?P<fate>carried|lost|defeated|not\s+carried|agreed|approved|"
    r"rejected)\b",
    re.I,
)
_MOVED_RECOMMENDATIONS = re.compile(
    r"\b(?:moved|proposed)\b[^.;]{0,120}?\brecommendations?\b|\brecommendations?\b[^.;]{0,60}?"
    r"\b(?:was|were)\s+(?:duly\s+)?(?:moved|proposed)\b",
    re.I,
)
_PROCEDURAL = re.compile(
    r"\bprocedural\b|\badjourn|\bquestion\s+be\s+now\s+put\b|\border\s+of\s+business\b|"
    r"\bsuspen(?:d|sion)\b|\bnext\s+business\b|\bclosure\b|\bmove\s+to\s+the\s+vote\b",
    re.I,
)


@attrs.frozen(kw_only=True)
class FoundMotion:
    """A motion put to the meeting: its standing (``motion``: procedural, amendment,
    substantive), what it asked for (``purpose``), its fate, mover, seconder and vote."""

    start: int
    end: int
    motion: str
    outcome: str
    vote: FoundVote | None
    purpose: str | None = None
    mover: str | None = None
    seconder: str | None = None
    #: Where the words that moved it are (the span naming its mover), if found.
    said: tuple[int, int] | None = None

    def to_value(self) -> dict[str, object]:
        """The motion as draft JSON data."""
        return {
            "motion": self.motion,
            "purpose": self.purpose,
            "outcome": self.outcome,
            "mover": self.mover,
            "seconder": self.seconder,
            "vote": None if self.vote is None else self.vote.to_value(),
        }


def motion_purpose(sentence: str) -> str:
    """``amendment``, ``procedural`` or ``substantive``, from the words reporting a motion."""
    if re.search(r"\bamendment\b", sentence, re.I) and not re.search(
        r"\b(?:substantive|amended)\s+motion\b", sentence, re.I
    ):
        return "amendment"
    if _PROCEDURAL.search(sentence):
        return "procedural"
    return "substantive"


def _fate(found: re.Match[str]) -> str:
    if found.groupdict().get("cast"):
        return "lost" if found["cast"].lower() == "against" else "carried"
    words = (found["fate"] or found.groupdict().get("fate2") or "").lower()
    if re.match(r"fell|falls|not\s+seconded", words):
        return "fell"
    if re.match(r"lost|defeated|not|rejected", words):
        return "lost"
    return "withdrawn" if words == "withdrawn" else "carried"


def find_motions(text: str, start: int, end: int) -> list[FoundMotion]:
    """Every motion whose fate ``text[start:end]`` reports, in order; a substantive
    motion moved earlier in the item than its fate takes its mover from there."""
    if not mentions(text, start, end, _MOTION_WORDS):
        return []
    found: list[FoundMotion] = []
    used: list[tuple[int, int]] = []
    moved_recommendations = _MOVED_RECOMMENDATIONS.search(text, start, end)
    low = start
    for s_start, s_end in sentences(text, start, end):
        sentence = text[s_start:s_end]
        fate = _MOTION_FATE.search(sentence)
        if fate is None and moved_recommendations and moved_recommendations.start() < s_start:
            fate = _RECOMMENDATIONS_FATE.search(sentence)
        if fate is None or re.search(r"\bpart\s+of\s+the\s+$", sentence[: fate.start()], re.I):
            continue  # "the second part of the motion ... was agreed" is no motion of its own
        lead = max(text.rfind(".", max(start, s_start - 300), s_start), start)
        kind = motion_purpose(text[lead:s_end])
        vote = _vote_in(sentence, s_start)
        paragraph = _paragraph_start(text, low, s_start)
        mover, seconder = mover_and_seconder(text[paragraph:s_end])
        said: tuple[int, int] | None = None
        words = text[paragraph:s_end]
        if mover is not None:  # the statement naming it is this motion's, not another's
            spans = [m.span() for m in _MOVER.finditer(text, paragraph, s_end)]
            used.extend(spans[-1:])
            said = spans[-1] if spans else None
        elif kind == "substantive":
            earlier = _earlier_mover(text, start, paragraph, used)
            if earlier is not None:
                (mover, seconder), said, moving = earlier
                used.append(said)
                # the words that moved it say what it was ("that the meeting be adjourned")
                words = f"{moving} {words}"
                kind = motion_purpose(words)
        found.append(
            FoundMotion(
                start=s_start + fate.start(),
                end=s_start + fate.end(),
                motion=kind,
                outcome=_fate(fate),
                vote=None if vote is None else with_motion_facts(text, low, vote),
                purpose=motion_asks(words, kind),
                mover=mover,
                seconder=seconder,
                said=said,
            )
        )
        low = s_end  # the next motion's words start after this one's
    return found


#: How far before a substantive motion's fate its mover is looked for.
_LOOK_BACK = 3000


def _earlier_mover(
    text: str, start: int, before: int, used: list[tuple[int, int]]
) -> tuple[tuple[str | None, str | None], tuple[int, int], str] | None:
    """The first mover named in ``text[start:before]`` outside the motions already read,
    with the seconder of the same sentence, the span naming the mover and the sentence."""
    for m in _MOVER.finditer(text, max(start, before - _LOOK_BACK), before):
        if any(a <= m.start() < b for a, b in used):
            continue
        sentence_end = _STOP.search(text, m.end(), before)
        stop = before if sentence_end is None else sentence_end.end()
        sentence_start = max(text.rfind(".", start, m.start()) + 1, start)
        moving = text[sentence_start:stop]
        return mover_and_seconder(moving), m.span(), moving
    return None


_STOP = re.compile(r"\.(?=\s)|\n[ \t]*\n")
#: Words that say a motion was moved even when nobody is named ("moved and seconded").
_MOVED_UNNAMED = re.compile(r"\b(?:duly\s+)?(?:moved|proposed)\s+and\s+seconded\b", re.I)
#: How far before a resolution the words that moved it are looked for, and after it.
_MOVED_BEFORE = 1500
_MOVED_AFTER = 400


_OWN_FATE = re.compile(
    r"\b(?:carried|lost|agreed|approved|defeated|fell|withdrawn|rejected|not\s+seconded)\b", re.I
)
_HEADING_WORD = re.compile(r"\b(?:RESOLVED|Resolved|RECOMMENDED|AGREED|DECIDED)\b")
_QUOTED = re.compile(r"[\"“](?P<q>[^\"”]{20,})[\"”]")


def _moves_the_resolution(sentence: str, quoted: str, resolution: str) -> bool:
    """Whether the words that moved a motion moved the resolution that follows, scored by
    evidence against: the moving *sentence* reports a fate of its own ("the second part,
    proposed by A, was agreed"), or the words between it and the resolution (*quoted*)
    quote the motion and the *resolution* does not repeat them (a motion that the minutes
    are not a correct record, then "RESOLVED that the minutes be approved")."""
    if _OWN_FATE.search(sentence):
        return False
    quote = _QUOTED.search(quoted)
    if quote is None:
        return True
    said = " ".join(re.findall(r"\w+", quote["q"].lower()))[:60]
    return said in " ".join(re.findall(r"\w+", resolution.lower()))


def _unused(text: str, low: int, high: int, used: list[tuple[int, int]]) -> list[re.Match[str]]:
    if _MOVING.search(text, low, high) is None:
        return []  # no word a mover's match holds: the costly pattern is not run
    return [
        m for m in _MOVER.finditer(text, low, high) if not any(a <= m.start() < b for a, b in used)
    ]


def moved_resolutions(
    text: str,
    start: int,
    end: int,
    resolutions: list[tuple[int, int, int]],
    found: list[FoundMotion],
) -> list[FoundMotion]:
    """The motions a resolution block records as carried: "It was moved by A, seconded by
    B and RESOLVED ...", "On the motion of A ... it was RESOLVED", "A proposed and B
    seconded the Decision -", "RESOLVED ... (Proposed by A, seconded by B)".

    *resolutions* are the item's blocks as ``(marker start, preface end, end)``; *found*
    the motions whose fate the words report, whose moving words are not used again. The
    words that moved a resolution are the last unused ones between the previous block
    (or motion fate) and its marker, else the first printed right after it. A moved
    amendment, whose fate is not printed, is not taken for the motion resolved.
    """
    used = [m.said for m in found if m.said is not None]
    fates = sorted(m.start for m in found)
    out: list[FoundMotion] = []
    low = start
    ordered = sorted(resolutions)
    for index, (marker_start, marker_end, block_end) in enumerate(ordered):
        high = ordered[index + 1][0] if index + 1 < len(ordered) else end
        window_low = max(
            [low, marker_start - _MOVED_BEFORE, *(f for f in fates if f < marker_start)]
        )
        low = block_end
        if any(marker_start < f < block_end for f in fates):
            continue  # the block is the result of a motion whose fate is printed
        before = _unused(text, window_low, marker_start, used)
        after = (
            [] if before else _unused(text, block_end, min(high, block_end + _MOVED_AFTER), used)
        )
        within = [] if before or after else _unused(text, marker_start, block_end, used)
        options = before[-1:] or after[:1] or within[-1:]
        chosen = options[0] if options else None
        if chosen is not None:
            said = chosen.span()
            sentence_start = max(text.rfind(".", window_low, chosen.start()) + 1, window_low)
        else:
            unnamed = _MOVED_UNNAMED.search(text, window_low, marker_end)
            if unnamed is None:
                continue
            said = unnamed.span()
            sentence_start = max(text.rfind(".", window_low, unnamed.start()) + 1, window_low)
        stop = _STOP.search(text, said[1], min(end, block_end + _MOVED_AFTER))
        sentence_end = min(end, block_end + _MOVED_AFTER) if stop is None else stop.end()
        if said[0] < marker_start:
            sentence_end = min(sentence_end, marker_start)
        heading = _HEADING_WORD.search(text, said[1], sentence_end)
        if heading is not None:  # "... seconded by B and RESOLVED that ...": up to the word
            sentence_end = heading.start()
        sentence = text[sentence_start:sentence_end]
        quoted = text[said[1] : marker_start] if said[0] < marker_start else ""
        kind = motion_purpose(sentence)
        if kind == "amendment" or not _moves_the_resolution(
            sentence, quoted, text[marker_start:block_end]
        ):
            continue
        mover, seconder = (None, None) if chosen is None else mover_and_seconder(sentence)
        used.append(said)
        out.append(
            FoundMotion(
                start=min(said[0], marker_start),  # the moving words and the heading
                end=max(said[1], marker_end),
                motion=kind,
                outcome="carried",
                vote=_vote_in(text[marker_start:marker_end], marker_start),
                purpose=motion_asks(sentence, kind) or "decide",
                mover=mover,
                seconder=seconder,
                said=said,
            )
        )
    return out

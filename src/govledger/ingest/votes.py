"""Reading the votes and motions recorded in a part's or an item's words.

Each function takes the whole text and a ``[start, end)`` window and returns what it
found with offsets into the text. A vote with no figures has ``None`` counts.
"""

from __future__ import annotations

import re

import attrs

from ._words import mentions, sentences

__all__ = ["FoundMotion", "FoundVote", "find_motions", "find_votes", "motion_purpose"]

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
    rf"\b(?:for|in\s+favour)\s*[:\-–=]?\s*\(?(?P<for>{_NUM})\)?\s*[,;]?\s*(?:and\s+)?"
    rf"against\s*[:\-–=]?\s*\(?(?P<against>{_NUM})\)?"
    rf"(?:\s*[,;]?\s*(?:and\s+|with\s+)?{_ABST_WORD}\s*[:\-–=]?\s*\(?(?P<abst>{_NUM})\)?)?",
    re.I,
)
_TALLY_COUNTED = re.compile(
    rf"\b(?P<for>{_NUM})\s+(?:votes?\s+)?(?:for|in\s+favour)(?:\s+of\s+the\s+\w+)?\s*[,;]?\s*"
    rf"(?:and\s+|with\s+)?(?P<against>{_NUM})\s+(?:votes?\s+)?against"
    rf"(?:\s*[,;]?\s*(?:and\s+|with\s+)?(?P<abst>{_NUM})\s+{_ABST_WORD})?",
    re.I,
)
_TALLY_BY = re.compile(
    rf"(?:\b(?P<verb>carried|agreed|approved|lost|defeated|won|passed|rejected|fell|failed)\s+)?"
    rf"\bby\s+(?P<a>{_NUM})\s+votes?\s+to\s+(?P<b>{_NUM})"
    rf"(?:\s*[,;]?\s*(?:and\s+|with\s+)?(?P<abst>{_NUM})\s+{_ABST_WORD})?",
    re.I,
)
_UNANIMOUS = re.compile(
    r"\bunanimous(?:ly)?\b|\bnem\.?\s*con\.?(?=\W|$)|\bnemine\s+contradicente\b|\bwithout\s+dissent\b",
    re.I,
)
_CASTING = re.compile(r"\bcasting\s+vote\b", re.I)
_VOTED = re.compile(
    r"\b(?:following|after|upon|on)\s+(?:a|the)\s+vote\b|\b(?:being\s+)?put\s+to\s+(?:the\s+|a\s+)?vote\b|"
    r"\bon\s+a\s+show\s+of\s+hands\b|\bvote\s+was\s+taken\b",
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
    for row in rows:
        position = row["pos"].lower()
        key = "for" if position == "for" else "against" if position == "against" else "abstain"
        members = _names(row["names"])
        count = int(row["count"]) if row["count"] else len(members)
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
        )
    ]


_VOTE_HINTS = ("unanim", "nem", "vote", "against", "dissent", "casting", "favour")


def find_votes(text: str, start: int, end: int) -> list[FoundVote]:
    """Every vote in ``text[start:end]``: one per sentence that records one."""
    if not mentions(text, start, end, _VOTE_HINTS):
        return []
    votes = _named_votes(text, start, end)
    covered = [(v.start, v.end) for v in votes]
    for s_start, s_end in sentences(text, start, end):
        if any(a <= s_start < b for a, b in covered):
            continue
        sentence = text[s_start:s_end]
        vote = _vote_in(sentence, s_start)
        if vote is not None:
            votes.append(vote)
    return sorted(votes, key=lambda v: v.start)


def _vote_in(sentence: str, offset: int) -> FoundVote | None:
    in_favour = against = abstained = None
    spans: list[tuple[int, int]] = []
    m = _TALLY_LABELLED.search(sentence) or _TALLY_COUNTED.search(sentence)
    if m is not None:
        in_favour, against, abstained = _n(m["for"]), _n(m["against"]), _n(m["abst"])
        spans.append(m.span())
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

_MOTION_WORDS = ("motion", "amendment", "proposal", "proposed change")
_MOTION_FATE = re.compile(
    r"\b(?P<what>(?:procedural\s+|substantive\s+|original\s+|amended\s+)?motion|amendment|"
    r"proposal|proposed\s+change|change)\b[^.;]{0,200}?\b(?:was|were|is|being)\s+(?:(?:therefore|then|"
    r"duly|unanimously|accordingly|declared|thereupon)\s+)*(?P<fate>carried|lost|defeated|"
    r"not\s+carried|not\s+agreed|rejected|withdrawn|agreed|approved|passed|fell)\b"
    r"|\b(?P<what2>amendment|motion)\b[^.;]{0,80}?\b(?P<fate2>fell|falls)\b",
    re.I,
)
_PROCEDURAL = re.compile(
    r"\bprocedural\b|\badjourn|\bquestion\s+be\s+now\s+put\b|\border\s+of\s+business\b|"
    r"\bsuspen(?:d|sion)\b|\bnext\s+business\b|\bclosure\b|\bmove\s+to\s+the\s+vote\b",
    re.I,
)


@attrs.frozen(kw_only=True)
class FoundMotion:
    """A motion put to the meeting: what kind (procedural, amendment, substantive),
    whether it was carried, and its vote."""

    start: int
    end: int
    purpose: str
    outcome: str
    vote: FoundVote | None

    def to_value(self) -> dict[str, object]:
        """The motion as draft JSON data."""
        return {
            "purpose": self.purpose,
            "outcome": self.outcome,
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


def find_motions(text: str, start: int, end: int) -> list[FoundMotion]:
    """Every motion whose fate ``text[start:end]`` reports, in order."""
    if not mentions(text, start, end, _MOTION_WORDS):
        return []
    found: list[FoundMotion] = []
    for s_start, s_end in sentences(text, start, end):
        sentence = text[s_start:s_end]
        fate = _MOTION_FATE.search(sentence)
        if fate is None:
            continue
        words = (fate["fate"] or fate["fate2"] or "").lower()
        outcome = "carried"
        if re.match(r"lost|defeated|not|rejected|fell|falls", words):
            outcome = "lost"
        elif words == "withdrawn":
            outcome = "withdrawn"
        lead = max(text.rfind(".", max(start, s_start - 300), s_start), start)
        purpose = motion_purpose(text[lead:s_end])
        found.append(
            FoundMotion(
                start=s_start + fate.start(),
                end=s_start + fate.end(),
                purpose=purpose,
                outcome=outcome,
                vote=_vote_in(sentence, s_start),
            )
        )
    return found

"""Reading the votes and motions recorded in a part's or an item's words.

Each function takes the whole text and a ``[start, end)`` window and returns what it
found with offsets into the text. A vote with no figures has ``None`` counts. The
tallies one sentence records are read in :mod:`.tally`; a motion's purpose, result,
mover and seconder in :mod:`.motion_words`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Sequence

import attrs

from ._folded import fold
from ._words import mentions, sentences
from .line_tally import COUNT_BEFORE, count_ending_at, line_tallies
from .motion_words import (
    MOVER,
    motion_asks,
    mover_and_seconder,
    paragraph_start,
    with_motion_facts,
)
from .tally import PART_LINE, VOTE_HINTS, FoundVote, named_votes, tally_sentences, vote_in

__all__ = [
    "MOTION_STOP",
    "FoundMotion",
    "FoundVote",
    "clause_cuts",
    "find_motions",
    "find_votes",
    "motion_purpose",
    "seconder_after",
    "with_motion_facts",
]


class _Spans:
    """Spans of a text, asked whether any holds an offset in O(log n) (a page of a
    thousand tallies must not cost a million comparisons)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [a for a, _ in ordered]
        # the furthest end of the spans starting at or before each one
        self._reach = list(itertools.accumulate((b for _, b in ordered), max))

    def holds(self, offset: int) -> bool:
        """Whether some span has ``start <= offset < end``."""
        i = bisect.bisect_right(self._starts, offset) - 1
        return i >= 0 and self._reach[i] > offset


def find_votes(
    text: str, start: int, end: int, *, outside: Sequence[tuple[int, int]] = ()
) -> list[FoundVote]:
    """Every vote in ``text[start:end]``: one per sentence that records one.

    A vote starting inside one of the spans *outside* is left out (its motion's words are
    not read: the caller has read them already), though it still bounds the next vote's.
    """
    if not mentions(text, start, end, VOTE_HINTS):
        return []
    votes = named_votes(text, start, end)
    named = _Spans((n.start, n.end) for n in votes)
    votes += [v for v in line_tallies(text, start, end) if not named.holds(v.start)]
    covered = _Spans((v.start, v.end) for v in votes)
    said: dict[int, tuple[int, int]] = {}  # a vote's start: its sentence
    for s_start, s_end in tally_sentences(text, start, end):
        if covered.holds(s_start):
            continue
        for c_start, c_end in _clauses(text, s_start, s_end):
            vote = vote_in(text[c_start:c_end], c_start)
            if vote is not None:
                votes.append(vote)
                said[vote.start] = (s_start, s_end)
    out: list[FoundVote] = []
    low = start
    ordered = _once(
        text,
        _called_then_counted(text, _told_twice(sorted(votes, key=lambda v: v.start)), said),
        said,
    )
    for vote in ordered:
        # each vote reads its motion's words after the vote before it: linear in all
        if not any(a <= vote.start < b for a, b in outside):
            out.append(with_motion_facts(text, low, vote))
        low = max(low, min(vote.end, end))
    return out


#: Where a sentence turns to other parts with a vote of their own: "recommendations (1)
#: and (2) were carried unanimously and recommendation (3) was carried by 6 votes to 2".
_NEXT_PARTS = re.compile(
    r"(?:,\s*|\s+)(?:and|while|whilst|but)\s+(?=(?:the\s+)?(?:recommendations?|parts?|"
    r"resolutions?|paragraphs?)\s+\(?[0-9ivxa-h]{1,4}\b)",
    re.I,
)


#: Where a sentence turns to a later vote on what the first one made: "the amendment was
#: carried by 20 votes to 14 and became the substantive motion, which was then carried
#: by 21 votes to 13".
_THEN_VOTED = re.compile(r",\s*(?=which\s+(?:was|were)\s+(?:then|subsequently|itself)\b)", re.I)


def clause_cuts(text: str, start: int, end: int) -> list[int]:
    """Where the sentence ``text[start:end]`` turns to other parts (or a later motion)
    with a vote of their own: the offsets that begin each later clause (none when it
    has no such turn)."""
    lines = [m.end() for m in PART_LINE.finditer(text, start, end)]  # one vote a line
    cuts = sorted(m.end() for p in (_NEXT_PARTS, _THEN_VOTED) for m in p.finditer(text, start, end))
    if not cuts:
        return lines
    bounds = [start, *cuts, end]
    voting = [vote_in(text[a:b], a) is not None for a, b in itertools.pairwise(bounds)]
    return sorted({*lines, *cuts}) if all(voting) else lines


def _clauses(text: str, start: int, end: int) -> list[tuple[int, int]]:
    words = text[start:end].lower()
    if not any(w in words for w in ("recommendation", "part", "resolution", "which", "decision")):
        return [(start, end)]
    return list(itertools.pairwise([start, *clause_cuts(text, start, end), end]))


#: The most characters between words that call a vote and the figures printed for it.
_CALL_TO_COUNT = 300
_FATE_WORDS = re.compile(
    r"\b(?:carried|lost|agreed|approved|defeated|fell|rejected|passed|not\s+carried)\b", re.I
)


def _called_then_counted(
    text: str, votes: list[FoundVote], said: dict[int, tuple[int, int]]
) -> list[FoundVote]:
    """*votes* with a vote called in words with no figures and no result ("a recorded
    vote was taken on the amendment:", "put to the vote, with the following result:")
    and the figures printed just after it (a tally's lines, a table of names) made one."""
    out: list[FoundVote] = []
    for vote in votes:
        call = out[-1] if out else None
        if (
            call is not None
            and vote.in_favour is not None
            and call.in_favour is None
            and call.against is None
            and not call.unanimous
            and not call.casting
            and 0 <= vote.start - call.end < _CALL_TO_COUNT
            and call.start in said
            and not _FATE_WORDS.search(text, *said[call.start])
        ):
            motion = vote.motion if vote.motion != "substantive" else call.motion
            out[-1] = attrs.evolve(vote, start=call.start, motion=motion)
            continue
        out.append(vote)
    return out


#: The most characters between a tally told in words and the named lists of the same vote.
_TOLD_GAP = 600


def _told_twice(votes: list[FoundVote]) -> list[FoundVote]:
    """*votes* with a tally told in words ("declared carried by 24 votes to 10, with 1
    abstention") and the named lists of the same counts printed beside it ("There voted
    for: ... 24") made one vote: the lists', which name the members, from the first words."""
    out: list[FoundVote] = []
    for vote in votes:
        before = out[-1] if out else None
        if before is not None and _same_vote_told_twice(before, vote):
            named, told = (before, vote) if before.named else (vote, before)
            out[-1] = attrs.evolve(
                named,
                start=before.start,
                end=max(before.end, vote.end),
                abstained=named.abstained if named.abstained is not None else told.abstained,
            )
            continue
        out.append(vote)
    return out


def _same_vote_told_twice(before: FoundVote, vote: FoundVote) -> bool:
    return (
        bool(before.named) != bool(vote.named)
        and vote.start - before.end < _TOLD_GAP
        and before.in_favour is not None
        and (before.in_favour, before.against) == (vote.in_favour, vote.against)
        and (before.abstained == vote.abstained or None in (before.abstained, vote.abstained))
    )


def _once(text: str, votes: list[FoundVote], said: dict[int, tuple[int, int]]) -> list[FoundVote]:
    """*votes* without a vote whose words are printed again right after it (a heading
    "RESOLVED (unanimously)" printed twice): the later copy, the one a decision block
    follows, is kept."""
    out: list[FoundVote] = []
    for index, vote in enumerate(votes):
        later = votes[index + 1] if index + 1 < len(votes) else None
        if later is not None and vote.start in said and later.start in said:
            a, b = said[vote.start], said[later.start]
            words, again = (" ".join(text[x:y].split()) for x, y in (a, b))
            # two clauses of one sentence (a == b) are two votes
            if a != b and not text[a[1] : b[0]].strip() and words == again:
                continue
        out.append(vote)
    return out


_MOTION_WORDS = ("motion", "amendment", "proposal", "proposed", "moved")
_MOTION_FATE = re.compile(
    r"\b(?P<what>(?:procedural\s+|substantive\s+|original\s+|amended\s+)?motion|amendment|"
    r"proposal|proposed\s+change|change)\b[^.;]{0,200}?\b(?:was|were|is|being)\s+(?:(?:therefore|then|"
    # "The motion was then put to the vote and carried"
    r"duly|unanimously|accordingly|declared|thereupon|put\s+to\s+(?:the|a)\s+vote\s+and|was|"
    # "The vote on the recommendation was then taken, and carried"
    r"taken,?\s+and)\s+)*"
    r"(?P<fate>carried|lost|defeated|"
    r"not\s+carried|not\s+agreed|not\s+seconded|rejected|withdrawn|agreed|approved|passed|fell)\b"
    r"|\b(?P<what2>amendment|motion)\b[^.;]{0,80}?\b(?P<fate2>fell|falls)\b"
    r"|\bcasting\s+vote\s+(?P<cast>in\s+favour\s+of|for|against)\s+the\s+(?P<what3>motion|amendment|"
    r"proposal)\b"
    # "moved that the question be now put. On being put to the vote, this was carried";
    # "moved that ... be taken separately; this was seconded by B and agreed"
    r"|\b(?P<what4>this|which)\s+was\s+(?:(?:then|duly|unanimously)\s+)?(?:seconded\b[^.;]{0,80}?"
    r"\band\s+)?(?P<fate4>carried|agreed|lost|defeated|not\s+carried|not\s+agreed)\b",
    re.I,
)
#: Words that move a motion in so many words: "A moved that ...".
_MOVED_THAT = re.compile(r"\b(?:moved|proposed)\s+that\b", re.I)
#: The recommendations' fate, a motion's when someone moved them ("Councillor A moved the
#: recommendations ... The recommendations were agreed nem con.").
_RECOMMENDATIONS_FATE = re.compile(
    r"\brecommendations?\b[^.;]{0,120}?\b(?:was|were)\s+(?:(?:therefore|then|duly|unanimously|"
    r"accordingly|thereupon|taken,?\s+and|put\s+to\s+(?:the|a)\s+vote\s+and)\s+)*"
    r"(?P<fate>carried|lost|defeated|not\s+carried|agreed|approved|"
    r"rejected)\b",
    re.I,
)
_MOVED_RECOMMENDATIONS = re.compile(
    # not "moved that recommendation (3) be taken separately": a motion about it
    r"\b(?:moved|proposed)\b(?!\s+that\b)[^.;]{0,120}?\brecommendations?\b|\brecommendations?\b[^.;]{0,60}?"
    r"\b(?:was|were)\s+(?:duly\s+)?(?:moved|proposed)\b",
    re.I,
)
_PROCEDURAL = re.compile(
    r"\bprocedural\b|\badjourn|\bquestion\s+be\s+now\s+put\b|\border\s+of\s+business\b|"
    r"\bsuspen(?:d|sion)\b|\bnext\s+business\b|\bclosure\b|\bmove\s+to\s+the\s+vote\b|"
    r"\b(?:taken|voted\s+on|put)\s+separately\b",
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
    groups = found.groupdict()
    words = (groups["fate"] or groups.get("fate2") or groups.get("fate4") or "").lower()
    if re.match(r"fell|falls|not\s+seconded", words):
        return "fell"
    if re.match(r"lost|defeated|not|rejected", words):
        return "lost"
    return "withdrawn" if words == "withdrawn" else "carried"


#: Words every match of ``_MOTION_FATE`` holds: a sentence with none is not searched.
MOTION_FATE_WORDS = ("motion", "amendment", "proposal", "change", "casting", "was")


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
        folded_words = fold(sentence)
        fate = (
            _MOTION_FATE.search(sentence)
            if any(w in folded_words for w in MOTION_FATE_WORDS)
            else None
        )
        paragraph = paragraph_start(text, low, s_start)
        if fate is not None and fate["what4"] and not _MOVED_THAT.search(text, paragraph, s_start):
            fate = None  # "this was agreed" is a motion's fate only after words that moved one
        if fate is None and moved_recommendations and moved_recommendations.start() < s_end:
            fate = _RECOMMENDATIONS_FATE.search(sentence)
            if fate is not None and moved_recommendations.start() >= s_start + fate.start():
                fate = None  # the recommendations were moved after this fate, not before
        if fate is None or re.search(r"\bpart\s+of\s+the\s+$", sentence[: fate.start()], re.I):
            continue  # "the second part of the motion ... was agreed" is no motion of its own
        lead = max(text.rfind(".", max(start, s_start - 300), s_start), start)
        if fate.groupdict().get("what4"):
            lead = paragraph  # "this" is the motion the sentence before moved
        kind = motion_purpose(text[lead:s_end])
        if (fate.groupdict().get("what") or "").lower() == "amendment":
            kind = "amendment"  # "the amendment was carried and became the substantive motion"
        elif kind == "substantive" and _MOVED_THAT.search(text, paragraph, s_start):
            # "A moved that the meeting be adjourned. The motion was ... lost."
            kind = motion_purpose(text[paragraph:s_end])
        vote = vote_in(sentence, s_start) or count_ending_at(
            text, find_votes(text, max(low, s_start - COUNT_BEFORE), s_start), s_start
        )
        mover, seconder = mover_and_seconder(text[paragraph:s_end])
        said: tuple[int, int] | None = None
        words = text[paragraph:s_end]
        if mover is not None:  # the statement naming it is this motion's, not another's
            spans = [m.span() for m in MOVER.finditer(text, paragraph, s_end)]
            used.extend(spans[-1:])
            said = spans[-1] if spans else None
        elif kind in {"substantive", "amendment"}:
            earlier = _earlier_mover(text, start, paragraph, used, amendment=kind == "amendment")
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
    text: str, start: int, before: int, used: list[tuple[int, int]], *, amendment: bool = False
) -> tuple[tuple[str | None, str | None], tuple[int, int], str] | None:
    """The first mover named in ``text[start:before]`` outside the motions already read,
    with the seconder of the same sentence, the span naming the mover and the sentence.
    For an *amendment*, the last mover whose sentence moves an amendment."""
    chosen = None
    for m in MOVER.finditer(text, max(start, before - _LOOK_BACK), before):
        if any(a <= m.start() < b for a, b in used):
            continue
        sentence_end = MOTION_STOP.search(text, m.end(), before)
        stop = before if sentence_end is None else sentence_end.end()
        sentence_start = max(text.rfind(".", start, m.start()) + 1, start)
        moving = text[sentence_start:stop]
        if not amendment:
            mover, seconder = mover_and_seconder(moving)
            if m["e"]:  # "He proposed ...": the member named before it
                mover = mover_and_seconder(text[max(start, m.start() - 600) : stop])[0]
            if seconder is None:  # "Councillor B seconded the proposal." on its own
                seconder = seconder_after(text, stop, before)
            return (mover, seconder), m.span(), moving
        if re.search(r"\bamendment\b", moving, re.I):
            chosen = (mover_and_seconder(moving), m.span(), moving)
    return chosen


MOTION_STOP = re.compile(r"\.(?=\s)|\n[ \t]*\n")
#: "Councillor B seconded them." printed as a sentence of its own after the moving one.
_SECONDED_AFTER = re.compile(
    r"\s*(?P<who>(?:Councillors?|Cllrs?\.?)\s+[A-Z][\w'’-]*)\s+seconded\b", re.M
)


def seconder_after(text: str, at: int, before: int) -> str | None:
    """The seconder named in a sentence of its own right after the moving one."""
    m = _SECONDED_AFTER.match(text, at, min(before, at + 200))
    return None if m is None else m["who"]

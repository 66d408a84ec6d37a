"""The motions a resolution block records as carried: the words that moved it ("It was
moved by A, seconded by B and RESOLVED ..."), found before or after the block.

Moved out of :mod:`govledger.ingest.votes`.
"""

from __future__ import annotations

import re

from .motion_words import MOVER, MOVING, motion_asks, mover_and_seconder
from .tally import vote_in
from .votes import MOTION_STOP, FoundMotion, motion_purpose, seconder_after

__all__ = ["moved_resolutions"]

#: Words that say a motion was moved even when nobody is named ("moved and seconded").
_MOVED_UNNAMED = re.compile(r"\b(?:duly\s+)?(?:moved|proposed)(?:\s+and|,)\s+seconded\b", re.I)
#: How far before a resolution the words that moved it are looked for, and after it.
_MOVED_BEFORE = 1500
_MOVED_AFTER = 400


#: A fate the moving words report of their own ("the second part, proposed by A, was
#: agreed"), not the motion's own words ("moved that the report be approved").
_OWN_FATE = re.compile(
    r"\b(?:was|were|is|are|being)\s+(?:then\s+|duly\s+|unanimously\s+|subsequently\s+)?"
    r"(?:carried|lost|agreed|approved|defeated|withdrawn|rejected|not\s+seconded)\b|"
    r"\b(?:carried|lost|defeated|fell)\b",
    re.I,
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


#: What a procedural motion asks for (the others are decisions on the business itself).
_PROCEDURAL_PURPOSES = frozenset(
    {
        "exclude_public",
        "suspend_rules",
        "recorded_vote",
        "move_to_vote",
        "adjourn",
        "take_separately",
    }
)


def _moves_an_amendment(text: str, low: int, mover: re.Match[str]) -> bool:
    """Whether the sentence naming *mover* moves an amendment or a procedural motion."""
    stop = MOTION_STOP.search(text, mover.end(), mover.end() + 600)
    sentence_start = max(text.rfind(".", low, mover.start()) + 1, low)
    words = text[sentence_start : mover.end() + 600 if stop is None else stop.end()]
    return motion_purpose(words) != "substantive"


def _unused(text: str, low: int, high: int, used: list[tuple[int, int]]) -> list[re.Match[str]]:
    if MOVING.search(text, low, high) is None:
        return []  # no word a mover's match holds: the costly pattern is not run
    return [
        m for m in MOVER.finditer(text, low, high) if not any(a <= m.start() < b for a, b in used)
    ]


def _quoted_motion_lost(
    text: str,
    sentence: str,
    quoted: str,
    said: tuple[int, int],
    chosen: re.Match[str] | None,
) -> FoundMotion | None:
    """A motion moved in quoted words that the resolution after it does not repeat, with
    no fate of its own printed: the meeting resolved otherwise, so it was lost ("moved
    that the minutes are not a true record", then "RESOLVED that the minutes be
    approved")."""
    quote = _QUOTED.search(quoted)
    if quote is None or chosen is None or _OWN_FATE.search(sentence):
        return None
    mover, seconder = mover_and_seconder(sentence)
    if seconder is None:  # "It was moved by A," / "Seconded by B," on lines of their own
        seconder = mover_and_seconder(
            text[said[1] : said[1] + 200].split("\u201c")[0].split('"')[0]
        )[1]
    words = f"motion {quote['q']}"
    return FoundMotion(
        start=said[0],
        end=said[1],
        motion="substantive",
        outcome="lost",
        vote=None,
        purpose=motion_asks(words, "substantive"),
        mover=mover,
        seconder=seconder,
        said=said,
    )


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
    decided = [m.start for m in found if m.motion == "substantive"]
    out: list[FoundMotion] = []
    low = start
    ordered = sorted(resolutions)
    for index, (marker_start, marker_end, block_end) in enumerate(ordered):
        high = ordered[index + 1][0] if index + 1 < len(ordered) else end
        # an amendment lost on the way does not end the words that moved the motion it
        # would have changed: they are looked for before it too
        amended = [
            m.start for m in found if m.motion != "substantive" and low <= m.start < marker_start
        ]
        window_low = max(
            [
                low,
                min([marker_start, *amended]) - _MOVED_BEFORE,
                *(f for f in decided if f < marker_start),
            ]
        )
        low = block_end
        if any(marker_start < f < block_end for f in fates):
            continue  # the block is the result of a motion whose fate is printed
        before = [
            m
            for m in _unused(text, window_low, marker_start, used)
            if not (amended and _moves_an_amendment(text, window_low, m))
        ]
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
        stop = MOTION_STOP.search(text, said[1], min(end, block_end + _MOVED_AFTER))
        sentence_end = min(end, block_end + _MOVED_AFTER) if stop is None else stop.end()
        if said[0] < marker_start:
            sentence_end = min(sentence_end, marker_start)
        heading = _HEADING_WORD.search(text, said[1], sentence_end)
        if heading is not None:  # "... seconded by B and RESOLVED that ...": up to the word
            sentence_end = heading.start()
        sentence = text[sentence_start:sentence_end]
        quoted = text[said[1] : marker_start] if said[0] < marker_start else ""
        kind = motion_purpose(sentence)
        if kind == "amendment":
            continue
        if not _moves_the_resolution(sentence, quoted, text[marker_start:block_end]):
            lost = _quoted_motion_lost(text, sentence, quoted, said, chosen)
            if lost is not None:
                used.append(said)
                out.append(lost)
            continue
        mover, seconder = (None, None) if chosen is None else mover_and_seconder(sentence)
        if chosen is not None and seconder is None:
            seconder = seconder_after(text, sentence_end, block_end)
        purpose = motion_asks(sentence, kind) or "decide"
        if chosen is None and purpose == "decide":
            # "It was moved, seconded and RESOLVED that the press and public be excluded":
            # what the unnamed motion asked for is what was resolved
            asked = motion_asks(f"motion {text[marker_start:block_end]}", "procedural")
            if asked in _PROCEDURAL_PURPOSES:
                kind, purpose = "procedural", asked
        used.append(said)
        out.append(
            FoundMotion(
                start=min(said[0], marker_start),  # the moving words and the heading
                end=max(said[1], marker_end),
                motion=kind,
                outcome="carried",
                vote=vote_in(text[marker_start:marker_end], marker_start),
                purpose=purpose,
                mover=mover,
                seconder=seconder,
                said=said,
            )
        )
    return out

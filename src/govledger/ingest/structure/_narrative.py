"""Narrative outcomes: an item decided in a sentence or by a motion's fate, not under a heading."""

from __future__ import annotations

import re

import attrs

from .._folded import holds
from ..votes import find_motions, motion_purpose


@attrs.frozen(kw_only=True)
class Block:
    """A run of resolution text: its marker word (``""`` for a lost heading) and extent.

    ``marker`` spans the heading words ("RESOLVED", "Decision (For: 7 Against: 3)
    that"); ``start`` is where the parts' text begins.
    """

    kind: str  # resolved, recommended, decision, agreed, lost_heading
    marker_start: int
    marker_end: int
    start: int
    end: int
    confidence: float


_OUTCOME_SENTENCE = re.compile(
    # after a minute's paragraph number, if any ("71.1          The Minutes ... were agreed")
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?:[ \t]*\d{1,3}(?:\.\d{1,3})+\.?[ \t]+)?"
    r"(?P<sentence>[^.\n]*?\b(?:the\s+)?(?P<what>report|minutes|notes|"
    # within one paragraph: never across a blank line or a rule of dashes (a heading's
    # "Notes of the last meeting" is not the subject of the next paragraph's verb)
    r"motion|recommendations?|item|proposals?|matter|(?:financial\s+)?statements?|accounts)\b"
    r"(?:[^.\n]|\n(?![ \t]*(?:[-=_]{3,}[ \t]*)?\n)){0,200}?\b(?:was|were)\s+"
    r"(?:(?:therefore|then|duly|unanimously|accordingly)\s+)?(?P<verb>noted|approved|agreed|"
    r"carried|adopted|lost|defeated|withdrawn|deferred|confirmed|LOST|CARRIED|"
    # "The minutes ... were received for information": received, so noted
    r"received(?=\s+(?:for\s+information|and\s+noted)\b)|"
    # "The minutes ... were declared a true record", "... were signed as a correct record"
    r"(?:declared|signed)(?=\s+(?:to\s+be\s+|as\s+)?an?\s+(?:true|correct|accurate)\b))\b"
    r"(?:[^.\n]|\n(?![ \t]*\n)){0,300}\.?)",
    re.I,
)
_VERB_OUTCOME = {"noted": "noted", "lost": "lost", "defeated": "lost", "withdrawn": "withdrawn",
                 "deferred": "deferred", "endorsed": "resolved", "took note": "noted",
                 "withdrew": "withdrawn", "resolved to note": "noted",
                 "received": "noted", "recommended": "recommended"}  # fmt: skip

#: The rest of a sentence, over the wrapped lines of its paragraph (and over a break
#: that cuts it, when the words after the break go on in lowercase or with a number).
_SENTENCE_REST = r"(?:[^.\n]|\n(?![ \t]*\n)|\n[ \t]*\n(?=[ \t]*[a-z0-9])){0,300}\.?"

_ACTIVE_SENTENCE = re.compile(
    # the sentence may be indented under its heading ("57.   DEPOT" then "      Cabinet noted")
    r"(?:^|(?<=[.!?]\s)|(?<=\n))[ \t]*(?P<sentence>(?:the\s+)?"
    # a body's name may come first: "The Joint Committee noted", "The Shared Services Board"
    r"(?:(?-i:[A-Z][\w&'’-]*)\s+){0,3}?(?P<what>board|committee|cabinet|"
    r"council|members|panel|executive|group)\s+(?:(?:unanimously|duly)\s+)?(?P<verb>noted|agreed|"
    # "The Panel noted that ...", "The Panel took note of the paper.", "noted its work programme"
    # "The Joint Committee confirmed the minutes", "Council resolved to approve the minutes"
    r"approved|endorsed|deferred|confirmed|adopted|accepted|took\s+note|"
    r"resolved\s+to\s+(?:approve|agree|note|adopt|accept|confirm))\s+(?:the|its|their|"
    r"(?<=noted\s)that|"
    rf"(?<=note\s)of\s+(?:the|its))\b{_SENTENCE_REST})",
    re.I,
)
#: A decision told on its minute number's line in a record of decisions: "50/2003 The
#: Cabinet recommended to Council adoption of ...", "28/2005 The Cabinet approved ...".
_NUMBERED_DECISION = re.compile(
    r"(?:^|(?<=\n))[ \t]*(?:[A-Z]{1,6}[ ./-]?)?\d{1,4}/\d{2,4}[.:)]?[ \t]+"
    r"(?P<sentence>(?:the\s+)?(?:(?-i:[A-Z][\w&'’-]*)\s+){0,3}?(?P<what>board|committee|cabinet|"
    r"council|panel|executive|leader|mayor)\s+(?P<verb>recommended|agreed|approved|noted|endorsed|"
    r"deferred|resolved|decided|adopted|authori[sz]ed|accepted|requested|delegated)\b"
    rf"{_SENTENCE_REST})",
    re.I,
)
#: An item taken off the agenda, told in a sentence: "The Leader withdrew this item from
#: the agenda", "The Chair withdrew the report", "Councillor A, with the consent of his
#: seconder, withdrew the motion".
_WITHDREW_SENTENCE = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))[ \t]*(?P<sentence>(?:the\s+)?(?P<what>[A-Za-z][\w'’, ]{1,80}?)\s+"
    r"(?P<verb>withdrew)\s+(?:this|the)\s+(?:item|report|matter|motion)\b"
    rf"{_SENTENCE_REST})",
    re.I,
)


#: The words of a resolution printed right after the sentence reporting its fate.
_RESOLUTION_AFTER = re.compile(
    r"[ \t]*\n\s*(?P<words>(?:That|THAT)\b[^\n]{10,}(?:\n(?![ \t]*\n)[^\n]+)*)"
)


def _rejected(m: re.Match[str]) -> bool:
    """Whether an outcome sentence is not the item's decision: an amendment's fate, or
    a verb about an earlier or negated thing ("the previous minutes", "not agreed")."""
    sentence = m["sentence"]
    # minutes confirmed "subject to one amendment" / "Subject to that amendment, ...": a
    # correction of the minutes, not an amendment's fate
    own = re.sub(r"\bsubject\s+to\s+(?:\w+\s+){0,3}?amendments?\b", "", sentence, flags=re.I)
    if re.search(r"\bamendment\b", own, re.I) and m["what"].lower() != "motion":
        return True
    # "the minutes of the last meeting were approved" is this meeting's decision on them:
    # only an earlier thing itself ("the previous minutes") or a negation rejects it
    before = re.sub(
        r"\bof\s+the\s+(?:last|previous)\s+(?:\w+\s+)?meeting\b",
        "",
        sentence[: m.start("verb") - m.start()],
        flags=re.I,
    )
    return re.search(r"\b(?:not|previous|last)\b", before, re.I) is not None


_BARE_NUMBER = re.compile(r"[ \t]*[\w/.-]{0,10}\d[\w/.-]{0,10}[ \t]*")


def _sentences_of(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[re.Match[str]]:
    """The outcome sentences *pattern* finds, each rejected one looked at again from its
    next line: its subject may have been taken from a heading above ("Minutes of the
    previous meeting" then "The minutes ... were confirmed"). A sentence that starts on
    the item's heading line and runs past it is such a one: the heading is its subject
    when no blank line parts them (HTML with one block a line)."""
    out = []
    position = start
    heading_end = text.find("\n", start, end)
    if heading_end != -1 and _BARE_NUMBER.fullmatch(text, start, heading_end):
        # "303." alone on its line, the title on the next: the title is the heading
        title_end = text.find("\n", heading_end + 1, end)
        heading_end = title_end if title_end != -1 else heading_end
    while (m := pattern.search(text, position, end)) is not None:
        from_heading = m.start("sentence") < heading_end < m.end()
        if not from_heading and not _rejected(m):
            out.append(m)
            position = m.end()
            continue
        newline = text.find("\n", m.start("sentence"), m.end())
        position = newline + 1 if newline != -1 else m.end()
    return out


def outcome_sentence(text: str, start: int, end: int) -> Block | None:
    """An item decided in a narrative sentence ("The report was noted.", "the motion was
    LOST", "The Board noted the risk register."), when it has no resolution heading: a
    block of one part (the first, when there are several: :func:`outcome_sentences`)."""
    found = outcome_sentences(text, start, end)
    return found[0] if found else None


#: Words every match of ``_OUTCOME_SENTENCE`` holds one of, from each group: what was
#: decided, then its "was" or "were" (a word added to the pattern's ``what`` is added
#: here too: tests/test_ingest_gates.py checks every match in the corpus against them).
OUTCOME_WHAT_WORDS = (
    "report", "minutes", "notes", "motion", "recommendation", "item", "proposal", "matter",
    "statement", "accounts",
)  # fmt: skip
OUTCOME_WAS_WORDS = ("was", "were")


def may_tell_outcome(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` holds the words an outcome sentence needs (a gate before
    its pattern, tried at every character)."""
    return holds(text, OUTCOME_WHAT_WORDS, start, end) and holds(
        text, OUTCOME_WAS_WORDS, start, end
    )


def outcome_sentences(text: str, start: int, end: int) -> list[Block]:
    """The narrative decisions of an item with no resolution heading, each a block of
    one part: the first outcome sentence, and after it each further set of minutes
    confirmed in a sentence of its own ("The minutes of 24 May were agreed ...", then
    "The minutes of 28 June were agreed ..."): one decision per set of minutes."""
    matches = [
        *(
            _sentences_of(_OUTCOME_SENTENCE, text, start, end)
            if may_tell_outcome(text, start, end)
            else []
        ),
        *_sentences_of(_ACTIVE_SENTENCE, text, start, end),
        *_sentences_of(_WITHDREW_SENTENCE, text, start, end),
        *_sentences_of(_NUMBERED_DECISION, text, start, end),
    ]
    candidates = []
    for m in sorted(matches, key=lambda found: found.start()):
        purpose = "substantive"
        if m["what"].lower() == "motion":
            lead = max(text.rfind(".", max(start, m.start() - 300), m.start()), start)
            purpose = motion_purpose(text[lead : m.end()])
        candidates.append((m, purpose))
    # A motion's fate decides the item only when it is the substantive motion: lost
    # procedural motions and amendments are votes on the way, not the decision.
    substantive = [
        c for c in candidates if c[1] == "substantive" and c[0]["what"].lower() == "motion"
    ]
    if substantive:
        candidates = substantive[-1:]
    elif any(c[1] == "substantive" for c in candidates):
        candidates = [c for c in candidates if c[1] == "substantive"]
    blocks: list[Block] = []
    first_what = ""
    subjects: list[str] = []
    for m, _purpose in candidates:
        if blocks and not (_MINUTES.fullmatch(m["what"]) and _MINUTES.fullmatch(first_what)):
            continue
        # what was decided on: "minutes of the meeting of LDF Council on 28 June 2012"
        subject = " ".join(re.findall(r"\w+", text[m.end("what") : m.start("verb")].lower()))
        if any(subject in earlier for earlier in subjects):
            continue  # the same sentence printed again ("Decision:" and "Minutes:")
        subjects.append(subject)
        first_what = m["what"] if not blocks else first_what
        outcome = _VERB_OUTCOME.get(" ".join(m["verb"].lower().split()), "resolved")
        part_start = m.start("sentence")
        part_end = m.end()
        if m["what"].lower() == "motion":
            quotes = list(re.finditer(r"[\"“](?P<q>[^\"”]{10,}?)[\"”]", text[start:part_start]))
            moved = [q for q in quotes if re.match(r"\s*that\b", q["q"], re.I)]
            if moved or quotes:
                quote = (moved or quotes)[0 if moved else -1]
                part_start = start + quote.start("q")
                part_end = start + quote.end("q")  # the motion's own words are the part
        elif m["what"].lower() in {"proposal", "proposals", "recommendation", "recommendations"}:
            # "The proposal was carried by 4 votes to 2." then "That ...": its words
            after = _RESOLUTION_AFTER.match(text, m.end(), end)
            if after is not None:
                part_start, part_end = after.start("words"), after.end("words")
        while part_start < part_end and text[part_start] in " \xa0\t\n":
            part_start += 1
        blocks.append(
            Block(
                kind=f"sentence:{outcome}",
                marker_start=m.start("sentence"),
                marker_end=m.end(),
                start=part_start,
                end=part_end,
                confidence=0.6,
            )
        )
    return blocks


_MINUTES = re.compile(r"(?i:minutes|notes)")


_STOP = re.compile(r"\.[\"”’']?(?=\s|$)|\n[ \t]*\n")  # a quoted motion ends at its quote
_QUOTED_MOTION = re.compile(r"\s*[\"“][^\"”]{10,3000}[\"”]")  # "... seconded:" then its words
_MOTION_OUTCOME = {"carried": "resolved", "lost": "lost", "fell": "lost", "withdrawn": "withdrawn"}


def motion_fate(text: str, start: int, end: int) -> Block | None:
    """An item with no resolution block whose narrative reports a motion's fate ("Upon
    being put to the vote, the motion was declared lost", "The change was not agreed"):
    the motion decides it. The substantive motion's fate is the decision when there is
    one; else the last procedural motion's (a lost motion to adjourn is the item's
    decision). An amendment alone decides nothing. The part is the motion's own words:
    the sentence that moved it, else the sentence that reports its fate."""
    motions = [m for m in find_motions(text, start, end) if m.motion != "amendment"]
    if not motions:
        return None
    substantive = [m for m in motions if m.motion == "substantive"]
    chosen = (substantive or motions)[-1]
    outcome = _MOTION_OUTCOME.get(chosen.outcome)
    if outcome is None:
        return None
    moved = None
    for m in _MOVED.finditer(text, max(start, chosen.start - 3000), chosen.start):
        moved = m
    words_start, words_end = (moved.start(), moved.end()) if moved else (chosen.start, chosen.end)
    part_start = max(
        _sentence_start(text, words_start), text.rfind("\n", start, words_start) + 1, start
    )
    stop = _QUOTED_MOTION.match(text, words_end, end) or _STOP.search(text, words_end, end)
    part_end = end if stop is None else stop.end()
    while part_start < part_end and text[part_start] in " \xa0\t\n":
        part_start += 1
    return Block(
        kind=f"sentence:{outcome}",
        marker_start=chosen.start,
        marker_end=chosen.end,
        start=part_start,
        end=part_end,
        confidence=0.6,
    )


_MOVED = re.compile(
    r"\b(?:moved|proposed)\b(?:\s+(?:and|by)\s+[^.:\n]{0,80}?\bseconded\b)?[^.:\n]{0,120}?"
    r"(?:\bthat\b|:|\bto\b)",
    re.I,
)
_FATE_WORDS = re.compile(
    r"\b(?:carried|lost|defeated|agreed|resolved|approved|adopted|withdrawn|fell|noted|rejected|"
    r"deferred)\b",
    re.I,
)
#: The most text after a moved motion for the page to count as stopping there.
_UNFINISHED_TAIL = 1500


def unfinished_motion(text: str, start: int, end: int) -> Block | None:
    """A motion moved at the end of the page with no outcome after it: the page stops
    before the outcome. A block of one part whose outcome is not recorded."""
    moved = None
    for m in _MOVED.finditer(text, max(start, end - _UNFINISHED_TAIL * 2), end):
        moved = m
    if moved is None or end - moved.start() > _UNFINISHED_TAIL:
        return None
    if _FATE_WORDS.search(text, moved.end(), end):
        return None
    part_start, part_end = moved.end(), end
    quote = re.search(r"[\"“](?P<q>[^\"”]{10,})(?:[\"”]|$)", text[moved.end() : end])
    if quote is not None:
        part_start = moved.end() + quote.start("q")
        part_end = moved.end() + quote.end("q")
    else:  # the motion's own sentence
        stop = re.compile(r"\.(?=\s)|\n[ \t]*\n").search(text, part_start, part_end)
        part_end = part_end if stop is None else stop.end()
    while part_start < part_end and text[part_start] in " \xa0\t\n:":
        part_start += 1
    while part_end > part_start and text[part_end - 1] in " \xa0\t\n":
        part_end -= 1
    if part_end - part_start < 10:
        return None
    return Block(
        kind="sentence:not_recorded",
        marker_start=moved.start(),
        marker_end=moved.end(),
        start=part_start,
        end=part_end,
        confidence=0.5,
    )


def _sentence_start(text: str, before: int) -> int:
    """Where the sentence holding ``text[before]`` starts."""
    cut = max(text.rfind(". ", 0, before), text.rfind(".\xa0", 0, before))
    start = 0 if cut == -1 else cut + 1
    while start < before and text[start] in " \xa0\t":
        start += 1
    return start

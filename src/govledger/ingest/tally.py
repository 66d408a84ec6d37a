"""The tallies a sentence records: counts, "unanimously", casting votes, named votes.

Each function takes the whole text (or one sentence) and offsets into it, and returns
what it found with offsets into the text. A vote with no figures has ``None`` counts.
"""

from __future__ import annotations

import itertools
import re

import attrs

from ._counts import _ABST_WORD, _NUM, _n
from ._words import sentences

__all__ = [
    "ABST_WORD",
    "NUM",
    "PART_LINE",
    "VOTE_HINTS",
    "FoundVote",
    "count_of",
    "named_votes",
    "tally_sentences",
    "vote_in",
]

# --------------------------------------------------------------------------- votes

#: The count words and their reader, for :mod:`.line_tally`.
NUM, ABST_WORD, count_of = _NUM, _ABST_WORD, _n


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
#: One count and the position it is for, in either order and in any company: "30 votes
#: for", "no votes against", "one abstention", "against: 3", "In favour (9)". A tally is
#: read from the pairs a sentence holds, whatever their order and whichever are missing.
_POS = rf"(?P<pos>for|in\s+favour|against|{_ABST_WORD})"
_PAIR_COUNT_FIRST = re.compile(
    rf"\b(?P<n>{_NUM}|no)[ \t]+(?:(?:members?|councillors?)[ \t]+)?"
    rf"(?P<votes>votes?[ \t]+|voting[ \t]+|voted[ \t]+)?(?:cast[ \t]+)?{_POS}\b"
    r"(?![ \t]+(?:each|of[ \t]+each)\b)",
    re.I,
)
_PAIR_POS_FIRST = re.compile(
    # not "For (9): Councillors A, B and C": a named list, read elsewhere
    rf"\b{_POS}[ \t]*[:\-–=]?[ \t]*\(?(?P<n>{_NUM})\)?(?![\w%/:]|\.\d|\)?[ \t]*:)"
    r"(?!\s+(?:years?|months?|weeks?|days?|hours?|per\b|percent|homes|dwellings|units|flats))",
    re.I,
)


#: "Yes 5, No 2, Abstain 1", "(Yes: 8, No: 3)": a show of hands counted as yes and no. Read
#: only with both, so "No 2 High Street" or "Item No 4" alone is no tally.
_YES_NO = re.compile(
    rf"\byes[ \t]*[:\-–=]?[ \t]*\(?(?P<yes>{_NUM})\)?[ \t]*[,;]?[ \t]*(?:and[ \t]+)?"
    rf"no[ \t]*[:\-–=]?[ \t]*\(?(?P<no>{_NUM})\)?(?![\w/.:]\d)"
    rf"(?:[ \t]*[,;]?[ \t]*(?:and[ \t]+|with[ \t]+)?{_ABST_WORD}[ \t]*[:\-–=]?[ \t]*"
    rf"\(?(?P<abst>{_NUM})\)?)?",
    re.I,
)
#: "approved by a majority of 6 to 3": the figures after the majority, no "votes" between.
_MAJORITY_OF = re.compile(
    rf"\bby\s+a\s+majority\s+of\s+(?P<a>{_NUM})\s*(?:votes?\s+)?(?:to|[-–:])\s*(?P<b>{_NUM})\b",
    re.I,
)


def _pairs_tally(sentence: str) -> tuple[dict[str, int], tuple[int, int]] | None:
    """The counts a sentence gives by position ("for", "against", "abstain"), read from
    its count-and-position pairs in any order (each on one line), and the span they
    cover; ``None`` unless two positions are counted, or one as "30 votes for"."""
    counts: dict[str, int] = {}
    spans: list[tuple[int, int]] = []
    taken: list[tuple[int, int]] = []
    alone_with_votes = False
    for pattern in (_PAIR_COUNT_FIRST, _PAIR_POS_FIRST):
        for m in pattern.finditer(sentence):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            pos = m["pos"].lower()
            key = "for" if pos in {"for"} or pos.startswith("in") else pos
            key = key if key in {"for", "against"} else "abstain"
            if key in counts:
                continue
            word = m["n"].lower()
            counts[key] = 0 if word == "no" else (_n(word) or 0)
            taken.append(m.span())
            spans.append(m.span())
            alone_with_votes = alone_with_votes or bool(m.groupdict().get("votes"))
    if not counts:
        return None
    if len(counts) < 2 and not (alone_with_votes and re.search(r"[.;)]\s*$", sentence)):
        # one count alone is a tally only as "30 votes for", in a sentence that ends (not
        # one cut by a page break: "4 votes for" / footer / "and 4 against")
        return None
    return counts, (min(a for a, _ in spans), max(b for _, b in spans))


#: "nem con" without a closing full stop: the stop may end the sentence, and a vote's span
#: that swallowed it would run the sentence around the vote on into the next one.
_UNANIMOUS = re.compile(
    r"\bunanimous(?:ly)?\b|\bnem\.?\s*con(?=\W|$)|\bnemine\s+contradicente\b|\bwithout\s+dissent\b",
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
    r"\b(?:was|were)\s+voted\s+on\s+and\b|"
    r"\bby\s+a\s+(?:clear\s+|large\s+|narrow\s+|substantial\s+)?majority\b|\bmajority\s+vote\b",
    re.I,
)
_NAMED = re.compile(
    # "Those voting FOR the AMENDMENT: ...", "Those ABSTAINING from voting: None"
    r"^\s*(?:those\s+(?:members\s+)?(?:voting\s+)?)?"
    r"(?P<pos>for|against|abstain(?:ed|ing)?|abstentions?)(?:\s+the\s+(?:motion|amendment|"
    r"recommendations?|substantive\s+motion))?(?:\s+from\s+voting)?\s*"
    r"(?:\((?P<count>\d{1,3})\))?\s*[:\-–]\s*(?P<names>[^\n]+)$",
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
    pieces = re.split(r"\s*,\s*|\s+and\s+|\s*;\s*(?:and\s+)?", cleaned)
    return [p.strip() for p in pieces if p.strip() and p.strip().lower() not in {"none", "nil"}]


#: A recorded-vote table's row as page text gives it: the position, the members, then
#: the count in its own cell ("Against D Abara, C Bellis and L Zeal 27").
_NAMED_ROW = re.compile(
    r"^[ \t]*(?P<pos>For|Against|Abstain(?:ed)?|Abstentions?)[ \t]+"
    r"(?P<names>[A-Z][^\n]*?)[ \t]+(?P<tail>\d{1,3})[ \t]*$",
    re.M,
)
#: "There voted for the amendment:" then the members, dotted out to their count
#: ("Councillors A, B and C ........ 3"), the names running over lines.
_THERE_VOTED = re.compile(
    r"\b[Tt]here\s+(?P<pos>voted\s+for|voted\s+against|abstained)\b[^:\n]{0,80}:\s*"
    r"(?P<names>(?:Councillors?|Cllrs?\.?)\s[^.]{1,1500}?)[ \t]*\.{3,}[ \t]*(?P<tail>\d{1,3})\b",
)
#: A recorded vote's row headed by its count in brackets, the members after a dash or on
#: the next line: "For the procedural motion (23) - Councillors A, B and C",
#: "FOR the officer's recommendation (9)" then "A, B and C" below it, "Declined to vote (1)".
_COUNTED_ROW = re.compile(
    r"^[ \t]*(?P<pos>for|against|abstain(?:ed|ing)?|abstentions?|declined[ \t]+to[ \t]+vote)\b"
    r"(?:[ \t]+the[ \t]+[^\n():]{1,60}?)?[ \t]*\((?P<count>\d{1,3})\)[ \t]*"
    r"(?:[:\-–][ \t]*(?P<names>[^\n]+)|\n(?:[ \t]*\n)?[ \t]*(?P<names2>(?!(?:for|against|"
    r"abstain|abstentions?|there|declined|absent)\b)[A-Z][^\n]*))?$",
    re.I | re.M,
)
#: "There were no abstentions." after a recorded vote's rows: none abstained.
_NO_ABSTENTIONS = re.compile(
    r"\b(?:there\s+were\s+|with\s+)?no\s+abstentions\b|\bnobody\s+abstained\b|\bnone\s+abstained\b",
    re.I,
)
#: The most characters between two rows of one recorded vote (names running on over
#: lines and a page break); a longer gap starts another vote.
_ROWS_GAP = 400


def _position(row: re.Match[str]) -> str:
    """``for``, ``against`` or ``abstain``: the position a row records."""
    words = row["pos"].lower().split()[-1]
    return words if words in {"for", "against"} else "abstain"


def _rows(window: str) -> list[re.Match[str]]:
    found = [*_NAMED.finditer(window), *_NAMED_ROW.finditer(window)]
    if "(" in window:
        found += _COUNTED_ROW.finditer(window)
    if "here " in window:
        found += _THERE_VOTED.finditer(window)
    out: list[re.Match[str]] = []
    for row in sorted(found, key=lambda r: r.start()):
        if out and row.start() < out[-1].end():
            continue  # one line read by both patterns
        out.append(row)
    return out


def _runs(rows: list[re.Match[str]]) -> list[list[re.Match[str]]]:
    """The rows grouped into votes: a vote "for" after the other positions, or a long
    gap, starts the next recorded vote (the amendment's, then the substantive motion's)."""
    runs: list[list[re.Match[str]]] = []
    for row in rows:
        if (
            not runs
            or row.start() - runs[-1][-1].end() > _ROWS_GAP
            or (_position(row) == "for" and any(_position(r) != "for" for r in runs[-1]))
        ):
            runs.append([row])
        else:
            runs[-1].append(row)
    return runs


def named_votes(text: str, start: int, end: int) -> list[FoundVote]:
    """A recorded vote printed as "For: Councillors A, B and C" lines (or as a table's
    rows, "For A Ashdown and J Yeo 2"), one vote for each run of rows."""
    window = text[start:end]
    out: list[FoundVote] = []
    for rows in _runs(_rows(window)):
        vote = _named_vote(window, start, rows)
        if vote is not None:
            out.append(vote)
    return out


def _row_members(row: re.Match[str]) -> str:
    """The words naming a row's members (empty when the row names nobody)."""
    return row["names"] or row.groupdict().get("names2") or ""


#: A row's count in brackets after its members: "... and Waring (17)".
_COUNT_AT_END = re.compile(r"\((?P<n>\d{1,3})\)[ \t.;]*$")
_COUNT_AT_END_OF_LINE = re.compile(r"\((?P<n>\d{1,3})\)[ \t.;]*$", re.M)


def _row_names(window: str, row: re.Match[str], next_start: int) -> tuple[str, int]:
    """The members a "For: Councillors A, B and" row names, with the lines its list runs
    on over (past a page break) until the full stop that ends it; and where it ends."""
    names = _row_members(row)
    if row.re is not _NAMED or names.rstrip().endswith(".") or _COUNT_AT_END.search(names):
        return names, row.end()  # "... and Waring (17)": the count closes the list
    limit = min(next_start, row.end() + 600)
    stop = window.find(".", row.end(), limit)
    counted = _COUNT_AT_END_OF_LINE.search(window, row.end(), limit)
    if counted is not None and (stop == -1 or counted.end() <= stop):
        # "Mr Corran, Ms Dunmore, Mrs Faulds," / "Mr Garside and Ms Pennock (5)"
        rest = unfurnished(window[row.end() : counted.end()])
        if not re.search(r"\n[ \t]*\n", rest):
            return f"{names} {' '.join(rest.split())}", counted.end()
    if stop == -1:
        return names, row.end()
    rest = unfurnished(window[row.end() : stop + 1])
    if re.search(r"\n[ \t]*\n[ \t]*[A-Z]{3,}", rest):
        return names, row.end()  # a new block of capitals, not the list going on
    return f"{names} {' '.join(rest.split())}", stop + 1


def _named_vote(window: str, start: int, rows: list[re.Match[str]]) -> FoundVote | None:
    if not any(_position(r) == "for" for r in rows):
        return None
    if not any(_position(r) == "against" for r in rows):
        return None
    if all(re.fullmatch(rf"\s*{_NUM}\s*", _row_members(r), re.I) for r in rows):
        return None  # "For: 7" lines: a tally, read elsewhere
    counts = {"for": 0, "against": 0, "abstain": 0}
    named: list[tuple[str, str]] = []
    complete = True
    end = rows[-1].end()
    for index, row in enumerate(rows):
        key = _position(row)
        next_start = rows[index + 1].start() if index + 1 < len(rows) else len(window)
        names, row_end = _row_names(window, row, next_start)
        end = max(end, row_end)
        bare = re.fullmatch(rf"\s*(?P<n>{_NUM})\s*\.?\s*", names, re.I)
        members = [] if bare else _names(names)
        at_end = _COUNT_AT_END.search(names) if row.re is _NAMED else None
        stated_as = (
            row.groupdict().get("count")
            or row.groupdict().get("tail")
            or (at_end["n"] if at_end else None)
        )
        stated = _n(bare["n"]) if bare else int(stated_as) if stated_as else None
        count = len(members) if stated is None else stated
        complete = complete and count == len(members)  # "For: 20" names nobody
        counts[key] += count
        named.extend((m, key) for m in members)
    first = rows[0]
    abstained = counts["abstain"] if any(_position(r) == "abstain" for r in rows) else None
    if abstained is None:
        # "There were no abstentions." printed after the rows
        none = _NO_ABSTENTIONS.search(window, end, min(len(window), end + 120))
        if none is not None and not window[end : none.start()].strip(" \t\n."):
            abstained, end = 0, none.end()
    return FoundVote(
        start=start + first.start("pos"),
        end=start + end,
        in_favour=counts["for"],
        against=counts["against"],
        abstained=abstained,
        unanimous=False,
        casting=bool(_CASTING.search(window, first.start(), end)),
        named=tuple(named),
        named_complete=complete,
    )


VOTE_HINTS = (
    "unanim", "nem", "vote", "against", "dissent", "casting", "favour", "hands", "majority",
    "carried", "lost", "yes",
)  # fmt: skip


_GOES_ON = re.compile(rf"\s*(?:and\s+)?(?:against|{_ABST_WORD})\b", re.I)


#: A page's running footer or header line left in the text ("... Page 1 of 2").
#: The running header printed on the next line, before a blank one, goes with it.
_FURNITURE = re.compile(
    r"^[^\n]{0,160}\bPage\s+\d+(?:\s+of\s+\d+)?[ \t]*$(?:\n[^\n.]{1,160}$(?=\n[ \t]*\n|\Z))?", re.M
)


#: The same furniture run into the next line's words when the line break was lost
#: ("... 08.12.15 Page 1 of 2 and 4 against."): the words after it go on.
_FURNITURE_INLINE = re.compile(
    r"^[^\n]{0,160}?\bPage\s+\d+(?:\s+of\s+\d+)?[ \t]+(?=(?:and|or|to|with)\s|[a-z]{2,}\b)", re.M
)


def _runs_on(text: str, before: tuple[int, int], s_start: int, s_end: int) -> bool:
    """Whether the sentence at *s_start* goes on from *before*: a tally cut at a semicolon
    ("For 5; Against 4"), or a clause cut by a page break ("4 votes for" / footer / "and
    4 against"), the sentence before ending mid-clause and this one going on in lower case."""
    if text[before[1] - 1] == ";":
        return _GOES_ON.match(text, s_start, s_end) is not None
    if not re.search(r"\w\s*$", text[before[0] : before[1]]):
        return False
    words = text[s_start:s_end].lstrip()
    furniture = _FURNITURE.match(words) or _FURNITURE_INLINE.match(words)
    if furniture is not None:
        words = words[furniture.end() :].lstrip()
    return re.match(r"[a-z]{2,}\b(?![.)])", words) is not None


def tally_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of the window, a tally cut at a semicolon or by a page break joined
    again ("For 5; Against 4; Abstain 0" is one vote)."""
    out: list[tuple[int, int]] = []
    held: tuple[int, int] | None = None  # a page's furniture after a clause cut short
    for s_start, s_end in sentences(text, start, end):
        if held is not None:
            if _runs_on(text, out[-1], s_start, s_end):
                out[-1] = (out[-1][0], s_end)
                held = None
                continue
            out.append(held)
            held = None
        if out and _FURNITURE.fullmatch(text[s_start:s_end].strip()) and _cut_short(text, out[-1]):
            held = (s_start, s_end)
        elif out and _runs_on(text, out[-1], s_start, s_end):
            out[-1] = (out[-1][0], s_end)
        else:
            out.append((s_start, s_end))
    if held is not None:
        out.append(held)
    return [piece for s in out for piece in _by_line(text, *s)]


#: A line of a voting record that gives one part its own tally ("Decision 1: For 5;
#: Against 2", "Recommendation (2) - 4 for, 3 against").
PART_LINE = re.compile(
    r"\n(?=[ \t]*(?:Decision|Recommendation|Resolution|Part)\s+\(?[0-9a-z]{1,3}\)?[ \t]*[:\-–])"
)


def _by_line(text: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [m.end() for m in PART_LINE.finditer(text, start, end)]
    return list(itertools.pairwise([start, *cuts, end])) if cuts else [(start, end)]


def _cut_short(text: str, sentence: tuple[int, int]) -> bool:
    return re.search(r"\w\s*$", text[sentence[0] : sentence[1]]) is not None


def unfurnished(sentence: str) -> str:
    """*sentence* with the page furniture inside it blanked (offsets kept)."""
    if "Page" not in sentence:
        return sentence
    blank = _FURNITURE.sub(lambda m: " " * len(m.group()), sentence)
    return _FURNITURE_INLINE.sub(lambda m: " " * len(m.group()), blank)


#: Words one of which every vote pattern below needs: a sentence without any is no vote
#: (tested once per sentence, before the patterns).
_VOTE_WORDS = (
    "against", "vote", "unanim", "nem", "casting", "hands", "dissent", "majority", "carried",
    "lost", "yes",
)  # fmt: skip


#: A tie told in words: "three votes for each nomination", "4 votes each".
_TIE_IN_WORDS = re.compile(
    rf"\b(?P<n>{_NUM})\s+votes?\s+(?:(?:cast\s+)?(?:for|in\s+favour\s+of)\s+)?each\b"
    rf"(?:\s+(?:nomination|nominee|candidate|proposal|motion|option))?",
    re.I,
)


def _first(*found: re.Match[str] | None) -> re.Match[str] | None:
    """The match that starts first ("6 For / 0 Against" is read from the 6, not as "For
    0 Against ..."), the earlier pattern's on a tie."""
    present = [m for m in found if m is not None]
    return min(present, key=lambda m: m.start()) if present else None


def _quoted(sentence: str, m: re.Match[str]) -> bool:
    """Whether the match is a word in quotation marks (a word deleted from the minutes,
    "subject to the deletion of the word 'unanimously'"), not a vote."""
    before = sentence[m.start() - 1 : m.start()] if m.start() else ""
    after = sentence[m.end() : m.end() + 1]
    return before in {'"', "'", "“", "‘"} and after in {'"', "'", "”", "’"}


def vote_in(sentence: str, offset: int) -> FoundVote | None:
    lowered = sentence.lower()
    if not any(word in lowered for word in _VOTE_WORDS):
        return None
    sentence = unfurnished(sentence)
    in_favour = against = abstained = None
    spans: list[tuple[int, int]] = []
    m = _first(_TALLY_LABELLED.search(sentence), _TALLY_COUNTED.search(sentence))
    yes_no = _YES_NO.search(sentence) if m is None else None
    majority = _MAJORITY_OF.search(sentence) if m is None and yes_no is None else None
    if m is not None:
        in_favour, against, abstained = _n(m["for"]), _n(m["against"]), _n(m["abst"])
        spans.append(m.span())
    elif yes_no is not None:
        in_favour, against, abstained = _n(yes_no["yes"]), _n(yes_no["no"]), _n(yes_no["abst"])
        spans.append(yes_no.span())
    elif majority is not None:
        in_favour, against = _n(majority["a"]), _n(majority["b"])
        spans.append(majority.span())
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
    if in_favour is None and (tie := _TIE_IN_WORDS.search(sentence)) is not None:
        in_favour = against = _n(tie["n"])
        spans.append(tie.span())
    if not spans and (pairs := _pairs_tally(sentence)) is not None:
        # "carried with 30 votes for and 3 abstentions", "in favour with no votes against
        # and one abstention": the counts in any order, those not given left unknown
        counts, span = pairs
        in_favour, against, abstained = (counts.get(k) for k in ("for", "against", "abstain"))
        spans.append(span)
    if abstained is None:
        ab = re.search(
            rf"\b(?P<n>{_NUM})\s+{_ABST_WORD}|{_ABST_WORD}\s*[:\-–]?\s*(?P<m>{_NUM})\b",
            sentence,
            re.I,
        )
        if ab is not None and in_favour is not None:
            abstained = _n(ab["n"] or ab["m"])
        elif in_favour is not None and against is not None and _NO_ABSTENTIONS.search(sentence):
            abstained = 0  # "by 4 votes in favour and 3 votes against with no abstentions"
    unanimous = next((u for u in _UNANIMOUS.finditer(sentence) if not _quoted(sentence, u)), None)
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

"""Line breaks lost in extraction: minutes whose whole page came out as one line.

A PDF or a web page copied without its breaks runs every heading into the text around it
("... of the proceedings.162. APOLOGIES FOR ABSENCEThere were no apologies.163. ...",
"HELD ON 11 FEBRUARY 2013RESOLVED:That the minutes ..."). Only in a line far longer than
any a page prints, the breaks a reader sees are put back: before a minute number that
follows a stop, before a resolution heading run into the word before it, around a
printed rule, and between a heading in capitals and the sentence run onto it. In any
line, a table row's field label after a stop ("... 2024. Decision: RESOLVED:") starts a
line of its own. Linear in the size of the text.
"""

from __future__ import annotations

import re

#: A line this long holds several paragraphs whose breaks were lost.
RUN_ON_LINE = 600

_BREAKS = re.compile(
    # "proceedings.162. APOLOGIES": a minute number and a heading in capitals after a stop
    r"(?<=[.!?);])[ \t]*(?=\d{1,3}\.[ \t]*[A-Z][A-Z,&'’ -]{5})"
    # "Leisure71. MINUTES OF": a minute number glued to the word before it
    r"|(?<=[a-z])(?=\d{1,3}\.[ \t]*[A-Z][A-Z,&'’ -]{5})"
    # "2013RESOLVED:That", "agenda.RESOLVED -", "2014PRESENTCouncillor": a heading run
    # into the word before it
    r"|(?<=[A-Za-z0-9.)])"
    # (or run into its words as well: "SHARED LEGAL SERVICERESOLVEDthat ...")
    r"(?=(?:RESOLVED|RECOMMENDED|AGREED|DECISION)[ \t]*[:\-–—]|PRESENT[A-Z][a-z]"
    r"|(?:RESOLVED|RECOMMENDED)[ \t]*[Tt]hat\b)"
    # "report.______Minutes are subject to ...": a printed rule between text and a footer
    r"|(?<=[^_\n])(?=_{10})|(?<=_{10})(?=[^_\n])"
    # "APOLOGIES FOR ABSENCEThere were ...": a heading in capitals run into its sentence
    r"|(?<=[A-Z]{4})(?=(?:There|The|This|That|It|Members|Councillor|Cabinet|Council)\b)"
)


#: Breaks at a run of spaces, told apart by what follows (the character before is
#: checked in :func:`_spaced_break`): a running minute number up to four digits before a
#: title in title case ("... at 8pm. 1237. Close") or in capitals ("Councillor Ann Bell,
#: Leader 161. MINUTES OF"), a bare one with no stop ("... in attendance. 1358
#: DECLARATIONS OF INTEREST"; a date's year is kept: see _BARE_YEAR), and a heading word
#: after its item's title ("1234. Minutes RESOLVED That ...", "LAST MEETING RESOLVED:"),
#: and a sentence run onto a title in capitals ("2216 MATTERS ARISING There were ...").
#: Matched only where a run of spaces starts, so the cost stays linear.
_SPACED = re.compile(
    r"(?<![ \t])[ \t]+(?=(?P<title>\d{1,4}\.[ \t]+[A-Z][a-z]{2,}\b)"
    r"|(?P<caps>\d{1,4}\.[ \t]*[A-Z][A-Z,&'’ -]{5})"
    r"|(?P<bare>\d{3,4}[ \t]+[A-Z][A-Z,&'’-]{2,}[ \t]+[A-Z][A-Z,&'’ -]{3})"
    r"|(?P<sentence>[A-Z][a-z]+[ \t]+[a-z])"
    r"|(?P<heading>(?:RESOLVED|RECOMMENDED)"
    r"(?:(?P<colon>[ \t]*[:\-–—])|[ \t]+[Tt]hat\b)))"
)
_STOPS = ".!?);"


def _spaced_break(text: str, m: re.Match[str]) -> bool:
    """Whether the run of spaces *m* found is a break, by the character before it."""
    before = text[m.start() - 1] if m.start() else "\n"
    if m["title"]:
        return before in _STOPS
    if m["caps"]:
        return before.isalpha() or before in _STOPS
    if m["sentence"]:
        # "2216 MATTERS ARISING There were no ...": a title in capitals, then its sentence
        return (
            text[max(0, m.start() - 4) : m.start()].isalpha()
            and text[max(0, m.start() - 4) : m.start()].isupper()
        )
    if m["bare"]:
        return (before.isalpha() or before in _STOPS + ":") and not _a_date(text, m.start())
    if before.islower():
        return True  # "1234. Minutes RESOLVED That ..."
    # "LAST MEETING RESOLVED: The minutes": a title in capitals, then its heading
    return m["colon"] is not None and text[max(0, m.start() - 2) : m.start()].isupper()


#: A page's item table flattened into rows: "To confirm the minutes of 20 November.
#: Decision: RESOLVED: ... Minutes: RESOLVED: ...": each field label starts a line.
_TABLE_FIELD = re.compile(r"(?<=[.:])[ \t]+(?=(?:Decisions?|Minutes):[ \t]+\S)")


#: A heading a run-on extraction glues to the words it introduces: "RESOLVEDthat".
_GLUED = re.compile(r"(?<=RESOLVED)(?=[Tt]hat\b)|(?<=RECOMMENDED)(?=[Tt]hat\b)")


#: A year after a month or an ordinal ("20 th SEPTEMBER 2017 AT 7PM"): a date, not a
#: minute number, however many capitals follow it.
_BARE_YEAR = re.compile(
    r"(?:\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?|\d(?:st|nd|rd|th)?)[ \t]*$",
    re.I,
)


def _a_date(text: str, at: int) -> bool:
    """Whether the break at *at* would split a date from its year."""
    return re.match(r"[ \t]*\d{4}[ \t]", text[at : at + 6]) is not None and (
        _BARE_YEAR.search(text, max(0, at - 12), at) is not None
    )


def long_lines(text: str, size: int) -> list[tuple[int, int]]:
    """The ``(start, end)`` of each line of *text* of *size* characters or more (its
    newline left out): what ``[^\\n]{size,}`` finds, by ``str.find`` rather than a
    pattern tried at every character."""
    found: list[tuple[int, int]] = []
    start, length = 0, len(text)
    while start < length:
        end = text.find("\n", start)
        if end < 0:
            end = length
        if end - start >= size:
            found.append((start, end))
        start = end + 1
    return found


def run_on_breaks(text: str) -> list[tuple[int, int, str]]:
    """The cuts (start, end, replacement) that put back the line breaks of the run-on
    lines of *text*: each replaces the spaces at a break (or nothing) with a newline."""
    cuts: list[tuple[int, int, str]] = []
    for line_start, line_end in long_lines(text, RUN_ON_LINE):
        for m in _BREAKS.finditer(text, line_start, line_end):
            if m.start() > line_start:
                cuts.append((m.start(), m.end(), "\n"))
        cuts.extend((m.start(), m.end(), " ") for m in _GLUED.finditer(text, line_start, line_end))
        for m in _SPACED.finditer(text, line_start, line_end):
            if m.start() > line_start and _spaced_break(text, m):
                cuts.append((m.start(), m.end(), "\n"))
    if "Decision" in text or "Minutes" in text:  # every match is before one (a full scan)
        cuts.extend((m.start(), m.end(), "\n") for m in _TABLE_FIELD.finditer(text))
    cuts.sort()
    return cuts

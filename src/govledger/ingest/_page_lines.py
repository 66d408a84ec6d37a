"""Page furniture that is a whole line: page numbers, print headers, bare addresses."""

from __future__ import annotations

import re

PAGE_LINE = re.compile(
    r"(?im)^[ \t]*(?:page[ \t]+\d{1,4}(?:[ \t]+of[ \t]+\d{1,4})?|[-–][ \t]*\d{1,4}[ \t]*[-–]|"
    r"\d{1,4}[ \t]*/[ \t]*\d{1,4}|"
    r"(?:https?://|file:///|www\.)\S+(?:[ \t]+\d{1,4}(?:[ \t]*/[ \t]*\d{1,4})?)?|"
    r"\d{1,2}/\d{1,2}/\d{2,4},?[ \t]+\d{1,2}:\d{2}(?:[ \t]*[ap]\.?m\.?)?\b[^\n]{0,100}|"
    # a running footer: the meeting and its date, then far to the right its page number
    # ("Executive (08.12.2016)          Page 2")
    r"[A-Z][A-Za-z&,' -]{2,50}[ \t]+\(?\d{1,2}[./]\d{1,2}[./]\d{2,4}\)?[ \t]{3,}page[ \t]+\d{1,4}"
    r"(?:[ \t]+of[ \t]+\d{1,4})?)[ \t]*$"
)
_NUMBERED = re.compile(r"[ \t]*(?:page\b|\d|[-–])", re.I)
_PAGE_OF = re.compile(r"[ \t]*(\d{1,4})[ \t]*/[ \t]*(\d{1,4})[ \t]*")


def page_lines(text: str, header: re.Pattern[str] | None = None) -> list[tuple[int, int]]:
    """The spans of the lines in *text* that are page furniture.

    A bare "N/M" is page N of M only when N <= M and no title follows it: "21/11" alone
    on its line is an item number printed in its own table cell (minute 21 of 2011), and
    so is "3/24" with its item's title on the next line; both are kept. The line
    after a page number that *header* matches whole is the next page's running header
    ("Page 1 of 2", then "Cabinet    3 October 2019"), with or without a form feed.
    """
    out = []
    for line in PAGE_LINE.finditer(text):
        pair = _PAGE_OF.fullmatch(line.group())
        if pair is None or (int(pair[1]) <= int(pair[2]) and not _titled(text, line.end(), header)):
            out.append((line.start(), line.end()))
            if header is None or not _NUMBERED.match(line.group()):
                continue  # a source address or a print header: no page break after it
            after = line.end() + 1
            while after < len(text) and text[after] in " \t\n\f":
                after += 1
            end = text.find("\n", after, after + 122)
            end = len(text) if end == -1 and len(text) - after <= 120 else end
            if end > after and header.fullmatch(text, after, end):
                out.append((after, end))
    return out


#: The title an item number printed alone on its line is followed by: a line opening
#: with a capital, not a sentence (no closing stop), not a list label or a number.
_TITLE_AFTER = re.compile(
    r"\n[ \t]*\n?[ \t]*(?![A-Z][.)]\s)[A-Z][^\n]{2,160}(?<![.;,:])[ \t]*(?:\n|$)"
)


def _titled(text: str, end: int, header: re.Pattern[str] | None) -> bool:
    """Whether the line after *end* (a blank line between allowed) reads as an item's
    title, so the "N/M" before it is an item number, not a page number: a running
    header (*header*) there is the next page's, and says it is a page number."""
    m = _TITLE_AFTER.match(text, end)
    if m is None:
        return False
    title = m.group().strip()
    return header is None or header.fullmatch(title) is None

"""Page furniture that is a whole line: page numbers, print headers, bare addresses."""

from __future__ import annotations

import re

PAGE_LINE = re.compile(
    r"(?im)^[ \t]*(?:page[ \t]+\d{1,4}(?:[ \t]+of[ \t]+\d{1,4})?|[-–][ \t]*\d{1,4}[ \t]*[-–]|"
    r"\d{1,4}[ \t]*/[ \t]*\d{1,4}|"
    r"(?:https?://|file:///|www\.)\S+(?:[ \t]+\d{1,4}(?:[ \t]*/[ \t]*\d{1,4})?)?|"
    r"\d{1,2}/\d{1,2}/\d{2,4},?[ \t]+\d{1,2}:\d{2}(?:[ \t]*[ap]\.?m\.?)?\b[^\n]{0,100})[ \t]*$"
)
_PAGE_OF = re.compile(r"[ \t]*(\d{1,4})[ \t]*/[ \t]*(\d{1,4})[ \t]*")


def page_lines(text: str) -> list[tuple[int, int]]:
    """The spans of the lines in *text* that are page furniture.

    A bare "N/M" is page N of M only when N <= M: "21/11" alone on its line is an item
    number printed in its own table cell (minute 21 of 2011), and is kept.
    """
    out = []
    for line in PAGE_LINE.finditer(text):
        pair = _PAGE_OF.fullmatch(line.group())
        if pair is None or int(pair[1]) <= int(pair[2]):
            out.append((line.start(), line.end()))
    return out

"""Page furniture that is a whole line: page numbers, print headers, bare addresses."""

from __future__ import annotations

import re

PAGE_LINE = re.compile(
    r"(?im)^[ \t]*(?:page[ \t]+\d{1,4}(?:[ \t]+of[ \t]+\d{1,4})?|[-–][ \t]*\d{1,4}[ \t]*[-–]|"
    r"\d{1,4}[ \t]*/[ \t]*\d{1,4}|"
    r"(?:https?://|file:///|www\.)\S+(?:[ \t]+\d{1,4}(?:[ \t]*/[ \t]*\d{1,4})?)?|"
    r"\d{1,2}/\d{1,2}/\d{2,4},?[ \t]+\d{1,2}:\d{2}(?:[ \t]*[ap]\.?m\.?)?\b[^\n]{0,100})[ \t]*$"
)

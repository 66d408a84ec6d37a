"""Dates in the words minutes use, with the bounds those words imply.

``29/07/2009`` and ``Monday, 4 July 2022`` are days; "the first week of September
2009", "in November 2020", "the end of 2012/13" and "early 2016" are periods with a
first and a last day. Nothing is invented: a day with no year is completed only from
the meeting's year, and is then found with a lower confidence.
"""

from __future__ import annotations

import calendar
import re
from bisect import bisect_left, insort
from collections.abc import Iterator
from datetime import date, timedelta

import attrs

__all__ = [
    "DateRole",
    "FoundDate",
    "find_dates",
    "parse_date",
]

_MONTHS = {name.lower(): index for index, name in enumerate(calendar.month_name) if name} | {
    name.lower(): index for index, name in enumerate(calendar.month_abbr) if name
}
_MONTHS["sept"] = 9
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"  # noqa: E501
_WEEKDAY = r"(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+)?"
_DAY = r"(?P<day>[0-3]?\d)(?:\s?(?:st|nd|rd|th)\b)?"  # "20 th September" too
_YEAR = r"(?P<year>(?:18|19|20|21)\d\d)"
_FY = r"(?P<fy1>(?:19|20)\d\d)\s*[/-]\s*(?P<fy2>(?:19|20)?\d\d)"
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3,
             "4th": 4, "last": -1, "final": -1}  # fmt: skip
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "winter": (12, 2)}
_PARTS_OF_YEAR = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}

#: The roles the evaluation contract names for a date.
DateRole = str

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("quarter", re.compile(rf"(?:(?:the\s+)?(?P<qword>first|second|third|fourth)\s+quarter|quarter\s+(?P<qnum>[1-4])|Q(?P<qshort>[1-4]))\s+(?:of\s+|for\s+)?{_FY}", re.I)),  # noqa: E501
    # "September to December 2021", and "in January and February 2019": one period
    ("month_range", re.compile(rf"(?P<m1>{_MONTH})(?:\s+(?P<y1>(?:19|20)\d\d))?\s*(?P<sep>to|until|-|–|and)\s*(?P<month>{_MONTH})\s*,?\s*{_YEAR}", re.I)),  # noqa: E501
    ("this_meeting", re.compile(r"\b(?:the\s+)?date\s+of\s+(?:this|the|today's)\s+meeting\b|\bimmediate\s+effect\b", re.I)),  # noqa: E501
    (
        "week",
        re.compile(
            r"(?:the\s+)?(?P<ord>first|second|third|fourth|last|final|1st|2nd|3rd|4th)\s+week\s+"
            rf"(?:of|in)\s+(?P<month>{_MONTH})\s*,?\s*{_YEAR}",
            re.I,
        ),
    ),
    (
        "week_commencing",
        re.compile(
            rf"(?:the\s+)?week\s+(?:commencing|beginning)\s+{_WEEKDAY}{_DAY}\s+"
            rf"(?P<month>{_MONTH})\s*,?\s*{_YEAR}",
            re.I,
        ),
    ),
    (
        "end_fy",
        re.compile(rf"(?:the\s+)?end\s+of\s+(?:the\s+)?(?:financial\s+year\s+)?{_FY}", re.I),
    ),
    (
        "end_month",
        re.compile(rf"(?:the\s+)?end\s+of\s+(?P<month>{_MONTH})\s*,?\s*{_YEAR}", re.I),
    ),
    (
        "end_year",
        re.compile(rf"(?:the\s+)?end\s+of\s+(?:the\s+)?(?:calendar\s+year\s+)?{_YEAR}\b", re.I),
    ),
    # "between 21 March 2022 and 29 April 2022": one period, not two days
    ("day_range", re.compile(rf"between\s+(?P<d1>[0-3]?\d)(?:st|nd|rd|th)?\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>(?:19|20)\d\d))?\s+and\s+{_DAY}\s+(?P<month>{_MONTH}),?\s+{_YEAR}", re.I)),  # noqa: E501
    ("day_month_year", re.compile(rf"{_WEEKDAY}{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH}),?\s+{_YEAR}", re.I)),  # noqa: E501
    ("month_day_year", re.compile(rf"{_WEEKDAY}(?P<month>{_MONTH})\s+{_DAY},?\s+{_YEAR}", re.I)),
    # "2012/01/25", "2019-10-09": year first, as registers and ISO print a day
    ("iso", re.compile(r"\b(?P<year>(?:19|20)\d\d)[/-](?P<month>[01]?\d)[/-](?P<day>[0-3]?\d)\b")),
    ("numeric", re.compile(r"\b(?P<day>[0-3]?\d)[/.](?P<month>[01]?\d)[/.](?P<year>(?:19|20)?\d\d)\b")),  # noqa: E501
    (
        "part_month",
        re.compile(
            rf"(?P<part>early|mid|late|the\s+beginning\s+of|the\s+middle\s+of)[\s-]+"
            rf"(?P<month>{_MONTH})\s*,?\s*{_YEAR}",
            re.I,
        ),
    ),
    (
        "season",
        re.compile(rf"(?:the\s+)?(?P<season>spring|summer|autumn|winter)\s+(?:of\s+)?{_YEAR}", re.I),  # noqa: E501
    ),
    ("part_year", re.compile(rf"(?P<part>early|mid|late)[\s-]+{_YEAR}\b", re.I)),
    ("fy", re.compile(rf"(?:the\s+)?(?:financial\s+year\s+)?\b{_FY}\b(?!\s*/)", re.I)),
    ("month_year", re.compile(rf"(?P<month>{_MONTH})\s*,?\s*{_YEAR}", re.I)),
    ("month_only", re.compile(rf"\b(?:in|during|by|until|from)\s+(?P<month>{_MONTH})(?![\w.])(?!\s*,?\s*\d)", re.I)),  # noqa: E501
    ("season_only", re.compile(r"\b(?:in|during|by|until|from)\s+(?:the\s+)?(?P<season>spring|summer|autumn|winter)\b(?!\s*,?\s*(?:of\s+)?\d)", re.I)),  # noqa: E501
    ("day_month", re.compile(rf"{_WEEKDAY}{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})\b(?!\s*,?\s*\d)", re.I)),  # noqa: E501
]  # fmt: skip


# Cheap tests run before the patterns: most windows hold no date at all.
_A_YEAR = re.compile(r"(?:18|19|20|21)\d\d")
_A_NUMERIC = re.compile(r"\d[/.]\d")
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


@attrs.frozen(kw_only=True)
class FoundDate:
    """A date found in a text: the words, their span, and the days they allow.

    ``earliest`` is ``None`` for a single day; a period has both bounds.
    ``confidence`` is lower when the year was taken from the meeting.
    """

    start: int
    end: int
    words: str
    latest: date
    earliest: date | None = None
    confidence: float = 0.95

    @property
    def is_period(self) -> bool:
        """Whether the words name a period rather than one day."""
        return self.earliest is not None and self.earliest != self.latest


def _month(name: str) -> int:
    return _MONTHS[name.lower().rstrip(".")]


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _fy_years(first: str, second: str) -> tuple[int, int] | None:
    start = int(first)
    end = int(second) if len(second) == 4 else (start // 100) * 100 + int(second)
    if end != start + 1:
        return None
    return start, end


def _resolve(kind: str, m: re.Match[str], reference: date | None) -> FoundDate | None:
    """The bounds of one match, or ``None`` when the words are not a real date."""
    g = m.groupdict()
    words = m.group().strip()
    default_year = None if reference is None else reference.year
    try:
        if kind == "week":
            year, month = int(g["year"]), _month(g["month"])
            order = _ORDINALS[g["ord"].lower()]
            if order == -1:
                last = _last_day(year, month)
                return _found(m, words, last - timedelta(days=6), last)
            first = date(year, month, 1) + timedelta(days=7 * (order - 1))
            return _found(m, words, first, min(first + timedelta(days=6), _last_day(year, month)))
        if kind == "week_commencing":
            first = date(int(g["year"]), _month(g["month"]), int(g["day"]))
            return _found(m, words, first, first + timedelta(days=6))
        if kind == "end_fy":
            years = _fy_years(g["fy1"], g["fy2"])
            if years is None:
                return None
            return _found(m, words, date(years[1], 3, 31), date(years[1], 3, 31))
        if kind == "end_month":
            last = _last_day(int(g["year"]), _month(g["month"]))
            return _found(m, words, last, last)
        if kind == "end_year":
            last = date(int(g["year"]), 12, 31)
            return _found(m, words, last, last)
        if kind in {"day_month_year", "month_day_year"}:
            day = date(int(g["year"]), _month(g["month"]), int(g["day"]))
            return _found(m, words, None, day)
        if kind == "iso":
            return _found(m, words, None, date(int(g["year"]), int(g["month"]), int(g["day"])))
        if kind == "numeric":
            short = int(g["year"])
            if short < 100:
                short += 2000 if short < 70 else 1900
            return _found(m, words, None, date(short, int(g["month"]), int(g["day"])))
        if kind == "part_month":
            year, month = int(g["year"]), _month(g["month"])
            part = g["part"].lower()
            final = _last_day(year, month).day
            bounds: dict[str, tuple[int, int]] = {
                "early": (1, 10),
                "mid": (11, 20),
                "late": (21, final),
            }
            low, high = bounds.get(part.split()[-1] if part.startswith("the") else part, (1, 10))
            if "middle" in part:
                low, high = 11, 20
            return _found(m, words, date(year, month, low), date(year, month, high))
        if kind == "season":
            year = int(g["year"])
            first_month, last_month = _SEASONS[g["season"].lower()]
            end_year = year + 1 if last_month < first_month else year
            return _found(m, words, date(year, first_month, 1), _last_day(end_year, last_month))
        if kind == "part_year":
            year = int(g["year"])
            first_month, last_month = _PARTS_OF_YEAR[g["part"].lower()]
            return _found(m, words, date(year, first_month, 1), _last_day(year, last_month))
        if kind == "fy":
            years = _fy_years(g["fy1"], g["fy2"])
            if years is None:
                return None
            return _found(m, words, date(years[0], 4, 1), date(years[1], 3, 31))
        if kind == "month_year":
            year, month = int(g["year"]), _month(g["month"])
            return _found(m, words, date(year, month, 1), _last_day(year, month))
        if kind == "day_month":
            if default_year is None or re.search(
                r"\b(?:preceding|following|each|every|next|previous)\s+$",
                m.string[max(0, m.start() - 20) : m.start()],
                re.I,
            ):
                return None
            day = date(default_year, _month(g["month"]), int(g["day"]))
            return _found(m, words, None, day, confidence=0.6)
        if kind == "quarter":
            years = _fy_years(g["fy1"], g["fy2"])
            if years is None:
                return None
            ordinals = {"first": 1, "second": 2, "third": 3, "fourth": 4}
            q = int(g["qnum"] or g["qshort"] or ordinals[g["qword"].lower()])
            first_month = 4 + 3 * (q - 1)
            year = years[0] if first_month <= 12 else years[1]
            first_month = (first_month - 1) % 12 + 1
            return _found(m, words, date(year, first_month, 1), _last_day(year, first_month + 2))
        if kind == "day_range":
            year = int(g["year"])
            first = date(int(g["y1"] or year), _month(g["m1"]), int(g["d1"]))
            last = date(year, _month(g["month"]), int(g["day"]))
            return _found(m, words, first, last) if first < last else None
        if kind == "month_range":
            last_month, year2 = _month(g["month"]), int(g["year"])
            first_month = _month(g["m1"])
            if g["sep"].lower() == "and" and (g["y1"] or first_month >= last_month):
                return None  # "May 2023 and June 2024", "June and May": two dates, no period
            year1 = int(g["y1"]) if g["y1"] else (year2 if first_month <= last_month else year2 - 1)
            return _found(m, words, date(year1, first_month, 1), _last_day(year2, last_month))
        if kind == "this_meeting":
            if reference is None:
                return None
            return _found(m, words, None, reference, confidence=0.7)
        if kind == "month_only":
            if reference is None:
                return None
            month = _month(g["month"])
            year = reference.year + (1 if month < reference.month else 0)
            words = g["month"].rstrip(".")
            return _found(
                m,
                words,
                date(year, month, 1),
                _last_day(year, month),
                confidence=0.5,
                begin=m.start("month"),
            )
        if kind == "season_only":
            if reference is None:
                return None
            first_month, last_month = _SEASONS[g["season"].lower()]
            for year in (reference.year - 1, reference.year, reference.year + 1):
                end_year = year + 1 if last_month < first_month else year
                if _last_day(end_year, last_month) >= reference:  # its next occurrence
                    break
            words = m.group().split(maxsplit=1)[1]  # "the autumn": the words after "in"
            return _found(
                m,
                words,
                date(year, first_month, 1),
                _last_day(end_year, last_month),
                confidence=0.5,
                begin=m.end() - len(words),
            )
    except ValueError:  # 31 February and the like: not a date
        return None
    return None


def _found(
    m: re.Match[str],
    words: str,
    earliest: date | None,
    latest: date,
    *,
    confidence: float = 0.95,
    begin: int | None = None,
) -> FoundDate:
    lead = len(m.group()) - len(m.group().lstrip())
    start = m.start() + lead if begin is None else begin
    return FoundDate(
        start=start,
        end=start + len(words),
        words=words,
        earliest=earliest,
        latest=latest,
        confidence=confidence,
    )


_MONTH_WORDS = _MONTH_STEMS
#: Words a pattern cannot match without: a region lacking all of them is skipped.
_HINTS: dict[str, tuple[str, ...]] = {
    "quarter": ("quarter", "q1", "q2", "q3", "q4"),
    "month_range": _MONTH_WORDS,
    "day_range": ("between",),
    "this_meeting": ("meeting", "immediate"),
    "week": ("week",),
    "week_commencing": ("week",),
    "end_fy": ("end",),
    "end_month": ("end",),
    "end_year": ("end",),
    "day_month_year": _MONTH_WORDS,
    "month_day_year": _MONTH_WORDS,
    "iso": ("/", "-"),
    "numeric": ("/", "."),
    "part_month": ("early", "mid", "late", "beginning", "middle"),
    "season": ("spring", "summer", "autumn", "winter"),
    "part_year": ("early", "mid", "late"),
    "fy": ("/", "-"),
    "month_year": _MONTH_WORDS,
    "month_only": _MONTH_WORDS,
    "season_only": ("spring", "summer", "autumn", "winter"),
    "day_month": _MONTH_WORDS,
}


_WORD_ANCHORS = re.compile(
    "|".join(re.escape(w) for w in (*_MONTH_STEMS, *_SEASONS, "meeting", "immediate"))
)
#: Each pattern's hints as one search: whether a region holds any of them.
_HINT_SEARCH = {
    kind: re.compile("|".join(re.escape(h) for h in hints)).search for kind, hints in _HINTS.items()
}


def _regions(text: str, start: int, stop: int, reference: date | None) -> list[tuple[int, int]]:
    """The stretches of ``text[start:stop]`` that can hold a date: around each year,
    numeric date, month name or "meeting", widened to whole words and merged.

    The patterns are costly per character; running them only here keeps reading
    fast and linear whatever the size of the window.
    """
    anchors = [(m.start(), m.end()) for m in _A_YEAR.finditer(text, start, stop)]
    anchors += [(m.start(), m.end()) for m in _A_NUMERIC.finditer(text, start, stop)]
    if reference is not None:
        # each place a stem begins, overlapping ones too (no stem begins another, so
        # one search finds the next place and the stem there)
        lowered, search, at = text[start:stop].lower(), _WORD_ANCHORS.search, 0
        while (m := search(lowered, at)) is not None:
            anchors.append((start + m.start(), start + m.end()))
            at = m.start() + 1
    if not anchors:
        return []
    anchors.sort()
    regions: list[tuple[int, int]] = []
    for a, b in anchors:
        low, high = max(start, a - 70), min(stop, b + 45)
        steps = 0
        while low > start and not text[low - 1].isspace() and steps < 40:
            low -= 1
            steps += 1
        steps = 0
        while high < stop and not text[high].isspace() and steps < 40:
            high += 1
            steps += 1
        if regions and low <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(regions[-1][1], high))
        else:
            regions.append((low, high))
    return regions


_WEEKDAYS = ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
#: Words (lower case) one of which every match of a pattern begins with, and whether a
#: match may begin with a digit instead: the pattern is tried only where one begins.
_STARTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "quarter": (("the", "first", "second", "third", "fourth", "q"), False),
    "month_range": (_MONTH_STEMS, False),
    "day_range": (("between",), False),
    "this_meeting": (("the", "date", "immediate"), False),
    "week": (("the", "first", "second", "third", "fourth", "last", "final"), True),
    "week_commencing": (("the", "week"), False),
    "end_fy": (("the", "end"), False),
    "end_month": (("the", "end"), False),
    "end_year": (("the", "end"), False),
    "day_month_year": (_WEEKDAYS, True),
    "month_day_year": ((*_WEEKDAYS, *_MONTH_STEMS), False),
    "iso": ((), True),
    "numeric": ((), True),
    "part_month": (("early", "mid", "late", "the"), False),
    "season": (("the", "spring", "summer", "autumn", "winter"), False),
    "part_year": (("early", "mid", "late"), False),
    "fy": (("the", "financial"), True),
    "month_year": (_MONTH_STEMS, False),
    "month_only": (("in", "during", "by", "until", "from"), False),
    "season_only": (("in", "during", "by", "until", "from"), False),
    "day_month": (_WEEKDAYS, True),
}
#: Where a match of each pattern can begin, as one search of the lowered text: the next
#: place one of its start words (or, when it may, a digit) begins.
_BEGINS = {
    kind: re.compile("|".join([*(re.escape(w) for w in words), *([r"\d"] if digits else [])]))
    for kind, (words, digits) in _STARTS.items()
}


class _Region:
    """A stretch of text that may hold a date, with where each start word occurs in it.

    Patterns are tried only where a match can begin (a word of ``_STARTS`` or a digit)
    rather than at every character: for ASCII text, where lower-casing keeps offsets
    and case-blind matching is plain. Any other text is searched in full.
    """

    def __init__(self, text: str, start: int, stop: int) -> None:
        self.text = text
        self.start = start
        self.stop = stop
        self.lowered = text[start:stop].lower()
        self.plain = self.lowered.isascii()

    def matches(self, kind: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """``pattern.finditer`` over the region."""
        if not self.plain:
            yield from pattern.finditer(self.text, self.start, self.stop)
            return
        # from each place a start word begins to the next, skipping what a match read
        search, lowered, at = _BEGINS[kind].search, self.lowered, 0
        while (begin := search(lowered, at)) is not None:
            at = begin.start()
            m = pattern.match(self.text, self.start + at, self.stop)
            if m is not None:
                yield m
                at = max(at, m.end() - self.start - 1)
            at += 1


def _overlaps(taken: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether ``[start, end)`` overlaps one of the sorted, disjoint spans *taken*."""
    index = bisect_left(taken, (end, end))
    return index > 0 and taken[index - 1][1] > start


def find_dates(
    text: str, *, start: int = 0, end: int | None = None, reference: date | None = None
) -> list[FoundDate]:
    """Every date in ``text[start:end]``, longest reading first, in text order.

    Offsets in the results index *text*. *reference* (the meeting's date) completes a
    day written without a year ("4 January": the meeting's year) and a bare month ("in
    October": its next occurrence); without it such words are not read as a date.
    """
    stop = len(text) if end is None else end
    taken: list[tuple[int, int]] = []
    found: list[FoundDate] = []
    regions = _regions(text, start, stop, reference)
    if not regions:
        return found
    lowered = [_Region(text, a, b) for a, b in regions]
    for kind, pattern in _PATTERNS:
        hinted = _HINT_SEARCH.get(kind)
        spans = [r for r in lowered if hinted is None or hinted(r.lowered)]
        for m in (m for region in spans for m in region.matches(kind, pattern)):
            if _overlaps(taken, m.start(), m.end()):
                continue
            result = _resolve(kind, m, reference)
            if result is None:
                if kind in {"day_month_year", "month_day_year", "numeric", "iso"}:
                    insort(taken, (m.start(), m.end()))  # 31 February: no date, and no month
                continue
            insort(taken, (m.start(), m.end()))
            found.append(result)
    return sorted(found, key=lambda f: f.start)


def parse_date(words: str, *, reference: date | None = None) -> FoundDate | None:
    """The date *words* name when they are nothing but a date, else ``None``.

    >>> parse_date("the first week of September 2009").earliest
    datetime.date(2009, 9, 1)
    """
    text = words.strip()
    for found in find_dates(text, reference=reference):
        if found.start <= 3 and found.end >= len(text.rstrip(".,;")) - 1:
            return found
    return None

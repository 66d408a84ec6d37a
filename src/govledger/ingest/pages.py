"""Files that hold several pages: split them, read each, merge what was seen twice.

A saved file often joins pages: an issue history and its decision details, both
councils' versions of one decision, each meeting of an issue's history, or the same
resolution printed under "Decision:" and again under "Minutes:". Each page has its
own heading, body and dates, so each is parsed as a page of its own; the drafts are
then merged into one, and a decision seen twice (the same parts in the same words) is
kept once, citing every span it was printed at.
"""

from __future__ import annotations

import itertools
import re

import attrs

from .aliases import Aliases
from .draft import Draft, Field, Flag, Item
from .errors import IngestError
from .parse import parse
from .text import Document, OffsetMap

__all__ = ["merge_items", "parse_pages", "split_pages"]

#: A line that opens a page of its own on a council website or in a decision record.
_PAGE_HEADING = re.compile(
    r"^[ \t]*(?:decision\s+details|issue\s*-\s*(?:meetings|decisions)|issue\s+details|"
    r"agenda\s+item|agenda,?\s+(?:decisions\s+)?and\s+(?:draft\s+)?minutes|"
    r"record\s+of\s+(?:an?\s+)?(?:officer\s+|executive\s+|delegated\s+|urgent\s+)?decisions?|"
    r"officer\s+decision(?:\s+record)?|decision\s+notice|notice\s+of\s+(?:a\s+)?decision)"
    r"[ \t]*$",
    re.I | re.M,
)
#: One meeting in an issue's history: "Meeting: 05/04/2011 - Cabinet (Item 45)".
_MEETING_LINE = re.compile(
    r"^[ \t]*Meeting\s*:\s*\d{1,2}/\d{1,2}/\d{2,4}\s*[-–—]\s*[^\n]{2,120}$", re.I | re.M
)
_MIN_PAGE = 40


def split_pages(text: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` spans of the pages *text* joins; one span when it is one page.

    A page starts at a page heading ("Decision details", "Issue - meetings") that
    recurs, or at each meeting line of an issue history that lists several meetings.
    """
    cuts: set[int] = set()
    headings = [m.start() for m in _PAGE_HEADING.finditer(text)]
    if len(headings) >= 2:
        cuts.update(headings)
    meetings = [m.start() for m in _MEETING_LINE.finditer(text)]
    if len(meetings) >= 2:
        cuts.update(meetings)
    cuts.discard(0)
    if not cuts:
        return [(0, len(text))]
    bounds = [0, *sorted(cuts), len(text)]
    spans: list[tuple[int, int]] = []
    pending = 0
    for a, b in itertools.pairwise(bounds):
        if not _has_words(text, pending, b) and b != len(text):
            continue  # a heading alone (or the text before the first page): join the next
        spans.append((pending, b))
        pending = b
        del a
    if pending < len(text):
        spans.append((pending, len(text)))
    return spans or [(0, len(text))]


def _has_words(text: str, start: int, end: int) -> bool:
    words = re.sub(r"\s+", " ", text[start:end]).strip()
    return len(words) >= _MIN_PAGE


def _page(doc: Document, start: int, end: int) -> Document:
    step = OffsetMap(len(doc.text))
    step.copy(end - start, start)
    return Document(raw=doc.raw, text=doc.text[start:end], format=doc.format,
                    maps=(*doc.maps, step))  # fmt: skip


def parse_pages(
    doc: Document, *, partnership: str, aliases: Aliases, source_name: str = ""
) -> Draft:
    """Parse each page of *doc* and merge them into one draft (see :func:`merge_items`).

    Raises :class:`IngestError` when no page holds a decision.
    """
    spans = split_pages(doc.text)
    if len(spans) == 1:
        draft = parse(doc, partnership=partnership, aliases=aliases, source_name=source_name)
        return merge_items(draft)
    drafts: list[Draft] = []
    refused: IngestError | None = None
    left_out: list[Flag] = []
    for number, (start, end) in enumerate(spans, 1):
        try:
            drafts.append(
                parse(
                    _page(doc, start, end),
                    partnership=partnership,
                    aliases=aliases,
                    source_name=source_name,
                )
            )
        except IngestError as exc:  # a page of narrative only (an issue's summary)
            refused = refused or exc
            left_out.append(_refused_page(doc, start, end, number, len(spans), exc))
    if not drafts:
        raise refused or IngestError("no decisions were found in any page of the file")
    combined = _combine(drafts, doc, len(spans))
    combined = attrs.evolve(combined, flags=(*combined.flags, *left_out))
    return merge_items(combined)


def _refused_page(
    doc: Document, start: int, end: int, number: int, pages: int, exc: IngestError
) -> Flag:
    """The flag for a page of a joined file that yields no decision: which page, where
    it starts, and why, so that a page is never dropped unseen."""
    first = next((line.strip() for line in doc.text[start:end].splitlines() if line.strip()), "")
    shown = first if len(first) <= 70 else first[:69] + "…"
    return Flag(
        where=f"page {number}",
        message=(
            f'page {number} of {pages} ("{shown}") yielded no decision and was left out: {exc}'
        ),
        span=doc.raw_span(start, end),
    )


def _combine(drafts: list[Draft], doc: Document, pages: int) -> Draft:
    first = drafts[0]

    def pick(name: str) -> Field | None:
        for draft in drafts:
            value = getattr(draft, name)
            if value is not None:
                return value  # type: ignore[no-any-return]
        return None

    body, decided = pick("body"), pick("decided")
    dates: list[Field] = []
    seen_dates: set[tuple[object, ...]] = set()
    items: list[Item] = []
    flags: list[Flag] = [
        Flag(where="source", message=f"the file joins {pages} pages: each was read on its own")
    ]
    for number, draft in enumerate(drafts):
        for field in draft.dates:
            key = (field.value.get("role"), field.value.get("latest"), field.value.get("earliest"))
            if key not in seen_dates:
                seen_dates.add(key)
                dates.append(field)
        offset = len(items)
        for item in draft.items:
            own_body = draft.body if _differs(draft.body, body) else None
            own_decided = draft.decided if _differs(draft.decided, decided) else None
            items.append(attrs.evolve(item, body=own_body, decided=own_decided))
        for flag in draft.flags:
            found = re.match(r"^items\[(\d+)\]", flag.where)
            where = flag.where
            if found is not None:
                where = f"items[{int(found.group(1)) + offset}]" + flag.where[found.end() :]
            flags.append(attrs.evolve(flag, where=f"{where}" if where else f"page {number + 1}"))
    return attrs.evolve(
        first,
        body=body,
        decided=decided,
        published=pick("published"),
        effective=pick("effective"),
        call_in=pick("call_in"),
        call_in_deadline=pick("call_in_deadline"),
        call_in_words=pick("call_in_words"),
        call_in_exemption=pick("call_in_exemption"),
        urgency=pick("urgency"),
        urgent_item=pick("urgent_item"),
        key_decision=pick("key_decision"),
        meeting_status=pick("meeting_status"),
        dates=tuple(dates),
        items=tuple(items),
        flags=tuple(flags),
    )


def _differs(own: Field | None, chosen: Field | None) -> bool:
    return own is not None and chosen is not None and own.value != chosen.value


def _normal(text: object) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", str(text).lower()).split())


def _key(item: Item) -> tuple[tuple[str, str], ...]:
    return tuple((part.path, _normal(part.text.value)) for part in item.parts)


def merge_items(draft: Draft) -> Draft:
    """*draft* with each decision printed more than once kept once.

    Two items are the same decision when they hold the same parts in the same words
    and their printed numbers do not disagree; the one kept cites the other's span in
    ``seen``, takes a number or title the first lacked, and a flag says so.
    """
    kept: list[Item] = []
    # per key, the kept items with those parts: the first of each printed number, and
    # the unnumbered ones in order (an item matches the first whose number does not
    # disagree: looked up, not searched, so a page of identical items is linear)
    where: dict[tuple[tuple[str, str], ...], _Same] = {}
    merged: list[Flag] = []
    moved: dict[int, int] = {}
    for item in draft.items:
        key = _key(item)
        found = where.get(key)
        same = None if found is None else found.match(item.number)
        if same is None:
            (found or where.setdefault(key, _Same())).add(len(kept), item.number)
            moved[len(moved)] = len(kept)
            kept.append(item)
            continue
        assert found is not None
        moved[len(moved)] = same
        other = kept[same]
        if other.number is None and item.number is not None:
            found.numbered(same, item.number)
        span = _span_of(item)
        kept[same] = attrs.evolve(
            other,
            number=other.number or item.number,
            title=other.title or item.title,
            seen=(*other.seen, *((span,) if span else ()), *item.seen),
            votes=other.votes or item.votes,
            motions=other.motions or item.motions,
        )
        merged.append(
            Flag(
                where=f"items[{same}]",
                message="the same decision is printed again: it was read once, citing both",
                span=span,
            )
        )
    if len(kept) == len(draft.items):
        return draft
    flags: dict[Flag, None] = {}  # in order, each once
    for flag in draft.flags:
        m = re.match(r"^items\[(\d+)\]", flag.where)
        if m is not None:
            new = moved.get(int(m.group(1)), 0)
            flag = attrs.evolve(flag, where=f"items[{new}]" + flag.where[m.end() :])
        flags.setdefault(flag, None)
    return attrs.evolve(draft, items=tuple(kept), flags=(*flags, *merged))


class _Same:
    """The kept items holding the same parts: by printed number, and those without."""

    def __init__(self) -> None:
        self.first: int | None = None
        self.by_number: dict[object, int] = {}
        self.unnumbered: list[int] = []  # ascending

    def add(self, index: int, number: Field | None) -> None:
        if self.first is None:
            self.first = index
        if number is None:
            self.unnumbered.append(index)
        else:
            self.by_number.setdefault(number.value, index)

    def numbered(self, index: int, number: Field) -> None:
        """The unnumbered item at *index* takes *number* from an item merged into it."""
        self.unnumbered.remove(index)
        known = self.by_number.get(number.value)
        self.by_number[number.value] = index if known is None else min(known, index)

    def match(self, number: Field | None) -> int | None:
        """The first kept item whose number does not disagree with *number*."""
        if number is None:
            return self.first
        candidates = [i for i in (self.by_number.get(number.value),) if i is not None]
        if self.unnumbered:
            candidates.append(self.unnumbered[0])
        return min(candidates, default=None)


def _span_of(item: Item) -> tuple[int, int] | None:
    spans = [part.text.span for part in item.parts]
    if not spans:
        return None
    return min(s[0] for s in spans), max(s[1] for s in spans)

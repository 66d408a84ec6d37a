"""One parse's reader: the document, the aliases, the flags raised, the parts read."""

from __future__ import annotations

import attrs

from ..aliases import Aliases
from ..dates import FoundDate
from ..draft import Field, Flag, ResolutionPart, Span
from ..structure import RawPart
from ..text import Document


@attrs.frozen(kw_only=True)
class ParsedPart:
    """A part with its text offsets, kept for proposing events."""

    item_index: int
    part: ResolutionPart
    raw: RawPart
    own_end: int
    block_kind: str


class _Reader:
    """One parse: the document, the aliases, and the flags raised along the way."""

    def __init__(self, doc: Document, aliases: Aliases) -> None:
        self.doc = doc
        self.text = doc.text
        self.aliases = aliases
        self.flags: list[Flag] = []
        self.parsed_parts: list[ParsedPart] = []

    def span(self, start: int, end: int) -> Span:
        return self.doc.raw_span(start, end)

    def field(self, value: object, start: int, end: int, confidence: float) -> Field:
        return Field(value=value, span=self.span(start, end), confidence=round(confidence, 2))

    def flag(
        self, where: str, message: str, start: int | None = None, end: int | None = None
    ) -> None:
        span = None if start is None or end is None else self.span(start, end)
        self.flags.append(Flag(where=where, message=message, span=span))


def _date_value(found: FoundDate) -> dict[str, object]:
    return {
        "latest": found.latest.isoformat(),
        "earliest": None if found.earliest is None else found.earliest.isoformat(),
        "words": found.words,
    }


def _role_date(reader: _Reader, found: FoundDate, role: str) -> Field:
    value = {**_date_value(found), "role": role}
    return reader.field(value, found.start, found.end, found.confidence if role != "other" else 0.8)

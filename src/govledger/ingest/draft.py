"""The draft: what the parser read in a minutes text, for a person to review and apply.

A draft is data, not events. Every extracted value is a :class:`Field` citing the
characters it came from (``source[start:end]`` of the raw input) with a confidence;
what the parser could not tell is ``None`` and a :class:`Flag` says why. The draft
also proposes the events, in the codec's JSON form, for ``govledger apply``.

The JSON shape is versioned by :data:`DRAFT_SCHEMA_VERSION` and documented in
``docs/reference/draft-schema.md``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any, TypeAlias

import attrs

from .errors import DraftError

__all__ = [
    "DRAFT_KIND",
    "DRAFT_SCHEMA_VERSION",
    "Draft",
    "Field",
    "Flag",
    "Item",
    "ProposedEvent",
    "ResolutionPart",
    "Span",
    "dump_draft",
    "load_draft",
]

#: The value of a draft's ``"kind"`` key.
DRAFT_KIND = "govledger-draft"
#: Version of the draft JSON schema this release writes and reads (2: motions name their
#: standing "motion" and their "purpose" is a MotionPurpose; call-in, status, awaiting adoption).
DRAFT_SCHEMA_VERSION = 2

#: ``(start, end)`` offsets into the raw input: ``source[start:end]`` is the cited text.
Span: TypeAlias = tuple[int, int]
JSON: TypeAlias = Any


@attrs.frozen(kw_only=True)
class Field:
    """One extracted value with the span of its source words and a confidence (0 to 1)."""

    value: JSON
    span: Span
    confidence: float = 0.9

    def to_json(self) -> dict[str, JSON]:
        """``{"value": ..., "span": [start, end], "confidence": ...}``."""
        return {"value": self.value, "span": list(self.span), "confidence": self.confidence}


@attrs.frozen(kw_only=True)
class Flag:
    """Something the parser could not tell, or a warning for the reviewer, and where."""

    where: str
    message: str
    span: Span | None = None

    def to_json(self) -> dict[str, JSON]:
        """The flag as JSON data."""
        return {
            "where": self.where,
            "message": self.message,
            "span": None if self.span is None else list(self.span),
        }


@attrs.frozen(kw_only=True)
class ResolutionPart:
    """One numbered part of a resolution as printed, with what was found in it."""

    path: str
    label: Field | None
    text: Field
    outcome: Field
    votes: tuple[Field, ...] = ()
    conditions: tuple[Field, ...] = ()
    recommended_to: Field | None = None
    delegations: tuple[Field, ...] = ()
    dates: tuple[Field, ...] = ()
    #: Earlier minutes confirmed "subject to" an amendment: the correction to record.
    correction: Field | None = None
    #: ``True`` when the part is agreed only "in principle" (a final decision is to come).
    in_principle: Field | None = None


@attrs.frozen(kw_only=True)
class Item:
    """One agenda item (minute) and the decisions recorded under it."""

    number: Field | None
    title: Field | None
    exempt: Field | None = None
    parts: tuple[ResolutionPart, ...] = ()
    votes: tuple[Field, ...] = ()
    dates: tuple[Field, ...] = ()
    #: "subject to ..." clauses in the lead-in of a whole block: they bind every part.
    conditions: tuple[Field, ...] = ()
    #: Motions put to the meeting (procedural, amendment, substantive), each with its
    #: purpose, fate and vote.
    motions: tuple[Field, ...] = ()
    #: Other spans where the same item is printed (a joined page, a repeated copy).
    seen: tuple[Span, ...] = ()
    #: The deciding body and date of this item's own page, when a file joins pages of
    #: different meetings or councils and they differ from the draft's.
    body: Field | None = None
    decided: Field | None = None


@attrs.frozen(kw_only=True)
class ProposedEvent:
    """An event the draft proposes, in codec JSON, with its id and the words it rests on.

    ``placeholders`` lists the JSON paths inside ``event`` still holding a
    ``"?..."`` placeholder the reviewer must replace with a real id or value.
    """

    id: str
    type: str
    schema_version: int
    event: dict[str, JSON]
    span: Span
    confidence: float
    placeholders: tuple[str, ...] = ()
    note: str | None = None

    def to_json(self) -> dict[str, JSON]:
        """The proposal as JSON data."""
        return {
            "id": self.id,
            "type": self.type,
            "schema_version": self.schema_version,
            "event": self.event,
            "span": list(self.span),
            "confidence": self.confidence,
            "placeholders": list(self.placeholders),
            "note": self.note,
        }


@attrs.frozen(kw_only=True)
class Draft:
    """Everything read from one minutes text: meeting facts, items, flags and proposals."""

    source: dict[str, JSON]
    partnership: str
    body: Field | None
    decided: Field | None
    published: Field | None = None
    effective: Field | None = None
    call_in: Field | None = None
    call_in_deadline: Field | None = None
    #: The record's words on call-in (the line that says whether it applies).
    call_in_words: Field | None = None
    #: Why the decision is not subject to call-in: a ``CallInExemption`` value.
    call_in_exemption: Field | None = None
    #: The urgency power used, in the record's words ("the Leader's urgency powers").
    urgency: Field | None = None
    #: Whether the page says the item was taken as urgent business ("Urgent item?: Yes").
    urgent_item: Field | None = None
    #: Whether the page says it is a key decision ("Is Key decision?: Yes").
    key_decision: Field | None = None
    #: A ``MeetingStatus`` value when the page says the meeting could not decide.
    meeting_status: Field | None = None
    dates: tuple[Field, ...] = ()
    items: tuple[Item, ...] = ()
    flags: tuple[Flag, ...] = ()
    events: tuple[ProposedEvent, ...] = ()
    #: Changes that recommended parts state, proposed apart: they wait for the body
    #: recommended to adopt the recommendation, and ``apply`` leaves them out.
    awaiting_adoption: tuple[ProposedEvent, ...] = ()

    def to_json(self) -> dict[str, JSON]:
        """The whole draft as JSON data (see ``docs/reference/draft-schema.md``)."""
        return {
            "kind": DRAFT_KIND,
            "schema_version": DRAFT_SCHEMA_VERSION,
            "source": self.source,
            "partnership": self.partnership,
            "meeting": {
                "body": _field(self.body),
                "decided": _field(self.decided),
                "published": _field(self.published),
                "effective": _field(self.effective),
                "call_in": _field(self.call_in),
                "call_in_deadline": _field(self.call_in_deadline),
                "call_in_words": _field(self.call_in_words),
                "call_in_exemption": _field(self.call_in_exemption),
                "urgency": _field(self.urgency),
                "urgent_item": _field(self.urgent_item),
                "key_decision": _field(self.key_decision),
                "meeting_status": _field(self.meeting_status),
                "dates": [d.to_json() for d in self.dates],
            },
            "items": [_item(item) for item in self.items],
            "flags": [f.to_json() for f in self.flags],
            "events": [e.to_json() for e in self.events],
            "awaiting_adoption": [e.to_json() for e in self.awaiting_adoption],
        }

    def fields(self) -> Iterator[tuple[str, Field]]:
        """Every extracted field with its JSON path, for checking spans."""
        yield from iter_fields(self.to_json())


def _field(field: Field | None) -> dict[str, JSON] | None:
    return None if field is None else field.to_json()


def _part(part: ResolutionPart) -> dict[str, JSON]:
    return {
        "path": part.path,
        "label": _field(part.label),
        "text": part.text.to_json(),
        "outcome": part.outcome.to_json(),
        "votes": [v.to_json() for v in part.votes],
        "conditions": [c.to_json() for c in part.conditions],
        "recommended_to": _field(part.recommended_to),
        "delegations": [d.to_json() for d in part.delegations],
        "dates": [d.to_json() for d in part.dates],
        "correction": _field(part.correction),
        "in_principle": _field(part.in_principle),
    }


def _item(item: Item) -> dict[str, JSON]:
    return {
        "number": _field(item.number),
        "title": _field(item.title),
        "exempt": _field(item.exempt),
        "parts": [_part(p) for p in item.parts],
        "votes": [v.to_json() for v in item.votes],
        "dates": [d.to_json() for d in item.dates],
        "conditions": [c.to_json() for c in item.conditions],
        "motions": [m.to_json() for m in item.motions],
        "seen": [list(span) for span in item.seen],
        "body": _field(item.body),
        "decided": _field(item.decided),
    }


def _is_field(data: object) -> bool:
    return isinstance(data, dict) and set(data) == {"value", "span", "confidence"}


def iter_fields(data: JSON, path: str = "") -> Iterator[tuple[str, Field]]:
    """Every ``{"value", "span", "confidence"}`` object in draft JSON *data*, with its path."""
    if _is_field(data):
        span = data["span"]
        yield (
            path,
            Field(value=data["value"], span=(span[0], span[1]), confidence=data["confidence"]),
        )
        return
    if isinstance(data, dict):
        for key, value in data.items():
            if key in {"events", "awaiting_adoption"}:
                continue
            yield from iter_fields(value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_fields(value, f"{path}[{index}]")


def dump_draft(draft: Draft | Mapping[str, JSON]) -> str:
    """The draft as indented JSON text, ready to write to a file and review."""
    data = draft.to_json() if isinstance(draft, Draft) else dict(draft)
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def load_draft(text: str) -> dict[str, JSON]:
    """Read draft JSON text, checking its kind and schema version.

    Raises :class:`DraftError` for text that is not a draft this release reads.
    """
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise DraftError(
            f"the draft is not valid JSON ({exc}); fix the file or ingest again"
        ) from exc
    if not isinstance(data, dict) or data.get("kind") != DRAFT_KIND:
        raise DraftError(
            f'this is not a govledger draft (no "kind": "{DRAFT_KIND}"); '
            "make one with `govledger ingest FILE --partnership P`"
        )
    version = data.get("schema_version")
    if version != DRAFT_SCHEMA_VERSION:
        raise DraftError(
            f"the draft has schema_version {version!r}; this govledger reads version "
            f"{DRAFT_SCHEMA_VERSION}: ingest the text again with this release"
        )
    if not isinstance(data.get("events"), list) or not isinstance(data.get("partnership"), str):
        raise DraftError('the draft has no "events" list or no "partnership": ingest it again')
    return data

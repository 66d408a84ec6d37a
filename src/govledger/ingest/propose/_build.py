"""What every proposal of a draft shares: placeholders, the meeting, the builder, and
the small readers (dates, bodies, roles, summaries) the proposing steps use."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import attrs

from ...events import (
    BodyKind,
    CouncilBody,
    DateSpec,
    DecisionMaker,
    Event,
    JointBody,
    Period,
    Role,
)
from ..aliases import Aliases, BodyAlias
from ..draft import Draft, Field, Flag, ResolutionPart, Span
from ..text import Document

_SENTINEL_DAY = date(1800, 1, 1)
_SENTINEL_DAY_ISO = _SENTINEL_DAY.isoformat()
_SENTINEL_POSITION = 987_654_321
_SENTINEL_POSITION_TEXT = str(_SENTINEL_POSITION)
_SENTINEL = "zz-placeholder-"
_MAX_SUMMARY = 2000


def slugify(text: str) -> str:
    """A readable slug from printed words.

    >>> slugify("Joint Chief Executive")
    'joint-chief-executive'
    """
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower().replace("&", " and ")).strip("-")
    return slug[:80].strip("-") or "unnamed"


class _Holes:
    """Placeholders: valid stand-ins while building events, replaced by ``"?..."`` after."""

    def __init__(self) -> None:
        self.slugs: dict[str, str] = {}
        self.day: str | None = None
        self.number: str | None = None

    def slug(self, hint: str) -> str:
        key = f"{_SENTINEL}{len(self.slugs) + 1}"
        self.slugs[key] = f"?{hint}"
        return key

    def date(self, hint: str) -> date:
        self.day = f"?{hint}"
        return _SENTINEL_DAY

    def position(self, hint: str) -> int:
        self.number = f"?{hint}"
        return _SENTINEL_POSITION

    def fill_payload(self, payload: str) -> tuple[Any, list[str]]:
        """The event's JSON *payload* read, with its stand-ins replaced (see :meth:`fill`).

        A payload holding no stand-in's text is read as it is, not walked value by value.
        """
        data = json.loads(payload)
        if (
            (not self.slugs or _SENTINEL not in payload)
            and (self.day is None or _SENTINEL_DAY_ISO not in payload)
            and (self.number is None or _SENTINEL_POSITION_TEXT not in payload)
        ):
            return data, []
        return self.fill(data)

    def fill(self, data: Any, path: str = "") -> tuple[Any, list[str]]:
        """*data* with every stand-in replaced by its placeholder, and where they are."""
        found: list[str] = []
        trail: list[str | int] = [path] if path else []
        out = self._fill(data, trail, found)
        return out, found

    def _fill(self, data: Any, trail: list[str | int], found: list[str]) -> Any:
        # the path of a value is written only where a stand-in is found; a text or a
        # number that is no stand-in is kept where it is met, without a call for it
        slugs, day, number = self.slugs, self.day is not None, self.number is not None
        if isinstance(data, dict):
            out: dict[str, Any] = {}
            for key, value in data.items():
                if isinstance(value, str):
                    if not (value in slugs or (day and value == _SENTINEL_DAY_ISO)):
                        out[key] = value
                        continue
                elif isinstance(value, int):
                    if not (number and value == _SENTINEL_POSITION):
                        out[key] = value
                        continue
                elif not isinstance(value, (dict, list)):
                    out[key] = value
                    continue
                trail.append(key)
                out[key] = self._fill(value, trail, found)
                trail.pop()
            return out
        if isinstance(data, list):
            items: list[Any] = []
            for index, value in enumerate(data):
                if isinstance(value, str):
                    if not (value in slugs or (day and value == _SENTINEL_DAY_ISO)):
                        items.append(value)
                        continue
                elif isinstance(value, int):
                    if not (number and value == _SENTINEL_POSITION):
                        items.append(value)
                        continue
                elif not isinstance(value, (dict, list)):
                    items.append(value)
                    continue
                trail.append(index)
                items.append(self._fill(value, trail, found))
                trail.pop()
            return items
        if isinstance(data, str):
            if data in slugs:
                found.append(_path(trail))
                return slugs[data]
            if day and data == _SENTINEL_DAY_ISO:
                found.append(_path(trail))
                return self.day
        if isinstance(data, int) and number and data == _SENTINEL_POSITION:
            found.append(_path(trail))
            return self.number
        return data


def _path(trail: list[str | int]) -> str:
    """``"parts[0].text"`` from the keys and indices leading to a value."""
    out = ""
    for step in trail:
        if isinstance(step, int):
            out += f"[{step}]"
        else:
            out = f"{out}.{step}" if out else step
    return out


@attrs.frozen
class _Meeting:
    """What every event of the draft shares: who decided, when, and the resolution id."""

    decided_by: DecisionMaker
    decided: DateSpec | None
    effective: DateSpec
    prefix: str


def _date_spec(field: Field | None) -> DateSpec | None:
    if field is None:
        return None
    value = field.value
    latest = date.fromisoformat(value["latest"])
    if value.get("earliest") is None:
        return latest
    return Period(
        earliest=date.fromisoformat(value["earliest"]), latest=latest, words=value["words"]
    )


_BODY_KINDS = [
    (r"\bjoint\s+committee\b", BodyKind.JOINT_COMMITTEE),
    (r"\bcabinet\b|\bexecutive\b", BodyKind.EXECUTIVE),
    (r"\bscrutiny\b", BodyKind.SCRUTINY),
    (r"\bboard\b", BodyKind.BOARD),
    (r"\b(?:working\s+)?group\b", BodyKind.WORKING_GROUP),
    (r"\bcommittee\b|\bpanel\b", BodyKind.COMMITTEE),
    (r"\bcouncil\b", BodyKind.FULL_COUNCIL),
]


def _body_kind(name: str) -> BodyKind:
    for pattern, kind in _BODY_KINDS:
        if re.search(pattern, name, re.I):
            return kind
    return BodyKind.OTHER


def _decision_maker(
    draft: Draft, aliases: Aliases, holes: _Holes, flags: list[Flag]
) -> tuple[DecisionMaker, str]:
    """Who decided, and the id prefix for this body's resolutions."""
    if draft.body is None:
        flags.append(
            Flag(where="events", message="the deciding body is a placeholder: set decided_by")
        )
        council = holes.slug("council: the deciding body is not in the text")
        return CouncilBody(council=council, name="not recorded"), "unknown-body"
    name = str(draft.body.value)
    known: BodyAlias | None = aliases.body(name)
    if known is not None and known.council is None:
        return JointBody(body=known.slug), known.slug
    if known is not None and known.council is not None:
        kind = (
            BodyKind(known.kind)
            if known.kind in BodyKind.__members__.values()
            else _body_kind(name)
        )
        return CouncilBody(
            council=known.council, name=name, kind=kind
        ), f"{known.council}-{slugify(name)}"
    kind = _body_kind(name)
    if kind is BodyKind.JOINT_COMMITTEE:
        slug = holes.slug(
            f"body: the id of the joint body printed as {name!r} (add it to the aliases' bodies)"
        )
        return JointBody(body=slug), slugify(name)
    named: list[str] = [slug for slug, _, _ in aliases.councils_in(name)]
    bare = re.sub(r"^\s*(?:[A-Z]{2,6}\s+)", "", name) if named else name
    home = named[0] if named else aliases.publisher
    if home is None:
        hole = holes.slug(f"council: whose {name!r} this is (set publisher in the aliases)")
        return CouncilBody(council=hole, name=bare, kind=kind), slugify(bare)
    return CouncilBody(council=home, name=bare, kind=kind), f"{home}-{slugify(bare)}"


def _meeting(draft: Draft, aliases: Aliases, holes: _Holes, flags: list[Flag]) -> _Meeting:
    decided_by, prefix = _decision_maker(draft, aliases, holes, flags)
    decided = _date_spec(draft.decided)
    effective = _date_spec(draft.effective) or decided
    if effective is None:
        effective = holes.date(
            "date: when the decision took effect (the meeting date is not in the text)"
        )
    day = decided if isinstance(decided, date) else None
    stamp = day.isoformat() if day else "undated"
    return _Meeting(
        decided_by=decided_by, decided=decided, effective=effective, prefix=f"{prefix}-{stamp}"
    )


def _summary(text: str) -> str:
    summary = " ".join(text.split())
    summary = re.sub(r"^(?:that|That|THAT)\s+", "", summary)
    if len(summary) > _MAX_SUMMARY:
        summary = summary[: _MAX_SUMMARY - 1] + "…"
    return summary or "(no words)"


@attrs.define
class _Builder:
    """Collects the proposals of one draft."""

    draft: Draft
    doc: Document
    aliases: Aliases
    holes: _Holes
    flags: list[Flag]
    meeting: _Meeting
    proposals: list[tuple[Event, Span, float, str | None, _Holes]] = attrs.field(factory=list)
    #: Changes recommended parts state: they wait for the adoption of the recommendation.
    awaiting: list[tuple[Event, Span, float, str | None, _Holes]] = attrs.field(factory=list)

    def add(
        self,
        event: Event,
        span: Span,
        confidence: float,
        note: str | None = None,
        *,
        part: ResolutionPart | None = None,
    ) -> None:
        """Propose *event*; a change a recommended *part* states goes to ``awaiting``."""
        if part is not None and part.outcome.value == "recommended":
            to = "the body it is recommended to"
            if part.recommended_to is not None:
                to = str(part.recommended_to.value)
            waits = f"recommended: awaiting adoption by {to}"
            note = f"{waits}; {note}" if note else waits
            self.awaiting.append((event, span, confidence, note, self.holes))
            return
        self.proposals.append((event, span, confidence, note, self.holes))

    def reference(self) -> date | None:
        return self.meeting.decided if isinstance(self.meeting.decided, date) else None


def changes_stated(part: ResolutionPart) -> bool:
    """Whether the changes a part states are read: a resolved part's, and a recommended
    part's (kept apart, awaiting adoption); never those of a part agreed only in
    principle, nor of one whose outcome is lost, noted, withdrawn or not recorded."""
    if part.in_principle is not None and part.in_principle.value is True:
        return False
    return part.outcome.value in {"resolved", "recommended"}


_COUNCIL_SUFFIX = re.compile(r"\s*\((?P<council>[A-Za-z]{2,8})\)\s*$")
_POSSESSIVE = re.compile(r"^(?:the\s+)?(?P<council>[A-Z]{2,8})(?:’|')s\s+")


def _role(title: str, aliases: Aliases, default_council: str | None = None) -> Role:
    """A delegate or consultee as a :class:`Role`, its council read from "(CDC)" or "BDC's".

    With neither, an officer named in one council's own minutes is that council's
    (*default_council*).
    """
    council = None
    text = title.strip()
    suffix = _COUNCIL_SUFFIX.search(text)
    if suffix is not None:
        council = aliases.council(suffix["council"])
        text = text[: suffix.start()]
    possessive = _POSSESSIVE.match(text)
    if possessive is not None:
        council = council or aliases.council(possessive["council"])
        text = text[possessive.end() :]
    text = re.sub(r"^(?:the|respective|relevant)\s+", "", text, flags=re.I)
    text = re.sub(r",?\s*(?:acting\s+)?jointly\b.*$", "", text)
    post = aliases.post(text)
    if council is None and not re.search(r"\b(?:both|each|respective)\b", title, re.I):
        council = default_council
    return Role(title=text[:1].upper() + text[1:], council=council, post=post)

"""Proposing events from a draft: what the minutes say, as govledger events in codec JSON.

Every proposal is built as a real event (so its JSON has exactly the codec's shape)
and then encoded; where the text does not give an id or a date the event holds a
``"?..."`` placeholder instead, listed in ``placeholders``, for the reviewer to fill.
Ids are derived predictably from the body, the date, the item and the part path.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

import attrs

from ...codec import encode
from ...errors import GovLedgerError
from ...events import (
    CallInExemption,
    CallInStatus,
    Condition,
    ConditionKind,
    CouncilBody,
    DecisionMaker,
    Event,
    Exemption,
    MeetingStatus,
    MotionKind,
    MotionPurpose,
    MotionResult,
    NamedVote,
    Outcome,
    Part,
    ResolutionPassed,
    Source,
    Tally,
    Vote,
    VotePosition,
)
from ..aliases import Aliases
from ..draft import Draft, Field, Flag, ProposedEvent, Span
from ..text import Document
from ._build import (
    _body_kind,
    _Builder,
    _date_spec,
    _Holes,
    _Meeting,
    _meeting,
    _summary,
    slugify,
)
from ._changes import (
    _action,
    _arrangements,
    _corrections,
    _delegations,
    _ending_stages,
    _other_changes,
    _term_extended,
)

__all__ = ["propose", "slugify"]


def _vote(value: dict[str, Any]) -> Vote | None:
    """The vote a draft's vote value states, with its motion's purpose, result, mover,
    seconder and named votes; without what contradicts the figures, if anything does."""
    tally = None
    if value.get("for") is not None and value.get("against") is not None:
        tally = Tally(
            in_favour=value["for"], against=value["against"], abstained=value.get("abstained")
        )
    casting = None
    if value.get("casting") and tally is not None and tally.in_favour == tally.against:
        against = value.get("casting_position") == "against"
        casting = VotePosition.AGAINST if against else VotePosition.FOR
    named = tuple(
        NamedVote(member=n["member"], position=VotePosition(n["position"]))
        for n in value.get("named") or ()
    )
    plain = {
        "motion": MotionKind(value.get("motion", "substantive")),
        "tally": tally,
        "unanimous": bool(value.get("unanimous")) and not (tally and tally.against),
        "casting_vote": casting,
    }
    full = {
        **plain,
        "named": named,
        "named_complete": bool(value.get("named_complete", True)),
        "result": MotionResult(value["result"]) if value.get("result") else None,
        "purpose": MotionPurpose(value["purpose"]) if value.get("purpose") else None,
        "mover": value.get("mover") or None,
        "seconder": value.get("seconder") or None,
    }
    for fields in (full, {**full, "result": None}, {**full, "named": ()}, plain):
        try:
            return Vote(**fields)
        except GovLedgerError:
            continue
    return None


def _votes(fields: tuple[Field, ...]) -> tuple[Vote, ...]:
    """The votes in the order they were taken (as printed)."""
    ordered = sorted(fields, key=lambda f: f.span[0])
    return tuple(v for v in (_vote(f.value) for f in ordered) if v is not None)


def _call_in(draft: Draft, *, has_deadline: bool) -> dict[str, Any]:
    """``ResolutionPassed``'s call-in fields from what the page says; never guessed (a
    call-in deadline means it is subject to call-in)."""
    words = str(draft.call_in_words.value) if draft.call_in_words is not None else None
    urgency = str(draft.urgency.value) if draft.urgency is not None else None
    # "Urgent item?: Yes": taken as urgent business, whatever its call-in status (an
    # urgent item may still be subject to call-in; only an urgency power used waives it)
    urgent_item = draft.urgent_item is not None and draft.urgent_item.value is True
    taken = {"urgent": urgent_item or urgency is not None, "urgency": urgency}
    if has_deadline:
        return {"call_in": CallInStatus.SUBJECT, "call_in_words": words, **taken}
    if draft.call_in is None:
        return {
            "call_in": CallInStatus.NOT_STATED,
            "call_in_exemption": None,
            "call_in_words": words,
            **taken,
        }
    if draft.call_in.value is True:
        return {
            "call_in": CallInStatus.SUBJECT,
            "call_in_exemption": None,
            "call_in_words": words,
            **taken,
        }
    exemption = CallInExemption.OTHER
    if draft.call_in_exemption is not None:
        exemption = CallInExemption(draft.call_in_exemption.value)
    # "not subject to call-in" with no other reason given beside an urgent item: taken
    # as urgent business, which is why call-in does not apply.
    if urgent_item and exemption is CallInExemption.OTHER:
        exemption = CallInExemption.URGENT
    urgent = exemption is CallInExemption.URGENT or urgency is not None
    return {
        "call_in": CallInStatus.NOT_SUBJECT,
        "call_in_exemption": CallInExemption.URGENT if urgency is not None else exemption,
        "call_in_words": words,
        "urgent": urgent,
        "urgency": urgency,
    }


def _recommended_to(
    field: Field | None, aliases: Aliases, holes: _Holes, meeting: _Meeting
) -> tuple[DecisionMaker, ...]:
    if field is None:
        return (
            CouncilBody(
                council=holes.slug("council: which body the part recommends to"), name="Council"
            ),
        )
    words = str(field.value)
    name = "Council"
    for candidate in ("Cabinet", "Executive", "Committee", "Board"):
        if re.search(rf"\b{candidate}", words, re.I):
            name = candidate
    kind = _body_kind(name)
    if re.search(r"\b(?:each|both|respective|all)\b|councils\b|cabinets\b", words, re.I):
        councils = list(aliases.councils) or [holes.slug("council: each council recommended to")]
        return tuple(CouncilBody(council=c, name=name, kind=kind) for c in councils)
    named = [slug for slug, _, _ in aliases.councils_in(words)]
    if named:
        return tuple(CouncilBody(council=c, name=name, kind=kind) for c in dict.fromkeys(named))
    own = meeting.decided_by.council if isinstance(meeting.decided_by, CouncilBody) else None
    council = (
        own or aliases.publisher or holes.slug(f"council: whose {words!r} the part recommends to")
    )
    return (CouncilBody(council=council, name=name, kind=kind),)


def _condition(field: Field, ident: str, aliases: Aliases, reference: date | None) -> Condition:
    words = str(field.value["words"])
    kind = ConditionKind(field.value["kind"])
    councils = [slug for slug, _, _ in aliases.councils_in(words)]
    body = None
    found = re.search(r"\b(Full\s+Council|Cabinet|Executive|Council|Committee|Board)\b", words)
    if kind is ConditionKind.MEMBER_APPROVAL and found:
        body = found.group(1)
    from ..dates import find_dates  # local: dates only for the condition's due day

    days = [d for d in find_dates(words, reference=reference) if d.earliest is None]
    return Condition(
        id=ident,
        description=" ".join(words.split()),
        kind=kind,
        council=councils[0]
        if len(councils) == 1 and kind is ConditionKind.MEMBER_APPROVAL
        else None,
        body=body,
        due=days[0].latest if days else None,
    )


def _parts_tree(parts: list[tuple[str, Part]]) -> tuple[Part, ...]:
    """Nest flat ``(path, part)`` pairs into parts with children."""
    children: dict[str, list[Part]] = {}
    for path, part in parts:
        parent = path.rpartition(".")[0]
        children.setdefault(parent, []).append(part)

    def build(prefix: str, part: Part) -> Part:
        nested = children.get(prefix, [])
        if not nested:
            return part
        own = f"{prefix}." if prefix else ""
        return attrs.evolve(
            part, parts=tuple(build(f"{own}{child.number}", child) for child in nested)
        )

    tops = children.get("", [])
    return tuple(build(part.number, part) for part in tops)


def _resolution(builder: _Builder, index: int) -> ResolutionPassed | None:
    """The ``ResolutionPassed`` for one item, or ``None`` when its parts cannot be built."""
    item = builder.draft.items[index]
    aliases, holes, meeting = builder.aliases, builder.holes, builder.meeting
    number = str(item.number.value) if item.number is not None else None
    resolution = f"{meeting.prefix}-{slugify(number) if number else f'item-{index + 1}'}"
    flat: list[tuple[str, Part]] = []
    for part in item.parts:
        label = part.path.rsplit(".", 1)[-1]
        outcome = Outcome(part.outcome.value)
        votes = _votes(part.votes)
        # A "subject to" in the lead-in of the whole block binds each top-level part.
        lead = item.conditions if "." not in part.path else ()
        conditions = tuple(
            _condition(
                c,
                f"{resolution}-{part.path.replace('.', '-')}-condition-{n + 1}",
                aliases,
                builder.reference(),
            )
            for n, c in enumerate((*lead, *part.conditions))
        )
        recommended_to: tuple[DecisionMaker, ...] = ()
        if outcome is Outcome.RECOMMENDED:
            recommended_to = _recommended_to(part.recommended_to, aliases, holes, meeting)
        flat.append(
            (
                part.path,
                Part(
                    number=label,
                    summary=_summary(str(part.text.value)),
                    outcome=outcome,
                    votes=votes,
                    conditions=conditions,
                    recommended_to=recommended_to,
                    in_principle=part.in_principle is not None and part.in_principle.value is True,
                ),
            )
        )
    known = {path for path, _ in flat}
    for path in list(known):  # a part printed as "1.1" needs a part (1) to hang on
        parent = path.rpartition(".")[0]
        while parent and parent not in known:
            flat.append((parent, Part(number=parent.rsplit(".", 1)[-1], summary="(heading only)")))
            known.add(parent)
            parent = parent.rpartition(".")[0]
    order = {path: n for n, (path, _) in enumerate(flat)}
    flat.sort(key=lambda pair: min(n for path, n in order.items() if path.startswith(pair[0])))
    exempt = None
    if item.exempt is not None:
        exempt = Exemption(
            paragraphs=tuple(item.exempt.value["paragraphs"]),
            applies_to=item.exempt.value["applies_to"],
        )
    title = str(item.title.value) if item.title is not None else "(untitled item)"
    item_votes = _votes(item.votes)
    published = _date_spec(builder.draft.published)
    deadline = _date_spec(builder.draft.call_in_deadline)
    return ResolutionPassed(
        partnership=builder.draft.partnership,
        effective=meeting.effective,
        resolution=resolution,
        decided_by=meeting.decided_by,
        decided=meeting.decided,
        item=number or "not numbered",
        title=title,
        parts=_parts_tree(flat),
        published=published if isinstance(published, date) else None,
        call_in_deadline=deadline if isinstance(deadline, date) else None,
        votes=item_votes,
        exempt=exempt,
        source=Source(document=builder.draft.source.get("name") or "minutes"),
        meeting_status=MeetingStatus(builder.draft.meeting_status.value)
        if builder.draft.meeting_status is not None
        else MeetingStatus.HELD,
        key_decision=builder.draft.key_decision is not None
        and builder.draft.key_decision.value is True,
        **_call_in(builder.draft, has_deadline=isinstance(deadline, date)),
    )


def _encode(
    event: Event, span: Span, confidence: float, note: str | None, holes: _Holes
) -> ProposedEvent:
    name, version, payload = encode(event)
    data, placeholders = holes.fill_payload(payload)
    ident = _event_id(name, data)
    return ProposedEvent(
        id=ident,
        type=name,
        schema_version=version,
        event=data,
        span=span,
        confidence=round(confidence, 2),
        placeholders=tuple(placeholders),
        note=note,
    )


def _event_id(name: str, data: dict[str, Any]) -> str:
    """``"<type>:<the event's own id>"``, the handle reviews use to edit a proposal."""
    for attribute in ("resolution", "delegation", "body", "post", "scope", "arrangement", "action"):
        value = data.get(attribute)
        if isinstance(value, str):
            return f"{name}:{value}"
    return name


def _item_span(draft: Draft, index: int) -> Span:
    item = draft.items[index]
    spans = [p.text.span for p in item.parts]
    return (min(s[0] for s in spans), max(s[1] for s in spans))


def _each(draft: Draft) -> Iterator[int]:
    yield from range(len(draft.items))


def propose(draft: Draft, doc: Document, aliases: Aliases) -> Draft:
    """*draft* with its proposed events (and the flags proposing raised) added."""
    flags: list[Flag] = []
    holes = _Holes()
    meeting = _meeting(draft, aliases, holes, flags)
    builder = _Builder(
        draft=draft, doc=doc, aliases=aliases, holes=holes, flags=flags, meeting=meeting
    )
    for index in _each(draft):
        item = draft.items[index]
        builder.meeting = meeting
        if item.body is not None or item.decided is not None:
            # A joined page of another meeting or council: its own body and date.
            page = attrs.evolve(
                draft, body=item.body or draft.body, decided=item.decided or draft.decided
            )
            builder.meeting = _meeting(page, aliases, holes, flags)
        try:
            resolution = _resolution(builder, index)
        except GovLedgerError as exc:
            flags.append(
                Flag(
                    where=f"items[{index}]",
                    message=f"no ResolutionPassed could be proposed: {exc}",
                    span=_item_span(draft, index),
                )
            )
            continue
        if resolution is None:
            continue
        builder.add(resolution, _item_span(draft, index), 0.8)
        steps = (
            _arrangements,
            _ending_stages,
            _delegations,
            _other_changes,
            _term_extended,
            _action,
            _corrections,
        )
        for step in steps:
            try:
                step(builder, resolution, index)
            except GovLedgerError as exc:
                flags.append(
                    Flag(where=f"items[{index}]", message=f"a change could not be proposed: {exc}")
                )
    taken: set[str] = set()
    proposals = _handles(builder.proposals, taken)
    awaiting = _handles(builder.awaiting, taken)
    return attrs.evolve(
        draft,
        events=tuple(proposals),
        awaiting_adoption=tuple(awaiting),
        flags=(*draft.flags, *flags),
    )


def _handles(
    built: list[tuple[Event, Span, float, str | None, _Holes]], taken: set[str]
) -> list[ProposedEvent]:
    """The encoded proposals, each with a handle no other proposal of the draft has."""
    proposals: list[ProposedEvent] = []
    repeats: dict[str, int] = {}
    for proposal in (_encode(*p) for p in built):
        if proposal.id in taken:  # two events with the same own id: number the handles
            n = repeats.get(proposal.id, 1)
            while f"{proposal.id}#{n}" in taken or n < 2:
                n += 1
            repeats[proposal.id] = n
            proposal = attrs.evolve(proposal, id=f"{proposal.id}#{n}")
        taken.add(proposal.id)
        proposals.append(proposal)
    return proposals

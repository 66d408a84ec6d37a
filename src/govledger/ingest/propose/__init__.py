"""Proposing events from a draft: what the minutes say, as govledger events in codec JSON.

Every proposal is built as a real event (so its JSON has exactly the codec's shape)
and then encoded; where the text does not give an id or a date the event holds a
``"?..."`` placeholder instead, listed in ``placeholders``, for the reviewer to fill.
Ids are derived predictably from the body, the date, the item and the part path.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from typing import Any

import attrs

from ...codec import encode
from ...errors import GovLedgerError
from ...events import (
    ActionAssigned,
    ArrangementDecoupled,
    ArrangementEstablished,
    BodyDisbanded,
    BodyKind,
    Condition,
    ConditionKind,
    CostShareAgreed,
    CouncilBody,
    DateSpec,
    DecisionMaker,
    DelegationGranted,
    EntryRetracted,
    Event,
    Exemption,
    JointBody,
    Mechanism,
    MotionKind,
    Outcome,
    Part,
    Period,
    PostRetitled,
    PostTermExtended,
    ResolutionPassed,
    ResolutionRef,
    Role,
    Share,
    Source,
    Tally,
    Vote,
    VotePosition,
)
from ..aliases import Aliases, BodyAlias
from ..draft import Draft, Field, Flag, ProposedEvent, Span
from ..text import Document

__all__ = ["propose", "slugify"]

_SENTINEL_DAY = date(1800, 1, 1)
_SENTINEL_POSITION = 987_654_321
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

    def fill(self, data: Any, path: str = "") -> tuple[Any, list[str]]:
        """*data* with every stand-in replaced by its placeholder, and where they are."""
        found: list[str] = []
        if isinstance(data, dict):
            out = {}
            for key, value in data.items():
                out[key], inner = self.fill(value, f"{path}.{key}" if path else key)
                found += inner
            return out, found
        if isinstance(data, list):
            items = []
            for index, value in enumerate(data):
                item, inner = self.fill(value, f"{path}[{index}]")
                items.append(item)
                found += inner
            return items, found
        if isinstance(data, str):
            if data in self.slugs:
                return self.slugs[data], [path]
            if data == _SENTINEL_DAY.isoformat() and self.day is not None:
                return self.day, [path]
        if isinstance(data, int) and data == _SENTINEL_POSITION and self.number is not None:
            return self.number, [path]
        return data, found


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


def _vote(value: dict[str, Any]) -> Vote | None:
    tally = None
    if value.get("for") is not None and value.get("against") is not None:
        tally = Tally(
            in_favour=value["for"], against=value["against"], abstained=value.get("abstained")
        )
    casting = None
    if value.get("casting") and tally is not None and tally.in_favour == tally.against:
        against = value.get("casting_position") == "against"
        casting = VotePosition.AGAINST if against else VotePosition.FOR
    try:
        return Vote(
            motion=MotionKind(value.get("motion", "substantive")),
            tally=tally,
            unanimous=bool(value.get("unanimous")) and not (tally and tally.against),
            casting_vote=casting,
        )
    except GovLedgerError:
        return None


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

    def add(self, event: Event, span: Span, confidence: float, note: str | None = None) -> None:
        self.proposals.append((event, span, confidence, note, self.holes))

    def reference(self) -> date | None:
        return self.meeting.decided if isinstance(self.meeting.decided, date) else None


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
        votes = tuple(v for v in (_vote(f.value) for f in part.votes) if v is not None)
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
    item_votes = tuple(v for v in (_vote(f.value) for f in item.votes) if v is not None)
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
    )


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


def _delegations(builder: _Builder, resolution: ResolutionPassed, index: int) -> None:
    item = builder.draft.items[index]
    own = builder.meeting.decided_by
    home = (
        own.council
        if isinstance(own, CouncilBody) and not own.council.startswith(_SENTINEL)
        else None
    )
    for part in item.parts:
        if part.outcome.value != "resolved":
            continue
        for n, field in enumerate(part.delegations):
            value = field.value
            ident = f"{resolution.resolution}-{part.path.replace('.', '-')}-delegation"
            if n:
                ident += f"-{n + 1}"
            delegates = tuple(_role(d["title"], builder.aliases, home) for d in value["delegates"])
            through = None
            if value.get("through"):
                known = builder.aliases.body(value["through"])
                through = known.slug if known else None
            scope = value.get("scope") or _summary(str(part.text.value))
            builder.add(
                DelegationGranted(
                    partnership=builder.draft.partnership,
                    effective=resolution.effective,
                    authorised_by=(
                        ResolutionRef(
                            resolution=resolution.resolution, part=tuple(part.path.split("."))
                        ),
                    ),
                    delegation=ident,
                    delegates=delegates,
                    consultees=tuple(
                        _role(c["title"], builder.aliases, home) for c in value["consultees"]
                    ),
                    scope=scope[:_MAX_SUMMARY],
                    limits=tuple(value.get("limits", [])),
                    jointly=len(delegates) > 1,
                    through=through,
                ),
                field.span,
                min(field.confidence, 0.8),
            )


_DISBAND = re.compile(
    r"(?:the\s+)?(?P<body>[A-Z][\w&,' ]{3,120}?)\s+be\s+disbanded\b(?:\s+(?:as\s+from|with\s+effect\s+from|from|on)\s+)?",  # noqa: E501
)
_RETITLE = re.compile(
    r"\bpost\s+of\s+(?P<old>[A-Z][\w&' -]{2,80}?)\s+be\s+re-?(?:titled|named|designated)\s+(?:as\s+)?"  # noqa: E501
    r"(?:the\s+)?(?P<new>[A-Z][\w&' -]{2,80}?)(?=\s+(?:for|with|until|from|as|on)\b|[;,.]|$)",
)
_SHARED_EQUALLY = re.compile(
    r"\bshared\s+equally\s+(?:by|between)\s+(?P<a>[\w' ]{2,60}?)\s+and\s+(?P<b>[\w' ]{2,60}?)(?=[;,.]|$)",  # noqa: E501
    re.I,
)


_TASKED = re.compile(
    r"(?P<who>(?:the\s+)?[A-Z][\w'’ ]{1,60}?)\s+be\s+(?:tasked\s+with|asked\s+to|requested\s+to|"
    r"instructed\s+to|directed\s+to)\b"
)
_DOES = re.compile(
    r"^(?:that\s+)?(?P<who>officers|(?:the\s+)?[A-Z][\w'’ ]{1,60}?)\s+(?:develop|consider|prepare|"
    r"report|present|review|bring|undertake|submit)\b",
)
_TO_BE_DONE = re.compile(r"\bbe\s+(?:reviewed|re-?evaluated|investigated|explored|prepared)\b")


_EXTENDED = re.compile(
    r"\b(?:secondment|appointment|term|contract)\b[^;]{0,80}?\b(?:of|in\s+relation\s+to|for)\s+"
    r"(?:the\s+)?(?P<post>[A-Z][\w'’ ]{2,60}?)\s+be\s+extended\b"
)


def _term_extended(builder: _Builder, resolution: ResolutionPassed, index: int) -> None:
    """A ``PostTermExtended`` where a part extends a post holder's secondment or term."""
    item = builder.draft.items[index]
    for part in item.parts:
        words = " ".join(str(part.text.value).split())
        found = _EXTENDED.search(words)
        if part.outcome.value != "resolved" or found is None or not part.dates:
            continue
        post = builder.aliases.post(found["post"]) or builder.holes.slug(
            f"post: the id of the post held as {found['post']!r}"
        )
        term_ends = _date_spec(part.dates[0])
        if term_ends is None:
            continue
        builder.add(
            PostTermExtended(
                partnership=builder.draft.partnership,
                effective=resolution.effective,
                authorised_by=(
                    ResolutionRef(
                        resolution=resolution.resolution, part=tuple(part.path.split("."))
                    ),
                ),
                post=post,
                term_ends=term_ends,
            ),
            part.text.span,
            0.7,
        )


_MECHANISMS: list[tuple[re.Pattern[str], Mechanism, str]] = [
    (re.compile(r"\bs(?:ection)?\.?\s*113\b", re.I), Mechanism.S113_AGREEMENT, "s113"),
    (re.compile(r"\bjoint\s+management\s+arrangement", re.I), Mechanism.JOINT_MANAGEMENT, "jma"),
    (re.compile(r"\bservice\s+level\s+agreement", re.I), Mechanism.SERVICE_LEVEL_AGREEMENT, "sla"),
    (re.compile(r"\bjoint\s+committee\b", re.I), Mechanism.JOINT_COMMITTEE, "joint-committee"),
    (re.compile(r"\bsecondment\b", re.I), Mechanism.SECONDMENT, "secondment"),
    (
        re.compile(r"\b(?:lead|host)\s+authority\b", re.I),
        Mechanism.LEAD_AUTHORITY,
        "lead-authority",
    ),
]
_ARRANGEMENT_WORDS = re.compile(
    r"\b(?:revised\s+)?(?:partnership\s+)?(?:working\s+)?arrangements?\b", re.I
)
_DECOUPLE = re.compile(r"\bdecoupl\w*|\bleave\s+the\s+\w+\s+(?:agreement|arrangement)", re.I)
_ESTABLISH = re.compile(r"\bestablish\w*\b|\bset\s+up\b", re.I)


def _mechanism_after(words: str, start: int, end: int) -> tuple[Mechanism, str, str | None]:
    """The mechanism named after a service (up to the next service): kind, id suffix, words."""
    window = words[start:end]
    found = [
        (m.start(), mech, short)
        for pattern, mech, short in _MECHANISMS
        if (m := pattern.search(window))
    ]
    if found:
        _, mech, short = min(found)
        return mech, short, None
    other = _ARRANGEMENT_WORDS.search(window)
    detail = " ".join(other.group().lower().split()) if other else None
    return Mechanism.OTHER, "revised" if detail and "revised" in detail else "arrangement", detail


def _arrangements(builder: _Builder, resolution: ResolutionPassed, index: int) -> None:
    """Services decoupled from, or set up under, an arrangement, where the aliases name them."""
    item = builder.draft.items[index]
    aliases = builder.aliases
    for part in item.parts:
        words = " ".join(str(part.text.value).split())
        services = aliases.names_in("services", words)
        if part.outcome.value != "resolved" or not services:
            continue
        ref = (ResolutionRef(resolution=resolution.resolution, part=tuple(part.path.split("."))),)
        slugs = tuple(dict.fromkeys(slug for slug, _, _ in services))
        if _DECOUPLE.search(words):
            named = aliases.names_in("arrangements", words)
            arrangement = (
                named[0][0]
                if named
                else builder.holes.slug("arrangement: the id of the arrangement the services leave")
            )
            builder.add(
                ArrangementDecoupled(
                    partnership=builder.draft.partnership,
                    effective=resolution.effective,
                    authorised_by=ref,
                    arrangement=arrangement,
                    services=slugs,
                ),
                part.text.span,
                0.6,
                "check when the services leave (often when the agreement ends)",
            )
        if not _ESTABLISH.search(words):
            continue
        for number, (slug, start, end) in enumerate(services):
            following = services[number + 1][1] if number + 1 < len(services) else len(words)
            mechanism, short, detail = _mechanism_after(words, end, following)
            builder.add(
                ArrangementEstablished(
                    partnership=builder.draft.partnership,
                    effective=resolution.effective,
                    authorised_by=ref,
                    arrangement=f"{slug}-{short}",
                    name=f"{words[start:end]} ({detail or mechanism.value.replace('_', ' ')})",
                    services=(slug,),
                    mechanism=mechanism,
                    mechanism_detail=detail,
                ),
                part.text.span,
                0.6,
                "check the arrangement's id, name and mechanism",
            )


def _action(builder: _Builder, resolution: ResolutionPassed, index: int) -> None:
    """An ``ActionAssigned`` for each resolved part that tasks someone with something."""
    item = builder.draft.items[index]
    for part in item.parts:
        if part.outcome.value != "resolved" or part.delegations:
            continue
        words = re.sub(r"^(?:that|That|THAT)\s+", "", " ".join(str(part.text.value).split()))
        found = _TASKED.search(words) or _DOES.search(words)
        if found is None and _TO_BE_DONE.search(words) is None:
            continue
        assignee = None
        if found is not None:
            who = re.sub(r"^(?:the|The)\s+", "", found["who"]).strip()
            title = who[:1].upper() + who[1:]
            assignee = Role(title=title, post=builder.aliases.post(who))
        due = next((_date_spec(d) for d in part.dates if d.value.get("role") == "due"), None)
        builder.add(
            ActionAssigned(
                partnership=builder.draft.partnership,
                effective=resolution.effective,
                authorised_by=(
                    ResolutionRef(
                        resolution=resolution.resolution, part=tuple(part.path.split("."))
                    ),
                ),
                action=f"{resolution.resolution}-{part.path.replace('.', '-')}-action",
                description=_summary(words),
                assignee=assignee,
                due=due,
            ),
            part.text.span,
            0.6,
            "check who is to act and by when",
        )


def _other_changes(builder: _Builder, resolution: ResolutionPassed, index: int) -> None:
    """Retitled posts, disbanded bodies and equal cost shares the parts state plainly."""
    item = builder.draft.items[index]
    draft, aliases = builder.draft, builder.aliases
    for part in item.parts:
        if part.outcome.value != "resolved":
            continue
        words = " ".join(str(part.text.value).split())
        ref = (ResolutionRef(resolution=resolution.resolution, part=tuple(part.path.split("."))),)
        retitle = _RETITLE.search(words)
        if retitle is not None:
            old, new = retitle["old"].strip(), retitle["new"].strip()
            post = (
                aliases.post(old)
                or aliases.post(new)
                or builder.holes.slug(f"post: the id of the post titled {old!r}")
            )
            builder.add(
                PostRetitled(
                    partnership=draft.partnership,
                    effective=resolution.effective,
                    authorised_by=ref,
                    post=post,
                    previous_title=old,
                    new_title=new,
                ),
                part.text.span,
                0.7,
                "check whether the new title lasts only for a period (set until)",
            )
        disband = _DISBAND.search(words)
        if disband is not None:
            name = re.sub(r"^(?:that\s+)?(?:the\s+)?", "", disband["body"], flags=re.I).strip()
            known = aliases.body(name)
            body = known.slug if known else builder.holes.slug(f"body: the id of {name!r}")
            effective: DateSpec = resolution.effective
            later = [d for d in part.dates if d.value.get("role") == "effective"]
            if later:
                effective = _date_spec(later[0]) or effective
            builder.add(
                BodyDisbanded(
                    partnership=draft.partnership, effective=effective, authorised_by=ref, body=body
                ),
                part.text.span,
                0.7,
            )
        shared = _SHARED_EQUALLY.search(words)
        if shared is not None:
            councils = [aliases.council(shared[g].strip()) for g in ("a", "b")]
            if all(councils) and len(set(councils)) == 2:
                builder.add(
                    CostShareAgreed(
                        partnership=draft.partnership,
                        effective=resolution.effective,
                        authorised_by=ref,
                        scope=f"{resolution.resolution}-{part.path.replace('.', '-')}-costs",
                        description=_summary(words),
                        shares=tuple(
                            Share(council=c, fraction=Fraction(1, 2)) for c in councils if c
                        ),
                    ),
                    part.text.span,
                    0.7,
                )
            else:
                builder.flags.append(
                    Flag(
                        where=f"items[{index}]",
                        message=f"costs shared equally by {shared['a']!r} and {shared['b']!r}: "
                        "name both councils in the aliases to have a CostShareAgreed proposed",
                        span=part.text.span,
                    )
                )


def _corrections(builder: _Builder, resolution: ResolutionPassed, index: int) -> None:
    """An ``EntryRetracted`` for earlier minutes confirmed "subject to" an amendment: the
    reviewer fills in the position of the wrong entry and, if wanted, its replacement."""
    item = builder.draft.items[index]
    for part in item.parts:
        if part.correction is None or part.outcome.value != "resolved":
            continue
        value = part.correction.value
        when = value.get("minutes_of") or {}
        builder.add(
            EntryRetracted(
                partnership=builder.draft.partnership,
                effective=resolution.effective,
                retracts=builder.holes.position(
                    "position: the ledger entry of the earlier minutes"
                    + (f" of {when.get('latest')}" if when.get("latest") else "")
                    + " that this confirmation corrects"
                ),
                reason=f"minutes confirmed subject to {value['what']}"[:_MAX_SUMMARY],
                authorised_by=(
                    ResolutionRef(
                        resolution=resolution.resolution, part=tuple(part.path.split("."))
                    ),
                ),
            ),
            part.correction.span,
            0.6,
            note="a correction of earlier minutes: add the corrected entry as replacement",
        )


def _encode(
    event: Event, span: Span, confidence: float, note: str | None, holes: _Holes
) -> ProposedEvent:
    name, version, payload = encode(event)
    data, placeholders = holes.fill(json.loads(payload))
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
        steps = (_arrangements, _delegations, _other_changes, _term_extended, _action, _corrections)
        for step in steps:
            try:
                step(builder, resolution, index)
            except GovLedgerError as exc:
                flags.append(
                    Flag(where=f"items[{index}]", message=f"a change could not be proposed: {exc}")
                )
    proposals: list[ProposedEvent] = []
    taken: set[str] = set()
    repeats: dict[str, int] = {}
    for proposal in (_encode(*p) for p in builder.proposals):
        if proposal.id in taken:  # two events with the same own id: number the handles
            n = repeats.get(proposal.id, 1)
            while f"{proposal.id}#{n}" in taken or n < 2:
                n += 1
            repeats[proposal.id] = n
            proposal = attrs.evolve(proposal, id=f"{proposal.id}#{n}")
        taken.add(proposal.id)
        proposals.append(proposal)
    return attrs.evolve(draft, events=tuple(proposals), flags=(*draft.flags, *flags))

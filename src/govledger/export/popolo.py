"""Popolo JSON out: organizations, posts, memberships, people, motions and vote events.

:func:`popolo` writes a ledger in the `Popolo <https://www.popoloproject.com>`_ data
specification's shapes, one document with a list per collection::

    {"organizations": [...], "persons": [...], "posts": [...],
     "memberships": [...], "motions": [...], "vote_events": [...]}

- **organizations**: each partnership (classification ``partnership``), each member
  council (``council``; ``parent_id`` unset), each council body that decided or was
  recommended to (``parent_id`` its council), and each body the partnership set up,
  such as a joint committee (``parent_id`` its council, or the partnership), with
  founding and dissolution dates;
- **memberships**: each council's membership of a partnership, and each spell of a
  person (or an unnamed holder) in a post;
- **posts**: each post, with its titles over time in ``other_label``;
- **motions**: each numbered part of each decision (``identifier`` the part as cited,
  ``result`` from its outcome, none when the record gives none; ``classification``
  ``part``, with "in principle", what it finalises, and a meeting that could not
  decide), and each amendment or procedural motion voted on (``classification`` its
  standing and purpose, such as ``procedural, refer``); ``creator_id`` is the mover,
  when recorded (Popolo has no place for a seconder);
- **vote_events**: each recorded vote, with ``counts`` (yes, no, abstain), named
  ``votes`` where recorded (``classification`` says "partial named list" when the
  minutes name only some members, so that nobody counts them as the result), and its
  ``result``: the one the minutes state (``withdrawn`` and ``fell`` too), else the
  figures'.

Every object's ``sources`` link it to the decisions that authorised it, with the
decision in words in ``note``; the link is the published record's URL when the ledger
holds one, else a ``urn:govledger:<partnership>:decision:<id>`` name.

Dates are ISO. A date known only as a period is written at the precision its bounds
share ("autumn 2018", 2018-09-01 to 2018-11-30, becomes ``"2018"``), as Popolo's date
patterns allow; a period with no earliest bound is left out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date
from typing import Any, Protocol
from urllib.parse import urlparse

from ..changes import PostHistory
from ..events import (
    Authority,
    BodyEstablished,
    CouncilBody,
    DateSpec,
    DecisionMaker,
    Event,
    Identifier,
    Individual,
    JointBody,
    MeetingStatus,
    MotionKind,
    MotionResult,
    Outcome,
    Part,
    PartnershipFormed,
    Period,
    ResolutionPassed,
    ResolutionRef,
    Vote,
    VotePosition,
    earliest,
)
from ..projections import PartnershipState
from .cite import Decisions, slug

__all__ = ["COLLECTIONS", "popolo", "popolo_date"]

#: The collections of a Popolo document, in order, with the schema each item follows.
COLLECTIONS: dict[str, str] = {
    "organizations": "organization",
    "persons": "person",
    "posts": "post",
    "memberships": "membership",
    "motions": "motion",
    "vote_events": "vote_event",
}

#: A part's outcome as a motion's result; an outcome the record does not give
#: (``NOT_RECORDED``) has none.
_RESULTS: dict[Outcome, str | None] = {
    Outcome.RESOLVED: "pass",
    Outcome.LOST: "fail",
    Outcome.RECOMMENDED: "recommended",
    Outcome.NOTED: "noted",
    Outcome.WITHDRAWN: "withdrawn",
    Outcome.DEFERRED: "deferred",
    Outcome.NOT_RECORDED: None,
}
#: A motion's stated result (withdrawn by its mover, or fell) as a vote event's result.
_STATED: dict[MotionResult, str] = {
    MotionResult.CARRIED: "pass",
    MotionResult.LOST: "fail",
    MotionResult.WITHDRAWN: "withdrawn",
    MotionResult.FELL: "fell",
}
_OPTIONS: dict[VotePosition, str] = {
    VotePosition.FOR: "yes",
    VotePosition.AGAINST: "no",
    VotePosition.ABSTAIN: "abstain",
}


class Reader(Protocol):
    def partnerships(self) -> list[str]: ...

    def state(self, partnership: str, as_of: date) -> PartnershipState: ...

    def standing(self, partnership: str) -> list[tuple[int, Event]]: ...

    def post_history(self, partnership: str, post: str) -> PostHistory: ...


def popolo_date(when: DateSpec | None) -> str | None:
    """*when* as a Popolo date: ``YYYY-MM-DD``, or ``YYYY-MM``/``YYYY`` for a period.

    >>> autumn = Period(earliest=date(2018, 9, 1), latest=date(2018, 11, 30), words="autumn 2018")
    >>> popolo_date(autumn), popolo_date(date(2018, 9, 1))
    ('2018', '2018-09-01')
    """
    if when is None:
        return None
    if not isinstance(when, Period):
        return when.isoformat()
    if when.earliest is None or when.latest is None:
        return None
    low, high = when.earliest.isoformat(), when.latest.isoformat()
    for size in (10, 7, 4):
        if low[:size] == high[:size]:
            return low[:size]
    return None


def council_id(council: str) -> str:
    return f"council:{council}"


def partnership_id(partnership: str) -> str:
    return f"partnership:{partnership}"


def _maker_id(partnership: str, maker: DecisionMaker) -> str | None:
    if isinstance(maker, CouncilBody):
        return f"body:{maker.council}:{slug(maker.name)}"
    if isinstance(maker, JointBody):
        return f"body:{partnership}:{maker.body}"
    return None if maker.council is None else council_id(maker.council)


def person_id(name: str) -> str:
    return f"person:{slug(name)}"


class _Document:
    """The collections being built, each keyed by id so that nothing is written twice."""

    def __init__(self) -> None:
        self.collections: dict[str, dict[str, dict[str, Any]]] = {n: {} for n in COLLECTIONS}

    def add(self, collection: str, item: dict[str, Any]) -> None:
        kept = self.collections[collection].setdefault(item["id"], item)
        if kept is not item:  # the same organization seen again: keep every one of these
            for key in ("sources", "identifiers", "links"):
                for value in item.get(key, ()):
                    if value not in kept.setdefault(key, []):
                        kept[key].append(value)

    def person(self, name: str) -> str:
        found = person_id(name)
        self.add("persons", {"id": found, "name": name})
        return found

    def council(
        self, council: str, name: str | None = None, identifiers: tuple[Identifier, ...] = ()
    ) -> str:
        found = council_id(council)
        self.add(
            "organizations",
            {
                "id": found,
                "name": name or council.upper(),
                "classification": "council",
                "identifiers": _identifiers(council, identifiers),
                "links": _links(identifiers),
            },
        )
        if name is not None:
            self.collections["organizations"][found]["name"] = name
        return found

    def maker(self, partnership: str, maker: DecisionMaker) -> str | None:
        found = _maker_id(partnership, maker)
        if isinstance(maker, CouncilBody) and found is not None:
            parent = self.council(maker.council)
            self.add(
                "organizations",
                {
                    "id": found,
                    "name": str(maker),
                    "classification": maker.kind.value,
                    "parent_id": parent,
                    "identifiers": _identifiers(None, maker.identifiers),
                    "links": _links(maker.identifiers),
                },
            )
        elif isinstance(maker, Individual) and maker.council is not None:
            self.council(maker.council)
        return found

    def finished(self) -> dict[str, list[dict[str, Any]]]:
        return {name: list(items.values()) for name, items in self.collections.items()}


def _identifiers(own: str | None, others: Iterable[Identifier]) -> list[dict[str, str]]:
    """The ledger's own id (scheme ``govledger``) and every identifier in another scheme."""
    found = [] if own is None else [{"scheme": "govledger", "identifier": own}]
    return found + [{"scheme": i.scheme, "identifier": i.identifier} for i in others]


def _links(identifiers: Iterable[Identifier]) -> list[dict[str, str]]:
    """Identifiers that are web addresses (a modern.gov page) as Popolo links too."""
    return [
        {"url": i.identifier, "note": i.scheme}
        for i in identifiers
        if urlparse(i.identifier).scheme in ("http", "https")
    ]


def _sources(decisions: Decisions, authorities: Iterable[Authority]) -> list[dict[str, Any]]:
    return [{"url": decisions.uri(a), "note": decisions.cite(a)} for a in authorities]


def _first(standing: list[tuple[int, Event]], kind: type[Any], **match: str) -> Any:
    for _, event in standing:
        if isinstance(event, kind) and all(getattr(event, k) == v for k, v in match.items()):
            return event
    return None


def _partnership(
    doc: _Document, state: PartnershipState, standing: list[tuple[int, Event]], cite: Decisions
) -> str:
    p = state.partnership
    formed: PartnershipFormed | None = _first(standing, PartnershipFormed)
    own = partnership_id(p)
    doc.add(
        "organizations",
        {
            "id": own,
            "name": state.name or p,
            "classification": "partnership",
            "identifiers": [{"scheme": "govledger", "identifier": p}],
            "founding_date": popolo_date(formed.effective) if formed else None,
            "dissolution_date": popolo_date(state.dissolved),
            "sources": _sources(cite, formed.authorised_by) if formed else [],
        },
    )
    for member in (*state.members, *state.former_members):
        council = doc.council(member.council, member.name, member.identifiers)
        doc.add(
            "memberships",
            {
                "id": f"membership:{p}:{member.council}",
                "label": f"{member.name} in {state.name or p}",
                "role": "member council",
                "member": {"@type": "Organization", "id": council},
                "organization_id": own,
                "start_date": popolo_date(member.since),
                "end_date": popolo_date(member.until),
            },
        )
    for body in state.bodies:
        established: BodyEstablished | None = _first(standing, BodyEstablished, body=body.body)
        doc.add(
            "organizations",
            {
                "id": f"body:{p}:{body.body}",
                "name": body.name,
                "classification": body.kind.value,
                "parent_id": doc.council(body.council) if body.council else own,
                "description": body.legal_basis,
                "founding_date": popolo_date(established.effective)
                if established
                else popolo_date(body.established),
                "dissolution_date": popolo_date(body.disbanded),
                "identifiers": _identifiers(body.body, body.identifiers),
                "links": _links(body.identifiers),
                "sources": _sources(cite, body.authorised_by),
            },
        )
    return own


def _posts(
    doc: _Document, ledger: Reader, state: PartnershipState, cite: Decisions, own: str
) -> None:
    p = state.partnership
    for post in state.posts:
        history = ledger.post_history(p, post.post)
        titles = [t.title for t in history.titles if t.title != post.title]
        spells = [t for t in history.titles if t.since <= state.as_of]
        post_id = f"post:{p}:{post.post}"
        doc.add(
            "posts",
            {
                "id": post_id,
                "label": post.title,
                "other_label": list(dict.fromkeys(titles)),
                "role": post.title,
                "organization_id": own,
                "start_date": popolo_date(post.created),
                "end_date": popolo_date(post.deleted),
                "sources": _sources(cite, spells[0].authorised_by if spells else ()),
            },
        )
        for number, spell in enumerate(history.holders, start=1):
            if spell.since > state.as_of:
                continue
            until = spell.until if spell.until is not None and spell.until < state.as_of else None
            person = None if spell.holder is None else doc.person(spell.holder)
            doc.add(
                "memberships",
                {
                    "id": f"membership:{p}:{post.post}:{number}",
                    "label": f"{spell.holder or 'unnamed holder'}, {spell.basis.value}",
                    "role": post.title,
                    "person_id": person,
                    "post_id": post_id,
                    "organization_id": own,
                    "on_behalf_of_id": None
                    if spell.employer is None
                    else doc.council(spell.employer),
                    "start_date": popolo_date(spell.since),
                    "end_date": popolo_date(until),
                    "sources": _sources(cite, spell.authorised_by),
                },
            )


def _result(vote: Vote) -> str | None:
    """The stated result, else the figures' (never a partial named list's)."""
    if vote.result is not None:
        return _STATED[vote.result]
    carried = vote.carried
    return None if carried is None else ("pass" if carried else "fail")


def _vote_classification(vote: Vote) -> str:
    """The motion's standing, its purpose, unanimity, and whether names are partial."""
    words = [vote.motion.value]
    if vote.purpose is not None:
        words.append(vote.purpose.value.replace("_", " "))
    if vote.unanimous:
        words.append("unanimous")
    if vote.named and not vote.named_complete:
        words.append("partial named list")
    return ", ".join(words)


def _part_classification(part: Part | None, meeting: MeetingStatus) -> str:
    words = ["decision" if part is None else "part"]
    if part is not None and part.in_principle:
        words.append("in principle")
    if part is not None and part.finalises is not None:
        words.append(f"finalises {part.finalises}")
    if not meeting.can_decide:
        words.append(f"meeting {meeting.value.replace('_', ' ')}: authorises nothing")
    return ", ".join(words)


def _vote_event(
    doc: _Document,
    event_id: str,
    motion_id: str,
    organization: str | None,
    vote: Vote,
    when: str | None,
    sources: list[dict[str, Any]],
) -> dict[str, Any]:
    counts = []
    if vote.tally is not None:
        counts = [
            {"option": "yes", "value": vote.tally.in_favour},
            {"option": "no", "value": vote.tally.against},
        ]
        if vote.tally.abstained is not None:
            counts.append({"option": "abstain", "value": vote.tally.abstained})
    votes = [
        {
            "vote_event_id": event_id,
            "voter_id": doc.person(named.member),
            "option": _OPTIONS[named.position],
        }
        for named in vote.named
    ]
    return {
        "id": event_id,
        "identifier": event_id.rsplit(":", 1)[-1],
        "motion_id": motion_id,
        "organization_id": organization,
        "classification": _vote_classification(vote),
        "start_date": when,
        "result": _result(vote),
        "counts": counts,
        "votes": votes,
        "sources": sources,
    }


def _mover(doc: _Document, vote: Vote | None) -> str | None:
    """The person who moved the motion (Popolo's ``creator_id``), when recorded."""
    return None if vote is None or vote.mover is None else doc.person(vote.mover)


def _motions(doc: _Document, event: ResolutionPassed, cite: Decisions) -> None:
    p = event.partnership
    organization = doc.maker(p, event.decided_by)
    for maker in (m for _, each in event.walk() for m in each.recommended_to):
        doc.maker(p, maker)
    when = popolo_date(event.decided)
    voted: list[tuple[str, str, str | None, tuple[Vote, ...], Part | None]] = []
    # Built, not parsed: labels as printed ("1)", "2.2 (a)") need not survive a parse.
    refs = {event.resolution: ResolutionRef(resolution=event.resolution)}
    if event.votes:
        voted.append((event.resolution, event.title, None, event.votes, None))
    for path, each in event.walk():
        ref = event.resolution + "".join(f"({n})" for n in path)
        refs[ref] = ResolutionRef(resolution=event.resolution, part=path)
        voted.append((ref, each.summary, _RESULTS[each.outcome], each.votes, each))
    for ref, text, result, votes, part in voted:
        sources = _sources(cite, (refs[ref],))
        motion_id = f"motion:{p}:{ref}"
        substantive = [v for v in votes if v.motion is MotionKind.SUBSTANTIVE]
        if result is None and substantive:
            result = _result(substantive[-1])
        doc.add(
            "motions",
            {
                "id": motion_id,
                "organization_id": organization,
                "creator_id": _mover(doc, substantive[-1] if substantive else None),
                "identifier": ref,
                "text": text,
                "classification": _part_classification(part, event.meeting_status),
                "date": when,
                "result": result,
                "sources": sources,
            },
        )
        for number, vote in enumerate(votes, start=1):
            on = motion_id
            if vote.motion is not MotionKind.SUBSTANTIVE:
                on = f"{motion_id}:{vote.motion.value}-{number}"
                doc.add(
                    "motions",
                    {
                        "id": on,
                        "organization_id": organization,
                        "creator_id": _mover(doc, vote),
                        "identifier": f"{ref} {vote.motion.value} {number}",
                        "text": vote.description or f"{vote.motion.value} motion on {ref}",
                        "classification": _vote_classification(vote),
                        "date": when,
                        "result": _result(vote),
                        "sources": sources,
                    },
                )
            doc.add(
                "vote_events",
                _vote_event(
                    doc, f"vote-event:{p}:{ref}:{number}", on, organization, vote, when, sources
                ),
            )


def _decisions(standing: list[tuple[int, Event]], as_of: date) -> Iterator[ResolutionPassed]:
    for _, event in standing:
        if isinstance(event, ResolutionPassed) and earliest(event.effective) <= as_of:
            yield event


def popolo(
    ledger: Reader, *, as_of: date, partnerships: Iterable[str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The ledger's *partnerships* (default: all) on *as_of* as one Popolo document.

    Every item of every collection validates against the Popolo JSON Schema of its kind
    (see :data:`COLLECTIONS`).
    """
    names = sorted(ledger.partnerships()) if partnerships is None else list(partnerships)
    doc = _Document()
    for name in names:
        state = ledger.state(name, as_of=as_of)
        standing = ledger.standing(name)
        cite = Decisions.of(name, standing)
        own = _partnership(doc, state, standing, cite)
        _posts(doc, ledger, state, cite, own)
        for event in _decisions(standing, as_of):
            _motions(doc, event, cite)
    return doc.finished()

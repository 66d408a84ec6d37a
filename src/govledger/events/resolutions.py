"""Resolutions and what follows from them: tallies and votes, parts and conditions, the
:class:`~govledger.events.ResolutionPassed` event, call-in, conditions met or lapsed and
delegated decisions.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

import attrs

from .. import _code
from ..errors import InvalidEvent
from ._base import _authorities, _Event
from ._dated import _optional_date_spec
from ._parts import _parts_of, per_resolution
from ._validators import (
    _check_label,
    _count,
    _instance,
    _items,
    _non_empty,
    _optional_day,
    _optional_slug,
    _optional_text,
    _slug,
    _text,
    _to_tuple,
)
from .dates import DateSpec, certain_from, describe, earliest
from .enums import (
    CallInExemption,
    CallInOutcome,
    CallInStatus,
    ConditionKind,
    MeetingStatus,
    MotionKind,
    MotionPurpose,
    MotionResult,
    Outcome,
    VotePosition,
)
from .values import (
    Authority,
    CouncilBody,
    DecisionMaker,
    Individual,
    JointBody,
    ResolutionRef,
    Role,
    Source,
    label_key,
    path_key,
)

__all__ = [
    "CallInDetermined",
    "CallInRequested",
    "Condition",
    "ConditionLapsed",
    "ConditionSatisfied",
    "DelegatedDecisionTaken",
    "Exemption",
    "NamedVote",
    "Part",
    "ResolutionPassed",
    "Tally",
    "Vote",
    "per_resolution",
]


_DECISION_MAKERS = (CouncilBody, JointBody, Individual)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Tally:
    """Counted votes. "Lost by 31 votes to 29" is ``Tally(in_favour=29, against=31)``."""

    in_favour: int = attrs.field(validator=_count)
    against: int = attrs.field(validator=_count)
    abstained: int | None = attrs.field(default=None, validator=_count)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class NamedVote:
    """One member's recorded vote."""

    member: str = attrs.field(validator=_text)
    position: VotePosition = attrs.field(validator=_instance(VotePosition))


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Vote:
    """One vote on one motion: counted, unanimous, named, or with only its result stated.

    A vote with neither ``tally`` nor ``unanimous`` is "following a vote" with no
    numbers. ``casting_vote`` is the chair's, on a tie.

    A motion keeps its standing (``motion``: substantive, amendment or procedural), its
    purpose (``purpose``, with ``description`` for the words), its ``mover`` and
    ``seconder`` when stated, and the ``result`` the minutes state ("the amendment was
    lost"). ``named`` is a recorded vote; ``named_complete=False`` says the minutes list
    only some names (only those against, say): such a list never decides the outcome,
    which then comes from the ``tally`` or the stated ``result``. A part's votes are in
    the order taken: procedural motions and amendments first, the substantive motion
    last. A lost motion changes nothing.
    """

    motion: MotionKind = attrs.field(
        default=MotionKind.SUBSTANTIVE, validator=_instance(MotionKind)
    )
    description: str | None = attrs.field(default=None, validator=_optional_text)
    tally: Tally | None = attrs.field(
        default=None, validator=attrs.validators.optional(_instance(Tally))
    )
    unanimous: bool = attrs.field(default=False, validator=_instance(bool))
    named: tuple[NamedVote, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_items(NamedVote)
    )
    casting_vote: VotePosition | None = attrs.field(
        default=None, validator=attrs.validators.optional(_instance(VotePosition))
    )
    #: Whether ``named`` lists every member who voted (``False``: only some names).
    named_complete: bool = attrs.field(default=True, validator=_instance(bool))
    #: The result the minutes state, when they state one.
    result: MotionResult | None = attrs.field(
        default=None, validator=attrs.validators.optional(_instance(MotionResult))
    )
    #: What the motion asked for; ``None`` when the record does not say.
    purpose: MotionPurpose | None = attrs.field(
        default=None, validator=attrs.validators.optional(_instance(MotionPurpose))
    )
    mover: str | None = attrs.field(default=None, validator=_optional_text)
    seconder: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.unanimous and self.tally is not None and self.tally.against:
            raise InvalidEvent(
                f"Vote: unanimous but {self.tally.against} voted against; "
                "drop unanimous=True or correct the tally"
            )
        if self.casting_vote is not None and (
            self.tally is None or self.tally.in_favour != self.tally.against
        ):
            raise InvalidEvent(
                "Vote: a casting vote is only used on a tie; record the tally showing equal "
                "votes for and against, or drop the casting vote"
            )
        if self.casting_vote is VotePosition.ABSTAIN:
            raise InvalidEvent("Vote: a casting vote is for or against, never an abstention")
        counts = Counter(v.member.casefold().strip() for v in self.named)
        repeated = sorted({v.member for v in self.named if counts[v.member.casefold().strip()] > 1})
        if repeated:
            raise InvalidEvent(
                f"Vote: the named votes list {', '.join(repeated)} more than once; each "
                "member votes once"
            )
        self._check_named_against_tally()
        self._check_result()

    def _check_named_against_tally(self) -> None:
        if not self.named or self.tally is None:
            return
        counted = self.named_counts
        listed = (counted[VotePosition.FOR], counted[VotePosition.AGAINST])
        totals = (self.tally.in_favour, self.tally.against)
        if self.named_complete and listed != totals:
            raise InvalidEvent(
                "Vote: the named votes do not add up to the tally "
                f"({listed[0]} for, {listed[1]} against named; tally {totals[0]} to "
                f"{totals[1]}); if the minutes name only some members, set "
                "named_complete=False"
            )
        over = [
            f"{n} named {p.value} but only {t} in the tally"
            for p, n, t in (
                (VotePosition.FOR, listed[0], totals[0]),
                (VotePosition.AGAINST, listed[1], totals[1]),
                (VotePosition.ABSTAIN, counted[VotePosition.ABSTAIN], self.tally.abstained),
            )
            if t is not None and n > t
        ]
        if over:
            raise InvalidEvent(
                f"Vote: the partial named list is longer than the tally ({'; '.join(over)})"
            )

    def _check_result(self) -> None:
        if self.result is None:
            return
        if self.result in (MotionResult.WITHDRAWN, MotionResult.FELL) and (
            self.tally is not None or self.unanimous or self.named
        ):
            raise InvalidEvent(
                f"Vote: a motion that {self.result.value} was never put to the vote; drop "
                "its tally, named votes or unanimous=True"
            )
        counted = self._counted()
        if counted is not None and counted != (self.result is MotionResult.CARRIED):
            raise InvalidEvent(
                f"Vote: the stated result ({self.result.value}) contradicts the figures "
                f"({self.words}); correct one of them"
            )

    @property
    def named_counts(self) -> dict[VotePosition, int]:
        """How many members are named for each position."""
        return {p: sum(1 for v in self.named if v.position is p) for p in VotePosition}

    def _counted(self) -> bool | None:
        if self.unanimous:
            return True
        if self.tally is not None:
            if self.tally.in_favour == self.tally.against:
                return self.casting_vote is VotePosition.FOR
            return self.tally.in_favour > self.tally.against
        if self.named and self.named_complete:
            counted = self.named_counts
            return counted[VotePosition.FOR] > counted[VotePosition.AGAINST]
        return None

    @property
    def carried(self) -> bool | None:
        """Whether the motion was carried; ``None`` when the record does not show it.

        From the stated result, the unanimity, the tally, or a complete named list, in
        that order; never from a partial named list.
        """
        if self.result is not None:
            return self.result is MotionResult.CARRIED
        return self._counted()

    @property
    def words(self) -> str:
        """What the record shows of this vote, in words ("7 for, 3 against")."""
        shown: list[str] = []
        if self.unanimous:
            shown.append("unanimous")
        if self.tally is not None:
            shown.append(f"{self.tally.in_favour} for, {self.tally.against} against")
            if self.casting_vote is not None:
                shown.append(f"chair's casting vote {self.casting_vote.value}")
        if self.named:
            counted = self.named_counts
            which = "a complete" if self.named_complete else "a partial"
            shown.append(
                f"{which} named list of {len(self.named)} ({counted[VotePosition.FOR]} for, "
                f"{counted[VotePosition.AGAINST]} against, {counted[VotePosition.ABSTAIN]} "
                "abstaining)"
            )
        if self.result is not None:
            shown.append(f"stated as {self.result.value}")
        return "; ".join(shown) or "no figures or result recorded"


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Condition:
    """What a decision is subject to, such as approval by the partner's Cabinet.

    ``id`` is unique within the partnership; :class:`ConditionSatisfied` and
    :class:`ConditionLapsed` name it. ``council`` and ``body`` say whose decision a
    ``MEMBER_APPROVAL`` awaits; ``due`` is when it is expected.
    """

    id: str = attrs.field(validator=_slug)
    description: str = attrs.field(validator=_text)
    kind: ConditionKind = attrs.field(
        default=ConditionKind.OTHER, validator=_instance(ConditionKind)
    )
    council: str | None = attrs.field(default=None, validator=_optional_slug)
    body: str | None = attrs.field(default=None, validator=_optional_text)
    due: DateSpec | None = attrs.field(default=None, validator=_optional_date_spec)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Part:
    """One numbered part of a resolution, perhaps with nested parts ((2)(a), (2)(b)).

    ``summary`` is the decision in the recorder's own words. A ``RECOMMENDED`` part names
    the bodies it was recommended to; a part that adopts a recommendation made elsewhere
    names it in ``adopts``. Conditions on a part bind its nested parts too.

    ``number`` is the label as the record prints it ("3", "(a)", "2.2 (a)"); labels
    are compared as :func:`label_key` normalises them. A part nested in a
    ``RECOMMENDED`` part is recommended with it, to the same bodies, unless it is
    itself ``RECOMMENDED`` to others: it changes nothing until adopted. A
    recommended part may *propose* changes: record them citing the part; they wait
    in ``state.pending`` "awaiting adoption by <body>" until every body it was
    recommended to has adopted it (or a part above it), then take effect from the
    adoption. Conditions on a recommended part bind every adoption of it. An outcome
    the record does not give is ``NOT_RECORDED``: that part authorises nothing.
    """

    number: str = attrs.field(validator=_instance(str))
    summary: str = attrs.field(validator=_text)
    outcome: Outcome = attrs.field(default=Outcome.RESOLVED, validator=_instance(Outcome))
    votes: tuple[Vote, ...] = attrs.field(default=(), converter=_to_tuple, validator=_items(Vote))
    conditions: tuple[Condition, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_items(Condition)
    )
    recommended_to: tuple[DecisionMaker, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_items(_DECISION_MAKERS)
    )
    adopts: ResolutionRef | None = attrs.field(
        default=None, validator=attrs.validators.optional(_instance(ResolutionRef))
    )
    parts: tuple[Part, ...] = attrs.field(default=(), converter=_to_tuple)
    #: The parts of other councils' decisions this part is this council's decision on
    #: (each council decides the same matter separately); see :mod:`govledger.agreement`.
    mirrors: tuple[ResolutionRef, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_items(ResolutionRef)
    )
    #: Agreed "in principle", a final decision to follow: it authorises no change (nor
    #: do its nested parts) until a later part ``finalises`` it.
    in_principle: bool = attrs.field(default=False, validator=_instance(bool))
    #: The in-principle part this part makes final, such as ``"cab-2023-05(2)"``.
    finalises: ResolutionRef | None = attrs.field(
        default=None, validator=attrs.validators.optional(_instance(ResolutionRef))
    )

    def __attrs_post_init__(self) -> None:
        _check_label(self, "number", self.number)
        for child in self.parts:
            if not isinstance(child, Part):
                raise InvalidEvent(f"Part {self.number}: nested parts must be Part, not {child!r}")
        _unique_numbers(self.parts, f"part ({self.number})")
        if self.outcome is Outcome.RECOMMENDED and not self.recommended_to:
            raise InvalidEvent(
                f"Part ({self.number}) is RECOMMENDED but names no body it was recommended to; "
                "set recommended_to"
            )
        if self.recommended_to and self.outcome is not Outcome.RECOMMENDED:
            raise InvalidEvent(
                f"Part ({self.number}) names recommended_to but its outcome is "
                f"{self.outcome.value}; set outcome=Outcome.RECOMMENDED"
            )
        if self.in_principle and self.outcome in _NOT_AGREED:
            raise InvalidEvent(
                f"Part ({self.number}) is {self.outcome.value}, so nothing was agreed in "
                "principle; drop in_principle=True"
            )
        if self.in_principle and self.finalises is not None:
            raise InvalidEvent(
                f"Part ({self.number}) finalises {self.finalises} and so is a final "
                "decision; drop in_principle=True"
            )

    def walk(self, prefix: tuple[str, ...] = ()) -> Iterable[tuple[tuple[str, ...], Part]]:
        """Yield ``(path, part)`` for this part and every nested part, depth first."""
        path = (*prefix, self.number)
        yield path, self
        for child in self.parts:
            yield from child.walk(path)


#: Outcomes under which nothing was agreed, in principle or otherwise.
_NOT_AGREED = frozenset({Outcome.NOTED, Outcome.LOST, Outcome.WITHDRAWN, Outcome.DEFERRED})


def _unique_numbers(parts: tuple[Part, ...], where: str) -> None:
    numbers = [label_key(p.number) for p in parts]
    repeated = sorted(n for n, count in Counter(numbers).items() if count > 1)
    if repeated:
        raise InvalidEvent(f"{where} repeats part number(s) {', '.join(repeated)}")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Exemption:
    """Exempt or confidential status under Schedule 12A LGA 1972."""

    confidential: bool = attrs.field(default=False, validator=_instance(bool))
    paragraphs: tuple[int, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_items(int)
    )
    applies_to: str = attrs.field(default="whole item", validator=_text)  # or "annex only"

    def __attrs_post_init__(self) -> None:
        bad = [p for p in self.paragraphs if not 1 <= p <= 7]
        if bad:
            raise InvalidEvent(
                f"Exemption.paragraphs {bad} are outside Schedule 12A paragraphs 1-7"
            )


# --------------------------------------------------------------------------- decisions


def _default_call_in(resolution: ResolutionPassed) -> CallInStatus:
    if resolution.call_in_deadline is not None:
        return CallInStatus.SUBJECT
    if resolution.urgent:
        return CallInStatus.NOT_SUBJECT
    return CallInStatus.NOT_STATED


def _default_exemption(resolution: ResolutionPassed) -> CallInExemption | None:
    if resolution.urgent and resolution.call_in is CallInStatus.NOT_SUBJECT:
        return CallInExemption.URGENT
    return None


def _check_call_in(resolution: ResolutionPassed) -> None:
    where = f"ResolutionPassed {resolution.resolution!r}"
    status = resolution.call_in
    if resolution.call_in_deadline is not None and status is not CallInStatus.SUBJECT:
        raise InvalidEvent(
            f"{where} has a call-in deadline but call_in={status.value}; a deadline means "
            "it is subject to call-in"
        )
    if status is CallInStatus.SUBJECT and resolution.call_in_exemption is CallInExemption.URGENT:
        raise InvalidEvent(
            f"{where} is subject to call-in yet exempt from it as urgent; an item taken as "
            "urgent business can still be called in (keep urgent=True, drop "
            "call_in_exemption), while a decision under an urgency power that waives call-in "
            "is not subject to it (call_in=CallInStatus.NOT_SUBJECT)"
        )
    if status is CallInStatus.NOT_SUBJECT and resolution.call_in_exemption is None:
        raise InvalidEvent(
            f"{where} is not subject to call-in but gives no reason; set call_in_exemption "
            "(urgent, officer_decision, non_executive, constitution or other)"
        )
    if status is not CallInStatus.NOT_SUBJECT and resolution.call_in_exemption is not None:
        raise InvalidEvent(
            f"{where} gives a call-in exemption ({resolution.call_in_exemption.value}) but "
            f"call_in={status.value}; set call_in=CallInStatus.NOT_SUBJECT"
        )
    if resolution.urgency is not None and not resolution.urgent:
        raise InvalidEvent(
            f"{where} names the urgency power used ({resolution.urgency!r}); set urgent=True"
        )


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ResolutionPassed(_Event):
    """A body (or one person) decided an item, in one or more numbered parts.

    Dates: ``decided`` is the meeting or decision date (``None`` when the record omits
    it), ``published`` when the decision notice went out, and ``effective`` when it is
    in force: after the call-in window (``call_in_deadline``, the last day to call it
    in) or "as from" a later date. ``resolution`` is this decision's id, which change
    events cite as ``ResolutionRef(resolution=..., part=(...))``.

    Call-in is as the record says, never guessed: ``call_in`` is ``SUBJECT`` (by
    default when a ``call_in_deadline`` is given), ``NOT_SUBJECT`` with its
    ``call_in_exemption`` (by default ``URGENT`` for an ``urgent`` decision, whose
    ``urgency`` names the power used), or ``NOT_STATED``; ``call_in_words`` keeps the
    record's words. ``urgent`` marks a decision taken as urgent: under an urgency power,
    or as urgent business at a meeting ("Urgent item? Yes"). Such an item can still be
    subject to call-in: give its ``call_in_deadline`` or ``call_in=SUBJECT`` and it is;
    only a decision whose urgency waives call-in is exempt. An undated page has
    ``decided=None`` and an open ``effective`` period (:class:`Period` with no ``latest``).
    """

    resolution: str = attrs.field(validator=_slug)
    decided_by: DecisionMaker = attrs.field(validator=_instance(_DECISION_MAKERS))
    decided: DateSpec | None = attrs.field(validator=_optional_date_spec)
    item: str = attrs.field(validator=_text)
    title: str = attrs.field(validator=_text)
    parts: tuple[Part, ...] = attrs.field(converter=_to_tuple, validator=[_items(Part), _non_empty])
    published: date | None = attrs.field(default=None, validator=_optional_day)
    call_in_deadline: date | None = attrs.field(default=None, validator=_optional_day)
    votes: tuple[Vote, ...] = attrs.field(default=(), converter=_to_tuple, validator=_items(Vote))
    key_decision: bool = attrs.field(default=False, validator=_instance(bool))
    urgent: bool = attrs.field(default=False, validator=_instance(bool))
    exempt: Exemption | None = attrs.field(
        default=None, validator=attrs.validators.optional(_instance(Exemption))
    )
    source: Source | None = attrs.field(
        default=None, validator=attrs.validators.optional(_instance(Source))
    )
    #: Whether the meeting could decide: anything but ``HELD`` authorises nothing.
    meeting_status: MeetingStatus = attrs.field(
        default=MeetingStatus.HELD, validator=_instance(MeetingStatus)
    )
    #: Whether the decision is subject to call-in, as the record says. By default
    #: ``SUBJECT`` with a ``call_in_deadline``, ``NOT_SUBJECT`` when ``urgent``, else
    #: ``NOT_STATED``: never guessed from the kind of body.
    call_in: CallInStatus = attrs.field(
        default=attrs.Factory(_default_call_in, takes_self=True),
        validator=_instance(CallInStatus),
    )
    #: Why it is not subject to call-in (``URGENT`` by default for an urgent decision).
    call_in_exemption: CallInExemption | None = attrs.field(
        default=attrs.Factory(_default_exemption, takes_self=True),
        validator=attrs.validators.optional(_instance(CallInExemption)),
    )
    #: The record's words on call-in: the window ("five working days after
    #: publication") or why it does not apply.
    call_in_words: str | None = attrs.field(default=None, validator=_optional_text)
    #: The urgency power used, in the record's words ("the Leader's urgency powers").
    urgency: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        _check_call_in(self)
        _unique_numbers(self.parts, f"ResolutionPassed {self.resolution!r}")
        ids = [c.id for _, part in self.walk() for c in part.conditions]
        repeated = sorted(i for i, n in Counter(ids).items() if n > 1)
        if repeated:
            raise InvalidEvent(
                f"ResolutionPassed {self.resolution!r} declares condition id(s) "
                f"{', '.join(repeated)} more than once"
            )
        decided_from = earliest(self.decided) if self.decided is not None else None
        if decided_from is not None and certain_from(self.effective) < decided_from:
            raise InvalidEvent(
                f"ResolutionPassed {self.resolution!r} is effective {describe(self.effective)}, "
                f"before it was decided ({describe(self.decided)})"
            )
        if (
            self.call_in_deadline is not None
            and decided_from is not None
            and (self.call_in_deadline < decided_from)
        ):
            raise InvalidEvent(
                f"ResolutionPassed {self.resolution!r}: the call-in deadline "
                f"{self.call_in_deadline} is before the decision"
            )

    def walk(self) -> Iterable[tuple[tuple[str, ...], Part]]:
        """Every part, nested parts included, with its path such as ``("2", "b")``,
        depth first."""
        return _parts_of(self).walked

    def part(self, path: tuple[str, ...]) -> Part | None:
        """The part at *path*, or ``None``; labels match as :func:`label_key` reads them."""
        index = _parts_of(self)
        found = index.exact.get(path)
        if found is None:
            found = index.keyed.get(path_key(path))
        return found


@attrs.frozen(kw_only=True, repr=False, eq=False)
class CallInRequested(_Event):
    """Members called in an executive decision for scrutiny before it took effect."""

    resolution: str = attrs.field(validator=_slug)
    requested_by: str = attrs.field(validator=_text)
    reason: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class CallInDetermined(_Event):
    """Scrutiny determined a call-in: the decision stands, or it goes back."""

    resolution: str = attrs.field(validator=_slug)
    outcome: CallInOutcome = attrs.field(validator=_instance(CallInOutcome))
    authorised_by: tuple[Authority, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_authorities
    )


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ConditionSatisfied(_Event):
    """A condition was met on the effective date (possibly before the decision was taken)."""

    condition: str = attrs.field(validator=_slug)
    evidence: str = attrs.field(validator=_text)
    authorised_by: tuple[Authority, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_authorities
    )


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ConditionLapsed(_Event):
    """A condition can no longer be met: decisions subject to it never come into force."""

    condition: str = attrs.field(validator=_slug)
    reason: str = attrs.field(validator=_text)
    authorised_by: tuple[Authority, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_authorities
    )


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DelegatedDecisionTaken(_Event):
    """An officer (or member) exercised a delegation. Its ``decision`` id can be cited."""

    decision: str = attrs.field(validator=_slug)
    delegation: str = attrs.field(validator=_slug)
    taken_by: Role = attrs.field(validator=_instance(Role))
    summary: str = attrs.field(validator=_text)
    decided: date | None = attrs.field(default=None, validator=_optional_day)
    consulted: tuple[Role, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_items(Role)
    )
    source: Source | None = attrs.field(
        default=None, validator=attrs.validators.optional(_instance(Source))
    )


# Keep these last: every class above prints as the Python code that rebuilds it.
_code.install(globals(), __name__)

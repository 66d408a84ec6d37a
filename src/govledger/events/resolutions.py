"""The event catalogue: every kind of decision govledger records.

Events are frozen, slotted attrs classes with validators and no I/O. Each is a
past-tense fact in the words of the minutes. Every event names its partnership and
its **effective date** (valid time: when it takes effect). Every event that changes
a partnership names the resolution part(s), or an outside citation, that authorised
it (``authorised_by``). The store adds the recording time and the global position.

Identifiers are readable slugs the user chooses: ``"cdc-occ"``,
``"joint-chief-executive"``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from enum import Enum, StrEnum
from fractions import Fraction
from typing import Any, Final, TypeAlias, TypeVar, Union, cast

import attrs

from .. import _code, _enums
from ..errors import InvalidEvent

__all__ = [
    "EVENT_TAGS",
    "EVENT_TYPES",
    "ActionAssigned",
    "ActionCompleted",
    "ArrangementDecoupled",
    "ArrangementEnded",
    "ArrangementEstablished",
    "ArrangementVaried",
    "Authority",
    "BodyDisbanded",
    "BodyEstablished",
    "BodyKind",
    "BodyMemberAppointed",
    "BodyMemberLeft",
    "BodyRole",
    "BodyTermsRevised",
    "CallInDetermined",
    "CallInExemption",
    "CallInOutcome",
    "CallInRequested",
    "CallInStatus",
    "Citation",
    "Condition",
    "ConditionKind",
    "ConditionLapsed",
    "ConditionSatisfied",
    "CostShareAgreed",
    "CouncilBody",
    "DateSpec",
    "DecisionMaker",
    "DelegatedDecisionTaken",
    "DelegationGranted",
    "DelegationRevoked",
    "DesignatedRole",
    "EndingStage",
    "EndingStageReached",
    "EntryRetracted",
    "Event",
    "Exemption",
    "HolderBasis",
    "Identifier",
    "Individual",
    "JointBody",
    "Mechanism",
    "MeetingStatus",
    "Member",
    "MemberAdmitted",
    "MemberSucceeded",
    "MemberWithdrew",
    "MotionKind",
    "MotionPurpose",
    "MotionResult",
    "NamedVote",
    "NotOnRecord",
    "NoticeGiven",
    "Outcome",
    "Part",
    "PartnershipDissolved",
    "PartnershipFormed",
    "Period",
    "PostCreated",
    "PostDeleted",
    "PostHolderAppointed",
    "PostRetitled",
    "PostTermExtended",
    "PostVacated",
    "ResolutionPassed",
    "ResolutionRef",
    "Role",
    "Share",
    "ShareKind",
    "Source",
    "StatutoryRole",
    "StatutoryRoleDesignated",
    "Tally",
    "VacancyReason",
    "Vote",
    "VotePosition",
    "body_name_key",
    "certain_from",
    "date_not_stated",
    "describe",
    "designated_role",
    "earliest",
    "event_type",
    "is_change",
    "label_key",
    "path_key",
    "role_key",
]

T = TypeVar("T")

_SLUG = re.compile(r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$")
_MAX_LABEL = 60
_MAX_SLUG = 120
_MAX_TEXT = 20_000
_FIRST_YEAR = 1800
_LAST_YEAR = 2200


# --------------------------------------------------------------------------- validators


def _fail(inst: object, name: str, problem: str) -> InvalidEvent:
    return InvalidEvent(f"{type(inst).__name__}.{name} {problem}")


def _slug(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise _fail(inst, attribute.name, f"must be a slug string, not {type(value).__name__}")
    if not value or len(value) > _MAX_SLUG or not _SLUG.match(value):
        raise _fail(
            inst,
            attribute.name,
            f"must be a readable slug such as 'cdc-occ' (lower-case letters and digits "
            f"joined by '-', '_' or '.', at most {_MAX_SLUG} characters), not {value!r}",
        )


def _optional_slug(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _slug(inst, attribute, value)


def _blank(value: str) -> bool:
    """Whether *value* holds nothing visible: only white space (including Unicode space
    separators, category Zs) and format characters (category Cf, such as U+200B)."""
    return all(char.isspace() or unicodedata.category(char) in ("Zs", "Cf") for char in value)


def _text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise _fail(inst, attribute.name, f"must be text, not {type(value).__name__}")
    if _blank(value):
        raise _fail(
            inst,
            attribute.name,
            "must not be empty or blank (spaces and invisible format characters such as "
            "zero-width spaces do not count as text)",
        )
    if len(value) > _MAX_TEXT:
        raise _fail(inst, attribute.name, f"is longer than {_MAX_TEXT} characters")
    if "\x00" in value:
        raise _fail(inst, attribute.name, "contains a NUL character")


def _optional_text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _text(inst, attribute, value)


def _check_day(inst: object, name: str, value: object) -> None:
    if not isinstance(value, date) or type(value).__name__ == "datetime":
        raise _fail(inst, name, f"must be a datetime.date, not {type(value).__name__}")
    if not _FIRST_YEAR <= value.year <= _LAST_YEAR:
        raise _fail(inst, name, f"is {value.isoformat()}, outside {_FIRST_YEAR}-{_LAST_YEAR}")


def _day(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_day(inst, attribute.name, value)


def _optional_day(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_day(inst, attribute.name, value)


def _date_spec(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, Period):
        return
    _check_day(inst, attribute.name, value)


def _optional_date_spec(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _date_spec(inst, attribute, value)


def _instance(
    kind: type | tuple[type, ...],
) -> Callable[[object, attrs.Attribute[Any], object], None]:
    if isinstance(kind, type) and issubclass(kind, Enum):
        return _enums.validator(kind, _fail)

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            names = (
                " or ".join(k.__name__ for k in kind) if isinstance(kind, tuple) else kind.__name__
            )
            raise _fail(inst, attribute.name, f"must be {names}, not {type(value).__name__}")

    return check


def _items(kind: type | tuple[type, ...]) -> Callable[[object, attrs.Attribute[Any], object], None]:
    check_one = _instance(kind)

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise _fail(inst, attribute.name, f"must be a tuple, not {type(value).__name__}")
        for item in value:
            check_one(inst, attribute, item)

    return check


def _distinct_items(kind: type, key: str) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """A tuple of *kind* instances in which no two have the same *key* attribute."""
    check_items = _items(kind)

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        check_items(inst, attribute, value)
        keys = [getattr(item, key) for item in value]  # type: ignore[attr-defined]  # a tuple
        if len(set(keys)) != len(keys):
            raise _fail(inst, attribute.name, f"repeats a {key}: {keys!r}")

    return check


def _slugs(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise _fail(inst, attribute.name, f"must be a tuple, not {type(value).__name__}")
    for item in value:
        _slug(inst, attribute, item)
    if len(set(value)) != len(value):
        raise _fail(inst, attribute.name, f"repeats an id: {value!r}")


def _texts(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise _fail(inst, attribute.name, f"must be a tuple, not {type(value).__name__}")
    for item in value:
        _text(inst, attribute, item)


def _non_empty(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not value:
        raise _fail(inst, attribute.name, "must name at least one item")


def _count(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(inst, attribute.name, f"must be a whole number, not {type(value).__name__}")
    if value < 0:
        raise _fail(inst, attribute.name, f"must not be negative (got {value})")
    if value > 1_000_000:
        raise _fail(inst, attribute.name, f"is implausibly large ({value})")


def _to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Accept any iterable for a collection field; store it as a tuple."""
    if isinstance(value, str | bytes):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        return value  # type: ignore[return-value]  # the validator reports it


# --------------------------------------------------------------------------- dates


@attrs.frozen(kw_only=True)
class Period:
    """A date known only as a stated period, with the words the record used.

    ``Period(earliest=date(2009, 9, 1), latest=date(2009, 9, 7),
    words="the first week of September 2009")``. ``earliest`` may be ``None`` when the
    record gives only an upper bound ("before 2 September 2020"); ``latest`` may be
    ``None`` when it gives no upper bound at all (an undated decision page: "date not
    stated", known only to come after some earlier fact). At least one bound is needed.

    A fact dated by a bounded period is certain from ``latest`` on; between the bounds
    it is uncertain. A fact dated by an *open* period (no ``latest``) never becomes
    certain: the ledger takes it as holding from ``earliest`` and every state shows it
    among :attr:`~govledger.projections.PartnershipState.uncertain` as "date not
    stated". A fact known only "by" a date does not refuse earlier evidence: an event
    dated inside the period that depends on it is accepted, and the fact is taken to
    hold from the earliest such evidence on record.
    """

    latest: date | None = attrs.field(default=None, validator=_optional_day)
    words: str = attrs.field(validator=_text)
    earliest: date | None = attrs.field(default=None, validator=_optional_day)

    def __attrs_post_init__(self) -> None:
        if self.earliest is None and self.latest is None:
            raise InvalidEvent(
                f"Period {self.words!r} has neither an earliest nor a latest day; give the "
                "first day it could be (earliest=...) even when the record states no date"
            )
        if self.earliest is not None and self.latest is not None and self.earliest > self.latest:
            raise InvalidEvent(
                f"Period {self.words!r}: earliest {self.earliest} is after latest "
                f"{self.latest}; swap them."
            )

    @property
    def open(self) -> bool:
        """Whether the period has no upper bound (the record states no date)."""
        return self.latest is None

    def contains(self, day: date) -> bool:
        """Whether *day* falls inside the period (the fact may or may not hold yet)."""
        low = self.earliest or date.min
        high = self.latest or date.max
        return low <= day <= high

    def __str__(self) -> str:
        if self.earliest == self.latest and self.latest is not None:
            return f"{self.words} ({self.latest.isoformat()})"
        low = self.earliest.isoformat() if self.earliest else "…"
        high = self.latest.isoformat() if self.latest else "…"
        return f"{self.words} [{low} – {high}]"


DateSpec: TypeAlias = Union[date, Period]  # noqa: UP007  (runtime alias for cattrs)


def certain_from(when: DateSpec) -> date:
    """The first day on which a fact dated *when* certainly holds.

    An open period (no ``latest``) never becomes certain; the ledger folds it on its
    ``earliest`` day and flags it as "date not stated".
    """
    if isinstance(when, Period):
        if when.latest is None:
            assert when.earliest is not None  # a period has at least one bound
            return when.earliest
        return when.latest
    return when


def date_not_stated(when: DateSpec | None) -> bool:
    """Whether *when* leaves the day unstated: ``None`` or an open period."""
    return when is None or (isinstance(when, Period) and when.latest is None)


def earliest(when: DateSpec) -> date:
    """The first day on which a fact dated *when* may hold."""
    if isinstance(when, Period):
        return when.earliest or date.min
    return when


def describe(when: DateSpec | None) -> str:
    """Human words for a date or period."""
    if when is None:
        return "date not stated"
    if isinstance(when, Period):
        return str(when)
    return when.isoformat()


# --------------------------------------------------------------------------- enumerations


class BodyKind(StrEnum):
    """What kind of body decides."""

    FULL_COUNCIL = "full_council"
    EXECUTIVE = "executive"  # Cabinet or Executive
    COMMITTEE = "committee"
    JOINT_COMMITTEE = "joint_committee"  # s.101(5) LGA 1972
    BOARD = "board"
    WORKING_GROUP = "working_group"
    SCRUTINY = "scrutiny"
    OTHER = "other"


class Outcome(StrEnum):
    """What became of one numbered part of a resolution."""

    RESOLVED = "resolved"
    RECOMMENDED = "recommended"  # to another body: changes nothing until adopted
    NOTED = "noted"
    LOST = "lost"
    WITHDRAWN = "withdrawn"
    DEFERRED = "deferred"
    #: The record stops before the outcome, or says only that the matter was discussed:
    #: such a part authorises nothing.
    NOT_RECORDED = "not_recorded"


class MeetingStatus(StrEnum):
    """Whether the meeting a decision was taken at could decide anything.

    Only ``HELD`` (the default: properly convened and quorate) can decide. A decision
    recorded at a meeting held informally, without a quorum or not properly convened
    authorises nothing; a later correction of the status is an
    :class:`EntryRetracted` whose replacement carries the corrected status.
    """

    HELD = "held"
    HELD_INFORMALLY = "held_informally"
    INQUORATE = "inquorate"
    NOT_PROPERLY_CONVENED = "not_properly_convened"

    @property
    def can_decide(self) -> bool:
        return self is MeetingStatus.HELD


class VotePosition(StrEnum):
    """How one member voted."""

    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class MotionKind(StrEnum):
    """Which motion a vote was on."""

    SUBSTANTIVE = "substantive"
    AMENDMENT = "amendment"
    PROCEDURAL = "procedural"


class MotionPurpose(StrEnum):
    """What a motion asked for (beside :class:`MotionKind`, which says its standing).

    An item can carry several motions before its decision: procedural ones (refer the
    matter to a committee, take the recommendations separately, adjourn or defer,
    move to the vote, exclude the press and public), amendments, then the substantive
    motion. ``OTHER`` with the vote's ``description`` holds anything else.
    """

    DECIDE = "decide"  # the substantive motion: adopt the recommendations, approve
    AMEND = "amend"
    REFER = "refer"  # refer the matter to a committee, back to the executive, to council
    TAKE_SEPARATELY = "take_separately"  # take the recommendations, or parts, separately
    ADJOURN = "adjourn"  # adjourn the debate or the meeting
    DEFER = "defer"  # defer the item to a later meeting
    MOVE_TO_VOTE = "move_to_vote"  # "that the question be now put"
    RECORDED_VOTE = "recorded_vote"  # that the vote be a named (recorded) vote
    EXCLUDE_PUBLIC = "exclude_public"  # exclude the press and public (Schedule 12A)
    SUSPEND_RULES = "suspend_rules"  # suspend a procedure rule or standing order
    OTHER = "other"


class MotionResult(StrEnum):
    """What became of a motion, as the minutes state it."""

    CARRIED = "carried"
    LOST = "lost"
    WITHDRAWN = "withdrawn"  # withdrawn by its mover (with consent) before the vote
    FELL = "fell"  # not seconded, or overtaken by an earlier decision


class ConditionKind(StrEnum):
    """What a decision was made subject to."""

    MEMBER_APPROVAL = "member_approval"  # "subject to similar approval by SNC Cabinet"
    AGREEMENT_CONCLUDED = "agreement_concluded"  # "subject to suitable agreements"
    BUSINESS_CASE = "business_case"
    NO_MATERIAL_CHANGE = "no_material_change"
    OTHER = "other"


class CallInOutcome(StrEnum):
    """How a call-in was determined."""

    NO_FURTHER_ACTION = "no_further_action"  # the decision stands
    REFERRED_BACK = "referred_back"  # back to the decision maker: not in force
    REFERRED_TO_COUNCIL = "referred_to_council"  # to Full Council: not in force
    WITHDRAWN = "withdrawn"  # the call-in was withdrawn: the decision stands


class CallInStatus(StrEnum):
    """Whether a decision is subject to call-in, as the record says; never guessed.

    ``NOT_STATED`` (the record does not say) and ``NOT_SUBJECT`` (the record says it is
    exempt, with a :class:`CallInExemption`) are different answers.
    """

    SUBJECT = "subject"
    NOT_SUBJECT = "not_subject"
    NOT_STATED = "not_stated"


class CallInExemption(StrEnum):
    """Why a decision is not subject to call-in."""

    URGENT = "urgent"  # taken under urgency (a Leader's or chief executive's urgency power)
    OFFICER_DECISION = "officer_decision"  # an officer's decision under a delegation
    NON_EXECUTIVE = "non_executive"  # Full Council, a regulatory or non-executive body
    CONSTITUTION = "constitution"  # exempted by the council's constitution
    OTHER = "other"


class EndingStage(StrEnum):
    """A step on the way to ending an arrangement, before (or with) an end date.

    Minutes record these long before the end is known: a council agreed to give
    notice, started the process of terminating, activated the termination clause,
    gave notice "subject to the notice period to be agreed".
    """

    AGREED_TO_END = "agreed_to_end"  # agreed in principle to end or withdraw
    AGREED_TO_GIVE_NOTICE = "agreed_to_give_notice"
    TERMINATION_STARTED = "termination_started"  # "start the process of terminating"
    TERMINATION_CLAUSE_ACTIVATED = "termination_clause_activated"
    NOTICE_GIVEN = "notice_given"
    OTHER = "other"

    @property
    def words(self) -> str:
        """The stage in plain words ("agreed to give notice")."""
        return _ENDING_WORDS[self]


_ENDING_WORDS = {
    EndingStage.AGREED_TO_END: "agreed to end",
    EndingStage.AGREED_TO_GIVE_NOTICE: "agreed to give notice",
    EndingStage.TERMINATION_STARTED: "process of terminating started",
    EndingStage.TERMINATION_CLAUSE_ACTIVATED: "termination clause activated",
    EndingStage.NOTICE_GIVEN: "notice given",
    EndingStage.OTHER: "ending begun",
}


class Mechanism(StrEnum):
    """The legal mechanism of a joint arrangement."""

    S113_AGREEMENT = "s113_agreement"  # s.113 LGA 1972: staff placed at another's disposal
    JOINT_MANAGEMENT = "joint_management"
    SERVICE_LEVEL_AGREEMENT = "service_level_agreement"
    JOINT_COMMITTEE = "joint_committee"
    SECONDMENT = "secondment"
    LEAD_AUTHORITY = "lead_authority"
    OTHER = "other"


class HolderBasis(StrEnum):
    """On what basis someone holds a post."""

    SUBSTANTIVE = "substantive"
    ACTING = "acting"
    INTERIM = "interim"
    SECONDED = "seconded"


class VacancyReason(StrEnum):
    """Why a post holder left the post."""

    RESIGNATION = "resignation"
    RETIREMENT = "retirement"
    END_OF_TERM = "end_of_term"
    END_OF_SECONDMENT = "end_of_secondment"
    DISMISSAL = "dismissal"
    DEATH = "death"
    OTHER = "other"


class StatutoryRole(StrEnum):
    """The three statutory designations every council makes for itself.

    A designation may name any other role too (a returning officer, an electoral
    registration officer, a deputy): :class:`StatutoryRoleDesignated` takes any text.
    """

    HEAD_OF_PAID_SERVICE = "head_of_paid_service"  # LGHA 1989 s.4
    MONITORING_OFFICER = "monitoring_officer"  # LGHA 1989 s.5
    CHIEF_FINANCE_OFFICER = "chief_finance_officer"  # LGA 1972 s.151


#: A designated role: one of the three statutory constants, or any role as the record names it.
DesignatedRole: TypeAlias = Union[StatutoryRole, str]  # noqa: UP007  (runtime alias for cattrs)

_ROLE_ALIASES = {
    "s151_officer": StatutoryRole.CHIEF_FINANCE_OFFICER,
    "section_151_officer": StatutoryRole.CHIEF_FINANCE_OFFICER,
    "s_151_officer": StatutoryRole.CHIEF_FINANCE_OFFICER,
}


def role_key(role: str) -> str:
    """A designated role normalised for comparison (``"Returning Officer"``: ``returning_officer``).

    >>> role_key("Head of Paid Service")
    'head_of_paid_service'
    """
    return re.sub(r"[^0-9a-z]+", "_", str(role).casefold()).strip("_")


def designated_role(value: object) -> object:
    """Read *value* as a designated role: a statutory constant where it names one.

    >>> designated_role("Monitoring Officer")
    StatutoryRole.MONITORING_OFFICER
    >>> designated_role("Deputy Returning Officer")
    'Deputy Returning Officer'
    """
    if isinstance(value, StatutoryRole) or not isinstance(value, str):
        return value
    key = role_key(value)
    if key in _ROLE_ALIASES:
        return _ROLE_ALIASES[key]
    try:
        return StatutoryRole(key)
    except ValueError:
        return value.strip() or value


def _designated_role(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, StatutoryRole):
        return
    _text(inst, attribute, value)
    if len(str(value)) > _MAX_SLUG:
        raise _fail(inst, attribute.name, f"is longer than {_MAX_SLUG} characters")


class BodyRole(StrEnum):
    """A member's place on a body."""

    MEMBER = "member"
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    SUBSTITUTE = "substitute"


class ShareKind(StrEnum):
    """What a cost share divides: costs, savings or contributions."""

    COSTS = "costs"
    SAVINGS = "savings"
    CONTRIBUTIONS = "contributions"


# --------------------------------------------------------------------------- value types


@attrs.frozen(kw_only=True)
class Identifier:
    """An identifier in another scheme: ``Identifier(scheme="gss", identifier="E07000177")``.

    Schemes are short names such as ``gss`` (the ONS code), ``ocd`` (an Open Civic Data
    id) or ``moderngov`` (the council's modern.gov address); exports put each where
    their standard has a place for it.
    """

    scheme: str = attrs.field(validator=_slug)
    identifier: str = attrs.field(validator=_text)


_identifiers = _distinct_items(Identifier, "scheme")


@attrs.frozen(kw_only=True)
class Member:
    """A council as a member of a partnership, perhaps with identifiers in other schemes."""

    council: str = attrs.field(validator=_slug)
    name: str = attrs.field(validator=_text)
    identifiers: tuple[Identifier, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_identifiers
    )


@attrs.frozen(kw_only=True)
class CouncilBody:
    """A standing body of one council (its Full Council, Cabinet, Executive or a committee)."""

    council: str = attrs.field(validator=_slug)
    name: str = attrs.field(validator=_text)
    kind: BodyKind = attrs.field(default=BodyKind.EXECUTIVE, validator=_instance(BodyKind))
    identifiers: tuple[Identifier, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_identifiers
    )
    #: The body's id, when the user gives one: the same id is the same body whatever
    #: name the minutes print ("Council", "County Council", "Full Council").
    body: str | None = attrs.field(default=None, validator=_optional_slug)

    def same_as(self, other: CouncilBody) -> bool:
        """Whether *other* is the same body: the same id, or the same name up to its
        council-type words ("Council" and "County Council" are one body of a council)."""
        if self.council != other.council:
            return False
        if self.body is not None and other.body is not None:
            return self.body == other.body
        return body_name_key(self.name) == body_name_key(other.name)

    def __str__(self) -> str:
        return f"{self.council.upper()} {self.name}"


#: Words in a body's name that say what kind of council it belongs to, not which body.
_COUNCIL_WORDS = frozenset(
    {"the", "county", "district", "borough", "city", "metropolitan", "unitary", "full", "of"}
)


def body_name_key(name: str) -> str:
    """A body's name as compared: case, punctuation and council-type words dropped.

    >>> body_name_key("County Council") == body_name_key("Council")
    True
    >>> body_name_key("Cabinet") == body_name_key("Council")
    False
    """
    words = re.findall(r"[a-z0-9]+", name.casefold().replace("&", " and "))
    kept = [w for w in words if w not in _COUNCIL_WORDS]
    return " ".join(kept or words)


@attrs.frozen(kw_only=True)
class JointBody:
    """A body the partnership established (see :class:`BodyEstablished`), by its id."""

    body: str = attrs.field(validator=_slug)

    def __str__(self) -> str:
        return self.body


@attrs.frozen(kw_only=True)
class Individual:
    """One person deciding: a Leader under urgency powers, a Cabinet member, an officer."""

    role: str = attrs.field(validator=_text)
    council: str | None = attrs.field(default=None, validator=_optional_slug)
    name: str | None = attrs.field(default=None, validator=_optional_text)
    power: str | None = attrs.field(default=None, validator=_optional_text)  # "urgency powers"

    def __str__(self) -> str:
        where = f" ({self.council.upper()})" if self.council else ""
        return f"{self.role}{where}"


DecisionMaker: TypeAlias = Union[CouncilBody, JointBody, Individual]  # noqa: UP007
_DECISION_MAKERS = (CouncilBody, JointBody, Individual)


@attrs.frozen(kw_only=True)
class Role:
    """Someone named by role: a delegate, a consultee, an action's owner.

    ``Role(title="Director of Operational Delivery", council="cdc")``; ``post`` links the
    role to a post the ledger tracks; ``name`` is the person, when the record gives it.
    A consultee may be an organisation: ``Role(title="Oxfordshire County Council",
    council="occ", organisation=True)``.
    """

    title: str = attrs.field(validator=_text)
    council: str | None = attrs.field(default=None, validator=_optional_slug)
    post: str | None = attrs.field(default=None, validator=_optional_slug)
    name: str | None = attrs.field(default=None, validator=_optional_text)
    #: The role names an organisation ("in consultation with Oxfordshire County
    #: Council"): ``title`` is its name and ``council`` its id, which need not be a
    #: member of the partnership.
    organisation: bool = attrs.field(default=False, validator=_instance(bool))

    def matches(self, other: Role) -> bool:
        """Whether *other* names the same role (same post, or same title and council)."""
        if self.post is not None and self.post == other.post:
            return True
        return self.title.casefold() == other.title.casefold() and (
            self.council is None or other.council is None or self.council == other.council
        )

    def __str__(self) -> str:
        where = f" ({self.council.upper()})" if self.council else ""
        return f"{self.title}{where}"


def label_key(label: str) -> str:
    """A part label as printed, normalised for lookup.

    Labels are kept as the record prints them ("2.2 (a)", "(iv)", "3."); two labels
    are the same part when their keys are equal: case, spaces, one pair of enclosing
    brackets and a trailing full stop or bracket do not count.

    >>> [label_key(x) for x in ("2.2 (a)", "(iv)", "3.", "a)", "B")]
    ['2.2(a)', 'iv', '3', 'a', 'b']
    """
    text = "".join(str(label).casefold().split())
    if text.startswith("(") and text.endswith(")") and text.find(")") == len(text) - 1:
        text = text[1:-1]
    elif text.endswith(")") and "(" not in text:
        text = text[:-1]
    text = text.rstrip(".:")
    return text or "".join(str(label).split())


def path_key(path: Iterable[str]) -> tuple[str, ...]:
    """Every label of a part path normalised with :func:`label_key`."""
    return tuple(label_key(label) for label in path)


def _check_label(inst: object, name: str, number: object) -> None:
    if not isinstance(number, str) or not number.strip():
        raise _fail(
            inst,
            name,
            f"has {number!r}; a part label is the text the record prints, such as "
            "'2', 'a', 'iv' or '2.2 (a)'",
        )
    if len(number) > _MAX_LABEL or "\x00" in number or "\n" in number:
        raise _fail(
            inst,
            name,
            f"has {number[:80]!r}; a part label is one line of at most {_MAX_LABEL} characters",
        )


def _part_path(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise _fail(inst, attribute.name, f"must be a tuple of part numbers, not {value!r}")
    for number in value:
        _check_label(inst, attribute.name, number)


_BRACKETED = r"\((?:[^()]|\([^()]*\))+\)"
_REF = re.compile(
    rf"^(?P<resolution>[a-z0-9]+(?:[-_.][a-z0-9]+)*)\s*(?P<parts>(?:{_BRACKETED}\s*)*)$"
)


@attrs.frozen(kw_only=True)
class ResolutionRef:
    """A numbered part of a recorded decision, such as ``"bdc-cabinet-2009-07-29(2)(b)"``.

    ``resolution`` is the id of a :class:`ResolutionPassed` (or of a
    :class:`DelegatedDecisionTaken`); ``part`` is the path to the part, ``()`` for the
    whole decision.
    """

    resolution: str = attrs.field(validator=_slug)
    part: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_part_path)

    @classmethod
    def parse(cls, text: str) -> ResolutionRef:
        """Parse a reference such as ``"cdc-exec-2016-118(3)"``.

        >>> ResolutionRef.parse("bdc-cabinet-45(2)(b)")
        ResolutionRef(resolution='bdc-cabinet-45', part=('2', 'b'))
        """
        match = _REF.match(text.strip())
        if match is None:
            raise InvalidEvent(
                f"{text!r} is not a resolution reference; write the resolution id followed "
                "by its part numbers in brackets, such as 'bdc-cabinet-45(2)(b)'"
            )
        parts = tuple(found[1:-1].strip() for found in re.findall(_BRACKETED, match["parts"]))
        return cls(resolution=match["resolution"], part=parts)

    def __str__(self) -> str:
        return self.resolution + "".join(f"({p})" for p in self.part)


@attrs.frozen(kw_only=True)
class Citation:
    """An authority recorded outside this ledger: an agreement, an earlier decision.

    Used for facts that predate the ledger (a partnership formed years before its first
    recorded minute). The ledger cannot check it, so it says what and where it is.
    """

    document: str = attrs.field(validator=_text)
    dated: DateSpec | None = attrs.field(default=None, validator=_optional_date_spec)
    url: str | None = attrs.field(default=None, validator=_optional_text)

    def __str__(self) -> str:
        when = f", {describe(self.dated)}" if self.dated is not None else ""
        return f"{self.document}{when}"


Authority: TypeAlias = Union[ResolutionRef, Citation]  # noqa: UP007


@attrs.frozen(kw_only=True)
class Tally:
    """Counted votes. "Lost by 31 votes to 29" is ``Tally(in_favour=29, against=31)``."""

    in_favour: int = attrs.field(validator=_count)
    against: int = attrs.field(validator=_count)
    abstained: int | None = attrs.field(default=None, validator=_count)


@attrs.frozen(kw_only=True)
class NamedVote:
    """One member's recorded vote."""

    member: str = attrs.field(validator=_text)
    position: VotePosition = attrs.field(validator=_instance(VotePosition))


@attrs.frozen(kw_only=True)
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
        members = [v.member.casefold().strip() for v in self.named]
        repeated = sorted(
            {v.member for v in self.named if members.count(v.member.casefold().strip()) > 1}
        )
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


@attrs.frozen(kw_only=True)
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


@attrs.frozen(kw_only=True)
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
    repeated = sorted({n for n in numbers if numbers.count(n) > 1})
    if repeated:
        raise InvalidEvent(f"{where} repeats part number(s) {', '.join(repeated)}")


@attrs.frozen(kw_only=True)
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


@attrs.frozen(kw_only=True)
class Source:
    """Where the record came from."""

    document: str = attrs.field(validator=_text)
    url: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class Share:
    """One member's exact share, such as ``Share(council="bdc", fraction=Fraction(1, 2))``."""

    council: str = attrs.field(validator=_slug)
    fraction: Fraction = attrs.field(validator=_instance(Fraction))


# --------------------------------------------------------------------------- base events


def _authorities(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _items((ResolutionRef, Citation))(inst, attribute, value)


@attrs.frozen(kw_only=True)
class _Event:
    partnership: str = attrs.field(validator=_slug)
    effective: DateSpec = attrs.field(validator=_date_spec)


@attrs.frozen(kw_only=True)
class NotOnRecord:
    """A council's agreement to a change that exists but is not in this ledger.

    A partnership-level change needs the decision of every council party to it (see
    :mod:`govledger.agreement`). When only one council's minutes survive, say so on the
    change: ``NotOnRecord(council="rbc", note="RBC's own decision is not part of this
    record")``; ``council=None`` stands for every party whose decision the cited
    authorities do not cover. The state then shows the change in force, with this
    caveat in :attr:`~govledger.projections.PartnershipState.caveats`.
    """

    note: str = attrs.field(validator=_text)
    council: str | None = attrs.field(default=None, validator=_optional_slug)

    def __str__(self) -> str:
        who = self.council.upper() if self.council else "the other parties"
        return f"the decision of {who} is not on record: {self.note}"


@attrs.frozen(kw_only=True)
class _Change(_Event):
    """An event that changes a partnership: it names what authorised it.

    ``not_on_record`` says which councils' agreement exists outside the ledger; it
    matters only for partnership-level changes (:mod:`govledger.agreement`).
    """

    authorised_by: tuple[Authority, ...] = attrs.field(
        converter=_to_tuple, validator=[_authorities, _non_empty]
    )
    not_on_record: tuple[NotOnRecord, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_items(NotOnRecord)
    )


# --------------------------------------------------------------------------- partnerships


@attrs.frozen(kw_only=True)
class PartnershipFormed(_Change):
    """Two or more councils formed a partnership to work together."""

    name: str = attrs.field(validator=_text)
    members: tuple[Member, ...] = attrs.field(converter=_to_tuple, validator=_items(Member))

    def __attrs_post_init__(self) -> None:
        councils = [m.council for m in self.members]
        if len(set(councils)) < 2:
            raise InvalidEvent(
                "PartnershipFormed.members must name at least two different councils"
            )
        if len(set(councils)) != len(councils):
            raise InvalidEvent(f"PartnershipFormed.members repeats a council: {councils}")


@attrs.frozen(kw_only=True)
class PartnershipDissolved(_Change):
    """The partnership ended; nothing may take effect in it afterwards."""


@attrs.frozen(kw_only=True)
class MemberAdmitted(_Change):
    """A council joined the partnership."""

    member: Member = attrs.field(validator=_instance(Member))


@attrs.frozen(kw_only=True)
class MemberWithdrew(_Change):
    """A council left the partnership."""

    council: str = attrs.field(validator=_slug)


@attrs.frozen(kw_only=True)
class MemberSucceeded(_Change):
    """A member council was replaced by a successor authority (reorganisation)."""

    council: str = attrs.field(validator=_slug)
    successor: Member = attrs.field(validator=_instance(Member))


# --------------------------------------------------------------------------- bodies


@attrs.frozen(kw_only=True)
class BodyEstablished(_Change):
    """A body was established: a joint committee, a board, a working group.

    ``council`` is set for one council's own body; a joint body names its
    ``constituents`` (every member when left empty). ``legal_basis`` is for example
    "s.101(5) Local Government Act 1972".
    """

    body: str = attrs.field(validator=_slug)
    name: str = attrs.field(validator=_text)
    kind: BodyKind = attrs.field(validator=_instance(BodyKind))
    council: str | None = attrs.field(default=None, validator=_optional_slug)
    constituents: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_slugs)
    legal_basis: str | None = attrs.field(default=None, validator=_optional_text)
    terms_of_reference: str | None = attrs.field(default=None, validator=_optional_text)
    identifiers: tuple[Identifier, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_distinct_items(Identifier, "scheme")
    )


@attrs.frozen(kw_only=True)
class BodyDisbanded(_Change):
    """A body was disbanded (often "as from" a later date)."""

    body: str = attrs.field(validator=_slug)


@attrs.frozen(kw_only=True)
class BodyTermsRevised(_Change):
    """A body's terms of reference were revised, from the effective date."""

    body: str = attrs.field(validator=_slug)
    terms_of_reference: str = attrs.field(validator=_text)


@attrs.frozen(kw_only=True)
class BodyMemberAppointed(_Change):
    """Someone became a member of a body, or took a new place on it (chair, vice-chair).

    ``member`` is the person as the record names them ("Councillor A Smith");
    ``council`` the council they represent. Appointing a new chair makes the previous
    chair an ordinary member.
    """

    body: str = attrs.field(validator=_slug)
    member: str = attrs.field(validator=_text)
    council: str | None = attrs.field(default=None, validator=_optional_slug)
    role: BodyRole = attrs.field(default=BodyRole.MEMBER, validator=_instance(BodyRole))


@attrs.frozen(kw_only=True)
class BodyMemberLeft(_Change):
    """A member left a body (resigned, replaced, not re-appointed)."""

    body: str = attrs.field(validator=_slug)
    member: str = attrs.field(validator=_text)


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
    if status is CallInStatus.SUBJECT and resolution.urgent:
        raise InvalidEvent(
            f"{where} is urgent and so not subject to call-in; drop call_in=SUBJECT or urgent=True"
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


@attrs.frozen(kw_only=True)
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
    record's words. An undated page has ``decided=None`` and an open ``effective``
    period (:class:`Period` with no ``latest``).
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
        repeated = sorted({i for i in ids if ids.count(i) > 1})
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
        """Every part, nested parts included, with its path such as ``("2", "b")``."""
        for part in self.parts:
            yield from part.walk()

    def part(self, path: tuple[str, ...]) -> Part | None:
        """The part at *path*, or ``None``; labels match as :func:`label_key` reads them."""
        for found, part in self.walk():
            if found == path:
                return part
        wanted = path_key(path)
        for found, part in self.walk():
            if path_key(found) == wanted:
                return part
        return None


@attrs.frozen(kw_only=True)
class CallInRequested(_Event):
    """Members called in an executive decision for scrutiny before it took effect."""

    resolution: str = attrs.field(validator=_slug)
    requested_by: str = attrs.field(validator=_text)
    reason: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class CallInDetermined(_Event):
    """Scrutiny determined a call-in: the decision stands, or it goes back."""

    resolution: str = attrs.field(validator=_slug)
    outcome: CallInOutcome = attrs.field(validator=_instance(CallInOutcome))
    authorised_by: tuple[Authority, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_authorities
    )


@attrs.frozen(kw_only=True)
class ConditionSatisfied(_Event):
    """A condition was met on the effective date (possibly before the decision was taken)."""

    condition: str = attrs.field(validator=_slug)
    evidence: str = attrs.field(validator=_text)
    authorised_by: tuple[Authority, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_authorities
    )


@attrs.frozen(kw_only=True)
class ConditionLapsed(_Event):
    """A condition can no longer be met: decisions subject to it never come into force."""

    condition: str = attrs.field(validator=_slug)
    reason: str = attrs.field(validator=_text)
    authorised_by: tuple[Authority, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_authorities
    )


@attrs.frozen(kw_only=True)
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


# --------------------------------------------------------------------------- arrangements


@attrs.frozen(kw_only=True)
class ArrangementEstablished(_Change):
    """Councils began running one or more services jointly under a legal mechanism."""

    arrangement: str = attrs.field(validator=_slug)
    name: str = attrs.field(validator=_text)
    services: tuple[str, ...] = attrs.field(converter=_to_tuple, validator=[_slugs, _non_empty])
    mechanism: Mechanism = attrs.field(validator=_instance(Mechanism))
    mechanism_detail: str | None = attrs.field(default=None, validator=_optional_text)
    lead: str | None = attrs.field(default=None, validator=_optional_slug)
    notice_period: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True)
class ArrangementVaried(_Change):
    """An arrangement changed (mechanism, lead, services) without ending."""

    arrangement: str = attrs.field(validator=_slug)
    mechanism: Mechanism | None = attrs.field(
        default=None, validator=attrs.validators.optional(_instance(Mechanism))
    )
    mechanism_detail: str | None = attrs.field(default=None, validator=_optional_text)
    lead: str | None = attrs.field(default=None, validator=_optional_slug)
    services_added: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_slugs)
    services_removed: tuple[str, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_slugs
    )
    notice_period: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if (
            self.mechanism is None
            and self.mechanism_detail is None
            and self.lead is None
            and not self.services_added
            and not self.services_removed
            and self.notice_period is None
        ):
            raise InvalidEvent(
                f"ArrangementVaried {self.arrangement!r} changes nothing; set the new "
                "mechanism, lead, services or notice period"
            )
        both = set(self.services_added) & set(self.services_removed)
        if both:
            raise InvalidEvent(f"ArrangementVaried both adds and removes {sorted(both)}")


@attrs.frozen(kw_only=True)
class NoticeGiven(_Change):
    """A member gave notice to end an arrangement; it stays in force until ``notice_ends``."""

    arrangement: str = attrs.field(validator=_slug)
    given_by: str = attrs.field(validator=_slug)
    notice_ends: date = attrs.field(validator=_day)

    def __attrs_post_init__(self) -> None:
        if self.notice_ends < earliest(self.effective):
            raise InvalidEvent(
                f"NoticeGiven on {self.arrangement!r}: the notice ends ({self.notice_ends}) "
                f"before it was given ({describe(self.effective)})"
            )


@attrs.frozen(kw_only=True)
class EndingStageReached(_Change):
    """A step towards ending an arrangement was taken, perhaps long before its end is known.

    "Agreed to give notice", "start the process of terminating", "activate the
    termination clause", notice given "subject to the notice period to be agreed":
    ``stage`` says which, ``by`` the councils taking it, ``words`` the record's own
    words. The arrangement stays in force; the state shows it as "ending: <stage>
    since <date>, no end date yet" until an end is recorded, by ``ends`` here or on a
    later stage, a :class:`NoticeGiven` or an :class:`ArrangementEnded`. With ``ends``
    the arrangement is under notice until that day and ended after it.
    """

    arrangement: str = attrs.field(validator=_slug)
    stage: EndingStage = attrs.field(validator=_instance(EndingStage))
    by: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_slugs)
    ends: date | None = attrs.field(default=None, validator=_optional_day)
    words: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.ends is not None and self.ends < earliest(self.effective):
            raise InvalidEvent(
                f"EndingStageReached on {self.arrangement!r}: the end ({self.ends}) is "
                f"before the stage was reached ({describe(self.effective)})"
            )


@attrs.frozen(kw_only=True)
class ArrangementDecoupled(_Change):
    """Services stopped being run jointly: they left the arrangement.

    With ``services`` empty the whole arrangement is decoupled; otherwise only those
    services leave it, and it is decoupled when its last service leaves.
    """

    arrangement: str = attrs.field(validator=_slug)
    services: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_slugs)


@attrs.frozen(kw_only=True)
class ArrangementEnded(_Change):
    """The arrangement's agreement was ended (terminated, expired)."""

    arrangement: str = attrs.field(validator=_slug)
    reason: str | None = attrs.field(default=None, validator=_optional_text)


# --------------------------------------------------------------------------- posts


@attrs.frozen(kw_only=True)
class PostCreated(_Change):
    """A post was created, perhaps shared between councils."""

    post: str = attrs.field(validator=_slug)
    title: str = attrs.field(validator=_text)
    employer: str | None = attrs.field(default=None, validator=_optional_slug)
    shared_by: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_slugs)


@attrs.frozen(kw_only=True)
class PostRetitled(_Change):
    """A post's title changed, perhaps only ``until`` a date (then it reverts)."""

    post: str = attrs.field(validator=_slug)
    previous_title: str = attrs.field(validator=_text)
    new_title: str = attrs.field(validator=_text)
    until: DateSpec | None = attrs.field(default=None, validator=_optional_date_spec)


@attrs.frozen(kw_only=True)
class PostHolderAppointed(_Change):
    """Someone took up a post: substantive, acting, interim or seconded."""

    post: str = attrs.field(validator=_slug)
    basis: HolderBasis = attrs.field(validator=_instance(HolderBasis))
    holder: str | None = attrs.field(default=None, validator=_optional_text)
    employer: str | None = attrs.field(default=None, validator=_optional_slug)
    term_ends: DateSpec | None = attrs.field(default=None, validator=_optional_date_spec)


@attrs.frozen(kw_only=True)
class PostVacated(_Change):
    """The holder left the post; the post remains."""

    post: str = attrs.field(validator=_slug)
    reason: VacancyReason = attrs.field(validator=_instance(VacancyReason))


@attrs.frozen(kw_only=True)
class PostTermExtended(_Change):
    """The holder's term (a secondment, an interim appointment) was extended."""

    post: str = attrs.field(validator=_slug)
    term_ends: DateSpec = attrs.field(validator=_date_spec)


@attrs.frozen(kw_only=True)
class PostDeleted(_Change):
    """The post was deleted from the establishment."""

    post: str = attrs.field(validator=_slug)


@attrs.frozen(kw_only=True)
class StatutoryRoleDesignated(_Change):
    """A council designated its own officer for a role (head of paid service, ...).

    ``role`` is a :class:`StatutoryRole` for the three statutory designations, or
    any role as the record names it ("Returning Officer", "Deputy Electoral
    Registration Officer"); text naming a statutory role becomes its constant.
    """

    council: str = attrs.field(validator=_slug)
    role: DesignatedRole = attrs.field(converter=designated_role, validator=_designated_role)
    post: str | None = attrs.field(default=None, validator=_optional_slug)
    person: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.post is None and self.person is None:
            raise InvalidEvent(
                "StatutoryRoleDesignated must name the post or the person designated"
            )


# --------------------------------------------------------------------------- delegations


@attrs.frozen(kw_only=True)
class DelegationGranted(_Change):
    """Authority was delegated to one or more people, perhaps acting jointly.

    "Delegated to the Director, in consultation with the Leader, for non-significant
    amendments": ``delegates=(Role(title="Director ..."),)``,
    ``consultees=(Role(title="Leader of the Council"),)``, ``scope="..."``.
    ``limits`` are the bounds it must stay within; ``through`` a body the delegates
    work through. A consultee may be an organisation (``Role(..., organisation=True)``).
    ``replaces`` names an earlier delegation of the same power that this one ends.
    """

    delegation: str = attrs.field(validator=_slug)
    delegates: tuple[Role, ...] = attrs.field(
        converter=_to_tuple, validator=[_items(Role), _non_empty]
    )
    scope: str = attrs.field(validator=_text)
    consultees: tuple[Role, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_items(Role)
    )
    limits: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_texts)
    jointly: bool = attrs.field(default=False, validator=_instance(bool))
    through: str | None = attrs.field(default=None, validator=_optional_slug)
    expires: DateSpec | None = attrs.field(default=None, validator=_optional_date_spec)
    #: The delegation this one replaces (the same power re-granted, say with another
    #: consultee): it ends on this one's effective date. May be this delegation's own
    #: id, to re-grant it under the same id.
    replaces: str | None = attrs.field(default=None, validator=_optional_slug)


@attrs.frozen(kw_only=True)
class DelegationRevoked(_Change):
    """A delegation was withdrawn."""

    delegation: str = attrs.field(validator=_slug)


# --------------------------------------------------------------------------- money, actions


@attrs.frozen(kw_only=True)
class CostShareAgreed(_Change):
    """Costs (or savings, contributions) for a scope are shared in exact proportions.

    A newer agreement for the same ``scope`` supersedes the older from its effective date.
    """

    scope: str = attrs.field(validator=_slug)
    description: str = attrs.field(validator=_text)
    shares: tuple[Share, ...] = attrs.field(
        converter=_to_tuple, validator=[_items(Share), _non_empty]
    )
    kind: ShareKind = attrs.field(default=ShareKind.COSTS, validator=_instance(ShareKind))


@attrs.frozen(kw_only=True)
class ActionAssigned(_Change):
    """Someone was tasked to do something, perhaps by a due date ("by the first week of ...")."""

    action: str = attrs.field(validator=_slug)
    description: str = attrs.field(validator=_text)
    assignee: Role | None = attrs.field(
        default=None, validator=attrs.validators.optional(_instance(Role))
    )
    due: DateSpec | None = attrs.field(default=None, validator=_optional_date_spec)


@attrs.frozen(kw_only=True)
class ActionCompleted(_Event):
    """An assigned action was done."""

    action: str = attrs.field(validator=_slug)
    evidence: str | None = attrs.field(default=None, validator=_optional_text)
    authorised_by: tuple[Authority, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_authorities
    )


# --------------------------------------------------------------------------- corrections


def _position(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(inst, attribute.name, f"must be a ledger position (int), not {value!r}")
    if value < 1:
        raise _fail(inst, attribute.name, f"must be a ledger position >= 1, not {value}")


def _replacement(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if type(value) not in EVENT_TAGS:
        raise _fail(inst, attribute.name, f"must be a govledger event or None, not {value!r}")
    value = cast("Event", value)
    if isinstance(value, EntryRetracted):
        raise _fail(
            inst,
            attribute.name,
            "cannot itself be a retraction: retract each wrong entry with its own EntryRetracted",
        )
    partnership = getattr(inst, "partnership", None)
    if value.partnership != partnership:
        raise _fail(
            inst,
            attribute.name,
            f"belongs to partnership {value.partnership!r}, not {partnership!r}: a "
            "correction replaces an entry within its own partnership",
        )


@attrs.frozen(kw_only=True)
class EntryRetracted(_Event):
    """An earlier ledger entry was wrong and is withdrawn; perhaps with the corrected entry.

    This corrects the *record*, not the decision: a council changing its mind is a new
    decision (a :class:`ResolutionPassed` and the changes it authorises). Minutes are
    typically corrected when the next meeting confirms them "subject to" amendments: a
    name removed from a recorded vote, a date put right. Such a correction cites the
    confirming resolution in ``authorised_by``.

    ``retracts`` is the ledger position of the wrong entry (``RecordedEvent.position``).
    From this entry's recording on, states leave the wrong entry out and fold
    ``replacement`` (if given) in its place, at the replacement's own effective date;
    questions asked *as known* before this entry still see the original. ``effective``
    is the day the correction was decided, for the record. When ``retracts`` names an
    earlier ``EntryRetracted`` that carried a replacement, it withdraws that
    replacement (the original stays withdrawn).
    """

    retracts: int = attrs.field(validator=_position)
    reason: str = attrs.field(validator=_text)
    authorised_by: tuple[Authority, ...] = attrs.field(
        converter=_to_tuple, validator=[_authorities, _non_empty]
    )
    replacement: Event | None = attrs.field(default=None, validator=_replacement)


# --------------------------------------------------------------------------- catalogue

Event: TypeAlias = Union[  # noqa: UP007
    PartnershipFormed,
    PartnershipDissolved,
    MemberAdmitted,
    MemberWithdrew,
    MemberSucceeded,
    BodyEstablished,
    BodyDisbanded,
    ResolutionPassed,
    CallInRequested,
    CallInDetermined,
    ConditionSatisfied,
    ConditionLapsed,
    DelegatedDecisionTaken,
    ArrangementEstablished,
    ArrangementVaried,
    NoticeGiven,
    ArrangementDecoupled,
    ArrangementEnded,
    PostCreated,
    PostRetitled,
    PostHolderAppointed,
    PostVacated,
    PostTermExtended,
    PostDeleted,
    StatutoryRoleDesignated,
    DelegationGranted,
    DelegationRevoked,
    CostShareAgreed,
    ActionAssigned,
    ActionCompleted,
    EntryRetracted,
    BodyTermsRevised,
    BodyMemberAppointed,
    BodyMemberLeft,
    EndingStageReached,
]

#: Every event class by its stored type tag. The tags are what the store holds, so they
#: are written out here, never taken from the class names: renaming a class keeps its tag.
EVENT_TYPES: Final[dict[str, type[Event]]] = {
    "PartnershipFormed": PartnershipFormed,
    "PartnershipDissolved": PartnershipDissolved,
    "MemberAdmitted": MemberAdmitted,
    "MemberWithdrew": MemberWithdrew,
    "MemberSucceeded": MemberSucceeded,
    "BodyEstablished": BodyEstablished,
    "BodyDisbanded": BodyDisbanded,
    "ResolutionPassed": ResolutionPassed,
    "CallInRequested": CallInRequested,
    "CallInDetermined": CallInDetermined,
    "ConditionSatisfied": ConditionSatisfied,
    "ConditionLapsed": ConditionLapsed,
    "DelegatedDecisionTaken": DelegatedDecisionTaken,
    "ArrangementEstablished": ArrangementEstablished,
    "ArrangementVaried": ArrangementVaried,
    "NoticeGiven": NoticeGiven,
    "ArrangementDecoupled": ArrangementDecoupled,
    "ArrangementEnded": ArrangementEnded,
    "PostCreated": PostCreated,
    "PostRetitled": PostRetitled,
    "PostHolderAppointed": PostHolderAppointed,
    "PostVacated": PostVacated,
    "PostTermExtended": PostTermExtended,
    "PostDeleted": PostDeleted,
    "StatutoryRoleDesignated": StatutoryRoleDesignated,
    "DelegationGranted": DelegationGranted,
    "DelegationRevoked": DelegationRevoked,
    "CostShareAgreed": CostShareAgreed,
    "ActionAssigned": ActionAssigned,
    "ActionCompleted": ActionCompleted,
    "EntryRetracted": EntryRetracted,
    "BodyTermsRevised": BodyTermsRevised,
    "BodyMemberAppointed": BodyMemberAppointed,
    "BodyMemberLeft": BodyMemberLeft,
    "EndingStageReached": EndingStageReached,
}
#: The stored type tag of each event class: the inverse of :data:`EVENT_TYPES`.
EVENT_TAGS: Final[dict[type[Event], str]] = {cls: tag for tag, cls in EVENT_TYPES.items()}


def event_type(event: object) -> str:
    """The stored type name of *event*; raises :class:`InvalidEvent` for a non-event."""
    tag = EVENT_TAGS.get(type(event))  # type: ignore[arg-type]  # any object may be asked
    if tag is None:
        raise InvalidEvent(
            f"{event!r} is not a govledger event; use one of the classes in govledger.events"
        )
    return tag


def is_change(event: Event) -> bool:
    """Whether *event* changes a partnership and so must name what authorised it."""
    return isinstance(event, _Change)


# Keep these last: every class above prints as the Python code that rebuilds it, and
# every enumeration takes its values or names as text.
_code.install(globals(), __name__)
_enums.install(globals(), __name__)

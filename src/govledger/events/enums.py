"""The catalogue's enumerations: kinds of body, outcomes, motions, call-in, ending stages,
mechanisms, posts' bases and statutory roles. Each takes its value or its name as text.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import TypeAlias, Union

from .. import _code, _enums

__all__ = [
    "BodyKind",
    "BodyRole",
    "CallInExemption",
    "CallInOutcome",
    "CallInStatus",
    "ConditionKind",
    "DesignatedRole",
    "EndingStage",
    "HolderBasis",
    "Mechanism",
    "MeetingStatus",
    "MotionKind",
    "MotionPurpose",
    "MotionResult",
    "Outcome",
    "ShareKind",
    "StatutoryRole",
    "VacancyReason",
    "VotePosition",
    "designated_role",
    "role_key",
]


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

    URGENT = "urgent"  # taken under an urgency power that waives call-in
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

#: Every role key that names a statutory role: each member's value and name (as
#: :func:`role_key` folds them), and the aliases.
_STATUTORY_KEYS: dict[str, StatutoryRole] = {
    **{member.name.casefold(): member for member in StatutoryRole},
    **{member.value: member for member in StatutoryRole},
    **_ROLE_ALIASES,
}

_ROLE_SEPARATORS = re.compile(r"[^0-9a-z]+")


def role_key(role: str) -> str:
    """A designated role normalised for comparison (``"Returning Officer"``: ``returning_officer``).

    >>> role_key("Head of Paid Service")
    'head_of_paid_service'
    """
    return _ROLE_SEPARATORS.sub("_", str(role).casefold()).strip("_")


def designated_role(value: object) -> object:
    """Read *value* as a designated role: a statutory constant where it names one.

    >>> designated_role("Monitoring Officer")
    StatutoryRole.MONITORING_OFFICER
    >>> designated_role("Deputy Returning Officer")
    'Deputy Returning Officer'
    """
    if isinstance(value, StatutoryRole) or not isinstance(value, str):
        return value
    # Looked up in a table, not by calling StatutoryRole: a refused call builds its
    # "did you mean" message, which cost more than the rest of decoding the event.
    found = _STATUTORY_KEYS.get(role_key(value))
    if found is not None:
        return found
    return value.strip() or value


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


# Keep these last: every class above prints as the Python code that rebuilds it, and
# every enumeration takes its values or names as text.
_code.install(globals(), __name__)
_enums.install(globals(), __name__)

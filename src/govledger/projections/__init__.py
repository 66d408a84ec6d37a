"""Pure folds: the state of a partnership on a date.

:func:`state_as_of` folds a partnership's events, ordered by (effective date,
position), into a frozen :class:`PartnershipState`. No I/O, no clock, no logging.

A change is **in force** once its effective date has come and every authority it
cites is in force: the resolution itself is in force (after any call-in window, not
called in or, if called in, allowed to stand), the cited part was resolved, and every
condition on that part and its parents has been satisfied. Until then the change is
listed in :attr:`PartnershipState.pending` with the reasons; it takes effect on the
day the last blocker clears (the later of its effective date and, say, the day the
condition was satisfied, which may even precede the decision). A change whose
condition lapsed, or whose decision was referred back, never takes effect and is
listed in :attr:`PartnershipState.lapsed`.

A fact dated only by a :class:`~govledger.events.Period` is certain from the period's
last day; while the query date falls inside the period it is listed in
:attr:`PartnershipState.uncertain` instead of being guessed either way.

The package reads top-down: :mod:`~govledger.projections.fold` feeds events in,
:mod:`~govledger.projections.apply` (and :mod:`~govledger.projections.decisions`) hold
one handler per event type, :mod:`~govledger.projections.verdicts` says whether a
change's authority is in force, :mod:`~govledger.projections.targets` whether what it
acts on exists, and :mod:`~govledger.projections.freeze` turns the fold into the
frozen :mod:`~govledger.projections.state` on a day (:mod:`~govledger.projections.settle`
moves an entry on to that day). :mod:`~govledger.projections.order` holds the fold
order, the corrections and the wait keys.
"""

from .cited import CITED_TYPES as CITED_TYPES
from .cited import WithdrawnDecision as WithdrawnDecision
from .cited import cited_by as cited_by
from .cited import cited_entries as cited_entries
from .cited import cited_withdrawn as cited_withdrawn
from .cited import foreign_refs as foreign_refs
from .cited import with_cited as with_cited
from .cited import with_cited_pairs as with_cited_pairs
from .cited import withdrawn_of as withdrawn_of
from .fold import Fold as Fold
from .fold import state_as_of
from .order import corrected, visible_from
from .order import creates as creates
from .order import order_key as order_key
from .order import references as references
from .settle import settle_arrangement as settle_arrangement
from .settle import settle_post as settle_post
from .state import (
    ActionState,
    ArrangementState,
    ArrangementStatus,
    Awaiting,
    BodyMembership,
    BodyState,
    Caveat,
    CostShare,
    DelegationState,
    Designation,
    EndingStep,
    Holding,
    InPrinciple,
    LapsedDecision,
    Membership,
    PartnershipState,
    PendingDecision,
    PostState,
    ResolutionState,
    ResolutionStatus,
    UncertainFact,
    UnrecordedOutcome,
    WaitingReason,
)
from .verdicts import conditions_binding as conditions_binding

__all__ = [
    "ActionState",
    "ArrangementState",
    "ArrangementStatus",
    "Awaiting",
    "BodyMembership",
    "BodyState",
    "Caveat",
    "CostShare",
    "DelegationState",
    "Designation",
    "EndingStep",
    "Holding",
    "InPrinciple",
    "LapsedDecision",
    "Membership",
    "PartnershipState",
    "PendingDecision",
    "PostState",
    "ResolutionState",
    "ResolutionStatus",
    "UncertainFact",
    "UnrecordedOutcome",
    "WaitingReason",
    "corrected",
    "state_as_of",
    "visible_from",
]

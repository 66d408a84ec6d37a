"""Changes over time: what changed in a partnership, on which day, on whose authority.

A :class:`Change` is one thing a reader of the minutes cares about — a post retitled,
a service decoupled, a delegation revoked, notice running out — with the day it took
effect, the entity it changed (its state before and after) and the authorities behind
it. Three views are built from a partnership's ``(position, event)`` pairs, the same
input as :func:`~govledger.projections.state_as_of`:

- :func:`timeline`: every dated change, in date order;
- :func:`diff`: the changes between two dates (the timeline sliced), so that
  :func:`apply_changes` turns the state on the first date into the state on the second;
- :func:`post_history` and :func:`arrangement_history`: every title and holder a post
  has had, every mechanism, service and status an arrangement has had, with dates and
  authorities.

:func:`diff_states` compares two states directly, without the events: it says what
differs, entity by entity, but several steps between the two dates show as one and a
state does not keep every authority (who disbanded a body, say), so prefer :func:`diff`.

What counts as an entity: the partnership itself (its name and its formation and
dissolution dates), members (current and former), bodies, arrangements, posts,
statutory designations, delegations, cost shares and actions. The decision bookkeeping
of a :class:`~govledger.projections.PartnershipState` — ``resolutions``, ``pending``,
``lapsed`` and ``uncertain`` — is not an entity: it says what was decided and what is
waiting, not what changed, and no change describes it.

A change takes effect on the day it does in the state: a fact dated by a
:class:`~govledger.events.Period` on the period's last day, a change waiting for a
condition on the day the condition is met. Some changes happen by the passage of time
alone (``by_time``): notice running out ends an arrangement the day after
``notice_ends``; a title held ``until`` a date reverts, a term expires and a delegation
lapses the day after their date. Those cite the decision that set the date.

Everything here is pure: no I/O, no clock.

The package reads top-down: :mod:`~govledger.changes.model` (the vocabulary),
:mod:`~govledger.changes.entities` (a day's entities), :mod:`~govledger.changes.compare`
(one comparer per entity), :mod:`~govledger.changes.run` (the timeline),
:mod:`~govledger.changes.inverse` (:func:`apply_changes`) and
:mod:`~govledger.changes.spells` (the histories).
"""

from __future__ import annotations

from .compare import diff_states
from .inverse import apply_changes
from .model import Change, ChangeKind, EntityState, EntityType, PartnershipFacts
from .run import diff, timeline
from .spells import (
    ArrangementHistory,
    HolderSpell,
    MechanismSpell,
    PostHistory,
    ServiceSpell,
    StatusSpell,
    TitleSpell,
    arrangement_history,
    post_history,
)

__all__ = [
    "ArrangementHistory",
    "Change",
    "ChangeKind",
    "EntityState",
    "EntityType",
    "HolderSpell",
    "MechanismSpell",
    "PartnershipFacts",
    "PostHistory",
    "ServiceSpell",
    "StatusSpell",
    "TitleSpell",
    "apply_changes",
    "arrangement_history",
    "diff",
    "diff_states",
    "post_history",
    "timeline",
]

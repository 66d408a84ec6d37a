"""Domain rules, checked on append.

The rules are checked against the *recorded world*: the partnership as its events
say it stands on each event's effective date, every change taken as made (whether or
not its conditions are met yet). Each new event is checked against the state on its
effective date, and every later event is checked again, so a back-dated entry cannot
make later history invalid. A broken rule raises a :class:`~govledger.errors.RuleViolation`
subclass naming the rule, the event and what to do about it.

The package reads top-down: :mod:`~govledger.rules.engine` walks the history,
:mod:`~govledger.rules.checks` holds one check per event type in a table, and
:mod:`~govledger.rules.authority` checks what a change cites and the decisions cited.
"""

from __future__ import annotations

from .authority import (
    DECISION_TYPES,
    Decision,
    DecisionIndex,
    check_authority,
    index_decisions,
)
from .authority import (
    in_principle_at as in_principle_at,
)
from .engine import check_batch, check_days, check_from

__all__ = [
    "DECISION_TYPES",
    "Decision",
    "DecisionIndex",
    "check_authority",
    "check_batch",
    "check_days",
    "check_from",
    "index_decisions",
]

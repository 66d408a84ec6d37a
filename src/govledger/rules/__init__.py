"""Domain rules, checked on append: see :mod:`govledger.rules.engine`."""

from __future__ import annotations

from .engine import (
    DECISION_TYPES,
    Decision,
    DecisionIndex,
    check_authority,
    check_batch,
    check_days,
    check_from,
    index_decisions,
)
from .engine import (
    in_principle_at as in_principle_at,
)

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

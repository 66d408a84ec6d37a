"""The facade users import: record decisions, read them back, ask for a state, verify.

:class:`Ledger` is the way in; the package's modules hold the jobs it delegates to.
"""

from __future__ import annotations

from .facade import RULES_CACHE as RULES_CACHE
from .facade import KnownAt, Ledger, Projection, RecordedEvent
from .snapshots import FOLD_FORMAT as FOLD_FORMAT

__all__ = ["KnownAt", "Ledger", "Projection", "RecordedEvent"]

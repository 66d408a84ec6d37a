"""The facade users import: record decisions, read them back, ask for a state, verify.

:class:`Ledger` is the way in (:mod:`govledger.ledger.facade`); the package's other
modules hold the jobs it delegates to: :mod:`~govledger.ledger.asking` (the question's
day and knowledge), :mod:`~govledger.ledger.corrections` (which entries stand),
:mod:`~govledger.ledger.folds` (folds and checkpoints), :mod:`~govledger.ledger.snapshots`
(checkpoints as bytes) and :mod:`~govledger.ledger.recorder` (appending).
"""

from __future__ import annotations

from .entries import KnownAt, Projection, RecordedEvent
from .facade import Ledger
from .recorder import RULES_CACHE as RULES_CACHE
from .snapshots import FOLD_FORMAT as FOLD_FORMAT

__all__ = ["KnownAt", "Ledger", "Projection", "RecordedEvent"]

"""What every event store offers: the names of the store's interface, kept in one place.

Deprecated as a home: the names below now live in :mod:`govledger.store.records` (the
records and :class:`Query`), :mod:`govledger.store.chain` (the hash chain, its head and
:class:`ChainBroken`), :mod:`govledger.store.verification` (:func:`verify_chain` and the
audit) and :mod:`govledger.store.interface` (:class:`EventStore`, :class:`WriteSession`).
This module re-exports them so that ``govledger.store.base.*`` keeps working; import
them from :mod:`govledger.store` or their new modules instead.
"""

from __future__ import annotations

from .chain import (
    GENESIS_HASH,
    GENESIS_HEAD,
    HASH_DEFINITION,
    HASH_DEFINITION_CHANGED,
    LEDGER_PARTNERSHIP,
    MAX_CLOCK_SKEW,
    Audited,
    ChainBroken,
    ChainHead,
    ChainProblem,
    ChainRow,
    ChainSource,
    VerificationReport,
    canonical_bytes,
    canonical_fields,
    chain_hash,
    checked_chain,
    checkpoint_digest,
    checkpoint_intact,
    seal,
)
from .interface import EventStore, WriteSession
from .records import (
    MAX_PAYLOAD_BYTES,
    Checkpoint,
    NewRecord,
    Query,
    ReadOrder,
    StoredRecord,
    check_clock,
    iso_timestamp,
)
from .verification import (
    audit,
    column_findings,
    hash_definition_mark,
    intact_report,
    verify_chain,
    walk_chain,
)

__all__ = [
    "GENESIS_HASH",
    "GENESIS_HEAD",
    "HASH_DEFINITION",
    "HASH_DEFINITION_CHANGED",
    "LEDGER_PARTNERSHIP",
    "MAX_CLOCK_SKEW",
    "MAX_PAYLOAD_BYTES",
    "Audited",
    "ChainBroken",
    "ChainHead",
    "ChainProblem",
    "ChainRow",
    "ChainSource",
    "Checkpoint",
    "EventStore",
    "NewRecord",
    "Query",
    "ReadOrder",
    "StoredRecord",
    "VerificationReport",
    "WriteSession",
    "audit",
    "canonical_bytes",
    "canonical_fields",
    "chain_hash",
    "check_clock",
    "checked_chain",
    "checkpoint_digest",
    "checkpoint_intact",
    "column_findings",
    "hash_definition_mark",
    "intact_report",
    "iso_timestamp",
    "seal",
    "verify_chain",
    "walk_chain",
]

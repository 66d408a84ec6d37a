"""The ledger's integrity questions: its head, Merkle proofs, and deep verification.

The store checks the hash chain itself (:meth:`~govledger.store.EventStore.verify`);
this module adds what needs the events: the Merkle tree over every record
(:mod:`govledger.proofs`), and folding saved checkpoints again to compare them byte for
byte (``verify(deep=...)``).
"""

from __future__ import annotations

import contextlib
import weakref
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

import attrs

from ..errors import InternalError, UsageError
from ..store import (
    GENESIS_HEAD,
    ChainHead,
    ChainProblem,
    Checkpoints,
    EventStore,
    Query,
    StoredRecord,
    VerificationReport,
)
from .folds import FoldSource

if TYPE_CHECKING:  # imported where used: proofs are asked for far less often than verify()
    from .. import proofs

__all__ = [
    "chain_head",
    "consistency",
    "head_of",
    "inclusion",
    "leaves",
    "record_at",
    "refolded",
    "tree_size",
]


def head_of(value: object) -> ChainHead:
    """*value* as a :class:`ChainHead`: one already, or its text form."""
    if isinstance(value, ChainHead):
        return value
    if isinstance(value, str):
        return ChainHead.parse(value)
    raise UsageError(
        f"a chain head is a ChainHead or its text form '<position>:<hash>', not {value!r}"
    )


def leaves(store: EventStore, size: int) -> list[bytes]:
    """The Merkle leaf hashes of the first *size* records."""
    from .. import proofs

    found = [
        proofs.record_leaf(record)
        for record in store.read(Query(order="position", max_position=size))
    ]
    if len(found) != size:  # pragma: no cover - positions are gapless
        raise InternalError(f"the ledger has {len(found)} records up to position {size}")
    return found


#: Per open store, the latest head asked for and the Merkle frontier of the records up
#: to it, so the next ``head()`` hashes only the records sealed since.
_KEPT: weakref.WeakKeyDictionary[EventStore, tuple[ChainHead, proofs.Frontier]] = (
    weakref.WeakKeyDictionary()
)


def chain_head(store: EventStore, known: int) -> ChainHead:
    """The head at position *known*, with the Merkle root of the records up to it.

    The root is kept with the head per store: a later head hashes only the records
    after the kept one, O(log n) amortised, as long as the record at the kept position
    still has the kept hash (one record read); otherwise, and for a head before the
    kept one, every record up to *known* is read again.
    """
    from .. import proofs

    if known == 0:
        return attrs.evolve(GENESIS_HEAD, root=proofs.EMPTY_ROOT)
    kept = _kept(store)
    if kept is not None and kept[0].position <= known and _still_holds(store, kept[0]):
        start, frontier = kept[0], kept[1].copy()
    else:
        start, frontier = GENESIS_HEAD, proofs.Frontier()
    records = store.read(Query(order="position", after_position=start.position, max_position=known))
    last = [start.hash]
    frontier.extend(_leaves_noting_hash(records, last))
    last_hash = last[0]
    if frontier.size != known:  # pragma: no cover - positions are gapless
        raise InternalError(f"the ledger has {frontier.size} records up to position {known}")
    head = ChainHead(known, last_hash, frontier.root().hex())
    if kept is None or known >= kept[0].position:
        with contextlib.suppress(TypeError):  # a store that cannot be weakly referenced
            _KEPT[store] = (head, frontier)
    return head


def _leaves_noting_hash(records: Iterable[StoredRecord], last: list[str]) -> Iterator[bytes]:
    """The leaf hash of each of *records*, keeping the latest one's hash in ``last[0]``."""
    from .. import proofs

    record_leaf = proofs.record_leaf
    for record in records:
        last[0] = record.hash
        yield record_leaf(record)


def _kept(store: EventStore) -> tuple[ChainHead, proofs.Frontier] | None:
    try:
        return _KEPT.get(store)
    except TypeError:  # a store that cannot be weakly referenced keeps nothing
        return None


def _still_holds(store: EventStore, head: ChainHead) -> bool:
    """Whether the record at *head*'s position still has *head*'s hash."""
    query = Query(after_position=head.position - 1, max_position=head.position)
    found = next(iter(store.read(query)), None)
    return found is not None and found.hash == head.hash


def tree_size(store: EventStore, head: ChainHead | str | None) -> int:
    """The size of the tree *head* names (the whole ledger's if ``None``)."""
    if head is None:
        return store.last_position()
    size = head_of(head).position
    if size > store.last_position():
        raise UsageError(f"the head {head} is at position {size}, past this ledger's last event")
    return size


def inclusion(
    store: EventStore, position: int, head: ChainHead | str | None
) -> proofs.InclusionProof:
    """An inclusion proof of the event at *position* in the tree of *head*."""
    from .. import proofs

    size = tree_size(store, head)
    if isinstance(position, bool) or not isinstance(position, int):
        raise UsageError(f"position must be a whole number, not {position!r}")
    if not 1 <= position <= size:
        raise UsageError(f"there is no event at position {position} in a tree of {size}")
    path = proofs.inclusion_path(leaves(store, size), position - 1)
    return proofs.InclusionProof(position, size, tuple(h.hex() for h in path))


def consistency(
    store: EventStore, old_head: ChainHead | str, new_head: ChainHead | str | None
) -> proofs.ConsistencyProof:
    """A consistency proof that *new_head* extends *old_head*."""
    from .. import proofs

    old = tree_size(store, old_head)
    new = tree_size(store, new_head)
    if old > new:
        raise UsageError(f"the old head ({old}) is later than the new one ({new})")
    path = proofs.consistency_path(leaves(store, new), old)
    return proofs.ConsistencyProof(old, new, tuple(h.hex() for h in path))


def record_at(store: EventStore, position: int) -> StoredRecord:
    """The stored record at *position*, exactly as sealed."""
    if isinstance(position, bool) or not isinstance(position, int) or position < 1:
        raise UsageError(f"position must be a whole number >= 1, not {position!r}")
    found = next(iter(store.read(Query(after_position=position - 1, max_position=position))), None)
    if found is None:
        raise UsageError(f"there is no event at position {position}")
    return found


def refolded(
    report: VerificationReport, store: EventStore, folds: FoldSource, sample: int | None
) -> VerificationReport:
    """*report*, after folding every checkpoint (or *sample* of them) again and
    comparing the bytes."""
    import random

    saved = store.checkpoint_rows() if isinstance(store, Checkpoints) else ()
    rows = [checkpoint for checkpoint, _, _ in saved]
    if sample is not None and sample < len(rows):
        rows = random.sample(rows, sample)
    bad = [(c.partnership, c.kind, c.through, c.position) for c in rows if not folds.refolds_to(c)]
    if not bad:
        return report
    shown = "; ".join(f"{p} {k} through {t} at position {n}" for p, k, t, n in bad[:3])
    return attrs.evolve(
        report,
        ok=False,
        problem=ChainProblem.CHECKPOINT_BAD,
        bad_checkpoints=tuple(bad),
        detail=f"the hash chain is intact (head {report.head}), but {len(bad)} saved "
        f"checkpoint(s) do not match a fold of the events they claim to hold ({shown}): "
        "they were forged, with their digest recomputed. A checkpoint is only a cache: "
        "ledger.drop_checkpoints() removes them and loses nothing",
    )

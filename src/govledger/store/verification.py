"""Verification: walk a store's hash chain, then audit what the chain alone does not.

:func:`verify_chain` works for any store that can stream its rows (a
:class:`~govledger.store.chain.ChainSource`); the audit that follows checks versions,
unhashed columns, checkpoints and the writer's clock through the optional methods of
:class:`~govledger.store.chain.Audited`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs

from .chain import (
    GENESIS_HASH,
    HASH_DEFINITION,
    HASH_DEFINITION_CHANGED,
    LEDGER_PARTNERSHIP,
    MAX_CLOCK_SKEW,
    ChainHead,
    ChainProblem,
    ChainRow,
    ChainSource,
    VerificationReport,
    chain_hash,
    checkpoint_intact,
    seal,
)
from .interface import FastVerify
from .records import NewRecord, StoredRecord, iso_timestamp

__all__ = [
    "audit",
    "column_findings",
    "hash_definition_mark",
    "intact_report",
    "verify_chain",
    "verify_store",
    "walk_chain",
]


def verify_chain(
    source: ChainSource,
    *,
    expected_head: ChainHead | None = None,
    max_clock_skew: timedelta = MAX_CLOCK_SKEW,
) -> VerificationReport:
    """Walk *source*'s hash chain from the genesis hash and report the first problem.

    Each record must have the next position, link to the previous record's stored hash,
    and hash to its stored value. With *expected_head* (a head remembered earlier), the
    ledger must also still hold that record with that hash. Only the first problem is
    reported; see :class:`ChainProblem` for how damage is classified. An intact chain
    is then :func:`audit`-ed: versions, unhashed columns, checkpoints, clock.
    """
    report = walk_chain(source, expected_head=expected_head)
    if not report.ok:
        return report
    return audit(source, report, max_clock_skew=max_clock_skew)


def verify_store(
    store: ChainSource,
    *,
    expected_head: ChainHead | None = None,
    max_clock_skew: timedelta = MAX_CLOCK_SKEW,
) -> VerificationReport:
    """Verify *store*'s whole chain: by its own :class:`~govledger.store.FastVerify` if it
    offers one, otherwise by :func:`verify_chain` over its rows. The verdicts are the same."""
    if isinstance(store, FastVerify):
        return store.verify(expected_head=expected_head, max_clock_skew=max_clock_skew)
    return verify_chain(store, expected_head=expected_head, max_clock_skew=max_clock_skew)


def walk_chain(
    source: ChainSource, *, expected_head: ChainHead | None = None
) -> VerificationReport:
    """The hash-chain walk of :func:`verify_chain`, without the audit that follows it."""
    sha256 = hashlib.sha256
    fromhex = bytes.fromhex
    watch = expected_head.position if expected_head is not None else -1
    watched = GENESIS_HASH
    position = 0
    prev = GENESIS_HASH
    rows = iter(source.chain_rows())
    for row in rows:
        row_position, prev_hash, stored, candidate = row
        try:
            fast = (
                row_position == position + 1
                and prev_hash == prev
                and sha256(fromhex(prev) + candidate).hexdigest() == stored
            )
        except (TypeError, ValueError):
            fast = False
        if not fast:
            found = _examine(source, row, ChainHead(position, prev), rows, expected_head)
            if found is not None:
                return _broken(position, prev, *found)
        position, prev = row_position, stored
        if position == watch:
            watched = stored
    if expected_head is not None:
        found = _against_head(position, watched, expected_head)
        if found is not None:
            return _broken(position, prev, *found)
    return intact_report(ChainHead(position, prev), expected_head=expected_head)


def audit(
    source: object,
    report: VerificationReport,
    *,
    max_clock_skew: timedelta = MAX_CLOCK_SKEW,
    versions_checked: bool = False,
) -> VerificationReport:
    """Check what the hash chain alone does not, on a ledger whose chain verified.

    Each record's ``version`` must be its place among its partnership's records, and
    records sealed under hash definition 1 must hold no edited unhashed column; every
    saved checkpoint must be bound to the chain and match its digest; no recording time
    may be ahead of this machine's clock by more than *max_clock_skew*. The first
    problem found makes the report not ok. *source* offers these checks through the
    methods of :class:`Audited`; one it lacks is skipped. With *versions_checked* (the
    walk that gave *report* checked every version already) the versions are not read
    again.
    """
    column_problem = getattr(source, "column_problem", None)
    if column_problem is not None:
        found = column_problem(versions=False) if versions_checked else column_problem()
        if found is not None:
            at, problem, detail = found
            return attrs.evolve(
                report, ok=False, first_bad_position=at, problem=problem, detail=detail
            )
    checked = 0
    bad: list[tuple[str, str, date, int]] = []
    checkpoint_rows = getattr(source, "checkpoint_rows", None)
    if checkpoint_rows is not None:
        for checkpoint, stored_hash, stale in checkpoint_rows():
            checked += 1
            if stale or not checkpoint_intact(checkpoint, stored_hash):
                bad.append(
                    (
                        checkpoint.partnership,
                        checkpoint.kind,
                        checkpoint.through,
                        checkpoint.position,
                    )
                )
    report = attrs.evolve(report, checkpoints_checked=checked, bad_checkpoints=tuple(bad))
    if bad:
        shown = "; ".join(f"{p} {k} through {t} at position {n}" for p, k, t, n in bad[:3])
        more = f" and {len(bad) - 3} more" if len(bad) > 3 else ""
        return attrs.evolve(
            report,
            ok=False,
            problem=ChainProblem.CHECKPOINT_BAD,
            detail=f"the hash chain is intact (head {report.head}), but {len(bad)} saved "
            f"checkpoint(s) are not bound to it or do not match their digest ({shown}{more}): "
            "they were edited, forged or left from another history. They are never used; "
            "ledger.drop_checkpoints() removes them and loses nothing",
        )
    clock_ahead = getattr(source, "clock_ahead", None)
    if clock_ahead is not None:
        now = datetime.now(UTC)
        ahead = clock_ahead(now + max_clock_skew)
        if ahead is not None:
            at, moment = ahead
            return attrs.evolve(
                report,
                ok=False,
                first_bad_position=at,
                problem=ChainProblem.CLOCK_AHEAD,
                detail=f"the hash chain is intact (head {report.head}), but record {at} was "
                f"recorded at {iso_timestamp(moment)}, more than {max_clock_skew} ahead of this "
                f"machine's clock ({iso_timestamp(now)}): the clock of the process that "
                "wrote it was wrong, and later records cannot be recorded earlier than it",
            )
    return report


def intact_report(head: ChainHead, *, expected_head: ChainHead | None) -> VerificationReport:
    """The report on a ledger whose whole chain, up to *head*, verified."""
    continues = f" and continues the remembered head {expected_head}" if expected_head else ""
    return VerificationReport(
        ok=True,
        events_checked=head.position,
        head=head,
        detail=f"{head.position:,} events checked: the hash chain is intact{continues}; "
        f"head {head}",
    )


_Finding = tuple[int, ChainProblem, str]


def _broken(
    position: int, prev: str, at: int, problem: ChainProblem, detail: str
) -> VerificationReport:
    return VerificationReport(
        ok=False,
        events_checked=position,
        head=ChainHead(position, prev),
        first_bad_position=at,
        problem=problem,
        detail=detail,
    )


def _examine(
    source: ChainSource,
    row: ChainRow,
    before: ChainHead,
    rows: Iterator[ChainRow],
    expected_head: ChainHead | None,
) -> _Finding | None:
    """Judge a record the fast check rejected; ``None`` if it is in fact intact."""
    at, prev_hash, stored, _ = row
    expected = before.position + 1
    if isinstance(at, bool) or not isinstance(at, int) or at < expected:
        return (
            expected,
            ChainProblem.ROWS_REORDERED,
            f"the record after position {before.position} is at position {at!r}: positions "
            "must run 1, 2, 3, ... in order",
        )
    if at > expected:
        missing = (
            f"position {expected} is missing: its record was deleted"
            if at == expected + 1
            else f"positions {expected}-{at - 1} are missing: their records were deleted"
        )
        return expected, ChainProblem.ROW_MISSING, missing
    exact_canonical = getattr(source, "exact_canonical", None)
    try:
        exact = row[3] if exact_canonical is None else exact_canonical(at)
    except ValueError as exc:
        return at, ChainProblem.PAYLOAD_CHANGED, f"record {at} cannot be hashed: {exc}"
    true_hash = chain_hash(before.hash, exact)
    if prev_hash == before.hash:
        if stored == true_hash:
            return None
        return at, *_content_or_hash(at, true_hash, stored, next(rows, None), expected_head)
    if stored == true_hash:
        return (
            at,
            ChainProblem.HASH_EDITED,
            f"the prev_hash column of record {at} was edited; the record itself still "
            f"follows record {before.position}",
        )
    locate = getattr(source, "locate", None)
    elsewhere = locate(prev_hash) if prev_hash and locate is not None else None
    if elsewhere is not None and elsewhere != at:
        return (
            at,
            ChainProblem.ROWS_REORDERED,
            f"record {at} links to the record now at position {elsewhere}, not to record "
            f"{before.position}: records were moved, swapped or inserted",
        )
    return (
        at,
        ChainProblem.ROW_MISSING,
        f"record {at} links to a record that is no longer in the ledger: the record before "
        "it was deleted (and later positions renumbered) or replaced",
    )


def _content_or_hash(
    at: int,
    true_hash: str,
    stored: str,
    following: ChainRow | None,
    expected_head: ChainHead | None,
) -> tuple[ChainProblem, str]:
    """Tell an edited payload from an edited hash column, by what the next record links to."""
    if following is not None and following[1] == true_hash != stored:
        return (
            ChainProblem.HASH_EDITED,
            f"the hash column of record {at} was edited: its content still hashes to the "
            f"value record {at + 1} links to",
        )
    if expected_head is not None and expected_head == ChainHead(at, true_hash):
        return (
            ChainProblem.HASH_EDITED,
            f"the hash column of record {at} was edited: its content still hashes to the "
            "remembered head",
        )
    last = (
        " (it is the last record, so an edited hash column would look the same; a "
        "remembered head tells them apart)"
        if following is None
        else ""
    )
    return (
        ChainProblem.PAYLOAD_CHANGED,
        f"record {at} no longer matches its hash: its payload or another hashed field "
        f"(partnership, type, schema version, effective date, recording time) was changed{last}",
    )


def _against_head(position: int, watched: str, expected: ChainHead) -> _Finding | None:
    if expected.position > position:
        return (
            position + 1,
            ChainProblem.TAIL_TRUNCATED,
            f"the ledger ends at position {position}, but the remembered head is at position "
            f"{expected.position}: the records after {position} are gone (the tail was "
            "truncated), or this is an older copy",
        )
    if watched != expected.hash:
        return (
            expected.position,
            ChainProblem.HISTORY_REWRITTEN,
            f"record {expected.position} has hash {watched[:16]}..., not the remembered "
            f"{expected.hash[:16]}...: the chain is consistent, so history at or before "
            f"position {expected.position} was rewritten and re-hashed, or this is a "
            "different ledger",
        )
    return None


# -------------------------------------------------------------------- hash definitions


def hash_definition_mark(
    *, last_position: int, last_hash: str, last_recorded: datetime, version: int
) -> StoredRecord:
    """The record a migration appends where the hash definition changes to 2.

    It is sealed under definition 2 at the position after *last_position*, and says so:
    every record before it keeps its definition-1 hash, and the definition-1 chain it
    continues ended at the head ``last_position:last_hash``.
    """
    position = last_position + 1
    recorded_at = max(datetime.now(UTC), last_recorded.astimezone(UTC))
    payload = json.dumps(
        {
            "from_position": position,
            "hash_definition": HASH_DEFINITION,
            "hashed": [
                "position",
                "partnership",
                "version",
                "type",
                "schema_version",
                "effective",
                "visible_from",
                "recorded_at",
                "payload",
            ],
            "previous_definition_head": f"{last_position}:{last_hash}",
        },
        sort_keys=True,
        separators=(",", ":"),
    )
    day = recorded_at.date()
    return seal(
        NewRecord(
            partnership=LEDGER_PARTNERSHIP,
            type=HASH_DEFINITION_CHANGED,
            schema_version=1,
            effective=day,
            payload=payload,
            visible_from=day,
        ),
        position=position,
        version=version,
        recorded_at=recorded_at,
        prev_hash=last_hash,
    )


def column_findings(
    *,
    wrong: Sequence[Any] | None,
    edited: Sequence[Any] | None,
    v2_from: int,
    mark: Sequence[Any] | None,
    last: int,
) -> tuple[int, ChainProblem, str] | None:
    """Judge what a store's column queries found (see ``column_problem`` of the stores).

    *wrong* is ``(position, partnership, version, expected)`` of the first record whose
    version is out of place; *edited* is ``(position, visible_from)`` of the first
    definition-1 record with an edited ``visible_from``; *mark* is ``(partnership, type,
    payload)`` of the record at *v2_from* when that is after position 1.
    """
    if v2_from > 1 and v2_from <= last + 1:
        problem = _mark_problem(mark, v2_from)
        if problem is not None:
            return v2_from, ChainProblem.HASH_DEFINITION_MARK, problem
    if v2_from > last + 1:
        return (
            last + 1,
            ChainProblem.HASH_DEFINITION_MARK,
            f"the ledger says its hash definition changes at position {v2_from}, after its "
            f"last record ({last}): its records or its govledger_meta table were changed",
        )
    if edited is not None:
        at, value = edited
        return (
            int(at),
            ChainProblem.UNHASHED_COLUMN_EDITED,
            f"record {at} was sealed under hash definition 1, which did not hash "
            f"visible_from, and its visible_from now reads {value!r} instead of 0001-01-01: "
            "that column was edited (it can change which events a state shows)",
        )
    if wrong is not None:
        at, partnership, version, expected = wrong
        return (
            int(at),
            ChainProblem.VERSION_WRONG,
            f"record {at} says it is version {version} of {partnership!r}, but it is that "
            f"partnership's record number {expected} in position order: the version column "
            "was edited",
        )
    return None


def _mark_problem(mark: Sequence[Any] | None, v2_from: int) -> str | None:
    if mark is None:
        return (
            f"the ledger says its hash definition changes at position {v2_from}, but there "
            "is no record there"
        )
    partnership, type_, payload = mark
    try:
        said = json.loads(payload).get("from_position")
    except (TypeError, ValueError, AttributeError):
        said = None
    if partnership != LEDGER_PARTNERSHIP or type_ != HASH_DEFINITION_CHANGED or said != v2_from:
        return (
            f"the ledger says its hash definition changes at position {v2_from}, but the "
            f"record there is not the {HASH_DEFINITION_CHANGED} record that marks it: its "
            "govledger_meta table was edited"
        )
    return None

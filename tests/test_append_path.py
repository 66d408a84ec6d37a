"""The append's own machinery: sealing a batch, versions inside a write, the collector."""

from __future__ import annotations

import gc
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factories import P, formed, resolved
from govledger import Ledger
from govledger.errors import GovLedgerError
from govledger.events import Part
from govledger.store import NewRecord, SQLiteStore
from govledger.store.chain import GENESIS_HASH, canonical_bytes, chain_hash, seal, seal_batch

_records = st.builds(
    NewRecord,
    partnership=st.sampled_from(["a", "b-c", "d.e"]),
    type=st.sampled_from(["ResolutionPassed", "MemberAdmitted", "x"]),
    schema_version=st.integers(1, 3),
    effective=st.dates(date(1900, 1, 1), date(2100, 1, 1)),
    payload=st.text(max_size=40).map(lambda text: '{"t":' + repr(text) + "}"),
    visible_from=st.none() | st.dates(date(1900, 1, 1), date(2100, 1, 1)),
)


@given(
    batch=st.lists(_records, max_size=12),
    after=st.integers(0, 10**6),
    moment=st.datetimes(datetime(2000, 1, 1), datetime(2100, 1, 1), timezones=st.just(UTC)).map(
        lambda when: when + timedelta(microseconds=1)
    ),
)
def test_a_sealed_batch_is_its_records_sealed_one_by_one(
    batch: list[NewRecord], after: int, moment: datetime
) -> None:
    before = {"a": 3, "b-c": 0, "d.e": 41}
    asked: list[str] = []

    def version(partnership: str) -> int:
        asked.append(partnership)
        return before[partnership]

    prev = GENESIS_HASH if after == 0 else "ab" * 32
    sealed = seal_batch(batch, after=after, prev_hash=prev, recorded_at=moment, version=version)

    expected = []
    versions = dict(before)
    for offset, record in enumerate(batch, start=1):
        versions[record.partnership] += 1
        one = seal(
            record,
            position=after + offset,
            version=versions[record.partnership],
            recorded_at=moment,
            prev_hash=prev,
        )
        expected.append(one)
        prev = one.hash
    assert sealed == expected
    assert sorted(asked) == sorted({record.partnership for record in batch})  # once each
    for stored in sealed:
        assert stored.hash == chain_hash(stored.prev_hash, canonical_bytes(stored))


def test_versions_read_inside_a_write_follow_its_own_appends() -> None:
    with SQLiteStore.open(":memory:") as store:
        with store.write() as session:
            assert session.version("a") == 0
            session.append([_one("a")] * 2)
            assert session.version("a") == 2
            session.append([_one("a")])
            assert session.version("a") == 3 and session.version("b") == 0
        with pytest.raises(GovLedgerError):
            session.version("a")  # the session has ended
        with store.write() as session:
            with pytest.raises(GovLedgerError):  # a record the store refuses
                session.append([_one("a"), "no"])  # type: ignore[list-item]
            assert session.version("a") == 3
        assert store.version("a") == 3


def _one(partnership: str) -> NewRecord:
    return NewRecord(
        partnership=partnership,
        type="x",
        schema_version=1,
        effective=date(2020, 1, 1),
        payload="{}",
    )


@pytest.mark.parametrize("enabled", [True, False])
def test_an_append_leaves_the_collector_as_it_found_it(enabled: bool) -> None:
    was = gc.isenabled()
    try:
        if not enabled:
            gc.disable()
        with Ledger.open(":memory:") as ledger:
            ledger.append(formed())
            assert gc.isenabled() is enabled
            with pytest.raises(GovLedgerError):  # refused by the rules
                ledger.append(resolved("r1", date(2001, 1, 1), Part(number="1", summary="x")))
            assert gc.isenabled() is enabled
            ledger.append(resolved("r1", date(2021, 1, 1)), resolved("r2", date(2021, 2, 1)))
            assert gc.isenabled() is enabled
            assert ledger.version(P) == 3
    finally:
        if was:
            gc.enable()

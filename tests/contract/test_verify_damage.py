"""The store's own verify() against the plain walk, on ledgers damaged at random.

A store offering :class:`~govledger.store.FastVerify` walks its chain by its own fast
path (SQLite's quick walk over rendered or compact bytes, PostgreSQL's paged pass) and
hands whatever that path cannot vouch for to the ordinary walk. Whatever hypothesis
damages (any column set to a value of any storage type, a character changed, text that
is not UTF-8, a record deleted, moved or copied to another position, a forged chain
re-hashed over damaged records), the fast verdict, its position, head and detail must
be the plain walk's and the full audit's.
"""

from __future__ import annotations

import atexit
import functools
import re
import shutil
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st

from govledger.store import ChainHead, ChainProblem, FastVerify, NewRecord, verify_chain
from govledger.store.chain import chain_hash
from govledger.store.sqlite.verify import HASHED_2

from .conftest import Backend, PostgresBackend, SQLiteBackend

OFFERS_FAST_VERIFY = pytest.mark.offers.with_args(FastVerify)

#: Every column of a record: the nine hashed ones, then the two hashes.
COLUMNS = (*HASHED_2.split(", "), "prev_hash", "hash")
INTEGERS = ("position", "version", "schema_version")
DAYS = ("effective", "visible_from")

#: Text with what renderings of JSON treat differently: quotes, backslashes, control
#: characters (the record separator among them), non-ASCII, line separators.
ODD = st.text(
    st.sampled_from(['"', "\\", "\n", "\x1e", "\x1f", "\x7f", "é", "\u2028", "ℵ", "a", "0", "]"])
    | st.characters(min_codepoint=1, exclude_categories=["Cs"]),
    max_size=6,
)

RECORDS = st.lists(
    st.builds(
        lambda partnership, days, payload: NewRecord(
            partnership=partnership,
            type="PostRetitled",
            schema_version=1,
            effective=date(2022, 1, 1) + timedelta(days=days),
            payload=payload,
        ),
        st.sampled_from(["a", "b", "c-d"]),
        st.integers(0, 500),
        st.one_of(st.just('{"n":1}'), ODD.map(lambda s: '{"s":"' + s.replace('"', "'") + '"}')),
    ),
    min_size=1,
    max_size=8,
)


def _any_value(column: str, postgres: bool) -> st.SearchStrategy[Any]:
    """A value to write into *column*: of any storage class on SQLite, of the
    column's own type on PostgreSQL (which refuses any other)."""
    if postgres:
        if column in INTEGERS:
            return st.integers(-3, 12)
        if column in DAYS:
            return st.dates(date(1999, 1, 1), date(2030, 1, 1))
        if column == "recorded_at":
            return st.datetimes(datetime(2000, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC))
        return st.one_of(ODD.filter(lambda s: "\x00" not in s), st.just("ab" * 32))
    return st.one_of(
        st.integers(-3, 12),
        st.floats(-3, 12, allow_nan=False),
        ODD,
        st.binary(max_size=4),
        st.just("ab" * 32),
        st.just("2022-01-01"),
    )


@st.composite
def damages(draw: st.DrawFn, last: int, postgres: bool) -> list[tuple[str, Any]]:
    """One to three damages to a ledger of *last* records, applied in turn."""
    drawn: list[tuple[str, Any]] = []
    for _ in range(draw(st.integers(1, 3))):
        kinds = ["set", "set", "char", "delete", "move", "insert", "reseal"]
        kind = draw(st.sampled_from(kinds if postgres else [*kinds, "undecodable"]))
        at = draw(st.integers(1, last))
        if kind == "set":
            column = draw(st.sampled_from(COLUMNS))
            drawn.append((kind, (column, at, draw(_any_value(column, postgres)))))
        elif kind == "char":
            column = draw(st.sampled_from(["partnership", "type", "payload", "hash", "prev_hash"]))
            drawn.append((kind, (column, at, draw(st.integers(0, 80)), draw(ODD.filter(bool)))))
        elif kind in ("move", "insert"):
            drawn.append((kind, (at, draw(st.integers(-2, last + 3)))))
        elif kind == "undecodable":  # text SQLite holds but cannot give back as UTF-8
            column = draw(st.sampled_from(COLUMNS[1:]))
            drawn.append((kind, (column, at, draw(st.sampled_from([b"\xff", b"a\xc3", b"\x80"])))))
        else:
            drawn.append((kind, at))
    return drawn


@functools.cache
def _empty_sqlite_ledger() -> Path:
    """An empty SQLite ledger to copy for each example (laying out the schema, views
    and full-text index takes most of an example's time)."""
    folder = Path(tempfile.mkdtemp(prefix="govledger-verify-damage-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    empty = SQLiteBackend(folder)
    empty.open().close()
    return empty.path


@contextmanager
def _fresh(backend: Backend) -> Iterator[Backend]:
    """A new, empty ledger location of *backend*'s kind, for one example."""
    if isinstance(backend, SQLiteBackend):
        with tempfile.TemporaryDirectory() as folder:
            place = SQLiteBackend(Path(folder))
            shutil.copyfile(_empty_sqlite_ledger(), place.path)
            yield place
        return
    assert isinstance(backend, PostgresBackend)
    extra = PostgresBackend(backend.server)
    try:
        yield extra
    finally:
        extra.drop()


def _apply(place: Backend, store: Any, damage: tuple[str, Any]) -> None:
    kind, what = damage
    if kind == "set":
        column, at, value = what
        place.tamper((f"UPDATE events SET {column} = ? WHERE position = ?", [value, at]))
    elif kind == "char":
        column, at, index, text = what
        rows = place.raw(f"SELECT {column} FROM events WHERE position = ?", [at])
        if not rows or not isinstance(rows[0][0], str):
            return
        old = rows[0][0]
        index = min(index, len(old))
        place.tamper(
            (
                f"UPDATE events SET {column} = ? WHERE position = ?",
                [old[:index] + text + old[index + 1 :], at],
            )
        )
    elif kind == "undecodable":
        column, at, raw = what
        place.tamper(
            (f"UPDATE events SET {column} = CAST(? AS TEXT) WHERE position = ?", [raw, at])
        )
    elif kind == "delete":
        place.tamper(("DELETE FROM events WHERE position = ?", [what]))
    elif kind == "move":
        at, to = what
        place.tamper(("UPDATE events SET position = ? WHERE position = ?", [to, at]))
    elif kind == "insert":  # a copy of a record, at another position and version
        at, to = what
        rest = ", ".join(c for c in COLUMNS if c not in ("position", "version"))
        place.tamper(
            (
                f"INSERT INTO events (position, version, {rest}) "
                f"SELECT ?, version + 100, {rest} FROM events WHERE position = ?",
                [to, at],
            )
        )
    else:
        _reseal(place, store, what)


def _reseal(place: Backend, store: Any, start: int) -> None:
    """Forge the chain from *start* on: re-hash every record over its stored values, as
    someone rewriting history would (stopping at a record that cannot be hashed)."""
    positions = [
        int(row[0])
        for row in place.raw("SELECT position FROM events WHERE position >= ? ORDER BY 1", [start])
    ]
    before = place.raw(
        "SELECT hash FROM events WHERE position < ? ORDER BY position DESC LIMIT 1", [start]
    )
    prev = str(before[0][0]) if before else "0" * 64
    statements: list[tuple[str, Sequence[object]]] = []
    for at in positions:
        try:
            exact = store.exact_canonical(at)
        except ValueError:
            break
        new = chain_hash(prev, exact)
        statements.append(
            ("UPDATE events SET prev_hash = ?, hash = ? WHERE position = ?", [prev, new, at])
        )
        prev = new
    if statements:
        place.tamper(*statements)


def _outcome(verify: Any, *args: Any, **options: Any) -> tuple[object, ...]:
    try:
        report = verify(*args, **options)
    except Exception as exc:  # the same refusal from both is the same verdict
        return (type(exc).__name__, str(exc))
    # a recording time ahead of the clock is reported with the clock's time at the call
    detail = re.sub(r"machine's clock \([^)]*\)", "machine's clock (now)", report.detail)
    return (
        report.ok,
        report.problem,
        report.first_bad_position,
        report.events_checked,
        report.head,
        detail,
    )


@OFFERS_FAST_VERIFY
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(records=RECORDS, data=st.data())
def test_the_fast_verdict_is_the_plain_walks_on_a_ledger_damaged_at_random(
    backend: Backend, records: list[NewRecord], data: st.DataObject
) -> None:
    postgres = isinstance(backend, PostgresBackend)
    with _fresh(backend) as place:
        store: Any = place.open()
        try:
            with store.write() as session:
                session.append(records[: len(records) // 2 + 1])
            with store.write() as session:
                session.append(records[len(records) // 2 + 1 :])
            head = store.head()
            assert store.verify().ok
            for damage in data.draw(damages(len(records), postgres)):
                try:
                    _apply(place, store, damage)
                except Exception:  # a constraint the damage broke: not a damage at all
                    reject()
            for expected in (None, head, ChainHead(1, "ab" * 32)):
                fast = _outcome(store.verify, expected_head=expected)
                plain = _outcome(verify_chain, store, expected_head=expected)
                assert fast == plain
        finally:
            store.close()


@OFFERS_FAST_VERIFY
@pytest.mark.parametrize("to", [0, -5])
@pytest.mark.parametrize(("moved", "count"), [(False, 2), (True, 2), (True, 1)])
def test_a_record_before_position_one_is_found_by_the_fast_verify_too(
    backend: Backend, to: int, moved: bool, count: int
) -> None:
    """A record at position 0 or below, moved there or copied beside an intact chain
    (the fast walks once started after position 0, or judged a ledger whose records
    all lay there as empty)."""
    store: Any = backend.open()
    try:
        with store.write() as session:
            session.append(
                [
                    NewRecord(
                        partnership=partnership,
                        type="PostRetitled",
                        schema_version=1,
                        effective=date(2022, 1, 1),
                        payload='{"n":1}',
                    )
                    for partnership in ("a", "b")[:count]
                ]
            )
        if moved:
            _apply(backend, store, ("move", (1, to)))
        else:
            _apply(backend, store, ("insert", (1, to)))
        fast = _outcome(store.verify)
        assert fast == _outcome(verify_chain, store)
        assert fast[:3] == (False, ChainProblem.ROWS_REORDERED, 1)
    finally:
        store.close()

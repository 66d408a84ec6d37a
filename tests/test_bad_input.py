"""Bad input gets a specific GovLedgerError that says what to do, and nothing is written.

Malformed events, oversized or unstorable payloads, files that are not ledgers (or are
damaged, newer, or read-only), and fuzzed payloads, events and records.
"""

from __future__ import annotations

import contextlib
import json
import os
import pickle
import random
import shutil
import sqlite3
import stat
import tempfile
import traceback
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import TickingClock
from factories import P, delegation, formed, post, resolved
from govledger import (
    DecodeError,
    Event,
    GovLedgerError,
    InvalidEvent,
    Ledger,
    NotALedger,
    SchemaVersionError,
    StoreError,
)
from govledger.codec import decode, encode, from_json
from govledger.errors import CorruptLedger, InternalError, ReadOnlyLedger, UsageError
from govledger.events import EVENT_TYPES
from govledger.ledger import recorder as ledger_module
from govledger.store import MAX_PAYLOAD_BYTES, NewRecord, SQLiteStore
from govledger.testing.strategies import events
from ledger_files import file_bytes

T = TypeVar("T")


@pytest.fixture
def db(tmp_path: Path, clock: TickingClock) -> Iterator[tuple[Ledger, Path]]:
    path = tmp_path / "ledger.db"
    with Ledger.open(path, clock=clock) as ledger:
        ledger.append(formed())
        yield ledger, path


def refuses(db: tuple[Ledger, Path], event: object, match: str) -> InvalidEvent:
    """Assert appending *event* raises InvalidEvent matching *match*, writing nothing."""
    ledger, path = db
    before, head = file_bytes(path), ledger.head()
    with pytest.raises(InvalidEvent, match=match) as caught:
        ledger.append(event)  # type: ignore[arg-type]
    assert (file_bytes(path), ledger.head()) == (before, head)
    return caught.value


# ---------------------------------------------------------------- malformed events


@pytest.mark.parametrize(
    ("build", "match"),
    [
        (lambda: formed(partnership=42), "partnership must be a slug string, not int"),
        (lambda: formed(partnership=""), "must be a readable slug"),
        (lambda: formed(partnership="Alpha Beta"), "must be a readable slug"),
        (lambda: formed(partnership="../alpha"), "must be a readable slug"),
        (lambda: formed(partnership="a" * 121), "at most 120 characters"),
        (lambda: formed(name=None), "name must be text, not NoneType"),
        (lambda: formed(name="   "), "must not be empty or blank"),
        (lambda: formed(name="a\x00b"), "NUL"),
        (lambda: formed(name="x" * 20_001), "longer than 20000 characters"),
        (lambda: formed(members=("alpha", "beta")), "must be Member, not str"),
        (lambda: formed(effective=datetime(2020, 1, 1, 9, 0)), "must be a datetime.date"),
        (lambda: formed(effective=datetime(2020, 1, 1, tzinfo=UTC)), "must be a datetime.date"),
        (lambda: formed(effective="2020-01-01"), "must be a datetime.date, not str"),
        (lambda: formed(effective=date(1, 1, 1)), "outside 1800-2200"),
        (lambda: formed(effective=date(9999, 12, 31)), "outside 1800-2200"),
        (lambda: formed(authorised_by=()), "authorised_by"),
    ],
    ids=[
        "id-not-text",
        "id-empty",
        "id-with-space",
        "id-path",
        "id-too-long",
        "text-none",
        "text-blank",
        "text-nul",
        "text-huge",
        "wrong-item-type",
        "naive-datetime",
        "aware-datetime",
        "date-as-text",
        "date-year-1",
        "date-year-9999",
        "no-authority",
    ],
)
def test_malformed_event_is_refused_when_built(build: Callable[[], Event], match: str) -> None:
    with pytest.raises(InvalidEvent, match=match):
        build()


def _mutated(event: Event, **changes: object) -> Event:
    """*event* with fields changed behind its validators' back (frozen classes allow it)."""
    for name, value in changes.items():
        object.__setattr__(event, name, value)
    return event


@pytest.mark.parametrize(
    ("changes", "match"),
    [
        ({"partnership": None}, "partnership must be a slug string"),
        ({"partnership": "Alpha Beta"}, "readable slug"),
        ({"effective": datetime(2021, 1, 1, 9, 0)}, "must be a datetime.date"),
        ({"effective": date(3000, 1, 1)}, "outside 1800-2200"),
        ({"title": 7}, "title must be text, not int"),
        ({"resolution": ""}, "readable slug"),
        ({"parts": ()}, "must name at least one item"),
        ({"parts": ["not a part"]}, "must be a tuple"),
    ],
    ids=[
        "id-none",
        "id-malformed",
        "naive-datetime",
        "absurd-date",
        "text-int",
        "id-empty",
        "no-parts",
        "list-of-junk",
    ],
)
def test_event_changed_after_construction_is_refused_and_nothing_written(
    db: tuple[Ledger, Path], changes: dict[str, object], match: str
) -> None:
    event = _mutated(resolved("r1", date(2021, 1, 1)), **changes)

    refuses(db, event, match)


def test_event_that_would_not_read_back_is_refused(db: tuple[Ledger, Path]) -> None:
    lonely = _mutated(formed(partnership="gamma-delta"), members=formed().members[:1])

    refuses(db, lonely, "would not read back.*at least two different councils")


def test_text_that_cannot_be_stored_as_utf8_is_refused(db: tuple[Ledger, Path]) -> None:
    refuses(db, resolved("r1", date(2021, 1, 1), title="Shared \ud800 services"), "UTF-8")


def test_oversized_event_is_refused_naming_the_limit(db: tuple[Ledger, Path]) -> None:
    huge = delegation(limits=("x" * 20_000,) * (MAX_PAYLOAD_BYTES // 20_000 + 1))

    error = refuses(db, huge, "limit for one event")

    assert f"{MAX_PAYLOAD_BYTES:,}" in str(error)


def test_something_that_is_not_an_event_is_refused(db: tuple[Ledger, Path]) -> None:
    refuses(db, {"type": "PartnershipFormed"}, "not a govledger event")


def test_one_bad_event_refuses_its_whole_batch(db: tuple[Ledger, Path]) -> None:
    ledger, path = db
    before = file_bytes(path)
    bad = _mutated(resolved("r2", date(2021, 1, 2)), title=None)

    with pytest.raises(InvalidEvent):
        ledger.append(resolved("r1", date(2021, 1, 1)), bad)

    assert file_bytes(path) == before


def test_unexpected_failure_while_appending_is_internal_error_and_writes_nothing(
    db: tuple[Ledger, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, path = db
    before = file_bytes(path)

    def broken_rules(*args: object, **kwargs: object) -> None:
        raise KeyError("a bug in a rule")

    monkeypatch.setattr(ledger_module, "check_days", broken_rules)  # fault injection

    with pytest.raises(InternalError, match=r"KeyError.*nothing was written.*report it"):
        ledger.append(resolved("r1", date(2021, 1, 1)))

    assert file_bytes(path) == before


def test_event_with_missing_fields_is_refused_when_decoded() -> None:
    text = json.dumps(
        {"type": "PartnershipFormed", "schema_version": 1, "event": {"partnership": P}}
    )

    with pytest.raises(DecodeError, match="PartnershipFormed payload does not fit"):
        from_json(text)


@pytest.mark.parametrize("text", ["", "{", "[]", "null", '{"type": "Nope"}', "\x00\xff"])
def test_malformed_event_json_is_refused_with_decode_error(text: str) -> None:
    with pytest.raises(DecodeError):
        from_json(text)


@pytest.mark.parametrize(
    ("record", "match"),
    [
        ({"payload": b"{}"}, "payload must be a non-empty string"),
        ({"payload": 12}, "payload must be a non-empty string"),
        ({"payload": "x" * (MAX_PAYLOAD_BYTES + 1)}, "bytes, more than"),
        ({"partnership": ""}, "partnership must be a non-empty string"),
        ({"type": None}, "type must be a non-empty string"),
        ({"schema_version": 0}, "schema_version must be a whole number"),
        ({"effective": datetime(2022, 9, 1)}, "effective must be a datetime.date"),
    ],
    ids=[
        "payload-bytes",
        "payload-int",
        "payload-huge",
        "partnership-empty",
        "type-none",
        "version-zero",
        "effective-datetime",
    ],
)
def test_store_refuses_malformed_records_and_writes_nothing(
    record: dict[str, Any], match: str
) -> None:
    fields: dict[str, Any] = {
        "partnership": P,
        "type": "PostRetitled",
        "schema_version": 1,
        "effective": date(2022, 9, 1),
        "payload": "{}",
        **record,
    }
    with SQLiteStore.open(":memory:") as store:
        before = store.snapshot_bytes()
        with pytest.raises(UsageError, match=match), store.write() as session:
            session.append([NewRecord(**fields)])

        assert store.snapshot_bytes() == before


# ---------------------------------------------------------------- files that are not usable ledgers


def _ledger_bytes(tmp_path: Path, events: int = 200) -> bytes:
    """The bytes of a closed ledger file holding *events* events."""
    path = tmp_path / "source.db"
    with Ledger.open(path) as ledger:
        ledger.append(*(formed(partnership=f"p{n}") for n in range(events)))
    return path.read_bytes()


def _foreign_sqlite(path: Path) -> None:
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("CREATE TABLE councillors (name TEXT)")
    raw.close()


def test_random_bytes_are_not_a_ledger(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    path.write_bytes(random.Random(1).randbytes(8192))

    _refused_unchanged(path, NotALedger, "is not a SQLite database")


def test_foreign_sqlite_database_is_not_a_ledger(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    _foreign_sqlite(path)

    _refused_unchanged(path, NotALedger, "not a govledger ledger")


def test_ledger_written_by_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    path.write_bytes(_ledger_bytes(tmp_path, events=3))
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("PRAGMA user_version = 99")
    raw.close()

    _refused_unchanged(path, SchemaVersionError, r"newer govledger \(schema 99\); upgrade")


@pytest.mark.parametrize(
    "keep", [100, 4096, 8192, 0.5], ids=["header", "1-page", "2-pages", "half"]
)
def test_truncated_ledger_is_refused_as_corrupt(tmp_path: Path, keep: float) -> None:
    whole = _ledger_bytes(tmp_path)
    path = tmp_path / "ledger.db"
    path.write_bytes(whole[: int(len(whole) * keep) if keep < 1 else int(keep)])

    _refused_unchanged(path, CorruptLedger, "restore it from a backup")


def test_ledger_with_overwritten_pages_is_refused_as_corrupt(tmp_path: Path) -> None:
    whole = bytearray(_ledger_bytes(tmp_path))
    whole[4096:8192] = random.Random(2).randbytes(4096)
    path = tmp_path / "ledger.db"
    path.write_bytes(bytes(whole))

    _refused_unchanged(path, CorruptLedger, "integrity_check")


def test_ledger_with_a_zeroed_header_is_not_a_ledger(tmp_path: Path) -> None:
    whole = bytearray(_ledger_bytes(tmp_path, events=3))
    whole[:100] = bytes(100)
    path = tmp_path / "ledger.db"
    path.write_bytes(bytes(whole))

    _refused_unchanged(path, NotALedger, "is not a SQLite database")


def _refused_unchanged(path: Path, error: type[GovLedgerError], match: str) -> None:
    """Opening (and verifying) *path* raises *error*, and leaves the file as it was."""
    before = file_bytes(path)

    with pytest.raises(error, match=match):
        Ledger.open(path, verify=True)

    assert file_bytes(path) == before


def test_directory_is_refused_with_advice(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is a directory; pass the path of a ledger file"):
        Ledger.open(tmp_path)


def test_missing_directory_is_refused_with_advice(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="does not exist; create it first"):
        Ledger.open(tmp_path / "missing" / "ledger.db")


def test_stored_payload_that_is_not_an_event_gives_decode_error(tmp_path: Path) -> None:
    path = tmp_path / "ledger.db"
    path.write_bytes(_ledger_bytes(tmp_path, events=1))
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("DROP TRIGGER events_refuse_update")
        raw.execute("UPDATE events SET payload = '[1, 2'")
    raw.close()

    with Ledger.open(path) as ledger, pytest.raises(DecodeError, match="not valid JSON"):
        list(ledger.events())


# ---------------------------------------------------------------- read-only files and directories


def as_unprivileged(check: Callable[[], T]) -> T:
    """Run *check*, as user ``nobody`` when we are root (root ignores file permissions)."""
    if os.geteuid() != 0:
        return check()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: drop root, run the check, send back its result
        outcome: tuple[bool, object]
        try:
            os.setgid(65534)
            os.setuid(65534)
            outcome = (True, check())
        except BaseException as exc:
            outcome = (False, f"{exc!r}\n{traceback.format_exc()}")
        with os.fdopen(write, "wb") as pipe:
            pickle.dump(outcome, pipe)
        os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        passed, value = pickle.load(pipe)
    os.waitpid(pid, 0)
    if not passed:
        pytest.fail(f"in the unprivileged process: {value}")
    return value  # type: ignore[no-any-return]


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A directory that an unprivileged user can reach (tmp_path's parents are private)."""
    directory = Path(tempfile.mkdtemp(prefix="govledger-"))
    directory.chmod(0o777)
    yield directory
    directory.chmod(0o700)
    for path in directory.iterdir():
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
    shutil.rmtree(directory)


def _read_only_ledger(directory: Path, *, file_mode: int, dir_mode: int) -> Path:
    path = directory / "ledger.db"
    with Ledger.open(path) as ledger:
        ledger.append(formed())
    path.chmod(file_mode)
    directory.chmod(dir_mode)
    return path


def _data(path: Path) -> dict[str, bytes]:
    # A read-only reader of a WAL database may leave an empty -wal file: no data.
    return {name: data for name, data in file_bytes(path).items() if data}


def _reads_but_refuses_appends(path: Path) -> str:
    before = _data(path)
    with Ledger.open(path, verify=True) as ledger:
        assert ledger.version(P) == 1
        assert ledger.verify().ok
        with pytest.raises(ReadOnlyLedger, match="read-only") as caught:
            ledger.append(post())
    assert _data(path) == before
    return str(caught.value)


def test_read_only_file_opens_for_reading_and_refuses_appends(shared_dir: Path) -> None:
    path = _read_only_ledger(shared_dir, file_mode=0o444, dir_mode=0o777)

    message = as_unprivileged(lambda: _reads_but_refuses_appends(path))

    assert "nothing can be recorded" in message


def test_ledger_in_read_only_directory_opens_for_reading_and_refuses_appends(
    shared_dir: Path,
) -> None:
    path = _read_only_ledger(shared_dir, file_mode=0o666, dir_mode=0o555)

    message = as_unprivileged(lambda: _reads_but_refuses_appends(path))

    assert "check its permissions" in message


def _create_refused(path: Path) -> str:
    with pytest.raises(ReadOnlyLedger, match="cannot be written") as caught:
        Ledger.open(path)
    assert not path.exists()
    return str(caught.value)


def test_new_ledger_in_read_only_directory_is_refused_with_advice(shared_dir: Path) -> None:
    shared_dir.chmod(0o555)

    message = as_unprivileged(lambda: _create_refused(shared_dir / "ledger.db"))

    assert "choose a writable directory" in message


# ---------------------------------------------------------------- fuzzing

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
_TYPE_NAMES = st.sampled_from(sorted(EVENT_TYPES)) | st.text(max_size=12)


@given(type_name=_TYPE_NAMES, version=st.integers(-2, 3), payload=_JSON | st.text() | st.binary())
def test_decoder_gives_an_event_or_decode_error_for_any_payload(
    type_name: str, version: int, payload: object
) -> None:
    text = json.dumps(payload) if not isinstance(payload, str | bytes) else payload
    for candidate in (text, payload if isinstance(payload, dict) else text):
        with contextlib.suppress(DecodeError):
            decode(type_name, version, candidate)  # type: ignore[arg-type]


@given(text=st.text() | st.binary())
def test_event_json_reader_gives_an_event_or_decode_error(text: str | bytes) -> None:
    with contextlib.suppress(DecodeError):
        from_json(text)  # type: ignore[arg-type]


def _leaves(data: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, index))


def _replace(data: Any, path: tuple[Any, ...], value: object) -> Any:
    if not path:
        return value
    copy = data.copy()
    copy[path[0]] = _replace(data[path[0]], path[1:], value)
    return copy


@given(event=events(), data=st.data(), value=_JSON)
def test_decoder_survives_any_value_anywhere_in_a_real_payload(
    event: Event, data: st.DataObject, value: object
) -> None:
    name, version, payload = encode(event)
    tree = json.loads(payload)
    where = data.draw(st.sampled_from(list(_leaves(tree))))

    with contextlib.suppress(DecodeError):
        decode(name, version, json.dumps(_replace(tree, where, value)))


@given(batch=st.lists(events(), min_size=1, max_size=3))
def test_appending_any_events_records_them_all_or_nothing(batch: list[Event]) -> None:
    with Ledger.open(":memory:", clock=TickingClock()) as ledger:
        ledger.append(formed())
        head = ledger.head()
        try:
            recorded = ledger.append(*batch)
        except GovLedgerError:
            assert ledger.head() == head
            assert ledger.partnerships() == [P]
        else:
            assert [r.event for r in recorded] == batch
            assert [r.event for r in ledger.events()][1:] == batch
        assert ledger.verify().ok


_ODD_VALUES = (
    st.none()
    | st.integers()
    | st.floats()
    | st.binary(max_size=8)
    | st.text(max_size=8)
    | st.datetimes()
    | st.dates()
    | st.tuples(st.none() | st.integers() | st.text(max_size=4))
    | st.lists(st.text(max_size=4), max_size=2)
    | st.builds(object)
)


@given(event=events(), data=st.data(), value=_ODD_VALUES)
def test_appending_an_event_with_any_field_broken_writes_nothing(
    event: Event, data: st.DataObject, value: object
) -> None:
    field = data.draw(st.sampled_from([f.name for f in attrs.fields(type(event))]))
    broken = _mutated(event, **{field: value})
    with Ledger.open(":memory:", clock=TickingClock()) as ledger:
        ledger.append(formed(partnership="ab"))
        head = ledger.head()
        try:
            ledger.append(broken)
        except GovLedgerError:
            assert ledger.head() == head
        else:
            assert next(iter(reversed(list(ledger.events())))).event == broken
        assert ledger.verify().ok


@given(
    partnership=st.text(max_size=6) | st.none() | st.integers(),
    type_name=st.text(max_size=6) | st.binary(max_size=4),
    version=st.integers(-1, 3) | st.booleans() | st.floats(),
    effective=st.dates() | st.datetimes() | st.text(max_size=4),
    payload=st.text(max_size=20) | st.binary(max_size=8) | st.none(),
)
def test_store_records_any_record_whole_or_refuses_it(
    partnership: object, type_name: object, version: object, effective: object, payload: object
) -> None:
    record = NewRecord(
        partnership=partnership,  # type: ignore[arg-type]
        type=type_name,  # type: ignore[arg-type]
        schema_version=version,  # type: ignore[arg-type]
        effective=effective,  # type: ignore[arg-type]
        payload=payload,  # type: ignore[arg-type]
    )
    with SQLiteStore.open(":memory:") as store:
        try:
            with store.write() as session:
                session.append([record])
        except GovLedgerError:
            assert store.last_position() == 0
        else:
            assert [stored.payload for stored in store.read()] == [payload]
        assert store.verify().ok

"""SQL shared by the SQLite and PostgreSQL stores (a private module: the stores' own).

Each backend describes its SQL dialect once, as a :class:`Dialect`: its placeholder
and how it binds a day, a recording time and a list of type names. What is the same in
both is written here once, in terms of that dialect.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import Any, Final, Generic, TypeVar

import attrs

from ..errors import UsageError
from .records import EntryRow, NewRecord, Query, StoredRecord, iso_timestamp

__all__ = [
    "ALL_CHECKPOINTS",
    "CHECKPOINT_COLUMNS",
    "ORDER_BY",
    "POSTGRES",
    "SQLITE",
    "V2_FROM_KEY",
    "WRONG_VERSION",
    "Dialect",
    "Migrations",
    "check_from_version",
    "checkpoint_exists_sql",
    "drop_stale_sql",
    "earliest_days",
    "entry_reader",
    "find_checkpoint_sql",
    "record_reader",
    "save_checkpoint_sql",
    "stale_checkpoint_sql",
    "where_clauses",
]

#: What one migration step is: a function of the backend's connection.
Step = TypeVar("Step")

#: The ORDER BY clause of each :data:`~govledger.store.records.ReadOrder`.
ORDER_BY: Final[dict[str, str]] = {
    "effective": " ORDER BY effective, position",
    "position": " ORDER BY position",
}


def _type_in(placeholder: str) -> Callable[[tuple[str, ...]], tuple[str, list[object]]]:
    def clause(names: tuple[str, ...]) -> tuple[str, list[object]]:
        if not names:
            return "0", []
        return f"type IN ({', '.join(placeholder for _ in names)})", list(names)

    return clause


def _type_any(names: tuple[str, ...]) -> tuple[str, list[object]]:
    return "type = ANY(%s)", [list(names)]


@attrs.frozen(cache_hash=True)
class Dialect:
    """How one backend writes a bound value into SQL (and reads some back).

    The stores build their SQL from it once per dialect (``functools.cache``), so its
    hash is kept: a lookup on the append path costs one dictionary probe."""

    #: The parameter placeholder: ``?`` or ``%s``.
    placeholder: str
    #: A day as the column holds it (ISO text, or the date itself).
    day: Callable[[date], object]
    #: A recording time as the column holds it.
    moment: Callable[[datetime], object]
    #: The clause (and its parameters) keeping records of the given type names.
    types: Callable[[tuple[str, ...]], tuple[str, list[object]]]
    #: A recording time as the driver gives it back, as an aware datetime (the audit's
    #: reading; :func:`~govledger.store._backend.record_from` has the hot path's own).
    read_moment: Callable[[Any], datetime]
    #: A day as the driver gives it back, as text for a report (SQLite's is text
    #: already, and may not even be a date if the file was edited).
    day_text: Callable[[Any], object]
    #: An ``events`` row, in the order of the stores' ``SELECT``, as a
    #: :class:`StoredRecord` (a :func:`record_reader`).
    record_of: Callable[[Sequence[Any]], StoredRecord]
    #: The same row as an :data:`~govledger.store.records.EntryRow` (an :func:`entry_reader`).
    entry_of: Callable[[Sequence[Any]], EntryRow]
    #: The clause keeping records whose payload contains one bound text.
    contains: str


def _same(value: object) -> object:
    return value


def _same_day(day: date) -> date:
    return day


def _in_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _iso_day(day: date) -> str:
    return day.isoformat()


def record_reader(
    day: Callable[[Any], date], moment: Callable[[Any], datetime]
) -> Callable[[Sequence[Any]], StoredRecord]:
    """The function making a :class:`StoredRecord` of an ``events`` row, in the order of
    the stores' ``SELECT``; *day* and *moment* read the driver's day and recording-time
    values.

    It runs once per record read, so it sets each slot through its descriptor instead of
    calling the class (whose ``__init__`` checks and converts nothing: tests/test_store.py
    holds it to that), which costs a fraction of the keyword call.
    """
    new = object.__new__
    (
        position_is,
        partnership_is,
        version_is,
        type_is,
        schema_version_is,
        effective_is,
        recorded_at_is,
        payload_is,
        prev_hash_is,
        hash_is,
        visible_from_is,
    ) = (vars(StoredRecord)[field.name].__set__ for field in attrs.fields(StoredRecord))

    def record_of(row: Sequence[Any]) -> StoredRecord:
        (
            position,
            partnership,
            version,
            type_,
            schema_version,
            effective,
            recorded_at,
            payload,
            prev_hash,
            hash_,
            visible_from,
        ) = row
        record: StoredRecord = new(StoredRecord)
        position_is(record, position)
        partnership_is(record, partnership)
        version_is(record, version)
        type_is(record, type_)
        schema_version_is(record, schema_version)
        effective_is(record, day(effective))
        recorded_at_is(record, moment(recorded_at))
        payload_is(record, payload)
        prev_hash_is(record, prev_hash)
        hash_is(record, hash_)
        visible_from_is(record, day(visible_from))
        return record

    return record_of


def entry_reader(moment: Callable[[Any], datetime]) -> Callable[[Sequence[Any]], EntryRow]:
    """The function making an :data:`EntryRow` of an ``events`` row, in the order of the
    stores' ``SELECT``; *moment* reads the driver's recording time."""

    def entry_of(row: Sequence[Any]) -> EntryRow:
        return (row[0], row[1], row[2], row[3], row[4], moment(row[6]), row[7], row[9])

    return entry_of


#: SQLite keeps days and times as fixed-width ISO text.
SQLITE: Final = Dialect(
    placeholder="?",
    day=date.isoformat,
    moment=iso_timestamp,
    types=_type_in("?"),
    read_moment=datetime.fromisoformat,
    day_text=_same,
    record_of=record_reader(date.fromisoformat, datetime.fromisoformat),
    entry_of=entry_reader(datetime.fromisoformat),
    contains="instr(payload, ?) > 0",
)
#: PostgreSQL keeps them as ``date`` and ``timestamptz``.
POSTGRES: Final = Dialect(
    placeholder="%s",
    day=_same,
    moment=_same,
    types=_type_any,
    read_moment=_in_utc,
    day_text=_iso_day,
    record_of=record_reader(_same_day, _in_utc),
    entry_of=entry_reader(_in_utc),
    contains="strpos(payload, %s) > 0",
)

#: The ``govledger_meta`` key holding the first position sealed under hash definition 2.
V2_FROM_KEY: Final = "hash_v2_from"


def where_clauses(query: Query, dialect: Dialect) -> tuple[list[str], list[object]]:
    """The WHERE clauses (to be joined with AND) and their parameters for *query*'s filters."""
    mark = dialect.placeholder
    clauses: list[str] = []
    params: list[object] = []
    if query.partnership is not None:
        clauses.append(f"partnership = {mark}")
        params.append(query.partnership)
    if query.until is not None:
        clauses.append(f"effective <= {mark}")
        params.append(dialect.day(query.until))
    if query.max_position is not None:
        clauses.append(f"position <= {mark}")
        params.append(query.max_position)
    if query.recorded_by is not None:
        clauses.append(f"recorded_at <= {mark}")
        params.append(dialect.moment(query.recorded_by))
    if query.after is not None:
        clauses.append(f"effective > {mark}")
        params.append(dialect.day(query.after))
    if query.visible_by is not None:
        clauses.append(f"visible_from <= {mark}")
        params.append(dialect.day(query.visible_by))
    if query.after_position is not None:
        clauses.append(f"position > {mark}")
        params.append(query.after_position)
    if query.types is not None:
        clause, names = dialect.types(query.types)
        clauses.append(clause)
        params.extend(names)
    return clauses, params


# ------------------------------------------------------------------- checkpoints

#: The columns of the ``checkpoints`` table, in the order both stores read them.
CHECKPOINT_COLUMNS: Final = (
    "partnership, kind, through, position, format, data, entries, chain_hash, digest"
)
_PREFIXED: Final = ", ".join("c." + name for name in CHECKPOINT_COLUMNS.split(", "))
#: Every checkpoint, the hash now stored at its position, and whether a later record of
#: its partnership makes it stale (for the audit).
ALL_CHECKPOINTS: Final = (
    f"SELECT {_PREFIXED}, e.hash, "
    "EXISTS (SELECT 1 FROM events l WHERE l.partnership = c.partnership "
    "AND l.position > c.position AND l.effective <= c.through) "
    "FROM checkpoints c LEFT JOIN events e ON e.position = c.position "
    "ORDER BY c.partnership, c.kind, c.through, c.position"
)


def find_checkpoint_sql(dialect: Dialect) -> str:
    """The best checkpoints for a question, still bound to the chain: the record at its
    position still has the hash it was folded through (the digest is checked in Python)."""
    mark = dialect.placeholder
    return (
        f"SELECT {_PREFIXED} FROM checkpoints c "
        "JOIN events e ON e.position = c.position AND e.hash = c.chain_hash "
        f"WHERE c.partnership = {mark} AND c.kind = {mark} AND c.format = {mark} "
        f"AND c.through <= {mark} AND c.position <= {mark} "
        "ORDER BY c.through DESC, c.position DESC LIMIT 4"
    )


def stale_checkpoint_sql(dialect: Dialect) -> str:
    """A record that makes a checkpoint stale: later, of its partnership, effective by then."""
    mark = dialect.placeholder
    return (
        f"SELECT 1 FROM events WHERE partnership = {mark} AND position > {mark} "
        f"AND effective <= {mark} LIMIT 1"
    )


def checkpoint_exists_sql(dialect: Dialect) -> str:
    """Whether a checkpoint of this key is kept already (SQLite's trigger refuses a second
    insert of one, as PostgreSQL's primary key would: an insert of the same fold is skipped)."""
    mark = dialect.placeholder
    return (
        f"SELECT 1 FROM checkpoints WHERE partnership = {mark} AND kind = {mark} "
        f"AND format = {mark} AND through = {mark} AND position = {mark}"
    )


def save_checkpoint_sql(dialect: Dialect) -> str:
    """The insert of one checkpoint row, its columns in :data:`CHECKPOINT_COLUMNS` order."""
    marks = ", ".join(dialect.placeholder for _ in CHECKPOINT_COLUMNS.split(", "))
    return f"INSERT INTO checkpoints ({CHECKPOINT_COLUMNS}) VALUES ({marks})"


def drop_stale_sql(dialect: Dialect) -> str:
    """The delete an append runs per partnership of its batch (see :func:`earliest_days`)."""
    mark = dialect.placeholder
    return f"DELETE FROM checkpoints WHERE partnership = {mark} AND through >= {mark}"


def earliest_days(batch: Iterable[NewRecord]) -> dict[str, date]:
    """The earliest ``effective`` day of each partnership's records in *batch*: an append
    drops every checkpoint of that partnership through that day or later."""
    earliest: dict[str, date] = {}
    for record in batch:
        known = earliest.get(record.partnership)
        if known is None or record.effective < known:
            earliest[record.partnership] = record.effective
    return earliest


# ------------------------------------------------------------------------ schema

#: A record whose version is not its place among its partnership's records (one pass
#: over the unique (partnership, version) index).
WRONG_VERSION: Final = """
SELECT position, partnership, version, n FROM (
    SELECT position, partnership, version, ROW_NUMBER() OVER w AS n,
           LAG(position) OVER w AS before
    FROM events WINDOW w AS (PARTITION BY partnership ORDER BY version)
) AS numbered WHERE version != n OR before >= position ORDER BY position LIMIT 1
"""


def check_from_version(from_version: object) -> int:
    """*from_version*, if it is a schema version a migration step can start from."""
    if isinstance(from_version, bool) or not isinstance(from_version, int) or from_version < 0:
        raise UsageError(f"from_version must be a schema version >= 0, not {from_version!r}")
    return from_version


def _schema_version(_instance: object, _attribute: attrs.Attribute[int], value: int) -> None:
    check_from_version(value)


def _frozen_steps(steps: Mapping[int, Step]) -> Mapping[int, Step]:
    for version in steps:
        check_from_version(version)
    return MappingProxyType(dict(steps))


@attrs.frozen
class Migrations(Generic[Step]):
    """The schema a store writes and the steps that bring an older ledger up to it.

    A value handed to the store when it opens (each backend has its own default,
    ``MIGRATIONS``), never a registry: :meth:`with_step` gives a new value and leaves
    this one as it was, so one process may open ledgers with different steps.
    """

    #: The schema version a ledger is created at, and upgraded to.
    latest: int = attrs.field(validator=_schema_version)
    #: The step that upgrades a ledger from each schema version by one.
    steps: Mapping[int, Step] = attrs.field(converter=_frozen_steps)

    def step(self, from_version: int) -> Step | None:
        """The step upgrading a ledger from schema *from_version*, if there is one."""
        return self.steps.get(from_version)

    def missing(self, found: int) -> int | None:
        """The first schema version from *found* up to :attr:`latest` with no step."""
        return next((v for v in range(found, self.latest) if v not in self.steps), None)

    def with_step(self, from_version: int, step: Step) -> Migrations[Step]:
        """These migrations with *step* upgrading from schema *from_version* (replacing
        any step there was), up to at least ``from_version + 1``."""
        start = check_from_version(from_version)
        return Migrations(latest=max(self.latest, start + 1), steps={**self.steps, start: step})

"""SQL shared by the SQLite and PostgreSQL stores (a private module: the stores' own).

Each backend describes its SQL dialect once, as a :class:`Dialect`: its placeholder
and how it binds a day, a recording time and a list of type names. What is the same in
both is written here once, in terms of that dialect.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Final

import attrs

from .records import Query, iso_timestamp

__all__ = ["ORDER_BY", "POSTGRES", "SQLITE", "Dialect", "where_clauses"]

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


@attrs.frozen
class Dialect:
    """How one backend writes a bound value into SQL."""

    #: The parameter placeholder: ``?`` or ``%s``.
    placeholder: str
    #: A day as the column holds it (ISO text, or the date itself).
    day: Callable[[date], object]
    #: A recording time as the column holds it.
    moment: Callable[[datetime], object]
    #: The clause (and its parameters) keeping records of the given type names.
    types: Callable[[tuple[str, ...]], tuple[str, list[object]]]


def _same(value: object) -> object:
    return value


#: SQLite keeps days and times as fixed-width ISO text.
SQLITE: Final = Dialect(
    placeholder="?", day=date.isoformat, moment=iso_timestamp, types=_type_in("?")
)
#: PostgreSQL keeps them as ``date`` and ``timestamptz``.
POSTGRES: Final = Dialect(placeholder="%s", day=_same, moment=_same, types=_type_any)


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

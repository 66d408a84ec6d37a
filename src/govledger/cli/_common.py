"""What every ``govledger`` command shares: ``--db`` and ``--json``, the exit codes
(:class:`Failure` 1, :class:`BadInput` 2), date and ``--known-at`` parsing, and the
text table.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, TypeVar

import attrs
import click

from ..errors import GovLedgerError
from ..events import (
    DateSpec,
    PartnershipFormed,
)
from ..ledger import Ledger
from . import output as cli_output

#: Version of the JSON shapes the commands print; bumped only if a key changes meaning.
JSON_FORMAT = 1
#: The ledger that ``state``, ``history`` and ``partnerships`` read by default.
DEFAULT_DB = "govledger.db"
#: The ledger that ``demo`` writes by default.
DEMO_DB = "seed-ledger.db"

F = TypeVar("F", bound=Callable[..., Any])


# --------------------------------------------------------------------------- errors


class Failure(click.ClickException):
    """The ledger could not answer: exit code 1, with a message saying what to do."""

    exit_code = 1


class _BadInput(click.ClickException):
    """The command asked for something that is not there: exit code 2."""

    exit_code = 2


@contextmanager
def reported() -> Iterator[None]:
    """Turn any govledger error into a one-line message and exit code 1, never a traceback."""
    try:
        yield
    except GovLedgerError as exc:
        raise Failure(str(exc)) from exc


# --------------------------------------------------------------------------- option values


def parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
    """An ISO calendar date, YYYY-MM-DD."""
    if value is None:
        return None
    text = value.strip()
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is not a date; use YYYY-MM-DD, such as 2022-09-01", ctx, param
        ) from None


_DAY_WITH_ZONE = re.compile(
    r"(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})(?P<zone>Z|[+-][0-9]{2}:?[0-9]{2})?", re.IGNORECASE
)


def _end_of_day(text: str) -> datetime | None:
    """The last moment of a day given as ``2022-09-01`` (UTC), ``...Z`` or ``...+01:00``."""
    match = _DAY_WITH_ZONE.fullmatch(text)
    if match is None:
        return None
    day = date.fromisoformat(match["day"])
    zone = (match["zone"] or "Z").upper().replace("Z", "+00:00")
    offset = datetime.fromisoformat(f"2000-01-01T00:00:00{zone}").tzinfo
    return datetime.combine(day, time.max, tzinfo=offset)


def parse_known_at(
    ctx: click.Context, param: click.Parameter, value: str | None
) -> datetime | int | None:
    """A ledger position (a whole number), a recording time, or a day (to its end).

    A time is an ISO datetime with ``Z`` or an offset; a day alone, such as
    ``2022-09-01`` (UTC) or ``2022-09-01+01:00``, means everything recorded by the
    end of that day.
    """
    if value is None:
        return None
    text = value.strip()
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    try:
        day_end = _end_of_day(text)
        if day_end is not None:
            return day_end
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise click.BadParameter(
            f"{text!r} is neither a recording time nor a position; give an ISO datetime "
            "with a timezone, such as 2026-11-23T12:00:00+00:00 (or ...Z), a day such as "
            "2026-11-23 (everything recorded by its end, UTC), or a ledger position such "
            "as 42",
            ctx,
            param,
        ) from None
    if moment.tzinfo is None:
        raise click.BadParameter(
            f"{text!r} has no timezone; recording times are in UTC, so write it as "
            f"{text}+00:00 (or {text}Z), or with your own offset",
            ctx,
            param,
        )
    return moment


def known_at_json(known_at: datetime | int | None) -> str | int | None:
    """``--known-at`` as the JSON answers echo it: an ISO time, a position or ``None``."""
    return known_at.isoformat() if isinstance(known_at, datetime) else known_at


def recorded_text(moment: datetime) -> str:
    """A recording time in full, in UTC, as ``--known-at`` reads it back."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


# --------------------------------------------------------------------------- settings


@attrs.frozen
class Settings:
    db: Path | None
    #: Whether to print data (``--json``, ``--csv`` or ``--nl``) rather than text.
    as_json: bool
    output: cli_output.Format = cli_output.Format.TEXT


def common_options(func: F) -> F:
    """Add ``--db``, ``--json``, ``--csv`` and ``--nl`` to the group and to every command."""
    func = cli_output.format_options(func)
    func = click.option(
        "--json",
        "as_json",
        is_flag=True,
        default=False,
        help="Print stable JSON (for scripts) instead of text.",
    )(func)
    return click.option(
        "--db",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="PATH",
        default=None,
        help=f"The ledger file. Default: ./{DEFAULT_DB} (./{DEMO_DB} for demo).",
    )(func)


def settings_for(db: Path | None, as_json: bool) -> Settings:
    """The options given after the command, else those given before it."""
    outer = click.get_current_context().find_object(Settings) or Settings(None, False)
    output = cli_output.chosen(as_json or outer.output is cli_output.Format.JSON)
    return Settings(db=db or outer.db, as_json=output is not cli_output.Format.TEXT, output=output)


@contextmanager
def open_existing(db: Path | None) -> Iterator[Ledger]:
    """Open a ledger that must already exist: a missing file is exit code 2."""
    path = db or Path(DEFAULT_DB)
    if not path.exists():
        raise _BadInput(f"no ledger at {path}; run `govledger demo` or pass --db")
    with reported(), Ledger.open(path) as ledger:
        yield ledger


def require(ledger: Ledger, partnership: str, db: Path | None) -> None:
    """Exit with code 1, listing the known partnerships, if *partnership* is not recorded."""
    known = ledger.partnerships()
    if partnership in known:
        return
    where = db or Path(DEFAULT_DB)
    close = difflib.get_close_matches(partnership, known, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    listed = ", ".join(known) or "none yet"
    raise Failure(
        f"no partnership {partnership!r} in {where}.{hint} Known partnerships: {listed} "
        "(see `govledger partnerships`)."
    )


def emit_json(data: dict[str, Any], rows: Sequence[dict[str, Any]] | None = None) -> None:
    """Print *data* as JSON, or its *rows* (else *data* as one row) for ``--csv``/``--nl``."""
    output = cli_output.chosen(False)
    if output is cli_output.Format.TEXT:
        output = cli_output.Format.JSON
    cli_output.emit(data, output, rows=rows, version=JSON_FORMAT)


# --------------------------------------------------------------------------- text


def table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, fixed: Sequence[int] = (0,)
) -> str:
    """Aligned columns under a rule, wrapped to the terminal's width but for *fixed* ones."""
    return cli_output.table(headers, rows, fixed=fixed)


def short(when: DateSpec | None) -> str:
    """A date, or a period as ``2009-09-01/2009-09-07`` (``by 2009-06-29`` if open)."""
    if when is None:
        return "-"
    if isinstance(when, date):
        return when.isoformat()
    if when.latest is None:
        assert when.earliest is not None  # a period has at least one bound
        return f"from {when.earliest.isoformat()}, date not stated"
    if when.earliest is None:
        return f"by {when.latest.isoformat()}"
    if when.earliest == when.latest:
        return when.latest.isoformat()
    return f"{when.earliest.isoformat()}/{when.latest.isoformat()}"


def formation(ledger: Ledger, partnership: str) -> PartnershipFormed | None:
    for record in ledger.history(partnership):
        if isinstance(record.event, PartnershipFormed):
            return record.event
    return None

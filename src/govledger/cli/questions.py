"""``govledger verify``, ``timeline`` and ``diff``: the library's other questions, asked
from the command line.

An edge like :mod:`govledger.cli`, which registers these commands (``register``). They
take the same ``--db``, ``--json``, ``--csv`` and ``--nl`` as every command, and
``timeline`` and ``diff`` take ``--known-at`` as ``state`` does.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click

from ..changes import Change
from ..errors import GovLedgerError
from ..ledger import Ledger
from ..store import ChainHead
from ._common import (
    common_options,
    emit_json,
    known_at_json,
    open_existing,
    parse_day,
    reported,
    require,
    settings_for,
    table,
)
from .commands import describe_known_at, known_at_option, partnership_dates
from .shapes import change_to_json

__all__ = ["change_to_json", "diff", "register", "timeline", "verify"]


def _changes_table(changes: tuple[Change, ...]) -> str:
    rows = [
        [
            change.on.isoformat(),
            change.kind.value.replace("_", " "),
            ", ".join(str(a) for a in change.authorised_by) or "-",
            change.description + (" (by the passage of time)" if change.by_time else ""),
        ]
        for change in changes
    ]
    return table(["ON", "CHANGE", "AUTHORISED BY", "WHAT"], rows, fixed=(0, 1))


def _known_note(ledger: Ledger, known_at: datetime | int | None) -> str:
    if known_at is None:
        return ""
    position = ledger.position_at(known_at)
    return f" as recorded {describe_known_at(known_at)} (up to position {position})"


@click.command()
@click.argument("partnership")
@known_at_option
@common_options
def timeline(
    partnership: str, known_at: datetime | int | None, db: Path | None, as_json: bool
) -> None:
    """List every dated change to PARTNERSHIP, with what authorised it."""
    settings = settings_for(db, as_json)
    with open_existing(settings.db) as ledger, reported():
        require(ledger, partnership, settings.db)
        changes = ledger.timeline(partnership, known_at=known_at)
        note = _known_note(ledger, known_at)
        spans = partnership_dates(ledger, partnership, known_at)
    if settings.as_json:
        rows = [change_to_json(c, spans) for c in changes]
        given = known_at_json(known_at)
        emit_json({"partnership": partnership, "known_at": given, "changes": rows}, rows=rows)
        return
    click.echo(f"{len(changes)} changes to {partnership}{note}.")
    if changes:
        click.echo(_changes_table(changes))


@click.command()
@click.argument("partnership")
@click.argument("from_date", metavar="FROM")
@click.argument("to_date", metavar="TO", required=False)
@known_at_option
@common_options
def diff(
    partnership: str,
    from_date: str,
    to_date: str | None,
    known_at: datetime | int | None,
    db: Path | None,
    as_json: bool,
) -> None:
    """List what changed in PARTNERSHIP after FROM, up to and including TO (default today).

    FROM and TO are days, YYYY-MM-DD: the changes turn the state on FROM into the
    state on TO.
    """
    ctx = click.get_current_context()
    start = _argument_day(ctx, "FROM", from_date)
    end = date.today() if to_date is None else _argument_day(ctx, "TO", to_date)
    if start > end:
        raise click.BadParameter(
            f"FROM ({start}) is after TO ({end}); give the earlier day first", ctx
        )
    settings = settings_for(db, as_json)
    with open_existing(settings.db) as ledger, reported():
        require(ledger, partnership, settings.db)
        changes = ledger.diff(partnership, start, end, known_at=known_at)
        note = _known_note(ledger, known_at)
        spans = partnership_dates(ledger, partnership, known_at)
    if settings.as_json:
        rows = [change_to_json(c, spans) for c in changes]
        given = known_at_json(known_at)
        data = {
            "partnership": partnership,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "known_at": given,
            "changes": rows,
        }
        emit_json(data, rows=rows)
        return
    click.echo(f"{len(changes)} changes to {partnership} after {start}, up to {end}{note}.")
    if changes:
        click.echo(_changes_table(changes))


def _argument_day(ctx: click.Context, name: str, value: str) -> date:
    parameter = next(p for p in ctx.command.params if p.human_readable_name == name)
    day = parse_day(ctx, parameter, value)
    assert day is not None
    return day


@click.command()
@click.option(
    "--expected-head",
    "expected_head",
    metavar="POSITION:HASH",
    default=None,
    help="A head kept earlier (str(ledger.head())): the ledger must still hold it unchanged.",
)
@common_options
def verify(expected_head: str | None, db: Path | None, as_json: bool) -> None:
    """Check the ledger's hash chain; exit code 1 if it is broken.

    With --expected-head, also check that the ledger still holds that event unchanged
    (so its tail was not cut off and its history was not rebuilt).
    """
    ctx = click.get_current_context()
    head = None
    if expected_head is not None:
        try:
            head = ChainHead.parse(expected_head)
        except GovLedgerError as exc:
            raise click.BadParameter(str(exc), ctx, param_hint="'--expected-head'") from None
    settings = settings_for(db, as_json)
    with open_existing(settings.db) as ledger, reported():
        report = ledger.verify(expected_head=head)
        # An intact ledger's head as ``govledger head`` publishes it, Merkle root included.
        verified = ledger.head() if report.ok else report.head
    if settings.as_json:
        data = {
            "ok": report.ok,
            "events_checked": report.events_checked,
            "head": str(verified),
            "expected_head": None if head is None else str(head),
            "first_bad_position": report.first_bad_position,
            "problem": None if report.problem is None else report.problem.value,
            "detail": report.detail,
        }
        emit_json(data)
    else:
        click.echo(report.detail)
        if report.ok:
            click.echo(f"head: {verified}")
    if not report.ok:
        ctx.exit(1)


def register(group: click.Group) -> None:
    """Add ``verify``, ``timeline`` and ``diff`` to *group* (the ``govledger`` command)."""
    for command in (verify, timeline, diff):
        group.add_command(command)

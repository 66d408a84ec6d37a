"""``govledger copy SOURCE DEST``: move a whole ledger between stores.

An edge like :mod:`govledger.cli`, which registers this command; the work is done by
:func:`govledger.copy.copy_ledger`.
"""

from __future__ import annotations

import click

from ..copy import copy_ledger
from ..errors import GovLedgerError, UsageError
from . import output as cli_output

__all__ = ["copy"]

#: The version of the JSON this command prints: the same as ``govledger.cli.JSON_FORMAT``.
_JSON_FORMAT = 1


@click.command("copy")
@click.argument("source")
@click.argument("destination")
@click.option(
    "--json", "as_json", is_flag=True, default=False, help="Print stable JSON instead of text."
)
@cli_output.format_options
def copy(source: str, destination: str, as_json: bool) -> None:
    """Copy the whole ledger at SOURCE into a new or empty ledger at DESTINATION.

    Each is a file path, sqlite:///PATH or postgresql://USER@HOST/DATABASE. The source
    is verified first; every event is copied exactly as it was recorded (position,
    recording time, hashes) in one transaction; then the destination is verified and
    must end at the source's head. A destination that already holds events is refused.

    \b
      govledger copy seed-ledger.db postgresql://clerk@db.example/ledger
      govledger copy postgresql://clerk@db.example/ledger backup.db
    """
    try:
        report = copy_ledger(source, destination)
    except UsageError as exc:
        raise _BadInput(str(exc)) from exc
    except GovLedgerError as exc:
        raise _Failure(str(exc)) from exc
    output = cli_output.chosen(as_json)
    if output is not cli_output.Format.TEXT:
        data = {
            "source": report.source,
            "destination": report.destination,
            "events": report.events,
            "partnerships": report.partnerships,
            "head": str(report.head),
            "seconds": round(report.seconds, 3),
        }
        cli_output.emit(data, output, version=_JSON_FORMAT)
        return
    click.echo(str(report))


class _Failure(click.ClickException):
    """The copy failed (a ledger did not verify, a server could not be used): exit code 1."""

    exit_code = 1


class _BadInput(click.ClickException):
    """The command was given something it cannot copy from or to: exit code 2."""

    exit_code = 2

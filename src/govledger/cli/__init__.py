"""The ``govledger`` command: ask a ledger file about its partnerships without Python.

An edge module: it imports the core, and the core never imports it. Every command
takes ``--db PATH`` and ``--json`` (or ``--csv``, or ``--nl``: see
:mod:`govledger.cli.output`), before or after the command name::

    govledger demo
    govledger --db seed-ledger.db partnerships
    govledger --db seed-ledger.db state cdc-occ --as-of 2022-09-01
    govledger --db seed-ledger.db history bdc-rbc --json

Exit codes: 0 when the command answered; 1 when the ledger could not answer (an
unknown partnership, a file that is not a ledger, a rule the ledger enforces); 2 for a
mistake in the command itself (a bad date, a missing database file, an unknown option).
"""

from __future__ import annotations

from pathlib import Path

import click

from .. import __version__
from ..ingest.cli import apply_command, ingest_command
from . import commands, copy, council, export, proofs, questions
from . import output as cli_output
from ._common import DEFAULT_DB, DEMO_DB, JSON_FORMAT, Settings, common_options
from .seeds import examples_dir
from .shapes import recorded_event_to_json, state_to_json

__all__ = [
    "DEFAULT_DB",
    "DEMO_DB",
    "JSON_FORMAT",
    "examples_dir",
    "main",
    "recorded_event_to_json",
    "state_to_json",
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@common_options
@click.version_option(__version__, prog_name="govledger")
@click.pass_context
def main(ctx: click.Context, db: Path | None, as_json: bool) -> None:
    """Ask a govledger ledger about council partnerships, on any date.

    \b
    Start with the seed ledger of five real council decisions:
      govledger demo
      govledger --db seed-ledger.db partnerships
      govledger --db seed-ledger.db state cdc-occ --as-of 2022-09-01
      govledger --db seed-ledger.db history cdc-occ --json

    Exit codes: 0 answered; 1 the ledger could not answer (an unknown
    partnership, a file that is not a ledger); 2 a mistake in the command (a bad
    date, a missing database, an unknown option).
    """
    output = cli_output.Format.JSON if as_json else cli_output.Format.TEXT
    ctx.obj = Settings(db=db, as_json=as_json, output=output)


for _command in commands.COMMANDS:
    main.add_command(_command)
main.add_command(copy.copy)
proofs.register(main)
for _command in export.COMMANDS:
    main.add_command(_command)
for _command in (ingest_command, apply_command):  # defined with ingest, printed as here
    main.add_command(cli_output.with_formats(_command))
questions.register(main)  # verify, timeline, diff
main.add_command(council.council)

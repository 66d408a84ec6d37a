"""``govledger head``, ``govledger prove POSITION``, ``govledger check-proof FILE``.

Merkle proofs in the manner of Certificate Transparency (see :mod:`govledger.proofs`).
An edge like :mod:`govledger.cli`, which registers these commands. ``check-proof``
needs no ledger: the document holds the event, the proof and the head(s).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from .. import proofs
from ..errors import GovLedgerError, UsageError
from ..ledger import Ledger
from ..store import ChainHead
from . import output as cli_output

__all__ = ["check_proof", "head", "prove", "register"]

_DEFAULT_DB = "ledger.db"
_DB = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    default=None,
    help=f"The ledger file or postgresql:// URL. Default: ./{_DEFAULT_DB}.",
)
_JSON = click.option("--json", "as_json", is_flag=True, default=False, help="Print JSON.")


class _Failure(click.ClickException):
    """A proof did not check out, or the ledger could not be read: exit code 1."""

    exit_code = 1


class _BadInput(click.ClickException):
    """The command was given something it cannot use: exit code 2."""

    exit_code = 2


@contextmanager
def _ledger(db: Path | None) -> Iterator[Ledger]:
    outer = click.get_current_context().find_root().params.get("db")
    target = str(db or outer or _DEFAULT_DB)
    if "://" not in target and not Path(target).exists():
        raise _BadInput(f"no ledger at {target}; pass --db")
    try:
        with Ledger.open(target) as ledger:
            yield ledger
    except UsageError as exc:
        raise _BadInput(str(exc)) from exc
    except GovLedgerError as exc:
        raise _Failure(str(exc)) from exc


def _parse_head(text: str | None) -> ChainHead | None:
    if text is None:
        return None
    try:
        return ChainHead.parse(text)
    except UsageError as exc:
        raise _BadInput(str(exc)) from exc


@click.command("head")
@_DB
@_JSON
@cli_output.format_options
def head(db: Path | None, as_json: bool) -> None:
    """Print the ledger's head: POSITION:HASH:MERKLE-ROOT, one line to publish.

    Publish it (in the minutes, say); later, `govledger prove` shows that an event was
    in the ledger by then, and `govledger prove --since HEAD` that nothing before it
    changed.
    """
    with _ledger(db) as ledger:
        found = ledger.head()
    output = cli_output.chosen(as_json)
    if output is cli_output.Format.JSON:
        click.echo(json.dumps({"format": proofs.PROOF_FORMAT, **proofs.head_to_json(found)}))
        return
    if output is not cli_output.Format.TEXT:  # --csv or --nl: the head as one row
        cli_output.emit(proofs.head_to_json(found), output)
        return
    click.echo(str(found))


@click.command("prove")
@click.argument("position", type=int, required=False)
@click.option("--head", "at", metavar="HEAD", default=None, help="Prove against this head.")
@click.option(
    "--since",
    metavar="OLD_HEAD",
    default=None,
    help="Instead, prove that the ledger extends OLD_HEAD (a consistency proof).",
)
@_DB
def prove(position: int | None, at: str | None, since: str | None, db: Path | None) -> None:
    """Print a proof document (JSON) that the event at POSITION is in the ledger.

    With --since OLD_HEAD, a proof that the ledger (at --head, or now) extends OLD_HEAD
    unchanged. Anyone can check the document with `govledger check-proof FILE`.
    """
    head_at = _parse_head(at)
    old = _parse_head(since)
    if (position is None) == (old is None):
        raise _BadInput("give a POSITION to prove, or --since OLD_HEAD (not both)")
    with _ledger(db) as ledger:
        try:
            new = ledger.head(known_at=None if head_at is None else head_at.position)
            if head_at is not None and new != head_at:
                raise _Failure(
                    f"this ledger's head at position {head_at.position} is {new}, not {head_at}"
                )
            if old is not None:
                proof = ledger.consistency(old, new)
                document = {
                    "format": proofs.PROOF_FORMAT,
                    "kind": "consistency",
                    "old_head": proofs.head_to_json(ledger.head(known_at=old.position)),
                    "new_head": proofs.head_to_json(new),
                    "proof": proof.to_json(),
                }
            else:
                assert position is not None
                inclusion = ledger.prove(position, head=new)
                document = {
                    "format": proofs.PROOF_FORMAT,
                    "kind": "inclusion",
                    "head": proofs.head_to_json(new),
                    "record": proofs.record_to_json(ledger.record(position)),
                    "proof": inclusion.to_json(),
                }
        except UsageError as exc:
            raise _BadInput(str(exc)) from exc
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


@click.command("check-proof")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--head",
    "expected",
    metavar="HEAD",
    default=None,
    help="The head you trust (as published); the document's own head must be this one.",
)
def check_proof(file: Path, expected: str | None) -> None:
    """Check a proof document from `govledger prove`, with no ledger at all.

    Exit code 0 if it checks out, 1 if it does not, 2 if FILE is not a proof document.
    Pass --head with the head you trust (for example as published in the minutes):
    a proof only proves something against a head you did not take from the document.
    """
    trusted = _parse_head(expected)
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise _BadInput(f"cannot read a proof document from {file}: {exc}") from exc
    try:
        ok, why = proofs.check_document(document)
        if ok and trusted is not None:
            given = document.get("head") or document.get("new_head")
            if proofs.head_from_json(given) != trusted or (
                trusted.root is not None and given.get("root") != trusted.root
            ):
                ok, why = False, f"the document's head is not the trusted head {trusted}"
    except UsageError as exc:
        raise _BadInput(str(exc)) from exc
    if not ok:
        raise _Failure(why)
    click.echo(f"ok: {why}")


def register(group: click.Group) -> None:
    """Add ``head``, ``prove`` and ``check-proof`` to the ``govledger`` command *group*."""
    for command in (head, prove, check_proof):
        group.add_command(command)

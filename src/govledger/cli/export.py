"""``govledger export``, ``govledger report`` and ``govledger datasette-metadata``.

An edge like :mod:`govledger.cli`, which registers these commands; the work is done by
:mod:`govledger.export`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import click

from ..errors import GovLedgerError
from ..ledger import Ledger

__all__ = ["COMMANDS"]

_DEFAULT_DB = "govledger.db"
_FORMATS = ("csv", "jsonl", "popolo", "ocd")


class _Failure(click.ClickException):
    """The ledger could not answer: exit code 1."""

    exit_code = 1


class _BadInput(click.ClickException):
    """The command asked for something that is not there: exit code 2."""

    exit_code = 2


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
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


def _ledger_path(ctx: click.Context, db: Path | None) -> Path:
    if db is not None:
        return db
    outer = ctx.find_root().params.get("db")
    return Path(outer) if outer else Path(_DEFAULT_DB)


@contextmanager
def _opened(path: Path) -> Iterator[Ledger]:
    if not path.exists():
        raise _BadInput(f"no ledger at {path}; run `govledger demo` or pass --db")
    try:
        with Ledger.open(path) as ledger:
            yield ledger
    except GovLedgerError as exc:
        raise _Failure(str(exc)) from exc


def _chosen(ledger: Ledger, wanted: tuple[str, ...], path: Path) -> list[str]:
    known = ledger.partnerships()
    unknown = [p for p in wanted if p not in known]
    if unknown:
        listed = ", ".join(known) or "none yet"
        raise _Failure(
            f"no partnership {', '.join(map(repr, unknown))} in {path}. Known partnerships: "
            f"{listed} (see `govledger partnerships`)."
        )
    return list(wanted) if wanted else known


_DB_OPTION = click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="PATH",
    default=None,
    help=f"The ledger file. Default: ./{_DEFAULT_DB}.",
)
_AS_OF_OPTION = click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM-DD",
    callback=_day,
    default=None,
    help="The day the state is taken on. Default: today.",
)


@click.command("export")
@click.option(
    "--format",
    "format_",
    type=click.Choice(_FORMATS),
    required=True,
    help="csv or jsonl: one file per table; popolo or ocd: one JSON document.",
)
@click.option(
    "--out",
    "-o",
    type=click.Path(path_type=Path),
    default=None,
    help="A directory for csv/jsonl (default ./export); a file for popolo/ocd (default: "
    "standard output).",
)
@click.option(
    "--partnership",
    "-p",
    "partnerships",
    multiple=True,
    help="Export only this partnership (repeat for several). Default: all.",
)
@_AS_OF_OPTION
@_DB_OPTION
@click.pass_context
def export(
    ctx: click.Context,
    format_: str,
    out: Path | None,
    partnerships: tuple[str, ...],
    as_of: date | None,
    db: Path | None,
) -> None:
    """Write the ledger out as tables (CSV, JSON Lines) or as Popolo JSON.

    \b
      govledger --db seed-ledger.db export --format csv --out tables/
      govledger --db seed-ledger.db export --format popolo --as-of 2022-09-01 -o popolo.json

    Tables: decisions, parts, votes, named_votes, arrangements, posts, delegations and
    cost_shares, one file each, columns in a fixed order, ISO dates; a date known only
    as a period has _earliest, _latest and _words columns.
    """
    from .. import export as exporting

    path = _ledger_path(ctx, db)
    day = as_of or date.today()
    with _opened(path) as ledger:
        names = _chosen(ledger, partnerships, path)
        try:
            if format_ in ("csv", "jsonl"):
                found = exporting.tables(ledger, as_of=day, partnerships=names)
                target = out or Path("export")
                write = exporting.write_csv if format_ == "csv" else exporting.write_jsonl
                for written in write(found, target):
                    click.echo(str(written))
                return
            document: dict[str, Any] = (
                exporting.popolo(ledger, as_of=day, partnerships=names)
                if format_ == "popolo"
                else exporting.ocd(ledger, as_of=day, partnerships=names)
            )
        except GovLedgerError as exc:
            raise _Failure(str(exc)) from exc
    text = json.dumps(document, indent=2, ensure_ascii=False)
    if out is None:
        click.echo(text)
        return
    out.write_text(text + "\n", encoding="utf-8")
    click.echo(str(out))


@click.command("datasette-metadata")
@click.option(
    "--out",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the metadata here (default: standard output).",
)
@click.option("--title", default=None, help="The site's title. Default: govledger: <file>.")
@_DB_OPTION
@click.pass_context
def datasette_metadata(
    ctx: click.Context, out: Path | None, title: str | None, db: Path | None
) -> None:
    """Write a Datasette metadata.json for the ledger file's readable views.

    \b
      govledger --db seed-ledger.db datasette-metadata -o metadata.json
      datasette seed-ledger.db -m metadata.json

    Titles, descriptions, column descriptions and facets for the views (decisions,
    parts, votes, arrangement_spells, arrangements_now, posts_spells, delegations, ...),
    full-text search over decisions, and the helper tables hidden.
    """
    from ..export.datasette import metadata

    path = _ledger_path(ctx, db)
    with _opened(path):  # installs the views if the file lacks them
        pass
    text = json.dumps(metadata(path.stem, title=title), indent=2, ensure_ascii=False)
    if out is None:
        click.echo(text)
        return
    out.write_text(text + "\n", encoding="utf-8")
    click.echo(str(out))


@click.command("report")
@click.argument("partnership")
@click.option(
    "--html",
    "html_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the timeline as one self-contained HTML page here.",
)
@click.option(
    "--png",
    "image_out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write the timeline as an image here (.png or .svg; needs matplotlib).",
)
@click.option(
    "--until",
    metavar="YYYY-MM-DD",
    callback=_day,
    default=None,
    help="The chart's last day. Default: a year after the last change.",
)
@_DB_OPTION
@click.pass_context
def report(
    ctx: click.Context,
    partnership: str,
    html_out: Path | None,
    image_out: Path | None,
    until: date | None,
    db: Path | None,
) -> None:
    """Draw PARTNERSHIP's history as a timeline: an HTML page and/or an image.

    \b
      govledger --db seed-ledger.db report cdc-occ --html cdc-occ.html
      govledger --db seed-ledger.db report cdc-occ --png cdc-occ.svg

    Arrangements, services, posts and holders, delegations, bodies and members as bars
    over time; pending, uncertain and lapsed decisions drawn apart; each bar links to
    the decisions that authorised it; a slider (or the key dates' anchors) shows the
    state on each day something changed. The page needs no network.
    """
    from ..export import html, timeline

    if html_out is None and image_out is None:
        raise _BadInput("say where to write the timeline: --html FILE and/or --png FILE")
    path = _ledger_path(ctx, db)
    with _opened(path) as ledger:
        _chosen(ledger, (partnership,), path)
        try:
            chart = timeline.build(ledger, partnership, until=until)
        except GovLedgerError as exc:
            raise _Failure(str(exc)) from exc
    if html_out is not None:
        html_out.write_text(html.page(chart), encoding="utf-8")
        click.echo(str(html_out))
    if image_out is not None:
        from ..plot import draw

        draw(chart).savefig(image_out, dpi=120, bbox_inches="tight")
        click.echo(str(image_out))


#: Every command this module adds to ``govledger``.
COMMANDS: tuple[click.Command, ...] = (export, datasette_metadata, report)

"""The commands that read one ledger: ``demo``, ``partnerships``, ``state`` and ``history``."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from ..events import (
    DateSpec,
    PartnershipDissolved,
    PartnershipFormed,
)
from ..ledger import KnownAt, Ledger
from ..projections import (
    PartnershipState,
    state_as_of,
)
from ..report import format_state
from ..wording import summarise
from . import demo as cli_demo
from . import output as cli_output
from ._common import (
    DEFAULT_DB,
    DEMO_DB,
    F,
    common_options,
    emit_json,
    formation,
    known_at_json,
    open_existing,
    parse_day,
    parse_known_at,
    recorded_text,
    reported,
    require,
    settings_for,
    short,
    table,
)
from .seeds import SeedModule, check_replaceable, seed_module
from .shapes import recorded_event_to_json, sections, state_to_json, when_json

__all__ = [
    "COMMANDS",
    "STATE_SECTIONS",
    "as_of_option",
    "describe_known_at",
    "known_at_option",
    "partnership_dates",
    "state_rows",
]

# --------------------------------------------------------------------------- commands


@click.command()
@click.option(
    "--full", is_flag=True, default=False, help="Print each whole state, not one line per date."
)
@common_options
def demo(full: bool, db: Path | None, as_json: bool) -> None:
    """Build the seed ledger and show it at key dates.

    Builds a ledger of the five seed records and prints one line for each
    partnership on each date that matters (--full: the whole state on each). Writes
    ./seed-ledger.db (or --db PATH), replacing a seed ledger an earlier demo built;
    it refuses to replace any other file.
    """
    settings = settings_for(db, as_json)
    path = settings.db or Path(DEMO_DB)
    seed = seed_module()
    check_replaceable(path, frozenset(view[0] for view in seed.VIEWS))
    with reported():
        if settings.as_json:
            _demo_json(seed, path)
        else:
            click.echo(f"Building the seed ledger at {path}")
            with seed.build(path, say=click.echo) as ledger:
                if full:
                    seed.show_all(ledger)
                else:
                    cli_demo.summary(ledger, seed.VIEWS, say=click.echo)
            click.echo("")
            click.echo(f"The seed ledger is in {path}. Try (or demo --full for every state):")
            click.echo(f"  govledger --db {path} partnerships")
            click.echo(f"  govledger --db {path} state cdc-occ --as-of 2022-09-01")
            click.echo(f"  govledger --db {path} diff cdc-occ 2022-08-30 2022-09-01")


def _demo_json(seed: SeedModule, path: Path) -> None:
    with seed.build(path, say=lambda line: click.echo(line, err=True)) as ledger:
        views = [
            {
                "partnership": partnership,
                "heading": heading,
                "dates": [
                    {
                        "as_of": day.isoformat(),
                        "why": why,
                        "state": state_to_json(ledger.state(partnership, as_of=day)),
                    }
                    for day, why in dates
                ],
            }
            for partnership, heading, dates in seed.VIEWS
        ]
        emit_json(
            {
                "db": str(path),
                "events": sum(1 for _ in ledger.events()),
                "partnerships": ledger.partnerships(),
                "views": views,
            }
        )


@click.command()
@common_options
def partnerships(db: Path | None, as_json: bool) -> None:
    """List the partnerships in the ledger."""
    settings = settings_for(db, as_json)
    with open_existing(settings.db) as ledger, reported():
        found = [(p, formation(ledger, p), ledger.version(p)) for p in ledger.partnerships()]
    if settings.as_json:
        listed = [
            {
                "partnership": partnership,
                "name": None if formed is None else formed.name,
                "formed": None if formed is None else when_json(formed.effective),
                "events": events,
            }
            for partnership, formed, events in found
        ]
        emit_json({"db": str(settings.db or DEFAULT_DB), "partnerships": listed}, rows=listed)
        return
    if not found:
        click.echo("The ledger holds no partnerships yet.")
        return
    rows = [
        [
            partnership,
            str(events),
            "-" if formed is None else short(formed.effective),
            "-" if formed is None else formed.name,
        ]
        for partnership, formed, events in found
    ]
    click.echo(table(["PARTNERSHIP", "EVENTS", "FORMED", "NAME"], rows))


def as_of_option(func: F) -> F:
    """``--as-of YYYY-MM-DD``, the day in force to answer for: today unless given."""
    return click.option(
        "--as-of",
        "as_of",
        metavar="YYYY-MM-DD",
        callback=parse_day,
        default=None,
        help="The day to answer for, YYYY-MM-DD. Default: today.",
    )(func)


def known_at_option(func: F) -> F:
    """``--known-at``: answer from only what the ledger held then."""
    return click.option(
        "--known-at",
        "known_at",
        metavar="DATETIME|DAY|POSITION",
        callback=parse_known_at,
        default=None,
        help="Only what the ledger held then: an ISO datetime with Z or an offset "
        "(events recorded at or before it), a day such as 2026-11-23 (recorded by its "
        "end, UTC; or 2026-11-23+01:00), or a position (events up to it).",
    )(func)


@click.command()
@click.argument("partnership")
@as_of_option
@known_at_option
@common_options
def state(
    partnership: str,
    as_of: date | None,
    known_at: datetime | int | None,
    db: Path | None,
    as_json: bool,
) -> None:
    """Show PARTNERSHIP as it stood on a date (today unless --as-of)."""
    settings = settings_for(db, as_json)
    day = as_of or date.today()
    with open_existing(settings.db) as ledger, reported():
        require(ledger, partnership, settings.db)
        known, total, first = 0, ledger.version(partnership), None
        if known_at is None:
            result = ledger.state(partnership, as_of=day)
            known = total
        else:
            position = ledger.position_at(known_at)
            records = list(ledger.history(partnership))
            known = sum(1 for r in records if r.position <= position)
            first = min(records, key=lambda r: r.position)
            if known:
                result = ledger.state(partnership, as_of=day, known_at=position)
            else:  # nothing recorded yet: the partnership did not exist for the ledger
                result = state_as_of(partnership, [], day)
        spans = (
            partnership_dates(ledger, partnership, None if known_at is None else position)
            if known
            else {}
        )
    if settings.as_json:
        given = known_at_json(known_at)
        found = state_to_json(result, **spans)
        data = {"known_at": given, "events_known": known, "events": total, "state": found}
        emit_json(data, rows=state_rows(found))
        return
    if known_at is not None:
        click.echo(f"As recorded {describe_known_at(known_at)}: {known} of {total} events.")
    if known == 0 and first is not None:
        click.echo(
            f"Nothing about {partnership} had been recorded yet: its first event was "
            f"recorded at {recorded_text(first.recorded_at)} (position {first.position})."
        )
        return
    click.echo(cli_output.wrap(format_state(result)))


def partnership_dates(
    ledger: Ledger, partnership: str, known_at: KnownAt | None
) -> dict[str, DateSpec | None]:
    """When the partnership was formed and dissolved, as recorded: a date or a period."""
    found: dict[str, DateSpec | None] = {"formed": None, "dissolved": None}
    for _, event in ledger.standing(partnership, known_at=known_at):
        if isinstance(event, PartnershipFormed) and found["formed"] is None:
            found["formed"] = event.effective
        elif isinstance(event, PartnershipDissolved):
            found["dissolved"] = event.effective
    return found


#: The lists of a state's JSON that are rows for ``--csv`` and ``--nl``, in order: every
#: list of a :class:`~govledger.projections.PartnershipState`.
STATE_SECTIONS = sections(PartnershipState)


def state_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A state's JSON as rows: one per fact, each naming its ``section`` first."""
    head = {"partnership": data["partnership"], "as_of": data["as_of"]}
    return [
        {**head, "section": section, **item} for section in STATE_SECTIONS for item in data[section]
    ]


def describe_known_at(known_at: datetime | int) -> str:
    if isinstance(known_at, datetime):
        return f"by {known_at.isoformat()}"
    return f"up to position {known_at}"


@click.command()
@click.argument("partnership")
@common_options
def history(partnership: str, db: Path | None, as_json: bool) -> None:
    """List every event of PARTNERSHIP in effective-date order."""
    settings = settings_for(db, as_json)
    with open_existing(settings.db) as ledger, reported():
        require(ledger, partnership, settings.db)
        records = list(ledger.history(partnership))
    if settings.as_json:
        events = [recorded_event_to_json(r) for r in records]
        emit_json({"partnership": partnership, "events": events}, rows=events)
        return
    rows = [
        [
            str(r.position),
            short(r.event.effective),
            recorded_text(r.recorded_at),
            type(r.event).__name__,
            summarise(r.event),
        ]
        for r in records
    ]
    headers = ["POS", "EFFECTIVE", "RECORDED (UTC)", "EVENT", "SUMMARY"]
    click.echo(table(headers, rows, fixed=(0, 1, 2, 3)))
    if records:
        click.echo(
            "\nA recorded time (or a position) is what --known-at takes: "
            f"govledger state {partnership} --known-at {recorded_text(records[-1].recorded_at)}"
        )


#: The commands of this module, in the order ``govledger --help`` lists them.
COMMANDS = (demo, partnerships, state, history)

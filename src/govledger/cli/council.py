"""``govledger council COUNCIL``: what one council is party to on a day, across partnerships.

An edge like :mod:`govledger.cli`, which registers the command. It asks
:meth:`Ledger.council <govledger.Ledger.council>` and prints the
:class:`~govledger.council.CouncilView`: the partnerships the council is a member of,
the arrangements in force there, the posts it shares or employs, the delegations to or
consulting its people, its cost shares, what is still pending and the caveats. It takes
``--as-of`` (default today) and ``--known-at`` as ``state`` does, and ``--json``,
``--csv`` and ``--nl`` as every command does.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import click

from ..council import CouncilView
from ..errors import UnknownPartnership
from ..ledger import KnownAt, Ledger
from ._common import (
    DEFAULT_DB,
    Failure,
    common_options,
    emit_json,
    known_at_json,
    open_existing,
    reported,
    settings_for,
    short,
    table,
)
from .commands import as_of_option, describe_known_at, known_at_option
from .shapes import council_to_json, sections

__all__ = ["COUNCIL_SECTIONS", "council", "council_rows", "council_to_json"]

#: The lists of ``council --json`` that are rows for ``--csv`` and ``--nl``, in order:
#: every list of a :class:`~govledger.council.CouncilView`.
COUNCIL_SECTIONS = sections(CouncilView)


def council_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A council's JSON as rows: one per entry, each naming its ``section`` first."""
    head = {"council": data["council"], "as_of": data["as_of"]}
    return [
        {**head, "section": section, **item}
        for section in COUNCIL_SECTIONS
        for item in data[section]
    ]


def _councils_ever(ledger: Ledger, known_at: KnownAt | None) -> list[str]:
    """Every council that is or was a member of a partnership, as the ledger knows it."""
    found: set[str] = set()
    for partnership in ledger.partnerships():
        try:
            latest = ledger.state(partnership, date.max, known_at=known_at)
        except UnknownPartnership:
            continue  # first recorded after *known_at*
        found.update(m.council for m in (*latest.members, *latest.former_members))
    return sorted(found)


def _require_council(ledger: Ledger, council: str, known_at: KnownAt | None, db: Path) -> None:
    known = _councils_ever(ledger, known_at)
    if council in known:
        return
    close = difflib.get_close_matches(council, known, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    when = "" if known_at is None else f" as recorded {describe_known_at(known_at)}"
    raise Failure(
        f"no council {council!r} is a member of any partnership in {db}{when}.{hint} "
        f"Known councils: {', '.join(known) or 'none yet'}."
    )


def _roles(**roles: bool) -> str:
    """``"shares and employs"``: the names of the roles that are true."""
    return " and ".join(name for name, held in roles.items() if held)


#: A column of a text table after PARTNERSHIP: its header and how to read its cell.
_Column = tuple[str, Callable[[Any], str]]


def _sections(view: CouncilView) -> list[tuple[str, Sequence[Any], list[_Column], int]]:
    """Each table: its heading, its entries, its columns and how many of those (after
    PARTNERSHIP) are ids never wrapped."""
    yes_no = {True: "yes", False: "no", None: "-"}
    return [
        (
            "Partnerships",
            view.partnerships,
            [
                ("SINCE", lambda p: short(p.membership.since)),
                ("MEMBERS", lambda p: ", ".join(p.members)),
                ("NAME", lambda p: p.name or "-"),
            ],
            1,
        ),
        (
            "Arrangements in force",
            view.arrangements,
            [
                ("ARRANGEMENT", lambda a: a.arrangement.arrangement),
                ("LEADS", lambda a: yes_no[a.lead]),
                ("SERVICES", lambda a: ", ".join(a.arrangement.services)),
            ],
            2,
        ),
        (
            "Posts it shares or employs",
            view.posts,
            [
                ("POST", lambda p: p.post.post),
                ("AS", lambda p: _roles(shares=p.shares, employs=p.employs)),
                ("TITLE", lambda p: p.post.title),
            ],
            2,
        ),
        (
            "Delegations to or consulting its people",
            view.delegations,
            [
                ("DELEGATION", lambda d: d.delegation.delegation),
                ("AS", lambda d: _roles(delegate=d.delegate, consultee=d.consultee)),
                ("SCOPE", lambda d: d.delegation.scope),
            ],
            2,
        ),
        (
            "Cost shares",
            view.cost_shares,
            [
                ("SCOPE", lambda c: c.cost_share.scope),
                ("SHARE", lambda c: str(c.share)),
                ("WHAT", lambda c: c.cost_share.description),
            ],
            2,
        ),
        (
            "Pending",
            view.pending,
            [
                ("AWAITS IT", lambda p: yes_no[p.awaits_this_council]),
                ("WHAT", lambda p: p.pending.description),
            ],
            1,
        ),
    ]


def _text(view: CouncilView, note: str) -> list[str]:
    """The view as text: one table per kind of entry, empty ones left out."""
    count = len(view.partnerships)
    noun = "partnership" if count == 1 else "partnerships"
    lines = [f"{view.council} on {view.as_of}{note}: a member of {count} {noun}."]
    for heading, entries, columns, fixed in _sections(view):
        if entries:
            headers = ["PARTNERSHIP", *(header for header, _ in columns)]
            rows = [[e.partnership, *(cell(e) for _, cell in columns)] for e in entries]
            lines += ["", f"{heading} ({len(rows)}):"]
            lines.append(table(headers, rows, fixed=range(fixed + 1)))
    if view.caveats:
        rows = [[p, c.since.isoformat(), str(c)] for p, c in view.caveats]
        lines += ["", f"Caveats ({len(rows)}):"]
        lines.append(table(["PARTNERSHIP", "SINCE", "WHAT"], rows, fixed=(0, 1)))
    return lines


@click.command()
@click.argument("council_id", metavar="COUNCIL")
@as_of_option
@known_at_option
@common_options
def council(
    council_id: str,
    as_of: date | None,
    known_at: datetime | int | None,
    db: Path | None,
    as_json: bool,
) -> None:
    """Show what COUNCIL is party to on a date (today unless --as-of), in every partnership.

    Its partnerships, the arrangements in force there, the posts it shares or
    employs, the delegations to or consulting its people, its cost shares and what
    is still pending.
    """
    settings = settings_for(db, as_json)
    day = as_of or date.today()
    with open_existing(settings.db) as ledger, reported():
        _require_council(ledger, council_id, known_at, settings.db or Path(DEFAULT_DB))
        view = ledger.council(council_id, as_of=day, known_at=known_at)
        note = ""
        if known_at is not None:
            note = f", as recorded {describe_known_at(known_at)}"
            note += f" (up to position {ledger.position_at(known_at)})"
    if settings.as_json:
        data = {"known_at": known_at_json(known_at), **council_to_json(view)}
        emit_json(data, rows=council_rows(data))
        return
    click.echo("\n".join(_text(view, note)))

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

import difflib
import importlib
import json
import re
import site
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any, Protocol, TypeVar, cast

import attrs
import click

from .. import __version__, codec
from ..errors import GovLedgerError, NotALedger
from ..events import (
    Authority,
    DateSpec,
    DecisionMaker,
    Event,
    PartnershipDissolved,
    PartnershipFormed,
)
from ..ledger import Ledger, RecordedEvent
from ..projections import (
    ActionState,
    ArrangementState,
    BodyState,
    CostShare,
    DelegationState,
    Designation,
    Holding,
    LapsedDecision,
    Membership,
    PartnershipState,
    PendingDecision,
    PostState,
    ResolutionState,
    UncertainFact,
    state_as_of,
)
from ..report import format_state
from ..wording import summarise
from . import demo as cli_demo
from . import output as cli_output

__all__ = [
    "DEFAULT_DB",
    "DEMO_DB",
    "JSON_FORMAT",
    "examples_dir",
    "main",
    "recorded_event_to_json",
    "state_to_json",
]

#: Version of the JSON shapes the commands print; bumped only if a key changes meaning.
JSON_FORMAT = 1
#: The ledger that ``state``, ``history`` and ``partnerships`` read by default.
DEFAULT_DB = "govledger.db"
#: The ledger that ``demo`` writes by default.
DEMO_DB = "seed-ledger.db"

_F = TypeVar("_F", bound=Callable[..., Any])
_CONVERTER = codec.make_converter()


# --------------------------------------------------------------------------- errors


class _Failure(click.ClickException):
    """The ledger could not answer: exit code 1, with a message saying what to do."""

    exit_code = 1


class _BadInput(click.ClickException):
    """The command asked for something that is not there: exit code 2."""

    exit_code = 2


@contextmanager
def _reported() -> Iterator[None]:
    """Turn any govledger error into a one-line message and exit code 1, never a traceback."""
    try:
        yield
    except GovLedgerError as exc:
        raise _Failure(str(exc)) from exc


# --------------------------------------------------------------------------- option values


def _parse_day(ctx: click.Context, param: click.Parameter, value: str | None) -> date | None:
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


def _parse_known_at(
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


def _recorded(moment: datetime) -> str:
    """A recording time in full, in UTC, as ``--known-at`` reads it back."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


# --------------------------------------------------------------------------- settings


@attrs.frozen
class _Settings:
    db: Path | None
    #: Whether to print data (``--json``, ``--csv`` or ``--nl``) rather than text.
    as_json: bool
    output: cli_output.Format = cli_output.Format.TEXT


def _common(func: _F) -> _F:
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


def _settings(db: Path | None, as_json: bool) -> _Settings:
    """The options given after the command, else those given before it."""
    outer = click.get_current_context().find_object(_Settings) or _Settings(None, False)
    output = cli_output.chosen(as_json or outer.output is cli_output.Format.JSON)
    return _Settings(db=db or outer.db, as_json=output is not cli_output.Format.TEXT, output=output)


@contextmanager
def _open_existing(db: Path | None) -> Iterator[Ledger]:
    """Open a ledger that must already exist: a missing file is exit code 2."""
    path = db or Path(DEFAULT_DB)
    if not path.exists():
        raise _BadInput(f"no ledger at {path}; run `govledger demo` or pass --db")
    with _reported(), Ledger.open(path) as ledger:
        yield ledger


def _require(ledger: Ledger, partnership: str, db: Path | None) -> None:
    """Exit with code 1, listing the known partnerships, if *partnership* is not recorded."""
    known = ledger.partnerships()
    if partnership in known:
        return
    where = db or Path(DEFAULT_DB)
    close = difflib.get_close_matches(partnership, known, n=1)
    hint = f" Did you mean {close[0]!r}?" if close else ""
    listed = ", ".join(known) or "none yet"
    raise _Failure(
        f"no partnership {partnership!r} in {where}.{hint} Known partnerships: {listed} "
        "(see `govledger partnerships`)."
    )


def _emit_json(data: dict[str, Any], rows: Sequence[dict[str, Any]] | None = None) -> None:
    """Print *data* as JSON, or its *rows* (else *data* as one row) for ``--csv``/``--nl``."""
    output = cli_output.chosen(False)
    if output is cli_output.Format.TEXT:
        output = cli_output.Format.JSON
    cli_output.emit(data, output, rows=rows, version=JSON_FORMAT)


# --------------------------------------------------------------------------- JSON shapes


def _value(value: object, as_: object = None) -> Any:
    """A value from the event catalogue, in the same shape as in stored events."""
    if value is None:
        return None
    if as_ is None:
        return _CONVERTER.unstructure(value)
    return _CONVERTER.unstructure(value, unstructure_as=as_)


def _when(value: DateSpec | None) -> Any:
    """``"2022-08-31"``, or a period ``{"earliest", "latest", "words"}``, or ``None``."""
    return _value(value)


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _happened(day: date | None, recorded: DateSpec | None) -> Any:
    """*day* (a state's date), or the period it was recorded as, the same shape everywhere."""
    if day is None:
        return None
    return _when(recorded if recorded is not None else day)


def _authorities(authorities: Iterable[Authority]) -> list[Any]:
    return [_value(a, Authority) for a in authorities]


def _event(event: Event | None) -> Any:
    return None if event is None else json.loads(codec.to_json(event))


def _membership(m: Membership) -> dict[str, Any]:
    return {
        "council": m.council,
        "name": m.name,
        "since": _day(m.since),
        "until": _day(m.until),
        "succeeded_by": m.succeeded_by,
    }


def _body(b: BodyState) -> dict[str, Any]:
    return {
        "body": b.body,
        "name": b.name,
        "kind": b.kind.value,
        "council": b.council,
        "constituents": list(b.constituents),
        "legal_basis": b.legal_basis,
        "established": _day(b.established),
        "disbanded": _day(b.disbanded),
        "active": b.active,
        "authorised_by": _authorities(b.authorised_by),
    }


def _arrangement(a: ArrangementState) -> dict[str, Any]:
    return {
        "arrangement": a.arrangement,
        "name": a.name,
        "services": list(a.services),
        "mechanism": a.mechanism.value,
        "mechanism_detail": a.mechanism_detail,
        "lead": a.lead,
        "notice_period": a.notice_period,
        "status": a.status.value,
        "in_force": a.in_force,
        "since": _day(a.since),
        "notice_given_by": a.notice_given_by,
        "notice_ends": _day(a.notice_ends),
        "closed_on": _day(a.closed_on),
        "decoupled_services": list(a.decoupled_services),
        "authorised_by": _authorities(a.authorised_by),
        "ending": [
            {
                "stage": step.stage.value,
                "since": _day(step.since),
                "by": list(step.by),
                "ends": _day(step.ends),
                "words": step.words,
            }
            for step in a.ending
        ],
        "ending_words": a.ending_words,
    }


def _holding(h: Holding | None) -> dict[str, Any] | None:
    if h is None:
        return None
    return {
        "holder": h.holder,
        "basis": h.basis.value,
        "employer": h.employer,
        "term_ends": _when(h.term_ends),
        "since": _day(h.since),
        "authorised_by": _authorities(h.authorised_by),
    }


def _post(p: PostState) -> dict[str, Any]:
    return {
        "post": p.post,
        "title": p.title,
        "employer": p.employer,
        "shared_by": list(p.shared_by),
        "created": _day(p.created),
        "holder": _holding(p.holder),
        "title_until": _when(p.title_until),
        "reverts_to": p.reverts_to,
        "term_expired": p.term_expired,
        "deleted": _day(p.deleted),
        "active": p.active,
        "authorised_by": _authorities(p.authorised_by),
        "former_titles": list(p.former_titles),
    }


def _designation(d: Designation) -> dict[str, Any]:
    return {
        "council": d.council,
        "role": str(d.role),
        "post": d.post,
        "person": d.person,
        "since": _day(d.since),
        "authorised_by": _authorities(d.authorised_by),
    }


def _delegation(d: DelegationState, as_of: date) -> dict[str, Any]:
    return {
        "delegation": d.delegation,
        "delegates": [_value(r) for r in d.delegates],
        "consultees": [_value(r) for r in d.consultees],
        "scope": d.scope,
        "limits": list(d.limits),
        "jointly": d.jointly,
        "through": d.through,
        "expires": _when(d.expires),
        "granted": _day(d.granted),
        "revoked": _day(d.revoked),
        "in_force": d.in_force_on(as_of),
        "exercised": list(d.exercised),
        "authorised_by": _authorities(d.authorised_by),
    }


def _cost_share(c: CostShare) -> dict[str, Any]:
    return {
        "scope": c.scope,
        "description": c.description,
        "kind": c.kind.value,
        "shares": [_value(s) for s in c.shares],
        "since": _day(c.since),
        "authorised_by": _authorities(c.authorised_by),
    }


def _resolution(r: ResolutionState) -> dict[str, Any]:
    return {
        "resolution": r.resolution,
        "decided_by": _value(r.decided_by, DecisionMaker),
        "decided": _when(r.decided),
        "effective": _when(r.effective),
        "item": r.item,
        "title": r.title,
        "status": r.status.value,
        "in_force_from": _day(r.in_force_from),
        "called_in": _day(r.called_in),
        "call_in_outcome": None if r.call_in_outcome is None else r.call_in_outcome.value,
        "decided_words": r.decided_words,
        "call_in": r.call_in.value,
        "call_in_exemption": None if r.call_in_exemption is None else r.call_in_exemption.value,
        "call_in_deadline": _day(r.call_in_deadline),
        "call_in_words": r.call_in_words,
        "awaiting_call_in": r.awaiting_call_in,
        "urgent": r.urgent,
        "urgency": r.urgency,
    }


def _action(a: ActionState) -> dict[str, Any]:
    return {
        "action": a.action,
        "description": a.description,
        "assignee": _value(a.assignee),
        "due": _when(a.due),
        "assigned": _day(a.assigned),
        "completed": _day(a.completed),
        "outstanding": a.outstanding,
        "authorised_by": _authorities(a.authorised_by),
    }


def _pending(p: PendingDecision) -> dict[str, Any]:
    return {
        "description": p.description,
        "reasons": [{"kind": r.kind.value, "detail": r.detail} for r in p.reasons],
        "since": _day(p.since),
        "ref": _value(p.ref),
        "event": _event(p.event),
    }


def _lapsed(lapsed: LapsedDecision) -> dict[str, Any]:
    return {
        "description": lapsed.description,
        "reason": lapsed.reason,
        "on": _day(lapsed.on),
        "ref": _value(lapsed.ref),
        "event": _event(lapsed.event),
    }


def _uncertain(u: UncertainFact) -> dict[str, Any]:
    return {"description": u.description, "period": _when(u.period), "event": _event(u.event)}


def state_to_json(
    state: PartnershipState,
    *,
    formed: DateSpec | None = None,
    dissolved: DateSpec | None = None,
) -> dict[str, Any]:
    """*state* as plain JSON data: ISO dates, fractions as ``"1/2"``, enums by value.

    Values that come from events (authorities, roles, periods, shares) have the same
    shape as in :func:`govledger.codec.to_json`. ``formed`` and ``dissolved`` are the
    recorded dates (pass *formed*/*dissolved*, the events' ``effective``, to keep a
    stated period as a period, as ``partnerships`` does) once they have happened on
    ``as_of``. ``docs/cli.md`` documents every key.
    """
    return {
        "partnership": state.partnership,
        "as_of": state.as_of.isoformat(),
        "name": state.name,
        "formed": _happened(state.formed, formed),
        "dissolved": _happened(state.dissolved, dissolved),
        "exists": state.exists,
        "members": [_membership(m) for m in state.members],
        "former_members": [_membership(m) for m in state.former_members],
        "bodies": [_body(b) for b in state.bodies],
        "arrangements": [_arrangement(a) for a in state.arrangements],
        "shared_services": sorted(state.shared_services),
        "posts": [_post(p) for p in state.posts],
        "designations": [_designation(d) for d in state.designations],
        "delegations": [_delegation(d, state.as_of) for d in state.delegations],
        "cost_shares": [_cost_share(c) for c in state.cost_shares],
        "resolutions": [_resolution(r) for r in state.resolutions],
        "actions": [_action(a) for a in state.actions],
        "pending": [_pending(p) for p in state.pending],
        "lapsed": [_lapsed(x) for x in state.lapsed],
        "uncertain": [_uncertain(u) for u in state.uncertain],
        "agreed_in_principle": [
            {
                "ref": str(p.ref),
                "summary": p.summary,
                "since": _day(p.since),
                "final": None if p.final is None else str(p.final),
                "final_outcome": None if p.final_outcome is None else p.final_outcome.value,
            }
            for p in state.agreed_in_principle
        ],
    }


def recorded_event_to_json(record: RecordedEvent) -> dict[str, Any]:
    """One recorded event: where and when the ledger holds it, and the event itself."""
    return {
        "position": record.position,
        "partnership": record.partnership,
        "version": record.version,
        "recorded_at": record.recorded_at.isoformat(),
        "hash": record.hash,
        **json.loads(codec.to_json(record.event)),
        "summary": summarise(record.event),
    }


# --------------------------------------------------------------------------- text


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[str]], *, fixed: Sequence[int] = (0,)
) -> str:
    """Aligned columns under a rule, wrapped to the terminal's width but for *fixed* ones."""
    return cli_output.table(headers, rows, fixed=fixed)


def _short(when: DateSpec | None) -> str:
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


def _formation(ledger: Ledger, partnership: str) -> PartnershipFormed | None:
    for record in ledger.history(partnership):
        if isinstance(record.event, PartnershipFormed):
            return record.event
    return None


# --------------------------------------------------------------------------- the seed demo


class _SeedModule(Protocol):
    """What ``govledger demo`` uses of ``examples/seed_ledger.py``."""

    VIEWS: tuple[tuple[str, str, tuple[tuple[date, str], ...]], ...]

    def build(self, path: Path, *, say: Callable[[str], object] = ...) -> Ledger: ...

    def show_all(self, ledger: Ledger) -> None: ...


def _example_candidates() -> list[Path]:
    """Where the seed examples may be: installed data files, then a source checkout."""
    installed = [Path(sys.prefix), Path(site.getuserbase())]
    found = [base / "share" / "govledger" / "examples" for base in installed]
    found.append(Path(__file__).resolve().parents[3] / "examples")  # editable install
    return list(dict.fromkeys(found))


def examples_dir() -> Path:
    """The directory holding ``seed_ledger.py`` and the five seed examples.

    ``pip install`` puts them in ``<prefix>/share/govledger/examples``; an editable
    install uses the ``examples/`` directory of the source tree.
    """
    candidates = _example_candidates()
    for candidate in candidates:
        if (candidate / "seed_ledger.py").is_file():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise _Failure(
        f"cannot find the seed examples (looked in {looked}). They are installed with "
        "govledger: reinstall it with `pip install govledger`, or from a source checkout "
        "run `python examples/seed_ledger.py`."
    )


def _seed_module() -> _SeedModule:
    """Import ``seed_ledger`` from the examples directory."""
    directory = str(examples_dir())
    if directory not in sys.path:
        sys.path.insert(0, directory)
    try:
        module = importlib.import_module("seed_ledger")
    except ImportError as exc:
        raise _Failure(f"the seed examples in {directory} could not be imported: {exc}") from exc
    return cast(_SeedModule, module)


def _check_replaceable(path: Path, seeds: frozenset[str]) -> None:
    """Refuse to replace a file unless it is a seed ledger an earlier demo built."""
    if not path.exists():
        return
    try:
        with Ledger.open(path) as existing:
            found = set(existing.partnerships())
    except NotALedger as exc:
        raise _Failure(
            f"{path} exists and is not a govledger ledger, so demo will not replace it; "
            "pass another --db"
        ) from exc
    extra = sorted(found - seeds)
    if extra:
        raise _Failure(
            f"{path} holds partnerships the seed ledger does not ({', '.join(extra)}), so "
            "demo will not replace it; pass another --db"
        )


# --------------------------------------------------------------------------- commands


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@_common
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
    ctx.obj = _Settings(db=db, as_json=as_json, output=output)


@main.command()
@click.option(
    "--full", is_flag=True, default=False, help="Print each whole state, not one line per date."
)
@_common
def demo(full: bool, db: Path | None, as_json: bool) -> None:
    """Build the seed ledger and show it at key dates.

    Builds a ledger of the five seed records and prints one line for each
    partnership on each date that matters (--full: the whole state on each). Writes
    ./seed-ledger.db (or --db PATH), replacing a seed ledger an earlier demo built;
    it refuses to replace any other file.
    """
    settings = _settings(db, as_json)
    path = settings.db or Path(DEMO_DB)
    seed = _seed_module()
    _check_replaceable(path, frozenset(view[0] for view in seed.VIEWS))
    with _reported():
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


def _demo_json(seed: _SeedModule, path: Path) -> None:
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
        _emit_json(
            {
                "db": str(path),
                "events": sum(1 for _ in ledger.events()),
                "partnerships": ledger.partnerships(),
                "views": views,
            }
        )


@main.command()
@_common
def partnerships(db: Path | None, as_json: bool) -> None:
    """List the partnerships in the ledger."""
    settings = _settings(db, as_json)
    with _open_existing(settings.db) as ledger, _reported():
        found = [(p, _formation(ledger, p), ledger.version(p)) for p in ledger.partnerships()]
    if settings.as_json:
        listed = [
            {
                "partnership": partnership,
                "name": None if formed is None else formed.name,
                "formed": None if formed is None else _when(formed.effective),
                "events": events,
            }
            for partnership, formed, events in found
        ]
        _emit_json({"db": str(settings.db or DEFAULT_DB), "partnerships": listed}, rows=listed)
        return
    if not found:
        click.echo("The ledger holds no partnerships yet.")
        return
    rows = [
        [
            partnership,
            str(events),
            "-" if formed is None else _short(formed.effective),
            "-" if formed is None else formed.name,
        ]
        for partnership, formed, events in found
    ]
    click.echo(_table(["PARTNERSHIP", "EVENTS", "FORMED", "NAME"], rows))


def as_of_option(func: _F) -> _F:
    """``--as-of YYYY-MM-DD``, the day in force to answer for: today unless given."""
    return click.option(
        "--as-of",
        "as_of",
        metavar="YYYY-MM-DD",
        callback=_parse_day,
        default=None,
        help="The day to answer for, YYYY-MM-DD. Default: today.",
    )(func)


def known_at_option(func: _F) -> _F:
    """``--known-at``: answer from only what the ledger held then."""
    return click.option(
        "--known-at",
        "known_at",
        metavar="DATETIME|DAY|POSITION",
        callback=_parse_known_at,
        default=None,
        help="Only what the ledger held then: an ISO datetime with Z or an offset "
        "(events recorded at or before it), a day such as 2026-11-23 (recorded by its "
        "end, UTC; or 2026-11-23+01:00), or a position (events up to it).",
    )(func)


@main.command()
@click.argument("partnership")
@as_of_option
@known_at_option
@_common
def state(
    partnership: str,
    as_of: date | None,
    known_at: datetime | int | None,
    db: Path | None,
    as_json: bool,
) -> None:
    """Show PARTNERSHIP as it stood on a date (today unless --as-of)."""
    settings = _settings(db, as_json)
    day = as_of or date.today()
    with _open_existing(settings.db) as ledger, _reported():
        _require(ledger, partnership, settings.db)
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
            _partnership_dates(ledger, partnership, None if known_at is None else position)
            if known
            else {}
        )
    if settings.as_json:
        given = known_at.isoformat() if isinstance(known_at, datetime) else known_at
        found = state_to_json(result, **spans)
        data = {"known_at": given, "events_known": known, "events": total, "state": found}
        _emit_json(data, rows=state_rows(found))
        return
    if known_at is not None:
        click.echo(f"As recorded {_describe_known_at(known_at)}: {known} of {total} events.")
    if known == 0 and first is not None:
        click.echo(
            f"Nothing about {partnership} had been recorded yet: its first event was "
            f"recorded at {_recorded(first.recorded_at)} (position {first.position})."
        )
        return
    click.echo(cli_output.wrap(format_state(result)))


def _partnership_dates(
    ledger: Ledger, partnership: str, known_at: int | None
) -> dict[str, DateSpec | None]:
    """When the partnership was formed and dissolved, as recorded: a date or a period."""
    found: dict[str, DateSpec | None] = {"formed": None, "dissolved": None}
    for _, event in ledger.standing(partnership, known_at=known_at):
        if isinstance(event, PartnershipFormed) and found["formed"] is None:
            found["formed"] = event.effective
        elif isinstance(event, PartnershipDissolved):
            found["dissolved"] = event.effective
    return found


#: The lists of a state's JSON that are rows for ``--csv`` and ``--nl``, in order.
STATE_SECTIONS = (
    "members",
    "former_members",
    "bodies",
    "arrangements",
    "posts",
    "designations",
    "delegations",
    "cost_shares",
    "resolutions",
    "actions",
    "pending",
    "lapsed",
    "uncertain",
)


def state_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """A state's JSON as rows: one per fact, each naming its ``section`` first."""
    head = {"partnership": data["partnership"], "as_of": data["as_of"]}
    return [
        {**head, "section": section, **item}
        for section in STATE_SECTIONS
        for item in data[section]
    ]


def _describe_known_at(known_at: datetime | int) -> str:
    if isinstance(known_at, datetime):
        return f"by {known_at.isoformat()}"
    return f"up to position {known_at}"


@main.command()
@click.argument("partnership")
@_common
def history(partnership: str, db: Path | None, as_json: bool) -> None:
    """List every event of PARTNERSHIP in effective-date order."""
    settings = _settings(db, as_json)
    with _open_existing(settings.db) as ledger, _reported():
        _require(ledger, partnership, settings.db)
        records = list(ledger.history(partnership))
    if settings.as_json:
        events = [recorded_event_to_json(r) for r in records]
        _emit_json({"partnership": partnership, "events": events}, rows=events)
        return
    rows = [
        [
            str(r.position),
            _short(r.event.effective),
            _recorded(r.recorded_at),
            type(r.event).__name__,
            summarise(r.event),
        ]
        for r in records
    ]
    headers = ["POS", "EFFECTIVE", "RECORDED (UTC)", "EVENT", "SUMMARY"]
    click.echo(_table(headers, rows, fixed=(0, 1, 2, 3)))
    if records:
        click.echo(
            "\nA recorded time (or a position) is what --known-at takes: "
            f"govledger state {partnership} --known-at {_recorded(records[-1].recorded_at)}"
        )


from .copy import copy as _copy_command  # noqa: E402 - registered last, after main

main.add_command(_copy_command)

from .proofs import register as _register_proofs  # noqa: E402 - registered last

_register_proofs(main)

from .export import COMMANDS as _EXPORT_COMMANDS  # noqa: E402 - registered last

for _command in _EXPORT_COMMANDS:
    main.add_command(_command)

from ..ingest.cli import apply_command as _apply_command  # noqa: E402 - registered last
from ..ingest.cli import ingest_command as _ingest_command  # noqa: E402

main.add_command(_ingest_command)
main.add_command(_apply_command)

from .questions import register as _register_questions  # noqa: E402 - registered last

_register_questions(main)  # verify, timeline, diff

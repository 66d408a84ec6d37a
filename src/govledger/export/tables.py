"""Tables out: decisions, parts, votes, arrangements, posts, delegations and cost shares.

:func:`tables` turns a ledger into plain tables of typed rows, one table per kind of
fact, with a fixed column order. :func:`write_csv` and :func:`write_jsonl` write one
file per table; :func:`read_csv` and :func:`read_jsonl` read them back into the same
rows. Dates are ISO (``2022-08-31``); a date the minutes give only as a period becomes
three columns, ``<name>_earliest``, ``<name>_latest`` and ``<name>_words`` (an exact
date has both bounds equal and no words). Lists are written ``a; b`` in CSV (as a JSON
array when an item would not survive that) and as arrays in JSON Lines.

Decisions, parts and votes are every standing decision recorded with an effective date
on or before ``as_of``; arrangements, posts, delegations and cost shares are the
partnership's state on ``as_of``.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from enum import StrEnum
from fractions import Fraction
from pathlib import Path
from typing import Protocol

import attrs

from ..errors import DecodeError, UsageError
from ..events import (
    Authority,
    CouncilBody,
    DateSpec,
    DecisionMaker,
    DelegatedDecisionTaken,
    Event,
    Individual,
    JointBody,
    Part,
    Period,
    ResolutionPassed,
    ResolutionRef,
    Role,
    Vote,
    earliest,
)
from ..projections import EndingStep, PartnershipState
from .cite import Decisions
from .schema import BY_NAME, TABLES, Cell, Column, Kind, Row, Table

__all__ = [
    "TABLES",
    "Cell",
    "Column",
    "Kind",
    "Row",
    "Table",
    "authorities_text",
    "decision_maker_text",
    "read_csv",
    "read_jsonl",
    "table_rows",
    "tables",
    "write_csv",
    "write_jsonl",
]

# --------------------------------------------------------------------------- words


def authorities_text(authorities: Iterable[Authority]) -> tuple[str, ...]:
    """Each authority as cited: ``cdc-exec-118(3)``, or a document with its date."""
    return tuple(str(a) for a in authorities)


def decision_maker_text(maker: DecisionMaker) -> str:
    """Who decided, readably: ``CDC Executive``, a joint body's id, ``Leader (BDC)``."""
    return str(maker)


def _maker_type(maker: DecisionMaker) -> str:
    if isinstance(maker, CouncilBody):
        return "council_body"
    if isinstance(maker, JointBody):
        return "joint_body"
    return "individual"


def _maker_council(maker: DecisionMaker) -> str | None:
    if isinstance(maker, CouncilBody | Individual):
        return maker.council
    return None


def _spec_cells(name: str, when: DateSpec | None) -> Row:
    if when is None:
        low: date | None = None
        high: date | None = None
        words = None
    elif isinstance(when, Period):
        low, high, words = when.earliest, when.latest, when.words
    else:
        low = high = when
        words = None
    return {f"{name}_earliest": low, f"{name}_latest": high, f"{name}_words": words}


def _value(member: StrEnum | None) -> str | None:
    """An enumeration's value, or ``None``."""
    return None if member is None else member.value


def _ending_cells(step: EndingStep | None) -> Row:
    """The latest step towards ending an arrangement, in the table's column order."""
    return {
        "ending_stage": None if step is None else step.stage.value,
        "ending_since": None if step is None else step.since,
        "ending_by": () if step is None else step.by,
        "ending_ends": None if step is None else step.ends,
        "ending_words": None if step is None else step.words,
    }


def _role(role: Role) -> str:
    named = f"{role.name}, " if role.name else ""
    return f"{named}{role}"


# --------------------------------------------------------------------------- rows


def _decision_row(position: int, event: Event, state: PartnershipState, names: Decisions) -> Row:
    status = None
    in_force = None
    awaiting = None
    if isinstance(event, ResolutionPassed):
        resolution = state.resolution(event.resolution)
        if resolution is not None:
            status, in_force = resolution.status.value, resolution.in_force_from
            awaiting = resolution.awaiting_call_in
        exempt = event.exempt
        source = event.source
        return {
            "partnership": event.partnership,
            "decision": event.resolution,
            "kind": "resolution",
            "item": event.item,
            "title": event.title,
            "decided_by": names.maker(event.decided_by),
            "decided_by_type": _maker_type(event.decided_by),
            "council": _maker_council(event.decided_by),
            **_spec_cells("decided", event.decided),
            "published": event.published,
            "call_in": event.call_in.value,
            "call_in_exemption": _value(event.call_in_exemption),
            "call_in_deadline": event.call_in_deadline,
            "call_in_words": event.call_in_words,
            "awaiting_call_in": awaiting,
            **_spec_cells("effective", event.effective),
            "key_decision": event.key_decision,
            "urgent": event.urgent,
            "urgency": event.urgency,
            "meeting_status": event.meeting_status.value,
            "confidential": exempt is not None and exempt.confidential,
            "exempt_paragraphs": tuple(str(p) for p in exempt.paragraphs) if exempt else (),
            "delegation": None,
            "status": status,
            "in_force_from": in_force,
            "source_document": source.document if source else None,
            "source_url": source.url if source else None,
            "position": position,
        }
    assert isinstance(event, DelegatedDecisionTaken)
    source = event.source
    return {
        "partnership": event.partnership,
        "decision": event.decision,
        "kind": "delegated_decision",
        "item": None,
        "title": event.summary,
        "decided_by": _role(event.taken_by),
        "decided_by_type": "individual",
        "council": event.taken_by.council,
        **_spec_cells("decided", event.decided),
        "published": None,
        "call_in": None,
        "call_in_exemption": None,
        "call_in_deadline": None,
        "call_in_words": None,
        "awaiting_call_in": None,
        **_spec_cells("effective", event.effective),
        "key_decision": False,
        "urgent": False,
        "urgency": None,
        "meeting_status": None,
        "confidential": False,
        "exempt_paragraphs": (),
        "delegation": event.delegation,
        "status": None,
        "in_force_from": None,
        "source_document": source.document if source else None,
        "source_url": source.url if source else None,
        "position": position,
    }


def _ref(resolution: str, path: Sequence[str]) -> str:
    return str(ResolutionRef(resolution=resolution, part=tuple(path)))


def _part_row(event: ResolutionPassed, path: tuple[str, ...], part: Part, names: Decisions) -> Row:
    return {
        "partnership": event.partnership,
        "decision": event.resolution,
        "ref": _ref(event.resolution, path),
        "parent_ref": _ref(event.resolution, path[:-1]) if len(path) > 1 else None,
        "number": part.number,
        "depth": len(path),
        "summary": part.summary,
        "outcome": part.outcome.value,
        "in_principle": part.in_principle,
        "finalises": None if part.finalises is None else str(part.finalises),
        "mirrors": tuple(str(m) for m in part.mirrors),
        "conditions": tuple(f"{c.id}: {c.description}" for c in part.conditions),
        "recommended_to": tuple(names.maker(m) for m in part.recommended_to),
        "adopts": None if part.adopts is None else str(part.adopts),
    }


def _vote_rows(event: ResolutionPassed, ref: str, votes: Sequence[Vote]) -> Iterator[Row]:
    for number, vote in enumerate(votes, start=1):
        tally = vote.tally
        yield {
            "partnership": event.partnership,
            "decision": event.resolution,
            "ref": ref,
            "vote": number,
            "motion": vote.motion.value,
            "purpose": _value(vote.purpose),
            "description": vote.description,
            "mover": vote.mover,
            "seconder": vote.seconder,
            "in_favour": None if tally is None else tally.in_favour,
            "against": None if tally is None else tally.against,
            "abstained": None if tally is None else tally.abstained,
            "unanimous": vote.unanimous,
            "casting_vote": None if vote.casting_vote is None else vote.casting_vote.value,
            "result": _value(vote.result),
            "carried": vote.carried,
            "named_votes": len(vote.named),
            "named_complete": vote.named_complete,
        }


def _named_rows(event: ResolutionPassed, ref: str, votes: Sequence[Vote]) -> Iterator[Row]:
    for number, vote in enumerate(votes, start=1):
        for named in vote.named:
            yield {
                "partnership": event.partnership,
                "decision": event.resolution,
                "ref": ref,
                "vote": number,
                "member": named.member,
                "position": named.position.value,
            }


def _voted_on(event: ResolutionPassed) -> Iterator[tuple[str, tuple[Vote, ...]]]:
    if event.votes:
        yield event.resolution, event.votes
    for path, part in event.walk():
        if part.votes:
            yield _ref(event.resolution, path), part.votes


def _state_rows(state: PartnershipState) -> dict[str, list[Row]]:
    p = state.partnership
    arrangements: list[Row] = [
        {
            "partnership": p,
            "arrangement": a.arrangement,
            "name": a.name,
            "services": a.services,
            "mechanism": a.mechanism.value,
            "mechanism_detail": a.mechanism_detail,
            "lead": a.lead,
            "notice_period": a.notice_period,
            "status": a.status.value,
            "since": a.since,
            "notice_given_by": a.notice_given_by,
            "notice_ends": a.notice_ends,
            "closed_on": a.closed_on,
            "decoupled_services": a.decoupled_services,
            **_ending_cells(a.ending[-1] if a.ending else None),
            "authorised_by": authorities_text(a.authorised_by),
        }
        for a in state.arrangements
    ]
    posts: list[Row] = []
    for post in state.posts:
        holder = post.holder
        posts.append(
            {
                "partnership": p,
                "post": post.post,
                "title": post.title,
                "employer": post.employer,
                "shared_by": post.shared_by,
                "created": post.created,
                "deleted": post.deleted,
                "holder": None if holder is None else holder.holder,
                "holder_basis": None if holder is None else holder.basis.value,
                "holder_employer": None if holder is None else holder.employer,
                "holder_since": None if holder is None else holder.since,
                **_spec_cells("term_ends", None if holder is None else holder.term_ends),
                **_spec_cells("title_until", post.title_until),
                "reverts_to": post.reverts_to,
                "term_expired": post.term_expired,
                "authorised_by": authorities_text(post.authorised_by),
            }
        )
    delegations: list[Row] = [
        {
            "partnership": p,
            "delegation": d.delegation,
            "delegates": tuple(_role(r) for r in d.delegates),
            "consultees": tuple(_role(r) for r in d.consultees),
            "scope": d.scope,
            "limits": d.limits,
            "jointly": d.jointly,
            "through": d.through,
            **_spec_cells("expires", d.expires),
            "granted": d.granted,
            "revoked": d.revoked,
            "in_force": d.in_force_on(state.as_of),
            "exercised": d.exercised,
            "authorised_by": authorities_text(d.authorised_by),
        }
        for d in state.delegations
    ]
    cost_shares: list[Row] = [
        {
            "partnership": p,
            "scope": c.scope,
            "description": c.description,
            "kind": c.kind.value,
            "council": share.council,
            "share": share.fraction,
            "since": c.since,
            "authorised_by": authorities_text(c.authorised_by),
        }
        for c in state.cost_shares
        for share in c.shares
    ]
    return {
        "arrangements": arrangements,
        "posts": posts,
        "delegations": delegations,
        "cost_shares": cost_shares,
    }


def table_rows(
    state: PartnershipState, standing: Iterable[tuple[int, Event]]
) -> dict[str, list[Row]]:
    """The rows of every table for one partnership: its *state* and its *standing* entries.

    *standing* is what :meth:`~govledger.Ledger.standing` returns; decisions effective
    after the state's day are left out. A joint body is named as it was established.
    """
    standing = list(standing)
    names = Decisions.of(state.partnership, standing)
    rows: dict[str, list[Row]] = {t.name: [] for t in TABLES}
    for position, event in standing:
        if not isinstance(event, ResolutionPassed | DelegatedDecisionTaken):
            continue
        if earliest(event.effective) > state.as_of:
            continue
        rows["decisions"].append(_decision_row(position, event, state, names))
        if isinstance(event, ResolutionPassed):
            rows["parts"].extend(_part_row(event, path, part, names) for path, part in event.walk())
            for ref, votes in _voted_on(event):
                rows["votes"].extend(_vote_rows(event, ref, votes))
                rows["named_votes"].extend(_named_rows(event, ref, votes))
    for name, found in _state_rows(state).items():
        rows[name].extend(found)
    return rows


class _Reader(Protocol):
    """What :func:`tables` needs of a ledger (a :class:`~govledger.Ledger` has it)."""

    def partnerships(self) -> list[str]: ...

    def state(self, partnership: str, as_of: date) -> PartnershipState: ...

    def standing(self, partnership: str) -> list[tuple[int, Event]]: ...


def tables(
    ledger: _Reader, *, as_of: date, partnerships: Iterable[str] | None = None
) -> tuple[Table, ...]:
    """Every table (see :data:`TABLES`) for *partnerships* (default: all) on *as_of*.

    Rows come partnership by partnership in id order, then as the ledger orders them.
    A decision another partnership's changes cite is written once, in its own partnership's
    rows, or in the citing one's when its own is not written (never lost, never doubled).
    """
    names = sorted(ledger.partnerships()) if partnerships is None else list(partnerships)
    chosen = frozenset(names)
    collected: dict[str, list[Row]] = {t.name: [] for t in TABLES}
    for name in names:
        kept = ledger.standing(name)
        standing = [(at, e) for at, e in kept if (of := e.partnership) == name or of not in chosen]
        found = table_rows(ledger.state(name, as_of=as_of), standing)
        for table, rows in found.items():
            collected[table].extend(rows)
    return tuple(attrs.evolve(t, rows=tuple(collected[t.name])) for t in TABLES)


# --------------------------------------------------------------------------- cells


def _list_text(items: tuple[str, ...]) -> str:
    plain = all(
        item and item == item.strip() and ";" not in item and not item.startswith("[")
        for item in items
    )
    if plain:
        return "; ".join(items)
    return json.dumps(list(items), ensure_ascii=False)


def _cell_text(value: Cell, kind: Kind) -> str:
    """A cell as CSV text; ``""`` is empty."""
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if kind == "date":
        assert isinstance(value, date)
        return value.isoformat()
    if kind == "fraction":
        assert isinstance(value, Fraction)
        return f"{value.numerator}/{value.denominator}"
    if kind == "list":
        assert isinstance(value, tuple)
        return _list_text(value)
    return str(value)


def _cell_json(value: Cell, kind: Kind) -> object:
    if value is None or kind in ("text", "integer", "boolean"):
        return value
    if kind == "list":
        assert isinstance(value, tuple)
        return list(value)
    return _cell_text(value, kind)


def _parse_text(text: str, column: Column, where: str) -> Cell:
    kind = column.kind
    if kind == "list":
        if not text:
            return ()
        if text.startswith("["):
            return _parse_json(json.loads(text), column, where)
        return tuple(text.split("; "))
    if text == "":
        return None
    try:
        if kind == "integer":
            return int(text)
        if kind == "boolean":
            if text not in ("true", "false"):
                raise ValueError(text)
            return text == "true"
        if kind == "date":
            return date.fromisoformat(text)
        if kind == "fraction":
            return Fraction(text)
    except ValueError as exc:
        raise DecodeError(f"{where}: {text!r} is not a {kind} ({exc})") from exc
    return text


def _parse_json(value: object, column: Column, where: str) -> Cell:
    kind = column.kind
    if kind == "list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise DecodeError(f"{where}: expected a list of text, not {value!r}")
        return tuple(value)
    if value is None:
        return None
    expected: type | tuple[type, ...] = {"integer": int, "boolean": bool}.get(kind, str)
    if not isinstance(value, expected) or (kind == "integer" and isinstance(value, bool)):
        raise DecodeError(f"{where}: expected {kind}, not {value!r}")
    if kind in ("date", "fraction"):
        assert isinstance(value, str)
        return _parse_text(value, column, where)
    assert isinstance(value, str | int | bool)
    return value


# --------------------------------------------------------------------------- files


def _directory(directory: str | os.PathLike[str]) -> Path:
    path = Path(directory)
    if path.exists() and not path.is_dir():
        raise UsageError(f"{path} is a file; give a directory to write the tables into")
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_csv(found: Iterable[Table], directory: str | os.PathLike[str]) -> list[Path]:
    """Write each table to ``<directory>/<table>.csv`` (UTF-8, a header row); return the paths."""
    where = _directory(directory)
    written = []
    for table in found:
        path = where / f"{table.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(table.column_names)
            for row in table.rows:
                writer.writerow(_cell_text(row[c.name], c.kind) for c in table.columns)
        written.append(path)
    return written


def write_jsonl(found: Iterable[Table], directory: str | os.PathLike[str]) -> list[Path]:
    """Write each table to ``<directory>/<table>.jsonl``: one JSON object a row, keys in
    column order; return the paths."""
    where = _directory(directory)
    written = []
    for table in found:
        path = where / f"{table.name}.jsonl"
        with path.open("w", encoding="utf-8", newline="\n") as handle:
            for row in table.rows:
                data = {c.name: _cell_json(row[c.name], c.kind) for c in table.columns}
                handle.write(json.dumps(data, ensure_ascii=False) + "\n")
        written.append(path)
    return written


def _known(path: Path) -> Table | None:
    return BY_NAME.get(path.stem)


def read_csv(directory: str | os.PathLike[str]) -> dict[str, Table]:
    """Read the tables :func:`write_csv` wrote, typed again, by name."""
    found: dict[str, Table] = {}
    for path in sorted(Path(directory).glob("*.csv")):
        table = _known(path)
        if table is None:
            continue
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.reader(handle)
            header = tuple(next(reader, ()))
            if header != table.column_names:
                raise DecodeError(
                    f"{path}: the columns are {', '.join(header)}; a {table.name} table has "
                    f"{', '.join(table.column_names)}"
                )
            rows = tuple(
                {
                    c.name: _parse_text(text, c, f"{path}:{line} {c.name}")
                    for c, text in zip(table.columns, cells, strict=True)
                }
                for line, cells in enumerate(reader, start=2)
            )
        found[table.name] = attrs.evolve(table, rows=rows)
    return found


def read_jsonl(directory: str | os.PathLike[str]) -> dict[str, Table]:
    """Read the tables :func:`write_jsonl` wrote, typed again, by name."""
    found: dict[str, Table] = {}
    for path in sorted(Path(directory).glob("*.jsonl")):
        table = _known(path)
        if table is None:
            continue
        rows = []
        with path.open(encoding="utf-8") as handle:
            for line, text in enumerate(handle, start=1):
                data = json.loads(text)
                if not isinstance(data, Mapping) or tuple(data) != table.column_names:
                    raise DecodeError(
                        f"{path}:{line}: expected an object with the keys "
                        f"{', '.join(table.column_names)}"
                    )
                rows.append(
                    {
                        c.name: _parse_json(data[c.name], c, f"{path}:{line} {c.name}")
                        for c in table.columns
                    }
                )
        found[table.name] = attrs.evolve(table, rows=tuple(rows))
    return found

"""The commands' JSON comes from one converter over the state types: every field of every
state type is printed, so a hand-written shape that leaves a field out fails here."""

from __future__ import annotations

import json
import typing
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner

from govledger import Ledger, cli
from govledger.changes import Change
from govledger.cli import shapes
from govledger.council import CouncilView
from govledger.events import (
    BodyRole,
    CouncilBody,
    Outcome,
    ResolutionRef,
    StatutoryRole,
)
from govledger.partstate import StateData
from govledger.projections import (
    BodyMembership,
    Designation,
    InPrinciple,
    PartnershipState,
    UnrecordedOutcome,
)


def _reachable(kind: object, found: set[type]) -> set[type]:
    """Every state type *kind* is or holds, through its fields' types."""
    for arg in typing.get_args(kind):
        _reachable(arg, found)
    if isinstance(kind, type) and issubclass(kind, StateData) and kind not in found:
        found.add(kind)
        for hint in typing.get_type_hints(kind).values():
            _reachable(hint, found)
    return found


#: Every state type an answer of the commands holds.
STATE_TYPES = frozenset(
    _reachable(PartnershipState, set()) | _reachable(CouncilView, set()) | _reachable(Change, set())
)


def _derived_field(cls: type, field: attrs.Attribute[Any]) -> bool:
    hint = typing.get_type_hints(cls)[field.name]
    return any(getattr(arg, "DERIVED", False) for arg in (*typing.get_args(hint), hint))


def _every_field_printed(value: object, data: Any, seen: set[type]) -> None:
    """Each field of each state value in *value* is a key of its JSON in *data*, walked
    down together (a council entry's state is spread into the entry)."""
    if isinstance(value, tuple):
        if isinstance(data, dict):  # a council view's (partnership, caveat)
            assert data["partnership"] == value[0]
            _every_field_printed(value[1], data, seen)
            return
        assert isinstance(data, list) and len(data) == len(value)
        for item, printed in zip(value, data, strict=True):
            _every_field_printed(item, printed, seen)
        return
    cls = type(value)
    if cls not in STATE_TYPES or not attrs.has(cls):
        return
    seen.add(cls)
    assert isinstance(data, dict), f"{cls.__name__} is not printed as an object"
    for field in attrs.fields(cls):
        if _derived_field(cls, field):
            assert field.name not in data  # derived from the data, never printed
        elif field.name == shapes.SPREAD.get(cls):
            _every_field_printed(getattr(value, field.name), data, seen)
        else:
            assert field.name in data, f"{cls.__name__}.{field.name} is not in the JSON"
            _every_field_printed(getattr(value, field.name), data[field.name], seen)
    for key in shapes.DERIVED.get(cls, {}):
        assert key in data, f"{cls.__name__}'s {key} is not in the JSON"


def _cli(db: Path, *args: str) -> dict[str, Any]:
    result = CliRunner().invoke(cli.main, ["--db", str(db), "--json", *args])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


DAYS = (date(2009, 7, 30), date(2016, 6, 1), date(2022, 9, 1))


def test_state_json_prints_every_field_of_every_state_type_it_holds(seed_db: Path) -> None:
    seen: set[type] = set()
    with Ledger.open(seed_db) as ledger:
        for partnership in ledger.partnerships():
            for day in DAYS:
                printed = _cli(seed_db, "state", partnership, "--as-of", day.isoformat())
                state = ledger.state(partnership, as_of=day)
                _every_field_printed(state, printed["state"], seen)

    assert PartnershipState in seen


def test_council_timeline_and_diff_json_print_every_field(seed_db: Path) -> None:
    seen: set[type] = set()
    with Ledger.open(seed_db) as ledger:
        view = ledger.council("cdc", as_of=date(2022, 9, 1))
        printed = _cli(seed_db, "council", "cdc", "--as-of", "2022-09-01")
        _every_field_printed(view, {k: printed[k] for k in printed if k != "format"}, seen)
        for partnership in ledger.partnerships():
            changes = ledger.timeline(partnership)
            _every_field_printed(changes, _cli(seed_db, "timeline", partnership)["changes"], seen)
        diff = ledger.diff("cdc-occ", date(2022, 8, 30), date(2022, 9, 1))
        printed_diff = _cli(seed_db, "diff", "cdc-occ", "2022-08-30", "2022-09-01")
        _every_field_printed(diff, printed_diff["changes"], seen)

    assert {CouncilView, Change} <= seen


def _with_every_kind(state: PartnershipState) -> PartnershipState:
    """*state* with an entry of each kind the seed records never reach."""
    ref = ResolutionRef.parse("r1(1)")
    maker = CouncilBody(council="cdc", name="Cabinet")
    body = state.bodies[0]
    member = BodyMembership(member="A Member", council="cdc", role=BodyRole.CHAIR, since=day(1))
    return attrs.evolve(
        state,
        bodies=(attrs.evolve(body, members=(member,), former_members=(member,)), *state.bodies[1:]),
        designations=(
            Designation(
                council="cdc",
                role=StatutoryRole.MONITORING_OFFICER,
                post=None,
                person="A Person",
                since=day(2),
                authorised_by=(ref,),
            ),
        ),
        agreed_in_principle=(
            InPrinciple(
                ref=ref,
                summary="Agree in principle",
                since=day(3),
                decided_by=maker,
                final=ResolutionRef.parse("r2(1)"),
                final_outcome=Outcome.RESOLVED,
            ),
        ),
        unrecorded=(UnrecordedOutcome(description="not given", ref=ref, decided_by=maker),),
    )


def day(n: int) -> date:
    return date(2020, 1, n)


def test_every_state_type_is_printed_whole(seed_db: Path) -> None:
    """The seeds' answers, and one state holding what they never reach, cover every
    state type: each is printed with all of its fields."""
    seen: set[type] = set()
    with Ledger.open(seed_db) as ledger:
        for partnership in ledger.partnerships():
            for day_ in DAYS:
                state = ledger.state(partnership, as_of=day_)
                _every_field_printed(state, shapes.state_to_json(state), seen)
            changes = ledger.timeline(partnership)
            _every_field_printed(changes, [shapes.change_to_json(c) for c in changes], seen)
        for council in ("bdc", "rbc", "cdc", "snc", "occ"):
            for day_ in DAYS:
                view = ledger.council(council, as_of=day_)
                _every_field_printed(view, shapes.council_to_json(view), seen)
        rich = _with_every_kind(ledger.state("bdc-rbc", as_of=date(2022, 9, 1)))
        _every_field_printed(rich, shapes.state_to_json(rich), seen)

    assert seen == STATE_TYPES, sorted(t.__name__ for t in STATE_TYPES - seen)


def test_a_shape_missing_a_field_fails_the_walk(seed_db: Path) -> None:
    with Ledger.open(seed_db) as ledger:
        state = ledger.state("bdc-rbc", as_of=date(2022, 9, 1))
    printed = shapes.state_to_json(state)
    printed["members"] = [
        {k: v for k, v in m.items() if k != "identifiers"} for m in printed["members"]
    ]

    with pytest.raises(AssertionError, match=r"Membership\.identifiers"):
        _every_field_printed(state, printed, set())


@attrs.frozen(kw_only=True)
class _NewEntry(StateData):
    """A state type with a field no command has heard of."""

    council: str
    brand_new: date
    ref: ResolutionRef | None = None


def test_a_new_state_field_reaches_the_json_with_no_cli_edit() -> None:
    entry = _NewEntry(council="cdc", brand_new=day(5), ref=ResolutionRef.parse("r1(2)"))

    assert shapes.to_json_data(entry, on=day(5)) == {
        "council": "cdc",
        "brand_new": "2020-01-05",
        "ref": {"resolution": "r1", "part": ["2"]},
    }


def test_state_rows_are_every_list_of_the_state() -> None:
    lists = [
        f.name
        for f in attrs.fields(PartnershipState)
        if typing.get_origin(typing.get_type_hints(PartnershipState)[f.name]) is tuple
    ]

    assert list(cli.commands.STATE_SECTIONS) == lists
    assert "caveats" in lists and "unrecorded" in lists

"""Tables out: every state as plain data, and CSV / JSON Lines that read back the same."""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Iterable
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any, cast

import pytest
from hypothesis import HealthCheck, given, settings

from export_seeds import KEY_DATES, LAST_DAY, RECORDED_DAY
from govledger import Ledger, codec
from govledger.cli import main
from govledger.errors import DecodeError, InvalidEvent
from govledger.events import Event, ResolutionPassed, ResolutionRef, earliest
from govledger.export import TABLES, read_csv, read_jsonl, tables, write_csv, write_jsonl
from govledger.export.tables import Row, Table
from govledger.projections import PartnershipState
from govledger.testing.strategies import histories

# --------------------------------------------------------------------------- states as data


def test_every_seed_state_is_plain_json_that_reads_back_as_itself(seeds: Ledger) -> None:
    for partnership in seeds.partnerships():
        for day in KEY_DATES:
            state = seeds.state(partnership, as_of=day)

            data = state.to_dict()

            assert json.loads(json.dumps(data)) == data
            assert codec.from_data(data, PartnershipState) == state
            assert json.loads(codec.to_json(state)) == data


def test_state_entries_have_to_dict_too(seeds: Ledger) -> None:
    state = seeds.state("bdc-rbc", as_of=date(2009, 7, 30))
    (share,) = state.cost_shares
    post = state.posts[0]

    assert share.to_dict()["shares"] == [
        {"council": "bdc", "fraction": "1/2"},
        {"council": "rbc", "fraction": "1/2"},
    ]
    assert post.to_dict()["post"] == post.post
    assert state.pending == () or "reasons" in state.pending[0].to_dict()


def _state_types() -> list[type]:
    """Every public attrs class the state, part-state, council and change modules export."""
    import attrs

    from govledger import changes, council, partstate, projections

    found = []
    for module in (projections, partstate, council, changes):
        for name in module.__all__:
            value = getattr(module, name)
            if (
                isinstance(value, type)
                and attrs.has(value)
                and not getattr(value, "DERIVED", False)
            ):
                found.append(value)
    return found


def test_every_state_type_has_to_dict() -> None:
    missing = [t.__name__ for t in _state_types() if not callable(getattr(t, "to_dict", None))]

    assert len(_state_types()) > 25
    assert missing == []


def test_part_council_and_history_values_are_plain_json_too(seeds: Ledger) -> None:
    for partnership in seeds.partnerships():
        state = seeds.state(partnership, as_of=LAST_DAY)
        values: list[Any] = [*state.parts(), *seeds.timeline(partnership)]
        values += [seeds.post_history(partnership, p.post) for p in state.posts]
        values += [
            seeds.arrangement_history(partnership, a.arrangement) for a in state.arrangements
        ]
        values += [seeds.council(m.council, as_of=LAST_DAY) for m in state.members]
        for value in values:
            data = value.to_dict()
            assert json.loads(json.dumps(data)) == data
            assert data == codec.to_data(value)


def test_pending_changes_carry_their_event_as_codec_writes_it(illustrated: Ledger) -> None:
    state = illustrated.state("cdc-snc", as_of=date(2016, 2, 7))
    pending = [p for p in state.pending if p.event is not None]
    assert pending, "seed 004 waits for the SNC Cabinet of 8 February 2016"

    data = pending[0].to_dict()

    assert pending[0].event is not None
    assert data["event"] == json.loads(codec.to_json(pending[0].event))


def test_to_json_of_something_else_says_what_to_pass_in_one_line() -> None:
    with pytest.raises(InvalidEvent) as raised:
        codec.to_json({"not": "a state"})

    assert "dict is neither a govledger event nor a govledger value" in str(raised.value)
    assert len(str(raised.value)) < 200


def test_from_data_that_does_not_fit_raises_decode_error() -> None:
    with pytest.raises(DecodeError, match="PartnershipState"):
        codec.from_data({"partnership": "p", "as_of": "not a date"}, PartnershipState)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=histories(partnerships=1, length=25))
def test_any_state_round_trips_through_plain_data(history: list[object]) -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(*history)  # type: ignore[arg-type]
        (partnership,) = ledger.partnerships()
        for day in (date(2012, 1, 1), date(2016, 6, 30), date(2030, 1, 1)):
            state = ledger.state(partnership, as_of=day)
            assert codec.from_data(json.loads(codec.to_json(state)), PartnershipState) == state


# --------------------------------------------------------------------------- tables


def test_tables_come_in_a_fixed_order_with_fixed_columns(seeds: Ledger) -> None:
    found = tables(seeds, as_of=LAST_DAY)

    assert [t.name for t in found] == [t.name for t in TABLES]
    for table, declared in zip(found, TABLES, strict=True):
        assert table.columns == declared.columns
        for row in table.rows:
            assert tuple(row) == table.column_names


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_every_seed_table_reads_back_the_same(seeds: Ledger, tmp_path: Path, fmt: str) -> None:
    for day in KEY_DATES:
        found = tables(seeds, as_of=day)
        where = tmp_path / fmt / day.isoformat()

        if fmt == "csv":
            write_csv(found, where)
            back = read_csv(where)
        else:
            write_jsonl(found, where)
            back = read_jsonl(where)

        assert {t.name: t.rows for t in found} == {name: t.rows for name, t in back.items()}


def _keyed(rows: Iterable[Row], partnership: str, *key: str) -> dict[object, Row]:
    found: dict[object, Row] = {}
    for row in rows:
        if row["partnership"] == partnership:
            found[tuple(row[k] for k in key)] = row
    return found


def _state_facts(state: PartnershipState) -> dict[str, dict[object, tuple[object, ...]]]:
    """What the state holds of each table's entities, read from the state itself."""
    return {
        "arrangements": {
            (a.arrangement,): (
                a.name,
                a.services,
                a.mechanism.value,
                a.lead,
                a.status.value,
                a.since,
                a.notice_ends,
                a.closed_on,
                a.decoupled_services,
                a.ending[-1].stage.value if a.ending else None,
                a.ending[-1].ends if a.ending else None,
                tuple(map(str, a.authorised_by)),
            )
            for a in state.arrangements
        },
        "posts": {
            (p.post,): (
                p.title,
                p.employer,
                p.shared_by,
                p.created,
                p.deleted,
                p.holder.holder if p.holder else None,
                p.holder.basis.value if p.holder else None,
                p.holder.since if p.holder else None,
                p.term_expired,
                tuple(map(str, p.authorised_by)),
            )
            for p in state.posts
        },
        "delegations": {
            (d.delegation,): (
                len(d.delegates),
                d.scope,
                d.limits,
                d.jointly,
                d.granted,
                d.revoked,
                d.in_force_on(state.as_of),
                d.exercised,
                tuple(map(str, d.authorised_by)),
            )
            for d in state.delegations
        },
        "cost_shares": {
            (c.scope, s.council): (c.kind.value, s.fraction, c.since)
            for c in state.cost_shares
            for s in c.shares
        },
        "decisions": {
            (r.resolution,): (r.status.value, r.in_force_from, r.call_in.value, r.awaiting_call_in)
            for r in state.resolutions
            if r.recorded_in is None  # a cited decision is in its own partnership's rows
        },
    }


def _row_facts(
    back: dict[str, Table], partnership: str
) -> dict[str, dict[object, tuple[object, ...]]]:
    """The same facts, read from the tables as written and read back."""

    def rows(table: str, *key: str) -> dict[object, Row]:
        return _keyed(back[table].rows, partnership, *key)

    return {
        "arrangements": {
            k: (
                r["name"],
                r["services"],
                r["mechanism"],
                r["lead"],
                r["status"],
                r["since"],
                r["notice_ends"],
                r["closed_on"],
                r["decoupled_services"],
                r["ending_stage"],
                r["ending_ends"],
                r["authorised_by"],
            )
            for k, r in rows("arrangements", "arrangement").items()
        },
        "posts": {
            k: (
                r["title"],
                r["employer"],
                r["shared_by"],
                r["created"],
                r["deleted"],
                r["holder"],
                r["holder_basis"],
                r["holder_since"],
                r["term_expired"],
                r["authorised_by"],
            )
            for k, r in rows("posts", "post").items()
        },
        "delegations": {
            k: (
                len(cast(tuple[str, ...], r["delegates"])),
                r["scope"],
                r["limits"],
                r["jointly"],
                r["granted"],
                r["revoked"],
                r["in_force"],
                r["exercised"],
                r["authorised_by"],
            )
            for k, r in rows("delegations", "delegation").items()
        },
        "cost_shares": {
            k: (r["kind"], r["share"], r["since"])
            for k, r in rows("cost_shares", "scope", "council").items()
        },
        "decisions": {
            k: (r["status"], r["in_force_from"], r["call_in"], r["awaiting_call_in"])
            for k, r in rows("decisions", "decision").items()
            if r["kind"] == "resolution" and r["status"] is not None  # the state lists it
        },
    }


def _decision_facts(
    standing: list[tuple[int, Event]], partnership: str, as_of: date
) -> set[tuple[object, ...]]:
    """Every part and vote of every decision *partnership* recorded, effective by *as_of*,
    from the events (a decision it cites from another partnership is in that one's rows)."""
    found: set[tuple[object, ...]] = set()
    for _, event in standing:
        if not isinstance(event, ResolutionPassed) or earliest(event.effective) > as_of:
            continue
        if event.partnership != partnership:
            continue
        voted = [(event.resolution, event.votes)]
        for path, part in event.walk():
            ref = str(ResolutionRef(resolution=event.resolution, part=path))
            found.add(("part", ref, part.outcome.value, part.summary, part.in_principle))
            voted.append((ref, part.votes))
        for ref, votes in voted:
            for number, vote in enumerate(votes, start=1):
                found.add(
                    (
                        "vote",
                        ref,
                        number,
                        vote.motion.value,
                        vote.carried,
                        None if vote.result is None else vote.result.value,
                        vote.named_complete,
                        vote.mover,
                        len(vote.named),
                    )
                )
    return found


def _read_decision_facts(back: dict[str, Table], partnership: str) -> set[tuple[object, ...]]:
    parts = {
        ("part", r["ref"], r["outcome"], r["summary"], r["in_principle"])
        for r in back["parts"].rows
        if r["partnership"] == partnership
    }
    named = [r for r in back["named_votes"].rows if r["partnership"] == partnership]
    votes = set()
    for r in back["votes"].rows:
        if r["partnership"] != partnership:
            continue
        names = sum(1 for n in named if (n["ref"], n["vote"]) == (r["ref"], r["vote"]))
        assert names == r["named_votes"], r
        votes.add(
            (
                "vote",
                r["ref"],
                r["vote"],
                r["motion"],
                r["carried"],
                r["result"],
                r["named_complete"],
                r["mover"],
                r["named_votes"],
            )
        )
    return parts | votes


def _check_round_trip(ledger: Ledger, day: date, where: Path) -> None:
    """Write every table as CSV and JSON Lines, read both back, and find in them the
    facts of the state and of the decisions, read from the ledger itself."""
    found = tables(ledger, as_of=day)
    write_csv(found, where / "csv")
    write_jsonl(found, where / "jsonl")
    for back in (read_csv(where / "csv"), read_jsonl(where / "jsonl")):
        assert {t.name: t.rows for t in found} == {n: t.rows for n, t in back.items()}
        decided = [(r["partnership"], r["decision"]) for r in back["decisions"].rows]
        assert len(decided) == len(set(decided)), "a decision is written once"
        for partnership in ledger.partnerships():
            state = ledger.state(partnership, as_of=day)
            assert _row_facts(back, partnership) == _state_facts(state)
            standing = ledger.standing(partnership)
            assert _read_decision_facts(back, partnership) == _decision_facts(
                standing, partnership, day
            )


def test_csv_and_json_lines_of_every_seed_hold_the_facts_of_the_state(
    seeds: Ledger, tmp_path: Path
) -> None:
    for day in KEY_DATES:
        _check_round_trip(seeds, day, tmp_path / day.isoformat())


def test_what_the_minutes_say_round_trips_through_the_tables(
    recorded: Ledger, tmp_path: Path
) -> None:
    _check_round_trip(recorded, RECORDED_DAY, tmp_path)
    found = {t.name: t for t in tables(recorded, as_of=RECORDED_DAY)}

    votes = {(r["ref"], r["vote"]): r for r in found["votes"].rows}
    referral, amendment, decision = (votes["cab-1(1)", n] for n in (1, 2, 3))
    assert (referral["purpose"], referral["mover"], referral["result"]) == (
        "refer",
        "Cllr Ash",
        "lost",
    )
    assert (amendment["result"], amendment["carried"]) == ("withdrawn", False)
    assert (decision["named_complete"], decision["carried"], decision["seconder"]) == (
        False,
        True,
        "Cllr Cedar",
    )
    parts = {r["ref"]: r for r in found["parts"].rows}
    assert parts["cab-1(1)"]["in_principle"] is True
    assert parts["cab-1(2)"]["outcome"] == "not_recorded"
    decisions = {r["decision"]: r for r in found["decisions"].rows}
    assert decisions["cab-2"]["meeting_status"] == "inquorate"
    assert decisions["cab-2"]["status"] == "no_valid_meeting"
    assert (decisions["cab-1"]["call_in"], decisions["cab-1"]["call_in_words"]) == (
        "subject",
        "five working days",
    )
    assert (decisions["cab-3"]["call_in_exemption"], decisions["cab-3"]["urgency"]) == (
        "urgent",
        "the Leader's urgency powers",
    )
    arrangements = {r["arrangement"]: r for r in found["arrangements"].rows}
    ict, payroll = arrangements["ict"], arrangements["payroll"]
    assert (ict["status"], ict["ending_stage"], ict["ending_ends"]) == (
        "in_force",
        "agreed_to_give_notice",
        None,
    )
    assert ict["ending_words"] == "subject to the notice period to be agreed"
    assert (payroll["status"], payroll["ending_ends"]) == ("ended", date(2020, 12, 31))


@settings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(history=histories(partnerships=2, length=25))
def test_csv_and_json_lines_of_any_history_hold_the_facts_of_the_state(
    history: list[Event],
) -> None:
    with Ledger.open(":memory:") as ledger, tempfile.TemporaryDirectory() as where:
        ledger.append(*history)
        for day in (date(2014, 1, 1), date(2030, 1, 1)):
            _check_round_trip(ledger, day, Path(where) / day.isoformat())


def test_decisions_parts_and_votes_cover_every_recorded_decision(seeds: Ledger) -> None:
    found = {t.name: t for t in tables(seeds, as_of=LAST_DAY)}
    decisions = {(r["partnership"], r["decision"]) for r in found["decisions"].rows}
    parts = {r["ref"] for r in found["parts"].rows}
    votes = [r for r in found["votes"].rows if r["decision"] == "ssjc-2020-09-02-41"]

    assert ("bdc-rbc", "bdc-cabinet-2009-07-29-45") in decisions
    assert "bdc-cabinet-2009-07-29-45(2)(b)" in parts or "bdc-cabinet-2009-07-29-45(2)" in parts
    first = votes[0]
    assert (first["ref"], first["in_favour"], first["against"], first["carried"]) == (
        "ssjc-2020-09-02-41(1)",
        7,
        3,
        True,
    )


def test_an_uncertain_date_is_two_bounds_and_its_words(seeds: Ledger, tmp_path: Path) -> None:
    write_csv(tables(seeds, as_of=LAST_DAY), tmp_path)
    with (tmp_path / "decisions.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))

    vague = [r for r in rows if r["decided_words"]]
    assert vague, "seed 002 records councils deciding 'in November 2020'"
    for row in vague:
        assert date.fromisoformat(row["decided_earliest"]) < date.fromisoformat(
            row["decided_latest"]
        )
    exact = [r for r in rows if r["decided_earliest"] and not r["decided_words"]]
    assert exact and all(r["decided_earliest"] == r["decided_latest"] for r in exact)


def test_list_cells_with_semicolons_survive_csv(tmp_path: Path) -> None:
    (declared,) = [t for t in TABLES if t.name == "delegations"]
    row: Row = {c.name: None for c in declared.columns}
    row.update(
        partnership="p",
        delegation="d",
        delegates=("Director; Finance", " spaced "),
        consultees=(),
        limits=("[bracketed]",),
        exercised=(),
        authorised_by=("r(1)",),
        jointly=True,
        in_force=False,
        scope="x",
        granted=date(2020, 1, 1),
    )
    table = declared.__class__(declared.name, declared.description, declared.columns, (row,))

    write_csv([table], tmp_path)

    assert read_csv(tmp_path)["delegations"].rows == (row,)


def test_a_fraction_cell_is_exact(seeds: Ledger) -> None:
    shares = [
        r["share"] for t in tables(seeds, as_of=LAST_DAY) if t.name == "cost_shares" for r in t.rows
    ]

    assert shares and all(isinstance(s, Fraction) for s in shares)


# --------------------------------------------------------------------------- command line


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_command_writes_one_file_per_table(seed_db: Path, tmp_path: Path, fmt: str) -> None:
    from click.testing import CliRunner

    out = tmp_path / "out"
    result = CliRunner().invoke(
        main,
        ["--db", str(seed_db), "export", "--format", fmt, "--as-of", "2023-06-01", "-o", str(out)],
    )

    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{t.name}.{fmt}" for t in TABLES)
    with Ledger.open(seed_db) as ledger:
        expected = {t.name: t.rows for t in tables(ledger, as_of=LAST_DAY)}
    back = read_csv(out) if fmt == "csv" else read_jsonl(out)
    assert {n: t.rows for n, t in back.items()} == expected


def test_export_command_refuses_an_unknown_partnership(seed_db: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    result = CliRunner().invoke(
        main, ["--db", str(seed_db), "export", "--format", "csv", "-p", "nope", "-o", str(tmp_path)]
    )

    assert result.exit_code == 1
    assert "no partnership 'nope'" in result.output


def test_a_cited_decision_is_written_once_in_its_own_partnerships_rows() -> None:
    """Shrunk from a random history: a change of one partnership citing another's
    decision wrote that decision a second time, from the citing partnership's state."""
    from govledger.events import (
        BodyEstablished,
        BodyKind,
        Citation,
        CouncilBody,
        Member,
        Part,
        PartnershipFormed,
    )

    formed = [
        PartnershipFormed(
            partnership=p,
            effective=date(2008, 4, 1),
            authorised_by=(Citation(document="Memorandum of Agreement 2008"),),
            name=f"{p} shared services partnership",
            members=(
                Member(council=a, name=f"{a} council"),
                Member(council=b, name=f"{b} council"),
            ),
        )
        for p, a, b in (("aa-bb", "aa", "bb"), ("bb-cc", "bb", "cc"))
    ]
    passed = ResolutionPassed(
        partnership="bb-cc",
        effective=date(2008, 4, 4),
        resolution="bb-cabinet-2008-04-04",
        decided_by=CouncilBody(council="bb", name="Cabinet"),
        decided=date(2008, 4, 4),
        item="3",
        title="Shared ICT service",
        parts=(Part(number="1", summary="agree changes to the shared arrangement"),),
    )
    cites = BodyEstablished(
        partnership="aa-bb",
        effective=date(2014, 1, 2),
        authorised_by=(
            ResolutionRef(resolution=passed.resolution, part=("1",), partnership="bb-cc"),
        ),
        body="joint-committee",
        name="Joint Shared Services Committee",
        kind=BodyKind.JOINT_COMMITTEE,
        legal_basis="s.101(5) Local Government Act 1972",
    )
    with Ledger.open(":memory:") as ledger:
        ledger.append(*formed, passed, cites)
        assert ledger.state("aa-bb", as_of=date(2015, 1, 1)).resolutions[0].recorded_in == "bb-cc"

        every = {t.name: t.rows for t in tables(ledger, as_of=date(2015, 1, 1))}
        alone = {
            t.name: t.rows for t in tables(ledger, as_of=date(2015, 1, 1), partnerships=["aa-bb"])
        }

    def written(found: dict[str, tuple[Row, ...]], table: str) -> list[tuple[Any, ...]]:
        return [
            (r["partnership"], r["ref" if table == "parts" else "decision"]) for r in found[table]
        ]

    assert written(every, "decisions") == [("bb-cc", passed.resolution)]
    assert written(every, "parts") == [("bb-cc", f"{passed.resolution}(1)")]
    # Written alone, the citing partnership still carries the decision it cites.
    assert written(alone, "decisions") == [("bb-cc", passed.resolution)]
    assert written(alone, "parts") == [("bb-cc", f"{passed.resolution}(1)")]

"""Tables out: every state as plain data, and CSV / JSON Lines that read back the same."""

from __future__ import annotations

import csv
import json
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from export_seeds import KEY_DATES, LAST_DAY
from govledger import Ledger, codec
from govledger.cli import main
from govledger.errors import DecodeError, InvalidEvent
from govledger.export import TABLES, read_csv, read_jsonl, tables, write_csv, write_jsonl
from govledger.export.tables import Row
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


def test_tables_hold_the_facts_of_the_state(seeds: Ledger, tmp_path: Path) -> None:
    write_csv(tables(seeds, as_of=LAST_DAY), tmp_path)
    back = read_csv(tmp_path)

    for partnership in seeds.partnerships():
        state = seeds.state(partnership, as_of=LAST_DAY)
        arrangements = {
            row["arrangement"]: (row["status"], row["services"])
            for row in back["arrangements"].rows
            if row["partnership"] == partnership
        }
        posts = {
            r["post"]: r["title"] for r in back["posts"].rows if r["partnership"] == partnership
        }
        delegations = {
            r["delegation"]: r["in_force"]
            for r in back["delegations"].rows
            if r["partnership"] == partnership
        }
        shares = {
            (r["scope"], r["council"]): r["share"]
            for r in back["cost_shares"].rows
            if r["partnership"] == partnership
        }
        assert arrangements == {
            a.arrangement: (a.status.value, a.services) for a in state.arrangements
        }
        assert posts == {p.post: p.title for p in state.posts}
        assert delegations == {d.delegation: d.in_force_on(LAST_DAY) for d in state.delegations}
        assert shares == {
            (c.scope, s.council): s.fraction for c in state.cost_shares for s in c.shares
        }


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

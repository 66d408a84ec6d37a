"""The command line's other questions (verify, timeline, diff), its CSV and NL output, and
the small traps a newcomer met: dates for --known-at, times printed whole, today."""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result

from govledger import Ledger, cli
from govledger.cli.output import Format, table, to_csv, to_nl
from govledger.testing import TestClock
from test_cli import _two_events

SEED_PARTNERSHIPS = ["bdc-rbc", "cdc-occ", "cdc-snc", "council-a-council-b"]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args))


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    return result.stdout


def as_json(result: Result) -> dict[str, Any]:
    data = json.loads(ok(result))
    assert data["format"] == cli.JSON_FORMAT
    return data  # type: ignore[no-any-return]


def nl_rows(result: Result) -> list[dict[str, Any]]:
    return [json.loads(line) for line in ok(result).splitlines()]


def csv_rows(result: Result) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(ok(result))))


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seed-ledger.db"
    ok(run("demo", "--db", str(path)))
    return path


# --------------------------------------------------------------------------- the demo


def test_the_demo_is_short_and_narrow_and_full_shows_every_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # as a new user runs it: ./seed-ledger.db
    short = ok(run("demo")).splitlines()
    full = ok(run("demo", "--full")).splitlines()

    assert len(short) < 40
    assert max(len(line) for line in short) <= 100
    for partnership in SEED_PARTNERSHIPS:
        assert any(line.startswith(f"{partnership}: ") for line in short), partnership
    assert "  2022-09-01  " in "\n".join(short)
    assert len(full) > 200
    assert "Cherwell and Oxfordshire partnership [cdc-occ] on 1 September 2022" in full


# --------------------------------------------------------------------------- verify


def test_verify_says_the_chain_is_intact_and_gives_the_head(seed_db: Path) -> None:
    with Ledger.open(seed_db) as ledger:
        head = str(ledger.head())

    text = ok(run("--db", str(seed_db), "verify"))
    data = as_json(run("--db", str(seed_db), "verify", "--json", "--expected-head", head))

    assert "52 events checked" in text and f"head: {head}" in text
    assert data["ok"] is True and data["head"] == head and data["expected_head"] == head
    assert data["first_bad_position"] is None


def test_verify_against_a_head_the_ledger_no_longer_holds_is_exit_code_1(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "verify", "--expected-head", "52:" + "0" * 64)

    assert result.exit_code == 1
    assert "52" in result.output


def test_verify_reports_a_changed_payload_with_exit_code_1(tmp_path: Path) -> None:
    path = tmp_path / "broken.db"
    ok(run("demo", "--db", str(path)))
    raw = sqlite3.connect(path)
    with raw:
        raw.execute("DROP TRIGGER events_refuse_update")
        raw.execute(
            "UPDATE events SET payload = replace(payload, 'Redditch', 'Reditch') WHERE position = 1"
        )
    raw.close()

    result = run("--db", str(path), "verify", "--json")

    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert (data["ok"], data["first_bad_position"]) == (False, 1)
    assert data["problem"]


def test_verify_rejects_a_malformed_head(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "verify", "--expected-head", "nonsense")

    assert result.exit_code == 2
    assert "not a chain head" in result.output


# --------------------------------------------------------------------------- timeline and diff


def test_timeline_lists_dated_changes_with_their_authority(seed_db: Path) -> None:
    text = ok(run("--db", str(seed_db), "timeline", "cdc-occ"))
    data = as_json(run("--db", str(seed_db), "timeline", "cdc-occ", "--json"))

    changes = data["changes"]
    assert text.startswith(f"{len(changes)} changes to cdc-occ.")
    assert [c["on"] for c in changes] == sorted(c["on"] for c in changes)
    ended = [c for c in changes if c["kind"] == "arrangement_ended"]
    assert ended and ended[0]["by_time"] is True
    assert ended[0]["before"]["status"] == "under_notice"
    assert ended[0]["after"]["status"] == "ended"


def test_diff_gives_the_changes_between_two_days(seed_db: Path) -> None:
    args = ["--db", str(seed_db), "diff", "cdc-occ", "2022-08-30", "2022-09-01"]
    data = as_json(run(*args, "--json"))

    assert (data["from"], data["to"]) == ("2022-08-30", "2022-09-01")
    assert {c["kind"] for c in data["changes"]} >= {"arrangement_decoupled", "arrangement_ended"}
    assert all("2022-08-30" < c["on"] <= "2022-09-01" for c in data["changes"])
    assert "changes to cdc-occ after 2022-08-30, up to 2022-09-01" in ok(run(*args))


def test_diff_of_a_day_with_itself_is_empty(seed_db: Path) -> None:
    day = "2022-09-01"
    data = as_json(run("--db", str(seed_db), "diff", "cdc-occ", day, day, "--json"))

    assert data["changes"] == []


def test_diff_wants_the_earlier_day_first(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "diff", "cdc-occ", "2022-09-01", "2022-08-30")

    assert result.exit_code == 2
    assert "give the earlier day first" in result.output


def test_diff_rejects_a_day_that_is_not_iso(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "diff", "cdc-occ", "1/9/2022", "2022-09-02")

    assert result.exit_code == 2
    assert "use YYYY-MM-DD" in result.output


def test_diff_to_defaults_to_today(seed_db: Path) -> None:
    data = as_json(run("--db", str(seed_db), "diff", "cdc-occ", "2022-08-30", "--json"))

    assert data["to"] == date.today().isoformat()


# --------------------------------------------------------------------------- CSV and NL


@pytest.mark.parametrize(
    ("command", "key"),
    [
        (["partnerships"], "partnerships"),
        (["history", "cdc-snc"], "events"),
        (["timeline", "cdc-snc"], "changes"),
        (["diff", "cdc-snc", "2016-01-01", "2016-03-01"], "changes"),
    ],
)
def test_csv_and_nl_give_the_same_rows_as_json(seed_db: Path, command: list[str], key: str) -> None:
    base = ["--db", str(seed_db), *command]
    rows = as_json(run(*base, "--json"))[key]

    assert nl_rows(run(*base, "--nl")) == rows
    from_csv = csv_rows(run(*base, "--csv"))
    assert len(from_csv) == len(rows)
    first = {k: v for k, v in rows[0].items() if isinstance(v, str)}
    assert {k: from_csv[0][k] for k in first} == first


def test_state_as_csv_has_one_row_per_fact(seed_db: Path) -> None:
    base = ["--db", str(seed_db), "state", "cdc-occ", "--as-of", "2022-09-01"]
    state = as_json(run(*base, "--json"))["state"]

    rows = csv_rows(run(*base, "--csv"))
    lines = nl_rows(run("--nl", *base))

    assert [r["section"] for r in rows] == [r["section"] for r in lines]
    assert sum(1 for r in rows if r["section"] == "pending") == len(state["pending"])
    assert {r["council"] for r in rows if r["section"] == "members"} == {"cdc", "occ"}


def test_verify_as_nl_is_one_line(seed_db: Path) -> None:
    (line,) = nl_rows(run("--db", str(seed_db), "verify", "--nl"))

    assert line["ok"] is True


def test_demo_and_head_as_csv_and_nl_are_one_row(tmp_path: Path, seed_db: Path) -> None:
    (demo,) = nl_rows(run("demo", "--db", str(tmp_path / "d.db"), "--nl"))
    (head,) = csv_rows(run("--db", str(seed_db), "head", "--csv"))

    assert list(demo) == ["db", "events", "partnerships", "views"]
    assert demo["partnerships"] == SEED_PARTNERSHIPS
    assert head["position"] == str(as_json(run("--db", str(seed_db), "head", "--json"))["position"])


def test_only_one_output_format_at_a_time(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "--json", "partnerships", "--csv")

    assert result.exit_code == 2
    assert "choose one of --json, --csv and --nl" in result.output


def _commands(command: click.Command, path: str) -> Iterator[tuple[str, click.Command]]:
    """*command* and every command below it, by their full names."""
    yield path, command
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            yield from _commands(sub, f"{path} {name}")


def test_every_command_with_json_takes_csv_and_nl() -> None:
    checked = []
    for name, command in _commands(cli.main, "govledger"):
        options = {opt for param in command.params for opt in getattr(param, "opts", [])}
        if "--json" in options:
            assert {"--csv", "--nl"} <= options, name
            checked.append(name.removeprefix("govledger").strip())
    assert {
        "",
        "demo",
        "partnerships",
        "state",
        "history",
        "verify",
        "timeline",
        "diff",
        "council",
        "ingest",
        "apply",
    } <= set(checked)


def test_csv_writes_nested_values_as_json_and_none_as_empty() -> None:
    text = to_csv([{"a": 1, "b": None}, {"a": 2, "c": {"x": [1]}}])

    assert text.splitlines() == ["a,b,c", "1,,", '2,,"{""x"":[1]}"']
    assert to_nl([{"a": 1}]) == '{"a":1}\n'
    assert Format("nl") is Format.NL


def test_tables_wrap_to_the_width_but_keep_fixed_columns_whole() -> None:
    rows = [["2026-12-01T23:42:26.798781+00:00", "word " * 40]]

    text = table(["RECORDED", "WHAT"], rows, width=70, fixed=(0,))

    assert all(len(line) <= 70 for line in text.splitlines())
    assert "2026-12-01T23:42:26.798781+00:00" in text


# --------------------------------------------------------------------------- dates and times


def test_as_of_defaults_to_today(seed_db: Path) -> None:
    data = as_json(run("--db", str(seed_db), "state", "cdc-occ", "--json"))

    assert data["state"]["as_of"] == date.today().isoformat()


@pytest.fixture
def two_days_db(tmp_path: Path) -> Path:
    """One event recorded on 1 March 2026 at 09:00:00.250 UTC, two on 2 March at 09:00."""
    times = iter(
        [datetime(2026, 3, 1, 9, 0, 0, 250000, tzinfo=UTC), datetime(2026, 3, 2, 9, tzinfo=UTC)]
    )
    path = tmp_path / "two-days.db"
    formed, resolution, arrangement = _two_events()
    with Ledger.open(path, clock=TestClock(lambda: next(times))) as ledger:
        ledger.append(formed)
        ledger.append(resolution, arrangement)
    return path


@pytest.mark.parametrize(
    ("known_at", "known"),
    [
        ("2026-03-01", 1),  # a day: everything recorded by its end, UTC
        ("2026-03-01Z", 1),
        ("2026-03-01+00:00", 1),
        ("2026-03-01+10:00", 1),  # the end of 1 March in UTC+10: 13:59 UTC that day
        ("2026-03-01-10:00", 3),  # the end of 1 March in UTC-10: 2 March 09:59 UTC
        ("2026-03-01T09:00:00.250000+00:00", 1),
        ("2026-03-01T09:00:00Z", 0),
    ],
)
def test_known_at_takes_days_z_and_offsets(two_days_db: Path, known_at: str, known: int) -> None:
    data = as_json(
        run("--db", str(two_days_db), "state", "cdc-snc", "--json", "--known-at", known_at)
    )

    assert data["events_known"] == known


#: A recording time or a day, with or without ``Z`` or an offset, in an error's hint.
_SUGGESTED = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T[0-9:]+)?(?:Z|[+-][0-9]{2}:[0-9]{2})?")


@pytest.mark.parametrize("given", ["2026-03-01T09:00", "yesterday"])
def test_every_known_at_the_error_suggests_parses(two_days_db: Path, given: str) -> None:
    base = ["--db", str(two_days_db), "state", "cdc-snc", "--json", "--known-at"]
    refused = run(*base, given)
    suggested = [hint for hint in _SUGGESTED.findall(refused.output) if hint != given]
    suggested += re.findall(r"position such as ([0-9]+)", refused.output)

    assert refused.exit_code == 2
    assert len(suggested) >= 2, refused.output
    for hint in suggested:
        assert "events_known" in as_json(run(*base, hint)), hint


def test_a_recorded_time_printed_by_history_pastes_back_into_known_at(two_days_db: Path) -> None:
    history = ok(run("--db", str(two_days_db), "history", "cdc-snc"))
    first = next(line for line in history.splitlines() if line.startswith("1 "))
    recorded = first.split()[2]

    result = ok(run("--db", str(two_days_db), "state", "cdc-snc", "--known-at", recorded))

    assert recorded == "2026-03-01T09:00:00.250000+00:00"
    assert "1 of 3 events" in result
    assert "Cherwell" in result


def test_before_anything_was_recorded_the_state_says_so(two_days_db: Path) -> None:
    result = ok(
        run("--db", str(two_days_db), "state", "cdc-snc", "--known-at", "2026-02-28T00:00:00Z")
    )

    assert "Nothing about cdc-snc had been recorded yet" in result
    assert "2026-03-01T09:00:00.250000+00:00 (position 1)" in result
    assert "not yet formed" not in result


def test_a_period_has_the_same_json_shape_in_state_and_partnerships(seed_db: Path) -> None:
    listed = as_json(run("--db", str(seed_db), "partnerships", "--json"))["partnerships"]
    state = as_json(
        run("--db", str(seed_db), "state", "cdc-occ", "--as-of", "2022-09-01", "--json")
    )["state"]

    formed = next(p["formed"] for p in listed if p["partnership"] == "cdc-occ")
    assert formed == {"earliest": "2018-09-01", "latest": "2018-11-30", "words": "autumn 2018"}
    assert state["formed"] == formed
    for command in (["timeline", "cdc-occ"], ["diff", "cdc-occ", "2018-01-01", "2019-01-01"]):
        changes = as_json(run("--db", str(seed_db), *command, "--json"))["changes"]
        after = next(c["after"] for c in changes if c["kind"] == "partnership_formed")
        assert after["formed"] == formed, command

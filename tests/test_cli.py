"""The ``govledger`` command: answers, JSON shapes, exit codes and messages a user can act on."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from govledger import (
    ArrangementEstablished,
    Citation,
    CouncilBody,
    Ledger,
    Mechanism,
    Member,
    NotOnRecord,
    Part,
    PartnershipFormed,
    ResolutionPassed,
    ResolutionRef,
    cli,
)
from govledger.codec import decode
from govledger.testing.clock import TestClock

ROOT = Path(__file__).resolve().parents[1]

SEED_PARTNERSHIPS = ["bdc-rbc", "cdc-occ", "cdc-snc", "council-a-council-b"]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args))


def as_json(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    assert data["format"] == cli.JSON_FORMAT
    return data


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seed-ledger.db"
    result = run("demo", "--db", str(path))
    assert result.exit_code == 0, result.output
    return path


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run the test in an empty current directory."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


# --------------------------------------------------------------------------- demo


def test_demo_runs_as_a_module_and_prints_every_partnership(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "govledger", "demo"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "Recorded 52 events in 4 partnerships." in result.stdout
    assert "cdc-occ: Cherwell DC + Oxfordshire CC: decoupling" in result.stdout
    assert (tmp_path / cli.DEMO_DB).exists()


def test_demo_rebuilds_a_seed_ledger_it_built_before(in_tmp: Path) -> None:
    first = run("demo")
    second = run("demo")

    assert first.exit_code == second.exit_code == 0
    assert "exists: deleting it and rebuilding" in second.output
    with Ledger.open(in_tmp / cli.DEMO_DB) as ledger:
        assert sum(1 for _ in ledger.events()) == 52


def test_demo_refuses_to_replace_a_file_that_is_not_a_ledger(tmp_path: Path) -> None:
    precious = tmp_path / "notes.db"
    precious.write_text("my notes", encoding="utf-8")

    result = run("demo", "--db", str(precious))

    assert result.exit_code == 1
    assert "is not a govledger ledger, so demo will not replace it" in result.output
    assert precious.read_text(encoding="utf-8") == "my notes"


def test_demo_refuses_to_replace_a_ledger_of_other_partnerships(tmp_path: Path) -> None:
    path = tmp_path / "mine.db"
    with Ledger.open(path) as ledger:
        ledger.append(_two_events("my-councils")[0])

    result = run("demo", "--db", str(path))

    assert result.exit_code == 1
    assert "holds partnerships the seed ledger does not (my-councils)" in result.output


def test_demo_json_shows_every_view_of_the_seed_ledger(tmp_path: Path) -> None:
    result = run("--json", "demo", "--db", str(tmp_path / "seed.db"))

    data = as_json(result)
    assert data["events"] == 52
    assert data["partnerships"] == SEED_PARTNERSHIPS
    first = data["views"][0]["dates"][0]
    assert (first["as_of"], first["state"]["partnership"]) == ("2009-07-28", "bdc-rbc")


def test_demo_says_where_it_looked_when_the_examples_are_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli.seeds, "_example_candidates", lambda: [tmp_path / "nowhere"])

    result = run("demo", "--db", str(tmp_path / "seed.db"))

    assert result.exit_code == 1
    assert f"cannot find the seed examples (looked in {tmp_path / 'nowhere'})" in result.output


def test_the_examples_are_found_beside_the_source_tree() -> None:
    assert (cli.examples_dir() / "seed_ledger.py").is_file()


# --------------------------------------------------------------------------- partnerships


def test_partnerships_lists_the_seed_partnerships_in_a_table(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "partnerships")

    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["PARTNERSHIP", "EVENTS", "FORMED", "NAME"]
    rows = [line for line in lines[2:] if not line.startswith(" ")]  # not a wrapped name
    assert [line.split()[0] for line in rows] == SEED_PARTNERSHIPS
    assert rows[0].split()[:4] == ["bdc-rbc", "15", "by", "2009-06-29"]


def test_partnerships_json_gives_names_formation_and_event_counts(seed_db: Path) -> None:
    data = as_json(run("partnerships", "--db", str(seed_db), "--json"))

    entry = data["partnerships"][1]
    assert entry == {
        "partnership": "cdc-occ",
        "name": "Cherwell and Oxfordshire partnership",
        "formed": {"earliest": "2018-09-01", "latest": "2018-11-30", "words": "autumn 2018"},
        "events": 13,
    }


def test_an_empty_ledger_has_no_partnerships(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    Ledger.open(path).close()

    assert (
        run("--db", str(path), "partnerships").output == "The ledger holds no partnerships yet.\n"
    )


# --------------------------------------------------------------------------- state


def test_state_prints_the_partnership_on_the_date(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "state", "cdc-occ", "--as-of", "2022-09-01")

    assert result.exit_code == 0
    assert "Section 113 agreement (CDC-OCC) [s113-agreement]: ended on 2022-08-31" in result.output


def test_options_may_come_after_the_command(seed_db: Path) -> None:
    before = run("--db", str(seed_db), "--json", "state", "bdc-rbc", "--as-of", "2009-07-30")
    after = run("state", "bdc-rbc", "--as-of", "2009-07-30", "--db", str(seed_db), "--json")

    assert as_json(before) == as_json(after)


def test_state_json_uses_iso_dates_exact_fractions_and_enum_values(seed_db: Path) -> None:
    data = as_json(run("--db", str(seed_db), "--json", "state", "bdc-rbc", "--as-of", "2009-07-30"))

    state = data["state"]
    assert data["known_at"] is None
    assert state["as_of"] == "2009-07-30"
    assert state["formed"] == {  # as recorded: a period, the same shape as partnerships gives
        "earliest": None,
        "latest": "2009-06-29",
        "words": "before the Shared Services Board met on 29 June 2009",
    }
    assert state["cost_shares"][0]["shares"] == [
        {"council": "bdc", "fraction": "1/2"},
        {"council": "rbc", "fraction": "1/2"},
    ]
    post = state["posts"][0]
    assert (post["title"], post["holder"]["basis"]) == ("Joint Chief Executive", "seconded")
    assert post["title_until"] == {
        "earliest": "2013-03-31",
        "latest": "2013-03-31",
        "words": "the end of 2012/2013",
    }
    assert post["authorised_by"] == [
        {"type": "resolution", "resolution": "bdc-cabinet-2009-07-29-45", "part": ["4"]}
    ]


def test_state_json_says_why_a_decision_is_pending(seed_db: Path) -> None:
    data = as_json(run("--db", str(seed_db), "--json", "state", "cdc-snc", "--as-of", "2016-02-07"))

    pending = data["state"]["pending"][0]
    assert pending["reasons"][0]["kind"] == "member_decision"
    assert pending["event"]["type"] == "ArrangementEstablished"
    assert data["state"]["shared_services"] == []


def test_state_rejects_a_date_that_is_not_iso(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "state", "cdc-occ", "--as-of", "1/9/2022")

    assert result.exit_code == 2
    assert "'1/9/2022' is not a date; use YYYY-MM-DD, such as 2022-09-01" in result.output


def test_state_rejects_a_day_that_does_not_exist(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "state", "cdc-occ", "--as-of", "2022-02-30")

    assert result.exit_code == 2
    assert "use YYYY-MM-DD" in result.output


def test_state_without_a_date_answers_for_today(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "state", "cdc-occ")

    assert result.exit_code == 0, result.output
    assert f"on {date.today():%-d %B %Y}" in result.output


def test_an_unknown_partnership_lists_the_known_ones(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "state", "cdc-oc", "--as-of", "2022-09-01")

    assert result.exit_code == 1
    assert "no partnership 'cdc-oc'" in result.output
    assert "Did you mean 'cdc-occ'?" in result.output
    assert "Known partnerships: bdc-rbc, cdc-occ, cdc-snc, council-a-council-b" in result.output


def test_a_missing_database_is_reported_and_not_created(in_tmp: Path) -> None:
    result = run("state", "cdc-occ", "--as-of", "2022-09-01")

    assert result.exit_code == 2
    assert "no ledger at govledger.db; run `govledger demo` or pass --db" in result.output
    assert not (in_tmp / cli.DEFAULT_DB).exists()


def test_a_file_that_is_not_a_ledger_is_an_error_without_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("not a database", encoding="utf-8")

    result = run("--db", str(path), "partnerships")

    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


# --------------------------------------------------------------------------- --known-at


def _two_events(
    p: str = "cdc-snc",
) -> tuple[PartnershipFormed, ResolutionPassed, ArrangementEstablished]:
    return (
        PartnershipFormed(
            partnership=p,
            effective=date(2011, 10, 1),
            name="CDC and SNC",
            members=(Member(council="cdc", name="Cherwell"), Member(council="snc", name="SNC")),
            authorised_by=(Citation(document="Section 113 agreement"),),
        ),
        ResolutionPassed(
            partnership=p,
            resolution="cdc-exec-118",
            item="118",
            decided_by=CouncilBody(council="cdc", name="Executive"),
            decided=date(2016, 2, 1),
            effective=date(2016, 2, 1),
            title="Joint Customer Service Team",
            parts=(Part(number="3", summary="approve the business case"),),
        ),
        ArrangementEstablished(
            partnership=p,
            effective=date(2016, 2, 1),
            authorised_by=(ResolutionRef.parse("cdc-exec-118(3)"),),
            not_on_record=(NotOnRecord(council="snc", note="SNC's decision is outside this test"),),
            arrangement="joint-cs-team",
            name="Joint Customer Service Team",
            services=("customer-services",),
            mechanism=Mechanism.OTHER,
        ),
    )


@pytest.fixture
def two_days_db(tmp_path: Path) -> Path:
    """The formation recorded on 1 March 2026, the decision on 2 March 2026."""
    times = iter([datetime(2026, 3, 1, 9, tzinfo=UTC), datetime(2026, 3, 2, 9, tzinfo=UTC)])
    path = tmp_path / "two-days.db"
    formed, resolution, arrangement = _two_events()
    with Ledger.open(path, clock=TestClock(lambda: next(times))) as ledger:
        ledger.append(formed)
        ledger.append(resolution, arrangement)
    return path


def test_known_at_a_time_shows_only_what_was_recorded_by_then(two_days_db: Path) -> None:
    args = ["--db", str(two_days_db), "state", "cdc-snc", "--as-of", "2016-03-01"]

    then = run(*args, "--known-at", "2026-03-01T12:00:00+00:00")
    now = run(*args)

    assert then.exit_code == now.exit_code == 0
    assert "As recorded by 2026-03-01T12:00:00+00:00: 1 of 3 events." in then.output
    assert "Joint Customer Service Team" not in then.output
    assert "Joint Customer Service Team [joint-cs-team]: in force" in now.output


def test_known_at_a_position_shows_the_events_up_to_it(two_days_db: Path) -> None:
    data = as_json(
        run(
            "--db",
            str(two_days_db),
            "--json",
            "state",
            "cdc-snc",
            "--as-of",
            "2016-03-01",
            "--known-at",
            "3",
        )
    )

    assert data["known_at"] == 3
    assert data["state"]["shared_services"] == ["customer-services"]


def test_known_at_before_anything_was_recorded_shows_an_empty_partnership(
    two_days_db: Path,
) -> None:
    args = ["--db", str(two_days_db), "state", "cdc-snc", "--as-of", "2016-03-01"]

    result = run(*args, "--known-at", "2026-02-01T00:00:00Z")

    assert result.exit_code == 0, result.output
    assert "As recorded by 2026-02-01T00:00:00+00:00: 0 of 3 events." in result.output
    assert "Cherwell" not in result.output


def test_known_at_in_another_timezone_is_compared_in_utc(two_days_db: Path) -> None:
    result = run(
        "--db",
        str(two_days_db),
        "--json",
        "state",
        "cdc-snc",
        "--as-of",
        "2016-03-01",
        "--known-at",
        "2026-03-02T10:30:00+02:00",  # 08:30 UTC: before the second append
    )

    assert as_json(result)["state"]["arrangements"] == []


def test_known_at_needs_a_timezone(two_days_db: Path) -> None:
    result = run(
        "--db",
        str(two_days_db),
        "state",
        "cdc-snc",
        "--as-of",
        "2016-03-01",
        "--known-at",
        "2026-03-01T12:00:00",
    )

    assert result.exit_code == 2
    assert "has no timezone; recording times are in UTC" in result.output


def test_known_at_rejects_words(two_days_db: Path) -> None:
    result = run(
        "--db", str(two_days_db), "state", "cdc-snc", "--as-of", "2016-03-01", "--known-at", "x"
    )

    assert result.exit_code == 2
    assert "neither a recording time nor a position" in result.output


# --------------------------------------------------------------------------- history


def test_history_lists_events_in_effective_order(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "history", "cdc-snc")

    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["POS", "EFFECTIVE", "RECORDED", "(UTC)", "EVENT", "SUMMARY"]
    rows = [line for line in lines[2:] if line[:1].isdigit()]  # not wrapped summaries
    assert [line.split()[0] for line in rows] == ["47", "48", "49", "50", "51", "52"]
    assert "2016-01-15/2016-02-07" in rows[3]


def test_history_json_holds_each_event_as_the_codec_writes_it(seed_db: Path) -> None:
    data = as_json(run("--db", str(seed_db), "--json", "history", "bdc-rbc"))

    events = data["events"]
    assert data["partnership"] == "bdc-rbc"
    assert [e["position"] for e in events] == list(range(1, 16))
    with Ledger.open(seed_db) as ledger:
        stored = [r.event for r in ledger.history("bdc-rbc")]
    assert [decode(e["type"], e["schema_version"], e["event"]) for e in events] == stored
    assert datetime.fromisoformat(events[0]["recorded_at"]).tzinfo is not None


def test_history_of_an_unknown_partnership_is_exit_code_1(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "history", "nowhere")

    assert result.exit_code == 1
    assert "no partnership 'nowhere'" in result.output


# --------------------------------------------------------------------------- help


def test_help_names_every_command() -> None:
    result = run("--help")

    assert result.exit_code == 0
    for command in ("demo", "history", "partnerships", "state"):
        assert command in result.output


def test_version_is_the_package_version() -> None:
    from govledger import __version__

    assert run("--version").output == f"govledger, version {__version__}\n"

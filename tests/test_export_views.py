"""Readable SQL views in the ledger file: what any SQLite client (and Datasette) reads."""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
from datetime import date
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import resolved
from govledger import Citation, Ledger, Member, Part, PartnershipFormed, ResolutionPassed
from govledger.cli import main
from govledger.copy import copy_ledger
from govledger.errors import GovLedgerError
from govledger.events import CouncilBody, DelegatedDecisionTaken, Period
from govledger.export import tables
from govledger.export.datasette import VIEW_DESCRIPTIONS, metadata
from govledger.store import views

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # bench/ sits beside src/, not inside the package
    sys.path.insert(0, str(ROOT))

from bench import generate  # noqa: E402

READABLE = tuple(VIEW_DESCRIPTIONS)
FORMED = PartnershipFormed(
    partnership="p",
    effective=date(2019, 1, 1),
    name="A and B",
    members=(Member(council="aa", name="A Council"), Member(council="bb", name="B Council")),
    authorised_by=(Citation(document="Partnership agreement"),),
)


def _rows(path: Path, sql: str, *args: object) -> list[dict[str, object]]:
    connection = sqlite3.connect(path)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(sql, args)]
    finally:
        connection.close()


def _columns(path: Path, view: str) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return [d[0] for d in connection.execute(f"SELECT * FROM {view} LIMIT 0").description]
    finally:
        connection.close()


def test_a_new_ledger_file_carries_every_view(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    Ledger.open(path).close()

    names = {r["name"] for r in _rows(path, "SELECT name FROM sqlite_master WHERE type='view'")}

    assert set(READABLE) <= names


def test_no_view_has_a_raw_payload_column(seed_db: Path) -> None:
    for view in READABLE:
        columns = _columns(seed_db, view)
        assert "payload" not in columns, view
        for row in _rows(seed_db, f"SELECT * FROM {view}"):
            for value in row.values():
                assert not (isinstance(value, str) and value.startswith(("{", "[{"))), (view, row)


def test_every_uncertain_date_has_both_bounds_and_its_words(seed_db: Path) -> None:
    for view in READABLE:
        columns = _columns(seed_db, view)
        for column in columns:
            if column.endswith("_latest"):
                stem = column.removesuffix("_latest")
                assert {f"{stem}_earliest", f"{stem}_words"} <= set(columns), (view, stem)
    vague = _rows(seed_db, "SELECT * FROM decisions WHERE decided_words IS NOT NULL")
    assert vague and all(str(r["decided_earliest"]) < str(r["decided_latest"]) for r in vague)
    autumn = _rows(seed_db, "SELECT * FROM service_spells WHERE from_words = 'autumn 2018'")
    assert autumn and {(r["from_earliest"], r["from_latest"]) for r in autumn} == {
        ("2018-09-01", "2018-11-30")
    }


#: Columns a view and a table share by name but not by meaning.
_MEANT_OTHERWISE: dict[str, set[str]] = {
    "decisions": {"status"},  # the tables' is whether it is in force on the day
    "parts": {"votes"},
}
#: Tables as of a day after every decision, so that they hold every decision the views do.
_EVERY_DECISION = date(2100, 1, 1)


def _as_text(value: object, kind: str) -> str:
    """A cell as the CSV export writes it, whichever side (view or table) it came from."""
    if value is None:
        return ""
    if kind == "boolean":
        return "true" if value else "false"
    if isinstance(value, tuple):
        return "; ".join(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _check_views_match_tables(ledger: Ledger, path: Path) -> None:
    """Every column the decisions, parts, votes and named votes views share with the
    exported tables holds the same, row for row."""
    found = {t.name: t for t in tables(ledger, as_of=_EVERY_DECISION)}
    for view in ("decisions", "parts", "votes", "named_votes"):
        table = found[view]
        shared = [
            c
            for c in table.columns
            if c.name in _columns(path, view) and c.name not in _MEANT_OTHERWISE.get(view, set())
        ]
        assert len(shared) >= len(table.columns) - 8, (view, [c.name for c in shared])
        in_sql = sorted(
            tuple(_as_text(row[c.name], c.kind) for c in shared)
            for row in _rows(path, f"SELECT * FROM {view}")
        )
        exported = sorted(
            tuple(_as_text(row[c.name], c.kind) for c in shared) for row in table.rows
        )
        assert in_sql == exported, view


def test_decisions_parts_and_votes_match_the_exported_tables(seeds: Ledger, seed_db: Path) -> None:
    _check_views_match_tables(seeds, seed_db)


def test_the_views_hold_what_the_minutes_say(recorded: Ledger, tmp_path: Path) -> None:
    path = tmp_path / "recorded.db"

    _check_views_match_tables(recorded, path)

    votes = {(r["ref"], r["vote"]): r for r in _rows(path, "SELECT * FROM votes")}
    # a stated result decides, never a partial named list; with neither, nobody knows
    assert (votes["cab-2(1)", 1]["carried"], votes["cab-2(1)", 1]["named_complete"]) == (1, 0)
    assert votes["cab-3(1)", 1]["carried"] is None
    assert (votes["cab-1(1)", 1]["purpose"], votes["cab-1(1)", 1]["mover"]) == ("refer", "Cllr Ash")
    assert votes["cab-1(1)", 2]["result"] == "withdrawn"
    decisions = {r["decision"]: r for r in _rows(path, "SELECT * FROM decisions")}
    assert decisions["cab-2"]["meeting_status"] == "inquorate"
    assert (decisions["cab-3"]["call_in"], decisions["cab-3"]["call_in_exemption"]) == (
        "not_subject",
        "urgent",
    )
    parts = {r["ref"]: r for r in _rows(path, "SELECT * FROM parts")}
    assert (parts["cab-1(1)"]["in_principle"], parts["cab-1(2)"]["outcome"]) == (1, "not_recorded")
    now = {r["arrangement"]: r for r in _rows(path, "SELECT * FROM arrangements_now")}
    state = recorded.state("p", as_of=date.today())
    for arrangement in state.arrangements:
        row = now[arrangement.arrangement]
        last = arrangement.ending[-1]
        assert (row["status"], row["ending_stage"], row["notice_ends"]) == (
            arrangement.status.value,
            last.stage.value,
            None if last.ends is None else last.ends.isoformat(),
        )
    spells = _rows(path, "SELECT * FROM arrangement_spells WHERE arrangement = 'payroll'")
    assert [(r["change"], r["status"]) for r in spells] == [
        ("established", "in_force"),
        ("ending: termination started", "under_notice"),
    ]


def test_a_file_with_older_views_gets_the_current_ones(seed_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copy(seed_db, path)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("DROP VIEW arrangements_now")  # stand-in for a set an older govledger wrote
    raw.execute("CREATE VIEW arrangements_now AS SELECT 1 AS stale")
    raw.execute("UPDATE govledger_meta SET value = '1' WHERE key = 'views_version'")
    raw.close()

    with Ledger.open(path):
        pass

    assert "ending_stage" in _columns(path, "arrangements_now")
    assert _rows(path, "SELECT value FROM govledger_meta WHERE key = 'views_version'") == [
        {"value": str(views.VIEWS_VERSION)}
    ]


def test_arrangements_and_delegations_are_there_with_readable_columns(
    seeds: Ledger, seed_db: Path
) -> None:
    for partnership in seeds.partnerships():
        state = seeds.state(partnership, as_of=date.today())  # "now", as the view reads it
        now = {
            r["arrangement"]: r
            for r in _rows(
                seed_db, "SELECT * FROM arrangements_now WHERE partnership = ?", partnership
            )
        }
        delegations = {
            r["delegation"]
            for r in _rows(seed_db, "SELECT * FROM delegations WHERE partnership = ?", partnership)
        }
        posts = {
            r["post"]
            for r in _rows(seed_db, "SELECT * FROM posts_spells WHERE partnership = ?", partnership)
        }
        for arrangement in state.arrangements:
            assert now[arrangement.arrangement]["status"] == arrangement.status.value
            assert now[arrangement.arrangement]["mechanism"] == arrangement.mechanism.value
        assert {d.delegation for d in state.delegations} == delegations
        assert {p.post for p in state.posts} == posts


def test_a_retracted_decision_leaves_the_views_and_its_replacement_enters(tmp_path: Path) -> None:
    from govledger import EntryRetracted, ResolutionRef

    path = tmp_path / "corrected.db"
    body = CouncilBody(council="aa", name="Cabinet")
    first = ResolutionPassed(
        partnership="p",
        resolution="r1",
        decided_by=body,
        decided=date(2020, 1, 1),
        effective=date(2020, 1, 1),
        item="1",
        title="Wrong title",
        parts=(Part(number="1", summary="noted the update"),),
    )
    with Ledger.open(path) as ledger:
        _, recorded = ledger.append(FORMED, first)
        ledger.append(
            EntryRetracted(
                partnership="p",
                effective=date(2020, 2, 1),
                retracts=recorded.position,
                reason="the title was mistyped",
                authorised_by=(ResolutionRef.parse("r1"),),
                replacement=ResolutionPassed(
                    partnership="p",
                    resolution="r1",
                    decided_by=body,
                    decided=Period(
                        earliest=date(2019, 12, 1), latest=date(2020, 1, 1), words="in December"
                    ),
                    effective=date(2020, 1, 1),
                    item="1",
                    title="Right title",
                    parts=(Part(number="1", summary="noted the update"),),
                ),
            )
        )

    rows = _rows(path, "SELECT title, decided_earliest, decided_words FROM decisions")
    assert rows == [
        {"title": "Right title", "decided_earliest": "2019-12-01", "decided_words": "in December"}
    ]
    searched = _rows(
        path, f"SELECT rowid FROM {views.FTS_TABLE} WHERE {views.FTS_TABLE} MATCH 'right'"
    )
    assert [r["rowid"] for r in searched] == [3]


def test_search_finds_a_decision_appended_after_the_views_were_made(tmp_path: Path) -> None:
    path = tmp_path / "search.db"
    with Ledger.open(path) as ledger:
        ledger.append(
            FORMED,
            ResolutionPassed(
                partnership="p",
                resolution="r1",
                decided_by=CouncilBody(council="aa", name="Cabinet"),
                decided=date(2020, 1, 1),
                effective=date(2020, 1, 1),
                item="1",
                title="Waste collection",
                parts=(Part(number="1", summary="noted the recycling figures"),),
            ),
        )

    hits = _rows(
        path,
        "SELECT d.decision FROM decisions AS d WHERE d.position IN "
        f"(SELECT rowid FROM {views.FTS_TABLE} WHERE {views.FTS_TABLE} MATCH 'recycling')",
    )
    assert hits == [{"decision": "r1"}]


def test_views_are_installed_once_and_again_when_missing(seed_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.db"
    shutil.copy(seed_db, path)
    raw = sqlite3.connect(path, isolation_level=None)
    assert views.ensure(raw) is False
    raw.execute("DROP VIEW arrangements_now")
    raw.close()

    with Ledger.open(path) as ledger:
        assert ledger.verify().ok

    assert "arrangements_now" in {
        r["name"] for r in _rows(path, "SELECT name FROM sqlite_master WHERE type = 'view'")
    }


def test_installing_views_changes_no_recorded_event(seed_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.db"
    shutil.copy(seed_db, path)
    before = _rows(path, "SELECT * FROM events ORDER BY position")
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("BEGIN")
    views.drop(raw)
    views.create(raw)
    raw.execute("COMMIT")
    raw.close()

    assert _rows(path, "SELECT * FROM events ORDER BY position") == before
    with Ledger.open(path) as ledger:
        assert ledger.verify().ok


def test_datasette_metadata_describes_every_view_and_column(seed_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "metadata.json"

    result = CliRunner().invoke(main, ["--db", str(seed_db), "datasette-metadata", "-o", str(out)])

    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data == metadata(seed_db.stem)
    described = data["databases"][seed_db.stem]["tables"]
    for view in READABLE:
        assert set(described[view]["columns"]) == set(_columns(seed_db, view))
        assert all(described[view]["columns"].values()), view
        assert set(described[view]["facets"]) <= set(_columns(seed_db, view))
    assert described["decisions"]["fts_table"] == views.FTS_TABLE
    assert described["govledger_standing"] == {"hidden": True}


def test_joint_bodies_are_named_not_shown_by_their_ids(seed_db: Path) -> None:
    rows = _rows(seed_db, "SELECT decided_by FROM decisions WHERE decided_by_type = 'joint_body'")

    assert rows and all(not str(r["decided_by"]).islower() for r in rows)


def test_a_payload_that_is_not_json_still_appends_and_stays_out_of_the_views(
    tmp_path: Path,
) -> None:
    from govledger.store.base import NewRecord
    from govledger.store.sqlite import SQLiteStore

    path = tmp_path / "raw.db"
    with SQLiteStore.open(path) as store, store.write() as session:
        session.append(
            [
                NewRecord(
                    partnership="p",
                    type=kind,
                    schema_version=1,
                    effective=date(2020, 1, 1),
                    payload="not json at all",
                )
                for kind in ("ResolutionPassed", "DelegatedDecisionTaken", "EntryRetracted")
            ]
        )

    assert _rows(path, "SELECT count(*) AS n FROM events") == [{"n": 3}]
    assert _rows(path, "SELECT * FROM decisions") == []


def _searchable_rows(path: Path) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            f"SELECT rowid, title, summaries FROM {views.FTS_TABLE} ORDER BY rowid"
        ).fetchall()
    finally:
        connection.close()


def _filled_afresh(path: Path, copy: Path) -> list[tuple[object, ...]]:
    """The full-text rows :func:`views.create` fills from every event of a copy of *path*."""
    shutil.copy(path, copy)
    raw = sqlite3.connect(copy, isolation_level=None)
    raw.execute("BEGIN")
    views.create(raw)
    raw.execute("COMMIT")
    raw.close()
    return _searchable_rows(copy)


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(sizes=st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=12))
def test_appends_in_any_batches_index_exactly_what_a_fresh_fill_does(
    tmp_path_factory: pytest.TempPathFactory, sizes: list[int]
) -> None:
    folder = tmp_path_factory.mktemp("search")
    path = folder / "batches.db"
    events = generate.generate(300, 17)
    refused = attrs.evolve(events[-1], partnership="no-such-partnership")
    with Ledger.open(path) as ledger:
        start, turn = 0, 0
        while start < len(events):
            size = sizes[turn % len(sizes)]
            ledger.append(*events[start : start + size])
            start, turn = start + size, turn + 1
            if turn == 2:  # a refused batch leaves nothing in the index
                with pytest.raises(GovLedgerError):
                    ledger.append(events[0], refused)
    found = _searchable_rows(path)
    assert len(found) == sum(
        isinstance(event, ResolutionPassed | DelegatedDecisionTaken) for event in events
    )
    assert found == _filled_afresh(path, folder / "afresh.db")
    copied = folder / "copied.db"
    copy_ledger(path, copied)  # a bulk import indexes what it writes too
    assert _searchable_rows(copied) == found
    raw = sqlite3.connect(path)
    triggers = {
        str(r[0]) for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
    }
    raw.close()
    assert not any("fts" in name for name in triggers)


def test_an_older_views_set_is_replaced_and_its_trigger_dropped(tmp_path: Path) -> None:
    path = tmp_path / "old-views.db"
    with Ledger.open(path) as ledger:
        ledger.append(FORMED)
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("UPDATE govledger_meta SET value = '2' WHERE key = 'views_version'")
    raw.execute(  # as views set 2 kept the index up
        f"CREATE TRIGGER decisions_fts_on_append AFTER INSERT ON events BEGIN "
        f"INSERT INTO {views.FTS_TABLE} (rowid, title, summaries) VALUES (-1, 'x', 'x'); END"
    )
    raw.close()
    with Ledger.open(path) as ledger:
        ledger.append(
            resolved(
                "r1",
                date(2020, 1, 1),
                Part(number="1", summary="noted the recycling figures"),
                council="aa",
                partnership="p",
                title="Waste collection",
            )
        )
    assert _searchable_rows(path) == [(2, "Waste collection", "noted the recycling figures")]

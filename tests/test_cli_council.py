"""``govledger council``, and ``--csv``/``--nl`` for ``ingest`` and ``apply``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from govledger import Ledger
from govledger.codec import decode
from test_cli_questions import as_json, csv_rows, nl_rows, ok, run
from test_ingest import MINUTES, formed, write


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "seed-ledger.db"
    ok(run("demo", "--db", str(path)))
    return path


# --------------------------------------------------------------------------- council


def test_council_lists_its_partnerships_delegations_and_pending(seed_db: Path) -> None:
    text = ok(run("--db", str(seed_db), "council", "cdc", "--as-of", "2022-09-01"))

    assert text.startswith("cdc on 2022-09-01: a member of 2 partnerships.")
    assert "Partnerships (2):" in text
    assert "cdc-occ" in text and "cdc-snc" in text
    assert "Delegations to or consulting its people (3):" in text
    assert "decoupled-services-transition" in text
    assert "Pending (8):" in text
    assert "bdc-rbc" not in text  # cdc is not a member there


def test_council_json_is_the_library_view_in_the_state_shapes(seed_db: Path) -> None:
    base = ["--db", str(seed_db), "council", "cdc", "--as-of", "2022-09-01"]
    data = as_json(run(*base, "--json"))
    state = as_json(run("--db", str(seed_db), "state", "cdc-occ", *base[-2:], "--json"))
    with Ledger.open(seed_db) as ledger:
        view = ledger.council("cdc", as_of=date(2022, 9, 1))

    assert (data["council"], data["as_of"], data["known_at"]) == ("cdc", "2022-09-01", None)
    assert [p["partnership"] for p in data["partnerships"]] == list(view.partnership_ids)
    occ = data["partnerships"][0]
    assert occ["members"] == ["cdc", "occ"]
    assert occ["membership"] == next(m for m in state["state"]["members"] if m["council"] == "cdc")
    delegation = data["delegations"][0]
    in_state = next(
        d for d in state["state"]["delegations"] if d["delegation"] == delegation["delegation"]
    )
    assert {k: v for k, v in delegation.items() if k in in_state} == in_state
    assert (delegation["partnership"], delegation["delegate"]) == ("cdc-occ", True)
    assert len(data["pending"]) == len(view.pending)
    assert all(p["awaits_this_council"] is False for p in data["pending"])
    assert data["arrangements"] == [] == list(view.arrangements)


def test_council_shows_arrangements_posts_cost_shares_and_caveats(seed_db: Path) -> None:
    base = ["--db", str(seed_db), "council", "bdc", "--as-of", "2012-01-01"]

    text = ok(run(*base))
    data = as_json(run(*base, "--json"))

    for heading in (
        "Arrangements in force (2):",
        "Posts it shares or employs (1):",
        "Cost shares (1):",
        "Caveats (4):",
    ):
        assert heading in text
    assert "joint-chief-executive  shares" in text
    assert [a["arrangement"] for a in data["arrangements"]] == [
        "jce-secondment",
        "single-management-team",
    ]
    assert data["arrangements"][0]["leads"] is None  # no lead recorded
    assert (data["posts"][0]["shares"], data["posts"][0]["employs"]) == (True, False)
    assert data["cost_shares"][0]["share"] == "1/2"
    caveat = data["caveats"][0]
    assert (caveat["councils"], caveat["agreed_by"]) == (["rbc"], ["bdc"])


def test_council_csv_and_nl_have_one_row_per_entry(seed_db: Path) -> None:
    base = ["--db", str(seed_db), "council", "cdc", "--as-of", "2022-09-01"]
    data = as_json(run(*base, "--json"))

    lines = nl_rows(run(*base, "--nl"))
    rows = csv_rows(run("--csv", *base))

    sections = ["partnerships"] * 2 + ["delegations"] * 3 + ["pending"] * 8
    assert [line["section"] for line in lines] == sections
    assert [row["section"] for row in rows] == sections
    assert (
        lines[0]
        == {"council": "cdc", "as_of": "2022-09-01", "section": "partnerships"}
        | (data["partnerships"][0])
    )
    assert rows[2]["delegation"] == data["delegations"][0]["delegation"]
    assert json.loads(rows[0]["members"]) == ["cdc", "occ"]


def test_an_unknown_council_is_exit_code_1_with_the_known_ones(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "council", "cdx")

    assert result.exit_code == 1
    assert "no council 'cdx'" in result.output
    assert "Did you mean 'cdc'?" in result.output
    assert "Known councils: bdc, cdc, council-a, council-b, occ, rbc, snc." in result.output


def test_a_council_before_it_joined_anything_is_a_member_of_none(seed_db: Path) -> None:
    base = ["--db", str(seed_db), "council", "snc", "--as-of", "2010-01-01"]

    text = ok(run(*base))
    data = as_json(run(*base, "--json"))

    assert text.strip() == "snc on 2010-01-01: a member of 0 partnerships."
    assert data["partnerships"] == [] and data["pending"] == []
    assert ok(run(*base, "--nl")) == ""


def test_council_known_at_answers_from_what_was_recorded_then(seed_db: Path) -> None:
    with Ledger.open(seed_db) as ledger:
        first_snc = min(r.position for r in ledger.history("cdc-snc"))
    base = ["--db", str(seed_db), "council", "cdc", "--as-of", "2022-09-01"]

    before = as_json(run(*base, "--known-at", str(first_snc - 1), "--json"))
    text = ok(run(*base, "--known-at", str(first_snc - 1)))
    now = as_json(run(*base, "--json"))

    assert "cdc-snc" in [p["partnership"] for p in now["partnerships"]]
    assert "cdc-snc" not in [p["partnership"] for p in before["partnerships"]]
    assert before["known_at"] == first_snc - 1
    assert f"as recorded up to position {first_snc - 1}" in text


def test_council_as_of_defaults_to_today(seed_db: Path) -> None:
    today = date.today().isoformat()

    given = as_json(run("--db", str(seed_db), "council", "occ", "--as-of", today, "--json"))
    default = as_json(run("--db", str(seed_db), "council", "occ", "--json"))

    assert default == given
    assert default["as_of"] == today


def test_council_rejects_a_bad_day_as_a_usage_error(seed_db: Path) -> None:
    result = run("--db", str(seed_db), "council", "cdc", "--as-of", "1/9/2022")

    assert result.exit_code == 2
    assert "use YYYY-MM-DD" in result.output


# --------------------------------------------------------------------------- ingest and apply


@pytest.fixture
def minutes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write(tmp_path, "m.txt", MINUTES)


def _ingest_with_aliases(minutes: Path) -> None:
    aliases = write(minutes.parent, "aliases.json", json.dumps(ALIAS_FILE))
    ok(run("ingest", str(minutes), "-p", "adc-bbc", "--aliases", str(aliases)))


#: The aliases of test_ingest's minutes, as a file: whose Cabinet it is.
ALIAS_FILE = {
    "councils": {
        "adc": ["Aldwick District Council", "ADC", "Aldwick"],
        "bbc": ["Bramber Borough Council", "BBC", "Bramber"],
    },
    "publisher": "adc",
}


@pytest.fixture
def ledger_file(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.db"
    entry = formed()
    with Ledger.open(path) as ledger:
        ledger.append(decode(entry["type"], 1, entry["event"]))
    return path


def test_ingest_csv_and_nl_give_the_json_summary_as_one_row(minutes: Path) -> None:
    data = as_json(run("ingest", str(minutes), "-p", "adc-bbc", "--json"))

    (line,) = nl_rows(run("ingest", str(minutes), "-p", "adc-bbc", "--nl"))
    (row,) = csv_rows(run("--csv", "ingest", str(minutes), "-p", "adc-bbc"))

    assert line == {k: v for k, v in data.items() if k != "format"}
    assert (line["parts"], line["events"], line["draft"]) == (3, 2, "m.draft.json")
    assert row == {k: str(v) for k, v in line.items()}


def test_ingest_of_several_files_has_one_row_per_file(minutes: Path, tmp_path: Path) -> None:
    other = write(tmp_path, "n.txt", MINUTES)
    args = ["ingest", str(minutes), str(other), "-p", "adc-bbc", "-o", str(tmp_path / "out")]

    files = as_json(run(*args, "--json"))["files"]
    lines = nl_rows(run(*args, "--nl"))
    rows = csv_rows(run(*args, "--csv"))

    assert lines == files
    assert [r["file"] for r in rows] == [str(minutes), str(other)]
    assert [r["events"] for r in rows] == ["2", "2"]


def test_apply_prints_what_it_appended_as_csv_and_nl(minutes: Path, ledger_file: Path) -> None:
    _ingest_with_aliases(minutes)
    draft = "m.draft.json"

    (checked,) = nl_rows(run("apply", draft, "--db", str(ledger_file), "--check", "--nl"))
    (applied,) = csv_rows(run("apply", draft, "--db", str(ledger_file), "--csv"))

    assert checked == {"applied": 0, "check": True, "positions": []}
    assert applied == {"applied": "2", "check": "false", "positions": "[2,3]"}


def test_apply_lists_each_problem_as_a_row(minutes: Path, ledger_file: Path) -> None:
    _ingest_with_aliases(minutes)
    ok(run("apply", "m.draft.json", "--db", str(ledger_file)))

    again = run("apply", "m.draft.json", "--db", str(ledger_file), "--nl")
    as_csv = run("apply", "m.draft.json", "--db", str(ledger_file), "--csv")

    assert again.exit_code == 1 and as_csv.exit_code == 1
    problems = [json.loads(line) for line in again.stdout.splitlines()]
    assert len(problems) == 2  # both events, as the JSON lists them
    assert all(set(p) == {"where", "message", "span"} for p in problems)
    assert as_csv.stdout.splitlines()[0] == "where,message,span"
    assert len(as_csv.stdout.strip().splitlines()) == 3


def test_apply_check_of_a_new_ledger_prints_json_too(minutes: Path, tmp_path: Path) -> None:
    _ingest_with_aliases(minutes)
    draft = json.loads((tmp_path / "m.draft.json").read_text(encoding="utf-8"))
    write(tmp_path, "refused.json", json.dumps(draft))
    draft["events"].insert(0, formed())  # the partnership's formation makes it apply cleanly
    write(tmp_path, "clean.json", json.dumps(draft))
    new = tmp_path / "new.db"

    refused = run("apply", "refused.json", "--db", str(new), "--create", "--check", "--json")
    (clean,) = nl_rows(run("apply", "clean.json", "--db", str(new), "--create", "--check", "--nl"))

    assert refused.exit_code == 1  # the partnership is not formed in an empty ledger
    assert json.loads(refused.stdout)["applied"] == 0
    assert clean == {"applied": 0, "check": True, "positions": []}
    assert not new.exists()

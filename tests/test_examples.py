"""Every example script runs on its own and prints what it promises."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

#: Text each script's output must contain.
EXPECTED: dict[str, tuple[str, ...]] = {
    "custom_invariant.py": ("NothingStartsEarly: 10 runs of 15 steps, no counterexample",),
    "late_and_corrected.py": (
        "known now                  Director of Digital",
        "as known on 1 June 2024    Head of ICT",
        "5. recorded 20 May 2024: PostRetitled  (retracted by entry 7)",
    ),
    "bdc_rbc_single_management_team.py": (
        "Acting Joint Chief Executive [joint-chief-executive]",
        "Joint Chief Executive [joint-chief-executive]",
        "title held until the end of 2012/2013",
        "jce-contract-amendments: BDC 1/2, RBC 1/2",
        "the first week of September 2009 [2009-09-01 – 2009-09-07]",
        "(term expired)",
        "(6)(e) resolved:",
    ),
    "ssjc_shared_chief_executive.py": (
        "vote: 7 for, 3 against",
        "vote: unanimous",
        "in October 2020 [2020-10-01 – 2020-10-31]",
        "uncertain on this date:",
    ),
    "ssjc_phase2_service_review.py": (
        "vote: 7 for, 3 against",  # seed 001 is recorded first
        "Shared Directors [shared-directors]",
        "held by holder not named (substantive)",
        "limits: changes within budget; no risk of redundancy",
    ),
    "cdc_occ_decoupling.py": (
        "under notice until 2022-08-31",
        "ended on 2022-08-31",
        "decoupled: procurement-contracts, customer-services, continuous-improvement, "
        "land-charges, property-investment-facilities-management",
        "awaiting condition 'cdc-occ-suitable-agreements-2'",
        "awaiting adoption by CDC Council",
        "awaiting adoption by OCC Council",
        "Joint Shared Services and Personnel Committee [jssp-committee]: active",
    ),
    "cdc_snc_joint_customer_service_team.py": (
        "awaiting the decision of SNC Cabinet",
        "ILLUSTRATION (not from the seed)",
        "Joint Customer Service Team (CDC and SNC) [joint-customer-service-team]: in force",
    ),
    "seed_ledger.py": (
        "in 4 partnerships",
        "Bromsgrove and Redditch shared services [bdc-rbc] on 30 July 2009",
        "[council-a-council-b] on 14 January 2021",
        "Cherwell and Oxfordshire partnership [cdc-occ] on 1 September 2022",
        "Cherwell and South Northamptonshire partnership [cdc-snc] on 9 February 2016",
    ),
}

#: Helpers beside the examples, not examples themselves.
HELPERS = {"_show.py"}


def scripts() -> list[str]:
    return sorted(p.name for p in EXAMPLES.glob("*.py") if p.name not in HELPERS)


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), *filter(None, [env.get("PYTHONPATH")])])
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_example_has_expectations() -> None:
    assert scripts() == sorted(EXPECTED)


@pytest.mark.parametrize("script", scripts())
def test_example_runs(script: str, tmp_path: Path) -> None:
    args = [str(EXAMPLES / script)]
    if script == "seed_ledger.py":
        args += ["--db", str(tmp_path / "seed.db")]
    result = run(args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for text in EXPECTED[script]:
        assert text in result.stdout, f"{script} did not print {text!r}"
    expected_files = [tmp_path / "seed.db"] if script == "seed_ledger.py" else []
    assert list(tmp_path.glob("*.db")) == expected_files  # nothing written elsewhere


def test_seed_ledger_rebuilds_an_existing_file(tmp_path: Path) -> None:
    db = tmp_path / "seed.db"
    first = run([str(EXAMPLES / "seed_ledger.py"), "--db", str(db)], cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    assert "deleting it" not in first.stdout
    second = run([str(EXAMPLES / "seed_ledger.py"), "--db", str(db)], cwd=tmp_path)
    assert second.returncode == 0, second.stderr
    assert "exists: deleting it and rebuilding" in second.stdout
    # Rebuilt, not appended to: the same number of events both times.
    count = [line for line in first.stdout.splitlines() if line.startswith("Recorded ")]
    assert count == [line for line in second.stdout.splitlines() if line.startswith("Recorded ")]


def test_seed_ledger_default_path_is_in_the_current_directory(tmp_path: Path) -> None:
    result = run([str(EXAMPLES / "seed_ledger.py")], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "seed-ledger.db").exists()

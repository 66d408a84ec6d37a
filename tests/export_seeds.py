"""A ledger of every seed partnership, built once per test session, for the export tests.

The five seed records are encoded in ``examples/`` (see ``tests/test_seeds.py``);
``examples/seed_ledger.py`` builds the ledger ``govledger demo`` builds. The variant
with the illustrative SNC Cabinet approval of seed 004 is added as its own ledger, so
the exports see a condition both unmet and met.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))

import cdc_snc_joint_customer_service_team as seed004
import seed_ledger
from govledger import Ledger


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Name every screenshot the run took, so that a CI log points at its artifacts."""
    from browser import SHOTS

    for shot in SHOTS:
        terminalreporter.write_line(f"screenshot artifact: {shot}")


#: A day after every seed's last decision.
LAST_DAY = date(2023, 6, 1)


#: Every seed view's key date, and the day after the last decision.
KEY_DATES: tuple[date, ...] = tuple(
    sorted({*(day for _, _, views in seed_ledger.VIEWS for day, _ in views), LAST_DAY})
)


@pytest.fixture(scope="session")
def seed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The path of a file ledger holding every seed partnership (do not append to it)."""
    path = tmp_path_factory.mktemp("seeds") / "seed-ledger.db"
    seed_ledger.build(path, say=lambda _line: None).close()
    return path


@pytest.fixture
def seeds(seed_db: Path) -> Iterator[Ledger]:
    """The seed ledger, open."""
    with Ledger.open(seed_db) as ledger:
        yield ledger


@pytest.fixture
def illustrated() -> Iterator[Ledger]:
    """Seed 004 with the illustrative SNC Cabinet approval that meets its condition."""
    with Ledger.open(":memory:") as ledger:
        for event in (*seed004.events(), *seed004.snc_cabinet_approval()):
            ledger.append(event)
        yield ledger

"""``import govledger`` loads what recording and reading need, and nothing it only may need.

Each check runs a fresh interpreter, so the modules this test process already holds do not
count, and then looks at what the import left in ``sys.modules``.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

#: Modules a ledger that only records, reads and verifies never needs: govledger's
#: question modules (changes over time, councils, what-if, Merkle proofs), the edges,
#: and what only an error message, a busy writer or a verification worker uses.
NOT_ON_IMPORT = (
    "govledger.changes",
    "govledger.council",
    "govledger.whatif",
    "govledger.proofs",
    "govledger.store.quickwalk",
    "govledger.cli",
    "govledger.ingest",
    "govledger.export",
    "govledger.testing",
    "sqlite_utils",
    "numpy",
    "hypothesis",
    "difflib",
    "subprocess",
    "random",
    "secrets",
    "urllib.parse",
)


def _modules_after(code: str) -> set[str]:
    shown = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return set(json.loads(shown.stdout.splitlines()[-1]))


@pytest.fixture(scope="module")
def imported() -> set[str]:
    return _modules_after("import govledger")


@pytest.mark.parametrize("module", NOT_ON_IMPORT)
def test_import_govledger_leaves_out(imported: set[str], module: str) -> None:
    assert module not in imported


def test_import_govledger_loads_the_ledger_it_offers(imported: set[str]) -> None:
    assert {"govledger.ledger.facade", "govledger.events", "govledger.store"} <= imported


def test_a_lazy_module_still_loads_when_its_question_is_asked() -> None:
    code = (
        "from datetime import date\n"
        "import govledger\n"
        "with govledger.Ledger.open(':memory:') as ledger:\n"
        "    ledger.council('cdc', as_of=date(2024, 1, 1))\n"
        "    ledger.head()\n"
    )
    loaded = _modules_after(code)
    assert {"govledger.council", "govledger.proofs"} <= loaded

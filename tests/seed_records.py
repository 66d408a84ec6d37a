"""Where the shared seed records are, and what a test does when they are absent.

The seeds are read from ``../shared/seeds`` at test time, never copied into the
repository. Outside CI a checkout without them skips the tests that need them, saying
why; with ``GOVLEDGER_REQUIRE_SEEDS=1`` (set by ``.ci/run``) their absence fails.
``GOVLEDGER_SHARED`` names the shared directory when it is not beside the checkout (a
``git worktree`` elsewhere, say).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("GOVLEDGER_SHARED") or ROOT.parent / "shared")
SEEDS = SHARED / "seeds"
REQUIRE_VARIABLE = "GOVLEDGER_REQUIRE_SEEDS"
REQUIRED = os.environ.get(REQUIRE_VARIABLE) == "1"

#: Mark a test (or ``pytestmark`` a module) that reads the seed records.
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir() and not REQUIRED, reason=f"the seed records are not checked out at {SEEDS}"
)


def need(path: Path) -> None:
    """Skip (fail, where they are required) unless *path*, a seed record, is there."""
    if path.exists():
        return
    message = f"{path} is not available: the seed records are not checked out at {SEEDS}"
    if REQUIRED:
        pytest.fail(f"{message} ({REQUIRE_VARIABLE}=1 requires them)", pytrace=False)
    pytest.skip(message)


#: The Popolo project's JSON Schemas, beside the seeds in the shared directory.
POPOLO_SCHEMAS = SHARED / "schemas" / "popolo"

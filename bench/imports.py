"""How long importing govledger takes, against importing sqlite3 and json, in one run.

Each import runs in a fresh interpreter with ``-X importtime``; the figure is the
cumulative time Python reports for the top-level modules named, in microseconds, and
the median over the repeats is taken, alternating the two so that a busy machine
slows both alike. Both sides import from compiled bytecode, as an installed package
does: the standard library ships its ``.pyc`` files, and an untimed first import writes
govledger's even where ``PYTHONDONTWRITEBYTECODE`` is set (otherwise every timed import
would compile govledger's source again, which no installed copy does).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from collections.abc import Sequence

__all__ = ["import_micros", "import_ratio"]


def import_micros(modules: Sequence[str]) -> int:
    """Microseconds a fresh interpreter spends importing *modules* (and what they pull)."""
    code = "import " + ", ".join(modules)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env=_bytecode_written(),
    )
    total = 0
    wanted = set(modules)
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|", 2)
        if name.startswith(" ") and not name.startswith("  ") and name.strip() in wanted:
            total += int(cumulative)
    return total


def _bytecode_written() -> dict[str, str]:
    """This process's environment, with Python allowed to write ``.pyc`` files."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def import_ratio(repeats: int = 5) -> tuple[float, float, float]:
    """``(govledger µs, sqlite3 + json µs, ratio)``: medians over *repeats* fresh imports,
    after one untimed import of each that leaves their bytecode compiled."""
    import_micros(["govledger"])
    import_micros(["sqlite3", "json"])
    ours: list[int] = []
    floor: list[int] = []
    for _ in range(max(1, repeats)):
        ours.append(import_micros(["govledger"]))
        floor.append(import_micros(["sqlite3", "json"]))
    mine, theirs = statistics.median(ours), statistics.median(floor)
    return mine, theirs, mine / theirs if theirs else float("inf")

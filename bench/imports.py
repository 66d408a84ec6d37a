"""How long importing govledger takes, against importing sqlite3 and json, in one run.

Each import runs in a fresh interpreter, which reads its own CPU time (user + system,
``time.process_time``) just before and just after the ``import`` statement and prints
the difference in microseconds; the fastest of the repeats is taken for each side,
alternating the two. CPU time, not wall time: on a loaded machine wall time counts
the moments other processes held the core, which slows one side more than the other
at random, while the fastest CPU figure is what the import itself costs. Both sides
import from compiled bytecode, as an installed package does: the standard library
ships its ``.pyc`` files, and an untimed first import writes govledger's even where
``PYTHONDONTWRITEBYTECODE`` is set (otherwise every timed import would compile
govledger's source again, which no installed copy does).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence

__all__ = ["import_micros", "import_ratio"]

_TIMED = (
    "import time\n"
    "_started = time.process_time()\n"
    "import {modules}\n"
    "print(round((time.process_time() - _started) * 1e6))\n"
)


def import_micros(modules: Sequence[str]) -> int:
    """CPU microseconds a fresh interpreter spends importing *modules* (and what they pull)."""
    done = subprocess.run(
        [sys.executable, "-c", _TIMED.format(modules=", ".join(modules))],
        capture_output=True,
        text=True,
        check=True,
        env=_bytecode_written(),
    )
    return int(done.stdout.strip().splitlines()[-1])


def _bytecode_written() -> dict[str, str]:
    """This process's environment, with Python allowed to write ``.pyc`` files."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def import_ratio(repeats: int = 5) -> tuple[float, float, float]:
    """``(govledger µs, sqlite3 + json µs, ratio)``: the fastest CPU time of *repeats*
    fresh imports each, after one untimed import of each that leaves their bytecode
    compiled."""
    import_micros(["govledger"])
    import_micros(["sqlite3", "json"])
    ours: list[int] = []
    floor: list[int] = []
    for _ in range(max(1, repeats)):
        ours.append(import_micros(["govledger"]))
        floor.append(import_micros(["sqlite3", "json"]))
    mine, theirs = min(ours), min(floor)
    return mine, theirs, mine / theirs if theirs else float("inf")

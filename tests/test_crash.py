"""A writer killed with SIGKILL mid-batch leaves only whole batches behind.

``helpers/crash_writer.py`` appends batches of 20-80 events in a loop, printing
``begin <n>`` and ``committed <n>``. The test kills it at a random moment after a
random ``begin`` (seeded, several rounds, all on one file), then reopens the ledger
with ``verify=True`` and checks that every batch is there in full or not at all, and
that every batch reported committed survived.
"""

from __future__ import annotations

import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from govledger import Ledger, PartnershipFormed

WRITER = Path(__file__).parent / "helpers" / "crash_writer.py"
ROUNDS = 6
WAIT = 60.0  # seconds; a bound for hangs, far above the second or so each round takes

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="needs SIGKILL")


def kill_mid_batch(path: Path, rng: random.Random) -> tuple[list[int], int]:
    """Start the writer, kill it soon after a random ``begin``; return what it reported.

    Returns the batches it reported committed, and the last batch it began.
    """
    writer = subprocess.Popen(
        [sys.executable, str(WRITER), str(path), str(rng.randrange(2**32))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    watchdog = threading.Timer(WAIT, writer.kill)
    watchdog.start()
    target = rng.randint(1, 6)
    began: list[int] = []
    committed: list[int] = []
    try:
        assert writer.stdout is not None
        for line in writer.stdout:
            word, number = line.split()
            (began if word == "begin" else committed).append(int(number))
            if len(began) == target:
                # Real time is the point here: land the kill anywhere in the batch.
                time.sleep(rng.uniform(0, 0.03))
                break
        writer.kill()
        rest, errors = writer.communicate(timeout=WAIT)
    finally:
        watchdog.cancel()
        writer.kill()
    for line in rest.splitlines():
        word, number = line.split()
        (began if word == "begin" else committed).append(int(number))
    assert began, f"the writer began no batch: {errors}"
    return committed, began[-1]


def batches(ledger: Ledger) -> dict[int, tuple[int, int]]:
    """Each batch in the ledger: its number -> (events found, size it was formed with)."""
    found = {}
    for partnership in ledger.partnerships():
        events = [recorded.event for recorded in ledger.history(partnership)]
        first = events[0]
        assert isinstance(first, PartnershipFormed)
        found[int(partnership.removeprefix("batch-"))] = (len(events), int(first.name.split()[-1]))
    return found


def test_sigkill_mid_batch_leaves_only_whole_batches(tmp_path: Path) -> None:
    rng = random.Random(20261123)
    path = tmp_path / "ledger.db"
    reported: list[int] = []
    killed_mid_batch = 0

    for _ in range(ROUNDS):
        committed, last_begun = kill_mid_batch(path, rng)
        reported += committed

        with Ledger.open(path, verify=True) as ledger:
            found = batches(ledger)
            report = ledger.verify()
        assert all(count == size for count, size in found.values()), found
        assert sorted(found) == list(range(len(found)))  # no batch lost in the middle
        assert set(reported) <= set(found)  # nothing reported committed was lost
        assert report.events_checked == sum(size for _, size in found.values())
        killed_mid_batch += last_begun not in found

    assert killed_mid_batch > 0  # some kills really did land inside a batch

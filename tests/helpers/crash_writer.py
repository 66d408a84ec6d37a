"""Append whole batches to a ledger until killed, saying when each begins and commits.

Usage: ``python crash_writer.py LEDGER SEED``. Batch *n* is one partnership,
``batch-<n>``: a PartnershipFormed whose name ends with the batch's size, then that
many minus one ResolutionPassed events. Prints ``begin <n>`` before appending a batch
and ``committed <n>`` once it is recorded. The batch number carries on from the
batches already in the ledger, so the script can be killed and started again.
"""

from __future__ import annotations

import random
import sys
from datetime import date

from govledger import (
    BodyKind,
    Citation,
    CouncilBody,
    Event,
    Ledger,
    Member,
    Part,
    PartnershipFormed,
    ResolutionPassed,
)

FORMED = date(2020, 1, 1)
MEMBERS = (Member(council="alpha", name="Alpha"), Member(council="beta", name="Beta"))
CABINET = CouncilBody(council="alpha", name="Cabinet", kind=BodyKind.EXECUTIVE)


def batch(number: int, size: int) -> list[Event]:
    """The events of batch *number*: *size* of them, all for partnership ``batch-<number>``."""
    partnership = f"batch-{number}"
    events: list[Event] = [
        PartnershipFormed(
            partnership=partnership,
            effective=FORMED,
            authorised_by=(Citation(document="Memorandum of Agreement"),),
            name=f"Batch {number} of size {size}",
            members=MEMBERS,
        )
    ]
    for n in range(1, size):
        day = date(2021, 1, 1 + n % 28)
        events.append(
            ResolutionPassed(
                partnership=partnership,
                effective=day,
                resolution=f"r{n}",
                decided_by=CABINET,
                decided=day,
                item=str(n),
                title="Shared services",
                parts=(Part(number="1", summary="approve the proposal"),),
            )
        )
    return events


def main(path: str, seed: int) -> None:
    """Append batches of random size to the ledger at *path* until killed."""
    rng = random.Random(seed)
    with Ledger.open(path) as ledger:
        number = len(ledger.partnerships())
        while True:
            events = batch(number, rng.randint(20, 80))
            print(f"begin {number}", flush=True)
            ledger.append(*events)
            print(f"committed {number}", flush=True)
            number += 1


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]))

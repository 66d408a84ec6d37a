"""Build one SQLite ledger from the five seed records and show each partnership on key dates.

Usage::

    python examples/seed_ledger.py [--db PATH]

``govledger demo`` runs the same job: it imports this module and calls :func:`build`
and :func:`show_all`.

The ledger file (``seed-ledger.db`` in the current directory by default) is rebuilt
from scratch every time: if it exists it is deleted first. Every event comes from the
example modules beside this script, one per seed record (see each module's docstring
for what it records and why):

* 000 ``bdc_rbc_single_management_team``: Bromsgrove DC + Redditch BC, 2009;
* 001 ``ssjc_shared_chief_executive`` then 002 ``ssjc_phase2_service_review``: two
  unnamed councils' Shared Services Joint Committee, 2020-21;
* 003 ``cdc_occ_decoupling``: Cherwell DC + Oxfordshire CC, 2022;
* 004 ``cdc_snc_joint_customer_service_team``: Cherwell DC + South Northamptonshire C,
  2016 (without the illustrative SNC Cabinet approval, which the seed does not record).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

import bdc_rbc_single_management_team as seed000
import cdc_occ_decoupling as seed003
import cdc_snc_joint_customer_service_team as seed004
import ssjc_phase2_service_review as seed002
import ssjc_shared_chief_executive as seed001
from _show import Batch, show
from govledger import Ledger

DEFAULT_DB = "seed-ledger.db"

#: The seed records in the order they are appended.
SEEDS: tuple[tuple[str, str, list[Batch]], ...] = (
    ("000", "BDC Cabinet, 29 July 2009, item 45", seed000.batches()),
    ("001", "Shared Services Joint Committee, 2 September 2020, item 41", seed001.batches()),
    ("002", "Shared Services Joint Committee, 13 January 2021, item 6", seed002.batches()),
    ("003", "JSS&P Committee (CDC-OCC), 4 July 2022, minute 45/22", seed003.batches()),
    ("004", "CDC Executive, early 2016, item 118", seed004.batches()),
)

#: For each partnership: a heading, and the dates that matter with why they matter.
VIEWS: tuple[tuple[str, str, tuple[tuple[date, str], ...]], ...] = (
    (
        seed000.P,
        "Bromsgrove DC + Redditch BC: a single management team (seed 000)",
        (
            (date(2009, 7, 28), "the day before BDC Cabinet: an 'Acting' Joint Chief Executive"),
            (
                date(2009, 7, 30),
                "the day after: single management team, post retitled, term extended, "
                "costs shared equally, delegations and actions",
            ),
            (
                date(2009, 9, 8),
                "after 'the first week of September 2009': the proposals are still "
                "outstanding (no completion is recorded)",
            ),
            (
                date(2013, 4, 1),
                "after 'the end of 2012/2013': the extension has run out and the title "
                "reverts to 'Acting Joint Chief Executive'",
            ),
        ),
    ),
    (
        seed001.P,
        "Two unnamed councils' Shared Services Joint Committee: shared chief executive and "
        "directors (seeds 001 and 002)",
        (
            (
                date(2020, 9, 1),
                "the day before the joint committee's steer: when the committee was set up "
                "is not recorded, so its existence is uncertain",
            ),
            (
                date(2020, 11, 15),
                "mid-November 2020: both councils decided 'in November 2020', so their "
                "approvals of the shared posts are uncertain",
            ),
            (date(2021, 1, 4), "the shared Directors start in post"),
            (
                date(2021, 1, 14),
                "the day after item 6: the Chief Executive's interim staffing delegation, "
                "within its two limits",
            ),
        ),
    ),
    (
        seed003.P,
        "Cherwell DC + Oxfordshire CC: decoupling the s.113 partnership (seed 003)",
        (
            (
                date(2022, 7, 3),
                "the day before the JSS&P Committee: every service still shared, under notice",
            ),
            (
                date(2022, 8, 30),
                "the day before the s.113 agreement ends: Digital & IT, Regulatory Services "
                "and Emergency Planning still shared; the five decouplings uncertain",
            ),
            (
                date(2022, 9, 1),
                "after 31 August 2022: the agreement has ended, the five services are "
                "decoupled, the revised arrangements await agreements, and the committee's "
                "disbandment awaits both councils",
            ),
        ),
    ),
    (
        seed004.P,
        "Cherwell DC + South Northamptonshire C: a joint customer service team (seed 004)",
        (
            (date(2016, 1, 14), "the Joint Commissioning Committee approves the staffing side"),
            (
                date(2016, 2, 7),
                "CDC Executive has approved, subject to SNC Cabinet on 8 February: pending",
            ),
            (
                date(2016, 2, 9),
                "after SNC Cabinet's meeting: the seed does not record its decision, so the "
                "team is still pending (see cdc_snc_joint_customer_service_team.py for an "
                "illustration)",
            ),
        ),
    ),
)


def build(path: Path, *, say: Callable[[str], object] = print) -> Ledger:
    """Create the ledger at *path* (deleting any old one) and append every seed's events.

    *say* reports progress, one line at a time (``print`` by default). The caller closes
    the returned ledger.
    """
    if path.exists():
        say(f"{path} exists: deleting it and rebuilding the seed ledger from scratch.")
        path.unlink()
    for suffix in ("-wal", "-shm"):  # SQLite's companion files, if a run left them
        companion = path.with_name(path.name + suffix)
        if companion.exists():
            companion.unlink()
    ledger = Ledger.open(path)
    for number, what, batches in SEEDS:
        count = 0
        for _, events in batches:
            ledger.append(*events)
            count += len(events)
        say(f"  seed {number}: {what}: {count} events")
    return ledger


def show_all(ledger: Ledger) -> None:
    """Print each partnership of the seed ledger on its key dates, saying why each matters."""
    total = sum(1 for _ in ledger.events())
    print(f"Recorded {total} events in {len(ledger.partnerships())} partnerships.")
    print()
    for partnership, heading, dates in VIEWS:
        print("=" * 100)
        print(heading)
        print("=" * 100)
        print()
        for day, why in dates:
            show(ledger, partnership, day, why)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--db",
        default=DEFAULT_DB,
        help=f"where to write the SQLite ledger (default: {DEFAULT_DB}; replaced if it exists)",
    )
    args = parser.parse_args(argv)
    path = Path(args.db)
    print(f"Building the seed ledger at {path}")
    with build(path) as ledger:
        show_all(ledger)


if __name__ == "__main__":
    main()

"""Checkpoints across the layout refactor, and the rules' day ends that take them.

A checkpoint is a cache of a fold: it must read back as exactly the fold it saved, a
checkpoint of another format (an older layout's) must never be read, and the rules
must hand every day end to the ledger, which decides whether to save one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from hypothesis import given, settings

from factories import P, formed, post
from govledger import Ledger
from govledger.events import Event, certain_from
from govledger.ledger import snapshots
from govledger.projections import Fold, corrected, order_key
from govledger.rules import check_days, index_decisions
from govledger.store import Checkpoint, SQLiteStore
from govledger.testing import World, worlds

OLD_FORMAT = "json-zlib:0123456789abcdef"  # a tag no release of this layout writes


def _standing(world: World) -> dict[str, list[tuple[int, Event]]]:
    """Each partnership's standing entries, in fold order."""
    found: dict[str, list[tuple[int, Event]]] = {}
    for position, event in corrected(list(enumerate(world.events, start=1))):
        found.setdefault(event.partnership, []).append((position, event))
    for pairs in found.values():
        pairs.sort(key=lambda pair: order_key(pair[1], pair[0]))
    return found


def _folded(partnership: str, pairs: list[tuple[int, Event]]) -> Fold:
    fold = Fold(partnership)
    for _, event in pairs:
        fold.feed(event)
    return fold


@settings(max_examples=25)
@given(world=worlds(partnerships=2, length=40))
def test_a_fresh_checkpoint_reads_back_as_the_fold_it_saved(world: World) -> None:
    for partnership, pairs in _standing(world).items():
        fold = _folded(partnership, pairs)

        loaded = snapshots.load(snapshots.dump(fold), partnership)

        assert vars(loaded) == vars(fold)
        assert snapshots.dump_json(loaded) == snapshots.dump_json(fold)


def test_every_seed_partnership_is_checkpointed_and_each_checkpoint_refolds(
    seed_db: Path, tmp_path: Path
) -> None:
    # A fold naming a class the checkpoint format cannot find is silently not saved
    # (a cache); the seeds reach every kind of state, so each must be saved here.
    path = tmp_path / "seeds.db"
    shutil.copy(seed_db, path)
    with Ledger(SQLiteStore.open(path), checkpoint_every=1) as ledger:
        ledger.drop_checkpoints()
        ledger.checkpoint()
        assert isinstance(ledger._store, SQLiteStore)
        rows = [checkpoint for checkpoint, _, _ in ledger._store.checkpoint_rows()]
        saved = {row.partnership for row in rows if row.kind == "state"}
        assert saved == set(ledger.partnerships())
        assert {row.format for row in rows} == {snapshots.FOLD_FORMAT}
        assert ledger.verify(deep=True).ok
        for name in ledger.partnerships():  # the whole history's fold, too
            fold = _folded(name, ledger.standing(name))
            assert vars(snapshots.load(snapshots.dump(fold), name)) == vars(fold)


def test_a_checkpoint_of_an_older_format_is_never_read_and_is_dropped_on_open(
    tmp_path: Path,
) -> None:
    path = tmp_path / "ledger.db"
    with Ledger.open(path) as ledger:
        posts = [post(f"post-{n}", effective=date(2020, 2, 1 + n)) for n in range(6)]
        ledger.append(formed(), *posts)
        expected = ledger.state(P, date(2020, 12, 31))
        # well-formed bytes of a wrong fold: read, they would give a wrong answer
        wrong = snapshots.dump(Fold(P))
        assert isinstance(ledger._store, SQLiteStore)
        assert ledger._store.save_checkpoint(
            Checkpoint(
                partnership=P,
                kind="state",
                through=date(2020, 6, 1),
                position=7,
                format=OLD_FORMAT,
                data=wrong,
                entries=7,
            )
        )
        assert ledger.state(P, date(2020, 12, 31)) == expected

    with Ledger.open(path) as reopened:
        assert isinstance(reopened._store, SQLiteStore)
        formats = {row.format for row, _, _ in reopened._store.checkpoint_rows()}
        assert OLD_FORMAT not in formats
        assert reopened.state(P, date(2020, 12, 31)) == expected


@settings(max_examples=25)
@given(world=worlds(partnerships=1, length=40))
def test_the_rules_yield_every_day_end_with_that_days_entries_folded(world: World) -> None:
    for partnership, pairs in _standing(world).items():
        fold = Fold(partnership, honour_authority=False)
        days = [certain_from(event.effective) for _, event in pairs]
        seen: list[tuple[date, int]] = []

        for day, folded in check_days(fold, pairs, [], index_decisions(pairs)):
            assert folded is fold
            seen.append((day, folded.fed))

        assert [day for day, _ in seen] == sorted(set(days))
        assert all(fed == sum(1 for d in days if d <= day) for day, fed in seen)
        assert fold.fed == len(pairs)


_FOLD_BYTES = """
import hashlib
from datetime import date

from factories import formed, post, resolved, conditional
from govledger.events import ResolutionRef
from govledger.ledger import snapshots
from govledger.projections import Fold

events = [formed()]
for n in range(1, 7):  # each change waits on several decisions at once
    events.append(resolved(f"r{n}", date(2020, 1, 1 + n), conditional(f"c{n}")))
for n in range(1, 5):
    refs = tuple(ResolutionRef(resolution=f"r{m}", part=("1",)) for m in range(n, n + 3))
    events.append(post(f"post-{n}", effective=date(2020, 2, n), authorised_by=refs))
fold = Fold(events[0].partnership)
for event in events:
    fold.feed(event)
assert fold.waiters, "nothing waits: the test would prove nothing"
print(hashlib.sha256(snapshots.dump_json(fold)).hexdigest())
"""


def test_checkpoint_bytes_do_not_depend_on_the_hash_seed() -> None:
    """``verify(deep=True)`` compares checkpoint bytes, so two processes folding the same
    history must write the same bytes, whatever ``PYTHONHASHSEED`` orders sets by."""
    tests = Path(__file__).parent
    digests = set()
    for seed in ("0", "1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tests), env.get("PYTHONPATH")]))
        result = subprocess.run(
            [sys.executable, "-c", _FOLD_BYTES],
            env=env,
            capture_output=True,
            text=True,
            check=True,
            timeout=120,
        )
        digests.add(result.stdout.strip())
    assert len(digests) == 1, f"checkpoint bytes differ between hash seeds: {digests}"

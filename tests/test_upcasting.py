"""A ledger reads old entries through the upcasters it is opened with, for every read."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from factories import FORMED, P, formed
from govledger import Ledger, RecordedEvent
from govledger.codec import encode
from govledger.errors import DecodeError
from govledger.store.base import NewRecord
from govledger.store.sqlite import SQLiteStore
from govledger.upcasters import UPCASTERS, Upcasters


def _old_ledger(path: Path, *partnerships: str) -> None:
    """A ledger holding a schema-1 PartnershipFormed (of *P*, or of each of
    *partnerships*) whose ``name`` was called ``title``: a shape no release of
    govledger wrote, which only a user's own upcaster reads."""
    records = []
    for partnership in partnerships or (P,):
        kind, _, payload = encode(formed(partnership=partnership))
        data = json.loads(payload)
        data["title"] = data.pop("name")
        data.pop("not_on_record", None)
        records.append(
            NewRecord(
                partnership=partnership,
                type=kind,
                schema_version=1,
                effective=FORMED,
                payload=json.dumps(data, sort_keys=True, separators=(",", ":")),
            )
        )
    with SQLiteStore.open(path) as store, store.write() as session:
        session.append(records)


def _title_to_name(payload: dict[str, Any]) -> dict[str, Any]:
    data = dict(payload)
    data["name"] = data.pop("title")
    return data


MINE: Upcasters = UPCASTERS.with_step("PartnershipFormed", 1, _title_to_name)


def test_without_the_users_upcaster_the_old_entry_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_ledger(path)

    with Ledger.open(path) as ledger, pytest.raises(DecodeError, match="title"):
        ledger.state(P, as_of=date(2021, 1, 1))


@pytest.mark.parametrize("checkpoints", [True, False])
def test_every_read_goes_through_the_upcasters_the_ledger_is_opened_with(
    tmp_path: Path, checkpoints: bool
) -> None:
    path = tmp_path / "old.db"
    _old_ledger(path)
    name = formed().name

    with Ledger.open(path, upcasters=MINE, checkpoints=checkpoints) as ledger:
        assert ledger.state(P, as_of=date(2021, 1, 1)).name == name
        assert [type(r.event).__name__ for r in ledger.history(P)] == ["PartnershipFormed"]
        history = next(iter(ledger.history(P))).event
        events = next(iter(ledger.events())).event
        assert getattr(history, "name", None) == getattr(events, "name", None) == name
        assert [event.partnership for _, event in ledger.standing(P)] == [P]
        assert ledger.timeline(P)[0].after is not None


@pytest.mark.parametrize(("upcasters", "saved"), [(None, True), (UPCASTERS, True), (MINE, False)])
def test_a_ledger_with_its_own_upcasters_neither_saves_nor_reads_checkpoints(
    tmp_path: Path, upcasters: Upcasters | None, saved: bool
) -> None:
    """Saved folds were folded with the release's upcasters, which may read an old entry
    otherwise than the user's: a ledger given its own folds from the first entry."""
    path = tmp_path / "new.db"
    with Ledger.open(path) as ledger:
        ledger.append(formed())
    with Ledger(SQLiteStore.open(path), checkpoint_every=1, upcasters=upcasters) as ledger:
        assert ledger.state(P, as_of=date(2021, 1, 1)).name == formed().name
        ledger.checkpoint()
    with SQLiteStore.open(path) as store:
        assert bool(list(store.checkpoint_rows())) is saved


class Names:
    """Each partnership's name, as its formation reads; merged across workers."""

    def initial(self) -> dict[str, str]:
        return {}

    def apply(self, state: dict[str, str], entry: RecordedEvent) -> dict[str, str]:
        return {**state, entry.partnership: getattr(entry.event, "name", "")}

    def merge(self, left: dict[str, str], right: dict[str, str]) -> dict[str, str]:
        return {**left, **right}


def test_replay_in_worker_processes_reads_through_the_ledgers_upcasters(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    names = ("a-b", "c-d", "e-f", "g-h")
    _old_ledger(path, *names)

    with Ledger.open(path, upcasters=MINE) as ledger:
        assert ledger.replay(Names(), workers=2) == dict.fromkeys(names, formed().name)

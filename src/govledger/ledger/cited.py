"""Decisions a partnership cites from other partnerships, found and read from the store.

A change may cite a decision recorded in another partnership
(``ResolutionRef(..., partnership=...)``, see :mod:`govledger.projections.cited`).
:class:`Citations` keeps, per partnership, which of its entries cite decisions
elsewhere, by position: read once, then only what was appended since, and only when
the partnership's version shows something was (the version every question reads
already), so a partnership citing nothing elsewhere costs no extra query per question.

From those it gives what a question needs: the standing entries of the cited decisions
(their story in their own partnership, as known at the question's position, with that
partnership's corrections applied) for the fold, and the cited decisions themselves
for the rules. The store is only asked with a :class:`~govledger.store.Query`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Final

import attrs

from ..events import DelegatedDecisionTaken, Event, ResolutionPassed
from ..projections import CITED_TYPES, cited_entries, foreign_refs
from ..rules import DECISION_TYPES, Decision
from ..store import EventStore, Query
from .corrections import Corrections, Decoder, by_order

__all__ = ["Citations"]

#: How a stored payload that may cite another partnership's decision starts to show:
#: its own ``partnership`` key and at least one more (a reference's, or a replacement's).
_KEY: Final = '"partnership":'


@attrs.define
class _Scan:
    #: How many of the partnership's records have been read.
    count: int = 0
    #: The position of the last of them.
    position: int = 0
    #: The decisions cited elsewhere, by the position of the entry citing them.
    refs: dict[int, frozenset[tuple[str, str]]] = attrs.Factory(dict)


class Citations:
    """Which decisions each partnership cites from others, and their entries."""

    def __init__(self, store: EventStore, decoder: Decoder) -> None:
        self._store = store
        self._decoder = decoder
        self._scans: dict[str, _Scan] = {}

    def cited(
        self, partnership: str, known: int, corrections: Corrections, version: int
    ) -> dict[str, frozenset[str]]:
        """The decisions *partnership*'s standing entries cite from other partnerships,
        as known at *known*: partnership -> decision ids. *version* is the
        partnership's version now (as read by the question)."""
        scan = self._scan(partnership, version)
        if not scan.refs:  # the common path: nothing cited elsewhere
            return {}
        found: dict[str, set[str]] = {}
        withdrawn = corrections.withdrawn
        for position, refs in scan.refs.items():
            if position <= known and position not in withdrawn:
                for other, decision in refs:
                    found.setdefault(other, set()).add(decision)
        return {other: frozenset(ids) for other, ids in found.items()}

    def _scan(self, partnership: str, version: int) -> _Scan:
        scan = self._scans.get(partnership)
        if scan is not None and scan.count == version:
            return scan
        if scan is None or scan.count > version:  # a different ledger under us: again
            scan = _Scan()
        records = self._store.read(
            Query(partnership=partnership, after_position=scan.position, order="position")
        )
        for record in records:
            scan.count += 1
            scan.position = record.position
            if record.payload.count(_KEY) > 1:
                refs = foreign_refs(self._decoder.decoded(record))
                if refs:
                    scan.refs[record.position] = refs
        self._scans[partnership] = scan
        return scan

    def entries(self, cited: Mapping[str, frozenset[str]], known: int) -> list[tuple[int, Event]]:
        """The standing entries telling the story of the *cited* decisions in their own
        partnerships, as known at *known*, in fold order."""
        found: list[tuple[int, Event]] = []
        for other, decisions in sorted(cited.items()):
            found += cited_entries(decisions, self._standing(other, known, CITED_TYPES))
        return sorted(found, key=by_order)

    def decisions(
        self,
        cited: Mapping[str, frozenset[str]],
        known: int,
        entering: Iterable[Event] = (),
    ) -> dict[tuple[str, str], Decision]:
        """The *cited* decisions by ``(partnership, id)``, standing as known at *known*,
        and any among *entering* (decisions being appended in the same batch)."""
        found: dict[tuple[str, str], Decision] = {}
        for event in entering:
            keyed = _decision_key(event)
            if keyed is not None and keyed[0][1] in cited.get(keyed[0][0], frozenset()):
                found.setdefault(*keyed)
        for other, ids in sorted(cited.items()):
            for _, event in self._standing(other, known, DECISION_TYPES):
                keyed = _decision_key(event)
                if keyed is not None and keyed[0][1] in ids:
                    found.setdefault(*keyed)
        return found

    def _standing(
        self, partnership: str, known: int, types: tuple[str, ...]
    ) -> list[tuple[int, Event]]:
        """*partnership*'s standing entries of *types* as known at *known*, in fold order."""
        corrections = Corrections.read(self._store, partnership, known, self._decoder.upcasters)
        withdrawn = corrections.withdrawn
        pairs = [
            (record.position, self._decoder.decoded(record))
            for record in self._store.read(
                Query(partnership=partnership, types=types, max_position=known)
            )
            if record.position not in withdrawn
        ]
        pairs += [
            (position, event)
            for position, event in corrections.replacements()
            if type(event).__name__ in types and event.partnership == partnership
        ]
        return sorted(pairs, key=by_order)

    def clear(self) -> None:
        self._scans.clear()


def _decision_key(event: Event) -> tuple[tuple[str, str], Decision] | None:
    """The ``(partnership, id)`` of *event* and the decision, if it is one."""
    if isinstance(event, ResolutionPassed):
        return (event.partnership, event.resolution), event
    if isinstance(event, DelegatedDecisionTaken):
        return (event.partnership, event.decision), event
    return None

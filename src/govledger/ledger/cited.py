"""Decisions a partnership cites from other partnerships, found and read from the store.

A change may cite a decision recorded in another partnership
(``ResolutionRef(..., partnership=...)``, see :mod:`govledger.projections.cited`).
Which decisions a partnership cites is seen as its own entries are folded
(``Fold.cited``), so a partnership citing nothing elsewhere costs nothing more.
:class:`Citations` then reads what a question needs: the standing entries of the cited
decisions (their story in their own partnership, as known at the question's position,
with that partnership's corrections applied) for the fold, and the cited decisions
themselves for the rules. The store is only asked with a :class:`~govledger.store.Query`.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Mapping

from ..errors import DuplicateId
from ..events import (
    DelegatedDecisionTaken,
    EntryRetracted,
    Event,
    ResolutionPassed,
    ResolutionRef,
)
from ..projections import (
    CITED_TYPES,
    WithdrawnDecision,
    cited_entries,
    foreign_refs,
    withdrawn_of,
)
from ..rules import DECISION_TYPES, Decision
from ..store import EventStore, Query
from .corrections import Corrections, Decoder, by_order

__all__ = ["Citations"]


class Citations:
    """Which decisions each partnership cites from others, and their entries."""

    def __init__(self, store: EventStore, decoder: Decoder) -> None:
        self._store = store
        self._decoder = decoder

    def entries(self, cited: Mapping[str, Collection[str]], known: int) -> list[tuple[int, Event]]:
        """The standing entries telling the story of the *cited* decisions in their own
        partnerships, as known at *known*, in fold order."""
        found: list[tuple[int, Event]] = []
        for other, decisions in sorted(cited.items()):
            found += cited_entries(decisions, self._standing(other, known, CITED_TYPES))
        return sorted(found, key=by_order)

    def withdrawn(
        self,
        cited: Mapping[str, Collection[str]],
        known: int,
        entries: Iterable[tuple[int, Event]] | None = None,
        *,
        entering: Iterable[tuple[int, Event]] = (),
    ) -> dict[str, WithdrawnDecision]:
        """The *cited* decisions that were recorded in their partnership and then
        withdrawn there, as known at *known*, or by a retraction among *entering* (a
        batch being appended, as for :meth:`decisions`). *entries* are their standing
        entries (:meth:`entries`), if read already: a decision among them stands, and
        only the others are looked for (nothing more is read when every one stands)."""
        standing: set[tuple[str, str]] = set()
        if entries is not None:
            for _, event in entries:
                keyed = _decision_key(event)
                if keyed is not None:
                    standing.add(keyed[0])
        batch = list(entering)
        found: dict[str, WithdrawnDecision] = {}
        for other, ids in sorted(cited.items()):
            missing = {decision for decision in ids if (other, decision) not in standing}
            if not missing:
                continue
            logged = [
                (record.position, self._decoder.decoded(record))
                for record in self._store.read(
                    Query(
                        partnership=other,
                        types=(*DECISION_TYPES, "EntryRetracted"),
                        max_position=known,
                        order="position",
                    )
                )
            ]
            logged += [pair for pair in batch if pair[1].partnership == other]
            found.update(withdrawn_of(other, missing, logged))
        return found

    def decisions(
        self,
        cited: Mapping[str, Collection[str]],
        known: int,
        entering: Iterable[tuple[int, Event]] = (),
    ) -> dict[tuple[str, str], Decision]:
        """The *cited* decisions by ``(partnership, id)``, standing as known at *known*
        with *entering* applied: ``(position, event)`` of a batch being appended, whose
        decisions join, whose retractions withdraw what they retract, and whose
        corrections stand in for what they correct."""
        batch = list(entering)
        retracted = {e.retracts for _, e in batch if isinstance(e, EntryRetracted)}
        found: dict[tuple[str, str], Decision] = {}
        joining = [
            (position, e.replacement if isinstance(e, EntryRetracted) else e)
            for position, e in batch
        ]
        for position, event in joining:
            keyed = None if event is None else _decision_key(event)
            if (
                keyed is not None
                and position not in retracted
                and keyed[0][1] in cited.get(keyed[0][0], frozenset())
            ):
                found.setdefault(*keyed)
        for other, ids in sorted(cited.items()):
            for position, event in self._standing(other, known, DECISION_TYPES):
                keyed = _decision_key(event)
                if keyed is not None and keyed[0][1] in ids and position not in retracted:
                    found.setdefault(*keyed)
        return found

    def citing(self, partnership: str, decision: str, known: int) -> list[str]:
        """The other partnerships whose standing entries, as known at *known*, cite the
        decision *decision* of *partnership*, sorted.

        No index says who cites what, so this reads every record's payload (only those
        naming the decision are decoded): it is asked only when a correction of a
        conditional decision is appended (:meth:`check_conditions_where_cited`).
        """
        words = (json.dumps(decision), json.dumps(partnership))
        wanted = (partnership, decision)
        candidates: dict[str, list[tuple[int, Event]]] = {}
        for record in self._store.read(Query(max_position=known, order="position")):
            if record.partnership == partnership or not all(w in record.payload for w in words):
                continue
            event = self._decoder.decoded(record)
            if wanted in foreign_refs(event):
                candidates.setdefault(record.partnership, []).append((record.position, event))
        found = []
        for other, pairs in sorted(candidates.items()):
            withdrawn = Corrections.read(
                self._store, other, known, self._decoder.upcasters
            ).withdrawn
            if any(position not in withdrawn for position, _ in pairs):
                found.append(other)
        return found

    def check_conditions_where_cited(self, decision: ResolutionPassed, known: int) -> None:
        """Refuse *decision* (a correction of a decision, appended after position *known*)
        if it declares a condition id that a partnership citing it declares too: the
        reverse of the clash refused when a citation is appended, seen from the cited
        partnership."""
        ids = {c.id for _, part in decision.walk() for c in part.conditions}
        if not ids:
            return
        for other in self.citing(decision.partnership, decision.resolution, known):
            for _, event in self._standing(other, known, ("ResolutionPassed",)):
                if not isinstance(event, ResolutionPassed):
                    continue
                for path, part in event.walk():
                    shared = sorted(c.id for c in part.conditions if c.id in ids)
                    if shared:
                        where = ResolutionRef(resolution=event.resolution, part=path)
                        raise DuplicateId(
                            f"condition id {shared[0]!r} is already declared by {where} in "
                            f"{other!r}, which cites {decision.resolution!r} of "
                            f"{decision.partnership!r}, so a condition met or lapsed there "
                            "would be ambiguous; choose another id for this one",
                            event=decision,
                        )

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


def _decision_key(event: Event) -> tuple[tuple[str, str], Decision] | None:
    """The ``(partnership, id)`` of *event* and the decision, if it is one."""
    if isinstance(event, ResolutionPassed):
        return (event.partnership, event.resolution), event
    if isinstance(event, DelegatedDecisionTaken):
        return (event.partnership, event.decision), event
    return None

"""Comparing two days' entities: one comparer per kind of entity, emitting changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import attrs

from ..events import (
    Authority,
    Mechanism,
    Share,
)
from ..projections import (
    Holding,
)
from .model import (
    Change,
    ChangeKind,
    EntityState,
    EntityType,
)

# --------------------------------------------------------------------------- wording


def label(value: str) -> str:
    return value.replace("_", " ")


def mechanism_words(mechanism: Mechanism, detail: str | None) -> str:
    return label(mechanism.value) + (f" ({detail})" if detail else "")


def holder_words(holding: Holding) -> str:
    return holding.holder or "a holder (not named)"


def shares_words(shares: Sequence[Share]) -> str:
    return ", ".join(f"{s.council.upper()} {s.fraction}" for s in shares)


# --------------------------------------------------------------------------- the diff

#: Finds the authority of a change from the events behind it: (type, id, kind, by_time).
Lookup = Callable[[EntityType, str, ChangeKind, bool], tuple[Authority, ...] | None]


def no_events(
    entity_type: EntityType, entity: str, kind: ChangeKind, by_time: bool
) -> tuple[Authority, ...] | None:
    return None


@attrs.define
class Emitter:
    """Collects the changes of one day, each with its authority looked up from the events."""

    before_day: date
    on: date
    lookup: Lookup
    found: list[Change] = attrs.Factory(list)

    def emit(
        self,
        kind: ChangeKind,
        entity_type: EntityType,
        entity: str,
        before: EntityState | None,
        after: EntityState | None,
        description: str,
        fallback: tuple[Authority, ...] = (),
        *,
        by_time: bool = False,
    ) -> None:
        found = self.lookup(entity_type, entity, kind, by_time)
        self.found.append(
            Change(
                kind=kind,
                entity_type=entity_type,
                entity=entity,
                on=self.on,
                authorised_by=found if found is not None else fallback,
                before=before,
                after=after,
                description=description,
                by_time=by_time,
            )
        )


def gone(out: Emitter, entity_type: EntityType, entity: str, before: EntityState) -> None:
    out.emit(
        ChangeKind.AMENDED,
        entity_type,
        entity,
        before,
        None,
        f"{label(entity_type.value)} {entity!r} is no longer recorded",
    )

"""What a rejection is: the event that breaks one rule, the error the ledger must raise,
and the helpers the rejection builders share.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import attrs

from ... import errors
from ...events import (
    ActionAssigned,
    Authority,
    Citation,
    Event,
)
from .._model.draw import Gen
from .._model.world import Partnership

__all__ = ["CITE", "OUTSIDER", "Builder", "Rejection", "one", "task"]

CITE: tuple[Authority, ...] = (Citation(document="Report of the Monitoring Officer"),)
OUTSIDER = "nowhere-dc"


@attrs.frozen(kw_only=True)
class Rejection:
    """Events that break a rule: appending them must raise ``error`` and change nothing."""

    events: tuple[Event, ...]
    error: type[errors.RuleViolation]
    rule: str

    def __str__(self) -> str:
        return f"{self.rule} (expects {self.error.__name__})"

    def __repr__(self) -> str:
        """Python code that rebuilds it, given ``from govledger import errors``."""
        return f"Rejection(events={self.events!r}, error={self._error}, rule={self.rule!r})"

    @property
    def _error(self) -> str:
        return f"errors.{self.error.__name__}"

    def _repr_pretty_(self, p: Any, cycle: bool) -> None:
        with p.group(4, "Rejection(", ")"):
            p.breakable("")
            p.text("events=")
            p.pretty(self.events)
            p.text(",")
            p.breakable()
            p.text(f"error={self._error},")
            p.breakable()
            p.text("rule=")
            p.pretty(self.rule)


Builder = Callable[[Gen, Partnership, date], Rejection | None]


def one(event: Event, error: type[errors.RuleViolation], rule: str) -> Rejection:
    return Rejection(events=(event,), error=error, rule=rule)


def task(p: Partnership, day: date, auth: tuple[Authority, ...] = CITE) -> ActionAssigned:
    return ActionAssigned(
        partnership=p.partnership,
        effective=day,
        authorised_by=auth,
        action="an-action-never-used",
        description="report back to Cabinet",
    )

"""Dates known to the day, or only as a stated period: :class:`~govledger.events.Period`,
``DateSpec`` and the questions asked of either (from when a fact is certain, whether its
day is stated).
"""

from __future__ import annotations

from datetime import date
from typing import TypeAlias, Union

import attrs

from .. import _code
from ..errors import InvalidEvent
from ._validators import (
    _optional_day,
    _text,
)

__all__ = [
    "DateSpec",
    "Period",
    "certain_from",
    "date_not_stated",
    "describe",
    "earliest",
]


# --------------------------------------------------------------------------- dates


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Period:
    """A date known only as a stated period, with the words the record used.

    ``Period(earliest=date(2009, 9, 1), latest=date(2009, 9, 7),
    words="the first week of September 2009")``. ``earliest`` may be ``None`` when the
    record gives only an upper bound ("before 2 September 2020"); ``latest`` may be
    ``None`` when it gives no upper bound at all (an undated decision page: "date not
    stated", known only to come after some earlier fact). At least one bound is needed.

    A fact dated by a bounded period is certain from ``latest`` on; between the bounds
    it is uncertain. A fact dated by an *open* period (no ``latest``) never becomes
    certain: the ledger takes it as holding from ``earliest`` and every state shows it
    among :attr:`~govledger.projections.PartnershipState.uncertain` as "date not
    stated". A fact known only "by" a date does not refuse earlier evidence: an event
    dated inside the period that depends on it is accepted, and the fact is taken to
    hold from the earliest such evidence on record.
    """

    latest: date | None = attrs.field(default=None, validator=_optional_day)
    words: str = attrs.field(validator=_text)
    earliest: date | None = attrs.field(default=None, validator=_optional_day)

    def __attrs_post_init__(self) -> None:
        if self.earliest is None and self.latest is None:
            raise InvalidEvent(
                f"Period {self.words!r} has neither an earliest nor a latest day; give the "
                "first day it could be (earliest=...) even when the record states no date"
            )
        if self.earliest is not None and self.latest is not None and self.earliest > self.latest:
            raise InvalidEvent(
                f"Period {self.words!r}: earliest {self.earliest} is after latest "
                f"{self.latest}; swap them."
            )

    @property
    def open(self) -> bool:
        """Whether the period has no upper bound (the record states no date)."""
        return self.latest is None

    def contains(self, day: date) -> bool:
        """Whether *day* falls inside the period (the fact may or may not hold yet)."""
        low = self.earliest or date.min
        high = self.latest or date.max
        return low <= day <= high

    def __str__(self) -> str:
        if self.earliest == self.latest and self.latest is not None:
            return f"{self.words} ({self.latest.isoformat()})"
        low = self.earliest.isoformat() if self.earliest else "…"
        high = self.latest.isoformat() if self.latest else "…"
        return f"{self.words} [{low} – {high}]"


DateSpec: TypeAlias = Union[date, Period]  # noqa: UP007  (runtime alias for cattrs)


def certain_from(when: DateSpec) -> date:
    """The first day on which a fact dated *when* certainly holds.

    An open period (no ``latest``) never becomes certain; the ledger folds it on its
    ``earliest`` day and flags it as "date not stated".
    """
    if isinstance(when, Period):
        if when.latest is None:
            assert when.earliest is not None  # a period has at least one bound
            return when.earliest
        return when.latest
    return when


def date_not_stated(when: DateSpec | None) -> bool:
    """Whether *when* leaves the day unstated: ``None`` or an open period."""
    return when is None or (isinstance(when, Period) and when.latest is None)


def earliest(when: DateSpec) -> date:
    """The first day on which a fact dated *when* may hold."""
    if isinstance(when, Period):
        return when.earliest or date.min
    return when


def describe(when: DateSpec | None) -> str:
    """Human words for a date or period."""
    if when is None:
        return "date not stated"
    if isinstance(when, Period):
        return str(when)
    return when.isoformat()


# Keep these last: every class above prints as the Python code that rebuilds it.
_code.install(globals(), __name__)

"""Checking new events, and every later recorded one, in fold order.

:func:`check_days` folds the recorded world on from a day, checking each event with
:func:`~govledger.rules.checks.check_event` before folding it in, so a back-dated entry
that would make later history invalid is refused naming the entry; it yields the fold
at each day's end. :func:`check_from` runs it to the end.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date
from typing import TypeVar

from ..errors import RetractionHasDependants, RuleViolation, UnknownReference
from ..events import Event, Period, certain_from
from ..projections import Fold, creates, order_key, references
from ..wording import summarise
from .authority import (
    DECISION_TYPES,
    Decision,
    DecisionIndex,
    check_authority,
    index_decisions,
)
from .checks import check_event as _check

__all__ = [
    "DECISION_TYPES",
    "Decision",
    "DecisionIndex",
    "check_authority",
    "check_batch",
    "check_days",
    "check_from",
    "index_decisions",
]

_T = TypeVar("_T")


def check_batch(
    partnership: str,
    recorded: Sequence[tuple[int, Event]],
    new: Sequence[tuple[int, Event]],
) -> None:
    """Check *new* events (with their provisional positions) against *recorded* history.

    Raises the first :class:`RuleViolation` found; returns ``None`` when every rule holds.
    *recorded* must already leave out retracted entries (see
    :func:`~govledger.projections.corrected`); the ledger itself checks from a saved
    checkpoint with :func:`check_from`.
    """
    if not new:
        return
    start = min(certain_from(event.effective) for _, event in new)
    fold = Fold(partnership, honour_authority=False)
    later: list[tuple[int, Event]] = []
    for position, event in sorted(recorded, key=lambda pair: order_key(pair[1], pair[0])):
        if certain_from(event.effective) < start:
            fold.feed(event)
        else:
            later.append((position, event))
    check_from(fold, later, new, index_decisions([*recorded, *new]))


def check_from(
    fold: Fold,
    later: Iterable[tuple[int, Event]],
    new: Sequence[tuple[int, Event]],
    decisions: Mapping[str, Decision],
    *,
    retracting: bool = False,
) -> Fold:
    """Check *new* events, and every *later* recorded one, folding on from *fold*.

    :func:`check_days` run to the end; returns the fold, with every event folded.
    """
    for _ in check_days(fold, later, new, decisions, retracting=retracting):
        pass
    return fold


def check_days(
    fold: Fold,
    later: Iterable[tuple[int, Event]],
    new: Sequence[tuple[int, Event]],
    decisions: Mapping[str, Decision],
    *,
    retracting: bool = False,
) -> Iterator[tuple[date, Fold]]:
    """Check *new* events, and every *later* recorded one, folding them on into *fold*.

    *fold* is the recorded world (``honour_authority=False``) holding every recorded
    event that takes effect before the first day to check; *later* are the recorded
    events from that day on, in fold order; *new* the events being appended, with
    their provisional positions; *decisions* every decision recorded or new, by id.
    A new event that breaks a rule raises at once. A recorded event that the new ones
    would make invalid raises naming the back-dated culprit, or, with *retracting*,
    is collected and :class:`RetractionHasDependants` names them all at the end.
    Yields ``(day, fold)`` whenever every event of *day* has been folded (the caller
    may take a checkpoint of the fold then, before the next day's are folded); once
    the generator is exhausted, *fold* holds every event. The rules never call back.
    """
    new_positions = {position for position, _ in new}
    ordered = heapq.merge(
        later,
        sorted(new, key=lambda pair: order_key(pair[1], pair[0])),
        key=lambda pair: order_key(pair[1], pair[0]),
    )
    dependants: list[tuple[int, Event]] = []
    first_new = min((order_key(event, position) for position, event in new), default=None)
    day: date | None = None
    stream: list[Iterator[tuple[int, Event]]] = [iter(ordered)]
    for position, event in _each(stream):
        today = certain_from(event.effective)
        if day is not None and today > day:
            yield day, fold
        day = today
        try:
            try:
                _check(fold, event, decisions)
            except UnknownReference:
                rest = list(stream[0])
                stream[0] = iter(rest)
                if not _evidenced(fold, event, rest, decisions):
                    raise
        except RuleViolation as exc:
            if position in new_positions:
                raise
            if retracting:
                dependants.append((position, event))
                if len(dependants) >= _MAX_DEPENDANTS:
                    break
                continue
            culprit = next(e for p, e in new if order_key(e, p) == first_new)
            raise type(exc)(
                f"this back-dated entry would make the already recorded event at "
                f"position {position} ({summarise(event)}) invalid: {exc.reason}",
                event=culprit,
            ) from exc
        fold.feed(event)
    if dependants:
        listed = "; ".join(f"position {p}: {summarise(e)}" for p, e in dependants)
        more = " (and perhaps more)" if len(dependants) >= _MAX_DEPENDANTS else ""
        raise RetractionHasDependants(
            f"withdrawing the entry would leave later entries invalid: {listed}{more}. "
            "Retract them in the same append, or give the retraction a replacement they "
            "still fit",
            event=None,
            dependants=tuple((p, summarise(e)) for p, e in dependants),
        )
    if day is not None:
        yield day, fold


def _each(current: list[Iterator[_T]]) -> Iterator[_T]:
    """Iterate ``current[0]``, which the loop body may replace as it goes."""
    while True:
        try:
            yield next(current[0])
        except StopIteration:
            return


def _evidenced(
    fold: Fold, event: Event, rest: Sequence[tuple[int, Event]], decisions: Mapping[str, Decision]
) -> bool:
    """Whether *event* is evidence for facts dated later only because known "by" a date.

    An entity *event* names may be created by a later event dated by a period that
    contains *event*'s day: such a fact does not refuse earlier evidence. *event* is
    accepted if it fits the world with those facts taken as holding already.
    """
    wanted = references(event)
    day = certain_from(event.effective)
    promised = [
        later
        for _, later in rest
        if isinstance(later.effective, Period)
        and later.effective.contains(day)
        and creates(later) in wanted
    ]
    if not promised:
        return False
    probe = fold.copy()
    try:
        for later in promised:
            _check(probe, later, decisions)
            probe.feed(later)
        _check(probe, event, decisions)
    except RuleViolation:
        return False
    return True


#: How many dependants a refused retraction names at most.
_MAX_DEPENDANTS = 20

"""Applying a reviewed draft: every event, checked, appended in one batch or not at all.

:func:`apply_draft` first decodes every proposed event (a placeholder left in, a bad
id, a malformed date is a problem), then tries each event on a scratch copy of the
ledger so that every rule problem is found, not just the first, and only then appends
the whole batch in one :meth:`~govledger.Ledger.append` call, which is atomic.
Every problem carries the span of the words the event came from.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import attrs

from ..codec import decode
from ..errors import GovLedgerError
from ..events import Event
from ..ledger import Ledger, RecordedEvent
from .draft import Span

__all__ = ["ApplyFailed", "Problem", "apply_draft", "check_draft", "draft_events"]


@attrs.frozen(kw_only=True)
class Problem:
    """Something that stops a draft from being applied: which event, what, and its words."""

    where: str
    message: str
    span: Span | None = None

    def __str__(self) -> str:
        cited = f" [chars {self.span[0]}-{self.span[1]}]" if self.span else ""
        return f"{self.where}{cited}: {self.message}"


class ApplyFailed(GovLedgerError):
    """The draft could not be applied; nothing was written. ``problems`` lists every one."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        listed = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"the draft was not applied ({len(self.problems)} problem(s)); nothing was written:\n"
            f"{listed}\nFix them in the draft (or its review) and apply it again."
        )


def _placeholders(data: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _placeholders(value, f"{path}.{key}" if path else key)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _placeholders(value, f"{path}[{index}]")
    elif isinstance(data, str) and data.startswith("?"):
        yield path, data[1:]


def _span(entry: Mapping[str, Any]) -> Span | None:
    span = entry.get("span")
    if isinstance(span, list | tuple) and len(span) == 2:
        return int(span[0]), int(span[1])
    return None


def draft_events(
    draft: Mapping[str, Any],
) -> tuple[list[tuple[Event, Span | None, str]], list[Problem]]:
    """Decode every proposed event of *draft*: the events, and every problem found."""
    decoded: list[tuple[Event, Span | None, str]] = []
    problems: list[Problem] = []
    partnership = draft.get("partnership")
    for index, entry in enumerate(draft.get("events", [])):
        name = f"events[{index}] {entry.get('id', entry.get('type', '?'))}"
        span = _span(entry)
        holes = list(_placeholders(entry.get("event")))
        for path, hint in holes:
            problems.append(Problem(where=name, message=f"fill in {path}: {hint}", span=span))
        if holes:
            continue
        try:
            event = decode(
                str(entry.get("type")), int(entry.get("schema_version", 1)), entry["event"]
            )
        except (GovLedgerError, KeyError, TypeError, ValueError) as exc:
            problems.append(Problem(where=name, message=str(exc), span=span))
            continue
        if partnership and event.partnership != partnership:
            problems.append(
                Problem(
                    where=name,
                    message=f"the event is for partnership {event.partnership!r}, the draft for "
                    f"{partnership!r}",
                    span=span,
                )
            )
        decoded.append((event, span, name))
    if not decoded and not problems:
        problems.append(Problem(where="events", message="the draft proposes no events"))
    return decoded, problems


def check_draft(ledger: Ledger, draft: Mapping[str, Any]) -> tuple[list[Event], list[Problem]]:
    """Every problem applying *draft* to *ledger* would meet, without writing to it.

    Each event is tried in turn on a scratch in-memory copy of the ledger's history, so
    a rule problem in one event does not hide another's.
    """
    decoded, problems = draft_events(draft)
    if problems:
        return [e for e, _, _ in decoded], problems
    events = [event for event, _, _ in decoded]
    partnerships = {event.partnership for event in events}
    with Ledger.open(":memory:") as scratch:
        history = [r.event for r in ledger.events() if r.partnership in partnerships]
        if history:
            scratch.append(*history)
        for event, span, name in decoded:
            try:
                scratch.append(event)
            except GovLedgerError as exc:
                problems.append(Problem(where=name, message=str(exc), span=span))
    return events, problems


def apply_draft(ledger: Ledger, draft: Mapping[str, Any]) -> tuple[RecordedEvent, ...]:
    """Append every event of the reviewed *draft* to *ledger* in one batch.

    Raises :class:`ApplyFailed` listing every problem (with spans) and writes nothing
    if any event is malformed, still holds a placeholder, or breaks a rule.
    """
    events, problems = check_draft(ledger, draft)
    if problems:
        raise ApplyFailed(problems)
    try:
        return ledger.append(*events)
    except GovLedgerError as exc:  # another writer got in between: still nothing written
        raise ApplyFailed([Problem(where="batch", message=str(exc))]) from exc

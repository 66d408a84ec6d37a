"""Printing helpers shared by the example scripts (not an example itself).

Each example records one seed decision record; these helpers print what each
``append`` recorded and the state of a partnership on a date, the same way in
every example.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date

from govledger import Event, Ledger, ResolutionPassed, Vote
from govledger.report import format_state
from govledger.wording import summarise

#: A batch of events recorded in one ``append`` call, with a heading saying what it is.
Batch = tuple[str, list[Event]]


def flatten(batches: Sequence[Batch]) -> list[Event]:
    """Every event of *batches*, in order."""
    return [event for _, events in batches for event in events]


def record(ledger: Ledger, batches: Sequence[Batch]) -> None:
    """Append each batch in one call and print what it recorded."""
    for heading, events in batches:
        recorded = ledger.append(*events)
        first, last = recorded[0].position, recorded[-1].position
        print(f"Recorded {heading} (positions {first}-{last}):")
        for event in events:
            print(f"  + {summarise(event)}")
            if isinstance(event, ResolutionPassed):
                if event.votes:
                    print(f"      vote on the item: {votes(event.votes)}")
                for path, part in event.walk():
                    number = "".join(f"({n})" for n in path)
                    indent = "  " * len(path)
                    print(f"    {indent}{number} {part.outcome.value}: {part.summary}")
                    if part.votes:
                        print(f"    {indent}    vote: {votes(part.votes)}")
                    for condition in part.conditions:
                        print(f"    {indent}    subject to: {condition.description}")
        print()


def votes(recorded: Sequence[Vote]) -> str:
    """The votes in words: ``"7 for, 3 against"``, ``"unanimous"``."""
    words = []
    for vote in recorded:
        if vote.unanimous:
            words.append("unanimous")
        elif vote.tally is not None:
            words.append(f"{vote.tally.in_favour} for, {vote.tally.against} against")
        else:
            words.append("following a vote (no figures)")
    return "; ".join(words)


def show(ledger: Ledger, partnership: str, day: date, why: str) -> None:
    """Print the state of *partnership* on *day*, under a heading saying why it matters."""
    heading = textwrap.wrap(f"{day.day} {day:%B %Y}: {why}", width=88, subsequent_indent="  ")
    print("\n".join(heading))
    print("-" * max(len(line) for line in heading))
    print(format_state(ledger.state(partnership, as_of=day)))
    print()

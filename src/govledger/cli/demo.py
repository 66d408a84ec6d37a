"""The short view of the seed ledger that ``govledger demo`` prints (``--full`` for all).

One line per partnership and one per key date: what the partnership holds on that day
and why the day matters, each line at most :data:`WIDTH` characters.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from datetime import date

from ..ledger import Ledger
from ..projections import PartnershipState

__all__ = ["WIDTH", "counts", "summary"]

#: The widest line the short demo prints.
WIDTH = 100

Views = Sequence[tuple[str, str, Sequence[tuple[date, str]]]]


def _plural(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def counts(state: PartnershipState) -> str:
    """``"2 services shared, 1 post, 3 delegations, 1 pending"``: what *state* holds."""
    parts = [
        (len(state.shared_services), "service shared", "services shared"),
        (len([p for p in state.posts if p.active]), "post", "posts"),
        (len(state.delegations_in_force), "delegation", "delegations"),
        (len(state.outstanding_actions), "action outstanding", "actions outstanding"),
        (len(state.pending), "decision pending", "decisions pending"),
        (len(state.uncertain), "fact uncertain", "facts uncertain"),
    ]
    said = [f"{n} {one if n == 1 else many}" for n, one, many in parts if n]
    if not state.exists:
        said.insert(0, "not formed yet" if state.formed is None else "dissolved")
    return ", ".join(said) or "nothing in force"


def summary(ledger: Ledger, views: Views, say: Callable[[str], object]) -> None:
    """Say each partnership's heading, then one line per key date, each within WIDTH."""
    total = sum(1 for _ in ledger.events())
    say(f"Recorded {total} events in {_plural(len(ledger.partnerships()), 'partnership')}.")
    for partnership, heading, dates in views:
        say("")
        say(textwrap.shorten(f"{partnership}: {heading}", WIDTH, placeholder=" …"))
        for day, why in dates:
            state = ledger.state(partnership, as_of=day)
            line = f"{counts(state)}: {why}"
            say(f"  {day.isoformat()}  " + textwrap.shorten(line, WIDTH - 14, placeholder=" …"))

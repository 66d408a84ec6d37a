"""Property-test a rule of your own with govledger's LedgerMachine.

Subclass ``LedgerMachine``, add an ``@invariant`` (and, if you like, a ``@rule``),
and expose its ``TestCase``. The machine appends random valid decisions to a real
ledger, tries transitions the rules must refuse, and checks govledger's own
invariants and yours after every step.

Run it with pytest (``pytest examples/custom_invariant.py``) or as a script.
"""

from __future__ import annotations

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import invariant, rule, run_state_machine_as_test

from govledger.testing import LedgerMachine


class NothingStartsEarly(LedgerMachine):
    """Our rule: nothing in a partnership's state began after the date it describes."""

    @invariant()
    def nothing_in_force_began_after_the_day(self) -> None:
        for state in self.latest_states():
            assert all(m.since <= state.as_of for m in state.members), state.members
            assert all(a.since <= state.as_of for a in state.arrangements), state.arrangements
            assert all(p.created <= state.as_of for p in state.posts), state.posts

    @rule(data=st.data())
    def ask_about_any_day(self, data: st.DataObject) -> None:
        """A rule of our own: ask for a partnership's state on any day at all."""
        for partnership in self.ledger.partnerships():
            day = data.draw(st.dates(self.start, self.end), label=f"day for {partnership}")
            state = self.ledger.state(partnership, as_of=day)
            assert state.as_of == day
            assert all(m.since <= day for m in state.members)


#: pytest collects this; the hypothesis profile loaded sets its size.
TestNothingStartsEarly = NothingStartsEarly.TestCase


if __name__ == "__main__":
    run_state_machine_as_test(
        NothingStartsEarly,
        settings=settings(max_examples=10, stateful_step_count=15, deadline=None, database=None),
    )
    print("NothingStartsEarly: 10 runs of 15 steps, no counterexample")

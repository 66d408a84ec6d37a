"""Recording clocks for tests: the only clocks a file or server ledger accepts.

A ledger records when each entry was recorded from the store's own clock (the writing
process's clock inside the write lock for SQLite, the server's ``clock_timestamp()``
for PostgreSQL). Tests that need known recording times pass ``clock=`` to
``Ledger.open``: any function will do for an in-memory ledger, but a file or a
PostgreSQL ledger accepts only a :class:`TestClock`, so a program cannot record
invented times in a real ledger by accident::

    from datetime import UTC, datetime
    from govledger import Ledger
    from govledger.testing.clock import TestClock

    clock = TestClock(lambda: datetime(2026, 1, 5, 9, 0, tzinfo=UTC))
    Ledger.open("test-ledger.db", clock=clock).close()
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

__all__ = ["TestClock"]


class TestClock:
    """Wrap *read* (a function returning an aware datetime) as a clock for tests.

    Passing one as ``Ledger.open(..., clock=)`` says "this is a test": it is the only
    kind of clock a file or server ledger accepts. Subclasses may override
    :meth:`__call__` instead of passing *read*.
    """

    #: Tells the stores this clock is a test's (they import nothing from here).
    govledger_test_clock = True
    __test__ = False  # not a pytest test class, despite its name

    def __init__(self, read: Callable[[], datetime] | None = None) -> None:
        self._read = read

    def __call__(self) -> datetime:
        if self._read is None:
            raise TypeError("TestClock needs a function to read, or a subclass's __call__")
        return self._read()

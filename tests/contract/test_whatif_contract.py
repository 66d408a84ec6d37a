"""What-if on every store: the same answers as appending, nothing written, others free."""

from __future__ import annotations

from datetime import date

from factories import P, arrangement, formed, resolved
from govledger import Ledger, ResolutionRef

from .conftest import Backend

DAY = date(2021, 1, 1)


def test_what_if_writes_nothing_and_leaves_the_store_free(ledger: Ledger, backend: Backend) -> None:
    ledger.append(formed(), resolved("r1", DAY))
    head = ledger.head()
    change = arrangement(authority=(ResolutionRef.parse("r1(1)"),))
    view = ledger.what_if(change)
    with Ledger.open(backend.target) as other:  # another writer, while the view is open
        other.append(resolved("r2", DAY))
    assert view.state(P, DAY).arrangement("shared-ict") is not None
    assert view.state(P, DAY).resolution("r2") is None  # recorded after the view was made
    assert ledger.version(P) == 3 and ledger.head() != head
    ledger.append(change)
    assert ledger.state(P, DAY).arrangement("shared-ict") == view.state(P, DAY).arrangement(
        "shared-ict"
    )
    assert ledger.verify().ok

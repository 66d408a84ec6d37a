"""Every kind of event is worded for a reader, never by its class name."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from govledger.events import EVENT_TYPES
from govledger.testing.strategies import event_strategy
from govledger.wording import summarise


@pytest.mark.parametrize("kind", sorted(EVENT_TYPES))
@settings(max_examples=10)
@given(data=st.data())
def test_every_event_kind_has_words_of_its_own(kind: str, data: st.DataObject) -> None:
    event = data.draw(event_strategy(EVENT_TYPES[kind]))
    words = summarise(event)
    assert words.strip() and kind not in words

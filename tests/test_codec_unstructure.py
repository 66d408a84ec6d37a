"""The payloads the append writes without the converter are the converter's (issue 17)."""

from __future__ import annotations

import pytest
from hypothesis import given

from govledger._codec_unstructure import unstructurer
from govledger.codec import encode, encode_checked
from govledger.events import EVENT_TYPES, Event
from govledger.testing.strategies import events


@pytest.mark.parametrize("kind", sorted(EVENT_TYPES))
def test_every_event_kind_has_a_direct_unstructurer(kind: str) -> None:
    assert unstructurer(EVENT_TYPES[kind]) is not None


@given(event=events())
def test_events_of_a_history_are_written_as_the_converter_writes_them(event: Event) -> None:
    assert encode_checked(event) == encode(event)

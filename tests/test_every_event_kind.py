"""What every event kind, as the testing kit draws it, must do on the way in and out.

One event is drawn per example and per kind, and every property of the codec is asked
of it (issue 17): drawing an event is most of the cost, so asking each property of its
own draws would draw every event five times over. For each kind:

- it round-trips through canonical JSON with the validating decoder;
- the trusted decoder's builder exists for it and builds what the validating decoder
  builds, of the same class at every level, equal and hashing alike;
- the append's checker passes it as drawn, so it is stored without being decoded again,
  and the quick read-back check gives the checker's verdict;
- the append writes it without the converter, byte for byte as the converter would;
- it is worded for a reader, never by its class name.

The properties over damaged values and payloads stay in ``test_trusted.py``,
``test_codec_checks.py``, ``test_codec_unstructure.py`` and ``test_codec.py``.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govledger import codec_checks, trusted
from govledger.codec import decode, decode_trusted, encode, encode_checked
from govledger.events import EVENT_TYPES
from govledger.testing.strategies import event_strategy
from govledger.wording import summarise
from test_codec_checks import _verdicts
from test_trusted import _same


@pytest.mark.parametrize("kind", sorted(EVENT_TYPES))
@given(data=st.data())
def test_every_event_kind_as_drawn(kind: str, data: st.DataObject) -> None:
    event = data.draw(event_strategy(EVENT_TYPES[kind]))
    name, version, payload = encode(event)

    # canonical JSON, read back by the validating decoder
    assert name == kind
    checked = decode(name, version, payload)
    assert checked == event

    # the trusted decoder: its own builder, not a fallback to the validating path
    build = trusted.builder(EVENT_TYPES[kind])
    assert build is not None, f"{kind} has no trusted builder: it would decode slowly"
    fast = build(json.loads(payload))
    _same(fast, checked)
    _same(decode_trusted(name, version, payload), checked)
    assert fast == event
    assert hash(fast) == hash(checked)
    assert encode(fast) == (name, version, payload)

    # the append's checks: the event is stored without being decoded again
    check = codec_checks.checker(EVENT_TYPES[kind])
    assert check is not None
    check(event, kind)
    _same(checked, event)
    assert _verdicts(event) == (True, True)

    # the append's own writer gives the converter's bytes
    assert encode_checked(event) == (name, version, payload)

    # words for a reader, never the class name
    words = summarise(event)
    assert words.strip() and kind not in words

"""Every event round-trips through canonical JSON; bad payloads fail clearly."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from factories import arrangement, formed
from govledger import DecodeError, Event, codec, upcasters
from govledger.codec import canonical_json, decode, encode, from_json, register_upcaster, to_json
from govledger.events import EVENT_TYPES
from govledger.testing.strategies import event_strategy, events


@pytest.mark.parametrize("kind", sorted(EVENT_TYPES))
@given(data=st.data())
def test_every_event_kind_round_trips(kind: str, data: st.DataObject) -> None:
    event = data.draw(event_strategy(EVENT_TYPES[kind]))
    name, version, payload = encode(event)
    assert name == kind
    assert decode(name, version, payload) == event


@given(event=events())
def test_encoding_is_canonical(event: Event) -> None:
    _, _, payload = encode(event)
    assert payload == canonical_json(json.loads(payload))
    assert encode(event) == encode(decode(*encode(event)))


def test_dates_are_iso_and_keys_sorted() -> None:
    _, _, payload = encode(formed())
    data = json.loads(payload)
    assert data["effective"] == "2020-01-01"
    assert list(data) == sorted(data)


def test_self_describing_json_round_trips() -> None:
    event = formed()
    assert from_json(to_json(event)) == event


def test_unknown_type_is_a_clear_error() -> None:
    with pytest.raises(DecodeError, match="unknown event type 'PostExploded'"):
        decode("PostExploded", 1, "{}")


def test_newer_schema_version_is_refused() -> None:
    with pytest.raises(DecodeError, match="newer"):
        decode("PartnershipFormed", codec.SCHEMA_VERSION + 1, encode(formed())[2])


@pytest.mark.parametrize("payload", ["not json", "[1, 2]", '{"partnership": "alpha-beta"}', "{]"])
def test_malformed_payloads_raise_decode_error(payload: str) -> None:
    with pytest.raises(DecodeError):
        decode("PartnershipFormed", 1, payload)


def test_payload_with_invalid_values_raises_decode_error() -> None:
    _, _, payload = encode(formed())
    bad = payload.replace('"alpha-beta"', '"Not A Slug"')
    with pytest.raises(DecodeError, match="slug"):
        decode("PartnershipFormed", 1, bad)


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("members", "alpha", "members"),
        ("members", [{"council": "alpha", "name": "Alpha"}, 7], "members[1]"),
        ("services", ["ict", 7], "services"),
        ("services", "ict", "services"),
    ],
)
def test_a_list_field_holding_the_wrong_kind_is_refused_and_located(
    field: str, value: object, where: str
) -> None:
    event = formed() if field == "members" else arrangement()
    name, version, payload = encode(event)
    data = json.loads(payload)
    data[field] = value
    with pytest.raises(DecodeError, match=re.escape(where)):
        decode(name, version, json.dumps(data))


def test_extra_keys_are_refused() -> None:
    data = json.loads(encode(formed())[2])
    data["colour"] = "blue"
    with pytest.raises(DecodeError, match="extra"):
        decode("PartnershipFormed", 1, json.dumps(data))


def test_upcasters_bring_old_payloads_up_to_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codec, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(upcasters, "_UPCASTERS", {})
    old = json.loads(encode(formed())[2])
    old["title"] = old.pop("name")  # pretend version 1 called it "title"

    @register_upcaster("PartnershipFormed", 1)
    def _rename(payload: dict[str, Any]) -> dict[str, Any]:
        payload = dict(payload)
        payload["name"] = payload.pop("title")
        return payload

    assert decode("PartnershipFormed", 1, json.dumps(old)) == formed()


def test_missing_upcaster_says_how_to_fix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(codec, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(upcasters, "_UPCASTERS", {})
    with pytest.raises(DecodeError, match="register_upcaster"):
        decode("PartnershipFormed", 1, encode(formed())[2])


def test_effective_period_round_trips() -> None:
    from govledger import Period

    event = formed(effective=Period(latest=date(2018, 11, 30), words="autumn 2018"))
    assert decode(*encode(event)) == event

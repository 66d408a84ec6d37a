"""Every event round-trips through canonical JSON; bad payloads fail clearly."""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

import pytest
from hypothesis import given

from factories import arrangement, formed
from govledger import DecodeError, Event, InvalidEvent, codec, upcasters
from govledger.codec import (
    LEGACY_AGREEMENT_NOTE,
    canonical_json,
    decode,
    decode_trusted,
    encode,
    from_json,
    register_upcaster,
    to_json,
)
from govledger.events import EVENT_TYPES, EntryRetracted, NotOnRecord, PartnershipFormed
from govledger.testing.strategies import events
from govledger.upcasters import UPCASTERS, Upcaster, Upcasters, default_upcasters


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


def _renamed_v1(event: PartnershipFormed | None = None) -> dict[str, Any]:
    """A PartnershipFormed payload as a made-up version 1 wrote it: ``title``, not ``name``."""
    old: dict[str, Any] = json.loads(encode(event or formed())[2])
    old["title"] = old.pop("name")
    return old


def _title_to_name(payload: dict[str, Any]) -> dict[str, Any]:
    payload = dict(payload)
    payload["name"] = payload.pop("title")
    return payload


def test_an_upcasters_value_passed_in_brings_old_payloads_up_to_date() -> None:
    mine = Upcasters({("PartnershipFormed", 1): _title_to_name})
    written = {"type": "PartnershipFormed", "schema_version": 1, "event": _renamed_v1()}

    assert decode("PartnershipFormed", 1, json.dumps(_renamed_v1()), upcasters=mine) == formed()
    assert decode_trusted("PartnershipFormed", 1, json.dumps(_renamed_v1()), upcasters=mine) == (
        formed()
    )
    assert from_json(json.dumps(written), upcasters=mine) == formed()


def test_passing_upcasters_changes_nothing_for_anyone_else() -> None:
    mine = UPCASTERS.with_step("PartnershipFormed", 1, _title_to_name)

    assert decode("PartnershipFormed", 1, _renamed_v1(), upcasters=mine) == formed()
    assert default_upcasters() is UPCASTERS
    with pytest.raises(DecodeError, match="title"):  # the default knows no such rename
        decode("PartnershipFormed", 1, _renamed_v1())


def test_a_second_step_for_one_version_runs_after_the_first() -> None:
    calls: list[str] = []

    def step(name: str) -> Upcaster:
        def record(payload: dict[str, Any]) -> dict[str, Any]:
            calls.append(name)
            return payload

        return record

    both = Upcasters().with_step("PartnershipFormed", 1, step("first"))
    both = both.with_step("PartnershipFormed", 1, step("second"))

    assert decode("PartnershipFormed", 1, encode(formed())[2], upcasters=both) == formed()
    assert calls == ["first", "second"]


def test_a_retractions_replacement_is_brought_up_by_its_own_types_step() -> None:
    retraction = EntryRetracted(
        partnership=formed().partnership,
        effective=date(2020, 2, 1),
        retracts=1,
        reason="the name was misspelt",
        authorised_by=formed().authorised_by,
        replacement=formed(),
    )
    old = json.loads(encode(retraction)[2])
    old["replacement"]["event"] = _renamed_v1()
    mine = Upcasters({("EntryRetracted", 1): lambda p: p, ("PartnershipFormed", 1): _title_to_name})

    assert decode("EntryRetracted", 1, json.dumps(old), upcasters=mine) == retraction


def test_a_schema_1_retraction_reads_its_replacement_with_the_legacy_caveat() -> None:
    change = arrangement(not_on_record=())
    retraction = EntryRetracted(
        partnership=change.partnership,
        effective=date(2020, 2, 1),
        retracts=3,
        reason="the services were wrong",
        authorised_by=change.authorised_by,
        replacement=change,
    )

    old = decode("EntryRetracted", 1, encode(retraction)[2])

    assert isinstance(old, EntryRetracted) and old.replacement is not None
    assert old.replacement.not_on_record == (  # type: ignore[union-attr]
        NotOnRecord(council=None, note=LEGACY_AGREEMENT_NOTE),
    )


def test_the_default_upcasters_read_schema_1_of_every_event_type() -> None:
    assert set(UPCASTERS.steps) == {(name, 1) for name in EVENT_TYPES}


def test_missing_upcaster_says_how_to_fix() -> None:
    with pytest.raises(DecodeError, match="no upcaster to version 2; pass decode an Upcasters"):
        decode("PartnershipFormed", 1, encode(formed())[2], upcasters=Upcasters())


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (("PartnershipFormd", 1), "unknown event type 'PartnershipFormd'"),
        (("PartnershipFormed", 2), "between 1 and 1 .* not 2"),
        (("PartnershipFormed", 0), "between 1 and 1 .* not 0"),
    ],
)
def test_a_step_is_for_a_known_type_and_an_older_version(
    key: tuple[str, int], message: str
) -> None:
    with pytest.raises(InvalidEvent, match=message):
        Upcasters({key: _title_to_name})
    with pytest.raises(InvalidEvent, match=message):
        UPCASTERS.with_step(*key, _title_to_name)


def test_register_upcaster_still_adds_a_step_to_the_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(upcasters, "_default", UPCASTERS)  # put back after the test

    @register_upcaster("PartnershipFormed", 1)
    def _rename(payload: dict[str, Any]) -> dict[str, Any]:
        return _title_to_name(payload)

    assert decode("PartnershipFormed", 1, json.dumps(_renamed_v1())) == formed()
    assert (
        UPCASTERS.steps[("PartnershipFormed", 1)]
        is not default_upcasters().steps[("PartnershipFormed", 1)]
    )


def test_effective_period_round_trips() -> None:
    from govledger import Period

    event = formed(effective=Period(latest=date(2018, 11, 30), words="autumn 2018"))
    assert decode(*encode(event)) == event


def test_a_string_where_a_list_of_objects_belongs_is_refused_in_one_line() -> None:
    payload = {
        "partnership": "adc-bbc",
        "effective": "2020-01-01",
        "authorised_by": [{"type": "citation", "document": "Agreement"}],
        "arrangement": "adc-bbc-ict",
        "name": "Shared ICT",
        "services": ["ict"],
        "mechanism": "joint_management",
        "not_on_record": "the other council's decision is not on record",
    }

    with pytest.raises(DecodeError) as refused:
        decode("ArrangementEstablished", 2, payload)

    message = str(refused.value)
    assert message.count("not_on_record") == 1
    assert f"$.not_on_record[0..{len(payload['not_on_record']) - 1}]" in message
    assert "give a JSON array of objects" in message

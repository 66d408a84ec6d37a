"""The trusted decoder builds what the validating one builds; C JSON writes the same bytes."""

from __future__ import annotations

import json
from datetime import date
from enum import Enum
from typing import Any

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from factories import formed
from govledger import DecodeError, Event, GovLedgerError, codec, codec_checks, trusted
from govledger.codec import canonical_json, decode, decode_trusted, encode
from govledger.events import (
    EVENT_TYPES,
    ResolutionPassed,
    ResolutionRef,
    StatutoryRole,
    StatutoryRoleDesignated,
)
from govledger.store import chain as store_chain
from govledger.testing.strategies import event_strategy, events


def _same(left: Any, right: Any, path: str = "event") -> None:
    """Equal, and of the same class at every level (a StrEnum equals its text)."""
    assert type(left) is type(right), f"{path}: {type(left).__name__} vs {type(right).__name__}"
    if attrs.has(type(left)):
        for field in attrs.fields(type(left)):
            _same(getattr(left, field.name), getattr(right, field.name), f"{path}.{field.name}")
    elif isinstance(left, tuple):
        assert len(left) == len(right), path
        for index, (a, b) in enumerate(zip(left, right, strict=True)):
            _same(a, b, f"{path}[{index}]")
    else:
        assert left == right, path
        if isinstance(left, Enum):
            assert left is right, path


@given(event=events())
def test_every_field_but_the_omitted_ones_is_always_written(event: Event) -> None:
    # the builders read every other field without asking whether it is there (nested
    # objects are covered by building each kind's payloads directly, above)
    cls = type(event)
    written = set(json.loads(encode(event)[2]))
    always = {field.name for field in attrs.fields(cls)} - trusted.omitted_when_default(cls)

    assert always <= written
    assert written <= {field.name for field in attrs.fields(cls)}


@given(event=events(), data=st.data())
def test_a_payload_lacking_a_defaulted_field_reads_as_the_validating_decoder_reads_it(
    event: Event, data: st.DataObject
) -> None:
    name, version, payload = encode(event)
    written = json.loads(payload)
    defaulted = sorted(
        field.name
        for field in attrs.fields(type(event))
        if field.default is not attrs.NOTHING and field.name in written
    )
    if not defaulted:
        return
    left_out = data.draw(st.sampled_from(defaulted))
    del written[left_out]  # as an older writer of this schema might have left it out
    shorter = json.dumps(written)
    try:
        read = decode(name, version, shorter)
    except DecodeError:
        # leaving it out broke a rule across fields (a designation names its post or its
        # person): no writer stored such a row, so the trusted decoder has none to match
        assume(False)

    _same(decode_trusted(name, version, shorter), read)


@given(event=events())
def test_payloads_written_with_orjson_are_the_canonical_bytes(event: Event) -> None:
    _, _, payload = encode(event)
    data = json.loads(payload)

    assert payload == canonical_json(data)
    assert codec._payload_json(data) == canonical_json(data)


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@given(data=st.dictionaries(st.text(), _JSON, max_size=6))
def test_any_payload_shaped_object_is_written_as_canonical_json(data: dict[str, Any]) -> None:
    assert codec._payload_json(data) == canonical_json(data)


@given(text=st.text())
def test_parsing_gives_what_the_standard_library_gives(text: str) -> None:
    written = json.dumps({"t": text, "n": [2**70, -1]})

    assert codec._loads(written) == json.loads(written)


@pytest.mark.parametrize(
    "payload",
    [
        '{"partnership": "alpha-beta"}',  # missing fields
        "[1, 2]",  # not an object
        "not json",
    ],
)
def test_a_payload_of_another_shape_takes_the_validating_path(payload: str) -> None:
    _refused_alike("PartnershipFormed", payload)


def _refused_alike(kind: str, payload: str) -> None:
    """Both decoders refuse *payload*, with the validating decoder's message."""
    with pytest.raises(DecodeError) as trusted_error:
        decode_trusted(kind, 1, payload)
    with pytest.raises(DecodeError) as validating_error:
        decode(kind, 1, payload)

    assert str(trusted_error.value) == str(validating_error.value)


def test_an_extra_key_is_refused_as_the_validating_decoder_refuses_it() -> None:
    _, version, payload = encode(formed())
    extra = json.dumps({**json.loads(payload), "surplus": 1})

    with pytest.raises(DecodeError, match="surplus"):
        decode_trusted("PartnershipFormed", version, extra)


def _formed_payload(change: Any) -> str:
    """The payload of :func:`formed`, changed in place by *change*."""
    data = json.loads(encode(formed())[2])
    change(data)
    return json.dumps(data)


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d.update(effective=None),  # a day that must be there
        lambda d: d.update(effective=20200401),  # neither a day nor a period
        lambda d: d["authorised_by"][0].update(type="minutes"),  # a tag of no class
        lambda d: d["authorised_by"][0].pop("type"),  # no tag at all
        lambda d: d["authorised_by"][0].update(surplus=1),  # a key a nested object lacks
    ],
    ids=["null-day", "number-day", "unknown-tag", "no-tag", "nested-extra-key"],
)
def test_a_nested_value_of_another_shape_takes_the_validating_path(change: Any) -> None:
    payload = _formed_payload(change)
    build = trusted.builder(EVENT_TYPES["PartnershipFormed"])
    assert build is not None

    with pytest.raises(Exception):  # noqa: B017, PT011  (the builder's own refusal)
        build(json.loads(payload))
    _refused_alike("PartnershipFormed", payload)


def _designated() -> StatutoryRoleDesignated:
    """A designation of a role that names no statutory role."""
    return StatutoryRoleDesignated(
        partnership="bdc",
        effective=date(2020, 1, 1),
        authorised_by=(ResolutionRef(resolution="bdc-1"),),
        council="bdc",
        role="Deputy Returning Officer",
        post="democratic-services",
    )


@pytest.mark.parametrize(
    ("written", "role"),
    [
        ("head_of_paid_service", StatutoryRole.HEAD_OF_PAID_SERVICE),
        ("MONITORING_OFFICER", StatutoryRole.MONITORING_OFFICER),
        ("Chief Finance Officer", StatutoryRole.CHIEF_FINANCE_OFFICER),
        ("Section 151 Officer", StatutoryRole.CHIEF_FINANCE_OFFICER),
        ("  Deputy Returning Officer ", "Deputy Returning Officer"),
        ("Head of Paid Service (interim)", "Head of Paid Service (interim)"),
    ],
)
def test_a_stored_role_reads_back_as_the_statutory_role_it_names_or_as_its_text(
    written: str, role: object
) -> None:
    designated = _designated()
    name, version, payload = encode(designated)
    stored = json.dumps({**json.loads(payload), "role": written})

    for read in (decode_trusted(name, version, stored), decode(name, version, stored)):
        assert isinstance(read, StatutoryRoleDesignated)
        assert read.role == role
        assert type(read.role) is type(role)


def test_unknown_types_and_newer_versions_are_refused_by_the_validating_path() -> None:
    _, _, payload = encode(formed())

    with pytest.raises(DecodeError, match="unknown event type"):
        decode_trusted("NoSuchEvent", 1, payload)
    with pytest.raises(DecodeError, match="newer than"):
        decode_trusted("PartnershipFormed", codec.SCHEMA_VERSION + 1, payload)


def _slots(value: Any) -> list[tuple[Any, str, Any]]:
    """Every (object, field, value) in *value*'s tree of attrs objects."""
    found: list[tuple[Any, str, Any]] = []
    if attrs.has(type(value)):
        for field in attrs.fields(type(value)):
            inner = getattr(value, field.name)
            found.append((value, field.name, inner))
            found.extend(_slots(inner))
    elif isinstance(value, tuple):
        for inner in value:
            found.extend(_slots(inner))
    return found


@given(event=events(), data=st.data())
def test_a_value_the_decoder_would_not_build_is_found_anywhere_in_the_event(
    event: Event, data: st.DataObject
) -> None:
    changeable = [
        (owner, name, value)
        for owner, name, value in _slots(event)
        if (isinstance(value, tuple) and value) or isinstance(value, Enum)
    ]
    if not changeable:
        return
    owner, name, value = data.draw(st.sampled_from(changeable))
    wrong = list(value) if isinstance(value, tuple) else value.value
    object.__setattr__(owner, name, wrong)  # behind the validators' back
    check = codec_checks.checker(type(event))
    assert check is not None

    with pytest.raises((codec_checks.NotAsDecoded, GovLedgerError)):
        check(event, "event")


@pytest.mark.parametrize(
    ("held", "reads_back"),
    [
        ("head_of_paid_service", StatutoryRole.HEAD_OF_PAID_SERVICE),
        ("Monitoring Officer", StatutoryRole.MONITORING_OFFICER),
        ("  Deputy Returning Officer ", "Deputy Returning Officer"),
    ],
)
def test_a_value_its_converter_would_change_is_refused(held: str, reads_back: object) -> None:
    designated = _designated()
    check = codec_checks.checker(StatutoryRoleDesignated)
    assert check is not None
    check(designated, "event")  # free text that names no statutory role is held as given

    object.__setattr__(designated, "role", held)  # behind the converter's back

    read_back = decode(*encode(designated))
    assert isinstance(read_back, StatutoryRoleDesignated)
    assert read_back.role == reads_back  # so it would not read back as itself
    with pytest.raises(codec_checks.NotAsDecoded, match=r"event\.role holds"):
        check(designated, "event")


@given(
    position=st.integers(min_value=1, max_value=2**62),
    texts=st.lists(st.text(), min_size=5, max_size=5),
    version=st.integers(min_value=1, max_value=9),
)
def test_sealed_bytes_written_with_orjson_are_the_standard_librarys(
    position: int, texts: list[str], version: int
) -> None:
    fields: list[object] = [position, texts[0], texts[1], version, *texts[2:]]
    expected = json.dumps(fields, separators=(",", ":"), ensure_ascii=False).encode("utf-8")

    assert store_chain._compact(fields) == expected
    assert store_chain.canonical_fields(*fields) == expected


@given(event_strategy(ResolutionPassed))
def test_a_part_reference_made_without_validators_is_the_validated_one(
    resolution: ResolutionPassed,
) -> None:
    for path, _ in ((), None), *resolution.walk():
        made = trusted.part_ref(resolution.resolution, path)
        checked = ResolutionRef(resolution=resolution.resolution, part=path)
        _same(made, checked)
        assert made == checked and hash(made) == hash(checked)
        assert repr(made) == repr(checked) and str(made) == str(checked)

"""The append's quick read-back check gives the checker's verdict (issue 17).

``codec_checks.quick`` walks an event as ``codec_checks.checker`` does, without building a
path for every value: it must pass exactly the events the checker passes, whatever was
changed behind their validators' back.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from govledger import GovLedgerError, codec_checks
from govledger.codec_checks import quick
from govledger.testing.strategies import events
from test_trusted import _designated, _slots


def _verdicts(event: Any) -> tuple[bool, bool]:
    """Whether the checker, and whether the quick check, pass *event*."""
    check = codec_checks.checker(type(event))
    fast = quick(type(event))
    assert check is not None and fast is not None
    try:
        check(event, "event")
    except (codec_checks.NotAsDecoded, GovLedgerError, TypeError, AttributeError, ValueError):
        checked = False
    else:
        checked = True
    try:
        fast(event)
    except Exception:
        quickly = False
    else:
        quickly = True
    return checked, quickly


def _wrong_values(value: Any) -> list[Any]:
    """Values of the wrong shape or content for a field holding *value*."""
    found: list[Any] = [None, 7, "", "Not A Slug", "\x00", " ", ["x"], object()]
    if isinstance(value, tuple):
        found += [list(value), value[:0], value + value, (None,), ("x",)]
    if isinstance(value, Enum):
        found.append(value.value)
    if isinstance(value, date):
        found += [datetime(value.year, value.month, value.day), date(1, 1, 1), str(value)]
    if isinstance(value, str):
        found += [value.upper(), value + " ", f"{value}\x00", value * 2000]
    return found


@given(event=events(), data=st.data())
def test_a_value_changed_behind_the_validators_back_gets_the_same_verdict(
    event: Any, data: st.DataObject
) -> None:
    """Any field anywhere in the event set to any of a range of wrong (and some right)
    values: the quick check refuses exactly what the checker refuses."""
    slots = _slots(event)
    for _ in range(data.draw(st.integers(min_value=1, max_value=3))):
        owner, name, value = data.draw(st.sampled_from(slots))
        wrong = data.draw(st.sampled_from(_wrong_values(value)))
        object.__setattr__(owner, name, wrong)

    checked, quickly = _verdicts(event)

    assert quickly == checked


def test_a_value_its_converter_would_change_is_refused_by_both() -> None:
    designated = _designated()
    assert _verdicts(designated) == (True, True)

    object.__setattr__(designated, "role", "Monitoring Officer")  # the converter's enum

    assert _verdicts(designated) == (False, False)

"""The field checks for a ``DateSpec``: a valid day, or a :class:`~govledger.events.Period`."""

from __future__ import annotations

from typing import Any

import attrs

from ._validators import (
    _check_day,
)
from .dates import Period


def _date_spec(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if isinstance(value, Period):
        return
    _check_day(inst, attribute.name, value)


def _optional_date_spec(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _date_spec(inst, attribute, value)

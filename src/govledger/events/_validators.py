"""Field checks shared by the catalogue's values and events: slugs, text, days, tuples.

Each check is an attrs validator (or builds one) and raises
:class:`~govledger.errors.InvalidEvent` naming the class and the field. None of them
knows a class of the catalogue; the check for a date or a
:class:`~govledger.events.Period` is in ``_dated``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from datetime import date
from enum import Enum
from typing import Any

import attrs

from .. import _enums
from ..errors import InvalidEvent

_SLUG = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")


_MAX_LABEL = 60


_MAX_SLUG = 120


_MAX_TEXT = 20_000


_FIRST_YEAR = 1800


_LAST_YEAR = 2200


# --------------------------------------------------------------------------- validators


def _fail(inst: object, name: str, problem: str) -> InvalidEvent:
    return InvalidEvent(f"{type(inst).__name__}.{name} {problem}")


def _slug(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise _fail(inst, attribute.name, f"must be a slug string, not {type(value).__name__}")
    if not value or len(value) > _MAX_SLUG or not _SLUG.fullmatch(value):
        raise _fail(
            inst,
            attribute.name,
            f"must be a readable slug such as 'cdc-occ' (lower-case letters and digits "
            f"joined by '-', '_' or '.', at most {_MAX_SLUG} characters), not {value!r}",
        )


def _optional_slug(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _slug(inst, attribute, value)


def _blank(value: str) -> bool:
    """Whether *value* holds nothing visible: only white space (including Unicode space
    separators, category Zs) and format characters (category Cf, such as U+200B)."""
    if value[:1].isalnum():  # the common case: a letter or digit first is visible
        return False
    return all(char.isspace() or unicodedata.category(char) in ("Zs", "Cf") for char in value)


def _text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, str):
        raise _fail(inst, attribute.name, f"must be text, not {type(value).__name__}")
    if _blank(value):
        raise _fail(
            inst,
            attribute.name,
            "must not be empty or blank (spaces and invisible format characters such as "
            "zero-width spaces do not count as text)",
        )
    if len(value) > _MAX_TEXT:
        raise _fail(inst, attribute.name, f"is longer than {_MAX_TEXT} characters")
    if "\x00" in value:
        raise _fail(inst, attribute.name, "contains a NUL character")


def _optional_text(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _text(inst, attribute, value)


def _check_day(inst: object, name: str, value: object) -> None:
    if not isinstance(value, date) or type(value).__name__ == "datetime":
        raise _fail(inst, name, f"must be a datetime.date, not {type(value).__name__}")
    if not _FIRST_YEAR <= value.year <= _LAST_YEAR:
        raise _fail(inst, name, f"is {value.isoformat()}, outside {_FIRST_YEAR}-{_LAST_YEAR}")


def _day(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _check_day(inst, attribute.name, value)


def _optional_day(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_day(inst, attribute.name, value)


def _instance(
    kind: type | tuple[type, ...],
) -> Callable[[object, attrs.Attribute[Any], object], None]:
    if isinstance(kind, type) and issubclass(kind, Enum):
        return _enums.validator(kind, _fail)

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, kind):
            names = (
                " or ".join(k.__name__ for k in kind) if isinstance(kind, tuple) else kind.__name__
            )
            raise _fail(inst, attribute.name, f"must be {names}, not {type(value).__name__}")

    return check


def _items(kind: type | tuple[type, ...]) -> Callable[[object, attrs.Attribute[Any], object], None]:
    check_one = _instance(kind)

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if not isinstance(value, tuple):
            raise _fail(inst, attribute.name, f"must be a tuple, not {type(value).__name__}")
        for item in value:
            check_one(inst, attribute, item)

    return check


def _distinct_items(kind: type, key: str) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """A tuple of *kind* instances in which no two have the same *key* attribute."""
    check_items = _items(kind)

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        check_items(inst, attribute, value)
        keys = [getattr(item, key) for item in value]  # type: ignore[attr-defined]  # a tuple
        if len(set(keys)) != len(keys):
            raise _fail(inst, attribute.name, f"repeats a {key}: {keys!r}")

    return check


def _slugs(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise _fail(inst, attribute.name, f"must be a tuple, not {type(value).__name__}")
    for item in value:
        _slug(inst, attribute, item)
    if len(set(value)) != len(value):
        raise _fail(inst, attribute.name, f"repeats an id: {value!r}")


def _texts(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise _fail(inst, attribute.name, f"must be a tuple, not {type(value).__name__}")
    for item in value:
        _text(inst, attribute, item)


def _non_empty(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not value:
        raise _fail(inst, attribute.name, "must name at least one item")


def _count(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise _fail(inst, attribute.name, f"must be a whole number, not {type(value).__name__}")
    if value < 0:
        raise _fail(inst, attribute.name, f"must not be negative (got {value})")
    if value > 1_000_000:
        raise _fail(inst, attribute.name, f"is implausibly large ({value})")


def _to_tuple(value: Iterable[Any]) -> tuple[Any, ...]:
    """Accept any iterable for a collection field; store it as a tuple."""
    if isinstance(value, str | bytes):
        return (value,)
    try:
        return tuple(value)
    except TypeError:
        return value  # type: ignore[return-value]  # the validator reports it


def _check_label(inst: object, name: str, number: object) -> None:
    if not isinstance(number, str) or not number.strip():
        raise _fail(
            inst,
            name,
            f"has {number!r}; a part label is the text the record prints, such as "
            "'2', 'a', 'iv' or '2.2 (a)'",
        )
    if len(number) > _MAX_LABEL or "\x00" in number or "\n" in number:
        raise _fail(
            inst,
            name,
            f"has {number[:80]!r}; a part label is one line of at most {_MAX_LABEL} characters",
        )

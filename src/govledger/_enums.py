"""Enumeration values given as text: accepted by value or name, refused with the valid list.

``Mechanism("s113_agreement")``, ``Mechanism("S113_AGREEMENT")`` and the same with any
capitalisation all give ``Mechanism.S113_AGREEMENT``; anything else raises a
``ValueError`` that lists every valid value (and the closest, when one is close).
An event field typed with an enumeration accepts the same strings.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from enum import Enum
from typing import Any, TypeVar

import attrs

__all__ = ["choices", "install", "lookup", "problem", "validator"]

_E = TypeVar("_E", bound=Enum)


def lookup(kind: type[_E], value: object) -> _E | None:
    """The member of *kind* whose value or name is *value* (any case), or ``None``."""
    if isinstance(value, kind):
        return value
    if not isinstance(value, str):
        return None
    text = value.strip()
    folded = text.casefold()
    for member in kind:
        if text in (member.value, member.name):
            return member
    for member in kind:
        if folded in (str(member.value).casefold(), member.name.casefold()):
            return member
    return None


def problem(kind: type[Enum], value: object) -> str:
    """Why *value* is not a member of *kind*: ``"'s113' is not a Mechanism: use one of ..."``."""
    return f"{value!r} is not a {kind.__name__}: {choices(kind, value)}"


def choices(kind: type[Enum], value: object) -> str:
    """The valid values of *kind*, and the closest to *value* when one is close."""
    values = [str(member.value) for member in kind]
    listed = ", ".join(repr(v) for v in values)
    text = value.strip().casefold() if isinstance(value, str) else ""
    starting = [v for v in values if text and v.casefold().startswith(text)]
    import difflib  # only a mistake needs suggestions

    close = starting or difflib.get_close_matches(text, values, n=1, cutoff=0.5)
    hint = f"; did you mean {close[0]!r}?" if len(close) == 1 else ""
    example = f"{kind.__name__}.{next(iter(kind)).name}"
    return f"use one of {listed} (or a member, such as {example}){hint}"


def _missing(cls: type[Enum], value: object) -> Enum:
    found = lookup(cls, value)
    if found is None:
        raise ValueError(problem(cls, value))
    return found


def install(namespace: Mapping[str, object], module: str) -> None:
    """Let every enumeration defined in *module* be called with a value or a name."""
    for value in list(namespace.values()):
        if isinstance(value, type) and issubclass(value, Enum) and value.__module__ == module:
            setattr(value, "_missing_", classmethod(_missing))  # noqa: B010


def validator(
    kind: type[Enum], fail: Callable[[object, str, str], Exception]
) -> Callable[[object, attrs.Attribute[Any], object], None]:
    """An attrs validator: a member of *kind*, or its value or name as text (then stored
    as the member); anything else raises ``fail(instance, field, problem)``."""

    def check(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
        found = lookup(kind, value)
        if found is None:
            raise fail(
                inst,
                attribute.name,
                f"must be a {kind.__name__}, not {value!r}: {choices(kind, value)}",
            )
        if found is value:
            return
        if getattr(inst, attribute.name, None) is not value:  # an item of a tuple field
            raise fail(inst, attribute.name, f"must hold {kind.__name__} members, not {value!r}")
        object.__setattr__(inst, attribute.name, found)  # text given: keep the member

    return check

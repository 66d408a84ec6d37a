"""Saved folds (checkpoints) as data that executes nothing when read.

A checkpoint holds a :class:`~govledger.projections.Fold`: dictionaries, sets and
tuples of govledger's own frozen event and state classes, dates, fractions and enums.
:func:`dump` writes it as compact JSON in which every container carries a one-letter
tag, then compresses it with zlib; :func:`load` reads it back by building only the
classes of :mod:`govledger.events` and :mod:`govledger.projections`, by name, setting
their fields directly. Nothing in the bytes can name a function, a module or any other
class, so a tampered checkpoint can at worst be refused (or, if it is well formed,
hold a wrong fold: that is what the chain binding and ``verify(deep=True)`` are for).

The encoding, by example (each list's first item is its tag)::

    ["d", key, value, ...]   dict (insertion order kept)
    ["l", ...] / ["t", ...]  list / tuple
    ["s", ...] / ["f", ...]  set / frozenset (items in a canonical order)
    ["D", "2021-05-01"]      date
    ["Q", 1, 3]              Fraction
    ["E", "e.Outcome", "adopted"]          an enum of events (e.) or projections (p.)
    ["A", "p.Membership", field, ...]      an attrs instance, its fields in order

The same fold always gives the same bytes, so a checkpoint can be compared with a
fresh fold of the same entries byte for byte (``verify(deep=True)`` does).
"""

from __future__ import annotations

import enum
import hashlib
import importlib
import json
import pkgutil
import zlib
from datetime import date
from fractions import Fraction
from types import ModuleType
from typing import Any, Final

import attrs

from .. import events, projections
from ..projections import Fold

__all__ = ["FOLD_FORMAT", "SnapshotError", "dump", "dump_json", "load", "unpack"]

#: Bump when the meaning of a fold's attributes changes without their shape changing.
#: 4: the layout refactor (issue 14) moved every class a checkpoint names; checkpoints
#: written before it are dropped on open, never read.
_REVISION = 4
#: The largest decompressed checkpoint read back (a zip bomb is refused, not inflated).
_MAX_JSON_BYTES: Final = 1 << 30


class SnapshotError(ValueError):
    """A fold cannot be written as a checkpoint, or bytes are not a checkpoint."""


def _modules(package: ModuleType) -> list[ModuleType]:
    """*package* and, if it is a package, every module inside it (imported)."""
    found = [package]
    path = getattr(package, "__path__", None)
    if path is not None:
        for info in pkgutil.walk_packages(path, f"{package.__name__}."):
            found.append(importlib.import_module(info.name))
    return found


def _classes() -> dict[str, type]:
    """Every attrs class and enum of :mod:`govledger.events` and
    :mod:`govledger.projections`, by ``e.`` or ``p.`` and its class name.

    The module a class is defined in never reaches the bytes: a class moved to another
    module of its package (as the layout refactor moved them) is read back the same.
    """
    found: dict[str, type] = {}
    for prefix, package in (("e", events), ("p", projections)):
        for module in _modules(package):
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and value.__module__ == module.__name__
                    and (attrs.has(value) or issubclass(value, enum.Enum))
                ):
                    name = f"{prefix}.{value.__name__}"
                    if found.setdefault(name, value) is not value:
                        raise SnapshotError(f"two classes are named {name}: rename one")
    return found


_BY_NAME: Final = _classes()
_NAMES: Final = {cls: name for name, cls in _BY_NAME.items()}
_FIELDS: Final[dict[type, tuple[str, ...]]] = {
    cls: tuple(field.name for field in attrs.fields(cls))
    for cls in _BY_NAME.values()
    if attrs.has(cls)
}


def _fold_format() -> str:
    """A tag that changes whenever a saved fold could be read wrongly by this code."""
    shape = {
        "fold": sorted(vars(Fold("shape"))),
        "classes": {name: list(_FIELDS.get(cls, ())) for name, cls in sorted(_BY_NAME.items())},
    }
    text = json.dumps([_REVISION, shape], sort_keys=True)
    return "json-zlib:" + hashlib.sha256(text.encode()).hexdigest()[:16]


#: The format tag of the checkpoints this release writes and reads.
FOLD_FORMAT: Final = _fold_format()


def _encode(value: object) -> object:
    kind = type(value)
    if value is None or kind in (str, int, bool):
        return value
    if kind is dict:
        out: list[object] = ["d"]
        for key, item in value.items():  # type: ignore[attr-defined]
            out.append(_encode(key))
            out.append(_encode(item))
        return out
    if kind is list:
        return ["l", *(_encode(item) for item in value)]  # type: ignore[attr-defined]
    if kind is tuple:
        return ["t", *(_encode(item) for item in value)]  # type: ignore[attr-defined]
    if kind is set or kind is frozenset:
        items = sorted(
            (_encode(item) for item in value),  # type: ignore[attr-defined]
            key=lambda item: json.dumps(item, separators=(",", ":"), ensure_ascii=False),
        )
        return ["s" if kind is set else "f", *items]
    if kind is date:
        return ["D", value.isoformat()]  # type: ignore[attr-defined]
    if kind is Fraction:
        return ["Q", value.numerator, value.denominator]  # type: ignore[attr-defined]
    name = _NAMES.get(kind)
    if name is not None:
        if isinstance(value, enum.Enum):
            return ["E", name, _encode(value.value)]
        return ["A", name, *(_encode(getattr(value, field)) for field in _FIELDS[kind])]
    raise SnapshotError(f"a checkpoint cannot hold a {kind.__module__}.{kind.__qualname__}")


def dump_json(fold: Fold) -> bytes:
    """The canonical JSON of *fold* (before compression); see the module docstring."""
    if type(fold) is not Fold:
        raise SnapshotError(f"only a Fold can be saved, not a {type(fold).__name__}")
    state = _encode(dict(vars(fold)))
    return json.dumps(state, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def dump(fold: Fold) -> bytes:
    """*fold* as checkpoint bytes: :func:`dump_json`, compressed."""
    return zlib.compress(dump_json(fold), 6)


def unpack(data: bytes) -> bytes:
    """The JSON inside checkpoint bytes; :class:`SnapshotError` if they are not that."""
    try:
        inflater = zlib.decompressobj()
        text = inflater.decompress(data, _MAX_JSON_BYTES)
    except zlib.error as exc:
        raise SnapshotError(f"not a compressed checkpoint ({exc})") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise SnapshotError("a checkpoint's bytes are cut short, or too large to read")
    return text


def _decode(value: object) -> Any:
    if not isinstance(value, list):
        if value is None or type(value) in (str, int, bool):
            return value
        raise SnapshotError(f"a checkpoint cannot hold {type(value).__name__} {value!r}")
    if not value or not isinstance(value[0], str):
        raise SnapshotError("a checkpoint's container has no tag")
    tag, items = value[0], value[1:]
    if tag == "d":
        if len(items) % 2:
            raise SnapshotError("a checkpoint's dict has a key without a value")
        return {_decode(items[i]): _decode(items[i + 1]) for i in range(0, len(items), 2)}
    if tag == "l":
        return [_decode(item) for item in items]
    if tag == "t":
        return tuple(_decode(item) for item in items)
    if tag == "s":
        return {_decode(item) for item in items}
    if tag == "f":
        return frozenset(_decode(item) for item in items)
    if tag == "D" and len(items) == 1 and isinstance(items[0], str):
        return date.fromisoformat(items[0])
    if tag == "Q" and len(items) == 2 and all(type(item) is int for item in items):
        return Fraction(items[0], items[1])
    if tag in ("E", "A") and items and isinstance(items[0], str):
        cls = _BY_NAME.get(items[0])
        if cls is None:
            raise SnapshotError(f"a checkpoint names no govledger class {items[0]!r}")
        if tag == "E" and issubclass(cls, enum.Enum) and len(items) == 2:
            return cls(_decode(items[1]))
        names = _FIELDS.get(cls)
        if tag == "A" and names is not None and len(items) == len(names) + 1:
            instance: object = object.__new__(cls)
            for name, item in zip(names, items[1:], strict=True):
                object.__setattr__(instance, name, _decode(item))
            return instance
    raise SnapshotError(f"a checkpoint holds a malformed {tag!r} value")


def load(data: bytes, partnership: str) -> Fold:
    """The fold saved as *data* for *partnership*; :class:`SnapshotError` if it is not one."""
    try:
        state = _decode(json.loads(unpack(data)))
    except (ValueError, TypeError, RecursionError) as exc:
        if isinstance(exc, SnapshotError):
            raise
        raise SnapshotError(f"not a checkpoint ({type(exc).__name__}: {exc})") from None
    fold = Fold(partnership)
    expected = set(vars(fold))
    if not isinstance(state, dict) or set(state) != expected:
        raise SnapshotError("a checkpoint's fold does not have this release's attributes")
    if state.get("partnership") != partnership:
        raise SnapshotError("a checkpoint of another partnership")
    vars(fold).update(state)
    return fold

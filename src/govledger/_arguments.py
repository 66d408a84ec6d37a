"""Constructors that say what was wrong with their arguments.

A misspelt, missing or positional argument to an attrs class raises Python's bare
``TypeError`` from the generated ``__init__`` ("got an unexpected keyword argument"),
which says neither which fields the class has nor how to give them. :func:`explained`
wraps a class's ``__init__`` so that such a call raises
:class:`~govledger.errors.InvalidEvent` instead, naming the wrong or missing
arguments, the near matches and every field the class takes. Errors raised inside the
constructor (a validator's own) pass through unchanged.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from .errors import InvalidEvent

__all__ = ["explained"]

_MARK = "_govledger_explained"


def explained(cls: type) -> None:
    """Make *cls*'s constructor explain a call with wrong arguments (once per class)."""
    init: Callable[..., None] = cls.__init__  # type: ignore[misc]
    if getattr(init, _MARK, False):
        return

    @functools.wraps(init)
    def checked(self: object, *args: object, **kwargs: object) -> None:
        try:
            init(self, *args, **kwargs)
        except TypeError as exc:
            # raised while binding the arguments, not by anything the constructor ran
            if exc.__traceback__ is None or exc.__traceback__.tb_next is not None:
                raise
            problem = _problem(type(self), args, kwargs)
            if problem is None:
                raise
            raise InvalidEvent(problem) from None

    setattr(checked, _MARK, True)
    setattr(cls, "__init__", checked)  # noqa: B010 - after attrs generated it


def _problem(cls: type, args: tuple[object, ...], kwargs: Mapping[str, object]) -> str | None:
    """What is wrong with calling *cls* with *args* and *kwargs*, and how to fix it."""
    fields = [f for f in attrs.fields(cls) if f.init]
    names = [f.alias or f.name for f in fields]
    required = [f.alias or f.name for f in fields if f.default is attrs.NOTHING]
    name = cls.__name__
    said: list[str] = []
    unknown = [key for key in kwargs if key not in names]
    import difflib  # only a mistake needs suggestions

    for key in unknown:
        near = difflib.get_close_matches(key, names, n=2)
        hint = f" (did you mean {' or '.join(repr(n) for n in near)}?)" if near else ""
        said.append(f"{name} has no field {key!r}{hint}")
    missing = [n for n in required if n not in kwargs]
    if args and all(f.kw_only for f in fields):
        said.append(f"{name} takes its fields by name, as {name}({names[0]}=...)")
    elif missing:
        types = [_type(fields[names.index(n)]) for n in missing]
        said.append(
            f"{name} needs {', '.join(f'{n}={t}' for n, t in zip(missing, types, strict=True))}"
        )
    if not said:
        return None
    optional = [n for n in names if n not in required]
    takes = f"{name} takes {', '.join(required) or 'no required field'}"
    if optional:
        takes += f", and optionally {', '.join(optional)}"
    return "; ".join(said) + f". {takes}"


def _type(field: attrs.Attribute[Any]) -> str:
    """The field's annotation as written ("Role", "date | None"), or "..."."""
    annotation = field.type
    if annotation is None:
        return "..."
    return annotation if isinstance(annotation, str) else getattr(annotation, "__name__", "...")

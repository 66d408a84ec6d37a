"""Functions generated from Python source, once per type, for the codec's fast paths.

The trusted builders (:mod:`govledger.trusted`), the read-back checks
(:mod:`govledger.codec_checks`) and the unstructuring functions
(:mod:`govledger._codec_unstructure`) each write, for a class, the source of a function
that does by hand what a general walk over its fields would do, and compile it once.
A :class:`Generated` holds one such family: the namespace its functions live in (so a
function can call another by name, made before or after it), each type's function
name, and the finished function (or ``None``) per class.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from typing import Any, Final, Generic, TypeVar

__all__ = ["Generated", "Unknown"]

_F = TypeVar("_F")


class Unknown(Exception):
    """A type a generator does not handle: the class gets no generated function."""


#: The namespace's own names, as the generators write them (``_set``, ``_build_Part_3``).
_NAME: Final = re.compile(r"\b_[A-Za-z]\w*")


class Generated(Generic[_F]):
    """One family of generated functions, in one namespace."""

    def __init__(self, namespace: dict[str, Any] | None = None) -> None:
        self.namespace: dict[str, Any] = {} if namespace is None else namespace
        self._names: dict[Hashable, str] = {}
        self._made: dict[Hashable, _F | None] = {}

    def made(self, key: Hashable, make: Callable[[], _F]) -> _F | None:
        """The function for *key*, made by *make* on first use; ``None`` (remembered too)
        when *make* raises :class:`Unknown`."""
        try:
            return self._made[key]
        except KeyError:
            pass
        try:
            made: _F | None = make()
        except Unknown:
            made = None
        self._made[key] = made
        return made

    def named(
        self,
        key: Hashable,
        stem: str,
        source: Callable[[str], str],
        filename: str,
        *,
        bind: bool = False,
    ) -> str:
        """The namespace name of the function generated for *key*, generating it if need be.

        The name (*stem* and a number) is reserved before ``source(name)`` writes the
        function, so a type that contains itself calls it by name; if writing or
        compiling fails the name is forgotten again. With *bind*, every name the source
        uses that the namespace already holds is read once, as a closure cell, instead
        of looked up at each call (names not made yet stay global, resolved at call time).
        """
        known = self._names.get(key)
        if known is not None:
            return known
        name = f"{stem}_{len(self._names)}"
        self._names[key] = name
        try:
            text = source(name)
            self.namespace[name] = self._compiled(name, text, filename, bind=bind)
        except BaseException:
            del self._names[key]
            raise
        return name

    def _compiled(self, name: str, source: str, filename: str, *, bind: bool) -> Any:
        if not bind:
            scope: dict[str, Any] = {}
            exec(compile(source, filename, "exec"), self.namespace, scope)
            return scope[name]
        bound = sorted(
            {word for word in _NAME.findall(source) if word != name and word in self.namespace}
        )
        body = "".join(f"    {line}\n" for line in source.splitlines())
        factory = f"def _make({', '.join(bound)}):\n{body}    return {name}\n"
        made: dict[str, Any] = {}
        exec(compile(factory, filename, "exec"), self.namespace, made)
        return made["_make"](*(self.namespace[word] for word in bound))

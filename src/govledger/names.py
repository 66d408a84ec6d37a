"""Names as printed in minutes, mapped to the ids the ledger uses.

Posts, officers' roles and bodies are referred to by id; their titles are names, which
change (a retitled post is the same post) and which minutes print in more than one
form ("the Council", "County Council"). :class:`Names` holds the aliases *you* supply
for each id and turns a printed name into its id, or refuses it with the near matches::

    >>> names = Names({"post": {"jce": ["Joint Chief Executive", "Chief Executive"]}})
    >>> names.id_of("post", "the Joint Chief Executive")
    'jce'
    >>> names.id_of("post", "Joint Chief Exec")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    govledger.errors.UnknownName: no post is known as 'Joint Chief Exec'; did you mean ...

Matching ignores case, punctuation, "&" against "and", and a leading "the".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from .errors import UnknownName
from .events import BodyKind, CouncilBody, Role

__all__ = ["Names", "name_key"]


def name_key(name: str) -> str:
    """The form names are compared in: lower case, ``&`` as "and", no punctuation or "the"."""
    text = name.casefold().replace("&", " and ").replace("\u2019", "'")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the\s+", "", text)


class Names:
    """Your aliases: for each kind ("post", "role", "body", "council" ...), ids and the
    names minutes print for them.

    ``Names({"body": {"kcc-council": ["County Council", "Council"]}})``. A name may
    belong to one id of a kind only; giving it to two is refused.
    """

    def __init__(self, aliases: Mapping[str, Mapping[str, Iterable[str]]] | None = None) -> None:
        self._ids: dict[str, dict[str, str]] = {}  # kind -> name key -> id
        self._shown: dict[str, dict[str, str]] = {}  # kind -> name key -> the name as given
        for kind, table in (aliases or {}).items():
            for identifier, names in table.items():
                self.add(kind, identifier, *([names] if isinstance(names, str) else names))

    def add(self, kind: str, identifier: str, *names: str) -> None:
        """Give *identifier* (of *kind*) the *names* minutes print for it, and itself."""
        ids = self._ids.setdefault(kind, {})
        shown = self._shown.setdefault(kind, {})
        for name in (identifier, *names):
            key = name_key(name)
            if not key:
                raise UnknownName(f"the {kind} alias {name!r} has no letters or digits")
            if ids.get(key, identifier) != identifier:
                raise UnknownName(
                    f"the {kind} name {name!r} is already an alias of {ids[key]!r}; a name "
                    f"belongs to one {kind} only"
                )
            ids[key] = identifier
            shown.setdefault(key, name)

    def id_of(self, kind: str, name: str) -> str:
        """The id of the *kind* printed as *name*; :class:`UnknownName` lists near matches."""
        found = self._ids.get(kind, {}).get(name_key(name))
        if found is not None:
            return found
        raise UnknownName(self._unknown(kind, name))

    def known(self, kind: str, name: str) -> bool:
        """Whether *name* is an alias of some id of *kind*."""
        return name_key(name) in self._ids.get(kind, {})

    def role(self, title: str, *, council: str | None = None) -> Role:
        """A :class:`Role` for the post printed as *title*, with its post id."""
        return Role(title=title, council=council, post=self.id_of("post", title))

    def body(self, council: str, name: str, *, kind: BodyKind = BodyKind.EXECUTIVE) -> CouncilBody:
        """A :class:`CouncilBody` printed as *name*, with its body id."""
        return CouncilBody(council=council, name=name, kind=kind, body=self.id_of("body", name))

    def _unknown(self, kind: str, name: str) -> str:
        shown = self._shown.get(kind, {})
        if not shown:
            return (
                f"no {kind} is known as {name!r}, and no {kind} aliases are given; add "
                f"Names({{{kind!r}: {{'<id>': [{name!r}]}}}})"
            )
        import difflib  # only a mistake needs suggestions

        near = difflib.get_close_matches(name_key(name), list(shown), n=5, cutoff=0.5)
        if not near:
            listed = ", ".join(sorted({f"{shown[k]!r} ({self._ids[kind][k]})" for k in shown}))
            return f"no {kind} is known as {name!r}; the known {kind} names are {listed}"
        best: dict[str, str] = {}  # the closest name of each id, closest first
        for key in near:
            best.setdefault(self._ids[kind][key], shown[key])
        options = " or ".join(f"{name!r} ({identifier})" for identifier, name in best.items())
        return (
            f"no {kind} is known as {name!r}; did you mean {options}? Add the name to the "
            "aliases of the right id."
        )

"""Aliases: how the names printed in minutes map to the user's ids (slugs).

An aliases file is JSON::

    {
      "councils": {"cdc": ["Cherwell District Council", "CDC", "Cherwell"]},
      "publisher": "cdc",
      "bodies": {"jssp-committee": {"names": ["JSS&P Committee"], "council": null,
                                    "kind": "joint_committee"}},
      "services": {"digital-it": ["Digital & IT Services", "Digital & IT"]},
      "posts": {"joint-chief-executive": ["Joint Chief Executive"]},
      "arrangements": {"s113-agreement": ["s.113 agreement"]}
    }

``publisher`` is the council whose page it is (its bodies need no council in their
name). A body with ``"council": null`` is a joint body the partnership established.
Every key is optional. Matching ignores case, punctuation and a leading "the".
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from .errors import IngestError

__all__ = ["Aliases", "BodyAlias", "load_aliases", "name_key"]

_KINDS = ("councils", "services", "posts", "arrangements")


def name_key(name: str) -> str:
    """The form names are compared in: lower case, ``&`` as "and", no punctuation or "the"."""
    text = name.casefold().replace("&", " and ").replace("’", "'")
    text = re.sub(r"[^a-z0-9]+", " ", text).strip()
    return re.sub(r"^the\s+", "", text)


@attrs.frozen(kw_only=True)
class BodyAlias:
    """A deciding body the user has named: its id, council (``None`` if joint) and kind."""

    slug: str
    names: tuple[str, ...]
    council: str | None
    kind: str


@attrs.frozen(kw_only=True)
class Aliases:
    """The user's names for councils, bodies, services, posts and arrangements."""

    councils: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    services: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    posts: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    arrangements: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict)
    bodies: tuple[BodyAlias, ...] = ()
    publisher: str | None = None

    def _lookup(self, table: Mapping[str, tuple[str, ...]], name: str) -> str | None:
        key = name_key(name)
        if not key:
            return None
        for slug, names in table.items():
            if key == name_key(slug) or any(key == name_key(n) for n in names):
                return slug
        return None

    def council(self, name: str) -> str | None:
        """The council slug for a printed name ("Cherwell District Council", "CDC")."""
        return self._lookup(self.councils, name)

    def service(self, name: str) -> str | None:
        """The service slug for a printed name, or ``None``."""
        return self._lookup(self.services, name)

    def post(self, name: str) -> str | None:
        """The post slug for a printed title, or ``None``."""
        return self._lookup(self.posts, name)

    def arrangement(self, name: str) -> str | None:
        """The arrangement slug for a printed name, or ``None``."""
        return self._lookup(self.arrangements, name)

    def body(self, name: str) -> BodyAlias | None:
        """The body the printed name refers to, or ``None``."""
        key = name_key(name)
        for body in self.bodies:
            if key == name_key(body.slug) or any(key == name_key(n) for n in body.names):
                return body
        return None

    def councils_in(self, text: str) -> list[tuple[str, int, int]]:
        """Every council named in *text*: ``(slug, start, end)`` in text order."""
        found: list[tuple[str, int, int]] = []
        for slug, names in self.councils.items():
            for name in sorted(names, key=len, reverse=True):
                flags = 0 if name.isupper() else re.I
                for m in re.finditer(rf"(?<![\w]){re.escape(name)}(?![\w])", text, flags):
                    if not any(a < m.end() and m.start() < b for _, a, b in found):
                        found.append((slug, m.start(), m.end()))
        return sorted(found, key=lambda f: f[1])

    def names_in(self, kind: str, text: str) -> list[tuple[str, int, int]]:
        """Every service/post/arrangement named in *text*: ``(slug, start, end)``."""
        table: Mapping[str, tuple[str, ...]] = getattr(self, kind)
        found: list[tuple[str, int, int]] = []
        pairs = [(slug, n) for slug, names in table.items() for n in names]
        for slug, name in sorted(pairs, key=lambda p: len(p[1]), reverse=True):
            pattern = r"\s+".join(re.escape(w) for w in name.split())
            for m in re.finditer(rf"(?<![\w]){pattern}(?![\w])", text, re.I):
                if not any(a < m.end() and m.start() < b for _, a, b in found):
                    found.append((slug, m.start(), m.end()))
        return sorted(found, key=lambda f: f[1])


def _names(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise IngestError(f"aliases: {where} must be a name or a list of names, not {value!r}")


def parse_aliases(data: Any) -> Aliases:
    """Build :class:`Aliases` from parsed JSON, saying exactly what is wrong if it is not."""
    if not isinstance(data, dict):
        raise IngestError('the aliases file must hold a JSON object such as {"councils": {...}}')
    unknown = set(data) - {*_KINDS, "bodies", "publisher"}
    if unknown:
        raise IngestError(
            f"aliases: unknown key(s) {sorted(unknown)}; use councils, publisher, bodies, "
            "services, posts, arrangements"
        )
    tables: dict[str, dict[str, tuple[str, ...]]] = {}
    for kind in _KINDS:
        table = data.get(kind, {})
        if not isinstance(table, dict):
            raise IngestError(f"aliases: {kind} must map ids to names")
        tables[kind] = {slug: _names(names, f"{kind}.{slug}") for slug, names in table.items()}
    bodies = []
    for slug, spec in dict(data.get("bodies", {})).items():
        if not isinstance(spec, dict):
            spec = {"names": spec}
        bodies.append(
            BodyAlias(
                slug=slug,
                names=_names(spec.get("names", []), f"bodies.{slug}.names"),
                council=spec.get("council"),
                kind=str(spec.get("kind", "joint_committee" if spec.get("council") is None
                                  else "committee")),
            )
        )  # fmt: skip
    publisher = data.get("publisher")
    if publisher is not None and publisher not in tables["councils"]:
        raise IngestError(f"aliases: publisher {publisher!r} is not one of the councils listed")
    return Aliases(
        councils=tables["councils"],
        services=tables["services"],
        posts=tables["posts"],
        arrangements=tables["arrangements"],
        bodies=tuple(bodies),
        publisher=publisher,
    )


def load_aliases(path: str | Path) -> Aliases:
    """Read an aliases JSON file."""
    file = Path(path)
    if not file.is_file():
        raise IngestError(f"no aliases file at {file}")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise IngestError(f"the aliases file {file} is not valid JSON: {exc}") from exc
    return parse_aliases(data)

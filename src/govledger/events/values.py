"""The values inside events: councils as members, bodies and the people who decide, roles,
the authorities that authorise a change (resolution parts, outside citations),
identifiers in other schemes, sources, cost shares and caveats not on record.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from fractions import Fraction
from typing import Any, TypeAlias, Union

import attrs

from .. import _code
from ..errors import InvalidEvent
from ._dated import _optional_date_spec
from ._validators import (
    _check_label,
    _distinct_items,
    _fail,
    _instance,
    _optional_slug,
    _optional_text,
    _slug,
    _text,
    _to_tuple,
)
from .dates import DateSpec, describe
from .enums import (
    BodyKind,
)

__all__ = [
    "Authority",
    "Citation",
    "CouncilBody",
    "DecisionMaker",
    "Identifier",
    "Individual",
    "JointBody",
    "Member",
    "NotOnRecord",
    "ResolutionRef",
    "Role",
    "Share",
    "Source",
    "body_name_key",
    "label_key",
    "path_key",
]


# --------------------------------------------------------------------------- value types


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Identifier:
    """An identifier in another scheme: ``Identifier(scheme="gss", identifier="E07000177")``.

    Schemes are short names such as ``gss`` (the ONS code), ``ocd`` (an Open Civic Data
    id) or ``moderngov`` (the council's modern.gov address); exports put each where
    their standard has a place for it.
    """

    scheme: str = attrs.field(validator=_slug)
    identifier: str = attrs.field(validator=_text)


_identifiers = _distinct_items(Identifier, "scheme")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Member:
    """A council as a member of a partnership, perhaps with identifiers in other schemes."""

    council: str = attrs.field(validator=_slug)
    name: str = attrs.field(validator=_text)
    identifiers: tuple[Identifier, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_identifiers
    )


@attrs.frozen(kw_only=True, repr=False, eq=False)
class CouncilBody:
    """A standing body of one council (its Full Council, Cabinet, Executive or a committee)."""

    council: str = attrs.field(validator=_slug)
    name: str = attrs.field(validator=_text)
    kind: BodyKind = attrs.field(default=BodyKind.EXECUTIVE, validator=_instance(BodyKind))
    identifiers: tuple[Identifier, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_identifiers
    )
    #: The body's id, when the user gives one: the same id is the same body whatever
    #: name the minutes print ("Council", "County Council", "Full Council").
    body: str | None = attrs.field(default=None, validator=_optional_slug)

    def same_as(self, other: CouncilBody) -> bool:
        """Whether *other* is the same body: the same id, or the same name up to its
        council-type words ("Council" and "County Council" are one body of a council)."""
        if self.council != other.council:
            return False
        if self.body is not None and other.body is not None:
            return self.body == other.body
        return body_name_key(self.name) == body_name_key(other.name)

    def __str__(self) -> str:
        return f"{self.council.upper()} {self.name}"


#: Words in a body's name that say what kind of council it belongs to, not which body.
_COUNCIL_WORDS = frozenset(
    {"the", "county", "district", "borough", "city", "metropolitan", "unitary", "full", "of"}
)


@functools.lru_cache(maxsize=4096)
def body_name_key(name: str) -> str:
    """A body's name as compared: case, punctuation and council-type words dropped.

    >>> body_name_key("County Council") == body_name_key("Council")
    True
    >>> body_name_key("Cabinet") == body_name_key("Council")
    False
    """
    words = re.findall(r"[a-z0-9]+", name.casefold().replace("&", " and "))
    kept = [w for w in words if w not in _COUNCIL_WORDS]
    return " ".join(kept or words)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class JointBody:
    """A body the partnership established (see :class:`BodyEstablished`), by its id."""

    body: str = attrs.field(validator=_slug)

    def __str__(self) -> str:
        return self.body


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Individual:
    """One person deciding: a Leader under urgency powers, a Cabinet member, an officer."""

    role: str = attrs.field(validator=_text)
    council: str | None = attrs.field(default=None, validator=_optional_slug)
    name: str | None = attrs.field(default=None, validator=_optional_text)
    power: str | None = attrs.field(default=None, validator=_optional_text)  # "urgency powers"

    def __str__(self) -> str:
        where = f" ({self.council.upper()})" if self.council else ""
        return f"{self.role}{where}"


DecisionMaker: TypeAlias = Union[CouncilBody, JointBody, Individual]  # noqa: UP007


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Role:
    """Someone named by role: a delegate, a consultee, an action's owner.

    ``Role(title="Director of Operational Delivery", council="cdc")``; ``post`` links the
    role to a post the ledger tracks; ``name`` is the person, when the record gives it.
    A consultee may be an organisation: ``Role(title="Oxfordshire County Council",
    council="occ", organisation=True)``.
    """

    title: str = attrs.field(validator=_text)
    council: str | None = attrs.field(default=None, validator=_optional_slug)
    post: str | None = attrs.field(default=None, validator=_optional_slug)
    name: str | None = attrs.field(default=None, validator=_optional_text)
    #: The role names an organisation ("in consultation with Oxfordshire County
    #: Council"): ``title`` is its name and ``council`` its id, which need not be a
    #: member of the partnership.
    organisation: bool = attrs.field(default=False, validator=_instance(bool))

    def matches(self, other: Role) -> bool:
        """Whether *other* names the same role (same post, or same title and council)."""
        if self.post is not None and self.post == other.post:
            return True
        return self.title.casefold() == other.title.casefold() and (
            self.council is None or other.council is None or self.council == other.council
        )

    def __str__(self) -> str:
        where = f" ({self.council.upper()})" if self.council else ""
        return f"{self.title}{where}"


@functools.lru_cache(maxsize=8192)
def label_key(label: str) -> str:
    """A part label as printed, normalised for lookup.

    Labels are kept as the record prints them ("2.2 (a)", "(iv)", "3."); two labels
    are the same part when their keys are equal: case, spaces, one pair of enclosing
    brackets and a trailing full stop or bracket do not count.

    >>> [label_key(x) for x in ("2.2 (a)", "(iv)", "3.", "a)", "B")]
    ['2.2(a)', 'iv', '3', 'a', 'b']
    """
    text = "".join(str(label).casefold().split())
    if text.startswith("(") and text.endswith(")") and text.find(")") == len(text) - 1:
        text = text[1:-1]
    elif text.endswith(")") and "(" not in text:
        text = text[:-1]
    text = text.rstrip(".:")
    return text or "".join(str(label).split())


def path_key(path: Iterable[str]) -> tuple[str, ...]:
    """Every label of a part path normalised with :func:`label_key`."""
    if type(path) is tuple:  # as a part path always is: the folds ask for the same ones
        return _tuple_key(path)
    return tuple(label_key(label) for label in path)


@functools.lru_cache(maxsize=8192)
def _tuple_key(path: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(label_key(label) for label in path)


def _part_path(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if not isinstance(value, tuple):
        raise _fail(inst, attribute.name, f"must be a tuple of part numbers, not {value!r}")
    for number in value:
        _check_label(inst, attribute.name, number)


_BRACKETED = r"\((?:[^()]|\([^()]*\))+\)"


_REF = re.compile(
    r"^(?:(?P<partnership>[a-z0-9]+(?:[-_.][a-z0-9]+)*)\s*:\s*)?"
    rf"(?P<resolution>[a-z0-9]+(?:[-_.][a-z0-9]+)*)\s*(?P<parts>(?:{_BRACKETED}\s*)*)$"
)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class ResolutionRef:
    """A numbered part of a recorded decision, such as ``"bdc-cabinet-2009-07-29(2)(b)"``.

    ``resolution`` is the id of a :class:`ResolutionPassed` (or of a
    :class:`DelegatedDecisionTaken`); ``part`` is the path to the part, ``()`` for the
    whole decision.

    ``partnership`` names the partnership the decision is recorded in, when a change
    cites a decision recorded in *another* partnership (a council's one resolution
    ending an agreement in one partnership and entering another): ``None``, the
    default, is the citing event's own partnership, and is left out of the stored
    payload, so every reference recorded before the field existed reads as before.
    Only a change's ``authorised_by`` may cite another partnership's decision, and only
    one taken by a council party to the citing partnership on the change's day.
    Written ``"<partnership>:<resolution>(<part>)"``.
    """

    resolution: str = attrs.field(validator=_slug)
    part: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_part_path)
    partnership: str | None = attrs.field(default=None, validator=_optional_slug)

    @classmethod
    def parse(cls, text: str) -> ResolutionRef:
        """Parse a reference such as ``"cdc-exec-2016-118(3)"``.

        >>> ResolutionRef.parse("bdc-cabinet-45(2)(b)")
        ResolutionRef(resolution='bdc-cabinet-45', part=('2', 'b'))
        >>> str(ResolutionRef.parse("bdc-sdc:bdc-cabinet-45(2)"))
        'bdc-sdc:bdc-cabinet-45(2)'
        """
        match = _REF.match(text.strip())
        if match is None:
            raise InvalidEvent(
                f"{text!r} is not a resolution reference; write the resolution id followed "
                "by its part numbers in brackets, such as 'bdc-cabinet-45(2)(b)'"
            )
        parts = tuple(found[1:-1].strip() for found in re.findall(_BRACKETED, match["parts"]))
        return cls(resolution=match["resolution"], part=parts, partnership=match["partnership"])

    def __str__(self) -> str:
        cited = self.resolution + "".join(f"({p})" for p in self.part)
        return cited if self.partnership is None else f"{self.partnership}:{cited}"

    def __repr__(self) -> str:  # the partnership only when given, as before it existed
        where = "" if self.partnership is None else f", partnership={self.partnership!r}"
        return f"ResolutionRef(resolution={self.resolution!r}, part={self.part!r}{where})"

    def foreign_to(self, partnership: str) -> bool:
        """Whether this cites a decision recorded in a partnership other than *partnership*."""
        return self.partnership is not None and self.partnership != partnership


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Citation:
    """An authority recorded outside this ledger: an agreement, an earlier decision.

    Used for facts that predate the ledger (a partnership formed years before its first
    recorded minute). The ledger cannot check it, so it says what and where it is.
    """

    document: str = attrs.field(validator=_text)
    dated: DateSpec | None = attrs.field(default=None, validator=_optional_date_spec)
    url: str | None = attrs.field(default=None, validator=_optional_text)

    def __str__(self) -> str:
        when = f", {describe(self.dated)}" if self.dated is not None else ""
        return f"{self.document}{when}"


Authority: TypeAlias = Union[ResolutionRef, Citation]  # noqa: UP007


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Source:
    """Where the record came from."""

    document: str = attrs.field(validator=_text)
    url: str | None = attrs.field(default=None, validator=_optional_text)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class Share:
    """One member's exact share, such as ``Share(council="bdc", fraction=Fraction(1, 2))``."""

    council: str = attrs.field(validator=_slug)
    fraction: Fraction = attrs.field(validator=_instance(Fraction))


@attrs.frozen(kw_only=True, repr=False, eq=False)
class NotOnRecord:
    """A council's agreement to a change that exists but is not in this ledger.

    A partnership-level change needs the decision of every council party to it (see
    :mod:`govledger.agreement`). When only one council's minutes survive, say so on the
    change: ``NotOnRecord(council="rbc", note="RBC's own decision is not part of this
    record")``; ``council=None`` stands for every party whose decision the cited
    authorities do not cover. The state then shows the change in force, with this
    caveat in :attr:`~govledger.projections.PartnershipState.caveats`.
    """

    note: str = attrs.field(validator=_text)
    council: str | None = attrs.field(default=None, validator=_optional_slug)

    def __str__(self) -> str:
        who = self.council.upper() if self.council else "the other parties"
        return f"the decision of {who} is not on record: {self.note}"


# Keep these last: every class above prints as the Python code that rebuilds it.
_code.install(globals(), __name__)

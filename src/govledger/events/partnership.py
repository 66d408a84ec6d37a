"""Events of the partnership itself: formed and dissolved, its members, its bodies and
their members, and the delegations it grants and revokes.
"""

from __future__ import annotations

import attrs

from .. import _code
from ..errors import InvalidEvent
from ._base import _Change
from ._dated import _optional_date_spec
from ._validators import (
    _distinct_items,
    _instance,
    _items,
    _non_empty,
    _optional_slug,
    _optional_text,
    _slug,
    _slugs,
    _text,
    _texts,
    _to_tuple,
)
from .dates import DateSpec
from .enums import (
    BodyKind,
    BodyRole,
)
from .values import (
    Identifier,
    Member,
    Role,
)

__all__ = [
    "BodyDisbanded",
    "BodyEstablished",
    "BodyMemberAppointed",
    "BodyMemberLeft",
    "BodyTermsRevised",
    "DelegationGranted",
    "DelegationRevoked",
    "MemberAdmitted",
    "MemberSucceeded",
    "MemberWithdrew",
    "PartnershipDissolved",
    "PartnershipFormed",
]


# --------------------------------------------------------------------------- partnerships


@attrs.frozen(kw_only=True, repr=False, eq=False)
class PartnershipFormed(_Change):
    """Two or more councils formed a partnership to work together."""

    name: str = attrs.field(validator=_text)
    members: tuple[Member, ...] = attrs.field(converter=_to_tuple, validator=_items(Member))

    def __attrs_post_init__(self) -> None:
        councils = [m.council for m in self.members]
        if len(set(councils)) < 2:
            raise InvalidEvent(
                "PartnershipFormed.members must name at least two different councils"
            )
        if len(set(councils)) != len(councils):
            raise InvalidEvent(f"PartnershipFormed.members repeats a council: {councils}")


@attrs.frozen(kw_only=True, repr=False, eq=False)
class PartnershipDissolved(_Change):
    """The partnership ended; nothing may take effect in it afterwards."""


@attrs.frozen(kw_only=True, repr=False, eq=False)
class MemberAdmitted(_Change):
    """A council joined the partnership."""

    member: Member = attrs.field(validator=_instance(Member))


@attrs.frozen(kw_only=True, repr=False, eq=False)
class MemberWithdrew(_Change):
    """A council left the partnership."""

    council: str = attrs.field(validator=_slug)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class MemberSucceeded(_Change):
    """A member council was replaced by a successor authority (reorganisation)."""

    council: str = attrs.field(validator=_slug)
    successor: Member = attrs.field(validator=_instance(Member))


# --------------------------------------------------------------------------- bodies


@attrs.frozen(kw_only=True, repr=False, eq=False)
class BodyEstablished(_Change):
    """A body was established: a joint committee, a board, a working group.

    ``council`` is set for one council's own body; a joint body names its
    ``constituents`` (every member when left empty). ``legal_basis`` is for example
    "s.101(5) Local Government Act 1972".
    """

    body: str = attrs.field(validator=_slug)
    name: str = attrs.field(validator=_text)
    kind: BodyKind = attrs.field(validator=_instance(BodyKind))
    council: str | None = attrs.field(default=None, validator=_optional_slug)
    constituents: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_slugs)
    legal_basis: str | None = attrs.field(default=None, validator=_optional_text)
    terms_of_reference: str | None = attrs.field(default=None, validator=_optional_text)
    identifiers: tuple[Identifier, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_distinct_items(Identifier, "scheme")
    )


@attrs.frozen(kw_only=True, repr=False, eq=False)
class BodyDisbanded(_Change):
    """A body was disbanded (often "as from" a later date)."""

    body: str = attrs.field(validator=_slug)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class BodyTermsRevised(_Change):
    """A body's terms of reference were revised, from the effective date."""

    body: str = attrs.field(validator=_slug)
    terms_of_reference: str = attrs.field(validator=_text)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class BodyMemberAppointed(_Change):
    """Someone became a member of a body, or took a new place on it (chair, vice-chair).

    ``member`` is the person as the record names them ("Councillor A Smith");
    ``council`` the council they represent. Appointing a new chair makes the previous
    chair an ordinary member.
    """

    body: str = attrs.field(validator=_slug)
    member: str = attrs.field(validator=_text)
    council: str | None = attrs.field(default=None, validator=_optional_slug)
    role: BodyRole = attrs.field(default=BodyRole.MEMBER, validator=_instance(BodyRole))


@attrs.frozen(kw_only=True, repr=False, eq=False)
class BodyMemberLeft(_Change):
    """A member left a body (resigned, replaced, not re-appointed)."""

    body: str = attrs.field(validator=_slug)
    member: str = attrs.field(validator=_text)


# --------------------------------------------------------------------------- delegations


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DelegationGranted(_Change):
    """Authority was delegated to one or more people, perhaps acting jointly.

    "Delegated to the Director, in consultation with the Leader, for non-significant
    amendments": ``delegates=(Role(title="Director ..."),)``,
    ``consultees=(Role(title="Leader of the Council"),)``, ``scope="..."``.
    ``limits`` are the bounds it must stay within; ``through`` a body the delegates
    work through. A consultee may be an organisation (``Role(..., organisation=True)``).
    ``replaces`` names an earlier delegation of the same power that this one ends.
    """

    delegation: str = attrs.field(validator=_slug)
    delegates: tuple[Role, ...] = attrs.field(
        converter=_to_tuple, validator=[_items(Role), _non_empty]
    )
    scope: str = attrs.field(validator=_text)
    consultees: tuple[Role, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_items(Role)
    )
    limits: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple, validator=_texts)
    jointly: bool = attrs.field(default=False, validator=_instance(bool))
    through: str | None = attrs.field(default=None, validator=_optional_slug)
    expires: DateSpec | None = attrs.field(default=None, validator=_optional_date_spec)
    #: The delegation this one replaces (the same power re-granted, say with another
    #: consultee): it ends on this one's effective date. May be this delegation's own
    #: id, to re-grant it under the same id.
    replaces: str | None = attrs.field(default=None, validator=_optional_slug)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class DelegationRevoked(_Change):
    """A delegation was withdrawn."""

    delegation: str = attrs.field(validator=_slug)


# Keep these last: every class above prints as the Python code that rebuilds it.
_code.install(globals(), __name__)

"""The bases of every event: ``_Event`` (a partnership and an effective date) and
``_Change``, an event that changes a partnership and so names what authorised it.
"""

from __future__ import annotations

from typing import Any

import attrs

from .. import _code
from ._dated import _date_spec
from ._validators import (
    _items,
    _non_empty,
    _slug,
    _to_tuple,
)
from .dates import DateSpec
from .values import (
    Authority,
    Citation,
    NotOnRecord,
    ResolutionRef,
)

# --------------------------------------------------------------------------- base events


def _authorities(inst: object, attribute: attrs.Attribute[Any], value: object) -> None:
    _items((ResolutionRef, Citation))(inst, attribute, value)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class _Event:
    partnership: str = attrs.field(validator=_slug)
    effective: DateSpec = attrs.field(validator=_date_spec)


@attrs.frozen(kw_only=True, repr=False, eq=False)
class _Change(_Event):
    """An event that changes a partnership: it names what authorised it.

    ``not_on_record`` says which councils' agreement exists outside the ledger; it
    matters only for partnership-level changes (:mod:`govledger.agreement`).
    """

    authorised_by: tuple[Authority, ...] = attrs.field(
        converter=_to_tuple, validator=[_authorities, _non_empty]
    )
    not_on_record: tuple[NotOnRecord, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_items(NotOnRecord)
    )


# Keep these last: every class above prints as the Python code that rebuilds it.
_code.install(globals(), __name__)

"""Small builders for test events in a two-council partnership, ``alpha-beta``.

Every builder takes keyword overrides, so a test names only what it is about.
An :func:`arrangement` citing a resolution says that Beta's decision is not on record
(:data:`BETA_OFF_RECORD`) unless the test passes ``not_on_record``: tests of other rules
are not about who must agree (tests/test_agreement.py is).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from datetime import date
from fractions import Fraction
from typing import Any, TypeVar

from hypothesis import HealthCheck, Phase, find, settings
from hypothesis import strategies as st
from hypothesis.errors import NoSuchExample

from govledger import (
    ArrangementEstablished,
    BodyEstablished,
    BodyKind,
    Citation,
    Condition,
    ConditionKind,
    CostShareAgreed,
    CouncilBody,
    DelegationGranted,
    Mechanism,
    Member,
    NotOnRecord,
    Part,
    PartnershipFormed,
    Period,
    PostCreated,
    ResolutionPassed,
    ResolutionRef,
    Role,
    Share,
)

T = TypeVar("T")

#: Settings for ``hypothesis.find``: look through up to 1000 generated examples for one
#: that has a feature (a test that a strategy can draw it at all).
SEARCH = settings(
    max_examples=1000,
    database=None,
    phases=[Phase.generate],
    suppress_health_check=list(HealthCheck),
    deadline=None,
)


def first_holding(
    strategy: st.SearchStrategy[T],
    features: Mapping[str, Callable[[T], bool]],
    search: settings = SEARCH,
) -> dict[str, int]:
    """For each feature, which example of one search first holds it (1 for the first drawn).

    One search serves every feature: it draws from *strategy* until each feature has
    been seen, or *search* allows no more draws, so each feature is looked for in as
    many examples as a search of its own would make, without drawing them again for
    each of the others. A feature no example held is missing from the result; the test
    asking for it says so.
    """
    first: dict[str, int] = {}
    drawn = 0

    def every_feature_seen(example: T) -> bool:
        nonlocal drawn
        drawn += 1
        for name, holds in features.items():
            if name not in first and holds(example):
                first[name] = drawn
        return len(first) == len(features)

    with suppress(NoSuchExample):
        find(strategy, every_feature_seen, settings=search)
    return first


P = "alpha-beta"
FORMED = date(2020, 1, 1)
CITE = (Citation(document="Memorandum of Agreement 2019"),)
#: Beta's decision on a change decided by Alpha, declared outside the ledger.
BETA_OFF_RECORD = (NotOnRecord(council="beta", note="Beta's decision is outside this test"),)


def formed(**overrides: Any) -> PartnershipFormed:
    fields: dict[str, Any] = {
        "partnership": P,
        "effective": FORMED,
        "authorised_by": CITE,
        "name": "Alpha and Beta shared services",
        "members": (
            Member(council="alpha", name="Alpha District Council"),
            Member(council="beta", name="Beta Borough Council"),
        ),
    }
    return PartnershipFormed(**{**fields, **overrides})


def resolved(
    resolution: str,
    on: date,
    *parts: Part,
    council: str = "alpha",
    **overrides: Any,
) -> ResolutionPassed:
    """A cabinet decision of *council* with the given parts (default: one resolved part)."""
    fields: dict[str, Any] = {
        "partnership": P,
        "effective": on,
        "resolution": resolution,
        "decided_by": CouncilBody(council=council, name="Cabinet", kind=BodyKind.EXECUTIVE),
        "decided": on,
        "item": "7",
        "title": "Shared services",
        "parts": parts or (Part(number="1", summary="approve the proposal"),),
    }
    return ResolutionPassed(**{**fields, **overrides})


def ref(resolution: str, *part: str) -> tuple[ResolutionRef]:
    return (ResolutionRef(resolution=resolution, part=part or ("1",)),)


def conditional(condition: str, *, council: str | None = None) -> Part:
    kind = ConditionKind.MEMBER_APPROVAL if council else ConditionKind.AGREEMENT_CONCLUDED
    return Part(
        number="1",
        summary="approve, subject to a condition",
        conditions=(
            Condition(id=condition, description="the condition", kind=kind, council=council),
        ),
    )


def arrangement(
    arrangement_id: str = "shared-ict",
    on: date | Period = date(2021, 1, 1),
    authority: tuple[Any, ...] = CITE,
    **overrides: Any,
) -> ArrangementEstablished:
    fields: dict[str, Any] = {
        "partnership": P,
        "effective": on,
        "authorised_by": authority,
        "arrangement": arrangement_id,
        "name": "Shared ICT",
        "services": ("ict", "digital"),
        "mechanism": Mechanism.S113_AGREEMENT,
    }
    if any(isinstance(a, ResolutionRef) for a in authority):
        fields["not_on_record"] = BETA_OFF_RECORD
    return ArrangementEstablished(**{**fields, **overrides})


def post(
    post_id: str = "jce", title: str = "Acting Joint Chief Executive", **overrides: Any
) -> PostCreated:
    fields: dict[str, Any] = {
        "partnership": P,
        "effective": date(2020, 2, 1),
        "authorised_by": CITE,
        "post": post_id,
        "title": title,
        "shared_by": ("alpha", "beta"),
    }
    return PostCreated(**{**fields, **overrides})


def body(body_id: str = "joint-committee", **overrides: Any) -> BodyEstablished:
    fields: dict[str, Any] = {
        "partnership": P,
        "effective": date(2020, 1, 15),
        "authorised_by": CITE,
        "body": body_id,
        "name": "Joint Committee",
        "kind": BodyKind.JOINT_COMMITTEE,
        "legal_basis": "s.101(5) Local Government Act 1972",
    }
    return BodyEstablished(**{**fields, **overrides})


def delegation(delegation_id: str = "ict-delegation", **overrides: Any) -> DelegationGranted:
    fields: dict[str, Any] = {
        "partnership": P,
        "effective": date(2021, 2, 1),
        "authorised_by": CITE,
        "delegation": delegation_id,
        "delegates": (Role(title="Director of Resources", council="alpha"),),
        "consultees": (Role(title="Leader of the Council", council="alpha"),),
        "scope": "non-significant amendments to the ICT business case",
        "limits": ("within budget",),
    }
    return DelegationGranted(**{**fields, **overrides})


def shares(*fractions: tuple[str, Fraction], **overrides: Any) -> CostShareAgreed:
    fields: dict[str, Any] = {
        "partnership": P,
        "effective": date(2021, 3, 1),
        "authorised_by": CITE,
        "scope": "ict-costs",
        "description": "costs of the shared ICT service",
        "shares": tuple(Share(council=c, fraction=f) for c, f in fractions),
    }
    return CostShareAgreed(**{**fields, **overrides})


def must(value: T | None) -> T:
    """The looked-up entry, failing the test with a clear message if it is missing."""
    assert value is not None, "expected the entry to exist in the state"
    return value

"""Facts known only "by" a date accept earlier evidence; names map to ids (issue 15)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factories import CITE, P, formed, must, post, ref, resolved
from govledger import (
    BodyKind,
    HolderBasis,
    Ledger,
    Period,
    PostHolderAppointed,
    errors,
)
from govledger.names import Names

BY_SEPTEMBER = Period(latest=date(2020, 9, 2), words="before 3 September 2020")


def _appointed(on: date, **overrides: object) -> PostHolderAppointed:
    fields: dict[str, object] = {
        "partnership": P,
        "effective": on,
        "authorised_by": CITE,
        "post": "jce",
        "basis": HolderBasis.SUBSTANTIVE,
        "holder": "A. Person",
    }
    return PostHolderAppointed(**{**fields, **overrides})  # type: ignore[arg-type]


def test_a_fact_known_only_by_a_date_accepts_earlier_evidence(ledger: Ledger) -> None:
    ledger.append(formed(), post(effective=BY_SEPTEMBER))
    ledger.append(_appointed(date(2020, 6, 1)))  # dated inside the period: accepted
    for day in (date(2020, 6, 1), date(2020, 8, 1), date(2020, 9, 3), date(2021, 1, 1)):
        found = must(ledger.state(P, as_of=day).post("jce"))
        assert found.created == date(2020, 6, 1), day
        assert must(found.holder).since == date(2020, 6, 1), day
    assert ledger.state(P, as_of=date(2020, 5, 31)).post("jce") is None


def test_the_evidence_may_come_in_the_same_append(ledger: Ledger) -> None:
    ledger.append(formed())
    ledger.append(post(effective=BY_SEPTEMBER), _appointed(date(2020, 6, 1)))
    assert must(ledger.state(P, as_of=date(2020, 7, 1)).post("jce")).holder is not None


def test_evidence_before_the_period_is_still_refused(ledger: Ledger) -> None:
    bounded = Period(earliest=date(2020, 8, 1), latest=date(2020, 9, 2), words="in August 2020")
    ledger.append(formed(), post(effective=bounded))
    with pytest.raises(errors.UnknownReference):
        ledger.append(_appointed(date(2020, 6, 1)))


def test_a_decision_known_only_by_a_date_authorises_earlier_dated_changes(
    ledger: Ledger,
) -> None:
    ledger.append(
        formed(),
        post(),
        resolved("r1", date(2020, 9, 2), decided=None, effective=BY_SEPTEMBER),
    )
    ledger.append(_appointed(date(2020, 6, 1), authorised_by=ref("r1")))
    held = must(ledger.state(P, as_of=date(2020, 7, 1)).post("jce")).holder
    assert held is not None and held.since == date(2020, 6, 1)


@settings(max_examples=25, deadline=None)
@given(
    offset=st.integers(min_value=0, max_value=90),
    asked=st.integers(min_value=0, max_value=200),
)
def test_evidence_inside_a_by_period_holds_from_its_own_day(offset: int, asked: int) -> None:
    evidence = date(2020, 6, 1).fromordinal(date(2020, 6, 1).toordinal() + offset)
    as_of = date(2020, 6, 1).fromordinal(date(2020, 6, 1).toordinal() + asked)
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), post(effective=BY_SEPTEMBER))
        ledger.append(_appointed(evidence))
        found = ledger.state(P, as_of=as_of).post("jce")
        if as_of < evidence:
            assert found is None
        else:
            assert must(found).created == evidence and must(found).holder is not None


# --------------------------------------------------------------------------- names


def test_names_map_to_ids_whatever_the_printed_form() -> None:
    names = Names(
        {
            "post": {"jce": ["Joint Chief Executive", "Chief Executive"]},
            "body": {"kcc-council": ["County Council", "Council"]},
        }
    )
    assert names.id_of("post", "the Chief Executive") == "jce"
    assert names.role("Joint Chief Executive", council="kcc").post == "jce"
    council = names.body("kcc", "the Council", kind=BodyKind.FULL_COUNCIL)
    assert council.body == "kcc-council"
    assert council.same_as(names.body("kcc", "County Council", kind=BodyKind.FULL_COUNCIL))


def test_an_unknown_name_lists_the_near_matches() -> None:
    names = Names({"post": {"jce": ["Joint Chief Executive"], "s151": ["Chief Finance Officer"]}})
    with pytest.raises(errors.UnknownName) as caught:
        names.id_of("post", "Joint Chief Exec")
    assert "'Joint Chief Executive' (jce)" in str(caught.value)
    assert "Chief Finance Officer" not in str(caught.value)
    with pytest.raises(errors.UnknownName, match="known post names are"):
        names.id_of("post", "Head of Planning")


def test_a_name_belongs_to_one_id_only() -> None:
    with pytest.raises(errors.UnknownName, match="already an alias"):
        Names({"post": {"a": ["Director"], "b": ["the director"]}})

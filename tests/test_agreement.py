"""Who must agree: a partnership-level change waits for every council party to it."""

from __future__ import annotations

import json
from datetime import date, timedelta
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factories import P, arrangement, body, formed, post, resolved, shares
from govledger import (
    ArrangementEstablished,
    Awaiting,
    BodyKind,
    Caveat,
    Citation,
    CouncilBody,
    JointBody,
    Ledger,
    NotOnRecord,
    Part,
    PostRetitled,
    ResolutionRef,
    errors,
)
from govledger.codec import LEGACY_AGREEMENT_NOTE, decode, encode

DAY = date(2021, 1, 1)


def cites(resolution: str, *part: str) -> tuple[ResolutionRef]:
    return (ResolutionRef(resolution=resolution, part=part or ("1",)),)


def mirror(of: str, number: str = "1") -> Part:
    """Beta's part on the same matter as Alpha's part (1) of *of*."""
    return Part(
        number=number,
        summary="agree the same",
        mirrors=(ResolutionRef(resolution=of, part=("1",)),),
    )


def team(
    authority: tuple[ResolutionRef | Citation, ...], **overrides: Any
) -> ArrangementEstablished:
    return arrangement(authority=authority, **{"not_on_record": (), **overrides})


def test_one_councils_decision_alone_leaves_the_change_pending_naming_the_other() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), resolved("a1", DAY), team(cites("a1"), on=DAY))
        state = ledger.state(P, DAY + timedelta(days=30))
        assert state.arrangement("shared-ict") is None
        (pending,) = state.pending
        (reason,) = pending.reasons
        assert reason.kind is Awaiting.MEMBER_DECISION
        assert reason.detail.startswith("awaiting the decision of BETA (Beta Borough Council)")


def test_the_change_is_in_force_from_the_later_councils_decision() -> None:
    later = DAY + timedelta(days=20)
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), resolved("a1", DAY), team(cites("a1"), on=DAY))
        ledger.append(resolved("b1", later, mirror("a1"), council="beta"))
        assert ledger.state(P, later - timedelta(days=1)).arrangement("shared-ict") is None
        state = ledger.state(P, later)
        assert state.arrangement("shared-ict").since == later  # type: ignore[union-attr]
        assert state.pending == () and state.caveats == ()
        # both councils' decisions are kept, each with its own date
        assert {r.resolution: r.decided for r in state.resolutions} == {"a1": DAY, "b1": later}


def test_an_earlier_mirroring_decision_counts_at_once() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), resolved("a1", DAY + timedelta(days=5)))
        ledger.append(resolved("b1", DAY, mirror("a1"), council="beta"))
        ledger.append(team(cites("a1"), on=DAY + timedelta(days=5)))
        assert ledger.state(P, DAY + timedelta(days=5)).arrangement("shared-ict") is not None


def test_citing_both_councils_parts_needs_no_mirror() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), resolved("a1", DAY), resolved("b1", DAY, council="beta"))
        ledger.append(team((*cites("a1"), *cites("b1")), on=DAY))
        assert ledger.state(P, DAY).arrangement("shared-ict") is not None


def test_a_joint_committee_decides_for_all_its_councils() -> None:
    with Ledger.open(":memory:") as ledger:
        joint = resolved("jc1", DAY, decided_by=JointBody(body="joint-committee"))
        ledger.append(formed(), body(), joint, team(cites("jc1"), on=DAY))
        assert ledger.state(P, DAY).arrangement("shared-ict") is not None


def test_a_joint_board_does_not_decide_for_the_councils() -> None:
    with Ledger.open(":memory:") as ledger:
        board = body("board", kind=BodyKind.BOARD, name="Shared Services Board")
        advice = resolved("sb1", DAY, decided_by=JointBody(body="board"))
        ledger.append(formed(), board, advice, team(cites("sb1"), on=DAY))
        details = [r.detail for p in ledger.state(P, DAY).pending for r in p.reasons]
        assert any("ALPHA" in d for d in details) and any("BETA" in d for d in details)


def test_a_member_approval_condition_stands_for_that_councils_decision() -> None:
    from factories import conditional
    from govledger import ConditionSatisfied

    with Ledger.open(":memory:") as ledger:
        ledger.append(
            formed(),
            resolved("a1", DAY, conditional("beta-ok", council="beta")),
            team(cites("a1"), on=DAY),
        )
        assert ledger.state(P, DAY).arrangement("shared-ict") is None
        ledger.append(
            ConditionSatisfied(
                partnership=P,
                effective=DAY + timedelta(days=3),
                condition="beta-ok",
                evidence="Beta Cabinet approved",
            )
        )
        state = ledger.state(P, DAY + timedelta(days=3))
        assert state.arrangement("shared-ict").since == DAY + timedelta(days=3)  # type: ignore[union-attr]


def test_a_decision_not_on_record_is_said_so_and_shown_as_a_caveat() -> None:
    note = NotOnRecord(council="beta", note="only Alpha's minutes survive")
    with Ledger.open(":memory:") as ledger:
        ledger.append(
            formed(), resolved("a1", DAY), team(cites("a1"), on=DAY, not_on_record=(note,))
        )
        state = ledger.state(P, DAY)
        assert state.arrangement("shared-ict") is not None
        (caveat,) = state.caveats
        assert isinstance(caveat, Caveat)
        assert (caveat.councils, caveat.agreed_by, caveat.note) == (
            ("beta",),
            ("alpha",),
            "only Alpha's minutes survive",
        )
        assert "the decision of BETA is not on record" in str(caveat)


def test_a_mirror_must_name_another_councils_recorded_part() -> None:
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), resolved("a1", DAY))
        with pytest.raises(errors.InvalidAuthority, match="not another recorded resolution"):
            ledger.append(resolved("b1", DAY, mirror("nope"), council="beta"))
        with pytest.raises(errors.InvalidAuthority, match="same council"):
            ledger.append(resolved("a2", DAY, mirror("a1")))
        with pytest.raises(errors.InvalidAuthority, match="no such part"):
            ledger.append(
                resolved(
                    "b2",
                    DAY,
                    Part(
                        number="1",
                        summary="x",
                        mirrors=(ResolutionRef(resolution="a1", part=("7",)),),
                    ),
                    council="beta",
                )
            )


def test_not_on_record_names_a_member_and_only_on_partnership_changes() -> None:
    from factories import delegation

    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), resolved("a1", DAY))
        outsider = NotOnRecord(council="gamma", note="x")
        with pytest.raises(errors.NotAMember, match="gamma"):
            ledger.append(team(cites("a1"), on=DAY, not_on_record=(outsider,)))
        with pytest.raises(errors.InvalidAuthority, match="not_on_record does not apply"):
            ledger.append(delegation(not_on_record=(NotOnRecord(note="x"),)))


def test_shared_post_retitle_waits_for_every_sharing_council() -> None:
    retitle = PostRetitled(
        partnership=P,
        effective=DAY,
        authorised_by=cites("a1"),
        post="jce",
        previous_title="Acting Joint Chief Executive",
        new_title="Joint Chief Executive",
    )
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), post(), resolved("a1", DAY), retitle)
        assert ledger.state(P, DAY).post("jce").title == "Acting Joint Chief Executive"  # type: ignore[union-attr]
        ledger.append(resolved("b1", DAY + timedelta(days=9), mirror("a1"), council="beta"))
        titles = [ledger.state(P, DAY + timedelta(days=d)).post("jce").title for d in (8, 9)]  # type: ignore[union-attr]
        assert titles == ["Acting Joint Chief Executive", "Joint Chief Executive"]


def test_a_post_of_one_council_needs_no_one_else() -> None:
    with Ledger.open(":memory:") as ledger:
        own = post(
            "officer",
            title="Officer",
            shared_by=(),
            employer="alpha",
            authorised_by=cites("a1"),
            effective=DAY,
        )
        ledger.append(formed(), resolved("a1", DAY), own)
        assert ledger.state(P, DAY).post("officer") is not None


def test_a_cost_share_needs_the_councils_that_share_it() -> None:
    split = shares(
        ("alpha", Fraction(1, 2)),
        ("beta", Fraction(1, 2)),
        authorised_by=cites("a1"),
        effective=DAY,
    )
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), resolved("a1", DAY), split)
        assert ledger.state(P, DAY).cost_share("ict-costs") is None
        ledger.append(resolved("b1", DAY, mirror("a1"), council="beta"))
        assert ledger.state(P, DAY).cost_share("ict-costs") is not None


# --------------------------------------------------------------------------- 0.1 ledgers


def test_a_schema_1_change_is_read_with_the_legacy_caveat() -> None:
    change = team(cites("a1"), on=DAY)
    name, _, payload = encode(change)
    old = decode(name, 1, payload)
    assert old.not_on_record == (NotOnRecord(council=None, note=LEGACY_AGREEMENT_NOTE),)  # type: ignore[union-attr]
    assert decode(name, 2, payload) == change  # written now: no caveat
    assert "not_on_record" not in json.loads(payload)  # empty fields are left out


def test_a_schema_1_ledger_answers_as_it_did(tmp_path: object) -> None:
    """A 0.1 ledger whose change cites one council only: still in force, now with a caveat."""
    import sqlite3
    from pathlib import Path

    path = Path(str(tmp_path)) / "old.db"
    with Ledger.open(path) as ledger:
        ledger.append(formed(), resolved("a1", DAY), team(cites("a1"), on=DAY))
    raw = sqlite3.connect(path)
    with raw:  # rewrite the rows as 0.1 wrote them (schema 1), past the append-only guard
        raw.execute("DROP TRIGGER events_refuse_update")
        raw.execute("UPDATE events SET schema_version = 1")
    raw.close()
    with Ledger.open(path, checkpoints=False) as ledger:
        state = ledger.state(P, DAY)
        assert state.arrangement("shared-ict") is not None
        (caveat,) = state.caveats
        assert caveat.councils == ("beta",) and caveat.note == LEGACY_AGREEMENT_NOTE


# --------------------------------------------------------------------------- property


@settings(max_examples=40, deadline=None)
@given(
    gaps=st.lists(st.integers(min_value=0, max_value=40), min_size=2, max_size=2),
    change_after=st.integers(min_value=0, max_value=40),
    ask=st.lists(st.integers(min_value=0, max_value=90), min_size=1, max_size=6),
    beta_first=st.booleans(),
)
def test_a_partnership_change_is_never_in_force_before_every_council_decided(
    gaps: list[int], change_after: int, ask: list[int], beta_first: bool
) -> None:
    alpha_day = DAY + timedelta(days=gaps[0])
    beta_day = DAY + timedelta(days=gaps[1])
    effective = alpha_day + timedelta(days=change_after)
    alpha = resolved("a1", alpha_day)
    beta = resolved("b1", beta_day, mirror("a1"), council="beta")
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), alpha)
        ledger.append(beta, team(cites("a1"), on=effective)) if beta_first else ledger.append(
            team(cites("a1"), on=effective), beta
        )
        for offset in ask:
            day = DAY + timedelta(days=offset)
            in_force = ledger.state(P, day).arrangement("shared-ict") is not None
            assert in_force == (day >= max(alpha_day, beta_day, effective))


def test_seed_000_states_rbcs_decision_is_not_on_record() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples"))
    import bdc_rbc_single_management_team as seed000

    with Ledger.open(":memory:") as ledger:
        ledger.append(*seed000.events())
        state = ledger.state(seed000.P, date(2009, 7, 30))
        assert {c.councils for c in state.caveats} == {("rbc",)}
        assert len(state.caveats) == 4  # (1), (2)(a), (3), (4)
        assert all(c.agreed_by == ("bdc",) for c in state.caveats)


def test_a_council_body_decision_speaks_for_its_council_only() -> None:
    from govledger.agreement import councils_of
    from govledger.projections import Fold

    fold = Fold(P)
    assert councils_of(fold, CouncilBody(council="alpha", name="Cabinet")) == frozenset({"alpha"})

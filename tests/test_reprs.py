"""Counterexamples you can paste: events print as the code that rebuilds them."""

from __future__ import annotations

import datetime
import enum
import importlib
import inspect
import pkgutil
import re
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import Phase, given, settings
from hypothesis.stateful import invariant, run_state_machine_as_test
from hypothesis.vendor.pretty import pretty

import govledger.events as ev
from govledger import errors
from govledger.events import Event, Mechanism, Part, PostRetitled, ResolutionRef
from govledger.testing import LedgerMachine, Rejection, histories
from govledger.testing.strategies import events

#: What a pasted example needs: ``import datetime``, ``Fraction``, the event catalogue.
NAMESPACE: dict[str, Any] = {
    "datetime": datetime,
    "Fraction": Fraction,
    "errors": errors,
    "Rejection": Rejection,
    **{name: getattr(ev, name) for name in ev.__all__},
}


def _catalogue_classes() -> list[type]:
    """Every attrs class and enumeration defined in a module of the event catalogue."""
    modules = [
        importlib.import_module(info.name)
        for info in pkgutil.walk_packages(ev.__path__, f"{ev.__name__}.")
    ]
    return [
        value
        for module in (ev, *modules)
        for _, value in inspect.getmembers(module, inspect.isclass)
        if value.__module__ == module.__name__
        and (attrs.has(value) or issubclass(value, enum.Enum))
    ]


@given(event=events())
def test_every_events_repr_rebuilds_it(event: Event) -> None:
    assert eval(repr(event), NAMESPACE) == event
    assert eval(pretty(event), NAMESPACE) == event


def test_repr_leaves_out_the_defaults() -> None:
    retitled = PostRetitled(
        partnership="cdc-occ",
        effective=datetime.date(2022, 9, 1),
        authorised_by=(ResolutionRef(resolution="cdc-exec-45", part=("2",)),),
        post="head-of-legal",
        previous_title="Head of Legal",
        new_title="Director of Law",
    )

    assert repr(retitled) == (
        "PostRetitled(partnership='cdc-occ', effective=datetime.date(2022, 9, 1), "
        "authorised_by=(ResolutionRef(resolution='cdc-exec-45', part=('2',)),), "
        "post='head-of-legal', previous_title='Head of Legal', new_title='Director of Law')"
    )
    assert repr(Part(number="1", summary="agree")) == "Part(number='1', summary='agree')"
    assert repr(Mechanism.S113_AGREEMENT) == "Mechanism.S113_AGREEMENT"


@pytest.mark.parametrize("cls", _catalogue_classes(), ids=lambda cls: cls.__name__)
def test_every_class_in_the_catalogue_prints_as_code(cls: type) -> None:
    if issubclass(cls, enum.Enum):
        member = next(iter(cls))
        assert repr(member) == f"{cls.__name__}.{member.name}"
    else:
        assert "_repr_pretty_" in vars(cls), f"{cls.__name__} lacks the code repr"
        assert re.fullmatch(r"<function code_repr at .*>", repr(vars(cls)["__repr__"]))


def _failing_example(run: Any) -> str:
    """The ``Failing test case`` notes hypothesis adds to the error *run* raises."""
    with pytest.raises(AssertionError) as caught:
        run()
    notes = getattr(caught.value, "__notes__", [])
    start = next(i for i, note in enumerate(notes) if note.startswith("Failing test case"))
    end = next(
        (
            i
            for i, note in enumerate(notes)
            if i > start and (note == "Explanation:" or note.startswith("You can reproduce"))
        ),
        len(notes),
    )
    first = notes[start].removeprefix("Failing test case:").strip()
    return "\n".join([first, *notes[start + 1 : end]]).removeprefix("<state machine>")


def test_a_failing_history_prints_as_a_list_of_events() -> None:
    history = histories(partnerships=1, length=8)
    found: list[list[Event]] = []

    @settings(
        max_examples=200, database=None, phases=[Phase.generate, Phase.shrink], print_blob=False
    )
    @given(history=history)
    def is_short(history: list[Event]) -> None:
        found.append(history)
        assert len(history) < 3

    printed = _failing_example(is_short)

    assert "World(" not in printed and "lambda" not in printed
    text = printed.strip()
    assert text.startswith("is_short(") and text.endswith(")")
    argument = text.removeprefix("is_short(").removesuffix(")").strip().rstrip(",")
    pasted = eval(argument.removeprefix("history="), NAMESPACE)
    assert pasted == found[-1]
    assert len(pasted) >= 3 and isinstance(pasted[0], ev.PartnershipFormed)


class _OneAppendAtMost(LedgerMachine):
    """A machine whose own invariant is wrong: it fails once a second event is appended."""

    partnerships = 1

    @invariant()
    def at_most_one_event(self) -> None:
        assert len(self.appended) <= 1, f"{len(self.appended)} events appended"


class _Fixed(_OneAppendAtMost):
    """The same machine with the invariant corrected."""

    @invariant()
    def at_most_one_event(self) -> None:
        assert len(self.appended) == len(list(self.ledger.events()))


def test_a_failing_machine_prints_appends_that_paste_back() -> None:
    printed = _failing_example(
        lambda: run_state_machine_as_test(
            _OneAppendAtMost,
            # without shrinking: the first failing run pastes back as well, and shrinking
            # the machine's worlds took most of this test's minute or two
            settings=settings(
                max_examples=5,
                stateful_step_count=3,
                deadline=None,
                database=None,
                phases=[Phase.generate],
                print_blob=False,
            ),
        )
    )

    assert "Draw " not in printed and "data=" not in printed, printed
    assert "state.record_decisions(events=[" in printed, printed
    with pytest.raises(AssertionError, match="events appended"):
        exec(printed, {**NAMESPACE, "_OneAppendAtMost": _OneAppendAtMost})
    # The same steps against the corrected machine: a passing reproduction.
    try:
        exec(printed, {**NAMESPACE, "_OneAppendAtMost": _Fixed})
    except Exception as exc:
        raise AssertionError(f"the pasted steps failed ({exc!r}):\n{printed}") from exc


def test_a_rejection_prints_as_code() -> None:
    rejection = Rejection(
        events=(
            ev.PartnershipDissolved(
                partnership="cdc-occ",
                effective=datetime.date(2022, 9, 1),
                authorised_by=(ev.Citation(document="Agreement"),),
            ),
        ),
        error=errors.RuleViolation,
        rule="a partnership is dissolved once",
    )

    assert eval(repr(rejection), NAMESPACE) == rejection
    assert eval(pretty(rejection), NAMESPACE) == rejection

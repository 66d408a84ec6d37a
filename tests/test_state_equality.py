"""State values compare and hash field by field, as attrs' own methods did.

The state classes (``projections.state``, ``projections.verdicts``, ``partstate``,
``council``, ``changes``) are declared ``eq=False`` and get their ``__eq__`` and
``__hash__`` from :func:`govledger._code.share_equality`, made on first use; attrs'
repr stays. These checks hold them to attrs' behaviour on real states.
"""

from __future__ import annotations

import importlib
import pickle
import subprocess
import sys
from datetime import date, timedelta

import attrs
import pytest

from factories import P, formed, resolved
from govledger import Ledger, Outcome, Part
from govledger._code import code_repr

DAY = date(2021, 1, 1)
MODULES = (
    "govledger.projections.state",
    "govledger.projections.verdicts",
    "govledger.partstate",
    "govledger.council",
    "govledger.changes.model",
    "govledger.changes.spells",
)


@pytest.mark.parametrize("name", MODULES)
def test_every_state_class_has_the_shared_equality_and_attrs_repr(name: str) -> None:
    module = importlib.import_module(name)
    classes = [
        value
        for value in vars(module).values()
        if isinstance(value, type) and value.__module__ == name and attrs.has(value)
    ]
    assert classes
    for cls in classes:
        if cls.__name__ == "PartsIndex":  # identity equality by design
            assert cls.__eq__ is object.__eq__
            continue
        if cls.__hash__ is None:  # mutable (attrs.define) builders keep attrs' eq, unhashable
            continue
        made_by = cls.__eq__.__code__.co_filename  # the stub, or what it made on first use
        assert made_by.endswith("_code.py") or made_by.startswith("<govledger equality"), cls
        assert cls.__eq__ is not object.__eq__, cls
        assert cls.__hash__ is not None and cls.__hash__ is not object.__hash__, cls
        assert cls.__repr__ is not code_repr, cls


def _states() -> tuple[object, object, object]:
    parts = (Part(number="1", summary="noted", outcome=Outcome.NOTED),)
    with Ledger.open(":memory:") as ledger:
        ledger.append(formed(), resolved("a1", DAY, *parts))
        ledger.append(resolved("b1", DAY + timedelta(days=5), *parts, council="beta"))
        first = ledger.state(P, DAY + timedelta(days=1))
        again = ledger.state(P, DAY + timedelta(days=1))
        later = ledger.state(P, DAY + timedelta(days=6))
    return first, again, later


def test_states_compare_and_hash_field_by_field() -> None:
    first, again, later = _states()
    assert first is not again
    assert first == again and hash(first) == hash(again)
    assert first != later
    rebuilt = pickle.loads(pickle.dumps(first))
    assert rebuilt == first and hash(rebuilt) == hash(first)
    assert repr(rebuilt) == repr(first)
    part = first.part("a1(1)")  # type: ignore[attr-defined]
    assert part is not None and part == again.part("a1(1)")  # type: ignore[attr-defined]
    assert part != object() and (part == object()) is False


def test_import_makes_no_state_equality() -> None:
    code = (
        "import govledger\n"
        "from govledger.partstate import PartState\n"
        "print(PartState.__eq__.__code__.co_filename)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "_code.py" in done.stdout

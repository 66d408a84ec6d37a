"""The testing kit itself: the pytest plugin, the strategies, the machine, the teeth script."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import date
from functools import cache
from pathlib import Path

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st

from factories import SEARCH, first_holding
from govledger import (
    ArrangementDecoupled,
    CallInDetermined,
    CallInOutcome,
    ConditionLapsed,
    ConditionSatisfied,
    DelegatedDecisionTaken,
    Event,
    Ledger,
    MemberSucceeded,
    Outcome,
    PartnershipDissolved,
    PartnershipFormed,
    Period,
    PostRetitled,
    ResolutionPassed,
    ResolutionRef,
    errors,
)
from govledger.events import certain_from
from govledger.projections import foreign_refs
from govledger.testing import (
    LedgerMachine,
    Rejection,
    World,
    all_invalid_events,
    batches,
    histories,
    invalid_events,
    worlds,
)
from govledger.testing.plugin import PROFILES, TickingClock, register_profiles
from govledger.testing.strategies import HISTORY_END, HISTORY_START

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k != "CI"} | env
    environment["PYTHONPATH"] = str(ROOT / "src")
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# --------------------------------------------------------------------------- the plugin


def test_ledger_fixture_is_a_fresh_in_memory_ledger(ledger: Ledger) -> None:
    assert ledger.partnerships() == []


def test_ledger_fixture_records_with_the_ticking_clock(govledger_clock: TickingClock) -> None:
    first = govledger_clock()
    assert (govledger_clock() - first).total_seconds() == 1


def test_plugin_registers_its_profiles_under_its_own_names() -> None:
    for short, values in PROFILES.items():
        profile = settings.get_profile(f"govledger-{short}")
        assert profile.deadline is None
        assert profile.max_examples == values["max_examples"]
    assert PROFILES["ci"]["max_examples"] > PROFILES["dev"]["max_examples"]  # type: ignore[operator]


def test_this_projects_own_runs_use_a_govledger_profile() -> None:
    expected = "govledger-suite-ci" if os.environ.get("CI") else "govledger-dev"
    assert settings.get_current_profile_name() == expected
    if os.environ.get("CI"):  # govledger-ci in all but the number of examples
        now, kit = settings(), settings.get_profile("govledger-ci")
        assert now.max_examples < kit.max_examples
        assert (now.derandomize, now.database, now.deadline) == (True, None, None)
        assert now.stateful_step_count == kit.stateful_step_count


_UNRELATED_TEST = """
from hypothesis import given, settings, strategies as st

def test_profile():
    now = settings()
    checks = sorted(check.name for check in now.suppress_health_check)
    deadline = None if now.deadline is None else f"{now.deadline.total_seconds() * 1000:.0f}ms"
    print("PROFILE", settings.get_current_profile_name(), now.max_examples, deadline, checks)

@given(number=st.integers())
def test_an_unrelated_property(number):
    assert number == number
"""


def _profile_line(result: pytest.RunResult) -> str:
    found = [line[line.index("PROFILE ") :] for line in result.outlines if "PROFILE " in line]
    assert found, "\n".join(result.outlines + result.errlines)
    return found[0]


@pytest.fixture
def user_suite(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A user's project of its own, with govledger[test] installed beside it."""
    monkeypatch.delenv("CI", raising=False)
    pytester.makepyfile(test_unrelated=_UNRELATED_TEST)
    return pytester


def test_plugin_leaves_an_unrelated_suite_its_own_settings(user_suite: pytest.Pytester) -> None:
    result = user_suite.runpytest_subprocess("-s", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    assert _profile_line(result) == "PROFILE default 100 200ms []"


def test_plugin_keeps_a_profile_the_users_conftest_loaded(
    user_suite: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    user_suite.makeconftest(
        "from hypothesis import settings\n"
        "settings.register_profile('mine', max_examples=7)\n"
        "settings.load_profile('mine')\n"
    )
    monkeypatch.setenv("CI", "true")
    result = user_suite.runpytest_subprocess("-s", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    assert _profile_line(result).startswith("PROFILE mine 7 ")


@pytest.mark.parametrize(
    ("option", "ci", "expected"),
    [
        ("--govledger-profile=dev", False, "PROFILE govledger-dev 50 None"),
        ("--govledger-profile=auto", False, "PROFILE govledger-dev 50 None"),
        ("--govledger-profile=auto", True, "PROFILE govledger-ci 100 None"),
        ("--hypothesis-profile=govledger-ci", False, "PROFILE govledger-ci 100 None"),
    ],
)
def test_plugin_loads_its_profile_when_asked(
    user_suite: pytest.Pytester,
    monkeypatch: pytest.MonkeyPatch,
    option: str,
    ci: bool,
    expected: str,
) -> None:
    if ci:
        monkeypatch.setenv("CI", "true")
    result = user_suite.runpytest_subprocess("-s", "-p", "no:cacheprovider", option)
    result.assert_outcomes(passed=2)
    assert _profile_line(result) == f"{expected} ['data_too_large', 'too_slow']"


def test_plugin_refuses_two_profile_options_at_once(user_suite: pytest.Pytester) -> None:
    result = user_suite.runpytest_subprocess(
        "-p", "no:cacheprovider", "--govledger-profile=dev", "--hypothesis-profile=default"
    )
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    assert "pass one of them" in result.stderr.str()


def test_ledgers_fixture_works_with_given_in_a_users_suite(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_with_given="""
        from hypothesis import given, settings
        from govledger.testing import histories

        # no deadline: a loaded machine may take over a second for the first append
        @settings(max_examples=3, database=None, deadline=None)
        @given(history=histories(partnerships=1, length=6))
        def test_every_history_appends(ledgers, history):
            with ledgers() as ledger:
                assert ledger.partnerships() == []
                ledger.append(*history)
                assert ledger.version(history[0].partnership) == len(history)
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1)


@settings(max_examples=5)
@given(history=histories(partnerships=1, length=6))
def test_ledgers_gives_a_fresh_ledger_per_example(
    ledgers: Callable[[], AbstractContextManager[Ledger]], history: list[Event]
) -> None:
    with ledgers() as ledger:
        assert ledger.partnerships() == []
        ledger.append(*history)
        assert [r.event for r in ledger.events()] == history


def test_core_and_plugin_import_without_hypothesis() -> None:
    code = (
        "import sys, govledger, govledger.testing, govledger.testing.plugin\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'hypothesis'))\n"
        "from govledger.testing import LedgerMachine\n"
        "print('hypothesis' in sys.modules)\n"
    )
    result = run(["-c", code], ROOT)
    assert result.stdout.split() == ["[]", "True"], result.stderr


def test_unknown_name_in_the_testing_package_is_an_attribute_error() -> None:
    import govledger.testing

    with pytest.raises(AttributeError, match="no_such_thing"):
        _ = govledger.testing.no_such_thing


# --------------------------------------------------------------------------- strategies


@pytest.mark.parametrize(
    ("arguments", "named"),
    [
        ({"partnerships": 0}, "partnerships=0"),
        ({"length": 0}, "length=0"),
        ({"start": date(2020, 1, 1), "end": date(2019, 1, 1)}, "start=2020-01-01"),
        ({"start": date(1700, 1, 1)}, "start=1700-01-01"),
    ],
)
def test_histories_reject_bad_arguments_by_name(arguments: dict[str, object], named: str) -> None:
    with pytest.raises(ValueError, match=named):
        histories(**arguments)  # type: ignore[arg-type]


def test_invalid_events_need_a_formed_partnership() -> None:
    empty = World(start=HISTORY_START, end=HISTORY_END, max_partnerships=1, gap=30)
    with pytest.raises(ValueError, match="no partnership"):
        invalid_events(empty)
    with pytest.raises(ValueError, match="no partnership"):
        all_invalid_events(empty)


@given(history=histories(partnerships=1, length=20), data=st.data())
def test_batches_keep_every_event_in_order(history: list[Event], data: st.DataObject) -> None:
    groups = data.draw(batches(history))
    assert all(groups)
    assert [event for group in groups for event in group] == history


@given(history=histories(partnerships=2, length=20, start=date(2015, 1, 1), end=date(2018, 1, 1)))
def test_effective_dates_fall_in_the_range_asked_for(history: list[Event]) -> None:
    for event in history:
        assert date(2015, 1, 1) <= certain_from(event.effective) <= date(2018, 1, 1), event


@given(history=histories())
def test_generated_histories_read_like_minutes(history: list[Event]) -> None:
    formed = [e for e in history if isinstance(e, PartnershipFormed)]
    assert formed and all("Council" in m.name for e in formed for m in e.members)


def _back_dated(history: list[Event]) -> bool:
    latest: dict[str, date] = {}
    for event in history:
        day = certain_from(event.effective)
        if day < latest.get(event.partnership, day):
            return True
        latest[event.partnership] = max(day, latest.get(event.partnership, day))
    return False


def _satisfied_before_decision(history: list[Event]) -> bool:
    decided = {
        c.id: certain_from(e.effective)
        for e in history
        if isinstance(e, ResolutionPassed)
        for _, part in e.walk()
        for c in part.conditions
    }
    return any(
        isinstance(e, ConditionSatisfied) and certain_from(e.effective) < decided[e.condition]
        for e in history
    )


def _parts(history: list[Event]) -> list[tuple[tuple[str, ...], object]]:
    return [
        (path, part) for e in history if isinstance(e, ResolutionPassed) for path, part in e.walk()
    ]


def _each_member_decides(history: list[Event]) -> bool:
    return any(
        len({a.resolution for a in getattr(e, "authorised_by", ()) if isinstance(a, ResolutionRef)})
        > 1
        for e in history
    )


FEATURES: dict[str, Callable[[list[Event]], bool]] = {
    "several partnerships": lambda h: len({e.partnership for e in h}) > 1,
    "a back-dated entry": _back_dated,
    "a condition met before the decision": _satisfied_before_decision,
    "a lapsed condition": lambda h: any(isinstance(e, ConditionLapsed) for e in h),
    "a decision referred back on call-in": lambda h: any(
        isinstance(e, CallInDetermined) and e.outcome is CallInOutcome.REFERRED_BACK for e in h
    ),
    "a change each member decided separately": _each_member_decides,
    "a recommendation later adopted": lambda h: any(
        getattr(part, "adopts", None) is not None for _, part in _parts(h)
    ),
    "a lost motion": lambda h: any(
        getattr(part, "outcome", None) is Outcome.LOST for _, part in _parts(h)
    ),
    "a nested part": lambda h: any(len(path) > 1 for path, _ in _parts(h)),
    "an uncertain date": lambda h: any(isinstance(e.effective, Period) for e in h),
    "a delegation exercised": lambda h: any(isinstance(e, DelegatedDecisionTaken) for e in h),
    "a retitle": lambda h: any(isinstance(e, PostRetitled) for e in h),
    "a decoupling": lambda h: any(isinstance(e, ArrangementDecoupled) for e in h),
    "a successor authority": lambda h: any(isinstance(e, MemberSucceeded) for e in h),
    "a dissolution": lambda h: any(isinstance(e, PartnershipDissolved) for e in h),
    "a change citing a decision of another partnership": lambda h: any(foreign_refs(e) for e in h),
}


@cache
def _first_with_feature() -> dict[str, int]:
    return first_holding(histories(), FEATURES)


@pytest.mark.parametrize("feature", sorted(FEATURES))
def test_histories_include(feature: str) -> None:
    first = _first_with_feature()

    assert feature in first, f"none of {SEARCH.max_examples} histories drawn holds {feature!r}"


#: Every kind of rule the rejections drawn must break, by its error.
RULE_ERRORS: list[type[errors.RuleViolation]] = [
    errors.UnknownPartnership,
    errors.DuplicateId,
    errors.NotAMember,
    errors.InvalidCostShare,
    errors.InvalidTransition,
    errors.AlreadyDecoupled,
    errors.ArrangementClosed,
    errors.TitleMismatch,
    errors.BodyDisbandedError,
    errors.VoteContradictsOutcome,
    errors.InvalidAuthority,
    errors.DelegationNotInForce,
    errors.UnknownReference,
]

#: The agreement rules the rejections drawn must break, by their words.
AGREEMENT_RULES = [
    "only a member's agreement can be off the record",
    "not_on_record is for partnership-level changes",
    "a mirrored decision must be on record",
    "a council cannot mirror its own decision",
    "a decision cited from another partnership is a member council's",
    "a decision cited from another partnership is recorded there",
    "a decision withdrawn in its own partnership authorises nothing elsewhere",
]


def _raises(error: type[errors.RuleViolation]) -> Callable[[list[Rejection]], bool]:
    return lambda rejections: any(r.error is error for r in rejections)


def _breaks(rule: str) -> Callable[[list[Rejection]], bool]:
    return lambda rejections: any(r.rule == rule for r in rejections)


@cache
def _first_rejections() -> dict[str, int]:
    """One search of the rejections drawn, for every error and every agreement rule."""
    features = {f"error {error.__name__}": _raises(error) for error in RULE_ERRORS}
    features |= {f"rule {rule}": _breaks(rule) for rule in AGREEMENT_RULES}
    return first_holding(worlds().flatmap(all_invalid_events), features)


@pytest.mark.parametrize("error", RULE_ERRORS, ids=lambda e: e.__name__)
def test_invalid_events_break_every_kind_of_rule(error: type[errors.RuleViolation]) -> None:
    first = _first_rejections()

    assert f"error {error.__name__}" in first, f"no rejection drawn is a {error.__name__}"


@pytest.mark.parametrize("rule", AGREEMENT_RULES)
def test_invalid_events_break_the_agreement_rules(rule: str) -> None:
    first = _first_rejections()

    assert f"rule {rule}" in first, f"no rejection drawn breaks {rule!r}"


def test_rejection_says_which_rule_and_error() -> None:
    world = find(worlds(partnerships=1, length=3), lambda w: bool(w.events), settings=SEARCH)
    rejection = find(invalid_events(world), lambda r: True, settings=SEARCH)
    assert rejection.error.__name__ in str(rejection)
    assert rejection.rule in str(rejection)


# --------------------------------------------------------------------------- the machine


def test_machine_storage_follows_the_profile_unless_set() -> None:
    machine = LedgerMachine()
    try:
        expected_file = os.environ.get("CI") is not None  # the suite's CI profile, or dev
        assert (machine.path is not None) is expected_file
    finally:
        machine.teardown()


@pytest.mark.parametrize(
    ("profile", "on_file"),
    [("govledger-ci", True), ("ci", True), ("built-on-ci", True), ("govledger-dev", False)],
)
def test_the_machine_runs_on_a_file_under_any_ci_profile(profile: str, on_file: bool) -> None:
    register_profiles()
    settings.register_profile("built-on-ci", parent=settings.get_profile("ci"), max_examples=3)
    before = settings.get_current_profile_name()
    settings.load_profile(profile)
    try:
        machine = LedgerMachine()
        try:
            assert (machine.path is not None) is on_file
        finally:
            machine.teardown()
    finally:
        settings.load_profile(before)


def test_file_machine_cleans_up_its_database() -> None:
    class OnFile(LedgerMachine):
        storage = "file"

    machine = OnFile()
    assert machine.path is not None
    machine.ledger.partnerships()
    assert machine.path.parent.exists()
    machine.teardown()
    assert not machine.path.parent.exists()


def test_a_subclass_runs_under_pytest_as_the_docs_show(tmp_path: Path) -> None:
    test_file = tmp_path / "test_my_rules.py"
    test_file.write_text(
        textwrap.dedent(
            """
            from hypothesis import settings
            from hypothesis.stateful import invariant

            from govledger.testing import LedgerMachine


            class MyMachine(LedgerMachine):
                @invariant()
                def pending_decisions_say_why(self) -> None:
                    for state in self.latest_states():
                        assert all(p.reasons for p in state.pending)


            TestMyMachine = MyMachine.TestCase
            TestMyMachine.settings = settings(
                max_examples=5, stateful_step_count=8, deadline=None, database=None
            )
            """
        ),
        encoding="utf-8",
    )
    result = run(["-m", "pytest", "-q", "-p", "no:cacheprovider", str(test_file)], tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout


def test_the_example_machine_is_collected_by_pytest() -> None:
    example = ROOT / "examples" / "custom_invariant.py"
    result = run(["-m", "pytest", "--collect-only", "-q", str(example)], ROOT)
    assert "TestNothingStartsEarly::runTest" in result.stdout, result.stdout + result.stderr


def test_a_machine_that_breaks_a_users_invariant_is_caught() -> None:
    from hypothesis.stateful import invariant, run_state_machine_as_test

    class NoMoreThanOneEvent(LedgerMachine):
        @invariant()
        def at_most_one_event(self) -> None:
            assert len(self.appended) <= 1

    with pytest.raises(AssertionError):
        run_state_machine_as_test(
            NoMoreThanOneEvent,
            settings=settings(
                max_examples=20, deadline=None, database=None, phases=[Phase.generate]
            ),
        )


# --------------------------------------------------------------------------- teeth


def test_every_teeth_mutation_still_applies_to_the_source() -> None:
    spec = importlib.util.spec_from_file_location("check_teeth", ROOT / "scripts/check_teeth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    assert module.main(["--check"]) == 0


def test_registering_the_profiles_again_never_builds_dev_on_the_loaded_profile() -> None:
    before = settings.get_current_profile_name()
    settings.load_profile("govledger-ci")
    try:
        register_profiles()
        dev = settings.get_profile("govledger-dev")
        assert dev.derandomize is False
        assert dev.max_examples == PROFILES["dev"]["max_examples"]
    finally:
        settings.load_profile(before)

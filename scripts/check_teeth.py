"""Show that the invariant suite has teeth: break one rule at a time, watch a test fail.

For each mutation, copy ``src/``, ``tests/``, ``examples/`` and ``pyproject.toml`` to a
temporary directory, patch one piece of library text, and run the property test meant
to catch it there (``PYTHONPATH`` points at the copy, so the working tree is never touched and
hypothesis keeps its example database in the copy). A mutation is *caught* when the
test fails; the script also runs ``TestLedgerMachine`` on each mutant, to show what the
state machine alone catches. A baseline run on the unpatched copy must pass first.
Prints a Markdown table; exits 1 if the baseline fails or any mutation survives its
property test.

    python scripts/check_teeth.py            # every mutation, hypothesis profile "ci"
    python scripts/check_teeth.py --check    # only confirm each patch still applies
    python scripts/check_teeth.py --profile dev --only fold-order
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SUITE = "tests/test_invariants.py"


@dataclass(frozen=True)
class Mutation:
    """One deliberate bug: replace *old* (which must occur once) by *new* in *path*."""

    name: str
    description: str
    path: str
    old: str
    new: str
    test: str


MUTATIONS: tuple[Mutation, ...] = (
    Mutation(
        name="second-decoupling",
        description="allow decoupling an arrangement that was already decoupled",
        path="src/govledger/rules/_lookups.py",
        old="    if found.status is ArrangementStatus.DECOUPLED:",
        new="    if False:",
        test="test_rejected_append_leaves_the_database_byte_for_byte_unchanged",
    ),
    Mutation(
        name="sum-to-one",
        description="skip the check that cost shares sum to one",
        path="src/govledger/rules/checks.py",
        old="    if total != 1:",
        new="    if False:",
        test="test_rejected_append_leaves_the_database_byte_for_byte_unchanged",
    ),
    Mutation(
        name="disbanded-body-decides",
        description="let a disbanded body pass resolutions",
        path="src/govledger/rules/authority.py",
        old="        if body.disbanded is not None and (",
        new="        if False and (",
        test="test_rejected_append_leaves_the_database_byte_for_byte_unchanged",
    ),
    Mutation(
        name="no-recheck-after-back-dating",
        description="check a back-dated entry but not the later history it affects",
        path="src/govledger/rules/engine.py",
        old="            _check(fold, event, decisions)\n",
        new=(
            "            if position in new_positions:\n"
            "                _check(fold, event, decisions)\n"
        ),
        test="test_rejected_append_leaves_the_database_byte_for_byte_unchanged",
    ),
    Mutation(
        name="conditions-ignored",
        description="put a conditional change in force before its condition is met",
        path="src/govledger/projections/verdicts.py",
        old="        if condition.id not in fold.conditions_satisfied:",
        new="        if False:",
        test="test_conditional_decision_is_never_in_force_before_its_condition",
    ),
    Mutation(
        name="adoption-ignored",
        description="put a change in force before the bodies it was recommended to adopt it",
        path="src/govledger/projections/verdicts.py",
        old="    found = recommendation_of(resolution, path)\n    if found is None:\n",
        new="    found = recommendation_of(resolution, path)\n    if True:\n",
        test="test_no_change_is_in_force_while_an_ancestor_of_its_authority_awaits_adoption",
    ),
    Mutation(
        name="adopted-conditions-ignored",
        description="let an adoption ignore the conditions on the part it adopts",
        path="src/govledger/projections/verdicts.py",
        old="        if adopts_key not in visiting:\n",
        new="        if False:\n",
        test="test_conditions_on_a_recommended_part_bind_every_adoption_of_it",
    ),
    Mutation(
        name="ancestor-adoption-ignored",
        description="count only an adoption of the part itself, not of a part above it",
        path="src/govledger/projections/verdicts.py",
        old="for prefix in ((), *prefixes(path)))",
        new="for prefix in (path,))",
        test="test_adopting_a_part_adopts_its_descendants",
    ),
    Mutation(
        name="meeting-status-ignored",
        description="let a decision of a meeting that could not decide authorise changes",
        path="src/govledger/projections/verdicts.py",
        old="    if not resolution.meeting_status.can_decide:\n        return _Verdict(",
        new="    if False:\n        return _Verdict(",
        test="test_a_meeting_that_could_not_decide_authorises_nothing",
    ),
    Mutation(
        name="correction-known-early",
        description="apply a correction to questions asked before it was recorded",
        path="src/govledger/ledger/corrections.py",
        old='            types=("EntryRetracted",),\n            max_position=known,\n',
        new='            types=("EntryRetracted",),\n',
        test="test_a_corrected_meeting_status_counts_from_the_correction_being_known",
    ),
    Mutation(
        name="closed-arrangement-revived",
        description="apply a waiting change to an arrangement that closed meanwhile",
        path="src/govledger/projections/targets.py",
        old="    if not settled.in_force:\n",
        new="    if False:\n",
        test="test_decoupled_arrangement_never_reappears",
    ),
    Mutation(
        name="shares-accumulate",
        description="add a newer cost share to the older one instead of superseding it",
        path="src/govledger/projections/apply.py",
        old="        shares=event.shares,\n",
        new=(
            "        shares=event.shares + (fold.cost_shares[event.scope].shares"
            " if event.scope in fold.cost_shares else ()),\n"
        ),
        test="test_cost_shares_sum_to_one_in_every_state",
    ),
    Mutation(
        name="disbanded-from-establishment",
        description="record a body as disbanded from the day it was established",
        path="src/govledger/projections/apply.py",
        old="fold.bodies[event.body] = attrs.evolve(fold.bodies[event.body], disbanded=day)",
        new=(
            "fold.bodies[event.body] = attrs.evolve(fold.bodies[event.body], "
            "disbanded=fold.bodies[event.body].established)"
        ),
        test="test_disbanded_body_has_no_resolution_effective_after_disbandment",
    ),
    Mutation(
        name="fold-order",
        description="fold events in the order given instead of effective-date order",
        path="src/govledger/projections/fold.py",
        old="    ordered = sorted(corrected(events), key=lambda pair: order_key(pair[1], pair[0]))",
        new="    ordered = corrected(events)",
        test="test_replay_is_deterministic",
    ),
    Mutation(
        name="fractions-as-floats",
        description="store exact fractions as floating-point numbers",
        path="src/govledger/codec.py",
        old='    return f"{value.numerator}/{value.denominator}"',
        new="    return str(float(value))",
        test="test_every_stored_event_round_trips",
    ),
    Mutation(
        name="version-skips",
        description="number a partnership's versions in steps of two",
        path="src/govledger/store/chain.py",
        old="        versions[partnership] += 1\n",
        new="        versions[partnership] += 2\n",
        test="test_positions_are_gapless_and_versions_increase_by_one",
    ),
)


def apply(mutation: Mutation, root: Path) -> None:
    """Patch *mutation* into the copy at *root*; fail loudly if its text has moved."""
    target = root / mutation.path
    text = target.read_text(encoding="utf-8")
    found = text.count(mutation.old)
    if found != 1:
        raise SystemExit(
            f"{mutation.name}: expected the text to patch once in {mutation.path}, found it "
            f"{found} times; update scripts/check_teeth.py:\n{mutation.old}"
        )
    target.write_text(text.replace(mutation.old, mutation.new), encoding="utf-8")


def copy_project(into: Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.egg-info", ".hypothesis")
    for name in ("src", "tests", "examples"):  # tests load the seed ledgers from examples/
        shutil.copytree(ROOT / name, into / name, ignore=ignore)
    shutil.copy2(ROOT / "pyproject.toml", into / "pyproject.toml")


_TEETH_PROFILE = """

# Added by scripts/check_teeth.py: the chosen profile, without shrinking or a database,
# so that a caught mutation is reported as soon as one failing example is found.
def _teeth_profile() -> None:
    from hypothesis import HealthCheck, Phase, settings

    from govledger.testing.plugin import PROFILES

    settings.register_profile(
        "teeth",
        deadline=None,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
        **PROFILES["{profile}"],  # type: ignore[arg-type]
    )


_teeth_profile()
"""


def run_tests(root: Path, tests: list[str], profile: str) -> tuple[bool, float, str]:
    """Run *tests* of the copy at *root*; return (passed, seconds, last output line)."""
    conftest = root / "tests" / "conftest.py"
    text = conftest.read_text(encoding="utf-8")
    if "_teeth_profile" not in text:
        conftest.write_text(text + _TEETH_PROFILE.replace("{profile}", profile), encoding="utf-8")
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    env["PYTHONPATH"] = str(root / "src")
    command = [
        sys.executable,
        "-m",
        "pytest",
        "-x",
        "-q",
        "-p",
        "no:cacheprovider",
        "--no-header",
        "--hypothesis-profile=teeth",
        "--hypothesis-seed=0",
        *[f"{SUITE}::{test}" for test in tests],
    ]
    started = time.monotonic()
    result = subprocess.run(
        command, cwd=root, env=env, capture_output=True, text=True, timeout=1800, check=False
    )
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    return result.returncode == 0, time.monotonic() - started, lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--profile", default="ci", choices=("dev", "ci"), help="example budget (default: ci)"
    )
    parser.add_argument("--only", action="append", help="run only this mutation (repeatable)")
    parser.add_argument("--check", action="store_true", help="only check each patch applies")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTATIONS if not args.only or m.name in args.only]
    if args.check:
        for mutation in chosen:
            with tempfile.TemporaryDirectory() as directory:
                shutil.copytree(ROOT / "src", Path(directory) / "src")
                apply(mutation, Path(directory))
        print(f"all {len(chosen)} mutations apply")
        return 0
    machine = "TestLedgerMachine"
    rows = [
        f"| Mutation (one at a time) | File | Property test | Result | `{machine}` |",
        "|---|---|---|---|---|",
    ]
    survived = 0
    with tempfile.TemporaryDirectory(prefix="govledger-teeth-") as directory:
        base = Path(directory) / "baseline"
        copy_project(base)
        tests = sorted({m.test for m in chosen})
        passed, seconds, summary = run_tests(base, [*tests, machine], args.profile)
        baseline = f"passes ({seconds:.0f} s)" if passed else f"FAILS: {summary}"
        rows.append(f"| (none: baseline) | | every test below | {baseline} | passes |")
        survived += not passed
        for mutation in chosen:
            root = Path(directory) / mutation.name
            copy_project(root)
            apply(mutation, root)
            passed, seconds, _ = run_tests(root, [mutation.test], args.profile)
            survived += passed
            by_machine, machine_seconds, _ = run_tests(root, [machine], args.profile)
            rows.append(
                f"| {mutation.description} | `{mutation.path.removeprefix('src/govledger/')}` "
                f"| `{mutation.test}` | {_verdict(passed, seconds)} "
                f"| {_verdict(by_machine, machine_seconds)} |"
            )
            print(rows[-1], file=sys.stderr, flush=True)
    print("\n".join(rows))
    return 1 if survived else 0


def _verdict(passed: bool, seconds: float) -> str:
    return f"**survived** ({seconds:.0f} s)" if passed else f"caught ({seconds:.0f} s)"


if __name__ == "__main__":
    raise SystemExit(main())

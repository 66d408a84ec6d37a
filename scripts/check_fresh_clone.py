"""Run the README's test command as a new user would: a fresh clone, nothing beside it.

    python scripts/check_fresh_clone.py

Clones this repository's HEAD into an empty temporary directory (so no ``../shared``
seed records sit beside it) and runs the README's "Run the tests" command there,
verbatim, with ``PYTEST_ADDOPTS`` narrowing the run to the test modules whose outcome
depends on what is beside the clone or installed in it: those that read the seed
records, and those that use an optional extra (PostgreSQL, Datasette, the
benchmark's baselines) which the README's command does not install. The
full suite already runs in CI itself, with every extra. It checks that:

- the closing line is a pass line (no failures or errors) with skips in it, and every
  skip says the seed records are not checked out, or names another optional extra;
- the whole suite collects in that fresh environment (only the ``test`` extra), so a
  module that imports something only CI installs fails here.

Exit status 0 when all of that holds; the output says what did not.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
#: How a test module shows that it reads the seed records beside the repository.
READS_SEEDS = re.compile(r"\bseed_records\b|[\"']\.\./shared\b|[\"']shared[\"']\s*/")
#: How a test module shows that it uses something only an optional extra installs.
USES_EXTRA = re.compile(r"psycopg|postgres|datasette|eventsourcing", re.I)
#: Leaves out the tests that run on a backend every install has (those already ran).
ON_EXTRA_ONLY = "not sqlite and not memory"
#: Variables that make a missing seed or server fail; a new user has neither set.
#: CI sets every ``GOVLEDGER_REQUIRE_*`` (and may point at the seeds elsewhere).
REQUIRING = ("PYTEST_ADDOPTS", "GOVLEDGER_SHARED", "VIRTUAL_ENV")
SEED_SKIP = "the seed records are not checked out"
CLOSING = re.compile(r"^=+ (?P<counts>.+?) in [0-9.]+s(?: \([0-9:]+\))? =+$")


def readme_test_command(readme: Path = ROOT / "README.md") -> str:
    """The shell command in the README's "Run the tests" block."""
    text = readme.read_text(encoding="utf-8")
    found = re.search(r"\*\*Run the tests\*\*.*?```bash\n(?P<command>.+?)\n```", text, re.S)
    if found is None:
        raise SystemExit("README.md has no 'Run the tests' bash block")
    return found["command"].strip()


def seed_reading_modules(tests: Path = TESTS) -> list[str]:
    """Test modules (relative to the repository) that read the seed records."""
    return sorted(
        str(path.relative_to(tests.parent))
        for path in tests.rglob("test_*.py")
        if READS_SEEDS.search(path.read_text(encoding="utf-8"))
    )


def extra_using_modules(tests: Path = TESTS) -> list[str]:
    """Test modules that use an optional extra the README's test command leaves out.

    Without the extra they must skip, saying which; a test that needs psycopg and
    does not skip without it fails here, as it would for a new user.
    """
    return sorted(
        str(path.relative_to(tests.parent))
        for path in tests.rglob("test_*.py")
        if USES_EXTRA.search(path.read_text(encoding="utf-8"))
    )


def closing_counts(output: str) -> dict[str, int]:
    """``{"passed": 12, "skipped": 3}`` from pytest's closing line; ``{}`` if it has none."""
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    if not lines:
        return {}
    match = CLOSING.match(lines[-1])
    if match is None:
        return {}
    counts: dict[str, int] = {}
    for part in match["counts"].split(", "):
        number, _, word = part.partition(" ")
        if number.isdigit():
            counts[word.rstrip("s") if word in ("errors", "warnings") else word] = int(number)
    return counts


def problems_with_run(output: str, returncode: int) -> list[str]:
    """What is wrong with a run of the seed-reading modules in a clone without the seeds."""
    counts = closing_counts(output)
    found = []
    if not counts:
        found.append("the output does not end with pytest's closing line")
    for bad in ("failed", "error", "xpassed"):
        if counts.get(bad):
            found.append(f"the closing line reports {counts[bad]} {bad}")
    if not counts.get("skipped"):
        found.append("no test skipped, though the seed records are absent")
    if returncode != 0:
        found.append(f"pytest exited with {returncode}")
    skips = [line for line in output.splitlines() if line.startswith("SKIPPED")]
    if counts.get("skipped") and not any(SEED_SKIP in line for line in skips):
        found.append(f"no skip says {SEED_SKIP!r} (the -ra summary lists none)")
    return found


def _environment() -> dict[str, str]:
    return {
        k: v
        for k, v in os.environ.items()
        if k not in REQUIRING and not k.startswith("GOVLEDGER_REQUIRE_")
    }


def main() -> int:
    command = readme_test_command()
    seeds = seed_reading_modules()
    extras = extra_using_modules()
    modules = sorted({*seeds, *extras})
    print(f"README test command: {command}")
    print(f"seed-reading modules: {' '.join(seeds)}")
    print(f"modules using an optional extra: {' '.join(extras)}")
    with tempfile.TemporaryDirectory(prefix="govledger-fresh-") as parent:
        clone = Path(parent) / "govledger"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        assert not (clone.parent / "shared").exists()
        # The contract suite's SQLite and in-memory runs need no extra and already ran
        # in CI; only the runs on an optional backend can fail for want of one.
        narrowed = [*modules, "-k", ON_EXTRA_ONLY]
        env = _environment() | {"PYTEST_ADDOPTS": shlex.join(narrowed)}
        run = subprocess.run(
            ["bash", "-c", command], cwd=clone, env=env, capture_output=True, text=True
        )
        output = run.stdout + run.stderr
        print(run.stdout.rstrip().splitlines()[-1] if run.stdout.strip() else "(no output)")
        found = problems_with_run(run.stdout, run.returncode)
        collect = subprocess.run(
            [str(clone / ".venv/bin/python"), "-m", "pytest", "--collect-only", "-q"],
            cwd=clone,
            env=_environment(),
            capture_output=True,
            text=True,
        )
        last = collect.stdout.strip().splitlines()[-1] if collect.stdout.strip() else ""
        print(f"collection of the whole suite: {last}")
        if collect.returncode != 0 or not re.search(r"\d+ tests? collected", last):
            found.append(f"the whole suite does not collect in a fresh clone:\n{collect.stdout}")
    if found:
        print(output, file=sys.stderr)
        for problem in found:
            print(f"FAILED: {problem}", file=sys.stderr)
        return 1
    print("the README's test command passes in a fresh clone without ../shared")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

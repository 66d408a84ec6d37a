"""What a newcomer meets first: the package metadata, the README on PyPI, a fresh clone."""

from __future__ import annotations

import importlib.util
import re
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
REPOSITORY = "https://github.com/govledger/govledger"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


FRESH = _script("check_fresh_clone")


def test_licence_is_an_spdx_expression_without_the_classifier() -> None:
    project = PYPROJECT["project"]
    assert project["license"] == "MIT"
    assert not [c for c in project["classifiers"] if c.startswith("License ::")]


def test_project_urls_point_at_the_repository() -> None:
    urls = PYPROJECT["project"]["urls"]
    assert {"Homepage", "Documentation", "Repository", "Issues", "Changelog"} <= set(urls)
    assert all(url.startswith(REPOSITORY) for url in urls.values())


def test_readme_links_are_absolute_and_name_files_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)]+)\)", readme)
    assert links
    relative = [link for link in links if not link.startswith("https://")]
    assert relative == [], "PyPI renders relative links as broken; make them absolute"
    prefix = f"{REPOSITORY}/blob/main/"
    for link in links:
        if link.startswith(prefix):
            assert (ROOT / link.removeprefix(prefix).split("#")[0]).is_file(), link


def test_the_test_extra_needs_no_database_driver() -> None:
    extras = PYPROJECT["project"]["optional-dependencies"]
    assert not [req for req in extras["test"] if req.startswith("psycopg")]
    assert [req for req in extras["postgres"] if req.startswith("psycopg")]


def test_ci_runs_the_readmes_test_command_verbatim_and_the_fresh_clone_check() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()
    assert ci[-1] == FRESH.readme_test_command()
    assert "postgres" in next(line for line in ci if "pip install" in line and "-e" in line)
    assert any("scripts/check_fresh_clone.py" in line for line in ci)
    assert any("twine check" in line for line in ci)


def test_the_fresh_clone_check_runs_every_module_that_reads_the_seeds() -> None:
    modules = FRESH.seed_reading_modules()
    assert "tests/test_ingest_corpus.py" in modules
    assert "tests/test_ingest_eval.py" in modules
    assert "tests/test_packaging.py" not in modules


def test_the_fresh_clone_check_runs_every_module_that_uses_an_optional_extra() -> None:
    # A test needing psycopg that did not skip without it once passed CI, which installs
    # every extra, and failed for a new user with only the test extra.
    modules = FRESH.extra_using_modules()
    assert "tests/contract/test_store_contract.py" in modules
    assert "tests/test_export_datasette.py" in modules
    assert "tests/test_bench_quick.py" in modules
    assert "tests/test_ingest_eval.py" not in modules


@pytest.mark.parametrize(
    ("output", "returncode", "problems"),
    [
        (
            "SKIPPED [5] tests/x.py:3: the seed records are not checked out at /s\n"
            "================= 70 passed, 5 skipped in 3.21s =================\n",
            0,
            [],
        ),
        (
            "SKIPPED [5] tests/x.py:3: the seed records are not checked out at /s\n"
            "============ 15 failed, 55 passed, 5 skipped in 3.21s (0:00:03) ============\n",
            1,
            ["the closing line reports 15 failed", "pytest exited with 1"],
        ),
        (
            "========================= 70 passed in 3.21s =========================\n",
            0,
            ["no test skipped, though the seed records are absent"],
        ),
        (
            "SKIPPED [1] tests/x.py:3: needs eventsourcing\n"
            "================= 1 error, 5 skipped in 3.21s =================\n",
            1,
            [
                "the closing line reports 1 error",
                "pytest exited with 1",
                "no skip says 'the seed records are not checked out' (the -ra summary lists none)",
            ],
        ),
        ("Traceback (most recent call last):\n", 1, None),
    ],
)
def test_the_fresh_clone_check_reads_the_closing_line(
    output: str, returncode: int, problems: list[str] | None
) -> None:
    found = FRESH.problems_with_run(output, returncode)
    if problems is None:
        assert "the output does not end with pytest's closing line" in found
    else:
        assert found == problems

"""Every public name has an entry in the API reference, so a reader never meets one undocumented.

The public names are ``govledger.__all__`` and the ``__all__`` of every public module
and package directly under it (``events``, ``store``, ``testing``, ``export``, ...; a
module without ``__all__`` exports what it defines without a leading underscore). A
package's public names are those its ``__init__`` exports.

The test builds the site with ``mkdocs build --strict`` and reads the inventory
mkdocstrings writes (``objects.inv``): a name has an entry when the inventory holds it
under the path it is imported by, or holds the same object under its own name
elsewhere (``govledger.ChainHead`` is documented as ``govledger.store.chain.ChainHead``).
It needs the ``docs`` extra; without it the test skips, and with
``GOVLEDGER_REQUIRE_DOCS=1`` (set by ``.ci/run``) it fails.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import pkgutil
import subprocess
import sys
import zlib
from collections import defaultdict
from pathlib import Path
from types import ModuleType

import pytest

import govledger

ROOT = Path(__file__).resolve().parents[1]
REQUIRE_VARIABLE = "GOVLEDGER_REQUIRE_DOCS"


def public_modules() -> list[ModuleType]:
    """``govledger`` and every module or package directly under it without a leading ``_``."""
    names = [
        f"govledger.{info.name}"
        for info in pkgutil.iter_modules(govledger.__path__)
        if not info.name.startswith("_")
    ]
    return [govledger, *(importlib.import_module(name) for name in sorted(names))]


def public_names(module: ModuleType) -> list[str]:
    exported = getattr(module, "__all__", None)
    if exported is not None:
        return list(exported)
    return [
        name
        for name, value in vars(module).items()
        if not name.startswith("_") and getattr(value, "__module__", None) == module.__name__
    ]


def _read_inventory(path: Path) -> set[str]:
    """The Python object paths in a Sphinx-style ``objects.inv`` (version 2)."""
    header, _, compressed = path.read_bytes().partition(b"zlib.\n")
    assert b"# Sphinx inventory version 2" in header, "not a version 2 inventory"
    names = set()
    for line in zlib.decompress(compressed).decode("utf-8").splitlines():
        name, domain_role, *_ = line.split(" ")
        if domain_role.startswith("py:"):
            names.add(name)
    return names


def _resolve(path: str) -> tuple[bool, object]:
    """The object at a dotted *path*: the longest importable module, then attributes."""
    parts = path.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        try:
            for attribute in parts[cut:]:
                found = getattr(found, attribute)
        except AttributeError:
            return False, None
        return True, found
    return False, None


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The documentation site, built with ``mkdocs build --strict``."""
    missing = [m for m in ("mkdocs", "mkdocstrings") if importlib.util.find_spec(m) is None]
    if missing:
        message = f"the API reference check needs the docs extra ({', '.join(missing)} missing)"
        if os.environ.get(REQUIRE_VARIABLE) == "1":
            pytest.fail(f"{message}; {REQUIRE_VARIABLE}=1 requires it", pytrace=False)
        pytest.skip(message)
    site = tmp_path_factory.mktemp("site")
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    assert built.returncode == 0, f"mkdocs build --strict failed:\n{built.stderr[-4000:]}"
    return site


@pytest.fixture(scope="module")
def inventory(site: Path) -> set[str]:
    return _read_inventory(site / "objects.inv")


def _documented_objects(inventory: set[str]) -> dict[str, list[object]]:
    """For each last name in the inventory, the objects documented under it."""
    by_name: dict[str, list[object]] = defaultdict(list)
    for path in inventory:
        if not path.startswith("govledger"):
            continue
        found, value = _resolve(path)
        if found:
            by_name[path.rpartition(".")[2]].append(value)
    return by_name


def undocumented(inventory: set[str]) -> list[str]:
    by_name = _documented_objects(inventory)
    missing = []
    for module in public_modules():
        for name in public_names(module):
            if f"{module.__name__}.{name}" in inventory:
                continue
            value = getattr(module, name)
            if not any(value is other for other in by_name.get(name, ())):
                missing.append(f"{module.__name__}.{name}")
    return missing


def test_every_public_name_has_an_api_reference_entry(inventory: set[str]) -> None:
    missing = undocumented(inventory)

    assert not missing, (
        "add a mkdocstrings entry under docs/reference/ for each of:\n  " + "\n  ".join(missing)
    )


def test_the_check_sees_the_public_modules_and_their_names() -> None:
    modules = {module.__name__ for module in public_modules()}

    assert {
        "govledger",
        "govledger.events",
        "govledger.store",
        "govledger.testing",
        "govledger.export",
        "govledger.changes",
        "govledger.rules",
        "govledger.projections",
        "govledger.ingest",
        "govledger.proofs",
        "govledger.whatif",
        "govledger.council",
    } <= modules
    assert not [m for m in modules if m.rpartition(".")[2].startswith("_")]
    assert "LedgerMachine" in public_names(importlib.import_module("govledger.testing"))
    assert "GovLedgerError" in public_names(importlib.import_module("govledger.errors"))


def test_a_name_missing_from_the_inventory_is_reported(inventory: set[str]) -> None:
    without = {path for path in inventory if not path.endswith((".TestClock", ".KnownAt"))}

    missing = undocumented(without)

    assert "govledger.testing.TestClock" in missing
    assert "govledger.KnownAt" in missing
    assert "govledger.ledger.KnownAt" in missing


def test_the_changelog_and_the_why_page_are_in_the_site(site: Path) -> None:
    changelog = (site / "changelog" / "index.html").read_text(encoding="utf-8")
    why = (site / "why" / "index.html").read_text(encoding="utf-8")
    home = (site / "index.html").read_text(encoding="utf-8")

    assert "Unreleased" in changelog and "Keep a Changelog" in changelog
    assert "eventsourcing" in why and "Popolo" in why and "published decision pages" in why
    assert 'href="changelog/"' in home and 'href="why/"' in home  # both are in the navigation

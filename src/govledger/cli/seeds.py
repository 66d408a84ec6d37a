"""Finding the seed examples that ``govledger demo`` records: :func:`examples_dir`."""

from __future__ import annotations

import importlib
import site
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Protocol, cast

from ..errors import NotALedger
from ..ledger import Ledger
from ._common import Failure

# --------------------------------------------------------------------------- the seed demo


class SeedModule(Protocol):
    """What ``govledger demo`` uses of ``examples/seed_ledger.py``."""

    VIEWS: tuple[tuple[str, str, tuple[tuple[date, str], ...]], ...]

    def build(self, path: Path, *, say: Callable[[str], object] = ...) -> Ledger: ...

    def show_all(self, ledger: Ledger) -> None: ...


def _example_candidates() -> list[Path]:
    """Where the seed examples may be: installed data files, then a source checkout."""
    installed = [Path(sys.prefix), Path(site.getuserbase())]
    found = [base / "share" / "govledger" / "examples" for base in installed]
    found.append(Path(__file__).resolve().parents[3] / "examples")  # editable install
    return list(dict.fromkeys(found))


def examples_dir() -> Path:
    """The directory holding ``seed_ledger.py`` and the five seed examples.

    ``pip install`` puts them in ``<prefix>/share/govledger/examples``; an editable
    install uses the ``examples/`` directory of the source tree.
    """
    candidates = _example_candidates()
    for candidate in candidates:
        if (candidate / "seed_ledger.py").is_file():
            return candidate
    looked = ", ".join(str(c) for c in candidates)
    raise Failure(
        f"cannot find the seed examples (looked in {looked}). They are installed with "
        "govledger: reinstall it with `pip install govledger`, or from a source checkout "
        "run `python examples/seed_ledger.py`."
    )


def seed_module() -> SeedModule:
    """Import ``seed_ledger`` from the examples directory."""
    directory = str(examples_dir())
    if directory not in sys.path:
        sys.path.insert(0, directory)
    try:
        module = importlib.import_module("seed_ledger")
    except ImportError as exc:
        raise Failure(f"the seed examples in {directory} could not be imported: {exc}") from exc
    return cast(SeedModule, module)


def check_replaceable(path: Path, seeds: frozenset[str]) -> None:
    """Refuse to replace a file unless it is a seed ledger an earlier demo built."""
    if not path.exists():
        return
    try:
        with Ledger.open(path) as existing:
            found = set(existing.partnerships())
    except NotALedger as exc:
        raise Failure(
            f"{path} exists and is not a govledger ledger, so demo will not replace it; "
            "pass another --db"
        ) from exc
    extra = sorted(found - seeds)
    if extra:
        raise Failure(
            f"{path} holds partnerships the seed ledger does not ({', '.join(extra)}), so "
            "demo will not replace it; pass another --db"
        )

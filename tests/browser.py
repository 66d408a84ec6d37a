"""Headless Chromium and Datasette for the tests that look at what a person sees.

Both are optional outside CI: a test that needs one skips, saying why, when it is not
installed; with ``GOVLEDGER_REQUIRE_CHROMIUM=1`` or ``GOVLEDGER_REQUIRE_DATASETTE=1``
(set by ``.ci/run``) its absence fails instead. Screenshots are written to
``$GOVLEDGER_ARTIFACTS`` (default: the test's temporary directory) and their paths
printed, so that a CI log names them; with ``GOVLEDGER_DOCS_SCREENSHOTS=1`` they are also
copied into ``docs/images/`` for the how-to page.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Every screenshot taken in this run, listed at the end of the run's output.
SHOTS: list[Path] = []
DOCS_IMAGES = ROOT / "docs" / "images"
_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def _required(variable: str) -> bool:
    return os.environ.get(variable) == "1"


def chromium() -> str:
    """The Chromium executable; skip (fail under ``GOVLEDGER_REQUIRE_CHROMIUM=1``) without."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    message = "headless Chromium is not installed (apt-get install chromium)"
    if _required("GOVLEDGER_REQUIRE_CHROMIUM"):
        pytest.fail(f"{message}; GOVLEDGER_REQUIRE_CHROMIUM=1 requires it", pytrace=False)
    pytest.skip(message)


def need_datasette() -> None:
    """Skip (fail under ``GOVLEDGER_REQUIRE_DATASETTE=1``) unless Datasette is installed."""
    if importlib.util.find_spec("datasette") is not None:
        return
    message = "Datasette is not installed (pip install -e '.[export]')"
    if _required("GOVLEDGER_REQUIRE_DATASETTE"):
        pytest.fail(f"{message}; GOVLEDGER_REQUIRE_DATASETTE=1 requires it", pytrace=False)
    pytest.skip(message)


def _run(arguments: list[str], timeout: float = 120) -> str:
    with tempfile.TemporaryDirectory(prefix="govledger-chromium-") as profile:
        done = subprocess.run(
            [chromium(), *_FLAGS, f"--user-data-dir={profile}", *arguments],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
    if done.returncode != 0:
        raise AssertionError(f"chromium failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout


def dump_dom(url: str) -> str:
    """The page's DOM after its scripts ran, as Chromium serialises it."""
    return _run(["--virtual-time-budget=5000", "--dump-dom", url])


def screenshot(url: str, name: str, fallback: Path, *, width: int, height: int) -> Path:
    """Save a PNG of *url* as *name* among the artifacts, print its path, return it."""
    where = Path(os.environ.get("GOVLEDGER_ARTIFACTS") or fallback)
    where.mkdir(parents=True, exist_ok=True)
    path = where / name
    _run(
        [
            "--virtual-time-budget=5000",
            f"--window-size={width},{height}",
            f"--screenshot={path}",
            url,
        ]
    )
    SHOTS.append(path)  # the run's summary names each artifact (see export_seeds.py)
    if _required("GOVLEDGER_DOCS_SCREENSHOTS"):
        DOCS_IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, DOCS_IMAGES / name)
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])

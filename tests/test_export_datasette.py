"""Real Datasette serves the ledger file's views with readable columns."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browser import free_port, need_datasette, screenshot
from govledger.export.datasette import VIEW_DESCRIPTIONS, metadata

_START_SECONDS = 120


def _get(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=30) as response:
        return json.loads(response.read().decode("utf-8"))


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory, seed_db: Path) -> Iterator[tuple[str, Path]]:
    """Datasette serving a copy of the seed ledger on 127.0.0.1, with its metadata."""
    need_datasette()
    where = tmp_path_factory.mktemp("datasette")
    db = where / "seeds.db"
    shutil.copy(seed_db, db)
    meta = where / "metadata.json"
    meta.write_text(json.dumps(metadata(db.stem)), encoding="utf-8")
    port = free_port()
    command = [sys.executable, "-m", "datasette", "serve", str(db), "-m", str(meta)]
    command += ["-h", "127.0.0.1", "-p", str(port), "--setting", "sql_time_limit_ms", "20000"]
    log = (where / "datasette.log").open("w", encoding="utf-8")
    server = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + _START_SECONDS
        while True:
            try:
                _get(f"{base}/-/versions.json")
                break
            except (urllib.error.URLError, ConnectionError):
                if server.poll() is not None or time.monotonic() > deadline:
                    output = (where / "datasette.log").read_text(encoding="utf-8")
                    pytest.fail(f"datasette did not start on {base}: {output[-2000:]}")
                time.sleep(0.5)
        yield base, db
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _direct(db: Path, view: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    connection = sqlite3.connect(db)
    try:
        cursor = connection.execute(f"SELECT * FROM {view}")
        return [d[0] for d in cursor.description], cursor.fetchall()
    finally:
        connection.close()


@pytest.mark.parametrize("view", list(VIEW_DESCRIPTIONS))
def test_datasette_serves_each_view_with_its_rows_and_columns(
    served: tuple[str, Path], view: str
) -> None:
    base, db = served
    columns, rows = _direct(db, view)

    data = _get(f"{base}/{db.stem}/{view}.json?_shape=objects&_size=max")

    assert data["columns"] == columns
    assert "payload" not in data["columns"]
    assert len(data["rows"]) == len(rows)
    assert sorted(json.dumps(r, sort_keys=True) for r in data["rows"]) == sorted(
        json.dumps(dict(zip(columns, row, strict=True)), sort_keys=True) for row in rows
    )


def test_datasette_shows_the_titles_and_column_descriptions(served: tuple[str, Path]) -> None:
    base, db = served

    served_metadata = _get(f"{base}/-/metadata.json")

    tables = served_metadata["databases"][db.stem]["tables"]
    assert tables["decisions"]["title"] == VIEW_DESCRIPTIONS["decisions"][0]
    assert tables["decisions"]["columns"]["decided_earliest"]


def test_datasette_searches_decisions_by_their_words(served: tuple[str, Path]) -> None:
    base, db = served

    data = _get(f"{base}/{db.stem}/decisions.json?_shape=objects&_search=chief")

    assert data["rows"]
    assert all("chief" in (r["title"] + " " + (r["summaries"] or "")).lower() for r in data["rows"])


def test_datasette_pages_are_screenshotted_for_the_docs(
    served: tuple[str, Path], tmp_path: Path
) -> None:
    base, db = served

    shown = (
        "_col=decided_by&_col=title&_col=decided_earliest&_col=decided_latest&_col=decided_words"
    )
    for view, query in (("decisions", shown), ("arrangement_spells", "")):
        shot = screenshot(
            f"{base}/{db.stem}/{view}?{query}",
            f"datasette-{view}.png",
            tmp_path,
            width=1280,
            height=2400,
        )
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

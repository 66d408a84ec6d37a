"""The bytes of a SQLite ledger file on disk, for tests that prove nothing was written."""

from __future__ import annotations

from pathlib import Path


def file_bytes(path: Path) -> dict[str, bytes]:
    """The database and its write-ahead log, by file name.

    The ``-shm`` file is SQLite's shared-memory index, not data: readers may touch it,
    so it is left out.
    """
    files = sorted(path.parent.glob(path.name + "*"))
    return {f.name: f.read_bytes() for f in files if not f.name.endswith("-shm")}

"""Data out of a ledger: tables (CSV, JSON Lines), Popolo, and a timeline report.

An edge like :mod:`govledger.cli`: it reads a :class:`~govledger.Ledger` through its
public methods, and the core never imports it.
"""

from __future__ import annotations

from .ocd import ocd
from .popolo import popolo
from .tables import (
    TABLES,
    Column,
    Table,
    read_csv,
    read_jsonl,
    tables,
    write_csv,
    write_jsonl,
)

__all__ = [
    "TABLES",
    "Column",
    "Table",
    "ocd",
    "popolo",
    "read_csv",
    "read_jsonl",
    "tables",
    "write_csv",
    "write_jsonl",
]

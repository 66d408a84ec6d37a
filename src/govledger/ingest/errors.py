"""The errors only the ingest package raises (the core never reads minutes or drafts)."""

from __future__ import annotations

from ..errors import GovLedgerError, UsageError

__all__ = ["DraftError", "IngestError"]


class IngestError(GovLedgerError, ValueError):
    """A minutes file could not be read as minutes: missing, empty, binary, or with no
    decisions in it. Nothing was written."""


class DraftError(UsageError):
    """A draft (or a review of one) is not a govledger draft of a version this release reads."""

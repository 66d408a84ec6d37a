"""The errors the ingest package raises; they live in :mod:`govledger.errors`."""

from __future__ import annotations

from ..errors import DraftError, IngestError

__all__ = ["DraftError", "IngestError"]

"""One call from a file to a reviewed-ready draft: read, parse, propose events."""

from __future__ import annotations

from pathlib import Path

from .aliases import Aliases
from .draft import Draft
from .parse import parse
from .propose import propose
from .text import Document, load

__all__ = ["ingest_document", "ingest_file"]


def ingest_document(
    doc: Document, *, partnership: str, aliases: Aliases | None = None, source_name: str = ""
) -> Draft:
    """The draft of an already-read document, with its proposed events."""
    chosen = aliases or Aliases()
    draft = parse(doc, partnership=partnership, aliases=chosen, source_name=source_name)
    return propose(draft, doc, chosen)


def ingest_file(
    path: str | Path,
    *,
    partnership: str,
    aliases: Aliases | None = None,
    format: str | None = None,
) -> Draft:
    """Read the minutes file at *path* and return its draft with proposed events.

    Raises :class:`~govledger.ingest.errors.IngestError` for a missing, empty or binary
    file, or a page with no decisions in it.
    """
    doc = load(path, format=format)
    return ingest_document(
        doc, partnership=partnership, aliases=aliases, source_name=Path(path).name
    )

"""One call from a file to a reviewed-ready draft: read, parse, propose events."""

from __future__ import annotations

import re
from pathlib import Path

from .aliases import Aliases
from .draft import Draft
from .errors import IngestError
from .pages import parse_pages
from .propose import propose
from .text import Document, load

__all__ = ["check_partnership", "ingest_document", "ingest_file"]

_PARTNERSHIP = re.compile(r"[a-z0-9]+(?:[-_.][a-z0-9]+)*")


def check_partnership(partnership: str) -> str:
    """*partnership* if it is a valid id (a slug such as ``cdc-occ``), else IngestError."""
    if (
        not isinstance(partnership, str)
        or not partnership
        or len(partnership) > 120
        or not (_PARTNERSHIP.fullmatch(partnership))
    ):
        shown = partnership if len(str(partnership)) <= 40 else f"{str(partnership)[:40]}..."
        raise IngestError(
            f"--partnership {shown!r} is not a partnership id: use lower-case letters and "
            "digits joined by '-', '_' or '.', such as 'cdc-occ'"
        )
    return partnership


def ingest_document(
    doc: Document, *, partnership: str, aliases: Aliases | None = None, source_name: str = ""
) -> Draft:
    """The draft of an already-read document, with its proposed events."""
    check_partnership(partnership)
    chosen = aliases or Aliases()
    draft = parse_pages(doc, partnership=partnership, aliases=chosen, source_name=source_name)
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

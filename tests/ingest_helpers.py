"""Drafting a text in the ingest tests: its draft as JSON and the entries scored in it.

Shared by the test modules that build a page and assert what its draft holds, so each
states only the page and the answer.
"""

from __future__ import annotations

from typing import Any

from govledger.ingest import ingest_document, read_text
from govledger.ingest.evaluate import draft_entries


def draft(text: str, *, partnership: str = "p") -> dict[str, Any]:
    """The draft of plain *text* for *partnership*, as JSON."""
    return ingest_document(read_text(text), partnership=partnership).to_json()


def entries(text: str, kind: str = "outcomes") -> list[tuple[Any, ...]]:
    """The entries of one field *kind* in the draft of *text*, in a stable order."""
    return sorted(draft_entries(draft(text))[kind], key=repr)


def all_entries(text: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every field kind's entries in the draft of *text*, each in a stable order."""
    return {kind: sorted(found, key=repr) for kind, found in draft_entries(draft(text)).items()}

"""Minutes in, events out: read a minutes or decision page into a draft, review, apply.

An edge package: it depends on the public core (events, codec, ledger, errors) and the
core never imports it::

    from govledger.ingest import ingest_file, apply_draft
    draft = ingest_file("cabinet-2023-06-14.html", partnership="wdc-hbc")
    # ... review draft.to_json(), fill the placeholders ...
    apply_draft(ledger, reviewed)
"""

from .aliases import Aliases, load_aliases, parse_aliases
from .apply import ApplyFailed, Problem, apply_draft, check_draft, draft_events
from .draft import DRAFT_SCHEMA_VERSION, Draft, Field, Flag, ProposedEvent, dump_draft, load_draft
from .errors import DraftError, IngestError
from .evaluate import KINDS, Score, evaluate_corpus
from .pipeline import ingest_document, ingest_file
from .review import apply_review, load_review
from .text import Document, load, read_html, read_text

__all__ = [
    "DRAFT_SCHEMA_VERSION",
    "KINDS",
    "Aliases",
    "ApplyFailed",
    "Document",
    "Draft",
    "DraftError",
    "Field",
    "Flag",
    "IngestError",
    "Problem",
    "ProposedEvent",
    "Score",
    "apply_draft",
    "apply_review",
    "check_draft",
    "draft_events",
    "dump_draft",
    "evaluate_corpus",
    "ingest_document",
    "ingest_file",
    "load",
    "load_aliases",
    "load_draft",
    "load_review",
    "parse_aliases",
    "read_html",
    "read_text",
]

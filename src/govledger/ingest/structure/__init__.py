"""Finding the structure of minutes: items, resolution blocks and their numbered parts.

Works on the plain text of a :class:`~govledger.ingest.text.Document`; every offset
here indexes that text. Nothing here knows about events.
"""

from __future__ import annotations

from ._blocks import find_blocks
from ._items import ItemSpan, find_items
from ._lines import Line, label_at, lines_of
from ._markers import NOTICE_FIELD
from ._narrative import Block, outcome_sentence
from ._parts import RawPart, number_in_order, split_parts

__all__ = [
    "NOTICE_FIELD",
    "Block",
    "ItemSpan",
    "Line",
    "RawPart",
    "find_blocks",
    "find_items",
    "label_at",
    "lines_of",
    "number_in_order",
    "outcome_sentence",
    "split_parts",
]

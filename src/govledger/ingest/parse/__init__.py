"""From a minutes text to a draft: meeting facts, items, parts and what each part says.

:func:`parse` reads a :class:`~govledger.ingest.text.Document` and returns a
:class:`~govledger.ingest.draft.Draft` whose every field cites its words (a span of
the raw input) and carries a confidence. What cannot be told is left empty and
flagged. The proposed events are added by :mod:`govledger.ingest.propose`.
"""

from __future__ import annotations

import hashlib
from datetime import date

from ..aliases import Aliases
from ..draft import Draft, Item
from ..errors import IngestError
from ..structure import Block, ItemSpan, find_blocks, find_items
from ..text import Document
from ._fields import _exempt
from ._item import _parts_of_item
from ._meeting import _call_in, _find_body, _header_dates, _header_end
from ._reader import ParsedPart, _Reader
from ._status import (
    call_in_exemption,
    call_in_words,
    key_decision,
    meeting_status,
    urgency,
    urgent_item,
)

__all__ = ["ParsedPart", "parse"]


#: An unnumbered text longer than this whose only "decision" is a sentence in its
#: narrative ("the minutes were noted") is not a decision record.
_NARRATIVE_ONLY_LIMIT = 20_000


def _only_narrative(items: list[ItemSpan], blocks: list[list[Block]], text: str) -> bool:
    """Whether the only evidence of a decision is a narrative sentence in a long text
    with no numbered minutes: such a text is refused rather than given a made-up part."""
    if any(item.number is not None for item in items) or len(text) <= _NARRATIVE_ONLY_LIMIT:
        return False
    return all(b.kind.startswith("sentence") for found in blocks for b in found)


def parse(
    doc: Document,
    *,
    partnership: str,
    aliases: Aliases | None = None,
    source_name: str = "",
) -> Draft:
    """Read *doc* into a draft (without proposed events; see :func:`ingest`).

    Raises :class:`IngestError` when the text holds no resolution, decision or
    recommendation at all.
    """
    reader = _Reader(doc, aliases or Aliases())
    text = doc.text
    items = find_items(text)
    blocks_by_item = [find_blocks(text, item.start, item.end) for item in items]
    if _only_narrative(items, blocks_by_item, text):
        blocks_by_item = [[] for _ in items]
    if not any(blocks_by_item) and items[0].start > 0:
        # the only decision printed above the first numbered line ("RESOLVED" then "That
        # ...", then "1. A03FP - Commencement" and its other conditions read as items):
        # the text before it is an item of its own rather than the page's header alone
        above = find_blocks(text, 0, items[0].start)
        if above:
            items = [ItemSpan(start=0, end=items[0].start, number=None, title=None), *items]
            blocks_by_item = [above, *blocks_by_item]
    if not any(blocks_by_item):
        raise IngestError(
            "no decisions were found: the text has no RESOLVED, DECISION or RECOMMENDED "
            'heading and no numbered resolutions ("(1) That ..."). Is it a minutes or '
            "decision page? If its headings were lost, add the word RESOLVED before the "
            "decisions and ingest it again"
        )
    header_end = _header_end(items, blocks_by_item, text)
    spans = [(b.marker_start, b.end) for blocks in blocks_by_item for b in blocks]
    notice = sum(1 for blocks in blocks_by_item if blocks) == 1
    header = _header_dates(reader, header_end, spans, notice=notice)
    decided = header.get("decided")
    reference: date | None = None
    if decided is not None:
        reference = date.fromisoformat(decided.value["latest"])
    else:
        reader.flag("meeting.decided", "the meeting or decision date is not in the text")
    body = _find_body(reader, header_end)
    if body is None:
        reader.flag("meeting.body", "the deciding body is not named in the page's heading")
    out_items: list[Item] = []
    for index, (item, blocks) in enumerate(zip(items, blocks_by_item, strict=True)):
        if not blocks:
            continue
        read = _parts_of_item(reader, len(out_items), item, blocks, reference)
        number = (
            None
            if item.number is None
            else reader.field(item.number[0], item.number[1], item.number[2], 0.9)
        )
        title = (
            None
            if item.title is None
            else reader.field(item.title[0], item.title[1], item.title[2], 0.8)
        )
        if number is None:
            reader.flag(f"items[{len(out_items)}].number", "the item has no printed number")
        if title is None:
            reader.flag(f"items[{len(out_items)}].title", "the item's title could not be found")
        out_items.append(
            Item(
                number=number,
                title=title,
                exempt=_exempt(reader, item),
                parts=tuple(read.parts),
                votes=tuple(read.votes),
                conditions=tuple(read.conditions),
                dates=tuple(read.dates),
                motions=tuple(read.motions),
            )
        )
        del index
    call_in, call_in_at = _call_in(reader, header_end)
    raw_bytes = doc.raw.encode("utf-8", "surrogatepass")
    meeting_dates = tuple(header.values())
    return Draft(
        source={
            "name": source_name,
            "format": doc.format,
            "sha256": hashlib.sha256(raw_bytes).hexdigest(),
            "length": len(doc.raw),
        },
        partnership=partnership,
        body=body,
        decided=decided,
        published=header.get("published"),
        effective=header.get("effective"),
        call_in=call_in,
        call_in_deadline=header.get("call_in_deadline"),
        call_in_words=call_in_words(reader, call_in, call_in_at),
        call_in_exemption=call_in_exemption(reader, call_in, call_in_at),
        urgency=urgency(reader),
        urgent_item=urgent_item(reader),
        key_decision=key_decision(reader),
        meeting_status=meeting_status(reader),
        dates=meeting_dates,
        items=tuple(out_items),
        flags=tuple(reader.flags),
    )

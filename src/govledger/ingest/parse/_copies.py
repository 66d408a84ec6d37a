"""A block's heading printed again with nothing under it: the same heading, not a new one."""

from __future__ import annotations

from ..structure import Block, ItemSpan
from ..votes import find_votes


def _heading_copies(text: str, item: ItemSpan, blocks: list[Block]) -> list[tuple[int, int]]:
    """The other places in the item where a block's heading line with a vote in it
    ("RESOLVED: (Unanimously)") is printed again, with nothing under it: the same
    heading, so the same vote, not a vote of the item's narrative."""
    spans = []
    for block in blocks:
        line_end = text.find("\n", block.marker_start, item.end)
        line_end = item.end if line_end == -1 else line_end
        words = text[block.marker_start : line_end].strip()
        if len(words) < 8 or not find_votes(text, block.marker_start, line_end):
            continue
        at = text.find(words, item.start, item.end)
        while at != -1:
            if at != block.marker_start:
                spans.append((at, at + len(words)))
            at = text.find(words, at + 1, item.end)
    return spans

"""A block's lead-in: the words over its parts that every part inherits."""

from __future__ import annotations

import re

import attrs

from ._lines import _ends_sentence, label_at, lines_of
from ._narrative import Block

#: A lead-in that recommends, on the block's first line before its parts: "That it be
#: recommended to Cabinet:", "That Council be recommended to:", "the Committee recommends
#: to Council:", "to recommend to Council that:" (not "the recommendations be approved:"),
#: or one that sends its parts on for another body's decision: "the following be
#: approved for submission to Full Council:", "be referred to Council for approval:".
_RECOMMENDING_LEAD_IN = re.compile(
    r"\bbe\s+recommended\b|\brecommend(?:s|ed)?\b(?!ations?\b)(?=[^.;\n]{0,80}:)"
    r"|\bfor\s+(?:submission|referral)\s+to\s+(?:the\s+)?(?:full\s+)?(?:council|cabinet)\b"
    r"|\bbe\s+(?:submitted|referred|forwarded)\s+to\s+(?:the\s+)?(?:full\s+)?(?:council|cabinet)"
    r"\s+for\s+(?:approval|adoption|decision)\b",
    re.I,
)

#: A resolution whose own subject recommends: "That the Committee, having considered the
#: report, recommends to Council that ...", "That Cabinet recommend the Council to ...".
_SUBJECT_RECOMMENDS = re.compile(
    r"\s*(?:that\s+)?(?:the\s+)?[\w&'’ ,()-]{0,160}?\brecommends?\s+(?:to\s+)?(?:the\s+)?"
    r"(?:full\s+|each\s+|both\s+|all\s+)?(?:partner\s+|constituent\s+|respective\s+)?"
    r"(?:councils?|cabinet|executive|committee|board)\b",
    re.I,
)


def recommending(text: str, block: Block) -> Block:
    """The block as a recommendation when the lead-in over its parts recommends: every
    part inherits it, unless a part's own words say otherwise."""
    if block.kind in {"recommended", "noted", "lost_heading"} or block.kind.startswith("sentence"):
        return block
    lead_start = block.marker_end if block.marker_end > block.marker_start else block.start
    for line in lines_of(text, lead_start, min(block.end, lead_start + 400)):
        if line.blank or not line.text.strip(" :-–—\xa0\t"):
            continue  # the rest of the marker's own line: "Decision:"
        if label_at(line.text.lstrip(" :-–—\xa0\t")) is not None:
            return block  # the parts began before any lead-in recommended
        words = line.text.rstrip(" -–—\xa0\t")
        if words.endswith(":") and _RECOMMENDING_LEAD_IN.search(words):
            return attrs.evolve(block, kind="recommended")
        if _SUBJECT_RECOMMENDS.match(words.lstrip(" :-–—\xa0\t")):
            return attrs.evolve(block, kind="recommended")  # one resolution that recommends
        if words.endswith(":") or _ends_sentence(words):
            return block
    return block

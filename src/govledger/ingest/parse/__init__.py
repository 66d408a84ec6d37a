"""From a minutes text to a draft: meeting facts, items, parts and what each part says.

:func:`parse` reads a :class:`~govledger.ingest.text.Document` and returns a
:class:`~govledger.ingest.draft.Draft` whose every field cites its words (a span of
the raw input) and carries a confidence. What cannot be told is left empty and
flagged. The proposed events are added by :mod:`govledger.ingest.propose`.
"""

from __future__ import annotations

import hashlib
import re
from datetime import date

import attrs

from ..aliases import Aliases
from ..dates import FoundDate, find_dates, role_of
from ..draft import Draft, Field, Flag, Item, ResolutionPart, Span
from ..errors import IngestError
from ..extract import (
    find_conditions,
    find_delegations,
    find_recommended_to,
    outcome_of,
    role_key,
)
from ..structure import Block, ItemSpan, RawPart, find_blocks, find_items, lines_of, split_parts
from ..text import Document
from ..votes import FoundVote, find_motions, find_votes

__all__ = ["ParsedPart", "parse"]

_BODY_PATTERNS = [
    re.compile(r"^\s*Meeting\s*:\s*[\d/.]+\s*[-–—]\s*(?P<body>[^(\n]+?)\s*(?:\(|$)", re.I | re.M),
    re.compile(
        r"^\s*(?:Decision\s+(?:maker|taker)|Meeting\s+of|Decided\s+by|Committee|Body)\s*:\s*"
        r"(?P<body>[^\n]+?)\s*$",
        re.I | re.M,
    ),
    re.compile(
        r"\bminutes\s+of\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,2}?meeting\s+of\s+(?:the\s+)?"
        r"(?P<body>[^\n]+?)\s+(?:held|which\s+was\s+held|on)\b",
        re.I,
    ),
    re.compile(
        r"^\s*(?P<body>(?:[A-Z][\w&,'’]*\s+){0,8}?(?:Council|Cabinet|Executive|Committee|Board|"
        r"Panel|Group|Commission))\s*(?:[-–—,]\s*[^\n]*)?$",
        re.M,
    ),
]
_CALL_IN_NO = re.compile(
    r"\bnot\s+subject\s+to\s+call[\s-]*in\b|\bcall[\s-]*in\s+(?:does\s+not|will\s+not|shall\s+not)"
    r"\s+apply|\bsubject\s+to\s+call[\s-]*in\s*\??\s*:?\s*no\b|\bexempt(?:ed)?\s+from\s+call[\s-]*in\b|"
    r"\bcall[\s-]*in\s+(?:has\s+been\s+)?waived\b",
    re.I,
)
_CALL_IN_YES = re.compile(
    r"\bsubject\s+to\s+call[\s-]*in\s*\??\s*:?\s*(?:yes\b)?|\bcall[\s-]*in\s+(?:deadline|period|"
    r"expiry)|\bunless\s+(?:it\s+is\s+)?called[\s-]*in\b",
    re.I,
)
_EXEMPT = re.compile(
    r"\b(?:exempt|confidential|restricted)\b[^\n]{0,160}?\bparagraphs?\s+(?P<paras>\d(?:\s*(?:,|and|&)\s*\d)*)"
    r"|\bparagraphs?\s+(?P<paras2>\d(?:\s*(?:,|and|&)\s*\d)*)\s+of\s+(?:part\s+1\s+of\s+)?schedule\s+12a",
    re.I,
)
_EXEMPT_WORD = re.compile(
    r"\b(?:exempt|confidential)\s+(?:report|annex|appendix|information|item)", re.I
)


@attrs.frozen(kw_only=True)
class ParsedPart:
    """A part with its text offsets, kept for proposing events."""

    item_index: int
    part: ResolutionPart
    raw: RawPart
    own_end: int
    block_kind: str


class _Reader:
    """One parse: the document, the aliases, and the flags raised along the way."""

    def __init__(self, doc: Document, aliases: Aliases) -> None:
        self.doc = doc
        self.text = doc.text
        self.aliases = aliases
        self.flags: list[Flag] = []
        self.parsed_parts: list[ParsedPart] = []

    def span(self, start: int, end: int) -> Span:
        return self.doc.raw_span(start, end)

    def field(self, value: object, start: int, end: int, confidence: float) -> Field:
        return Field(value=value, span=self.span(start, end), confidence=round(confidence, 2))

    def flag(
        self, where: str, message: str, start: int | None = None, end: int | None = None
    ) -> None:
        span = None if start is None or end is None else self.span(start, end)
        self.flags.append(Flag(where=where, message=message, span=span))


def _date_value(found: FoundDate) -> dict[str, object]:
    return {
        "latest": found.latest.isoformat(),
        "earliest": None if found.earliest is None else found.earliest.isoformat(),
        "words": found.words,
    }


def _role_date(reader: _Reader, found: FoundDate, role: str) -> Field:
    value = {**_date_value(found), "role": role}
    return reader.field(value, found.start, found.end, found.confidence if role != "other" else 0.8)


# --------------------------------------------------------------------------- header


def _header_end(items: list[ItemSpan], blocks_by_item: list[list[Block]], text: str) -> int:
    first = items[0]
    if first.number is not None and first.number[1] > 0 and len(items) > 1:
        return items[0].start
    candidates = [b.marker_start for b in blocks_by_item[0]] if blocks_by_item else []
    limit = min(candidates) if candidates else len(text)
    return min(limit, 3000)


def _find_body(reader: _Reader, end: int) -> Field | None:
    window = reader.text[:end]
    for confidence, pattern in zip((0.9, 0.9, 0.85, 0.6), _BODY_PATTERNS, strict=True):
        for m in pattern.finditer(window):
            words = m["body"].strip().rstrip(",.:;-–")
            words = re.sub(r"^the\s+", "", words, flags=re.I)
            if not words or len(words) > 90 or re.search(r"\b(?:minutes|agenda)\b", words, re.I):
                continue
            if pattern is _BODY_PATTERNS[3] and len(m.group().strip()) > 100:
                continue
            start = m.start("body") + m["body"].find(words)
            return reader.field(words, start, start + len(words), confidence)
    return None


_DECISION_EFFECT = re.compile(
    r"\b(?:the|this)\s+decisions?\s+(?:will\s+|shall\s+)?(?:takes?|come|comes|came|took)\s+"
    r"(?:effect|into\s+(?:force|effect))\s+(?:from|on)\b",
    re.I,
)
_FIELD = re.compile(r"^\s*[A-Z][\w ?'()/-]{2,40}:\s*\S")


def _header_dates(reader: _Reader, end: int, blocks: list[tuple[int, int]]) -> dict[str, Field]:
    """The meeting's own dates: in the heading, and in "Label: date" lines outside decisions."""
    found: dict[str, Field] = {}
    text = reader.text
    for date_found in find_dates(text, start=0, end=end):
        role = role_of(text, date_found)
        if role in {"other", "due"} or role in found:
            continue
        found[role] = _role_date(reader, date_found, role)
    for line in lines_of(text, end):
        if len(line.text) > 120 or not _FIELD.match(line.text):
            continue
        if any(a <= line.start < b for a, b in blocks):
            continue
        for date_found in find_dates(text, start=line.start, end=line.end):
            role = role_of(text, date_found)
            if role in {"other", "due"} or role in found:
                continue
            found[role] = _role_date(reader, date_found, role)
    if "effective" not in found:
        # "The decision takes effect from 1 April 2024.", wherever the notice says it
        # (often under its reasons or the options considered), outside the parts.
        for m in _DECISION_EFFECT.finditer(text):
            if any(a <= m.start() < b for a, b in blocks):
                continue
            days = find_dates(text, start=m.end(), end=min(len(text), m.end() + 40))
            if days and days[0].start - m.end() <= 5:
                found["effective"] = _role_date(reader, days[0], "effective")
                break
    if "decided" not in found:
        for line in lines_of(text, 0, end)[:15]:
            if len(line.text.strip()) > 100:
                continue
            days = [
                d for d in find_dates(text, start=line.start, end=line.end) if d.earliest is None
            ]
            if days:
                found["decided"] = _role_date(reader, days[0], "decided")
                break
    return found


def _call_in(reader: _Reader, end: int) -> Field | None:
    window = reader.text[: max(end, 0)] + "\n"
    no = _CALL_IN_NO.search(reader.text)
    if no is not None:
        return reader.field(False, no.start(), no.end(), 0.85)
    yes = _CALL_IN_YES.search(window) or _CALL_IN_YES.search(reader.text)
    if yes is not None:
        return reader.field(True, yes.start(), yes.end(), 0.8)
    return None


# --------------------------------------------------------------------------- items


def _exempt(reader: _Reader, item: ItemSpan) -> Field | None:
    m = _EXEMPT.search(reader.text, item.start, item.end)
    if m is not None:
        paras = [int(p) for p in re.findall(r"\d", m["paras"] or m["paras2"]) if 1 <= int(p) <= 7]
        near = reader.text[max(item.start, m.start() - 80) : m.end() + 80].lower()
        applies = (
            "annex only" if re.search(r"\b(?:annex|appendix|appendices)\b", near) else "whole item"
        )
        return reader.field({"paragraphs": paras, "applies_to": applies}, m.start(), m.end(), 0.8)
    word = _EXEMPT_WORD.search(reader.text, item.start, item.end)
    if word is not None:
        near = word.group().lower()
        applies = "annex only" if re.search(r"annex|appendix", near) else "whole item"
        return reader.field(
            {"paragraphs": [], "applies_to": applies}, word.start(), word.end(), 0.6
        )
    return None


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


def _dedupe(reader: _Reader, blocks: list[Block], where: str) -> list[tuple[Block, list[RawPart]]]:
    """The blocks with their parts, dropping what is printed a second time.

    A part is a repeat when an earlier part of the item has its label path and its
    words: a whole block printed again (an issue history's proposed decision, decision
    and minutes), or a second copy run into the first when the heading between them was
    lost ("(a) ... (b) ... (a) ... (b) ..."). A repeated part takes its nested parts with it.
    """
    kept: list[tuple[Block, list[RawPart]]] = []
    seen: set[tuple[tuple[str, ...], str]] = set()
    for block in blocks:
        parts = split_parts(reader.text, block)
        if not parts:
            continue
        fresh: list[RawPart] = []
        repeated: tuple[str, ...] | None = None
        for part in parts:
            inside = repeated is not None and len(part.path) > len(repeated)
            if inside and part.path[: len(repeated or ())] == repeated:
                continue  # nested in a repeated part
            key = (part.path, _normal(reader.text[part.start : part.end]))
            repeated = part.path if key in seen else None
            if repeated is None:
                fresh.append(part)
                seen.add(key)
        if len(fresh) < len(parts):
            reader.flag(
                where,
                "the same resolution is printed twice: the repeat was ignored",
                block.start,
                block.end,
            )
        if fresh:
            kept.append((block, fresh))
    return kept


def _own_end(parts: list[RawPart], index: int) -> int:
    """Where a part's own words end: at its first nested part, else its end."""
    part = parts[index]
    if index + 1 < len(parts):
        following = parts[index + 1]
        if following.path[: len(part.path)] == part.path and following.label_start is not None:
            return following.label_start
    return part.end


def _vote_field(reader: _Reader, vote: FoundVote, confidence: float = 0.9) -> Field:
    if vote.in_favour is None and not vote.unanimous and not vote.casting:
        confidence = min(confidence, 0.7)
    return reader.field(vote.to_value(), vote.start, vote.end, confidence)


def _recommended_to(
    reader: _Reader,
    start: int,
    end: int,
    outcome: str,
    where: str,
    heading: tuple[str, int, int] | None = None,
) -> Field | None:
    if outcome != "recommended":
        return None
    found = find_recommended_to(reader.text, start, end) or heading
    if found is None:
        reader.flag(
            f"{where}.recommended_to",
            "the part is a recommendation but the text does not say to which body",
            start,
            end,
        )
        return None
    return reader.field(found[0], found[1], found[2], 0.8)


def _delegation_fields(reader: _Reader, start: int, end: int) -> tuple[Field, ...]:
    fields = []
    for d in find_delegations(reader.text, start, end):
        value = {
            "delegates": [
                {"title": t, "key": role_key(t), "span": list(reader.span(a, b))}
                for t, a, b in d.delegates
            ],
            "consultees": [
                {"title": t, "key": role_key(t), "span": list(reader.span(a, b))}
                for t, a, b in d.consultees
            ],
            "scope": d.scope or None,
            "limits": list(d.limits),
            "through": d.through,
        }
        fields.append(reader.field(value, d.start, d.end, 0.8))
    return tuple(fields)


_TASK = re.compile(
    r"\b(?:present|presents|presented|report|reports|reported|prepare|prepares|submit|submits|"
    r"submitted|bring|brings|develop|develops|take\s+place|takes\s+place|be\s+(?:held|undertaken|"
    r"carried\s+out|completed)|consult\w*)\b"
    r"(?!\s+(?:of|from|on\s+the\s+(?:programme|performance)))",
    re.I,
)


def _part_dates(reader: _Reader, start: int, end: int, reference: date | None) -> tuple[Field, ...]:
    """A part's dates: its own meeting-date words are "other" there; a task's date is due."""
    fields = []
    text = reader.text
    for found in find_dates(text, start=start, end=end, reference=reference):
        role = role_of(text, found)
        if role in {"decided", "published", "call_in_deadline"}:
            role = "other"
        if (
            role == "other"
            and (reference is None or found.latest >= reference)
            and _TASK.search(text, max(start, found.start - 300), found.start)
            and not re.search(
                r"\b(?:approv\w*|consider\w*|decided|agreed)\s+(?:on|in)\s*$",
                text[max(start, found.start - 30) : found.start],
                re.I,
            )
        ):
            role = "due"
        fields.append(_role_date(reader, found, role))
    return tuple(fields)


_CONFIRMED_SUBJECT_TO = re.compile(
    r"\bminutes?\b[^.;]{0,200}?\b(?:approved|confirmed|agreed|signed|accepted)\b[^.;]{0,80}?"
    r"\bsubject\s+to\s+(?P<what>(?:the\s+|a\s+|an\s+)?(?:deletion|removal|correction|amendment|"
    r"addition|insertion|deleting|removing|correcting|amending|adding|inserting|change)\b[^.;]{0,300})",
    re.I,
)


def _correction(reader: _Reader, start: int, end: int, reference: date | None) -> Field | None:
    """Minutes confirmed "subject to" an amendment (a name removed from a recorded vote):
    the confirmation is the authority to correct the earlier record."""
    m = _CONFIRMED_SUBJECT_TO.search(reader.text, start, end)
    if m is None:
        return None
    earlier = list(find_dates(reader.text, start=start, end=m.start("what"), reference=reference))
    value = {
        "what": " ".join(m["what"].split()),
        "minutes_of": None if not earlier else _date_value(earlier[0]),
    }
    return reader.field(value, m.start(), m.end(), 0.7)


_IN_PRINCIPLE = re.compile(r"\bin\s+principle\b", re.I)


def _in_principle(reader: _Reader, start: int, end: int) -> Field | None:
    """``True`` (citing the words) for a part agreed only "in principle"."""
    m = _IN_PRINCIPLE.search(reader.text, start, end)
    return None if m is None else reader.field(True, m.start(), m.end(), 0.8)


def _after_the_part(text: str, start: int, at: int) -> bool:
    """Whether a vote at *at* stands on its own line after the part's words ended."""
    before = text[max(start, at - 300) : at]
    return re.search(r"[.;]\s*\n[ \t]*\(?\s*$", before) is not None


@attrs.frozen(kw_only=True)
class _ItemRead:
    """What one item's blocks hold: parts, and what covers the whole item."""

    parts: list[ResolutionPart]
    votes: list[Field]
    conditions: list[Field]
    dates: list[Field]
    motions: list[Field]


def _parts_of_item(
    reader: _Reader,
    item_index: int,
    item: ItemSpan,
    blocks: list[Block],
    reference: date | None,
) -> _ItemRead:
    """The item's parts (with their own votes) and what covers the whole item."""
    text = reader.text
    where = f"items[{item_index}]"
    kept = _dedupe(reader, blocks, where)
    parts_out: list[ResolutionPart] = []
    item_votes: list[Field] = []
    block_votes: list[tuple[list[FoundVote], list[RawPart], Block]] = []
    all_top: list[tuple[str, ...]] = []
    lead_conditions: list[Field] = []
    lead_dates: list[Field] = []
    for block, raw_parts in kept:
        first_label = min(
            (p.label_start for p in raw_parts if p.label_start is not None), default=block.start
        )
        preface_start = block.marker_start
        preface_end = max(first_label, block.marker_end)
        preface_votes = find_votes(text, preface_start, preface_end)
        block_votes.append((preface_votes, raw_parts, block))
        heading_to = None
        if block.kind == "recommended":
            heading_to = find_recommended_to(
                text, preface_start, min(block.end, max(preface_end, preface_start + 200))
            )
        if not block.kind.startswith("sentence") and first_label > block.marker_end:
            # The lead-in of a whole block: "RESOLVED: Subject to X endorsing ..., to:"
            lead_conditions.extend(
                reader.field({"words": c.words, "kind": c.kind}, c.start, c.end, 0.8)
                for c in find_conditions(text, block.marker_end, first_label)
            )
            lead_dates.extend(_part_dates(reader, block.marker_end, first_label, reference))

        for index, raw in enumerate(raw_parts):
            own_end = _own_end(raw_parts, index)
            own = text[raw.start : own_end]
            outcome, confidence = outcome_of(own, block.kind)
            confidence = min(confidence, block.confidence + 0.2)
            path = ".".join(raw.path)
            part_where = f"{where}.parts[{len(parts_out)}]"
            if len(raw.path) > 1 and outcome == "resolved" and block.kind != "lost_heading":
                parent = ".".join(raw.path[:-1])
                inherited = next((p for p in parts_out if p.path == parent), None)
                if inherited is not None and inherited.outcome.value == "recommended":
                    outcome = "recommended"
            votes: tuple[Field, ...] = ()
            if not block.kind.startswith("sentence"):
                found_votes = find_votes(text, raw.start, own_end)
                if index == len(raw_parts) - 1 and len(raw_parts) > 1:
                    # A tally on its own line after the last part closes the whole block.
                    closing = [v for v in found_votes if _after_the_part(text, raw.start, v.start)]
                    preface_votes.extend(closing)
                    found_votes = [v for v in found_votes if v not in closing]
                votes = tuple(_vote_field(reader, v) for v in found_votes)
            if outcome == "resolved" and any(
                v.value["for"] is not None
                and v.value["against"] is not None
                and v.value["against"] > v.value["for"]
                and not v.value["casting"]
                for v in votes
            ):
                outcome = "lost"
            conditions = tuple(
                reader.field({"words": c.words, "kind": c.kind}, c.start, c.end, 0.85)
                for c in find_conditions(text, raw.start, own_end)
            )
            label = (
                None
                if raw.label_start is None or raw.label_end is None
                else reader.field(path, raw.label_start, raw.label_end, 0.95)
            )
            if raw.label_start is None:
                reader.flag(
                    f"{part_where}.label",
                    "the resolution is not numbered: it was taken as part (1)",
                    raw.start,
                    raw.end,
                )
            if block.kind == "lost_heading" and index == 0:
                reader.flag(
                    f"{part_where}.outcome",
                    "no RESOLVED/DECISION heading was found before these parts (a lost bold "
                    "heading?): check they are decisions and not a report's recommendations",
                    block.marker_start,
                    block.end,
                )
            part = ResolutionPart(
                path=path,
                label=label,
                text=reader.field(
                    " ".join(text[raw.start : raw.end].split()), raw.start, raw.end, 0.9
                ),
                outcome=reader.field(outcome, raw.start, own_end, confidence),
                votes=votes,
                conditions=conditions,
                recommended_to=_recommended_to(
                    reader, raw.start, own_end, outcome, part_where, heading_to
                ),
                delegations=_delegation_fields(reader, raw.start, own_end),
                dates=_part_dates(reader, raw.start, own_end, reference),
                correction=_correction(reader, raw.start, own_end, reference),
                in_principle=_in_principle(reader, raw.start, own_end),
            )
            parts_out.append(part)
            reader.parsed_parts.append(
                ParsedPart(
                    item_index=item_index,
                    part=part,
                    raw=raw,
                    own_end=own_end,
                    block_kind=block.kind,
                )
            )
            if len(raw.path) == 1:
                all_top.append(raw.path)
    # One unnumbered part is the whole item: its votes are the item's.
    if len(parts_out) == 1 and parts_out[0].label is None and parts_out[0].votes:
        item_votes.extend(parts_out[0].votes)
        parts_out[0] = attrs.evolve(parts_out[0], votes=())
    # A vote in a block's heading decides that block's parts: the whole item if the
    # block holds every part, else each top-level part it holds.
    for preface_votes, raw_parts, _block in block_votes:
        tops = [p.path for p in raw_parts if len(p.path) == 1]
        for vote in preface_votes:
            field = _vote_field(reader, vote)
            if len(kept) == 1 or set(tops) == set(all_top):
                item_votes.append(field)
                continue
            for top in tops:
                index = next(i for i, p in enumerate(parts_out) if p.path == ".".join(top))
                parts_out[index] = attrs.evolve(
                    parts_out[index], votes=(*parts_out[index].votes, field)
                )
    # Votes in the item's narrative (outside every block) cover the whole item.
    covered = [
        span
        for b in [*(b for b, _ in kept), *blocks]
        for span in (
            [(b.start, b.end), (b.marker_start, b.marker_end)]
            if b.marker_start > b.start  # a motion's words, then its fate further on
            else [(b.marker_start, b.end)]
        )
    ]
    narrative_start = item.title[2] if item.title is not None else item.start
    narrative = [(a, b) for a, b in _gaps(narrative_start, item.end, covered)]
    mentioned = {ref for a, b in narrative for ref in _part_refs(text[a:b])}
    top_paths = {p.path for p in parts_out if "." not in p.path}
    for vote in find_votes(text, narrative_start, item.end):
        if any(a <= vote.start < b for a, b in covered):
            continue
        sentence = text[_sentence_bounds(text, vote.start, vote.end, narrative_start, item.end)]
        refs = [r for r in _part_refs(sentence) if r in top_paths]
        if not refs and _REMAINING.search(sentence) and mentioned & top_paths:
            refs = sorted(top_paths - mentioned, key=lambda r: (len(r), r))
        field = _vote_field(reader, vote, 0.75)
        if not refs:
            item_votes.append(field)
            continue
        for ref in refs:
            index = next(i for i, p in enumerate(parts_out) if p.path == ref)
            parts_out[index] = attrs.evolve(
                parts_out[index], votes=(*parts_out[index].votes, field)
            )
    motions = [
        reader.field(m.to_value(), m.start, m.end, 0.75)
        for m in find_motions(text, narrative_start, item.end)
    ]
    return _ItemRead(
        parts=parts_out,
        votes=item_votes,
        conditions=lead_conditions,
        dates=lead_dates,
        motions=motions,
    )


_REFS = re.compile(
    r"\b(?:parts?|recommendations?|resolutions?)\s+"
    r"(?P<refs>\(?[0-9]{1,2}\)?(?:\s*(?:,|and|&)\s*\(?[0-9]{1,2}\)?)*)",
    re.I,
)
_ORDINAL_PART = re.compile(
    r"\b(?P<ord>first|second|third|fourth|fifth|sixth)\s+(?:part|recommendation|resolution)", re.I
)
_REMAINING = re.compile(
    r"\b(?:remaining|other|rest\s+of\s+the)\s+(?:parts|recommendations|resolutions)", re.I
)
_ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6"}


def _part_refs(sentence: str) -> list[str]:
    """Part numbers a narrative sentence names: "recommendation (3)", "Parts (1) and (2)"."""
    refs = [n for m in _REFS.finditer(sentence) for n in re.findall(r"\d{1,2}", m["refs"])]
    refs += [_ORDINALS[m["ord"].lower()] for m in _ORDINAL_PART.finditer(sentence)]
    return list(dict.fromkeys(refs))


def _gaps(start: int, end: int, covered: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The parts of ``[start, end)`` outside every covered range."""
    out = []
    position = start
    for a, b in sorted(covered):
        if b <= position or a >= end:
            continue
        if a > position:
            out.append((position, a))
        position = max(position, b)
    if position < end:
        out.append((position, end))
    return out


def _sentence_bounds(text: str, start: int, end: int, low: int, high: int) -> slice:
    """The sentence around ``text[start:end]``, kept within ``[low, high)``."""
    before = max(
        text.rfind(". ", low, start), text.rfind(".\n", low, start), text.rfind("\n\n", low, start)
    )
    after = re.compile(r"\.(?=\s|$)|\n\s*\n").search(text, end, high)
    return slice(low if before == -1 else before + 1, high if after is None else after.end())


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
    if not any(blocks_by_item):
        raise IngestError(
            "no decisions were found: the text has no RESOLVED, DECISION or RECOMMENDED "
            'heading and no numbered resolutions ("(1) That ..."). Is it a minutes or '
            "decision page? If its headings were lost, add the word RESOLVED before the "
            "decisions and ingest it again"
        )
    header_end = _header_end(items, blocks_by_item, text)
    spans = [(b.marker_start, b.end) for blocks in blocks_by_item for b in blocks]
    header = _header_dates(reader, header_end, spans)
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
        call_in=_call_in(reader, header_end),
        call_in_deadline=header.get("call_in_deadline"),
        dates=meeting_dates,
        items=tuple(out_items),
        flags=tuple(reader.flags),
    )

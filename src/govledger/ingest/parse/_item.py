"""One item's parts, the votes that decide them and what covers the whole item."""

from __future__ import annotations

import re
from datetime import date

import attrs

from ..draft import Field, ResolutionPart
from ..extract import (
    find_conditions,
    find_recommended_to,
    outcome_of,
)
from ..moved_motions import moved_resolutions
from ..roll_call import find_roll_calls
from ..structure import Block, ItemSpan, RawPart, number_in_order
from ..votes import (
    FoundVote,
    clause_cuts,
    find_motions,
    find_votes,
    with_motion_facts,
)
from ._copies import _heading_copies
from ._fields import (
    _after_the_part,
    _correction,
    _dedupe,
    _delegation_fields,
    _in_principle,
    _own_end,
    _part_dates,
    _recommended_to,
    _vote_field,
)
from ._reader import ParsedPart, _Reader

#: The line ending in a colon right above a block of parts, when it holds a condition.
_LEAD_IN = re.compile(
    r"(?:^|\n)(?P<lead>[^\n]*\b(?:subject\s+to|conditional\s+upon)\b[^\n]*:)"
    r"[ \t\xa0]*(?:\n[ \t\xa0]*)*\Z",
    re.I,
)


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
    deduped = _dedupe(reader, blocks, where)
    numbered = number_in_order([parts for _, parts in deduped])
    kept = [(block, parts) for (block, _), parts in zip(deduped, numbered, strict=True)]
    parts_out: list[ResolutionPart] = []
    item_votes: list[Field] = []
    block_votes: list[tuple[list[FoundVote], list[RawPart], Block]] = []
    resolutions: list[tuple[int, int, int]] = []  # (marker, preface end, end) of each block
    all_top: list[tuple[str, ...]] = []
    lead_conditions: list[Field] = []
    lead_dates: list[Field] = []
    closing_votes: list[FoundVote] = []  # tallies printed after a block's last part
    for block, raw_parts in kept:
        first_label = min(
            (p.label_start for p in raw_parts if p.label_start is not None), default=block.start
        )
        preface_start = block.marker_start
        preface_end = max(first_label, block.marker_end)
        preface_votes = find_votes(text, preface_start, preface_end)
        if not block.kind.startswith("sentence"):
            resolutions.append((preface_start, preface_end, block.end))
        block_votes.append((preface_votes, raw_parts, block))
        heading_to = None
        if block.kind == "recommended":
            heading_to = find_recommended_to(
                text, preface_start, min(block.end, max(preface_end, preface_start + 200))
            )
        # "RESOLVED to note the minutes of the following meetings ...:" over a list of
        # the things noted: each part is noted, though its own words name no verb
        notes_all = first_label > block.marker_end and bool(
            _NOTES_LIST.match(text, block.marker_end, first_label)
        )
        governed: tuple[Field, ...] = ()  # a lead-in's conditions over the parts after it
        if not block.kind.startswith("sentence") and first_label > block.marker_start:
            # The lead-in of a whole block: "RESOLVED: Subject to X endorsing ..., to:", or
            # a heading that holds it: "That Cabinet, subject to X agreeing, recommends to
            # Council:" over its parts (the whole item's, or only those after it)
            heading = tuple(
                reader.field({"words": c.words, "kind": c.kind}, c.start, c.end, 0.8)
                for c in find_conditions(text, block.marker_start, first_label)
            )
            if len(kept) == 1:
                lead_conditions.extend(heading)
            else:
                governed = heading
            if first_label > block.marker_end:
                lead_dates.extend(_part_dates(reader, block.marker_end, first_label, reference))
        elif block.kind == "lost_heading":
            # the lead-in above parts whose heading was lost ("That, subject to X agreeing
            # the same terms, the Council:"): a condition on the whole block
            lead = _LEAD_IN.search(text, max(item.start, block.start - 400), block.start)
            if lead is not None:
                lead_conditions.extend(
                    reader.field({"words": c.words, "kind": c.kind}, c.start, c.end, 0.7)
                    for c in find_conditions(text, lead.start("lead"), lead.end("lead"))
                )

        for index, raw in enumerate(raw_parts):
            own_end = _own_end(raw_parts, index)
            if index and not block.kind.startswith("sentence"):
                # "That Cabinet, subject to X agreeing, recommends to Council:" between two
                # parts: a condition on each part after it in the block
                gap = _LEAD_IN.search(text, raw_parts[index - 1].end, raw.label_start or raw.start)
                if gap is not None:
                    governed = tuple(
                        reader.field({"words": c.words, "kind": c.kind}, c.start, c.end, 0.7)
                        for c in find_conditions(text, gap.start("lead"), gap.end("lead"))
                    )
            own = text[raw.start : own_end]
            outcome, confidence = outcome_of(own, block.kind)
            if outcome == "resolved" and (notes_all or _BODY_NOTE.match(own)):
                outcome = "noted"
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
                goes_on = raw.path[0] not in {"1", "a", "i"} and block.marker_end <= block.start
                if index == len(raw_parts) - 1 and (len(raw_parts) > 1 or goes_on):
                    # A tally on its own line after the last part closes the whole block.
                    closing = [v for v in found_votes if _after_the_part(text, raw.start, v.start)]
                    preface_votes.extend(closing)
                    closing_votes.extend(closing)
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
            conditions = governed + tuple(
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
                    f"the resolution is not numbered: it was taken as part ({path})",
                    raw.start,
                    raw.end,
                )
            if raw.renumbered and (index == 0 or not raw_parts[index - 1].renumbered):
                reader.flag(
                    f"{part_where}.label",
                    "every part of the list is printed with the same number (its numbering "
                    "lost when the page was copied?): the parts were numbered in order, "
                    f"from ({path})",
                    raw.start,
                    raw_parts[-1].end,
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
                text=_text_field(reader, text, raw.start, raw.end),
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
    # A block with no heading that goes on with the numbering of the one before (its
    # first part "(3)", after a page break cut the list) is one list with it: a tally
    # printed after its last part closes both.
    chain: set[tuple[str, ...]] = set()
    for preface_votes, raw_parts, block in block_votes:
        tops = [p.path for p in raw_parts if len(p.path) == 1]
        goes_on = (
            bool(tops) and tops[0][0] not in {"1", "a", "i"} and block.marker_end <= block.start
        )
        chain = chain | set(tops) if goes_on else set(tops)
        for vote in preface_votes:
            field = _vote_field(reader, vote)
            closes_all = chain == set(all_top) and any(vote is c for c in closing_votes)
            if len(kept) == 1 or set(tops) == set(all_top) or closes_all:
                item_votes.append(field)
                continue
            for top in tops:
                index = next(i for i, p in enumerate(parts_out) if p.path == ".".join(top))
                parts_out[index] = attrs.evolve(
                    parts_out[index], votes=(*parts_out[index].votes, field)
                )
    # Votes in the item's narrative (outside every block) cover the whole item. A lost
    # heading dropped as a repeat ("following a vote, it was:" over a copy of the parts)
    # leaves its sentence to the narrative: the vote in it is the item's.
    kept_blocks = [b for b, _ in kept]
    covered = [
        span
        for b in [*kept_blocks, *blocks]
        for span in (
            [(b.start, b.end), (b.marker_start, b.marker_end)]
            if b.marker_start > b.start  # a motion's words, then its fate further on
            else [(b.start, b.end)]
            if b.kind == "lost_heading" and b not in kept_blocks
            else [(b.marker_start, b.end)]
        )
    ]
    covered.extend(_heading_copies(text, item, kept_blocks))
    narrative_start = item.start
    first_block = min((b.marker_start for b in blocks), default=item.end)
    if item.title is not None and item.title[2] <= first_block:
        narrative_start = item.title[2]  # a title read inside the decision is no heading
    narrative = [(a, b) for a, b in _gaps(narrative_start, item.end, covered)]
    mentioned = {ref for a, b in narrative for ref in _part_refs(text[a:b])}
    top_paths = {p.path for p in parts_out if "." not in p.path}
    narrative_votes = _ties_decided(
        text,
        _with_roll_calls(
            text,
            find_votes(text, narrative_start, item.end, outside=covered),
            [
                with_motion_facts(text, narrative_start, v)
                for v in find_roll_calls(text, narrative_start, item.end)
                # a roll call is never a part's words, though a sentence's block runs on
                if not any(
                    b.start <= v.start < b.end for b, _ in kept if not b.kind.startswith("sentence")
                )
            ],
        ),
    )
    for found in narrative_votes:
        bounds = _sentence_bounds(text, found.start, found.end, narrative_start, item.end)
        clauses = _clause_votes(text, bounds, top_paths)
        if not clauses:
            sentence = text[_clause_of(text, bounds, found)]
            if found.named:  # "AGAINST the recommendation (2)": a recorded vote's count
                sentence = _COUNTED_ROW.sub("", sentence)
            refs = [r for r in _part_refs(sentence) if r in top_paths]
            if not refs and _REMAINING.search(sentence) and mentioned & top_paths:
                refs = sorted(top_paths - mentioned, key=lambda r: (len(r), r))
            clauses = [(found, refs)]
        for vote, refs in clauses:
            # a vote on an amendment is the amendment's, not the parts' it would change
            _place_vote(reader, parts_out, item_votes, vote, refs * (vote.motion != "amendment"))
    parts_out = [attrs.evolve(p, votes=_counted_over_member(p.votes)) for p in parts_out]
    item_votes = list(_counted_over_member(tuple(item_votes)))
    fates = find_motions(text, narrative_start, item.end)
    carried = moved_resolutions(text, narrative_start, item.end, resolutions, fates)
    motions = [
        reader.field(m.to_value(), m.start, m.end, 0.75)
        for m in sorted([*fates, *carried], key=lambda m: m.start)
    ]
    return _ItemRead(
        parts=parts_out,
        votes=item_votes,
        conditions=lead_conditions,
        dates=lead_dates,
        motions=motions,
    )


def _text_field(reader: _Reader, text: str, start: int, end: int) -> Field:
    """A part's words, cited from the first of them: a part can open after a line break
    the reader put in (a table's cell rule read as one), which no span may stand for."""
    body = text[start:end]
    start += len(body) - len(body.lstrip())
    return reader.field(" ".join(body.split()), start, end, 0.9)


def _place_vote(
    reader: _Reader,
    parts_out: list[ResolutionPart],
    item_votes: list[Field],
    vote: FoundVote,
    refs: list[str],
) -> None:
    """Hang a narrative *vote* on the parts *refs* names, or on the item when none."""
    field = _vote_field(reader, vote, 0.75)
    if not refs:
        item_votes.append(field)
        return
    for ref in refs:
        index = next(i for i, p in enumerate(parts_out) if p.path == ref)
        parts_out[index] = attrs.evolve(parts_out[index], votes=(*parts_out[index].votes, field))


#: Where a sentence turns from the parts it votes on to those it leaves out ("agreed
#: unanimously, save for recommendation 3, which was carried by 5 votes to 2").
_NOTES_LIST = re.compile(
    r"\s*[:\-–—]?\s*(?:to\s+)?(?:receive\s+and\s+)?notes?\b"
    r"(?![^:]*\b(?:and|approve|agree|adopt|endorse)\b)[^.;:]*:\s*[-–—]?\s*$",
    re.I,
)
#: The body noting, its verb in the subjunctive: "That the Committee note the work
#: undertaken ...", "That Cabinet note the report" (not "... note and approve ...").
_BODY_NOTE = re.compile(
    r"\s*(?:that\s+)?(?:the\s+)?(?-i:[A-Z][\w&'’-]*)(?:\s+(?-i:[A-Z][\w&'’-]*)){0,3}\s+note\b"
    r"(?![^.;]*\b(?:approve|agree|adopt|endorse|authori[sz]e|delegate|request|instruct)\b)",
    re.I,
)
_EXCEPT = re.compile(
    r",?\s*\b(?:save\s+for|except(?:ing)?(?:\s+for)?|with\s+the\s+exception\s+of|other\s+than|"
    r"apart\s+from)\s+(?=(?:the\s+)?(?:parts?|recommendations?|resolutions?)\b)",
    re.I,
)


def _clause_votes(
    text: str, bounds: slice, top_paths: set[str]
) -> list[tuple[FoundVote, list[str]]]:
    """The votes of a sentence that decides all the parts but some, then those: each
    clause's vote with the parts it covers (none when the sentence has no such turn)."""
    turn = _EXCEPT.search(text, bounds.start, bounds.stop)
    if turn is None:
        return []
    excepted = [r for r in _part_refs(text[turn.end() : bounds.stop]) if r in top_paths]
    if not excepted:
        return []
    named = [r for r in _part_refs(text[bounds.start : turn.start()]) if r in top_paths]
    others = named or sorted(top_paths - set(excepted), key=lambda r: (len(r), r))
    refs = _REFS.search(text, turn.end(), bounds.stop)
    refs_end = bounds.stop if refs is None else refs.end()
    if not _OWN_PREDICATE.match(text, refs_end, bounds.stop):
        # "The recommendations, other than recommendation 3, were agreed unanimously":
        # the exception is an aside; the words after it are the other parts' vote
        after = next(iter(find_votes(text, refs_end, bounds.stop)), None)
        main = after or next(iter(find_votes(text, bounds.start, turn.start())), None)
        return [] if main is None or not others else [(main, others)]
    out: list[tuple[FoundVote, list[str]]] = []
    main = next(iter(find_votes(text, bounds.start, turn.start())), None)
    if main is not None and others:
        out.append((main, others))
    rest = next(iter(find_votes(text, turn.start(), bounds.stop)), None)
    if rest is not None:
        out.append((rest, excepted))
    return out


#: Words after the parts an exception names that report their own vote ("..., which
#: was carried by 5 votes to 2", "on which 5 voted in favour").
_OWN_PREDICATE = re.compile(
    r"\s*,?\s*(?:which|on\s+which|for\s+which|where|being|carried|agreed|approved|lost|"
    r"defeated)\b",
    re.I,
)


#: A recorded vote's row headed by its count, whose bracketed number names no part.
_COUNTED_ROW = re.compile(r"\b(?:for|against)\s+the\s+[^\n()]{1,60}?\(\d{1,3}\)", re.I)


def _clause_of(text: str, bounds: slice, vote: FoundVote) -> slice:
    """The clause of the sentence *bounds* that holds *vote*, between semicolons, when it
    names parts of its own ("Recommendation 3 was carried by 6 votes to 2; the remaining
    recommendations were agreed unanimously"); else the whole sentence."""
    low = text.rfind(";", bounds.start, vote.start) + 1 or bounds.start
    high = text.find(";", vote.end, bounds.stop)
    cuts = clause_cuts(text, low, bounds.stop if high == -1 else high)  # "... and (3) was"
    low = max([low, *(c for c in cuts if c <= vote.start)])
    high = min([c for c in cuts if c > vote.start] or [high])
    clause = slice(low, bounds.stop if high == -1 else high)
    words = text[clause]
    if clause != bounds and (_part_refs(words) or _REMAINING.search(words)):
        return clause
    return bounds


#: The most characters between the words that call a recorded vote and its roll call.
_CALL_TO_ROLL = 300


def _with_roll_calls(text: str, votes: list[FoundVote], rolls: list[FoundVote]) -> list[FoundVote]:
    """*votes* with each roll call in its place: a roll call printed just after words
    that report a vote with no figures ("put to a recorded vote") is that vote's count."""
    out = list(votes)
    for roll in rolls:
        before = [
            i
            for i, v in enumerate(out)
            if v.in_favour is None
            and v.against is None
            and v.end <= roll.start
            and roll.start - v.end < _CALL_TO_ROLL
        ]
        if before:
            out[before[-1]] = attrs.evolve(roll, start=out[before[-1]].start)
        elif not any(v.start <= roll.start < v.end for v in out):
            out.append(roll)
    return sorted(out, key=lambda v: v.start)


#: The most characters between a tie and the casting vote that decides it.
_TIE_TO_CASTING = 400


#: A tie told in words: "the vote being tied at 4 votes each", "equal at 6 all".
_TIED = re.compile(
    r"\b(?:tied|equal|level)\s+at\s+(?P<n>\d{1,3})(?:\s+votes?)?\s+(?:each|all|apiece)\b", re.I
)


def _ties_decided(text: str, votes: list[FoundVote]) -> list[FoundVote]:
    """*votes* with a tie and the chair's casting vote printed just after it ("4 votes
    for and 4 against. There being an equality of votes, the Chair used her casting
    vote") made one vote: the tied counts, decided by the casting vote. A casting vote
    whose sentence tells the tie in words ("tied at 4 votes each") takes those counts."""
    out: list[FoundVote] = []
    for vote in votes:
        if vote.casting and vote.in_favour is None and vote.against is None:
            low = max(out[-1].end if out else 0, vote.start - _TIE_TO_CASTING)
            tied = _TIED.search(text, low, vote.end + _TIE_TO_CASTING // 4)
            if tied is not None:
                vote = attrs.evolve(vote, in_favour=int(tied["n"]), against=int(tied["n"]))
        tie = out[-1] if out else None
        if (
            tie is not None
            and vote.casting
            and vote.in_favour is None
            and vote.against is None
            and tie.in_favour is not None
            and tie.in_favour == tie.against
            and not tie.casting
            and vote.start - tie.end < _TIE_TO_CASTING
        ):
            out[-1] = attrs.evolve(
                tie, end=vote.end, casting=True, casting_against=vote.casting_against
            )
            continue
        out.append(vote)
    return out


def _member_against(vote: Field) -> bool:
    v = vote.value
    return (
        v["for"] is None
        and v["against"] == 1
        and v["abstained"] is None
        and not v["unanimous"]
        and not v["casting"]
        and not v["named_complete"]
    )


def _counted_over_member(votes: tuple[Field, ...]) -> tuple[Field, ...]:
    """*votes* without a member's own recorded vote against when the tally of the same
    question is printed too ("asked that his vote against (1) be recorded. (1) was
    carried by 5 votes to 1"): the tally already counts it."""
    if not any(v.value["for"] is not None for v in votes):
        return votes
    return tuple(v for v in votes if not _member_against(v))


#: A part's number as a narrative sentence names it: "3", "(3)", "(ii)", "(b)".
_REF = r"\(?(?<![\w])(?:[0-9]{1,2}|[ivx]{1,5}|[a-h])(?![\w])\)?"
_REFS = re.compile(
    rf"\b(?:parts?|recommendations?|resolutions?|decisions?)\s+"
    rf"(?P<refs>{_REF}(?:\s*(?:,|and|&|to|-|–)\s*{_REF})*)",
    re.I,
)
_ORDINAL_PART = re.compile(
    r"\b(?P<ord>first|second|third|fourth|fifth|sixth)\s+(?:part|recommendation|resolution)", re.I
)
_REMAINING = re.compile(
    r"\b(?:remaining|other|rest\s+of\s+the)\s+(?:parts|recommendations|resolutions)", re.I
)
_ORDINALS = {"first": "1", "second": "2", "third": "3", "fourth": "4", "fifth": "5", "sixth": "6"}


def _numbers(refs: str) -> list[str]:
    """The part numbers a reference names, ranges spelled out: "(2) to (4)" -> 2, 3, 4."""
    out: list[str] = []
    for m in re.finditer(
        r"(?P<range>(?:to|-|–)\s*\(?)?(?<![\w])(?P<n>\d{1,2}|[ivx]{1,5}|[a-h])(?![\w])", refs, re.I
    ):
        if not m["n"].isdigit():
            out.append(m["n"].lower())
            continue
        n = int(m["n"])
        if m["range"] and out and out[-1].isdigit() and int(out[-1]) < n <= int(out[-1]) + 20:
            out.extend(str(k) for k in range(int(out[-1]) + 1, n + 1))
        else:
            out.append(m["n"])
    return out


def _part_refs(sentence: str) -> list[str]:
    """Part numbers a narrative sentence names: "recommendation (3)", "Parts (1) and (2)"."""
    refs = [n for m in _REFS.finditer(sentence) for n in _numbers(m["refs"])]
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
    """The sentence around ``text[start:end]``, kept within ``[low, high)`` and within
    2,000 characters either side (a run-on clause of a megabyte has no sentence to read).

    Each search starts where the last one found something, so the cost is the sentence's
    length, not the distance back to *low*: linear over a page of many sentences.
    """
    low = max(low, start - 2000)
    before = text.rfind(". ", low, start)
    before = max(before, text.rfind(".\n", max(low, before), start))
    before = max(before, text.rfind("\n\n", max(low, before), start))
    after = _SENTENCE_END.search(text, end, min(high, end + 2000))
    return slice(
        low if before == -1 else before + 1,
        min(high, end + 2000) if after is None else after.end(),
    )


_SENTENCE_END = re.compile(r"\.(?=\s|$)|\n\s*\n")

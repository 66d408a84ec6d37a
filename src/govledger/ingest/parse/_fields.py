"""What an item or a part says: exemption, repeats, votes, recommendations, delegations, dates,
corrections and in-principle decisions."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from .._folded import holds
from ..date_roles import PAST_FROM as _PAST_FROM
from ..date_roles import in_period, negated_before, role_of
from ..dates import FoundDate, find_dates
from ..draft import Field
from ..extract import (
    find_delegations,
    find_recommended_to,
    role_key,
)
from ..structure import Block, ItemSpan, RawPart, split_parts
from ..votes import FoundVote
from ._reader import _date_value, _Reader, _role_date

_EXEMPT = re.compile(
    r"\b(?:exempt|confidential|restricted)\b[^\n]{0,160}?\bparagraphs?\s+(?P<paras>\d(?:\s*(?:,|and|&)\s*\d)*)"
    r"|\bparagraphs?\s+(?P<paras2>\d(?:\s*(?:,|and|&)\s*\d)*)\s+of\s+(?:part\s+1\s+of\s+)?schedule\s+12a",
    re.I,
)
_EXEMPT_WORD = re.compile(
    r"\b(?:exempt|confidential)\s+(?:report|annex|appendix|information|item)", re.I
)

#: Words every match of ``_EXEMPT`` (of ``_EXEMPT_WORD``) holds: the costly pattern is
#: tried only on an item that holds one.
EXEMPT_WORDS = ("paragraph",)
EXEMPT_WORD_WORDS = ("exempt", "confidential")


def _exempt(reader: _Reader, item: ItemSpan) -> Field | None:
    m = (
        _EXEMPT.search(reader.text, item.start, item.end)
        if holds(reader.text, EXEMPT_WORDS, item.start, item.end)
        else None
    )
    if m is not None:
        paras = [int(p) for p in re.findall(r"\d", m["paras"] or m["paras2"]) if 1 <= int(p) <= 7]
        near = reader.text[max(item.start, m.start() - 80) : m.end() + 80].lower()
        applies = (
            "annex only" if re.search(r"\b(?:annex|appendix|appendices)\b", near) else "whole item"
        )
        return reader.field({"paragraphs": paras, "applies_to": applies}, m.start(), m.end(), 0.8)
    if not holds(reader.text, EXEMPT_WORD_WORDS, item.start, item.end):
        return None
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
    words, or all of them but one word more or less (the copy under "Minutes:" retyped:
    "held on the 22 March" and "held on 22 March"; a changed word is not a repeat): a
    whole block printed again (an issue history's proposed decision, decision
    and minutes), or a second copy run into the first when the heading between them was
    lost ("(a) ... (b) ... (a) ... (b) ..."). A repeated part takes its nested parts with it.
    """
    kept: list[tuple[Block, list[RawPart]]] = []
    seen: dict[tuple[str, ...], list[list[str]]] = {}
    for number, block in enumerate(blocks):
        parts = split_parts(reader.text, block)
        if not parts:
            continue
        lead_in = not block.kind.startswith("sentence") and _lead_in_only(reader.text, parts)
        if number + 1 < len(blocks) and lead_in:
            continue  # a heading printed again before its list: the list's block follows
        fresh: list[RawPart] = []
        repeated: tuple[str, ...] | None = None
        for part in parts:
            inside = repeated is not None and len(part.path) > len(repeated)
            if inside and part.path[: len(repeated or ())] == repeated:
                continue  # nested in a repeated part
            words = _normal(reader.text[part.start : part.end]).split()
            earlier = seen.setdefault(part.path, [])
            repeated = part.path if any(_same_words(words, w) for w in earlier) else None
            if repeated is None:
                fresh.append(part)
                if len(earlier) < _KEPT_PER_PATH:
                    earlier.append(words)
        if len(fresh) < len(parts):
            reader.flag(
                where,
                "the same resolution is printed twice: the repeat was ignored",
                block.start,
                block.end,
            )
        if fresh:
            kept.append((block, fresh))
    return _without_cut_copies(reader, kept, where)


#: How many earlier parts of one label path a part is compared with (bounded cost).
_KEPT_PER_PATH = 8


def _same_words(words: list[str], earlier: list[str]) -> bool:
    """Whether two parts say the same: equal words, or (when long enough to tell) one
    word added or dropped."""
    if words == earlier:
        return True
    if min(len(words), len(earlier)) < 8 or abs(len(words) - len(earlier)) > 1:
        return False
    one, other = Counter(words), Counter(earlier)
    return sum(((one - other) + (other - one)).values()) <= 1


def _lead_in_only(text: str, parts: list[RawPart]) -> bool:
    """Whether a block holds only a lead-in announcing parts ("to recommend to Full
    Council to:"), with no decision of its own."""
    if len(parts) != 1 or parts[0].label_start is not None:
        return False
    return text[parts[0].start : parts[0].end].rstrip().endswith(":")


#: The fewest words a cut-short copy must share with the whole one to count as a copy.
_COPY_WORDS = 6


def _without_cut_copies(
    reader: _Reader, kept: list[tuple[Block, list[RawPart]]], where: str
) -> list[tuple[Block, list[RawPart]]]:
    """*kept* without a block whose every part is the start of another block's part with
    its path: a copy cut short (a heading and its first line printed again)."""
    words = [
        [(part.path, _normal(reader.text[part.start : part.end])) for part in parts]
        for _, parts in kept
    ]
    # each part's words by its path, with the block they are in: a part is compared only
    # with the parts of other blocks at its path (linear in parts, not quadratic in blocks)
    by_path: dict[tuple[str, ...], list[tuple[int, str]]] = {}
    for index, found in enumerate(words):
        for path, text in found:
            by_path.setdefault(path, []).append((index, text))
    dropped: set[int] = set()
    out = []
    for index, (block, parts) in enumerate(kept):
        cut = all(
            len(text.split()) >= _COPY_WORDS
            and any(
                n != index
                and n not in dropped
                and len(other) > len(text)
                and other.startswith(text)
                for n, other in by_path[path]
            )
            for path, text in words[index]
        )
        if cut:
            reader.flag(where, "the same resolution is printed twice: the repeat was ignored",
                        block.start, block.end)  # fmt: skip
            dropped.add(index)
            continue
        out.append((block, parts))
    return out


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
    # "present" the verb, not "on the present basis"
    r"\b(?:(?<!the\s)present|presents|presented|presenting|report|reports|reported|reporting|"
    r"prepare|prepares|preparing|submit|submits|submitting|bringing|"
    # "with consultation on the options in spring 2023": a consultation timetabled for a
    # time ("in ..."); "in consultation with" names consultees, and the day one opens is
    # no deadline
    r"(?<!in\s)consultation(?!\s+with)(?=[^.;\n]{0,80}?\s(?:in|during)\s+(?:the\s+)?$)|"
    r"submitted|bring|brings|develop|develops|take\s+place|takes\s+place|be\s+(?:held|undertaken|"
    # "consult" the verb: not "in consultation with" a consultee, nor a consultation's dates
    r"carried\s+out|completed)|consult(?:s|ed|ing)?\b|commission(?:s|ed)?|review(?:s|ed)?"
    # "be reviewed in March", "be reviewed by the Joint Committee in March"
    r"(?=\s+(?:in|during|by\s+[^.;\n]{0,60}?\s(?:in|during))\b))\b"
    r"(?!\s+(?:of|from|on\s+the\s+(?:programme|performance)))",
    re.I,
)


#: The end of a term, right before its date: "extend the agreement to", "until",
#: "expiring on". The date the term runs to, not a task's deadline (``other``).
_TERM_END = re.compile(
    r"(?:\bextend(?:s|ed|ing)?\b[^.;\n]{0,150}?\bto|\buntil|\bexpir(?:es|ing|y)\s+(?:on|date)?|"
    r"\bto\s+(?:end|expire)\s+on)\s+(?:the\s+)?$",
    re.I,
)


_DEFERRED_TO = re.compile(
    r"\b(?:deferr?ed|postponed|adjourned)\s+(?:until|to)\s+(?:the\s+)?(?:next\s+|following\s+)?"
    r"meeting\b[^.;]{0,60}?\s+(?:on|in)\s+(?:the\s+)?$",
    re.I,
)


def _whole_financial_year(found: FoundDate) -> bool:
    """Whether *found* is a whole financial year ("for 2018/2019"): when a task is to be
    done in it, not a deadline."""
    first, last = found.earliest, found.latest
    return (
        first is not None
        and (first.month, first.day, last.month, last.day) == (4, 1, 3, 31)
        and last.year == first.year + 1
    )


#: What runs for a time and is timetabled so: "the consultation to run from 22 March to 3
#: May", "the exhibition be held from ... until ...". The whole span is one due period.
_EVENT_BEFORE = re.compile(
    r"\b(?:consultations?|exhibitions?|engagement|run|runs|held|take\s+place|be\s+open)\b"
    r"[^.;\n]{0,60}?\bfrom\s+(?:the\s+)?$",
    re.I,
)
_SPAN_TO = re.compile(r"\s*(?:to|until|till|[-–])\s+(?:the\s+)?", re.I)


def _event_periods(text: str, found: list[FoundDate]) -> list[tuple[FoundDate, bool]]:
    """*found*, with each "<event> from <day> to <day>" joined into one period (flagged)."""
    out: list[tuple[FoundDate, bool]] = []
    index = 0
    while index < len(found):
        first = found[index]
        second = found[index + 1] if index + 1 < len(found) else None
        to = None if second is None else _SPAN_TO.match(text, first.end, second.start)
        if (
            second is not None
            and to is not None
            and to.end() == second.start
            and _EVENT_BEFORE.search(text, max(0, first.start - 100), first.start)
            and not _PAST_FROM.search(text, max(0, first.start - 60), first.start)
        ):
            joined = FoundDate(
                start=first.start,
                end=second.end,
                words=text[first.start : second.end],
                earliest=first.earliest or first.latest,
                latest=second.latest,
                confidence=min(first.confidence, second.confidence),
            )
            out.append((joined, True))
            index += 2
            continue
        out.append((first, False))
        index += 1
    return out


def _part_dates(reader: _Reader, start: int, end: int, reference: date | None) -> tuple[Field, ...]:
    """A part's dates: its own meeting-date words are "other" there; a task's date is due."""
    fields = []
    text = reader.text
    found_dates = find_dates(text, start=start, end=end, reference=reference)
    for found, event in _event_periods(text, found_dates):
        if event:
            fields.append(_role_date(reader, found, "due"))
            continue
        role = role_of(text, found)
        # "agreeing the same at its meeting on 19 March": a meeting's day, never a task's
        meeting_day = role == "decided"
        # a task's words count in the date's own paragraph only: a paragraph of debate
        # above ("Members discussed the report ...") sets no task for it
        low = max(start, found.start - 300)  # bounded: a long run-on part stays linear
        task_from = max(low, text.rfind("\n\n", low, found.start) + 1)
        if role in {"decided", "published", "call_in_deadline"}:
            role = "other"
        if (
            role == "other"
            and not meeting_day
            and (reference is None or found.latest >= reference)
            and not _whole_financial_year(found)
            and not in_period(text, found)
            and not _TERM_END.search(text, max(start, found.start - 200), found.start)
            and _TASK.search(text, task_from, found.start)
            and not re.search(
                # "approved on", and "subject to the approval of Full Council on": the
                # date of another decision, not of a task
                r"\b(?:approv\w*(?:\s+of\s+[^.;,]{1,40}?)?|consider\w*|decided|agreed)\s+(?:on|in)\s*$",
                text[max(start, found.start - 80) : found.start],
                re.I,
            )
        ):
            role = "due"
        # "deferred to the next meeting of the Committee on": that meeting's date, no task's
        if role == "due" and _DEFERRED_TO.search(text, max(start, found.start - 120), found.start):
            role = "other"
        if role == "due" and negated_before(text, found, start):
            role = "other"  # "are not submitted ... until July": a thing not to be done
        fields.append(_role_date(reader, found, role))
    return tuple(fields)


_CONFIRMED_SUBJECT_TO = re.compile(
    r"\bminutes?\b[^.;]{0,200}?\b(?:approved|confirmed|agreed|signed|accepted)\b[^.;]{0,80}?"
    r"\bsubject\s+to\s+(?P<what>(?:the\s+following\s+|the\s+|a\s+|an\s+|one\s+|two\s+)?"
    r"(?:deletion|removal|correction|amendment|"
    r"addition|insertion|deleting|removing|correcting|amending|adding|inserting|change)\b[^.;]{0,300}"
    # "subject to minute 17 being amended to record ...": the thing, then the change
    r"|[^.;]{1,80}?\bbeing\s+(?:amended|corrected|deleted|removed|changed|added|inserted|"
    r"altered)\b[^.;]{0,300})",
    re.I,
)


#: The amendment first: "Subject to that amendment, the Minutes ... were confirmed",
#: "That, subject to the following amendment, the Minutes ... be confirmed".
_SUBJECT_TO_THEN_CONFIRMED = re.compile(
    r"\bsubject\s+to\s+(?P<what>(?:the\s+following|that|this|these|those|one|two|an?|the)\s+"
    r"(?:amendments?|corrections?|changes?)\b)[^.;]{0,20}?,?\s+the\s+minutes?\b"
    r"(?P<minutes>[^.;]{0,200}?)\b(?:be|was|were|are)\s+(?:duly\s+)?(?:approved|confirmed|agreed|"
    r"signed|accepted)\b",
    re.I,
)


def _correction(reader: _Reader, start: int, end: int, reference: date | None) -> Field | None:
    """Minutes confirmed "subject to" an amendment (a name removed from a recorded vote):
    the confirmation is the authority to correct the earlier record."""
    m = _CONFIRMED_SUBJECT_TO.search(reader.text, start, end)
    if m is None:
        m = _SUBJECT_TO_THEN_CONFIRMED.search(reader.text, start, end)
        if m is None:
            return None
        dates_in = (m.start("minutes"), m.end("minutes"))  # "the Minutes of <date>"
    else:
        dates_in = (start, m.start("what"))
    earlier = list(find_dates(reader.text, start=dates_in[0], end=dates_in[1], reference=reference))
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

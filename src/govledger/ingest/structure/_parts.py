"""The numbered parts of a block, with their nesting paths."""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from ._decision_words import _DECISION_OPENING, _THAT, UNLABELLED_DECISION
from ._lines import _BULLET, Line, _starts_narrative, _trim_end, label_at, lines_of
from ._markers import _marker_at
from ._narrative import Block


@attrs.frozen(kw_only=True)
class RawPart:
    """A part as found: its path, label span, and text span (offsets into the text)."""

    path: tuple[str, ...]
    label_start: int | None
    label_end: int | None
    start: int
    end: int
    #: The printed label was not kept: a flattened list printed every part as "1.".
    renumbered: bool = False


_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9,
          "x": 10, "xi": 11, "xii": 12}  # fmt: skip


def _label_kind(label: str) -> str:
    if label.isdigit():
        return "num"
    if label in _ROMAN:
        return "roman?"
    return "alpha"


class _Levels:
    """Assigns nesting from the order label kinds first appear in: (1) > (a) > (i)."""

    def __init__(self) -> None:
        self.stack: list[tuple[str, str]] = []  # (kind, label)

    def place(self, label: str) -> tuple[str, ...]:
        if "." in label:
            parts = tuple(label.split("."))
            self.stack = [(_label_kind(p).rstrip("?"), p) for p in parts]
            return parts
        kind = self._kind(label)
        kinds = [k for k, _ in self.stack]
        if kind in kinds:
            del self.stack[kinds.index(kind) :]
        self.stack.append((kind, label))
        return tuple(lab for _, lab in self.stack)

    def _kind(self, label: str) -> str:
        kind = _label_kind(label)
        if kind != "roman?":
            return kind
        for k, last in reversed(self.stack):
            if k == "alpha" and len(last) == 1 and len(label) == 1 and ord(label) == ord(last) + 1:
                return "alpha"
            if k == "roman" and _ROMAN.get(label, 0) == _ROMAN.get(last, -5) + 1:
                return "roman"
        if any(k == "alpha" for k, _ in self.stack) and label == "i":
            return "roman"
        if not self.stack and label in {"i", "ii"}:
            return "roman" if label == "i" else "alpha"
        if any(k == "roman" for k, _ in self.stack):
            return "roman"
        return "alpha"


_INLINE_LABEL = re.compile(
    # "RESOLVED to (1) approve ...; (2) ...": the first label may follow the heading's word
    r"(?:(?<=[;:.])|(?<=[;:.]\s)|(?<=\band\s)|(?<=\bto\s)|(?<=\b[Tt]hat\s)|(?<=\bTHAT\s)|(?<=\b[Rr]esolved\s)|(?<=\bRESOLVED\s)|^)"
    r"\s*\((\d{1,2}|[a-z]{1,4})\)\s+"
)


def _inline_labels(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """Labels printed inside running text: "RESOLVED: (1) that ...; (2) that ..."."""
    for m in _INLINE_LABEL.finditer(text, start, end):
        yield m.group(1), m.start(1) - 1, m.end()


_BARE_LETTER = re.compile(r"^[ \t]*([a-zA-Z])[ \t]+(?=[A-Za-z(])")


def _bare_letters(lines: list[Line]) -> dict[int, tuple[str, int]]:
    """Letters with no bracket or stop before their text ("a Approve ...", "b Delegate
    ...", "a      approve ..."; the gap of a PDF column lost or kept in extraction), read
    as labels when the lines they open run a, b, c ... in order: a line that merely starts
    with the article "a" ("a   correct record") does not begin such a run."""
    found: dict[int, tuple[str, int]] = {}
    expected = "a"
    case: bool | None = None  # capitals ("A Approve ...", a table's gap lost) or not
    for index, line in enumerate(lines):
        if label_at(line.text) is not None:
            continue
        m = _BARE_LETTER.match(line.text)
        if m is None or m.group(1).lower() != expected:
            continue
        if case is None:
            case = m.group(1).isupper()
        elif case != m.group(1).isupper():
            continue
        found[index] = (expected, m.end())
        expected = chr(ord(expected) + 1)
    return found if len(found) >= 2 else {}


#: The next number of a list, printed inside the paragraph after a stop: "1. That the
#: report be noted. 2. That the plan be approved."
_NEXT_IN_LINE = re.compile(r"(?<=[.;])[ \t]+(?P<label>\d{1,2})[.)][ \t]+(?=(?i:that|to)\b|[A-Z])")


def _run_together(
    text: str, start: int, end: int, label: str
) -> Iterator[tuple[str, int, int, int]]:
    """The parts run on into the paragraph of part *label* ("1. That ... 2. That ..."):
    each number after a stop that comes next in order starts a part of its own."""
    if not label.isdigit():
        return
    expected = int(label) + 1
    for m in _NEXT_IN_LINE.finditer(text, start, end):
        if int(m["label"]) != expected:
            continue
        expected += 1
        yield m["label"], m.start("label"), m.end() - 1, m.end()


def split_parts(text: str, block: Block) -> list[RawPart]:
    """The numbered (or single unnumbered) parts of a block, with their nesting paths."""
    starts: list[tuple[str, int, int, int]] = []  # label, label start, label end, text start
    lines = lines_of(text, block.start, block.end)
    bare = _bare_letters(lines)
    for index, line in enumerate(lines):
        found = label_at(line.text) or bare.get(index)
        lead_in = 0
        if found is None and index == 0:  # "RESOLVED: 1. That ...": after the marker's colon
            lead_in = len(line.text) - len(line.text.lstrip(" \t:-–—"))
            # only "1." here: "(1) ...; (2) ..." after a colon is read as inline labels below
            # "RECOMMENDED:  (a) To ...;" with "(b)" opening a later line: a list too
            digit = lead_in and (
                line.text[lead_in : lead_in + 1].isdigit()
                or any(label_at(later.text) for later in lines[1:])
            )
            inner = label_at(line.text[lead_in:]) if digit else None
            found = None if inner is None else (inner[0], inner[1] + lead_in)
        if found is None and (that := _THAT_LABEL.match(line.text)) is not None:
            # "That (a) the service be set up ...; (b) ...": the first label after "That"
            inner = label_at(line.text[that.end() :])
            lead_in = that.end()
            found = None if inner is None else (inner[0], inner[1] + lead_in)
        if found is None:
            continue
        label, body = found
        lead = max(lead_in, len(line.text) - len(line.text.lstrip()))
        label_start = line.start + lead
        label_end = line.start + len(line.text[:body].rstrip())
        starts.append((label, label_start, label_end, line.start + body))
        starts.extend(_run_together(text, line.start + body, line.end, label))
    if len(starts) == 1 and starts[0][0] in {"1", "a", "i"}:
        # "(a) to share ... ; and (b) that ...": the first label opens the line, the rest
        # run on in the paragraph, each the next after the one before
        for label, s, e in _inline_labels(text, starts[0][3], block.end):
            if _next_label(starts[-1][0], label):
                starts.append((label, s, e - 1, e))
    starts = _without_conditions(text, block.start, _nested_inline(text, block.end, starts))
    inline_from = block.start
    if len(starts) == 1 and _SECTION.fullmatch(starts[0][0]):
        # "10.2 RESOLVED to (1) approve ...; (2) ...": the minute's paragraph number, its
        # parts inside the paragraph (or none: one resolution)
        inline_from = max(starts[0][3], block.marker_end)
        starts = []
    if not starts:
        inline = list(_inline_labels(text, inline_from, block.end))
        if len(inline) >= 2:
            starts = [(label, s, e - 1, e) for label, s, e in inline]
    if not starts and len(bulleted := _bulleted_decisions(text, lines)) >= 2:
        return bulleted
    if not starts and len(one_a_line := _decisions_one_a_line(lines)) >= 2:
        return one_a_line
    if not starts:
        body_start = inline_from
        while body_start < block.end and text[body_start] in " \t\n:–—-,":
            body_start += 1
        end = _trim_end(text, body_start, block.end)
        if end <= body_start:
            return []
        return _infinitive_decisions(text, body_start, end)
    levels = _Levels()
    parts: list[RawPart] = []
    for index, (label, label_start, label_end, body_start) in enumerate(starts):
        path = levels.place(label)
        end = starts[index + 1][1] if index + 1 < len(starts) else block.end
        parts.append(
            RawPart(
                path=path,
                label_start=label_start,
                label_end=label_end,
                start=body_start,
                end=_trim_end(text, body_start, end),
            )
        )
    return _sections_renumbered(_renumbered(text, _without_narrative(text, parts)))


#: A part that opens its own run-in list: "(3) That (i) authority be delegated ...,
#: and (ii) accordingly ...".
_OPENS_INLINE = re.compile(r"[ \t]*(?:That|THAT)[ \t]+(?=\((?:1|a|i)\)[ \t])")


def _nested_inline(
    text: str, end: int, starts: list[tuple[str, int, int, int]]
) -> list[tuple[str, int, int, int]]:
    """*starts* with the run-in labels of a part whose words open "That (i) ...": its
    children, each a part of its own (the part itself keeps its introducing words)."""
    out: list[tuple[str, int, int, int]] = []
    for index, start in enumerate(starts):
        out.append(start)
        opens = _OPENS_INLINE.match(text, start[3])
        if opens is None or "." in start[0]:
            continue
        stop = starts[index + 1][1] if index + 1 < len(starts) else end
        inner = list(_inline_labels(text, opens.end(), stop))
        if len(inner) >= 2 and inner[0][0] in {"1", "a", "i"}:
            out.extend((label, s, e - 1, e) for label, s, e in inner)
    return out


#: "That" before a resolution's first label, on the label's line: "That (a) the ...".
_THAT_LABEL = re.compile(r"[ \t]*(?:That|THAT)[ \t]*(?:[:\-–—][ \t]*)?(?=\((?:1|a|i)\)[ \t])")
#: A label of a section or paragraph number: "2.1", "5.3", "10.2".
_SECTION = re.compile(r"\d{1,3}\.\d{1,3}")


def _sections_renumbered(parts: list[RawPart]) -> list[RawPart]:
    """Parts numbered 1, 2, ... in order when every one is labelled with the same section
    or paragraph number ("2.1" ... "2.5", the report's section; "5.1" ... "5.4" under item
    5; "16.3" after the paragraphs of discussion) and no part is that number alone: the
    first number is the section's, not a part; what is nested under each part follows it."""
    if not parts or any(len(p.path) < 2 or p.label_start is None for p in parts):
        return parts
    heads = {p.path[0] for p in parts}
    if len(heads) != 1 or not all(p.path[1].isdigit() for p in parts):
        return parts
    out: list[RawPart] = []
    order: dict[str, str] = {}
    for part in parts:
        number = order.setdefault(part.path[1], str(len(order) + 1))
        out.append(attrs.evolve(part, path=(number, *part.path[2:])))
    return out


#: A line that lists a permission's conditions after it: "... subject to the following
#: conditions:-", "Conditions:". The numbered list under it stays inside the part.
_CONDITIONS_LEAD = re.compile(r"\bconditions?\b[^.:\n]{0,60}:\s*[-–—]?\s*$", re.I)


def _without_conditions(
    text: str, block_start: int, starts: list[tuple[str, int, int, int]]
) -> list[tuple[str, int, int, int]]:
    """*starts* without the labels of a list of conditions (numbered "1.", "2.", ... after
    a line ending "subject to the following conditions:-"): they are words of the part
    above them, and the first label after the list that does not follow on ends it."""
    kept: list[tuple[str, int, int, int]] = []
    listed: str | None = None  # the last condition's label while inside a list
    for start in starts:
        label, label_start = start[0], start[1]
        if listed is not None and _follows_on(listed, label):
            listed = label
            continue
        listed = None
        above = text[max(block_start, label_start - 400) : label_start].rstrip()
        if _CONDITIONS_LEAD.search(above[above.rfind("\n") + 1 :]):
            listed = label
            continue
        kept.append(start)
    return kept


def _next_label(before: str, label: str) -> bool:
    """Whether *label* comes next after *before* in one list: "b" after "a", "2" after
    "1", "ii" after "i"."""
    if before in _ROMAN and label in _ROMAN and _ROMAN[label] == _ROMAN[before] + 1:
        return True
    if len(before) == len(label) == 1 and before.isalpha() and label.isalpha():
        return ord(label) == ord(before) + 1
    return _follows_on(before, label)


def _follows_on(before: str, label: str) -> bool:
    """Whether *label* is the number after *before* ("2" after "1")."""
    return before.isdigit() and label.isdigit() and int(label) == int(before) + 1


def _bulleted_decisions(text: str, lines: list[Line]) -> list[RawPart]:
    """Parts printed as bullets that each open as a resolution of its own ("- That
    approval be given ...", "- That the Team be authorised ..."), numbered 1, 2, ... in
    order; any other bullet continues the part before it (bullets that do not open
    "That" are the clauses of one resolution: "RESOLVED that" then "· The agreement be
    endorsed.")."""
    parts: list[RawPart] = []
    ends: list[int] = []
    for line in lines:
        bullet = _BULLET.match(line.text)
        if bullet is None or not _THAT.match(line.text, bullet.end()):
            continue
        if parts:
            ends.append(line.start)  # the part before ends where this bullet's line starts
        parts.append(RawPart(path=(str(len(parts) + 1),), label_start=None, label_end=None,
                             start=line.start + bullet.end(), end=line.end))  # fmt: skip
    if not parts:
        return []
    ends.append(lines[-1].end)
    return [
        attrs.evolve(p, end=_trim_end(text, p.start, end))
        for p, end in zip(parts, ends, strict=True)
    ]


def _decisions_one_a_line(lines: list[Line]) -> list[RawPart]:
    """Unlabelled decisions printed one a line, every line opening as a decision does
    ("To authorise ...", "That the Scheme ... become ..."), numbered 1, 2, ...; none
    when any line does not (a resolution wrapped over several lines)."""
    printed = [line for line in lines if not line.blank]
    if not all(UNLABELLED_DECISION.match(line.text) for line in printed):
        return []
    parts: list[RawPart] = []
    for line in printed:
        lead = len(line.text) - len(line.text.lstrip())
        parts.append(RawPart(path=(str(len(parts) + 1),), label_start=None, label_end=None,
                             start=line.start + lead, end=line.end))  # fmt: skip
    return parts


def _opens_with_marker(text: str, part: RawPart) -> bool:
    return _marker_at(Line(part.start, part.end, text[part.start : part.end])) is not None


def _without_narrative(text: str, parts: list[RawPart]) -> list[RawPart]:
    """The parts that are decisions, when minutes number every paragraph ("16.1 The
    Committee considered ...", "16.2 Members commented ...", "16.3 Resolved - That
    ..."): once a paragraph carries its own resolution heading, the paragraphs beside it
    that read as narrative (and do not open as a decision does) are not parts."""
    marked = [p for p in parts if _opens_with_marker(text, p)]
    if not marked or len(marked) == len(parts):
        return parts
    depth = len(marked[0].path)
    kept: list[RawPart] = []
    keep = True
    for part in parts:
        if len(part.path) <= depth:
            body = text[part.start : part.end]
            keep = (
                part in marked
                or bool(_THAT.match(body) or _DECISION_OPENING.match(body))
                or not _starts_narrative(body)
            )
        if keep:
            kept.append(part)
    return kept or parts


def _normal_words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", text.lower()).split())


_SEQUENCES = {
    "1": [str(n) for n in range(1, 100)],
    "a": [chr(c) for c in range(ord("a"), ord("z") + 1)],
    "i": sorted(_ROMAN, key=_ROMAN.__getitem__),
}


def _renumbered(text: str, parts: list[RawPart]) -> list[RawPart]:
    """Parts numbered in order when every top-level one carries the same first label
    ("1. That ...", "1. That ...", "1. That ..."): an ordered list whose numbering was
    lost when the page was copied, not one part printed several times (their words
    differ). The parts nested under each follow their parent's new number."""
    top = [p for p in parts if len(p.path) == 1]
    if len(top) < 2:
        return parts
    labels = {p.path[0] for p in top}
    sequence = _SEQUENCES.get(next(iter(labels))) if len(labels) == 1 else None
    words = {_normal_words(text[p.start : p.end]) for p in top}
    if sequence is None or len(words) < len(top) or len(top) > len(sequence):
        return parts
    out: list[RawPart] = []
    number = -1
    for part in parts:
        if len(part.path) == 1:
            number += 1
        if number < 0:
            return parts  # a nested part before any top-level one: not a flattened list
        out.append(attrs.evolve(part, path=(sequence[number], *part.path[1:]), renumbered=True))
    return out


def number_in_order(blocks: list[list[RawPart]]) -> list[list[RawPart]]:
    """Each block's parts, numbered on from the blocks before when a block's parts carry
    no label and would repeat a number already taken: successive "RESOLVED that ...",
    "RESOLVED to note ...", "RECOMMEND to Council that ..." in one item are parts (1),
    (2), (3), not three parts (1)."""
    taken: set[str] = set()
    out: list[list[RawPart]] = []
    for parts in blocks:
        unlabelled = all(p.label_start is None for p in parts)
        if unlabelled and any(p.path[0] in taken for p in parts):
            numbers = [int(t) for t in taken if t.isdigit()]
            shift = max(numbers, default=0)
            parts = [
                attrs.evolve(p, path=(str(int(p.path[0]) + shift), *p.path[1:]))
                if p.path[0].isdigit()
                else p
                for p in parts
            ]
        taken.update(p.path[0] for p in parts)
        out.append(parts)
    return out


_OPERATIVE = (
    r"(?:approve|agree|adopt|endorse|note|implement|continue|establish|extend|end|create|delete|"
    r"appoint|authorise|authorize|delegate|confirm|accept|ask|request|instruct|enter|terminate|"
    r"give|grant|award|amend|vary|renew|set\s+up|proceed|support|commission|procure|transfer)"
)
_INFINITIVE_START = re.compile(rf"\s*(?:that\s+)?to\s+{_OPERATIVE}\b", re.I)
#: (Not "..., and to authorise the Head of Legal Services to complete the documents": the
#: means of carrying out the decision before it, a delegation inside it.)
_AND_TO = re.compile(rf",?\s+and\s+(?=to\s+(?!authori[sz]e\b|delegate\b){_OPERATIVE}\b)", re.I)


def _infinitive_decisions(text: str, start: int, end: int) -> list[RawPart]:
    """One unnumbered resolution, or several when one sentence holds several decisions
    in the infinitive ("To implement ... and to agree to continue ..."): parts 1, 2, ..."""
    whole = [RawPart(path=("1",), label_start=None, label_end=None, start=start, end=end)]
    if not _INFINITIVE_START.match(text, start, end):
        return whole
    sentence_end = re.compile(r"\.(?=\s|$)|\n[ \t]*\n").search(text, start, end)
    stop = end if sentence_end is None else sentence_end.start()
    cuts = [m for m in _AND_TO.finditer(text, start, stop) if _depth(text, start, m.start()) == 0]
    if not cuts:
        return whole
    bounds = [start] + [m.end() for m in cuts]
    ends = [m.start() for m in cuts] + [end]
    return [
        RawPart(path=(str(n + 1),), label_start=None, label_end=None, start=a, end=b)
        for n, (a, b) in enumerate(zip(bounds, ends, strict=True))
    ]


def _depth(text: str, start: int, at: int) -> int:
    """How many brackets are open at *at* (counted from *start*)."""
    window = text[start:at]
    return window.count("(") - window.count(")")

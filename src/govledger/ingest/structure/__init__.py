"""Finding the structure of minutes: items, resolution blocks and their numbered parts.

Works on the plain text of a :class:`~govledger.ingest.text.Document`; every offset
here indexes that text. Nothing here knows about events.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import attrs

from ..votes import motion_purpose

__all__ = [
    "Block",
    "ItemSpan",
    "Line",
    "RawPart",
    "find_blocks",
    "find_items",
    "lines_of",
    "split_parts",
]


@attrs.frozen
class Line:
    """One line of the text: offsets and the line's text (without the newline)."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        """Whether the line holds only spaces."""
        return not self.text.strip()


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of ``text[start:end]`` with their offsets in *text*."""
    stop = len(text) if end is None else end
    out: list[Line] = []
    position = start
    while position < stop:
        newline = text.find("\n", position, stop)
        line_end = stop if newline == -1 else newline
        out.append(Line(position, line_end, text[position:line_end]))
        position = line_end + 1
    return out


# --------------------------------------------------------------------------- items

_ITEM_NUMBER = r"(?:[A-Z]{1,6}[ ./-]?)?\d{1,4}[A-Za-z]?(?:/\d{2,4})?"
_ITEM_WORD = re.compile(
    rf"^\s*(?:agenda\s+)?(?:item|minute)\s*(?:no\.?|number)?\s*(?P<num>{_ITEM_NUMBER})\b"
    r"[.:)]?\s*(?:[-–—:]\s*)?(?P<title>.*)$",
    re.I,
)
_ITEM_BARE = re.compile(
    rf"^\s{{0,2}}(?P<num>{_ITEM_NUMBER})(?:[.:)]|\s*[-–—])?\s+(?P<title>[A-Z‘“'\"(][^\n]{{2,200}})$"
)
_ITEM_IN_BRACKETS = re.compile(rf"\((?:agenda\s+)?item\s+(?P<num>{_ITEM_NUMBER})\)", re.I)
_NOT_TITLE = re.compile(
    r"^(?:that|to|the|it|this|he|she|they|there|members|officers|resolved|recommended|"
    r"agreed|decision|for|against|abstain|page|councillors?|cllr|january|february|march|april|"
    r"may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|"
    r"sept?|oct|nov|dec|votes?|members?|per\s+cent|%)\b",
    re.I,
)
_NUMBER_ALONE = re.compile(rf"^\s{{0,2}}(?P<num>{_ITEM_NUMBER})[.:)]?\s*$")
_DOC_SIZE = re.compile(r"\s*(?:PDF|DOC|DOCX|HTML)\s+\d+\s*[KM]B\s*$", re.I)
_FIELD_LINE = re.compile(
    r"^(?:meeting|date\w*|decision\s+maker|decision\s+status|status|lead\s+(?:officer|member)|"
    r"wards?|published|effective|call[\s-]*in|key\s+decision|is\s+key|subject|author|contact|"
    r"report\s+author|portfolio|minutes|item|venue|time|present|apologies)\b[^:]{0,30}:",
    re.I,
)
_BOILERPLATE = re.compile(
    r"^(?:issue\s*-\s*meetings|agenda\s+item|minutes:?|additional\s+documents:?|decision\s+details|"
    r"decisions?:?|meeting\s+details|purpose\s+of\s+report|report\s+of\b.*|resolved:?|"
    r"recommendations?:?)$",
    re.I,
)


@attrs.frozen(kw_only=True)
class ItemSpan:
    """An agenda item: its printed number and title (offsets into the text) and extent."""

    start: int
    end: int
    number: tuple[str, int, int] | None
    title: tuple[str, int, int] | None


def _clean_number(num: str) -> str:
    return num.strip().rstrip(".:)").strip()


def _title_ok(title: str) -> bool:
    stripped = title.strip()
    if len(stripped) < 3 or stripped[-1] in ".;,":
        return False
    if _NOT_TITLE.match(stripped) and not (stripped.isupper() and len(stripped) > 12):
        return False
    return not re.match(r"^\d", stripped)


def _heading_at(line: Line) -> tuple[tuple[str, int, int], tuple[str, int, int] | None] | None:
    """The item number and title a line announces, if it is an item heading."""
    for pattern, needs_title in ((_ITEM_WORD, False), (_ITEM_BARE, True)):
        m = pattern.match(line.text)
        if m is None:
            continue
        title = m["title"]
        size = _DOC_SIZE.search(title)
        title_end = m.start("title") + (size.start() if size else len(title.rstrip()))
        title_text = line.text[m.start("title") : title_end].strip()
        if needs_title and not _title_ok(title_text):
            continue
        if not needs_title and title_text and not _title_ok(title_text):
            continue
        num = _clean_number(m["num"])
        number = (num, line.start + m.start("num"), line.start + m.start("num") + len(num))
        if not title_text:
            return number, None
        t_start = line.start + m.start("title") + (len(title) - len(title.lstrip()))
        return number, (title_text, t_start, t_start + len(title_text))
    return None


def _number_then_title(
    lines: list[Line], index: int
) -> tuple[tuple[str, int, int], tuple[str, int, int] | None] | None:
    """A heading printed as a number alone on its line, the title on the next line."""
    m = _NUMBER_ALONE.match(lines[index].text)
    if m is None or not re.search(r"[.:)]\s*$", lines[index].text):
        return None
    for following in lines[index + 1 : index + 3]:
        if following.blank:
            continue
        stripped = following.text.strip()
        size = _DOC_SIZE.search(stripped)
        title = stripped[: size.start()].strip() if size else stripped
        if not _title_ok(title) or label_at(following.text) is not None:
            return None
        num = _clean_number(m["num"])
        start = lines[index].start + m.start("num")
        lead = len(following.text) - len(following.text.lstrip())
        return (num, start, start + len(num)), (
            title,
            following.start + lead,
            following.start + lead + len(title),
        )
    return None


def _first_title(text: str, lines: list[Line]) -> tuple[str, int, int] | None:
    for line in lines[:12]:
        stripped = line.text.strip()
        if not stripped or _BOILERPLATE.match(stripped) or _FIELD_LINE.match(stripped):
            continue
        if len(stripped) > 160 or stripped.endswith((".", ";", ",")):
            continue
        if _NOT_TITLE.match(stripped):
            continue
        lead = len(line.text) - len(line.text.lstrip())
        size = _DOC_SIZE.search(stripped)
        title = stripped[: size.start()] if size else stripped
        return title, line.start + lead, line.start + lead + len(title)
    return None


def find_items(text: str) -> list[ItemSpan]:
    """The agenda items in *text*; one item covering everything when none is numbered.

    A heading is a line starting with an item number ("45.", "45/22", "CAB.23", "Item 7",
    "Minute 118") followed by a title, or a page header naming "(Item N)".
    """
    lines = lines_of(text)
    headings: list[tuple[int, tuple[str, int, int], tuple[str, int, int] | None]] = []
    for index, line in enumerate(lines):
        found = _heading_at(line) or _number_then_title(lines, index)
        if found is None:
            continue
        number, title = found
        if title is None:  # "Item 7" alone: the title is the next non-blank line
            for following in lines[index + 1 : index + 4]:
                if not following.blank:
                    stripped = following.text.strip()
                    if _title_ok(stripped):
                        lead = len(following.text) - len(following.text.lstrip())
                        title = (
                            stripped,
                            following.start + lead,
                            following.start + lead + len(stripped),
                        )
                    break
        headings.append((line.start, number, title))
    if not headings:
        bracket = _ITEM_IN_BRACKETS.search(text[:3000])
        printed: tuple[str, int, int] | None = None
        header_lines = lines
        if bracket is not None:
            num = _clean_number(bracket["num"])
            printed = (num, bracket.start("num"), bracket.start("num") + len(num))
            after = [ln for ln in lines if ln.start > bracket.end()]
            header_lines = after or lines
        title = _first_title(text, header_lines) or _first_title(text, lines)
        return [ItemSpan(start=0, end=len(text), number=printed, title=title)]
    items = []
    for index, (start, number, title) in enumerate(headings):
        end = headings[index + 1][0] if index + 1 < len(headings) else len(text)
        items.append(ItemSpan(start=start, end=end, number=number, title=title))
    if headings[0][0] > 0:  # text before the first item: the meeting's header
        items[0] = attrs.evolve(items[0], start=headings[0][0])
    return items


# --------------------------------------------------------------------------- blocks

_MARKER = re.compile(
    r"^\s*(?:(?i:following|after|upon|on)\s+[^.\n:]{0,60}?,?\s+(?=(?i:it\s+was)\b))?"
    r"(?:(?i:it\s+was|and|the\s+[\w&,' ]{2,60}?|members|councillors)\s+)?"
    r"(?:(?i:therefore|thereupon|accordingly|then|unanimously)\s+)?"
    r"(?P<word>RESOLVED|Resolved|resolved|RECOMMENDED|RECOMMEND|Recommended|AGREED|Agreed|agreed|"
    r"DECIDED|Decided|DECISIONS|DECISION|Decision|Decisions)\b"
    r"(?!\s+(?:maker|status|date|type|published|details|taker|notice|made|by\s+the\s+officer)\b)"
    r"(?P<rest>.*)$"
)
_LOST_HEADING = re.compile(r"\bit\s+was\s*:?\s*$|\bagreed\s*:\s*$", re.I)
_REPORT_RECS = re.compile(
    r"\b(?:is|are|was|were)\s+(?:therefore\s+)?(?:asked|recommended|requested|invited)"
    r"(?:\s+to)?\s*(?:[:\-–]|that)?\s*$|^\s*recommendations?\s*(?:to\s+\w+)?\s*:?\s*$",
    re.I,
)


#: A heading that resolves to recommend: "RESOLVED to recommend to Full Council to:",
#: "RESOLVED that Cabinet recommend to Council the following:".
_RECOMMENDING = re.compile(
    r"\s*[:\-–—]?\s*(?:\([^)]{0,40}\)\s*)?(?:that\s+)?(?:(?:the\s+)?[A-Z][\w&' ]{0,40}?\s+)?"
    r"(?:to\s+)?recommend(?:s|ed)?\b(?!ations?\b)",
    re.I,
)

#: A field line of a decision notice or an agenda page, which no resolution runs into.
NOTICE_FIELD = re.compile(
    r"^\s*(?:publication\s+date|date\s+of\s+(?:decision|publication)|decided\s+at\s+meeting|"
    r"effective\s+from|report\s+author|reasons?\s+for\s+(?:the\s+)?decisions?|"
    r"alternative\s+options?(?:\s+considered)?(?:\s+and\s+rejected)?|options\s+considered|"
    r"accompanying\s+documents|supporting\s+documents|background\s+papers|additional\s+documents|"
    r"is\s+key\s+decision|is\s+subject\s+to\s+call[\s-]*in|decision\s+maker|decision\s+status|"
    r"decision\s+type|purpose|wards?\s+affected|lead\s+(?:officer|member)|contact|"
    r"conflicts?\s+of\s+interests?|dispensations?(?:\s+granted)?|call[\s-]*in\s+(?:deadline|expiry)|"
    r"reasons?|minutes|decisions?|subject\s+to\s+call[\s-]*in)\s*\??\s*(?::|$)",
    re.I,
)


@attrs.frozen(kw_only=True)
class Block:
    """A run of resolution text: its marker word (``""`` for a lost heading) and extent.

    ``marker`` spans the heading words ("RESOLVED", "Decision (For: 7 Against: 3)
    that"); ``start`` is where the parts' text begins.
    """

    kind: str  # resolved, recommended, decision, agreed, lost_heading
    marker_start: int
    marker_end: int
    start: int
    end: int
    confidence: float


def _kind(word: str) -> str:
    lowered = word.lower()
    if lowered.startswith("recommend"):
        return "recommended"
    if lowered.startswith("decision") or lowered == "decided":
        return "decision"
    if lowered == "agreed":
        return "agreed"
    return "resolved"


def _marker_at(line: Line) -> tuple[str, int, int] | None:
    """The marker a line opens with, as ``(kind, marker end offset, rest start)``."""
    m = _MARKER.match(line.text)
    if m is None:
        return None
    word = m["word"]
    prefix = line.text[: m.start("word")].strip()
    rest = m["rest"]
    if word in {"resolved", "agreed"} and not prefix:
        return None  # a sentence that merely contains the word
    if (
        word in {"Recommended", "Decisions"}
        and rest.strip()
        and not re.match(r"\s*(?:to\b|that\b|[:\-–—(])", rest, re.I)
    ):
        return None
    if (
        word.lower() in {"agreed", "decided"}
        and prefix
        and not re.match(r"(?i)^(?:it\s+was|members|councillors|the\s+\w+)", prefix)
    ):
        return None
    if prefix and len(prefix.split()) > 8:
        return None
    if word == "Decision" and rest.strip() and not re.match(r"\s*(?:that\b|[:\-–—(]|$)", rest):
        return None
    if (
        word.lower() in {"agreed", "decided"}
        and not prefix
        and rest.strip()
        and not re.match(r"\s*(?:that\b|[:\-–—(])", rest, re.I)
    ):
        return None
    if (
        word.lower() in {"agreed", "decided", "resolved"}
        and prefix
        and rest.strip()
        and not re.match(r"\s*(?:that\b|to\b|[:\-–—(])", rest, re.I)
    ):
        return None
    marker_end = line.start + m.start("rest")
    kind = _kind(word)
    if kind != "recommended" and _RECOMMENDING.match(rest):
        kind = "recommended"  # "RESOLVED to recommend to Full Council to:"
    return kind, marker_end, marker_end


_LABEL = re.compile(
    r"^\s*(?:(?P<combo>\(?\d{1,2}\)?\s*\([a-z]{1,4}\))"
    r"|\((?P<paren>\d{1,2}|[a-z]{1,4}|[A-Z])\)"
    r"|(?P<dotted>\d{1,2}\.\d{1,2})(?=[\s.)])\.?"
    r"|(?P<plain>\d{1,2}|[a-z]|[ivx]{2,4}|[A-Z])[.)](?=\s)"
    # "A:   Welcomes ...": a capital letter and a colon
    r"|(?P<colon>[A-Z]|[a-z])[:](?=\s)"
    # "a          To start ...": a letter set off by wide spaces, with no stop
    r"|(?P<wide>[a-z]|[ivx]{2,4})(?=[ \t]{3,}[A-Za-z(])"
    r")"
    r"\s*"
)
_BULLET = re.compile(r"^\s*(?:[·•●▪◦‣\-–*]|o(?=\s))\s+")


def label_at(text: str) -> tuple[str, int] | None:
    """The part label a line starts with, normalised ("2", "a", "2.a"), and where text starts."""
    m = _LABEL.match(text)
    if m is None:
        return None
    if m["combo"]:
        parts = re.findall(r"\d{1,2}|[a-z]{1,4}", m["combo"])
        return ".".join(parts), m.end()
    if m["dotted"]:
        return m["dotted"], m.end()
    label = m["paren"] or m["plain"] or m["colon"] or m["wide"]
    return label.lower() if label.isupper() and len(label) == 1 else label, m.end()


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip()
    return bool(stripped) and stripped[-1] in ".!?"


def _starts_narrative(text: str) -> bool:
    stripped = text.strip()
    return (
        bool(stripped)
        and (stripped[0].isupper() or stripped[0].isdigit())
        and not _BULLET.match(text)
    )


def find_blocks(text: str, start: int, end: int) -> list[Block]:
    """The resolution blocks inside ``text[start:end]`` (one item).

    A block opens at a marker ("RESOLVED", "Decision (unanimous) that", "RECOMMENDED
    to Council", "Following discussion it was") or, failing any, at a numbered list
    whose first part begins "That" (a lost bold heading). It runs over numbered parts
    and their continuation lines and stops at narrative after a finished sentence.
    """
    lines = lines_of(text, start, end)
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        marker = _marker_at(line)
        if marker is not None and not _opens_resolution(lines, index, marker[2]):
            marker = None
        kind = None
        confidence = 0.95
        rest_start = line.start
        if marker is not None:
            kind, marker_end, rest_start = marker
            marker_start = line.start + len(line.text) - len(line.text.lstrip())
        elif (lost := _LOST_HEADING.search(line.text)) and _next_is_label(lines, index + 1):
            kind, confidence = "lost_heading", 0.7
            marker_start = line.start + _sentence_start(line.text, lost.start())
            marker_end = rest_start = line.end
        elif _is_unheaded_list(lines, index):
            kind, confidence = "lost_heading", 0.6
            marker_start = marker_end = rest_start = line.start
        if kind is None:
            index += 1
            continue
        stop_index = _block_end(lines, index, rest_start)
        block_end = lines[stop_index - 1].end if stop_index > index else line.end
        blocks.append(
            Block(
                kind=kind,
                marker_start=marker_start,
                marker_end=marker_end,
                start=rest_start,
                end=block_end,
                confidence=confidence,
            )
        )
        index = max(stop_index, index + 1)
    if not blocks:
        found = outcome_sentence(text, start, end)
        if found is not None:
            blocks.append(found)
    return blocks


def _opens_resolution(lines: list[Line], index: int, rest_start: int) -> bool:
    """Whether a marker is followed by resolution words, not by a menu or a field label."""
    line = lines[index]
    rest = line.text[rest_start - line.start :].strip(" :–—-\xa0\t")
    if re.sub(r"^\([^)]*\)\s*", "", rest).strip(" :–—-") not in {"", "that", "That", "THAT"}:
        return True
    for following in lines[index + 1 : index + 6]:
        if following.blank:
            continue
        text = following.text.strip()
        if re.fullmatch(r"[A-Z][\w ]{0,40}:", text):  # "Cabinet:" before the parts
            continue
        return bool(
            label_at(following.text) or re.match(r"(?:that|to)\b", text, re.I) or text[:1].islower()
        )
    return False


_OUTCOME_SENTENCE = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<sentence>[^.\n]*?\b(?:the\s+)?(?P<what>report|minutes|notes|"
    r"motion|recommendations?|item|proposals?|matter)\b[^.]{0,200}?\b(?:was|were)\s+"
    r"(?:(?:therefore|then|duly|unanimously|accordingly)\s+)?(?P<verb>noted|approved|agreed|"
    r"carried|adopted|lost|defeated|withdrawn|deferred|confirmed|LOST|CARRIED)\b"
    r"(?:[^.\n]|\n(?![ \t]*\n)){0,300}\.?)",
    re.I,
)
_VERB_OUTCOME = {"noted": "noted", "lost": "lost", "defeated": "lost", "withdrawn": "withdrawn",
                 "deferred": "deferred", "endorsed": "resolved"}  # fmt: skip


_ACTIVE_SENTENCE = re.compile(
    r"(?:^|(?<=[.!?]\s)|(?<=\n))(?P<sentence>(?:the\s+)?(?P<what>board|committee|cabinet|council|"
    r"members|panel|executive|group)\s+(?:(?:unanimously|duly)\s+)?(?P<verb>noted|agreed|approved|"
    r"endorsed|deferred)\s+the\b[^.\n]*\.?)",
    re.I,
)


def outcome_sentence(text: str, start: int, end: int) -> Block | None:
    """An item decided in a narrative sentence ("The report was noted.", "the motion was
    LOST", "The Board noted the risk register."), when it has no resolution heading: a
    block of one part."""
    matches = [
        *_OUTCOME_SENTENCE.finditer(text, start, end),
        *_ACTIVE_SENTENCE.finditer(text, start, end),
    ]
    candidates = []
    for m in sorted(matches, key=lambda found: found.start()):
        sentence = m["sentence"]
        if re.search(r"\bamendment\b", sentence, re.I) and m["what"].lower() != "motion":
            continue
        if re.search(r"\b(?:not|previous|last)\b", sentence[: m.start("verb") - m.start()], re.I):
            continue
        purpose = "substantive"
        if m["what"].lower() == "motion":
            lead = max(text.rfind(".", max(start, m.start() - 300), m.start()), start)
            purpose = motion_purpose(text[lead : m.end()])
        candidates.append((m, purpose))
    # A motion's fate decides the item only when it is the substantive motion: lost
    # procedural motions and amendments are votes on the way, not the decision.
    substantive = [
        c for c in candidates if c[1] == "substantive" and c[0]["what"].lower() == "motion"
    ]
    if substantive:
        candidates = substantive[-1:]
    elif any(c[1] == "substantive" for c in candidates):
        candidates = [c for c in candidates if c[1] == "substantive"]
    for m, _purpose in candidates:
        outcome = _VERB_OUTCOME.get(m["verb"].lower(), "resolved")
        part_start = m.start("sentence")
        part_end = m.end()
        if m["what"].lower() == "motion":
            quotes = list(re.finditer(r"[\"“](?P<q>[^\"”]{10,}?)[\"”]", text[start:part_start]))
            moved = [q for q in quotes if re.match(r"\s*that\b", q["q"], re.I)]
            if moved or quotes:
                quote = (moved or quotes)[0 if moved else -1]
                part_start = start + quote.start("q")
                part_end = start + quote.end("q")  # the motion's own words are the part
        while part_start < m.end() and text[part_start] in " \xa0\t\n":
            part_start += 1
        return Block(
            kind=f"sentence:{outcome}",
            marker_start=m.start("sentence"),
            marker_end=m.end(),
            start=part_start,
            end=part_end,
            confidence=0.6,
        )
    return None


def _sentence_start(text: str, before: int) -> int:
    """Where the sentence holding ``text[before]`` starts."""
    cut = max(text.rfind(". ", 0, before), text.rfind(".\xa0", 0, before))
    start = 0 if cut == -1 else cut + 1
    while start < before and text[start] in " \xa0\t":
        start += 1
    return start


def _next_is_label(lines: list[Line], index: int) -> bool:
    for line in lines[index : index + 4]:
        if line.blank:
            continue
        return label_at(line.text) is not None
    return False


_PARTICIPLES = (
    r"noted|approved|agreed|adopted|endorsed|accepted|authori[sz]ed|received|confirmed|"
    r"established|created|deleted|extended|appointed|granted|delegated|deferred|withdrawn|"
    r"supported|ratified|amended|requested|asked|instructed|given|made|set\s+up|presented|"
    r"submitted|reported|pursued|progressed|commissioned|undertaken|elected"
)
_VERBS = (
    r"approve|agree|adopt|endorse|note|accept|authori[sz]e|delegate|confirm|establish|create|"
    r"appoint|ask|request|implement|continue|extend|amend|support|ratify|welcome|instruct|"
    r"recommend|resolve|commission|defer|withdraw|delete|give|grant|award|enter|end|terminate"
)
#: The words a decision opens with when its heading was lost: "That ...", "the report be
#: noted", "To approve ...", "Approves ...", "Noted ...", "accept the business case ...".
_DECISION_OPENING = re.compile(
    rf"\s*(?:that\s+)?(?:"
    rf"(?:[\w'’,&()-]+\s+){{0,25}}?(?:be|is|are)\s+(?:duly\s+|hereby\s+|formally\s+)?(?:{_PARTICIPLES})\b"
    rf"|to\s+(?:{_VERBS})\b"
    rf"|(?:{_VERBS})(?:s|es|d|ed)?\b"
    rf")",
    re.I,
)
_THAT = re.compile(r"\s*that\b", re.I)
#: An agenda's description of an item, not its decision: "(a) to receive and note the
#: minutes", "(b) to consider any recommendations".
_AGENDA_WORDS = re.compile(r"\s*(?:to\s+)?(?:receive|consider|discuss|review|question)\b", re.I)
_NOT_DECIDED = re.compile(r"\b(?:purpose|background|introduction|summary|options?)\s*:?\s*$", re.I)


def _is_unheaded_list(lines: list[Line], index: int) -> bool:
    """Whether a numbered list that no marker introduces is a resolution whose heading
    was lost: scored by evidence, not by one form.

    For: parts opening as decisions do ("That ...", "... be approved", "To agree ...",
    "Approves ...", "accept ..."), several of them. Against: a report's or an agenda's
    words before or in the list ("Cabinet is asked to:", "Purpose:", "to receive and
    note the minutes").
    """
    found = label_at(lines[index].text)
    if found is None or _heading_at(lines[index]) is not None:
        return False
    if not lines[index].text[found[1] :].strip():
        return False  # "89." alone: an item number, its title on the next line
    for previous in reversed(lines[max(0, index - 4) : index]):
        if previous.blank:
            continue
        if _REPORT_RECS.search(previous.text) or _NOT_DECIDED.search(previous.text):
            return False
        if label_at(previous.text) is not None:
            return False  # the middle of a list already passed over
        break
    score = 0.0
    seen = 0
    for line in lines[index : index + 40]:
        if line.blank:
            continue
        label = label_at(line.text)
        if label is None:
            if _starts_narrative(line.text) and _ends_sentence(line.text) and seen:
                break
            continue
        body = line.text[label[1] :]
        if seen and (_heading_at(line) is not None or not body.strip()):
            break  # the next item
        seen += 1
        if _AGENDA_WORDS.match(body):
            return False
        if _THAT.match(body):
            score += 1.0
        elif _DECISION_OPENING.match(body):
            score += 0.6
        if seen >= 8:
            break
    return score >= 1.0


def _block_end(lines: list[Line], index: int, rest_start: int) -> int:
    """The index of the first line after the block that opens on ``lines[index]``."""
    first = lines[index]
    rest = first.text[rest_start - first.start :]
    last_text = rest.strip()
    seen_part = bool(label_at(rest)) or bool(re.search(r"[a-z]{3}", rest))
    complete_single = seen_part and _ends_sentence(rest) and not label_at(rest)
    position = index + 1
    while position < len(lines):
        line = lines[position]
        if line.blank:
            position += 1
            continue
        if _marker_at(line) is not None or NOTICE_FIELD.match(line.text):
            return position
        if _heading_like(line) and seen_part and _ends_sentence(last_text):
            return position
        label = label_at(line.text)
        if label is not None:
            if complete_single and not _looks_nested(label[0]):
                return position
            seen_part = True
            last_text = line.text
            position += 1
            continue
        if not seen_part:
            seen_part = True
            last_text = line.text
            complete_single = _ends_sentence(line.text)
            position += 1
            continue
        if _BULLET.match(line.text) or not _starts_narrative(line.text):
            last_text = line.text
            position += 1
            continue
        if last_text.rstrip().endswith(":"):
            last_text = line.text
            position += 1
            continue
        if _ends_sentence(last_text) or last_text.rstrip().endswith(";"):
            return position
        last_text = line.text  # a wrapped line of a part
        position += 1
    return position


def _looks_nested(label: str) -> bool:
    return not label.isdigit()


def _heading_like(line: Line) -> bool:
    return _heading_at(line) is not None


# --------------------------------------------------------------------------- parts


@attrs.frozen(kw_only=True)
class RawPart:
    """A part as found: its path, label span, and text span (offsets into the text)."""

    path: tuple[str, ...]
    label_start: int | None
    label_end: int | None
    start: int
    end: int


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
    r"(?:(?<=[;:.])|(?<=[;:.]\s)|(?<=\band\s)|^)\s*\((\d{1,2}|[a-z]{1,4})\)\s+"
)


def _inline_labels(text: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    """Labels printed inside running text: "RESOLVED: (1) that ...; (2) that ..."."""
    for m in _INLINE_LABEL.finditer(text, start, end):
        yield m.group(1), m.start(1) - 1, m.end()


def split_parts(text: str, block: Block) -> list[RawPart]:
    """The numbered (or single unnumbered) parts of a block, with their nesting paths."""
    starts: list[tuple[str, int, int, int]] = []  # label, label start, label end, text start
    for line in lines_of(text, block.start, block.end):
        found = label_at(line.text)
        if found is None:
            continue
        label, body = found
        lead = len(line.text) - len(line.text.lstrip())
        label_start = line.start + lead
        label_end = line.start + len(line.text[:body].rstrip())
        starts.append((label, label_start, label_end, line.start + body))
    if not starts:
        inline = list(_inline_labels(text, block.start, block.end))
        if len(inline) >= 2:
            starts = [(label, s, e - 1, e) for label, s, e in inline]
    if not starts:
        body_start = block.start
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
    return parts


_OPERATIVE = (
    r"(?:approve|agree|adopt|endorse|note|implement|continue|establish|extend|end|create|delete|"
    r"appoint|authorise|authorize|delegate|confirm|accept|ask|request|instruct|enter|terminate|"
    r"give|grant|award|amend|vary|renew|set\s+up|proceed|support|commission|procure|transfer)"
)
_INFINITIVE_START = re.compile(rf"\s*(?:that\s+)?to\s+{_OPERATIVE}\b", re.I)
_AND_TO = re.compile(rf",?\s+and\s+(?=to\s+{_OPERATIVE}\b)", re.I)


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


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] in " \t\n\xa0":
        end -= 1
    return end

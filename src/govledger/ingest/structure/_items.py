"""Agenda items: their printed numbers, titles and extents."""

from __future__ import annotations

import re

import attrs

from ._lines import Line, label_at, lines_of
from ._markers import _BODY_RECORDS, _marker_at

#: An item number: letters before it ("CAB.15", "JSC/4"), a year or a span of years
#: after it ("13/24", "JSC/4/24-25", "CL64-22/23"). A star before it (an item taken
#: without discussion, "*HC.24/22") is printed beside the number, never part of it. The
#: letters may be a capitalised abbreviation closed by a stop ("Co.34", "Cab.12"; not
#: "No.5", which only says a number follows).
_ITEM_NUMBER = (
    r"(?:[A-Z]{1,6}[ ./-]?|(?!No\.)[A-Z][a-z]{1,3}\.)?"
    r"\d{1,4}[A-Za-z]?(?:/\d{2,4}(?:-\d{2,4})?|-\d{2,4}/\d{2,4})?"
)
_ITEM_WORD = re.compile(
    rf"^\s*(?:agenda\s+)?(?:item|minute)\s*(?:no\.?|number)?\s*(?P<num>{_ITEM_NUMBER})\b"
    r"[.:)]?\s*(?:[-–—:]\s*)?(?P<title>.*)$",
    re.I,
)
_ITEM_BARE = re.compile(
    # a star before the title marks a key decision ("69. *JOINT PROCUREMENT"), not its words
    rf"^\s{{0,2}}\*?(?P<num>{_ITEM_NUMBER})(?:[.:)]|\s*[-–—])?\s+\*?(?P<title>[A-Z‘“'\"(][^\n]{{2,200}})$"
)
#: A minute whose heading in capitals runs on into its text after a dash ("2514 MINUTES -
#: Resolved - That ...", "12. LEADER'S STATEMENT - The Leader made ..."): the capitals
#: are the title, what follows the dash the minute.
_ITEM_RUN_IN = re.compile(
    rf"^\s{{0,2}}\*?(?P<num>{_ITEM_NUMBER})[.:)]?\s+"
    r"(?P<title>[A-Z][A-Z0-9,&'’:()/ ]{2,120}?[A-Z)])[ \t]+[-–—][ \t]+(?=\S)"
)
#: A minute numbered with a stop inside ("21.44 ELECTION OF CHAIR"), the title in
#: capitals: a parish council's running minute, not a paragraph's number ("37.1 The ...").
_ITEM_DOTTED = re.compile(
    r"^\s{0,2}(?P<num>\d{1,3}\.\d{1,3})\.?\s+(?P<title>[A-Z][A-Z0-9,&'’:()/ -]{5,160})$"
)
#: A record of decisions numbered by minute, each decision a sentence on its number's
#: line ("50/2003 The Cabinet recommended to Council ...", "CAB 12/24 The Executive
#: approved ..."): the line is the item, with no title, and its sentence the decision.
_ITEM_DECIDED = re.compile(
    rf"^\s{{0,2}}(?P<num>{_ITEM_NUMBER})[.:)]?[ \t]+(?:the[ \t]+)?(?:[A-Z][\w&'’-]*[ \t]+){{0,3}}?"
    r"(?i:cabinet|council|committee|board|executive|panel|leader|mayor)[ \t]+"
    r"(?i:recommended|agreed|approved|noted|endorsed|deferred|resolved|decided|adopted|"
    r"authori[sz]ed|accepted|requested|delegated)\b",
    re.I,
)
_ITEM_IN_BRACKETS = re.compile(rf"\((?:agenda\s+)?item\s+(?P<num>{_ITEM_NUMBER})\.?\)", re.I)
_NOT_TITLE = re.compile(
    r"^(?:that|to|the|it|this|he|she|they|there|members|officers|resolved|recommended|"
    r"agreed|decision|for|against|abstain(?:ed|ing|s)?|abstentions?|page|councillors?|cllr|january|february|march|april|"
    r"may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|"
    r"sept?|oct|nov|dec|votes?|members?|per\s+cent|%)\b",
    re.I,
)
_NUMBER_ALONE = re.compile(rf"^\s{{0,6}}\*?(?P<num>{_ITEM_NUMBER})[.:)]?\s*$")
_DOC_SIZE = re.compile(r"\s*(?:PDF|DOC|DOCX|HTML)\s+\d+\s*[KM]B\s*$", re.I)
_FIELD_LINE = re.compile(
    r"^(?:meeting|date\w*|decision\s+maker|decision\s+status|status|lead\s+(?:officer|member)|"
    r"wards?|published|effective|call[\s-]*in|key\s+decision|is\s+key|subject|author|contact|"
    r"report\s+author|portfolio|minutes|item|venue|time|present|apologies|"
    # a notice's own questions and notes: "Is subject to call in?: Yes", "Note: Now on Item:14"
    r"is\s+(?:subject|callable|key)|note|outcome|purpose|content|decision\s+type|"
    r"reasons?\s+for|alternative\s+options?|publication|decided\s+at|accompanying)\b[^:]{0,30}:",
    re.I,
)
_BOILERPLATE = re.compile(
    r"^(?:issue\s*-\s*(?:meetings|decisions|details)|issue\s+(?:details|history)|"
    r"agenda\s+item|minutes:?|additional\s+documents:?|decision\s+details|"
    r"agenda,?\s+(?:decisions\s+)?and\s+(?:draft\s+)?minutes|decision\s+notice|"
    r"record\s+of\s+(?:an?\s+)?(?:officer\s+|executive\s+|delegated\s+|urgent\s+)?decisions?|"
    r"officer\s+decision(?:\s+record)?|notice\s+of\s+(?:a\s+)?decision|"
    r"decisions?:?|meeting\s+details|purpose\s+of\s+report|report\s+of\b.*|resolved:?|"
    r"recommendations?:?|supporting\s+documents:?|background\s+papers:?)$",
    re.I,
)


#: Page chrome, never a title: navigation bars ("Home | Meetings", "Print this item |
#: Issue history"), menus, cookie banners, a page's source address.
_CHROME = re.compile(
    r"[|·»›]|\b(?:cookies?|toggle|menu|navigation|skip\s+to|search\s+this\s+site|print\s+this|you\s+are\s+here)\b"
    r"|^search\w*$"
    r"|^(?:https?://|www\.)|\.(?:gov|org|co)\.uk\b",
    re.I,
)
_TRAILING_JOIN = re.compile(r"\b(?:and|or|but|that)\s*$", re.I)


@attrs.frozen(kw_only=True)
class ItemSpan:
    """An agenda item: its printed number and title (offsets into the text) and extent."""

    start: int
    end: int
    number: tuple[str, int, int] | None
    title: tuple[str, int, int] | None


def _clean_number(num: str) -> str:
    return num.strip().rstrip(".:)").strip()


_CAPITALS_STOP = re.compile(r"[^a-z]*[A-Z]{3}[^a-z]*\.$")


def _title_ok(title: str) -> bool:
    stripped = title.strip()
    # a heading in capitals may end with a full stop ("MINUTES OF THE PREVIOUS MEETING.")
    if len(stripped) < 3 or (stripped[-1] in ".;," and not _CAPITALS_STOP.match(stripped)):
        return False
    if _NOT_TITLE.match(stripped) and not (stripped.isupper() and len(stripped) > 12):
        return False
    if _CHROME.search(stripped):
        return False
    return not re.match(r"^\d", stripped)


def _heading_at(line: Line) -> tuple[tuple[str, int, int], tuple[str, int, int] | None] | None:
    """The item number and title a line announces, if it is an item heading."""
    patterns = ((_ITEM_WORD, False), (_ITEM_RUN_IN, True), (_ITEM_BARE, True), (_ITEM_DOTTED, True))
    for pattern, needs_title in patterns:
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
        if _CITATION.match(line.text, m.end("num")):
            continue  # "Minute 88(3) of the Cabinet meeting ...": a reference in a sentence
        num = _clean_number(m["num"])
        number = (num, line.start + m.start("num"), line.start + m.start("num") + len(num))
        if not title_text:
            return number, None
        t_start = line.start + m.start("title") + (len(title) - len(title.lstrip()))
        return number, (title_text, t_start, t_start + len(title_text))
    return None


#: The words after an item number that make it a reference inside a sentence, not a
#: heading: a part of the minute ("88(3)"), a lowercase word running on ("88 of the"),
#: or a comma ("Minute 18, Constitution Review", an amendment naming the minute it
#: changes).
_CITATION = re.compile(r"\(\w{1,4}\)|,|\s+(?:of|in|at|on|and|or|to|was|were|which|that)\b")
#: An item number whose form says it is one even alone on its line: letters before it
#: ("CEX/12", "EX.41", "OS 32") or a year after it ("13/24").
_NUMBER_FORM = re.compile(r"[A-Z]{1,6}[ ./-]?\d|[A-Z][a-z]{1,3}\.\d|\d/\d")


_ENDS_CLAUSE = re.compile(r"[.;:!?)]\s*$")


def _stands_apart(lines: list[Line], index: int, number: str, previous: str | None) -> bool:
    """Whether the number alone on line *index* opens something, rather than ending a
    sentence wrapped onto its line: it is the next number after the item before, or
    the text before it is none, or ends a clause.

    A minutes table prints the item number in a cell of its own, then a title that opens
    with the paper's reference ("92.", then "MC/22/41 TO CONFIRM THE MINUTES"): the item
    is 92 and the reference belongs to the title.
    """
    value = _number_value(number)
    before = None if previous is None else _number_value(previous)
    if value is not None and before is not None and value == before + 1:
        return True
    above = index - 1
    while above >= 0 and lines[above].blank:
        above -= 1
    return above < 0 or _ENDS_CLAUSE.search(lines[above].text) is not None


def _number_then_title(
    lines: list[Line], index: int, previous: str | None = None
) -> tuple[tuple[str, int, int], tuple[str, int, int] | None] | None:
    """A heading printed as a number alone on its line, the title on the next line (as a
    page's item table gives when copied: "CEX/12", then "Cabinet Executive Decisions").

    The number alone must read as an item number, not a stray page number: a stop after
    it ("89."), or its form (letters before it, a year after it).
    """
    m = _NUMBER_ALONE.match(lines[index].text)
    if m is None or not (
        re.search(r"[.:)]\s*$", lines[index].text) or _NUMBER_FORM.search(m["num"])
    ):
        return None
    for following in lines[index + 1 : index + 3]:
        if following.blank:
            continue
        stripped = following.text.strip()
        size = _DOC_SIZE.search(stripped)
        title = stripped[: size.start()].strip() if size else stripped
        if label_at(following.text) is not None:
            return None
        if (
            not _title_ok(title)
            and not (_next_in_sequence(m["num"], previous) and _agenda_title(title))
            and not (size is not None and _linked_title(title))
        ):
            return None
        if _heading_at(following) is not None and not _stands_apart(
            lines, index, m["num"], previous
        ):
            return None  # "2017." ending a wrapped sentence, then the next item's heading
        num = _clean_number(m["num"])
        start = lines[index].start + m.start("num")
        lead = len(following.text) - len(following.text.lstrip())
        return (num, start, start + len(num)), (
            title,
            following.start + lead,
            following.start + lead + len(title),
        )
    return None


#: An agenda's title that opens with an article or a verb ("To approve the minutes of
#: the last meeting held on 17 February 2011", "The use of shared CCTV"): a title when
#: its number, alone on the line above, comes next after the item before.
_AGENDA_TITLE = re.compile(r"(?i:to|the|this)\s+[A-Za-z][^\n]{5,200}")


def _agenda_title(title: str) -> bool:
    return (
        _AGENDA_TITLE.fullmatch(title) is not None
        and not title.endswith((".", ";", ","))
        and not _CHROME.search(title)
    )


def _linked_title(title: str) -> bool:
    """Whether *title*, printed under its number alone and followed by its document's
    link ("PDF 188 KB"), is the agenda's title whatever its words: "To confirm the
    minutes ...", "Minutes of the previous meeting, less exempt minute." (the link is
    the evidence; a page's own words are never followed by one)."""
    return (
        re.match(r"[A-Z‘“'\"(]", title) is not None
        and not title.endswith((";", ","))
        and len(title) <= 200
        and not _CHROME.search(title)
    )


def _next_in_sequence(number: str, previous: str | None) -> bool:
    value = _number_value(number)
    before = None if previous is None else _number_value(previous)
    if value is not None and before is not None:
        return value == before + 1
    return previous is not None and _next_reference(number, previous)


def _next_reference(number: str, previous: str) -> bool:
    """Whether a reference of several numbers comes next after *previous*: the same
    letters and stops, one number one higher ("21/03-004" then "21/03-005", "42/24"
    then "43/24")."""
    if re.sub(r"\d+", "#", number) != re.sub(r"\d+", "#", previous):
        return False
    pairs = list(zip(re.findall(r"\d+", number), re.findall(r"\d+", previous), strict=True))
    changed = [(int(a), int(b)) for a, b in pairs if a != b]
    return len(changed) == 1 and changed[0][0] == changed[0][1] + 1


#: A table row whose number's cell runs on into its title and then its minute, joined in
#: copying: "21/03-005    To confirm the Minutes of ... . The minutes were approved ...".
_RUN_ON_ROW = re.compile(rf"^\s{{0,2}}(?P<num>{_ITEM_NUMBER})[.:)]?[ \t]+(?P<title>[A-Z][^\n]*)$")


#: A minute's number opening its first paragraph ("4.   The Committee had before it ..."),
#: its title in capitals on a line of its own above (the minutes of Scottish councils).
_NUMBERED_PARAGRAPH = re.compile(r"^\s{0,2}(?P<num>\d{1,3})\.[ \t]+(?=[A-Z])")
_CAPITALS_TITLE = re.compile(r"[ \t]*(?=[^a-z\n]*[A-Z]{3})\*?[A-Z0-9][^a-z\n]{2,160}")


def numbered_title_above(lines: list[Line], index: int) -> Line | None:
    """The title in capitals above a paragraph that opens with a number ("4.   The
    Committee had before it ..."), if the line is such a paragraph."""
    if _NUMBERED_PARAGRAPH.match(lines[index].text) is None:
        return None
    above = index - 1
    while above >= 0 and lines[above].blank:
        above -= 1
    if above < 0 or index - above > 3 or not _CAPITALS_TITLE.fullmatch(lines[above].text):
        return None
    title = lines[above].text.strip()
    if _marker_at(lines[above]) or _BOILERPLATE.match(title) or _FIELD_LINE.match(title):
        return None  # "RESOLVED" over "1. That ...": a heading and its first part
    if re.match(r"\s*\d{1,3}\.\s+(?:That|THAT|To)\b", lines[index].text):
        return None  # a part's words, not a minute's first paragraph
    return lines[above]


def _numbered_under_title(
    lines: list[Line], index: int, previous: str | None
) -> tuple[tuple[str, int, int], tuple[str, int, int] | None] | None:
    """An item whose number opens its first paragraph under a title in capitals: the
    number must come next in the page's order (1 first), so a paragraph numbered inside a
    minute is not taken for one."""
    m = _NUMBERED_PARAGRAPH.match(lines[index].text)
    title_line = numbered_title_above(lines, index)
    if m is None or title_line is None:
        return None
    if not (m["num"] == "1" if previous is None else _next_in_sequence(m["num"], previous)):
        return None
    title = title_line.text.strip()
    lead = len(title_line.text) - len(title_line.text.lstrip())
    at = lines[index].start + m.start("num")
    return (m["num"], at, at + len(m["num"])), (
        title,
        title_line.start + lead,
        title_line.start + lead + len(title),
    )


def _run_on_row(
    line: Line, previous: str | None
) -> tuple[tuple[str, int, int], tuple[str, int, int] | None] | None:
    """An item whose row runs its title into its minute: a reference number of its own
    form that comes next after the item before is the evidence; the title is the row's
    first sentence."""
    m = _RUN_ON_ROW.match(line.text)
    if m is None or not _NUMBER_FORM.search(m["num"]) or not _next_in_sequence(m["num"], previous):
        return None
    title = m["title"]
    stop = re.search(r"[.;](?=\s|$)", title)
    title = (title[: stop.start()] if stop else title).strip()
    if not title or len(title) > 160 or _CHROME.search(title):
        return None
    num = _clean_number(m["num"])
    at = line.start + m.start("num")
    t_start = line.start + m.start("title")
    return (num, at, at + len(num)), (title, t_start, t_start + len(title))


_SUB_NUMBER_ALONE = re.compile(r"^\s{0,6}(?P<num>(?P<whole>\d{1,3})\.\d{1,2})\s*$")


def _sub_item(
    lines: list[Line], index: int, previous: str | None
) -> tuple[tuple[str, int, int], tuple[str, int, int] | None] | None:
    """A sub-item's number alone on its line ("5.1", "5.2" under item "5. MINUTES", each
    set of minutes an item of its own), its title on the next line: the whole number is
    the item before's (or the sub-item before's)."""
    m = _SUB_NUMBER_ALONE.match(lines[index].text)
    if m is None or previous is None or previous.split(".")[0] != m["whole"]:
        return None
    following = next((ln for ln in lines[index + 1 : index + 3] if not ln.blank), None)
    if following is None or label_at(following.text) is not None:
        return None
    stripped = following.text.strip()
    size = _DOC_SIZE.search(stripped)
    title = (stripped[: size.start()] if size else stripped).strip()
    if not re.match(r"[A-Z0-9]", title) or _CHROME.search(title) or len(title) > 160:
        return None
    if _CLAUSE.search(title):
        return None  # "1.1" then "Councillor A be appointed as Chair": a resolution's part
    start = lines[index].start + m.start("num")
    lead = len(following.text) - len(following.text.lstrip())
    return (m["num"], start, start + len(m["num"])), (
        title,
        following.start + lead,
        following.start + lead + len(title),
    )


def _first_title(text: str, lines: list[Line]) -> tuple[str, int, int] | None:
    for line in lines[:12]:
        stripped = line.text.strip()
        if not stripped or _BOILERPLATE.match(stripped) or _FIELD_LINE.match(stripped):
            continue
        if len(stripped) > 160 or stripped.endswith((".", ";", ",")):
            continue
        if _NOT_TITLE.match(stripped) or label_at(line.text) is not None:
            continue  # a numbered part is the decision, never the item's title
        if _CHROME.search(stripped) or _TRAILING_JOIN.search(stripped):
            continue
        lead = len(line.text) - len(line.text.lstrip())
        size = _DOC_SIZE.search(stripped)
        title = stripped[: size.start()] if size else stripped
        return title, line.start + lead, line.start + lead + len(title)
    return None


def _title_above(line: Line) -> tuple[str, int, int] | None:
    """The heading printed just above a "Meeting: ... (Item N)" line, if it reads as one
    (it may open with a word and a colon: "Call-in: Shared ICT")."""
    stripped = line.text.strip()
    if _BOILERPLATE.match(stripped) or not _title_ok(stripped) or len(stripped) > 160:
        return None
    lead = len(line.text) - len(line.text.lstrip())
    return stripped, line.start + lead, line.start + lead + len(stripped)


#: A title that reads as a clause of a decision ("Corporate Directors be authorised to
#: ...", "... the fees; and"): evidence that a "1) ..." line is a part, not an item.
_CLAUSE = re.compile(
    r"\b(?:be|is|are)\s+(?:hereby\s+|duly\s+|formally\s+|now\s+)?(?:noted|approved|agreed|"
    r"adopted|endorsed|accepted|authori[sz]ed|confirmed|established|created|deleted|extended|"
    r"appointed|granted|delegated|deferred|withdrawn|supported|asked|requested|instructed|"
    r"presented|submitted|reported|given|made)\b",
    re.I,
)
_JOINED_ON = re.compile(r"(?:[;,]|\b(?:and|or|that|to))\s*$", re.I)
#: A line that opens a resolution's list ("RESOLVED that:", "It was agreed:").
_OPENS_LIST = re.compile(
    r"\b(?:resolved|recommended|agreed|decided|decision)\b[^.]{0,60}:\s*[-–—]?\s*$|"
    # "... subject to the following conditions:-": a planning permission's conditions
    r"\b(?:following|conditions?)\b[^.:]{0,60}:\s*[-–—]?\s*$",
    re.I,
)


def _number_value(number: str) -> int | None:
    digits = re.fullmatch(r"\D{0,6}?(\d{1,4})[A-Za-z]?", number.replace(" ", ""))
    return int(digits[1]) if digits else None


def _reads_as_part(
    lines: list[Line],
    index: int,
    number: str,
    title: str,
    previous: str | None,
    part_before: str | None = None,
) -> bool:
    """Whether a numbered line that looks like an item heading is a part of a resolution,
    scored by evidence: its words read as a clause of a decision, it runs on into the next
    part, its number goes back below the item before it, the line before opens a list,
    it follows on from the numbered line just read as a part (*part_before*)."""
    score = 0
    if part_before is not None and _next_in_sequence(number, part_before):
        score += 1  # "2." after a "1." that was a condition of the permission
    if _CLAUSE.search(title) or _BODY_RECORDS.match(title):
        score += 1  # "... be authorised to", "Cabinet noted the progress": a decision's words
    if _JOINED_ON.search(lines[index].text) or len(title) > 120:
        score += 1
    value, before = _number_value(number), None if previous is None else _number_value(previous)
    if value is not None and before is not None and value < before:
        score += 1
    above = next((ln for ln in reversed(lines[max(0, index - 4) : index]) if not ln.blank), None)
    if above is not None and (_OPENS_LIST.search(above.text) or _JOINED_ON.search(above.text)):
        score += 1
    return score >= 2


#: The heading of an agenda item's list of documents, each a link on a line of its own.
_DOCUMENTS = re.compile(
    r"^\s*(?:additional|supporting|background|related)\s+(?:documents|papers)\s*:?\s*$", re.I
)


def find_items(text: str) -> list[ItemSpan]:
    """The agenda items in *text*; one item covering everything when none is numbered.

    A heading is a line starting with an item number ("45.", "45/22", "CAB.23", "Item 7",
    "Minute 118") followed by a title, or a page header naming "(Item N)".
    """
    lines = lines_of(text)
    headings: list[tuple[int, tuple[str, int, int], tuple[str, int, int] | None]] = []
    taken = -1  # the end of a title taken from a line after its number's
    part_before: str | None = None  # the number of the line just read as a part
    links = False  # under "Additional documents:": each line a document's link
    for index, line in enumerate(lines):
        if line.start < taken:
            continue
        if _DOCUMENTS.match(line.text):
            links = True
            continue
        if not line.blank:
            # "CAB3611 Appendix 1 - Evaluation summary PDF 220 KB": a link, not an item
            links = links and _DOC_SIZE.search(line.text) is not None
            if links:
                continue
        previous = headings[-1][1][0] if headings else None
        decided = _ITEM_DECIDED.match(line.text)
        if decided is not None and _NUMBER_FORM.search(decided["num"]):
            num = _clean_number(decided["num"])
            at = line.start + decided.start("num")
            headings.append((line.start, (num, at, at + len(num)), None))
            part_before = None
            continue
        found = (
            _heading_at(line)
            or _number_then_title(lines, index, previous)
            or _sub_item(lines, index, previous)
            or _run_on_row(line, previous)
            or _numbered_under_title(lines, index, previous)
        )
        if found is None:
            continue
        number, title = found
        if title is not None and title[1] >= line.end:
            taken = title[2]
        if title is not None and _reads_as_part(
            lines, index, number[0], title[0], previous, part_before
        ):
            part_before = number[0]
            continue  # "1) Corporate Directors be authorised ...; and": a part
        part_before = None
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
        start = line.start
        if title is not None and title[1] < start:
            # the title printed above its number ("SHARED PAYROLL" then "4.   The ..."):
            # the item starts at its title's line
            start = text.rfind("\n", 0, title[1]) + 1
        headings.append((start, number, title))
    if not headings:
        bracket = _ITEM_IN_BRACKETS.search(text[:3000])
        printed: tuple[str, int, int] | None = None
        above_title: tuple[str, int, int] | None = None
        header_lines = lines
        if bracket is not None:
            num = _clean_number(bracket["num"])
            printed = (num, bracket.start("num"), bracket.start("num") + len(num))
            after = [ln for ln in lines if ln.start > bracket.end()]
            # modern.gov prints the title just above its "Meeting: ... (Item N)" line
            before = [ln for ln in lines if ln.end < bracket.start()][-3:]
            above = [ln for ln in reversed(before) if not ln.blank][:1]
            above_title = _title_above(above[0]) if above else None
            header_lines = after or lines
        found_title = above_title or _first_title(text, header_lines) or _first_title(text, lines)
        return [ItemSpan(start=0, end=len(text), number=printed, title=found_title)]
    items = []
    for index, (start, number, title) in enumerate(headings):
        end = headings[index + 1][0] if index + 1 < len(headings) else len(text)
        items.append(ItemSpan(start=start, end=end, number=number, title=title))
    if headings[0][0] > 0:  # text before the first item: the meeting's header
        items[0] = attrs.evolve(items[0], start=headings[0][0])
    return items

"""Resolution blocks: the marker words, lost headings and narrative outcomes."""

from __future__ import annotations

import re

from .._folded import fold
from ._decision_words import (
    _DECIDED_SENTENCE,
    _DECISION_OPENING,
    _PASSIVE,
    _PASSIVE_DECISION,
    _THAT,
    UNLABELLED_DECISION,
)
from ._evidence import THRESHOLD, Candidate, candidate, choose, evidence_candidates, plan_feature
from ._items import _ITEM_RUN_IN, _heading_at, numbered_title_above
from ._lead_in import recommending
from ._lines import _BULLET, Line, _ends_sentence, _starts_narrative, label_at, lines_of
from ._markers import (
    _BODY_DECIDES,
    _BODY_RECORDS,
    _CELL_BEFORE,
    _CELL_HEADING,
    _FIELD_THEN_LABEL,
    _LOST_HEADING,
    _MARKER,
    _RECOMMENDS_LEAD,
    _REPORT_RECS,
    _RULE,
    LOST_HEADING_WORDS,
    NOTICE_FIELD,
    _marker_at,
)
from ._narrative import Block, _sentence_start, motion_fate, outcome_sentences, unfinished_motion
from ._record import record_at, unheaded_at


def find_blocks(text: str, start: int, end: int) -> list[Block]:
    """The resolution blocks inside ``text[start:end]`` (one item), chosen by evidence.

    Each line may open a candidate: a marker ("RESOLVED", "Decision (unanimous) that",
    "RECOMMENDED to Council", "It was agreed that"), a lost heading ("Following
    discussion it was" over labelled parts), an officer's "I ... hereby approve:", or a
    numbered list whose parts open as decisions do. A block runs over numbered parts and
    their continuation lines and stops at narrative after a finished sentence. Every
    candidate is scored (:mod:`._evidence`) and those reaching the threshold are kept;
    the narrative readings (an outcome sentence, a motion's fate, decision sentences)
    are weighed only when no block is chosen.
    """
    lines = _heading_cells(lines_of(text, start, end))
    found: list[Candidate] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        opened = _candidate_at(lines, index)
        if opened is None or opened[0].score < THRESHOLD:
            index += 1
            continue
        reading, rest_start = opened
        stop_index = _block_end(lines, index, rest_start)
        block_end = lines[stop_index - 1].end if stop_index > index else line.end
        found.append(reading.with_end(block_end))
        index = max(stop_index, index + 1)
    chosen = choose(found, lambda: _narrative_readings(text, start, end))
    return [recommending(text, block) for block in chosen]


def _heading_cells(lines: list[Line]) -> list[Line]:
    """*lines* with a line split where a heading in capitals opens a decision after other
    words (a minutes table's columns joined in copying: "Report RESOLVED - That ..."), so
    the heading opens a line of its own, as it does on the printed page."""
    out: list[Line] = []
    for line in lines:
        field = _FIELD_THEN_LABEL.match(line.text)
        if field is not None:  # "Content: 1. That ...": the list opens after the field's name
            out.append(Line(line.start, line.start + field.end(), line.text[: field.end()]))
            out.append(Line(line.start + field.end(), line.end, line.text[field.end() :]))
            continue
        run_in = _ITEM_RUN_IN.match(line.text)
        if run_in is not None:  # "2514 MINUTES - Resolved - That ...": the minute on its line
            out.append(Line(line.start, line.start + run_in.end(), line.text[: run_in.end()]))
            out.append(Line(line.start + run_in.end(), line.end, line.text[run_in.end() :]))
            continue
        m = _CELL_HEADING.search(line.text)
        if (
            m is None
            or _marker_at(line) is not None
            or label_at(line.text) is not None  # "(5) RECOMMENDED to Council": a part's own
            or not _CELL_BEFORE.fullmatch(line.text[: m.start()])
        ):
            out.append(line)
            continue
        cut = line.start + m.start("word")
        out.append(Line(line.start, line.start + m.start(), line.text[: m.start()]))
        out.append(Line(cut, line.end, line.text[m.start("word") :]))
    return out


def _candidate_at(lines: list[Line], index: int) -> tuple[Candidate, int] | None:
    """The candidate block ``lines[index]`` opens, and where its parts' text starts."""
    line = lines[index]
    marker = _marker_at(line)
    if marker is not None and not _opens_resolution(lines, index, marker[2]):
        marker = None
    if marker is not None:
        kind, marker_end, rest_start = marker
        marker_start = line.start + len(line.text) - len(line.text.lstrip())
        block = Block(kind=kind, marker_start=marker_start, marker_end=marker_end,
                      start=rest_start, end=line.end, confidence=0.95)  # fmt: skip
        word = _MARKER.match(line.text)
        # "The Committee resolved:-" alone on its line: a heading, whatever its case (not
        # "The Cabinet had agreed:-", an earlier decision quoted)
        heading_form = (
            word is not None
            and not line.text[marker_end - line.start :].strip(" :-–—\xa0\t")
            and re.search(r":\s*[-–—]?\s*$", line.text) is not None
            and re.search(
                r"\b(?:had|has|have|previously|earlier)\s+$", line.text[: word.start("word")]
            )
            is None
        )
        if word is not None and word["word"].islower() and not heading_form:
            # "Members agreed to ...": narrated
            plan = plan_feature(line.text, marker_end - line.start, len(line.text))
            return candidate(block, "narrated", *([plan] if plan else [])), rest_start
        return candidate(block, "heading"), rest_start
    lost = (
        _LOST_HEADING.search(line.text)
        if any(w in fold(line.text) for w in LOST_HEADING_WORDS)
        else None
    )
    if lost is not None and (lost["own"] or lost["following"] or _next_is_label(lines, index + 1)):
        marker_start = line.start + _sentence_start(line.text, lost.start())
        kind, confidence, reading = (
            ("decision", 0.85, "officer")
            if lost["own"]
            else ("decision", 0.8, "lost_heading")
            if lost["following"]
            else ("lost_heading", 0.7, "lost_heading")
        )
        block = Block(kind=kind, marker_start=marker_start, marker_end=line.end,
                      start=line.end, end=line.end, confidence=confidence)  # fmt: skip
        return candidate(block, reading, *_extract_feature(lines, index + 1)), line.end
    heading = _RECOMMENDATION_HEADING.match(line.text) or _RECOMMENDS_LEAD.match(line.text)
    if heading is not None and _next_opens_part(lines, index + 1):
        at = line.start + heading.start("word")
        block = Block(kind="recommended", marker_start=at, marker_end=line.end,
                      start=line.end, end=line.end, confidence=0.8)  # fmt: skip
        own = heading.re is _RECOMMENDS_LEAD
        return candidate(block, "recommends" if own else "recommendation"), line.end
    features = _list_features(lines, index)
    if features is None:
        return unheaded_at(lines, index) or record_at(lines, index)
    block = Block(kind="lost_heading", marker_start=line.start, marker_end=line.start,
                  start=line.start, end=line.end, confidence=0.6)  # fmt: skip
    above = next((ln for ln in reversed(lines[max(0, index - 3) : index]) if not ln.blank), None)
    if above is not None and above.text.rstrip().endswith(":"):
        # "Executive agreed:" over "(ii) That ...": an extract introduced, quoted mid-way
        # (a list going on after a page break has the running head above it, no colon)
        features = [*features, *_extract_feature(lines, index)]
    return candidate(block, "list", *features), line.start


def _extract_feature(lines: list[Line], index: int) -> list[tuple[str, float]]:
    """Against a heading-less reading: its list opens mid-way ("Executive agreed:" over
    "(ii) That ..." and "(iii) That ..."), an extract of an earlier resolution quoted
    in the page, not this page's decision."""
    following = next((ln for ln in lines[index : index + 4] if not ln.blank), None)
    found = None if following is None else label_at(following.text)
    if found is None or found[0].rsplit(".", 1)[-1] in _FIRST_LABELS:
        return []
    return [("a list opening mid-way: an extract", -2.0)]


#: A heading naming the body a recommendation goes to, alone on its line: "Recommendation
#: to Council:", "RECOMMENDATIONS TO CABINET", "Recommendations to the Executive -".
_RECOMMENDATION_HEADING = re.compile(
    r"^\s*(?P<word>recommendations?)\s+to\s+(?:the\s+)?(?:full\s+|each\s+|both\s+)?"
    r"(?:[A-Z][\w&'’-]*\s+){0,3}?(?:councils?|cabinets?|executive|committee|board)\s*[:\-–—]?\s*$",
    re.I,
)


def _next_opens_part(lines: list[Line], index: int) -> bool:
    """Whether the next non-blank line opens a part: a label, or "That ..."."""
    following = next((ln for ln in lines[index : index + 3] if not ln.blank), None)
    if following is None:
        return False
    return label_at(following.text) is not None or _THAT.match(following.text) is not None


def _narrative_readings(text: str, start: int, end: int) -> list[Candidate]:
    """The narrative candidates of an item: an outcome sentence, else a motion's fate,
    else decision sentences, else (at the page's end) a motion with no outcome."""
    sentences = outcome_sentences(text, start, end)
    if sentences:
        return [candidate(found, "sentence") for found in sentences]
    found = motion_fate(text, start, end)
    if found is not None:
        return [candidate(found, "sentence")]
    # a decision sentence ("Decision Made: That the Council be recommended to ...") before
    # a motion read as unfinished, whose "proposed" may be an adjective ("proposed changes")
    sentences_found = evidence_candidates(text, start, end)
    if sentences_found:
        return sentences_found
    if end >= len(text.rstrip()) and (unfinished := unfinished_motion(text, start, end)):
        return [candidate(unfinished, "unfinished")]
    return []


#: A preamble between a marker and its parts, ending in a colon (and a dash): "For the
#: reasons set out in the report: -", "Having considered the options:", or a condition
#: naming the partner councils ("Subject to A, B and C District Councils passing
#: resolutions to the same effect, the following be approved :"), one sentence long.
_PREAMBLE = re.compile(r"[A-Z][^.:;\n]{0,300}:\s*[-–—]?")


def _opens_resolution(lines: list[Line], index: int, rest_start: int) -> bool:
    """Whether a marker is followed by resolution words, not by a menu or a field label."""
    line = lines[index]
    rest = line.text[rest_start - line.start :].strip(" :–—-\xa0\t")
    if re.sub(r"^\([^)]*\)\s*", "", rest).strip(" :–—-") not in {"", "that", "That", "THAT"}:
        return True
    position = index + 1
    while position < min(len(lines), index + 6):
        following = lines[position]
        position += 1
        if following.blank:
            continue
        text = following.text.strip()
        if re.fullmatch(r"(?i:to|that)\s[\w ,]{0,40}:", text):
            return True  # "To approve:" over bullets: the decision's verb, then its objects
        if re.fullmatch(r"[A-Z][\w ]{0,40}:", text):  # "Cabinet:" before the parts
            continue
        if _BODY_DECIDES.match(text):  # "Decision:" then "Cabinet agreed to defer ..."
            return True
        if _PREAMBLE.fullmatch(text) and _next_is_label(lines, position, bullets=True):
            continue  # "For the reasons set out in the report: -" before the parts
        skip = _discussion_end(lines, position - 1, None)
        if skip is not None:  # discussion printed between the heading and its parts
            return True
        bullet = _BULLET.match(following.text)
        if bullet is not None:  # "· The legal agreement ... be endorsed.": bullets, one part
            body = following.text[bullet.end() :]
            return bool(_THAT.match(body) or _DECISION_OPENING.match(body) or _PASSIVE.search(body))
        return bool(
            label_at(following.text)
            or re.match(r"(?:that|to)\b", text, re.I)
            or text[:1].islower()
            # "Deferred to the next meeting.", "A deed of easement is granted ... and the
            # Head of Legal Services is authorised to ...": the decision in one sentence
            or (_ends_sentence(text) and _DECIDED_SENTENCE.match(text))
        )
    return False


def _next_is_label(lines: list[Line], index: int, *, bullets: bool = False) -> bool:
    """Whether the next non-blank line opens with a part label (or, with *bullets*, a bullet)."""
    for line in lines[index : index + 4]:
        if line.blank:
            continue
        return label_at(line.text) is not None or (bullets and _BULLET.match(line.text) is not None)
    return False


#: An agenda's description of an item, not its decision: "(a) to receive and note the
#: minutes", "(b) to consider any recommendations".
_AGENDA_WORDS = re.compile(r"\s*(?:to\s+)?(?:receive|consider|discuss|review|question)\b", re.I)
_NOT_DECIDED = re.compile(r"\b(?:purpose|background|introduction|summary|options?)\s*:?\s*$", re.I)


def _list_features(lines: list[Line], index: int) -> list[tuple[str, float]] | None:
    """The evidence that a numbered list no marker introduces is a resolution whose
    heading was lost, or ``None`` when ``lines[index]`` opens no list.

    For: parts opening as decisions do ("That ...", "... be approved", "To agree ...",
    "Approves ...", "accept ..."), several of them. Against: a report's or an agenda's
    words before or in the list ("Cabinet is asked to:", "Purpose:", "to receive and
    note the minutes").
    """
    found = label_at(lines[index].text)
    if found is None or _item_heading(lines[index], found[1]):
        return None
    if numbered_title_above(lines, index) is not None:
        return None  # "2.   The Committee had before it ..." under its title: the minute
    if not lines[index].text[found[1] :].strip():
        return None  # "89." alone: an item number, its title on the next line
    first_body = lines[index].text[found[1] :]
    if "." in found[0] and not (_THAT.match(first_body) or _DECISION_OPENING.match(first_body)):
        return None  # "17.1 The Leader considered ...": a minute's paragraph number
    if _runs_on_into(lines, index):
        return None  # "... and recommendation" then "(3) was LOST.": a reference, not a part
    passed_discussion = False
    body_above = False
    against: list[tuple[str, float]] = []
    for back in range(index - 1, max(0, index - 8) - 1, -1):
        previous = lines[back]
        if previous.blank:
            continue
        if _REPORT_RECS.search(previous.text) or _NOT_DECIDED.search(previous.text):
            against.append(("a report's request or a purpose above", -3.0))
            break
        above = label_at(previous.text)
        if above is not None and passed_discussion:
            break  # a list before the paragraph of discussion: another list
        if above is not None and not _new_list_after_heading(previous, above[0], found[0]):
            return None  # the middle of a list already passed over
        if not passed_discussion and _discussion_end(lines, back, None, any_label=True):
            passed_discussion = True  # a paragraph of discussion: look at what is before it
            continue
        if _BODY_COLON.fullmatch(previous.text.strip()):
            body_above = True  # "The Committee:" then "1. Noted that ...": the body decides
            # ... unless a report's words introduce it: "The report recommended:-" then
            # "that the Committee -" over the report's own list
            intro = next(
                (ln for ln in reversed(lines[max(0, back - 3) : back]) if not ln.blank), None
            )
            if intro is not None and _REPORT_SAYS.search(intro.text):
                body_above = False
                against.append(("a report's request or a purpose above", -3.0))
        break
    score = 0.0
    seen = 0
    last_label: str | None = None
    position = index
    while position < min(len(lines), index + 40):
        line = lines[position]
        position += 1
        if line.blank:
            continue
        label = label_at(line.text)
        if position > index + 1 and _marker_at(line) is not None:
            break  # a heading of its own ("RESOLVED:"): the parts after it are its block's
        if label is None:
            if _starts_narrative(line.text) and _ends_sentence(line.text) and seen:
                skip = _discussion_end(lines, position - 1, last_label)
                if skip is None:
                    break
                position = skip  # discussion between two parts: the list goes on
            continue
        last_label = label[0]
        body = line.text[label[1] :]
        if seen and (_item_heading(line, label[1]) or not body.strip()):
            break  # the next item
        seen += 1
        if _AGENDA_WORDS.match(body):
            against.append(("an agenda's words", -3.0))
            break
        if _THAT.match(body) or _PASSIVE_DECISION.match(body):
            score += 1.0  # "That ...", "the revised timetable be approved": a resolution's words
        elif _BODY_RECORDS.match(body):
            score += 1.0  # "Cabinet approved the plan", "Cabinet agrees to": the body's decision
        elif _DECISION_OPENING.match(body):
            score += 0.6
        if seen >= 8:
            break
    if body_above and score > 0:
        against.append(("a body's name introduces it", 1.0))
    return [("parts open as decisions", score), *against]


#: A report's own recommendations introduced: "The report recommended:-".
_REPORT_SAYS = re.compile(
    r"\breport\s+(?:recommended|recommends|sought\s+approval|asked)\b[^.]{0,40}?[:\-–—]+\s*$", re.I
)


def _item_heading(line: Line, body: int) -> bool:
    """Whether a labelled line is an item's heading, not a part: "12 Shared Services" is,
    "3 Cabinet approved the release ..." (the body's recorded decision) is not."""
    return _heading_at(line) is not None and _BODY_RECORDS.match(line.text, body) is None


#: A deciding body's name alone, introducing its decisions: "The Committee:", "Cabinet:".
_BODY_COLON = re.compile(
    r"(?:the\s+)?(?:[A-Z][\w&'’-]*\s+){0,4}?(?:committee|sub-committee|cabinet|council|board|"
    r"panel|executive|forum|leader|members?)\s*[:\-–—]{1,2}",
    re.I,
)


#: A line that a label on the next line continues as a reference ("and recommendation",
#: "recommendations (1) and"), not as a new part; "...; and" ends a part, not this.
_REFERS_ON = re.compile(
    r"(?:\b(?:recommendations?|paragraphs?|minutes?|items?|parts?|resolutions?|sections?|"
    r"clauses?)|(?<![;,])\s(?:and|or))\s*$",
    re.I,
)


def _runs_on_into(lines: list[Line], index: int) -> bool:
    """Whether the line before ``lines[index]`` runs on into its label as one sentence:
    it is not blank and stops on a word that a part's reference follows."""
    if index == 0 or lines[index - 1].blank:
        return False
    return _REFERS_ON.search(lines[index - 1].text) is not None


#: The labels a list starts at: (1), (a), (i).
_FIRST_LABELS = frozenset({"1", "a", "i"})


def _new_list_after_heading(previous: Line, above: str, label: str) -> bool:
    """Whether a list starting at ``label`` opens a new list under ``previous``, an item
    heading with a label of its own ("12. Shared Services", then "1) the report be
    noted"), rather than continuing the list ``previous`` belongs to."""
    return label in _FIRST_LABELS and above != label and _heading_at(previous) is not None


def _block_end(lines: list[Line], index: int, rest_start: int) -> int:
    """The index of the first line after the block that opens on ``lines[index]``."""
    first = lines[index]
    rest = first.text[rest_start - first.start :]
    last_text = rest.strip()
    # "RECOMMENDED:  1) That ...": the first part's label after the marker's colon
    first_label = label_at(rest.lstrip(" :-–—\xa0\t"))
    last_label = first_label[0] if first_label else None
    opened = _MARKER.match(first.text)
    # "17.3 RESOLVED: ...": the next "17.4" is the minute's next paragraph, not a part
    paragraph = opened["para"].split(".")[0] if opened is not None and opened["para"] else None
    seen_part = bool(first_label) or bool(re.search(r"[a-z]{3}", rest))
    complete_single = seen_part and _ends_sentence(rest) and not first_label
    position = index + 1
    while position < len(lines):
        line = lines[position]
        if line.blank:
            position += 1
            continue
        if NOTICE_FIELD.match(line.text) or _RULE.fullmatch(line.text):
            return position  # a notice's field, or a printed rule before the page's footer
        if _marker_at(line) is not None:
            numbered = label_at(line.text)
            if paragraph is not None or numbered is None or not _follows(last_label, numbered[0]):
                return position
            # "8.4 Resolved - That ..." after 8.3 in the same list: the list goes on
        if _heading_like(line) and seen_part and _ends_sentence(last_text):
            return position
        label = label_at(line.text)
        if paragraph is not None and label is not None and label[0].split(".")[0] == paragraph:
            return position
        if label is not None:
            if complete_single and not _looks_nested(label[0]):
                return position
            if _reasons_after(last_label, last_text, label[0], line.text[label[1] :]):
                return position
            seen_part = True
            last_label = label[0]
            # a label alone on its row ("1. ", its words on the next row): the part goes on
            last_text = line.text if line.text[label[1] :].strip() else ""
            position += 1
            continue
        if _bare_next(last_text, line.text):
            last_text = line.text  # "A Approve ...", then "B Approve ...": bare letters
            position += 1
            continue
        if not seen_part:
            skip = _discussion_end(lines, position, None)
            if skip is not None:  # discussion between the heading and its parts
                position = skip
                continue
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
        if last_label is None and UNLABELLED_DECISION.match(line.text):
            last_text = line.text  # "That ..." after "To authorise ...": unlabelled decisions
            position += 1
            continue
        if _ends_sentence(last_text) or last_text.rstrip().endswith(";"):
            skip = _discussion_end(lines, position, last_label) if last_label else None
            if skip is None:
                return position
            position = skip  # discussion between two parts: the list goes on
            continue
        last_text = line.text  # a wrapped line of a part
        position += 1
    return position


_ROMANS = ("i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii")


def _follows(previous: str | None, label: str) -> bool:
    """Whether *label* can come next after *previous* in one list (the next number, letter
    or numeral, or a first label opening a nested list); any first label after none."""
    last = label.rsplit(".", 1)[-1]
    if previous is None or last in _FIRST_LABELS:
        return last in _FIRST_LABELS or previous is not None
    before = previous.rsplit(".", 1)[-1]
    if before.isdigit() and last.isdigit():
        return int(last) == int(before) + 1
    if before in _ROMANS and last in _ROMANS and _ROMANS.index(last) == _ROMANS.index(before) + 1:
        return True
    return len(before) == len(last) == 1 and ord(last) == ord(before) + 1


def _discussion_end(
    lines: list[Line], index: int, previous: str | None, *, any_label: bool = False
) -> int | None:
    """The index of the labelled line after a paragraph of discussion printed inside a
    resolution ("The Chair thanked ...", between "Decision:" and its parts or between
    two parts), or ``None`` when ``lines[index]`` opens no such paragraph.

    Scored by evidence, not by its words: the paragraph reads as narrative (a sentence
    that does not open as a decision does), it ends a sentence, and the list goes on
    right after it with the label that comes next (or, looking back from a list, with
    any label: *any_label*).
    """
    line = lines[index]
    if label_at(line.text) is not None or not _starts_narrative(line.text):
        return None
    body = line.text.strip()
    if _THAT.match(body) or _DECISION_OPENING.match(body) or _marker_at(line) is not None:
        return None
    position = index
    while position < len(lines) and not lines[position].blank and position - index < 12:
        if position > index and label_at(lines[position].text) is not None:
            return None
        position += 1
    if not _ends_sentence(lines[position - 1].text):
        return None
    while position < len(lines) and lines[position].blank and position - index < 16:
        position += 1
    if position >= len(lines):
        return None
    found = label_at(lines[position].text)
    if found is None or _heading_at(lines[position]) is not None:
        return None
    return position if any_label or _follows(previous, found[0]) else None


_BARE = re.compile(r"[ \t]*([A-Za-z])[ \t]+(?=[A-Z])")


def _bare_next(before: str, text: str) -> bool:
    """Whether *text* opens with the letter after the one *before* opens with, both bare
    and in the same case ("A Approve ..." then "B Approve ..."): a list whose labels lost
    their brackets and their gap, not a new paragraph."""
    first, this = _BARE.match(before), _BARE.match(text)
    if first is None or this is None:
        return False
    a, b = first.group(1), this.group(1)
    return a.isupper() == b.isupper() and ord(b) == ord(a) + 1


def _reasons_after(previous: str | None, last_text: str, label: str, body: str) -> bool:
    """Whether a new list under a finished part is the reasons printed after the parts
    (their heading lost): "c) ... be extended to 31 March 2026." then "1. The Plan sets
    out ...". A nested list hangs from a part that introduces it (a colon, "and"), and its
    items open as decisions do; this one follows a closing stop, in another numbering,
    and reads as narrative."""
    if previous is None or label not in _FIRST_LABELS or "." in label:
        return False
    before = previous.rsplit(".", 1)[-1]
    if before.isdigit() == label.isdigit() or not last_text.rstrip().endswith("."):
        return False
    if _THAT.match(body) or _DECISION_OPENING.match(body) or _PASSIVE.search(body):
        return False
    return _starts_narrative(body)


def _looks_nested(label: str) -> bool:
    return not label.isdigit()


def _heading_like(line: Line) -> bool:
    found = label_at(line.text)
    return _heading_at(line) is not None and (found is None or _item_heading(line, found[1]))

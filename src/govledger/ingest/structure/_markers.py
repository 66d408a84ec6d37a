"""The marker words of resolution blocks and the lines no block runs into (moved out of
``_blocks``)."""

from __future__ import annotations

import re

from ._lines import Line

_MARKER = re.compile(
    # a paragraph number may come first: "1.4 RESOLVED: That ...", "17.2 The Leader RESOLVED to:"
    r"^\s*(?P<para>\d{1,3}\.\d{1,3}(?:\.\d{1,3})?\.?[ \t]+)?"
    # "Following consideration and a motion raised by A and seconded by B it was RESOLVED"
    r"(?P<lead>(?i:following|after|upon|on)\s+[^.\n:]{0,160}?,?\s+(?=(?i:it\s+was)\b))?"
    # "It was moved by A, seconded by B and RESOLVED that ...": the motion, then the marker
    # "Cllr Bell MOVED, Cllr Dacres SECONDED and it was RESOLVED to:": a mover named first
    # "The Leader, Councillor A B proposed and the Deputy Leader, Councillor C D seconded
    # the unanimous Decision -": a mover named with their office, the decision seconded
    r"(?P<moved>(?i:(?:it\s+was\s+|(?:the\s+)?\w+\s+(?:was|were)\s+|"
    r"(?:the\s+[\w'’ -]{2,40}?,\s+)?"
    r"(?:councillor|cllr\.?|mr|mrs|ms|dr)\s+[\w'’.-]+(?:\s+[\w'’.-]+)?\s+)?(?:duly\s+)?"
    r"(?:moved|proposed)"
    r"\b[^.\n:]{0,160}?\bseconded\b(?:[^.\n:]{0,80}?(?:\band|,)\s+(?:it\s+was\s+)?|"
    r"\s+(?=the\s+(?:following\s+)?(?:unanimous\s+)?(?:decisions?|resolution)\b))))?"
    # "THE DECISION:" (a heading with its article), "The Committee RESOLVED"
    # a motion's quoted words: '"It be RECOMMENDED to Council that:'
    r"[\"“]?(?:(?i:it\s+was|it\s+be|and|the(?=\s+(?:decisions?|resolution)\b)|"
    r"the\s+[\w&,' ]{2,60}?|"
    r"members|councillors)\s+)?"
    r"(?:(?i:therefore|thereupon|accordingly|then|unanimously)\s+)?"
    r"(?P<word>RESOLVED|Resolved|resolved|RECOMMENDED|RECOMMENDS|RECOMMEND|Recommended|AGREED|Agreed|agreed|"
    r"DECIDED|Decided|DECISIONS|DECISION|Decision|Decisions|NOTED|"
    # after a mover and seconder only: "A proposed, B seconded, and the resolution was"
    r"decision|resolution|"
    # a heading spaced out letter by letter ("R E S O L V E D", its bold lost in copying;
    # the gap after its first letter kept as wide as printed, as a label's would be)
    + "|".join("[ ]{1,4}".join(word) for word in ("RESOLVED", "RECOMMENDED", "AGREED", "DECISION"))
    + r")\b"
    r"(?!\s+(?:maker|status|date|type|published|details|taker|notice|made|by\s+the\s+officer)\b)"
    r"(?P<rest>.*)$"
)
_LOST_HEADING = re.compile(
    # "I, A Name, Director of Housing, hereby approve:": an officer's own decision follows
    r"\bit\s+was\s*:?\s*$|\bagreed\s*:\s*$|(?P<own>^\s*I,?\s[^.:\n]{0,160}?\bhereby\s+"
    r"(?:approve|agree|decide|determine|authori[sz]e)(?:\s+the\s+following)?\s*:\s*$)|"
    # "..., the Leader of the Council, made the following decisions:-": they follow
    r"(?P<following>\b(?:made|took|reached)\s+the\s+following\s+(?:decisions?|resolutions?)"
    r"\s*:\s*[-–—]?\s*$)",
    re.I,
)
#: Words every match of ``_LOST_HEADING`` holds: it is searched only in a line with one.
LOST_HEADING_WORDS = ("was", "agreed", "hereby", "following")
_REPORT_RECS = re.compile(
    r"\b(?:is|are|was|were)\s+(?:therefore\s+)?(?:asked|recommended|requested|invited)"
    # "It is recommended that the Executive:": the body the report asks, then its list
    r"(?:\s+to)?\s*(?:[:\-–]|that(?:\s+(?:the\s+)?[A-Z][\w&'’ ]{0,40}?\s*[:\-–])?)?\s*$"
    r"|^\s*recommendations?\s*(?:to\s+\w+)?\s*:?\s*$",
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


#: A printed rule: a line of underscores, dashes or equals signs.
_RULE = re.compile(r"[ \t]*(?:_{3,}|-{3,}|={3,})[ \t]*")


#: A heading in capitals inside a line, opening the decision: "... (1) RESOLVED - That",
#: "... at the meeting. RESOLVED - That", "Minutes RESOLVED - That".
_CELL_HEADING = re.compile(
    r"(?<=\S)[ \t]+(?P<word>(?:It[ \t]+was[ \t]+)?(?:RESOLVED|RECOMMENDED))"
    # "... a week. It was RESOLVED (a) to share ...": the first label before its words
    r"(?=[ \t]*(?:[-–—:][ \t]*)?(?:\((?:a|1|i)\)[ \t]*)?(?:That|THAT|that|to)\b)"
)
#: What may stand before it on its line: a finished sentence or bracket, or a table cell's
#: few capitalised words (the column before the decision's, joined when copied).
_CELL_BEFORE = re.compile(r"(?:.*[.!?)\]]|[ \t]*(?:[A-Z][\w&'’-]*[ \t]+){0,2}[A-Z][\w&'’-]*)")

#: A sentence that opens recommendations, alone on its line above their parts: "That
#: Cabinet, subject to the agreement of the Audit Committee, recommends to Council:".
_RECOMMENDS_LEAD = re.compile(
    r"^\s*(?P<word>That)\s+(?:the\s+)?(?:[A-Z][\w&'’-]*\s*){1,4}(?:,[^:\n]{0,200},)?\s*"
    r"recommends?\s+to\s+[^:\n]{1,80}:\s*[-–—]?\s*$"
)

#: A sentence telling the body's decision: "Cabinet agreed to defer ...", "The Committee
#: resolved to approve ...".
_BODY_DECIDES = re.compile(
    r"(?:the\s+)?(?:[A-Z][\w&'’-]*\s+){0,3}?(?i:cabinet|council|committee|board|executive|"
    r"panel|leader|members)\s+(?:unanimously\s+)?(?:agreed|resolved|decided)\s+(?:to|that)\b"
)

#: A notice's field name with the first label of a list on its line: "Content: 1. That
#: ...", "Decision made: (a) To ...".
_FIELD_THEN_LABEL = re.compile(
    r"[ \t]*[A-Z][a-z]{2,20}(?:[ \t][a-z]{2,20})?[ \t]*:[ \t]+"
    r"(?=(?:1[.)]|\(1\)|\(a\)|a[.)])[ \t]+\S)"
)

#: A part that records the body's decision in the past tense: "Cabinet noted the
#: progress", "The Committee approved the plan" (a record of decisions' numbered list).
_BODY_RECORDS = re.compile(
    r"\s*(?:the\s+)?(?:[A-Z][\w&'’-]*\s+){0,3}?(?i:cabinet|council|committee|board|executive|"
    r"panel|members)\s+(?:unanimously\s+)?(?:noted|approved|agreed|acknowledged|endorsed|"
    r"resolved|decided|adopted|accepted|delegated|deferred|authori[sz]ed|confirmed|recommended|"
    # in the present, as a list under a lost heading prints it: "a) Cabinet agrees to ensure"
    r"agrees|approves|notes|endorses|adopts|accepts|delegates|defers|authori[sz]es|confirms|"
    r"resolves|decides)\b"
)


def _kind(word: str) -> str:
    lowered = word.lower()
    if lowered.startswith("recommend"):
        return "recommended"
    if lowered.startswith("decision") or lowered == "decided":
        return "decision"
    if lowered == "agreed":
        return "agreed"
    if lowered == "noted":
        return "noted"
    return "resolved"


def _marker_at(line: Line) -> tuple[str, int, int] | None:
    """The marker a line opens with, as ``(kind, marker end offset, rest start)``."""
    m = _MARKER.match(line.text)
    if m is None:
        return None
    word = m["word"].replace(" ", "")  # "R E S O L V E D": the heading word
    # a lead clause ("On a vote of five for, two against and one abstention, it was") is
    # not counted among the words before the marker
    prefix = line.text[
        m.end("lead") if m["lead"] else m.end("para") if m["para"] else 0 : m.start("word")
    ].strip()
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
    if prefix and len(prefix.split()) > 8 and not m["moved"]:
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
        # "It was resolved unanimously to:": the adverb before its clause
        and not re.match(
            r"\s*(?:(?:unanimously|accordingly)\s+)?(?:that\b|to\b|[:\-–—(])", rest, re.I
        )
    ):
        return None
    if word == "NOTED" and (prefix or not re.match(r"\s*(?:[,:\-–—]|that\b)", rest, re.I)):
        return None  # "NOTED, that the reports ... had been circulated": a heading of its own
    if word.lower().startswith("decision") and _titled(rest):
        return None  # "Decision - Extending Shared Services": a page's title
    if word.lower().startswith("decision") and re.match(r"\s*to\s+be\b", rest, re.I):
        return None  # "Decisions to be Sought Under Delegated Authority": a title
    marker_end = line.start + m.start("rest")
    if word in {"decision", "resolution"}:
        if not m["moved"]:
            return None  # the word in a sentence, no proposal told before it
        # "... seconded, and the resolution was that ...": the verb is the heading's
        verb = re.match(r"\s*(?:was|being)\b(?:\s+as\s+follows)?", rest)
        if verb is not None:
            rest = rest[verb.end() :]
            marker_end += verb.end()
        return "resolved", marker_end, marker_end
    kind = _kind(word)
    if kind != "recommended" and _RECOMMENDING.match(rest):
        kind = "recommended"  # "RESOLVED to recommend to Full Council to:"
    lead_in = rest.strip(" :-–—\xa0\t")
    opens_list = rest.rstrip(" -–—\xa0\t").endswith(":")  # "28.2 ... RESOLVED to recommend ... to:"
    # "23.1 The Lead Member agreed that ...": the minute's paragraph, told as narrative
    narrated = bool(prefix) and not m["moved"]
    if m["para"] and lead_in.lower() not in {"", "that", "to"} and not opens_list and not narrated:
        # "8.4 Resolved - That ...": one resolution, its paragraph number its label
        return kind, marker_end, line.start + m.start("para")
    return kind, marker_end, marker_end


def _titled(rest: str) -> bool:
    """Whether the words after a "Decision -" read as a title, not as a decision: every
    word of four letters or more capitalised, no sentence stop, not opening "That"/"To"."""
    words = rest.strip(" :-–—\xa0\t")
    if not words or words.endswith((".", ":", ";")) or re.match(r"(?i)(?:that|to)\b", words):
        return False
    long_words = [w for w in re.findall(r"[A-Za-z][\w'’]*", words) if len(w) > 3]
    return len(long_words) >= 2 and all(w[0].isupper() for w in long_words)

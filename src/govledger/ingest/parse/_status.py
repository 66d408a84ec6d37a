"""What the page says of the decision's standing: the call-in words, why it is not
subject to call-in, the urgency power used, whether it is a key decision or was taken
as an urgent item, and whether the meeting could decide."""

from __future__ import annotations

import re

from ..draft import Field
from ._reader import _Reader

#: Why a decision is not subject to call-in, from the words that say so (a
#: ``CallInExemption`` value), tested in this order.
_EXEMPTIONS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("urgent", re.compile(r"\burgen(?:t|cy)\b", re.I)),
    (
        "officer_decision",
        re.compile(r"\bofficer\b|\bdelegated\s+(?:authority|powers?|decision)\b", re.I),
    ),
    (
        "non_executive",
        re.compile(
            r"\bnon[\s-]*executive\b|\bnot\s+an?\s+executive\s+(?:decision|function)\b|"
            r"\b(?:full\s+)?council\s+(?:decision|function)\b|\bregulatory\b",
            re.I,
        ),
    ),
    (
        "constitution",
        re.compile(r"\bconstitution\b|\bprocedure\s+rules?\b|\bstanding\s+orders?\b", re.I),
    ),
)
#: A page that is an officer's decision record says so in its heading.
_OFFICER_RECORD = re.compile(
    r"\b(?:record\s+of\s+(?:an?\s+)?officer|officer\s+(?:key\s+)?decision)\b", re.I
)
#: A decision page's "Decision Maker:" field, and the titles that make its maker an
#: officer ("Managing Director", "Head of Legal") rather than a member or a body.
_DECISION_MAKER = re.compile(
    r"^[ \t]*decision\s+(?:maker|taker)\s*:[ \t]*(?P<who>[^\n]{2,120})", re.I | re.M
)
_OFFICER_TITLE = re.compile(
    r"\b(?:chief\s+executive|managing\s+director|director|head\s+of|manager|officer|clerk|"
    r"service\s+lead|chief\s+finance)\b",
    re.I,
)
_MEMBER_TITLE = re.compile(
    r"\b(?:cabinet|council|committee|leader|member|portfolio|mayor|board|panel|councillor|"
    r"executive(?!\s+(?:director|officer|head)))\b",
    re.I,
)


def _officer_maker(text: str) -> re.Match[str] | None:
    """The "Decision Maker: <officer>" field of a decision page made by an officer."""
    m = _DECISION_MAKER.search(text, 0, min(len(text), 5000))
    if m is None:
        return None
    who = re.sub(r"(?i)\bchief\s+executive\b", "chief officer", m["who"])
    if _OFFICER_TITLE.search(who) and not _MEMBER_TITLE.search(who):
        return m
    return None


_URGENCY = re.compile(
    r"(?:\b(?:the\s+)?(?:[A-Z][\w'’]*\s+){0,4}?)?\burgency\s+(?:powers?|procedures?|provisions?|"
    r"rules?|arrangements)\b(?:\s+(?:under|in|of|set\s+out\s+in)\s+[^.\n;]{3,80})?",
    re.I,
)
#: What every match of _URGENCY holds, and the characters of the words it may match
#: before that (with \w, of which str.isalnum is all but "_").
_URGENCY_CORE = re.compile(
    r"\burgency\s+(?:powers?|procedures?|provisions?|rules?|arrangements)\b", re.I
)
_WORDS_BEFORE = frozenset("_'’").union(c for c in map(chr, range(0x3001)) if c.isspace())
#: A decision page's own answer on a key decision: "Is Key decision?: Yes", "Key
#: decision: No", "Key Decision - Yes"; or a sentence "This is (not) a key decision".
_KEY_DECISION = re.compile(
    r"^[ \t]*(?:is\s+(?:it\s+|this\s+)?(?:an?\s+)?)?key\s+decision\s*\??[ \t]*[:\-–—]?[ \t]*"
    r"(?P<answer>yes|no)\b|\b(?:this|it)\s+is\s+(?P<negated>not\s+)?a\s+key\s+decision\b",
    re.I | re.M,
)
_KEY = re.compile(r"key\s+decision", re.I)  # in every match of _KEY_DECISION
#: A decision page's answer on whether the item was taken as urgent business:
#: "Urgent item?: Yes", "Urgent decision: No".
_URGENT_ITEM = re.compile(
    r"^[ \t]*(?:is\s+(?:it\s+|this\s+)?(?:an?\s+)?)?urgent\s+(?:item|decision|business)\s*\??"
    r"[ \t]*[:\-–—]?[ \t]*(?P<answer>yes|no)\b",
    re.I | re.M,
)
#: Words saying the meeting could not decide: a ``MeetingStatus`` value for each.
_MEETING_STATUS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "inquorate",
        re.compile(
            r"\b(?:meeting|committee|council|cabinet|board|panel)\s+(?:was|became|is|being)\s+"
            r"(?:therefore\s+)?(?:inquorate|not\s+quorate)\b|\b(?:there\s+was\s+)?no\s+quorum\s+"
            r"(?:was\s+)?(?:present|reached|achieved)?\b|\bquorum\s+was\s+not\s+(?:present|"
            r"reached|achieved)\b|\bin\s+the\s+absence\s+of\s+a\s+quorum\b",
            re.I,
        ),
    ),
    (
        "held_informally",
        re.compile(
            r"\b(?:the\s+)?(?:meeting|members\s+present)\s+(?:was\s+|were\s+)?(?:therefore\s+)?"
            r"(?:held|continued|proceeded|met)\s+(?:as\s+an\s+)?informal(?:ly)?\b|"
            r"\b(?:the|this)\s+(?:meeting\s+)?(?:was|became)\s+an\s+informal\s+meeting\b",
            re.I,
        ),
    ),
    (
        "not_properly_convened",
        re.compile(
            r"\bnot\s+(?:been\s+)?(?:properly|validly|duly|lawfully)\s+(?:convened|called|summoned)\b",
            re.I,
        ),
    ),
)

#: For each of _MEETING_STATUS, words one of which its every match holds.
_STATUS_WORDS = (
    re.compile(r"quor", re.I),
    re.compile(r"informal", re.I),
    re.compile(r"convened|called|summoned", re.I),
)


def _line_at(text: str, at: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, at) + 1
    end = text.find("\n", at)
    return start, len(text) if end == -1 else end


def call_in_words(reader: _Reader, call_in: Field | None, at: int | None) -> Field | None:
    """The record's own words on call-in: the line that says whether it applies."""
    if call_in is None or at is None:
        return None
    start, end = _line_at(reader.text, at)
    words = " ".join(reader.text[start:end].split())
    if not words:
        return None
    lead = len(reader.text[start:end]) - len(reader.text[start:end].lstrip())
    return reader.field(words[:300], start + lead, min(end, start + lead + 300), 0.8)


def call_in_exemption(reader: _Reader, call_in: Field | None, at: int | None) -> Field | None:
    """Why the decision is not subject to call-in (a ``CallInExemption`` value), from the
    words around the statement, else ``"officer_decision"`` on an officer's decision record
    and ``"other"`` when no reason is given."""
    if call_in is None or call_in.value is not False or at is None:
        return None
    start, end = _line_at(reader.text, at)
    following = reader.text.find("\n", end + 1)
    window_end = len(reader.text) if following == -1 else following
    words = reader.text[start:window_end]
    for exemption, pattern in _EXEMPTIONS:
        m = pattern.search(words)
        if m is not None:
            return reader.field(exemption, start + m.start(), start + m.end(), 0.75)
    header = _OFFICER_RECORD.search(reader.text, 0, min(len(reader.text), 3000))
    if header is None:
        header = _officer_maker(reader.text)
    if header is not None:
        return reader.field("officer_decision", header.start(), header.end(), 0.7)
    return reader.field("other", start, end, 0.5)


def urgency(reader: _Reader) -> Field | None:
    """The urgency power the decision was taken under, in the record's words."""
    text = reader.text
    core = _URGENCY_CORE.search(text)
    if core is None:
        return None
    # The first match starts at or before the first "urgency powers", after the last
    # character that cannot be in the words before it (the pattern's "the" and up to
    # four words): searched from there, not from the start of the page.
    low = core.start()
    while low > 0 and (text[low - 1].isalnum() or text[low - 1] in _WORDS_BEFORE):
        low -= 1
    m = _URGENCY.search(text, low)
    if m is None:
        return None
    words = " ".join(m.group().split())
    return reader.field(words, m.start(), m.end(), 0.75)


def key_decision(reader: _Reader) -> Field | None:
    """Whether the page says the decision is a key decision (``True``/``False``); ``None``
    when it does not say."""
    m = _KEY_DECISION.search(reader.text) if _KEY.search(reader.text) else None
    if m is None:
        return None
    answer = m["answer"].lower() == "yes" if m["answer"] else not m["negated"]
    return reader.field(answer, m.start(), m.end(), 0.85)


def urgent_item(reader: _Reader) -> Field | None:
    """Whether the page says the item was taken as urgent business (``True``/``False``);
    ``None`` when it does not say."""
    m = _URGENT_ITEM.search(reader.text)
    if m is None:
        return None
    start = m.start() + len(m.group()) - len(m.group().lstrip())
    return reader.field(m["answer"].lower() == "yes", start, m.end(), 0.85)


def meeting_status(reader: _Reader) -> Field | None:
    """A ``MeetingStatus`` value other than ``held`` when the page says the meeting could
    not decide (inquorate, held informally, not properly convened); ``None`` otherwise."""
    for (status, pattern), needed in zip(_MEETING_STATUS, _STATUS_WORDS, strict=True):
        m = pattern.search(reader.text) if needed.search(reader.text) else None
        if m is not None:
            return reader.field(status, m.start(), m.end(), 0.7)
    return None

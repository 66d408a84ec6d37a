"""Reading one part's words: outcome, conditions, delegations, bodies recommended to.

Votes and motions are read in :mod:`govledger.ingest.votes`.

Each function takes the whole text and a ``[start, end)`` window and returns what it
found with offsets into the text. Nothing is guessed: a vote with no figures has
``None`` counts; a role that cannot be read is left out and flagged by the caller.
"""

from __future__ import annotations

import re

import attrs

from ._words import mentions

__all__ = [
    "FoundCondition",
    "FoundDelegation",
    "condition_kind",
    "find_conditions",
    "find_delegations",
    "find_recommended_to",
    "outcome_of",
    "role_key",
    "split_roles",
]

# --------------------------------------------------------------------------- outcome

_LOST = re.compile(
    r"\b(?:was|were|is|be|been)\s+(?:lost|defeated|not\s+carried|rejected)\b|"
    r"^\s*(?:that\s+)?(?:the\s+)?(?:motion|amendment|recommendation)s?\s+(?:was\s+|were\s+)?"
    r"(?:lost|fell|falls)\b|^\s*(?:lost|not\s+carried|motion\s+lost)\b",
    re.I,
)
_WITHDRAWN = re.compile(r"\b(?:was|were|is|be|been|being)\s+withdrawn\b|^\s*withdrawn\b", re.I)
_DEFERRED = re.compile(
    r"\b(?:be|was|is|been|were)\s+deferred\b|^\s*(?:that\s+|to\s+)?defer(?:red)?\b|"
    r"\bconsideration\s+(?:of\s+[^.;]{0,80}\s+)?be\s+(?:deferred|postponed|adjourned)\b|"
    r"^\s*deferred\b",
    re.I,
)
#: A motion's words that open with the body noting: "That this Council notes ...".
_BODY_NOTES = re.compile(
    r"(?:^|[\"“:]|\bthat)\s*(?:that\s+)?this\s+(?:council|committee|cabinet|executive|board|"
    r"meeting)\s+(?:notes|note)\b",
    re.I,
)
_NOTED = re.compile(
    r"^\s*(?:that\s+)?(?:this\s+(?:council|committee|cabinet|executive|board|meeting)\s+)?"
    r"(?:to\s+)?(?:note|notes|noted)\b|"
    r"^\s*(?:that\s+)?(?:it\s+be|members)\s+not(?:ed|e)\b|"
    # "That Cabinet notes ...", "That the Joint Committee noted ...": the body, then its verb
    r"^\s*that\s+(?:the\s+)?(?-i:[A-Z][\w&'’]*)(?:\s+(?-i:[A-Z][\w&'’]*)){0,3}\s+not(?:es|ed)\b|"
    r"\b(?:be|is|was|were|are|been)\s+(?:duly\s+)?noted\b|"
    r"^\s*(?:that\s+)?(?:the\s+)?[^;.]{0,160}?\b(?:was|were|be)\s+received\s+and\s+noted\b",
    re.I,
)
_ACTS = re.compile(
    r"\b(?:be|is|are|was|were)\s+(?:approved|agreed|adopted|endorsed|accepted|authori[sz]ed|"
    r"delegated|established|disbanded|extended|created|deleted|re-?titled|appointed|granted|"
    r"pursued|requested|tasked|reviewed)\b|^\s*(?:that\s+)?to\s+(?:approve|agree|adopt|endorse|"
    r"delegate|authori[sz]e|establish|create|appoint)\b",
    re.I,
)
_RECOMMEND = re.compile(
    r"\bbe\s+recommended\s+to\b|^\s*(?:that\s+)?(?:it\s+be\s+)?recommend(?:ed|s)?\s+"
    r"(?:to\s+)?(?:the\s+)?(?:full\s+|each\s+|both\s+)?(?:council|cabinet|executive|"
    r"committee|board|\w+\s+council)|^\s*(?:that\s+)?to\s+recommend\b|"
    r"^\s*(?:that\s+)?(?:full\s+|each\s+respective\s+|each\s+|the\s+)?councils?\s+be\s+"
    r"(?:asked|recommended|requested)\b",
    re.I,
)


_LOST_WORDS = ("lost", "defeated", "carried", "rejected", "fell", "falls")
_OWN_MARKER = re.compile(r"\s*(RESOLVED|RECOMMENDED|RECOMMEND|AGREED)\b\s*[:\-–—]?\s*")


#: A fate printed after a part's words, set off by a dash or brackets: "... from 1
#: January 2024. - LOST", "(WITHDRAWN)", "- Deferred".
_FATE_AFTER = re.compile(
    r"(?:\s[-–—]\s*|\(\s*)(?P<fate>lost|not\s+carried|defeated|withdrawn|deferred)\s*\)?\s*\.?\s*$",
    re.I,
)
_FATE_OUTCOME = {"withdrawn": "withdrawn", "deferred": "deferred"}


def outcome_of(text: str, block_kind: str) -> tuple[str, float]:
    """The outcome of a part from its own words and its block's marker, with a confidence."""
    after = _FATE_AFTER.search(text[-80:]) if not block_kind.startswith("sentence:") else None
    if after is not None:
        return _FATE_OUTCOME.get(after["fate"].lower(), "lost"), 0.85
    if block_kind.startswith("sentence:"):
        fate = block_kind.split(":", 1)[1]
        if fate == "resolved" and _BODY_NOTES.search(text[:600]):
            return "noted", 0.6  # a motion carried whose words open "That this Council notes"
        return fate, 0.6
    head = text[:600]
    own = _OWN_MARKER.match(head)
    if own is not None:  # "2. RESOLVED that ...", "1. RECOMMEND to Full Council that ..."
        kind = "recommended" if own.group(1).upper().startswith("RECOMMEND") else "resolved"
        return outcome_of(head[own.end() :], kind)
    low = head.lower()  # each pattern needs one of these words: test them first
    if "withdrawn" in low and _WITHDRAWN.search(head):
        return "withdrawn", 0.85
    if any(w in low for w in _LOST_WORDS) and _LOST.search(head):
        return "lost", 0.85
    if any(w in low for w in ("defer", "postponed", "adjourned")) and _DEFERRED.search(head):
        return "deferred", 0.85
    if any(w in low for w in ("recommend", "council")) and _RECOMMEND.search(head):
        return "recommended", 0.85
    if block_kind == "recommended":
        # Under a RECOMMENDED heading every part is a recommendation, whatever its verb:
        # it changes nothing until the body it goes to adopts it.
        return "recommended", 0.85
    noted = _NOTED.search(head)
    if noted:
        acts = _ACTS.search(head)
        if acts is None or acts.start() > noted.start():
            return "noted", 0.9
    if block_kind == "recommended":
        return "recommended", 0.85
    return "resolved", 0.9 if block_kind != "lost_heading" else 0.7


# --------------------------------------------------------------------------- conditions

#: "subject to ...", and "subject to:" with its objects on the lines after it.
_SUBJECT_TO = re.compile(r"\bsubject\s+to(?:\s*:)?\s+(?!\s|(?:the\s+)?call[\s-]*in\b)", re.I)
_CLAUSE_END = re.compile(
    r";|\.(?=\s|$)|,\s+(?:and|but|with|so|which)\s|\s+be\s+(?:agreed|approved|noted|endorsed|"
    r"adopted|supported|accepted)\b|\s+and\s+(?:that|to)\s|\s+and\s+(?=subject\s+to\b)|\s+\((?:\d|[a-z])\)\s|\n\s*\n|:\s*$",
    re.I,
)


#: The longest condition, role list or delegation clause read (characters): every
#: search is bounded, so a page of run-on clauses is read in linear time.
_MAX_CLAUSE = 600


@attrs.frozen(kw_only=True)
class FoundCondition:
    """A "subject to ..." clause: its words and kind."""

    start: int
    end: int
    words: str
    kind: str


def condition_kind(words: str) -> str:
    """The :class:`~govledger.events.ConditionKind` value a condition's words suggest."""
    lowered = words.lower()
    if re.search(r"no\s+material\s+change|material\s+changes?|no\s+significant\s+change", lowered):
        return "no_material_change"
    if re.search(
        r"(?:conclu\w+|complet\w+|sign\w*|execut\w+|entering\s+into|finalis\w+|complet\w+)"
        r"[^;]{0,60}\b(?:agreements?|deeds?|contracts?|leases?)\b|\b(?:agreements?|deeds?|contracts?)\b[^;]{0,40}\b(?:being|is|are)\s+"
        r"(?:concluded|signed|completed|entered|finalised|agreed)|\blegal\s+agreements?\b|"
        r"\bsuitable\s+agreements?\b",
        lowered,
    ):
        return "agreement_concluded"
    if "business case" in lowered:
        return "business_case"
    if re.search(
        # "subject to X's Cabinet taking (making) the same decision"
        r"\bsimilar\b|\bsame\s+(?:decisions?|approvals?|resolutions?)\b|\b(?:approv\w*|agree\w*|consent|endors\w*|adopt\w*|ratif\w*|decisions?)\b[^;]{0,80}\b"
        r"(?:council|cabinet|executive|committee|board|partner|authorit\w+)|\b(?:council|cabinet|"
        r"executive|committee|partner|authorit\w+)s?\b[^;]{0,60}\b(?:approv\w*|agree\w*|"
        r"consent\w*|endors\w*|adopt\w*)",
        lowered,
    ):
        return "member_approval"
    return "other"


def find_conditions(text: str, start: int, end: int) -> list[FoundCondition]:
    """Every "subject to ..." clause in ``text[start:end]``."""
    found: list[FoundCondition] = []
    if not mentions(text, start, end, ("subject",)):
        return found
    matches = list(_SUBJECT_TO.finditer(text, start, end))
    for index, m in enumerate(matches):
        following = matches[index + 1].start() if index + 1 < len(matches) else end
        bound = min(end, m.end() + _MAX_CLAUSE, following)  # a new "subject to" ends it
        stop = _CLAUSE_END.search(text, m.end(), bound)
        clause_end = bound if stop is None else stop.start()
        while clause_end > m.start() and text[clause_end - 1] in " ,\xa0\n":
            clause_end -= 1
        words = text[m.start() : clause_end]
        if len(words) <= len(m.group()) + 2:
            continue
        found.append(
            FoundCondition(start=m.start(), end=clause_end, words=words, kind=condition_kind(words))
        )
    return found


# --------------------------------------------------------------------------- delegations

_ROLE_HEAD = (
    r"(?:the\s+)?(?:[A-Z]{2,6}(?:’|')s\s+|respective\s+|relevant\s+|council(?:’|')s\s+)?"
    r"(?:Acting\s+|Interim\s+|Deputy\s+|Assistant\s+|Joint\s+|Shared\s+|Corporate\s+|Strategic\s+|"
    r"Executive\s+|Chief\s+|Senior\s+|Service\s+|Group\s+|Lead\s+|Managing\s+|Principal\s+|Ward\s+|"
    r"(?=[A-Z][a-z]+\s+(?:[A-Z][a-z]+\s+)?(?:Manager|Officer|Director|Lead)\b)[A-Z][a-z]+\s+"
    r"(?:[A-Z][a-z]+\s+)?)*"
    r"(?:Chief|Director|Directors|Head|Heads|Leader|Leaders|Manager|Managers|Officer|Officers|"
    r"Portfolio|Cabinet\s+Member|Chair(?:man|person)?|Vice[\s-]Chair\w*|Monitoring|Section\s+151|"
    r"S\.?151|Secretary|Clerk|Solicitor|Treasurer|Controller|Executive|Executives|Member|"
    r"Members|Lead|Borough|County|City|District|Town|Proper)\b"
)
_ROLE_START = re.compile(_ROLE_HEAD)
_ROLE_START_ANY = re.compile(_ROLE_HEAD, re.I)
_DELEGATED_TO = re.compile(
    r"\b(?:delegate[ds]?|delegating)(?:\s+(?:its\s+|the\s+|full\s+)?(?:authority|powers?))?"
    r"(?:\s+(?:be|is|are|was|were|being|has\s+been))?(?:\s+(?:granted|given))?\s+to\s+"
    # "delegating completion of the agreement to the Head of Legal": the object first
    rf"|\b(?:delegate[ds]?|delegating)\s+(?!to\b)[^;.:]{{3,120}}?\bto\s+(?={_ROLE_HEAD})",
    re.I,
)
_AUTHORISED = re.compile(
    r"\b(?:be|is|are|was|were|being|hereby)\s+(?:duly\s+)?(?:(?:authori[sz]ed|empowered)(?=\s*,|\s+to\b)"
    r"|(?:given|granted)\s+(?:the\s+)?(?:delegated\s+)?(?:authority|powers?)\b)(?:\s+to\s+)?",
    re.I,
)
_AUTHORISE_ROLE = re.compile(
    rf"\b(?:authori[sz](?:es?|ed)|empowers?|approves?\s+for|approve\s+for|grants?\s+authority\s+to|"
    rf"gives?\s+authority\s+to)\s+(?={_ROLE_HEAD})",
    re.I,
)
_ROLE_STOP = re.compile(
    r"\s+in\s+consultation\s+with\b|,\s*in\s+consultation|\s+(?:acting\s+)?jointly\b|"
    r",?\s+(?:after|following|having(?:\s+first)?|upon)\s+consult|"
    r"\s+working\s+(?:through|with)\b|\s+through\s+the\b|\s+to\s+(?=[a-z])|\s+for\s+(?=[a-z])|;|"
    r"\.(?=\s|$)|,\s+(?:to|for|who|which|working|acting|with|subject|where)\b|\s+as\s+(?=[a-z])|"
    r"\s+(?:where|provided|within|subject\s+to)\b|\s+(?:be|is|are)\s+(?:authori[sz]ed|"
    r"delegated|empowered)|\s+in\s+(?:relation|respect)\b|\s+with\s+(?:regard|respect)\b|:",
)
_LIMIT = re.compile(
    r"\b(?:where|provided\s+that|providing\s+that|so\s+long\s+as|on\s+condition\s+that|within\s+"
    r"(?:the\s+)?(?:approved\s+|existing\s+|agreed\s+)?budget)\b[^;.]*",
    re.I,
)
_THROUGH = re.compile(r"\b(?:working\s+)?through\s+(?:the\s+)?(?P<body>[A-Z][^;.,]*)")


#: What opens a part before its subject: "That", "Agrees that" (a decision in the third person).
_LEAD = re.compile(
    r"\s*(?:(?:agrees?|approves?|resolves?|decides?|confirms?)\s+)?(?:that\s+)?", re.I
)

_DELEGATION_HINTS = ("delegat", "authori", "empower", "approve for", "approves for", "grant",
                     "authority", "give")  # fmt: skip


@attrs.frozen(kw_only=True)
class FoundDelegation:
    """A delegation read from a part: who, consulting whom, to do what, within what."""

    start: int
    end: int
    delegates: tuple[tuple[str, int, int], ...]
    consultees: tuple[tuple[str, int, int], ...]
    scope: str
    limits: tuple[str, ...]
    through: str | None


_PLURAL_ROLES = {
    "executives": "executive", "leaders": "leader", "directors": "director", "officers": "officer",
    "heads": "head", "managers": "manager", "members": "member", "clerks": "clerk",
    "secretaries": "secretary", "solicitors": "solicitor", "chairs": "chair",
}  # fmt: skip
_PERSON = re.compile(
    r"^(?:(?:Mr|Mrs|Ms|Miss|Dr|Councillor|Cllr)\.?\s+[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*|"
    r"[A-Z][a-z'’-]+(?:\s+[A-Z]\.?)?\s+[A-Z][a-z'’-]+)$"
)


def role_key(title: str) -> str:
    """A role as the evaluation compares it: lower case, no article, council or person.

    >>> role_key("the Chief Executives of both councils")
    'chief executive'
    """
    text = title.strip().replace("’", "'")
    text = re.sub(r"\s*\([^)]*\)", "", text)
    text = re.sub(r",?\s*(?:acting\s+)?(?:jointly|together)\b.*$", "", text)
    pieces = [p.strip() for p in text.split(",")]
    if len(pieces) > 1:
        kept = [p for p in pieces if not _PERSON.match(p)]
        text = ", ".join(kept) if kept else pieces[0]
    text = text.lower()
    text = re.sub(r"^(?:the|a|an)\s+", "", text)
    text = re.sub(r"^(?:[a-z]{2,6}'s|council's|respective|relevant|each|both)\s+", "", text)
    text = re.sub(r"^(?:the)\s+", "", text)
    text = re.sub(
        r"\s+(?:of|for|at|from)\s+(?:both|each|the\s+two|all|the\s+respective|respective|the)\s+"
        r"(?:councils|authorities|partner\s+councils|partners)\b.*$",
        "",
        text,
    )
    text = re.sub(r"\s+of\s+each\s+(?:council|authority)\b.*$", "", text)
    text = re.sub(r"\s+(?:of|at)\s+(?:bdc|rbc|cdc|occ|snc|[a-z]{2,5}c)$", "", text)
    text = re.sub(
        r"\s+(?:of|at)\s+(?!the\s+council$)[\w' -]+?\s+(?:dc|bc|cc|mbc|council|district|borough)$",
        "",
        text,
    )
    head, sep, tail = text.partition(" of ")
    words = [_PLURAL_ROLES.get(w, w) for w in head.split()]
    plural = words != head.split()
    council_list = plural and " and " in tail
    text = " ".join(words) + (sep + tail if sep and not council_list else "")
    return re.sub(r"\s+", " ", text).strip(" .,;:'\"")


def split_roles(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """The separate roles in ``text[start:end]`` ("X and Y", "X, Y and Z"), with offsets.

    "and" or a comma splits only where a new role begins ("Head of Legal and Democratic
    Services" stays one role).
    """
    cuts = [start]
    for m in re.finditer(r",\s*(?:and\s+)?|\s+and\s+|\s+&\s+|\s+or\s+", text[start:end]):
        following = text[start + m.end() : end]
        if _ROLE_START_ANY.match(following):
            cuts.append(start + m.start())
            cuts.append(start + m.end())
    cuts.append(end)
    roles = []
    for a, b in zip(cuts[::2], cuts[1::2], strict=True):
        while a < b and text[a] in " ,\xa0":
            a += 1
        while b > a and text[b - 1] in " ,.;:\xa0":
            b -= 1
        if b > a:
            roles.append((text[a:b], a, b))
    return roles


def _role_phrase_end(text: str, start: int, end: int) -> int:
    stop = _ROLE_STOP.search(text, start, end)
    return end if stop is None else stop.start()


def find_delegations(text: str, start: int, end: int) -> list[FoundDelegation]:
    """Delegations in ``text[start:end]``: "delegated to X in consultation with Y to ..."."""
    found: list[FoundDelegation] = []
    if not mentions(text, start, end, _DELEGATION_HINTS):
        return found
    for m in [
        *_DELEGATED_TO.finditer(text, start, end),
        *_AUTHORISE_ROLE.finditer(text, start, end),
    ]:
        roles_end = _role_phrase_end(text, m.end(), min(end, m.end() + _MAX_CLAUSE // 2))
        delegates = [r for r in split_roles(text, m.end(), roles_end) if _ROLE_START.match(r[0])]
        if not delegates:
            continue
        found.append(_delegation(text, start, end, m.start(), roles_end, delegates, m))
    for m in _AUTHORISED.finditer(text, start, end):
        subject_start = start
        lead = _LEAD.match(text, start, end)
        if lead:
            subject_start = lead.end()
        subject_start = max(subject_start, m.start() - _MAX_CLAUSE // 2)
        # "the Chief Executive, in consultation with the Leader, be authorised to ..."
        consulting = _CONSULTING_LATER.search(text, subject_start, m.start())
        subject_end = m.start() if consulting is None else consulting.start()
        delegates = [
            r for r in split_roles(text, subject_start, subject_end) if _ROLE_START.match(r[0])
        ]
        if not delegates or any(d.start <= m.start() < d.end for d in found):
            continue
        consultees = (
            []
            if consulting is None
            else [
                r for r in split_roles(text, consulting.end(), m.start()) if _ROLE_START.match(r[0])
            ]
        )
        found.append(
            _delegation(text, start, end, subject_start, m.end(), delegates, m, consultees)
        )
    return sorted(found, key=lambda d: d.start)


def _delegation(
    text: str,
    start: int,
    end: int,
    first: int,
    after_roles: int,
    delegates: list[tuple[str, int, int]],
    trigger: re.Match[str],
    consulted: list[tuple[str, int, int]] | None = None,
) -> FoundDelegation:
    consultees: list[tuple[str, int, int]] = consulted or []
    rest = after_roles
    consult = None if consulted else _CONSULTING.match(text, after_roles, end)
    if consult is not None:
        c_end = _role_phrase_end(text, consult.end(), min(end, consult.end() + _MAX_CLAUSE // 2))
        consultees = split_roles(text, consult.end(), c_end)
        rest = c_end
    sentence_end = _sentence_end(text, rest, min(end, rest + _MAX_CLAUSE))
    scope_end = sentence_end
    if consult is None and not consultees:
        # the consultees after the task: "to agree the terms, after consulting the Leader"
        later = _CONSULTING_LATER.search(text, rest, sentence_end)
        if later is not None:
            c_end = _role_phrase_end(text, later.end(), sentence_end)
            consultees = [
                r for r in split_roles(text, later.end(), c_end) if _ROLE_START.match(r[0])
            ]
            scope_end = later.start() if consultees else sentence_end
    scope_text = text[rest:scope_end].strip(" ,;.\xa0")
    scope_text = re.sub(r"^(?:to|for)\s+", "", scope_text)
    if not scope_text or re.match(r"^(?:working|acting)\b", scope_text):
        lead = _LEAD.match(text, start, end)
        subject_start = max(lead.end() if lead else start, trigger.start() - _MAX_CLAUSE // 2)
        if subject_start < trigger.start():
            scope_text = re.sub(
                r"\s+(?:be|is|are)\s*(?:hereby)?\s*$", "", text[subject_start : trigger.start()]
            ).strip(" ,")
    through = _THROUGH.search(text, after_roles, sentence_end)
    limits = tuple(m.group().strip(" ,") for m in _LIMIT.finditer(text, rest, sentence_end))
    return FoundDelegation(
        start=first,
        end=sentence_end,
        delegates=tuple(delegates),
        consultees=tuple(consultees),
        scope=" ".join(scope_text.split()),
        limits=limits,
        through=None if through is None else through["body"].strip(),
    )


_CONSULTED = (
    r"(?:(?:in|after|following|upon|on)\s+consultation\s+with|after\s+consulting(?:\s+with)?|"
    r"having\s+(?:first\s+)?consulted(?:\s+with)?)\s+"
)
#: Who a delegate consults, right after the delegates ("X, in consultation with Y, to").
_CONSULTING = re.compile(rf"[\s,]*{_CONSULTED}", re.I)
#: The same words after the task ("to sign the variation, after consulting the Leader").
_CONSULTING_LATER = re.compile(rf",?\s*\b{_CONSULTED}", re.I)


def _sentence_end(text: str, start: int, end: int) -> int:
    stop = re.compile(r";|\.(?=\s|$)|\n\s*\n").search(text, start, end)
    return end if stop is None else stop.start()


# --------------------------------------------------------------------------- recommended to

_RECOMMENDED_TO = re.compile(
    r"\b(?:recommend(?:ed|s)?|recommendation)\s+to\s+(?P<body>(?:the\s+)?(?:full\s+)?"
    r"(?:[A-Z][\w&' ]{0,60}?\s)?(?:Council|Cabinet|Executive|Committee|Board)s?)\b|"
    r"^\s*(?:that\s+)?(?P<body2>(?:each\s+respective|each|both|the|full)?\s*(?:[A-Z][\w&']*\s+)*"
    r"(?:Council|Cabinet|Executive|Committee|Board)s?)\s+be\s+(?:recommended|asked|requested)\b",
    re.I,
)


def find_recommended_to(text: str, start: int, end: int) -> tuple[str, int, int] | None:
    """The body a recommendation goes to ("Council", "each respective Council"), if named."""
    window = text[start : min(end, start + 400)]
    m = _RECOMMENDED_TO.search(window)
    if m is None:
        return None
    group = "body" if m["body"] else "body2"
    words = m[group].strip()
    begin = start + m.start(group) + (len(m[group]) - len(m[group].lstrip()))
    return words, begin, begin + len(words)

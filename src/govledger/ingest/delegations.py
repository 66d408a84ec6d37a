"""Delegations in one part's words: who is given power to act, consulting whom.

Moved out of :mod:`govledger.ingest.extract` (which re-exports these names).
"""

from __future__ import annotations

import re

import attrs

from ._words import mentions
from .conditions import MAX_CLAUSE

__all__ = ["FoundDelegation", "find_delegations", "role_key", "split_roles"]

_ROLE_HEAD = (
    # "the Combined Authority's Managing Director": whose office, by its holder's body
    r"(?:[Tt]he\s+)?(?:(?:[A-Z][a-z]+\s+){0,2}[A-Z][A-Za-z]+(?:’|')s\s+|respective\s+|relevant\s+|council(?:’|')s\s+|"
    # "the responsible Cabinet Member", "the appropriate Director": which holder, by office
    r"responsible\s+|appropriate\s+|nominated\s+|designated\s+)?"
    r"(?:Acting\s+|Interim\s+|Deputy\s+|Assistant\s+|Joint\s+|Shared\s+|Corporate\s+|Strategic\s+|"
    r"Executive\s+|Chief\s+|Senior\s+|Service\s+|Group\s+|Lead\s+|Managing\s+|Principal\s+|Ward\s+|"
    r"Elected\s+|"
    # "the Council Solicitor", "the Borough Treasurer": an office named by its body
    r"(?=[A-Z][a-z]+\s+(?:[A-Z][a-z]+\s+)?(?:Manager|Officer|Director|Lead|Member|Committee|"
    r"Sub-Committee|Board|Panel|Solicitor|Treasurer|Secretary|Clerk)\b)[A-Z][a-z]+\s+"
    r"(?:[A-Z][a-z]+\s+)?)*"
    r"(?:Chief|Director|Directors|Head|Heads|Leader|Leaders|Manager|Managers|Officer|Officers|"
    r"Portfolio|Cabinet\s+Member|Chair(?:man|person)?|Vice[\s-]Chair\w*|Monitoring|Section\s*151|"
    r"S\.?151|Secretary|Clerk|Solicitor|Treasurer|Controller|Executive|Executives|Member|"
    r"Members|Lead|Borough|County|City|District|Town|Proper|Committee|Sub-Committee|Board|Panel)\b"
)
_ROLE_START = re.compile(_ROLE_HEAD)
_ROLE_START_ANY = re.compile(_ROLE_HEAD, re.I)
_DELEGATED_TO = re.compile(
    # "the functions delegated to the Joint Chief Executive": powers held already, no new grant
    r"(?<!functions )(?<!powers )(?<!matters )"
    r"\b(?:delegate[ds]?|delegating)(?:\s+(?:its\s+|the\s+|full\s+)?(?:authority|powers?))?"
    r"(?:\s+(?:be|is|are|was|were|being|has\s+been))?(?:\s+(?:granted|given))?"
    r"(?:\s+by\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*){0,3})?\s+to\s+"
    # "that authority be given to the Head of Legal Services to ...": the grant, passive
    r"|\b(?:authority|powers?)\s+(?:be|is|are|was|were|being|has\s+been|have\s+been)\s+"
    r"(?:given|granted|conferred)\s+(?:up)?(?:on\s+|to\s+)(?=(?:the\s+)?[A-Za-z])"
    # "delegating completion of the agreement to the Head of Legal": the object first
    rf"|\b(?:delegate[ds]?|delegating)\s+(?!to\b)[^;.:]{{3,120}}?\bto\s+(?={_ROLE_HEAD})"
    # "delegated the Corporate Director - Finance, in consultation with ...": no "to"
    rf"|\bdelegated\s+(?-i:(?=the\s+[A-Z]))(?={_ROLE_HEAD})",
    re.I,
)
#: After "instructed" / "asked": whom to consult first, or a task that settles a thing.
_TOLD_TO_ACT = (
    r"(?=\s*[,(]?\s*(?:in|after|following|upon)\s+consult|\s+to\s+(?:finali[sz]e|agree|approve|"
    r"determine|sign|settle|negotiate|conclude|complete|award|enter\s+into|implement)\b)"
)
_TOLD = re.compile(r"\S+\s+(?:instructed|requested|asked)\b", re.I)
#: A task that only prepares another body's decision: no power to settle it is given.
_PREPARES = re.compile(
    r"\bto\s+(?:prepare|report|bring|submit|present|investigate|consider|review|explore|draft)\b|"
    r"\bfor\s+(?:submission|consideration|approval|adoption|decision)\s+(?:to|by|at)\b|"
    r"\breport\s+back\b",
    re.I,
)
_AUTHORISED = re.compile(
    r"\b(?:be|is|are|was|were|being|hereby)\s+(?:duly\s+|jointly\s+|severally\s+|also\s+|each\s+)?"
    # "authorised (after consultation with the Leader) to agree": the aside before the task
    r"(?:(?:authori[sz]ed|empowered)(?=\s*,|\s+to\b|\s*\(\s*(?:in|after|following|upon|on)\s+consult)"
    # "that the Executive Director is delegated to authorise the drawdown": the subject holds it
    r"|delegated(?=\s+to\s+(?!the\b|an?\b)[a-z]+\b)"
    # "that the Chief Executive be delegated authority to agree the terms"
    r"|delegated\s+(?:the\s+|full\s+)?(?:authority|powers?)\b"
    r"|(?:given|granted)\s+(?:the\s+)?(?:delegated\s+)?(?:authority|powers?)\b"
    # "the Director be instructed, in consultation with the Leader, to finalise ...": told
    # to settle a thing (no task that only prepares another body's decision)
    rf"|(?:instructed|requested|asked){_TOLD_TO_ACT})(?:\s+to\s+)?"
    # "the Strategic Director in consultation with the Cabinet Member has authority to
    # approve them": the power held, told in the present
    r"|\b(?:has|have|shall\s+have|will\s+have)\s+(?:the\s+|full\s+)?(?:delegated\s+)?"
    r"(?:authority|powers?)\s+to\s+",
    re.I,
)
_AUTHORISE_ROLE = re.compile(
    rf"\b(?:authori[sz](?:es?|ed)|empowers?|approves?\s+for|approve\s+for|grants?\s+authority\s+to|"
    rf"gives?\s+authority\s+to|"
    # "gives the Chief Finance Officer delegated authority to agree the contract"
    rf"(?:gives?|grants?)(?=\s+{_ROLE_HEAD}[^.;:]{{0,100}}?\s(?:delegated\s+)?(?:authority|powers?)\s+to\b))\s+"
    # "authorises Ann Lee, Head of Legal, to ...": an officer named before the title
    r"(?:(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,2},\s+)?"
    rf"(?={_ROLE_HEAD})",
    re.I,
)
_ROLE_STOP = re.compile(
    # "the Director of Governance or her delegated officers", "or his nominee": the
    # holder's stand-in, no other role
    r",?\s+or\s+(?:his|her|their|its|his/her|her/his)\s+(?:[a-z]+\s+){0,2}?(?:nominees?|deputy|"
    r"deputies|delegates?|representatives?|officers?|designates?|substitutes?)\b|"
    r"\s+in\s+consultation\s+with\b|,\s*in\s+(?:consultation|conjunction)|"
    r"\s+in\s+conjunction\s+with\b|\s+(?:acting\s+)?jointly\b|"
    # "the Director (in consultation with the Leader) to ...": the aside ends the title
    r"\s*\(\s*(?:in|after|following|upon|on)\s+consult|"
    r",?\s+(?:after|following|having(?:\s+first)?|upon)\s+consult|"
    r"\s+working\s+(?:through|with)\b|\s+through\s+the\b|\s+to\s+(?=[a-z])|\s+to[ \t]*:|"
    r"\s+for\s+(?=[a-z])|;|\s+the\s+(?:powers?|authority|responsibility)\b|"
    r"\.(?=\s|$)|,\s+(?:to|for|who|which|working|acting|with|subject|where)\b|\s+as\s+(?=[a-z])|"
    r"\s+(?:where|provided|within|subject\s+to)\b|\s+(?:be|is|are)\s+(?:authori[sz]ed|"
    r"delegated|empowered)|\s+in\s+(?:relation|respect)\b|\s+with\s+(?:regard|respect)\b|"
    # "and on terms approved by ...": the consultees end; "Director: Communities" goes on
    r",?\s+and\s+(?=(?:on|in|subject|within|with)\s+[a-z])|:(?![ \t]*[A-Z][a-z])|"
    # "..., in consultation with the Portfolio Holder, authority to agree": the grant after
    r",\s*(?:full\s+|delegated\s+)?(?:authority|powers?)\b|"
    # "in consultation with X and on terms approved by Y": "and" before a word that opens
    # no title ends the roles ("and the Leader", "and the lead officers of X" and "Head of
    # Legal and Democratic Services" go on)
    r"\s+and\s+(?!the\s|[A-Z]|relevant\s|respective\s)(?=[a-z])|"
    # "the functions delegated to the Joint Chief Executive are exercised by ..."
    r"\s+(?:are|is|was|were|will|shall)\s+(?=[a-z])",
)
#: A description of functions already delegated, not a delegation made by the part.
_ALREADY = re.compile(
    r"\b(?:functions|powers|matters|responsibilities|decisions)\s+(?:currently\s+|already\s+|"
    r"previously\s+|now\s+)?$",
    re.I,
)
_LIMIT = re.compile(
    r"\b(?:where|provided\s+that|providing\s+that|so\s+long\s+as|on\s+condition\s+that|within\s+"
    r"(?:the\s+)?(?:approved\s+|existing\s+|agreed\s+)?budget)\b[^;.]*",
    re.I,
)
_THROUGH = re.compile(r"\b(?:working\s+)?through\s+(?:the\s+)?(?P<body>[A-Z][^;.,]*)")


#: A new clause inside a part: its subject follows ("..., and that the Head of X be authorised",
#: "RECOMMENDS to Council that the Chief Executive be ...").
_NEW_CLAUSE = re.compile(
    r"(?:[,;]\s*|\s)and\s+that\s+|;\s*(?:that\s+)?|"
    # "RECOMMENDS to Council that the Chief Executive be given authority to ..."
    r"\bthat\s+",
    re.I,
)

#: What opens a part before its subject: "That", "Agrees that" (a decision in the third person).
_LEAD = re.compile(
    r"\s*(?:(?:agrees?|approves?|resolves?|decides?|confirms?)\s+)?(?:that\s+)?", re.I
)

_DELEGATION_HINTS = ("delegat", "authori", "empower", "approve for", "approves for", "grant",
                     "authority", "give", "consult")  # fmt: skip


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
    "holders": "holder",
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
    # "the Head of Paid Service or his nominee": the holder
    text = re.sub(r",?\s+or\s+(?:his|her|their|its|his/her|her/his)\s+.*$", "", text)
    text = re.sub(r",?\s*(?:acting\s+)?(?:jointly|together)\b.*$", "", text)
    pieces = [p.strip() for p in text.split(",")]
    if len(pieces) > 1:
        kept = [p for p in pieces if not _PERSON.match(p)]
        text = ", ".join(kept) if kept else pieces[0]
    text = text.lower()
    text = re.sub(r"^(?:the|a|an)\s+", "", text)
    text = re.sub(r"^(?:(?:[a-z]+\s+){0,2}[a-z]+'s|respective|relevant|each|both)\s+", "", text)
    text = re.sub(r"^(?:the)\s+", "", text)
    text = re.sub(
        r"\s+(?:of|for|at|from)\s+(?:both|each|the\s+(?:two|three|four|five|six)|all|all\s+the|"
        r"the\s+respective|respective|the)\s+"
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


#: Lower-case words a title holds ("Head of Legal and Democratic Services", "the Section
#: 151 officer", "Director: Resources"); any other lower-case word after a capitalised
#: one begins what the holder is to do ("Delegate to the Assistant Chief Executive
#: approval of any amendments").
_IN_TITLE = frozenset(
    {
        "of", "and", "or", "for", "the", "&", "in", "at", "on", "from", "to", "with", "a",
        "an", "each", "both", "his", "her", "their", "its", "relevant", "respective",
        "officer", "officers", "member", "members", "holder", "holders", "manager",
        "managers", "director", "directors", "executive", "executives", "councillor",
        "councillors", "leader", "leaders", "chair", "chairman", "lead", "head", "heads",
        "team", "services", "service", "council", "councils", "authority", "authorities",
        "partner", "partners", "committee", "board", "cabinet", "group", "portfolio",
        "deputy", "assistant", "acting", "interim", "joint", "shared", "chief", "senior",
        "strategic", "corporate", "borough", "district", "county", "city", "town",
        "s151", "monitoring", "finance", "legal", "jointly", "together", "time", "being",
        "elected", "ward", "two", "three", "four", "five", "six",
    }
)  # fmt: skip
_WORD = re.compile(r"[A-Za-z][\w'’&-]*|\d+|\(|\)")


#: Where a title printed all in lower case ends: "the cabinet member for corporate
#: services, to agree ..." (its words give no capital to stop at).
_LOWER_STOP = re.compile(
    r"[,;:]|\.(?=\s|$)|\s+(?:in|after|following|upon)\s+consult|\s+to\s+(?=[a-z])|"
    r"\s+(?:be|is|are)\s+(?:authori[sz]ed|delegated|empowered)|\s+(?:acting\s+)?jointly\b|"
    r"\s+(?:where|provided|within|subject\s+to)\b"
)


#: A holder whose title goes on with "for" and the portfolio: "Cabinet member for ...".
_PORTFOLIO_HOLDER = re.compile(r"\b(?:member|holder|lead|spokesperson)$", re.I)


def _role_phrase_end(text: str, start: int, end: int) -> int:
    stop = _ROLE_STOP.search(text, start, end)
    if stop is not None and stop.group().split()[0] in {"for", "and"}:
        before = text[start : stop.start()]
        if not re.search(r"[A-Z]", before) or (
            stop.group().strip() == "for" and _PORTFOLIO_HOLDER.search(before)
        ):
            # "the head of legal and democratic to ...", "the Cabinet member for corporate
            # services, to ...": a title printed in lower case goes on to its clause's end
            lower = _LOWER_STOP.search(text, stop.end(), end)
            stop = lower if lower is not None else None
    end = end if stop is None else stop.start()
    # the title ends at the first lower-case word it cannot hold, once it has begun
    begun = False
    depth = 0
    for word in _WORD.finditer(text, start, end):
        token = word.group()
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        elif depth:
            continue  # "(Legal and Democratic Services)": inside the title
        elif token[0].isupper() or token.isdigit():
            begun = True
        elif begun and token.lower() not in _IN_TITLE:
            return _trim(text, start, word.start())
    return end


def _trim(text: str, start: int, at: int) -> int:
    while at > start and text[at - 1] in " \t\n\xa0,":
        at -= 1
    return at


def find_delegations(text: str, start: int, end: int) -> list[FoundDelegation]:
    """Delegations in ``text[start:end]``: "delegated to X in consultation with Y to ..."."""
    found: list[FoundDelegation] = []
    if not mentions(text, start, end, _DELEGATION_HINTS):
        return found
    for m in [
        *_DELEGATED_TO.finditer(text, start, end),
        *_AUTHORISE_ROLE.finditer(text, start, end),
    ]:
        if _ALREADY.search(text, max(start, m.start() - 40), m.start()):
            continue
        roles_end = _role_phrase_end(text, m.end(), min(end, m.end() + MAX_CLAUSE // 2))
        # after "authorise" a title in lower case is one too ("authorise the chief
        # executive, in consultation with the cabinet member for ..., to agree ...")
        # (not after a past "authorised the head of ...": a report of what was done)
        lower_ok = m.re is _AUTHORISE_ROLE and not m.group().lower().startswith("authorised")
        delegates = [
            r
            for r in split_roles(text, m.end(), roles_end)
            if (_officer_title(r[0]) if lower_ok else _ROLE_START.match(r[0]))
        ]
        if not delegates:
            continue
        found.append(_delegation(text, start, end, m.start(), roles_end, delegates, m))
    for m in _AUTHORISED.finditer(text, start, end):
        if _TOLD.match(m.group()) and _PREPARES.search(
            text, m.end(), _sentence_end(text, m.end(), min(end, m.end() + MAX_CLAUSE))
        ):
            continue  # "asked, in consultation with X, to prepare a report for Council"
        subject_start = start
        lead = _LEAD.match(text, start, end)
        if lead:
            subject_start = lead.end()
        subject_start = max(subject_start, m.start() - MAX_CLAUSE // 2)
        # "that a team be designed ..., and that the Head of Paid Service ... be authorised"
        clauses = list(_NEW_CLAUSE.finditer(text, subject_start, m.start()))
        if clauses:
            subject_start = clauses[-1].end()
        # "the Chief Executive, in consultation with the Leader, be authorised to ..."
        consulting = _CONSULTING_LATER.search(text, subject_start, m.start())
        subject_end = m.start() if consulting is None else consulting.start()
        # "the Head of Legal Services be and is hereby authorised", "X shall be authorised"
        auxiliary = _AUXILIARY.search(text, subject_start, subject_end)
        if auxiliary is not None:
            subject_end = auxiliary.start()
        delegates = [r for r in split_roles(text, subject_start, subject_end) if _is_holder(r[0])]
        if not delegates or any(d.start <= m.start() < d.end for d in found):
            continue
        consultees = []
        if consulting is not None:
            # "the Section 151 Officer (in consultation with the Monitoring Officer) be
            # granted ...": the consultees end at the bracket
            close = text.find(")", consulting.end(), m.start()) if "(" in consulting.group() else -1
            consultees = [
                r
                for r in split_roles(text, consulting.end(), m.start() if close < 0 else close)
                if _ROLE_START_ANY.match(r[0])
            ]
        found.append(
            _delegation(text, start, end, subject_start, m.end(), delegates, m, consultees)
        )
    found.extend(_acting_in_consultation(text, start, end, found))
    found.extend(_settled_by(text, start, end, found))
    return sorted(found, key=lambda d: d.start)


#: An officer's title printed in lower case: "the chief executive", "the head of legal
#: services", "the director of place" (a body, "the committee", is no delegate).
_LOWER_OFFICER = re.compile(
    r"(?:the\s+)?(?:[a-z-]+\s+){0,3}?(?:chief\s+executive|director|head|manager|officer|"
    r"clerk|solicitor|treasurer|secretary|leader|chair(?:man|person)?|cabinet\s+member|"
    r"portfolio\s+holder)\b(?:\s+(?:of|for)\s+[a-z][a-z ,&-]*)?"
)


def _officer_title(words: str) -> bool:
    """Whether *words* are a holder's title: capitalised, or an officer's in lower case."""
    return _ROLE_START.match(words) is not None or (
        words == words.lower() and _LOWER_OFFICER.fullmatch(words) is not None
    )


#: "officers be authorised to ...": the officers as a body, in lower case too.
_OFFICERS = re.compile(r"(?:the\s+)?(?:relevant\s+|appropriate\s+)?officers", re.I)


def _is_holder(words: str) -> bool:
    return _ROLE_START.match(words) is not None or _OFFICERS.fullmatch(words) is not None


#: A holder told to act, the power implied by whom it must consult: "the Head of Planning
#: to finalise the conditions in consultation with the Chair", "the Director agree the
#: terms, after consulting the Leader".
_ACTS = re.compile(
    r"\s+(?:to\s+|shall\s+|will\s+)?(?:finali[sz]e|agree|approve|determine|sign|settle|"
    r"negotiate|conclude|complete|award|amend|issue|make|take|undertake)\b",
)
#: A body acting for itself is no delegation ("the Committee approve ..., in consultation").
_BODY_END = re.compile(r"(?:Committee|Board|Panel|Council|Cabinet|Executive)$")


#: A thing to be settled by a holder, told in the passive: "the final wording be agreed
#: by the Head of Legal Services in consultation with the Chair".
_SETTLED_BY = re.compile(
    r"\b(?:be|is|are)\s+(?:agreed|approved|determined|finali[sz]ed|settled|signed|negotiated|"
    rf"concluded|completed)\s+by\s+(?={_ROLE_HEAD})",
)


def _settled_by(
    text: str, start: int, end: int, found: list[FoundDelegation]
) -> list[FoundDelegation]:
    """A passive task whose agent is a holder who must consult others (no consultee, no
    delegation: "the terms be approved by the Committee" is that body's own decision)."""
    if not mentions(text, start, end, ("consult", "conjunction")):
        return []
    out: list[FoundDelegation] = []
    for m in _SETTLED_BY.finditer(text, start, end):
        if any(d.start <= m.start() < d.end for d in found):
            continue
        roles_end = _role_phrase_end(text, m.end(), min(end, m.end() + MAX_CLAUSE // 2))
        delegates = [r for r in split_roles(text, m.end(), roles_end) if _ROLE_START.match(r[0])]
        if not delegates or any(_BODY_END.search(r[0]) for r in delegates):
            continue
        if _CONSULTING.match(text, roles_end, end) is None:
            continue
        lead = _LEAD.match(text, start, end)
        first = max(lead.end() if lead else start, m.start() - MAX_CLAUSE // 2)
        clauses = list(_NEW_CLAUSE.finditer(text, first, m.start()))
        first = clauses[-1].end() if clauses else first
        out.append(_delegation(text, start, end, first, roles_end, delegates, m))
    return out


def _acting_in_consultation(
    text: str, start: int, end: int, found: list[FoundDelegation]
) -> list[FoundDelegation]:
    """A part whose subject is a holder told to act in consultation with others."""
    if not mentions(text, start, end, ("consult",)):
        return []
    lead = _LEAD.match(text, start, end)
    subject_start = lead.end() if lead else start
    clauses = list(_NEW_CLAUSE.finditer(text, subject_start, min(end, subject_start + 200)))
    starts = [subject_start] + [c.end() for c in clauses]
    out: list[FoundDelegation] = []
    for first in starts:
        role = _ROLE_START.match(text, first, end)
        if role is None:
            continue
        roles_end = _role_phrase_end(text, first, min(end, first + MAX_CLAUSE // 2))
        verb = _ACTS.match(text, roles_end, end)
        consulted_first = False
        if verb is None:
            # "the Director of Housing, in consultation with the Portfolio Holder, to
            # finalise ...": whom to consult between the holder and the task
            consult = _CONSULTING.match(text, roles_end, end)
            if consult is not None:
                c_end = _role_phrase_end(text, consult.end(), min(end, consult.end() + 200))
                while c_end < end and text[c_end] == ",":
                    c_end += 1
                verb = _ACTS.match(text, c_end, end)
                consulted_first = verb is not None
        if verb is None or any(d.start <= first < d.end for d in (*found, *out)):
            continue
        delegates = [r for r in split_roles(text, first, roles_end) if _ROLE_START.match(r[0])]
        if not delegates or any(_BODY_END.search(r[0]) for r in delegates):
            continue
        sentence_end = _sentence_end(text, verb.end(), min(end, verb.end() + MAX_CLAUSE))
        if not consulted_first and _CONSULTING_LATER.search(text, verb.end(), sentence_end) is None:
            continue
        out.append(_delegation(text, start, end, first, roles_end, delegates, verb))
    return out


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
        bound = min(end, consult.end() + MAX_CLAUSE // 2)
        # "(in consultation with X and Y) to ...": the consultees end at the bracket
        close = text.find(")", consult.end(), bound) if "(" in consult.group() else -1
        c_end = _role_phrase_end(text, consult.end(), bound if close < 0 else close)
        consultees = split_roles(text, consult.end(), c_end)
        rest = c_end if close < 0 else close + 1
    sentence_end = _sentence_end(text, rest, min(end, rest + MAX_CLAUSE))
    scope_end = sentence_end
    if consult is None and not consultees:
        # the consultees after the task: "to agree the terms, after consulting the Leader"
        later = _CONSULTING_LATER.search(text, rest, sentence_end)
        if later is not None:
            close = text.find(")", later.end(), sentence_end) if "(" in later.group() else -1
            c_end = _role_phrase_end(text, later.end(), sentence_end if close < 0 else close)
            consultees = [
                r for r in split_roles(text, later.end(), c_end) if _ROLE_START_ANY.match(r[0])
            ]
            scope_end = later.start() if consultees else sentence_end
    if not consultees:
        consultees = _consulted_next(text, sentence_end, end)
    scope_text = text[rest:scope_end].strip(" ,;.\xa0")
    scope_text = re.sub(r"^(?:to|for)(?:\s*:\s*[-–•§]?)?\s+", "", scope_text)
    if not scope_text or re.match(r"^(?:working|acting)\b", scope_text):
        lead = _LEAD.match(text, start, end)
        subject_start = max(lead.end() if lead else start, trigger.start() - MAX_CLAUSE // 2)
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


#: Words between a holder and its grant that belong to neither: "be and is", "shall".
_AUXILIARY = re.compile(
    r"(?:\s+(?:be\s+and\s+(?:is|are)|shall|will|should|may|must)(?:\s+hereby)?)+\s*$", re.I
)
_CONSULTED = (
    r"(?:(?:in|after|following|upon|on)\s+consultation\s+with|after\s+consulting(?:\s+with)?|"
    # "the Head of Planning, in conjunction with the Chair, be authorised to ..."
    r"in\s+conjunction\s+with|"
    r"having\s+(?:first\s+)?consulted(?:\s+with)?)\s+"
)
#: Who a delegate consults, right after the delegates ("X, in consultation with Y, to").
_CONSULTING = re.compile(rf"[\s,]*(?:\(\s*)?{_CONSULTED}", re.I)
#: The same words after the task ("to sign the variation, after consulting the Leader").
_CONSULTING_LATER = re.compile(rf",?\s*(?:\(\s*)?\b{_CONSULTED}", re.I)


#: The consultees told in the sentence after the grant: "Delegate authority ... to the
#: Strategic Director. Final approval will be subject to consultation with the Section 151
#: Officer and the Head of Legal Services."
_CONSULTED_NEXT = re.compile(
    r"\s*[^.;]{0,80}?\b(?:subject\s+to|in|after|following|upon|on)\s+consultation\s+with\s+"
    r"|\s*[^.;]{0,80}?\bafter\s+consulting(?:\s+with)?\s+",
    re.I,
)


def _consulted_next(text: str, sentence_end: int, end: int) -> list[tuple[str, int, int]]:
    """The consultees the next sentence of the part names, when it names them for the
    grant before it (it grants nothing itself)."""
    if sentence_end >= end or text[sentence_end : sentence_end + 1] not in {".", ";"}:
        return []
    nxt = _sentence_end(text, sentence_end + 1, min(end, sentence_end + 1 + MAX_CLAUSE))
    if _DELEGATED_TO.search(text, sentence_end + 1, nxt) or _AUTHORISED.search(
        text, sentence_end + 1, nxt
    ):
        return []
    m = _CONSULTED_NEXT.match(text, sentence_end + 1, nxt)
    if m is None:
        return []
    c_end = _role_phrase_end(text, m.end(), nxt)
    return [r for r in split_roles(text, m.end(), c_end) if _ROLE_START_ANY.match(r[0])]


def _sentence_end(text: str, start: int, end: int) -> int:
    stop = re.compile(r";|\.(?=\s|$)|\n\s*\n").search(text, start, end)
    return end if stop is None else stop.start()

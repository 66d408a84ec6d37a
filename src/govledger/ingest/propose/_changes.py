"""The changes a resolution's parts state, proposed after its ``ResolutionPassed``:
delegations, posts and bodies, arrangements and the stages of ending them, actions,
cost shares and corrections."""

from __future__ import annotations

import re
from fractions import Fraction

from ...events import (
    ActionAssigned,
    ArrangementDecoupled,
    ArrangementEstablished,
    BodyDisbanded,
    CostShareAgreed,
    CouncilBody,
    DateSpec,
    DelegationGranted,
    EndingStage,
    EndingStageReached,
    EntryRetracted,
    Mechanism,
    PostRetitled,
    PostTermExtended,
    ResolutionPassed,
    ResolutionRef,
    Role,
    Share,
)
from .._folded import fold
from ..draft import Flag, ResolutionPart
from ._build import (
    _MAX_SUMMARY,
    _SENTINEL,
    _Builder,
    _date_spec,
    _role,
    _summary,
    changes_stated,
)


def _citing(resolution: ResolutionPassed, part: ResolutionPart) -> tuple[ResolutionRef, ...]:
    """The ``authorised_by`` of a change a part of *resolution* states: that part."""
    return (ResolutionRef(resolution=resolution.resolution, part=tuple(part.path.split("."))),)


def _delegations(builder: _Builder, resolution: ResolutionPassed, index: int) -> None:
    item = builder.draft.items[index]
    own = builder.meeting.decided_by
    home = (
        own.council
        if isinstance(own, CouncilBody) and not own.council.startswith(_SENTINEL)
        else None
    )
    for part in item.parts:
        if not changes_stated(part):
            continue
        for n, field in enumerate(part.delegations):
            value = field.value
            ident = f"{resolution.resolution}-{part.path.replace('.', '-')}-delegation"
            if n:
                ident += f"-{n + 1}"
            delegates = tuple(_role(d["title"], builder.aliases, home) for d in value["delegates"])
            through = None
            if value.get("through"):
                known = builder.aliases.body(value["through"])
                through = known.slug if known else None
            scope = value.get("scope") or _summary(str(part.text.value))
            builder.add(
                DelegationGranted(
                    partnership=builder.draft.partnership,
                    effective=resolution.effective,
                    authorised_by=_citing(resolution, part),
                    delegation=ident,
                    delegates=delegates,
                    consultees=tuple(
                        _role(c["title"], builder.aliases, home) for c in value["consultees"]
                    ),
                    scope=scope[:_MAX_SUMMARY],
                    limits=tuple(value.get("limits", [])),
                    jointly=len(delegates) > 1,
                    through=through,
                ),
                field.span,
                min(field.confidence, 0.8),
                part=part,
            )


_DISBAND = re.compile(
    r"(?:the\s+)?(?P<body>[A-Z][\w&,' ]{3,120}?)\s+be\s+disbanded\b(?:\s+(?:as\s+from|with\s+effect\s+from|from|on)\s+)?",  # noqa: E501
)
_RETITLE = re.compile(
    r"\bpost\s+of\s+(?P<old>[A-Z][\w&' -]{2,80}?)\s+be\s+re-?(?:titled|named|designated)\s+(?:as\s+)?"  # noqa: E501
    r"(?:the\s+)?(?P<new>[A-Z][\w&' -]{2,80}?)(?=\s+(?:for|with|until|from|as|on)\b|[;,.]|$)",
)
_SHARED_EQUALLY = re.compile(
    r"\bshared\s+equally\s+(?:by|between)\s+(?P<a>[\w' ]{2,60}?)\s+and\s+(?P<b>[\w' ]{2,60}?)(?=[;,.]|$)",  # noqa: E501
    re.I,
)


_TASKED = re.compile(
    r"(?P<who>(?:the\s+)?[A-Z][\w'’ ]{1,60}?)\s+be\s+(?:tasked\s+with|asked\s+to|requested\s+to|"
    r"instructed\s+to|directed\s+to)\b"
)
_DOES = re.compile(
    r"^(?:that\s+)?(?P<who>officers|(?:the\s+)?[A-Z][\w'’ ]{1,60}?)\s+(?:develop|consider|prepare|"
    r"report|present|review|bring|undertake|submit)\b",
)
#: The words after the name each of _RETITLE, _TASKED and _EXTENDED needs: searched
#: first, as those patterns try a name at every capital letter.
_RETITLE_TAIL = re.compile(r"\s+be\s+re-?(?:titled|named|designated)\s")
_TASKED_TAIL = re.compile(
    r"\s+be\s+(?:tasked\s+with|asked\s+to|requested\s+to|instructed\s+to|directed\s+to)\b"
)
_EXTENDED_TAIL = re.compile(r"\s+be\s+extended\b")
_TO_BE_DONE = re.compile(r"\bbe\s+(?:reviewed|re-?evaluated|investigated|explored|prepared)\b")


_EXTENDED = re.compile(
    r"\b(?:secondment|appointment|term|contract)\b[^;]{0,80}?\b(?:of|in\s+relation\s+to|for)\s+"
    r"(?:the\s+)?(?P<post>[A-Z][\w'’ ]{2,60}?)\s+be\s+extended\b"
)


def _term_extended(builder: _Builder, resolution: ResolutionPassed, index: int) -> None:
    """A ``PostTermExtended`` where a part extends a post holder's secondment or term."""
    item = builder.draft.items[index]
    for part in item.parts:
        words = " ".join(str(part.text.value).split())
        found = _EXTENDED.search(words) if _EXTENDED_TAIL.search(words) else None
        if not changes_stated(part) or found is None or not part.dates:
            continue
        post = builder.aliases.post(found["post"]) or builder.holes.slug(
            f"post: the id of the post held as {found['post']!r}"
        )
        term_ends = _date_spec(part.dates[0])
        if term_ends is None:
            continue
        builder.add(
            PostTermExtended(
                partnership=builder.draft.partnership,
                effective=resolution.effective,
                authorised_by=_citing(resolution, part),
                post=post,
                term_ends=term_ends,
            ),
            part.text.span,
            0.7,
            part=part,
        )


_MECHANISMS: list[tuple[re.Pattern[str], Mechanism, str]] = [
    (re.compile(r"\bs(?:ection)?\.?\s*113\b", re.I), Mechanism.S113_AGREEMENT, "s113"),
    (re.compile(r"\bjoint\s+management\s+arrangement", re.I), Mechanism.JOINT_MANAGEMENT, "jma"),
    (re.compile(r"\bservice\s+level\s+agreement", re.I), Mechanism.SERVICE_LEVEL_AGREEMENT, "sla"),
    (re.compile(r"\bjoint\s+committee\b", re.I), Mechanism.JOINT_COMMITTEE, "joint-committee"),
    (re.compile(r"\bsecondment\b", re.I), Mechanism.SECONDMENT, "secondment"),
    (
        re.compile(r"\b(?:lead|host)\s+authority\b", re.I),
        Mechanism.LEAD_AUTHORITY,
        "lead-authority",
    ),
]
_ARRANGEMENT_WORDS = re.compile(
    r"\b(?:revised\s+)?(?:partnership\s+)?(?:working\s+)?arrangements?\b", re.I
)
_DECOUPLE = re.compile(r"\bdecoupl\w*|\bleave\s+the\s+\w+\s+(?:agreement|arrangement)", re.I)
_ESTABLISH = re.compile(r"\bestablish\w*\b|\bset\s+up\b", re.I)


def _mechanism_after(words: str, start: int, end: int) -> tuple[Mechanism, str, str | None]:
    """The mechanism named after a service (up to the next service): kind, id suffix, words."""
    window = words[start:end]
    found = [
        (m.start(), mech, short)
        for pattern, mech, short in _MECHANISMS
        if (m := pattern.search(window))
    ]
    if found:
        _, mech, short = min(found)
        return mech, short, None
    other = _ARRANGEMENT_WORDS.search(window)
    detail = " ".join(other.group().lower().split()) if other else None
    return Mechanism.OTHER, "revised" if detail and "revised" in detail else "arrangement", detail


def _arrangements(builder: _Builder, resolution: ResolutionPassed, index: int) -> None:
    """Services decoupled from, or set up under, an arrangement, where the aliases name them."""
    item = builder.draft.items[index]
    aliases = builder.aliases
    for part in item.parts:
        words = " ".join(str(part.text.value).split())
        services = aliases.names_in("services", words)
        if not changes_stated(part) or not services:
            continue
        ref = _citing(resolution, part)
        slugs = tuple(dict.fromkeys(slug for slug, _, _ in services))
        if _DECOUPLE.search(words):
            named = aliases.names_in("arrangements", words)
            arrangement = (
                named[0][0]
                if named
                else builder.holes.slug("arrangement: the id of the arrangement the services leave")
            )
            builder.add(
                ArrangementDecoupled(
                    partnership=builder.draft.partnership,
                    effective=resolution.effective,
                    authorised_by=ref,
                    arrangement=arrangement,
                    services=slugs,
                ),
                part.text.span,
                0.6,
                "check when the services leave (often when the agreement ends)",
                part=part,
            )
        if not _ESTABLISH.search(words):
            continue
        for number, (slug, start, end) in enumerate(services):
            following = services[number + 1][1] if number + 1 < len(services) else len(words)
            mechanism, short, detail = _mechanism_after(words, end, following)
            builder.add(
                ArrangementEstablished(
                    partnership=builder.draft.partnership,
                    effective=resolution.effective,
                    authorised_by=ref,
                    arrangement=f"{slug}-{short}",
                    name=f"{words[start:end]} ({detail or mechanism.value.replace('_', ' ')})",
                    services=(slug,),
                    mechanism=mechanism,
                    mechanism_detail=detail,
                ),
                part.text.span,
                0.6,
                "check the arrangement's id, name and mechanism",
                part=part,
            )


#: A step towards ending an arrangement, in the words minutes use; tested in order, the
#: first that matches names the stage.
_ENDING_STAGES: list[tuple[EndingStage, re.Pattern[str]]] = [
    (
        EndingStage.TERMINATION_CLAUSE_ACTIVATED,
        re.compile(
            r"\b(?:activat|trigger|invok|exercis|enact)\w*\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
            r"(?:termination|break|exit|withdrawal)\s+(?:clause|provisions?)\b|"
            r"\b(?:termination|break|exit|withdrawal)\s+(?:clause|provisions?)\b[^.;]{0,80}?\bbe\s+"
            r"(?:activated|triggered|invoked|exercised|enacted)\b",
            re.I,
        ),
    ),
    (
        EndingStage.TERMINATION_STARTED,
        re.compile(
            r"\b(?:start|begin|commenc|initiat|instigat)\w*\s+(?:the\s+|a\s+)?(?:formal\s+)?"
            r"process(?:es)?\s+(?:of|to|for)\s+(?:the\s+)?(?:terminat|end|withdraw|exit|dissolv)|"
            r"\bprocess(?:es)?\s+(?:of|to|for)\s+(?:the\s+)?(?:terminat|end|withdraw|exit|dissolv)"
            r"[^.;]{0,120}?\bbe\s+(?:started|begun|commenced|initiated|instigated)\b",
            re.I,
        ),
    ),
    (
        EndingStage.NOTICE_GIVEN,
        re.compile(
            r"\bnotice\s+(?:[\w-]+\s+){0,5}?(?:has|had)\s+been\s+(?:given|served|issued)\b",
            re.I,
        ),
    ),
    (
        EndingStage.AGREED_TO_GIVE_NOTICE,
        re.compile(
            r"\b(?:give|serve|issue)s?\s+(?:the\s+)?(?:formal\s+|written\s+)?notice\b|"
            r"\bnotice\s+(?:[\w-]+\s+){0,5}?be\s+(?:given|served|issued)\b",
            re.I,
        ),
    ),
    (
        EndingStage.AGREED_TO_END,
        re.compile(
            r"\b(?:terminat(?:e|es|ed|ing|ion)|withdraw(?:s|al|ing)?\s+from|exit(?:s|ing)?\s+from|"
            r"bring\s+(?:[\w-]+\s+){1,6}?to\s+an\s+end|(?:be|is)\s+(?:ended|dissolved)|"
            r"to\s+end\s+the|dissolution\s+of)\b",
            re.I,
        ),
    ),
]
_ANY_STAGE = re.compile("|".join(f"(?:{cue.pattern})" for _, cue in _ENDING_STAGES), re.I)
#: Words every match of ``_ANY_STAGE`` holds (a clause or provision activated, a process
#: started, notice, an ending's verbs): a part with none is not searched.
ANY_STAGE_WORDS = (
    "clause", "provision", "process", "notice", "terminat", "withdraw", "exit", "end", "dissol",
)  # fmt: skip
#: What an ending stage is a stage of, when the aliases name no arrangement.
_ENDABLE = re.compile(
    r"\b(?:agreements?|arrangements?|partnership|shared\s+services?|joint\s+working|"
    r"collaboration|secondment|s(?:ection)?\.?\s*113)\b",
    re.I,
)


def _ending_stages(builder: _Builder, resolution: ResolutionPassed, index: int) -> None:
    """An ``EndingStageReached`` for each part that takes a step towards ending an
    arrangement ("start the process of terminating", "give notice", "activate the
    termination clause", "withdraw from"): the arrangement stays in force."""
    item = builder.draft.items[index]
    aliases = builder.aliases
    own = builder.meeting.decided_by
    home = (
        own.council
        if isinstance(own, CouncilBody) and not own.council.startswith(_SENTINEL)
        else None
    )
    for part in item.parts:
        words = " ".join(str(part.text.value).split())
        if not changes_stated(part):
            continue
        if _DECOUPLE.search(words) and aliases.names_in("services", words):
            continue  # services leaving an arrangement: proposed as ArrangementDecoupled
        stage = None
        gate = fold(words)
        if any(w in gate for w in ANY_STAGE_WORDS) and _ANY_STAGE.search(words):
            # one pass; then the first stage in order that matches
            stage = next((stage for stage, cue in _ENDING_STAGES if cue.search(words)), None)
        if stage is None:
            continue
        named = aliases.names_in("arrangements", words)
        if not named and _ENDABLE.search(words) is None:
            continue
        arrangement = (
            named[0][0]
            if named
            else builder.holes.slug("arrangement: the id of the arrangement being ended")
        )
        builder.add(
            EndingStageReached(
                partnership=builder.draft.partnership,
                effective=resolution.effective,
                authorised_by=_citing(resolution, part),
                arrangement=arrangement,
                stage=stage,
                by=(home,) if home else (),
                words=words[:_MAX_SUMMARY],
            ),
            part.text.span,
            0.6,
            "check the arrangement and the stage; no end date is proposed",
            part=part,
        )


def _action(builder: _Builder, resolution: ResolutionPassed, index: int) -> None:
    """An ``ActionAssigned`` for each resolved part that tasks someone with something."""
    item = builder.draft.items[index]
    for part in item.parts:
        if part.outcome.value != "resolved" or part.delegations:
            continue
        words = re.sub(r"^(?:that|That|THAT)\s+", "", " ".join(str(part.text.value).split()))
        found = (_TASKED.search(words) if _TASKED_TAIL.search(words) else None) or _DOES.search(
            words
        )
        if found is None and _TO_BE_DONE.search(words) is None:
            continue
        assignee = None
        if found is not None:
            who = re.sub(r"^(?:the|The)\s+", "", found["who"]).strip()
            title = who[:1].upper() + who[1:]
            assignee = Role(title=title, post=builder.aliases.post(who))
        due = next((_date_spec(d) for d in part.dates if d.value.get("role") == "due"), None)
        builder.add(
            ActionAssigned(
                partnership=builder.draft.partnership,
                effective=resolution.effective,
                authorised_by=_citing(resolution, part),
                action=f"{resolution.resolution}-{part.path.replace('.', '-')}-action",
                description=_summary(words),
                assignee=assignee,
                due=due,
            ),
            part.text.span,
            0.6,
            "check who is to act and by when",
        )


def _other_changes(builder: _Builder, resolution: ResolutionPassed, index: int) -> None:
    """Retitled posts, disbanded bodies and equal cost shares the parts state plainly."""
    item = builder.draft.items[index]
    draft, aliases = builder.draft, builder.aliases
    for part in item.parts:
        if not changes_stated(part):
            continue
        words = " ".join(str(part.text.value).split())
        ref = _citing(resolution, part)
        retitle = _RETITLE.search(words) if _RETITLE_TAIL.search(words) else None
        if retitle is not None:
            old, new = retitle["old"].strip(), retitle["new"].strip()
            post = (
                aliases.post(old)
                or aliases.post(new)
                or builder.holes.slug(f"post: the id of the post titled {old!r}")
            )
            builder.add(
                PostRetitled(
                    partnership=draft.partnership,
                    effective=resolution.effective,
                    authorised_by=ref,
                    post=post,
                    previous_title=old,
                    new_title=new,
                ),
                part.text.span,
                0.7,
                "check whether the new title lasts only for a period (set until)",
                part=part,
            )
        disband = _DISBAND.search(words) if "disbanded" in words else None
        if disband is not None:
            name = re.sub(r"^(?:that\s+)?(?:the\s+)?", "", disband["body"], flags=re.I).strip()
            known = aliases.body(name)
            body = known.slug if known else builder.holes.slug(f"body: the id of {name!r}")
            effective: DateSpec = resolution.effective
            later = [d for d in part.dates if d.value.get("role") == "effective"]
            if later:
                effective = _date_spec(later[0]) or effective
            builder.add(
                BodyDisbanded(
                    partnership=draft.partnership, effective=effective, authorised_by=ref, body=body
                ),
                part.text.span,
                0.7,
                part=part,
            )
        shared = _SHARED_EQUALLY.search(words)
        if shared is not None:
            councils = [aliases.council(shared[g].strip()) for g in ("a", "b")]
            if all(councils) and len(set(councils)) == 2:
                builder.add(
                    CostShareAgreed(
                        partnership=draft.partnership,
                        effective=resolution.effective,
                        authorised_by=ref,
                        scope=f"{resolution.resolution}-{part.path.replace('.', '-')}-costs",
                        description=_summary(words),
                        shares=tuple(
                            Share(council=c, fraction=Fraction(1, 2)) for c in councils if c
                        ),
                    ),
                    part.text.span,
                    0.7,
                    part=part,
                )
            else:
                builder.flags.append(
                    Flag(
                        where=f"items[{index}]",
                        message=f"costs shared equally by {shared['a']!r} and {shared['b']!r}: "
                        "name both councils in the aliases to have a CostShareAgreed proposed",
                        span=part.text.span,
                    )
                )


def _corrections(builder: _Builder, resolution: ResolutionPassed, index: int) -> None:
    """An ``EntryRetracted`` for earlier minutes confirmed "subject to" an amendment: the
    reviewer fills in the position of the wrong entry and, if wanted, its replacement."""
    item = builder.draft.items[index]
    for part in item.parts:
        if part.correction is None or part.outcome.value != "resolved":
            continue
        value = part.correction.value
        when = value.get("minutes_of") or {}
        builder.add(
            EntryRetracted(
                partnership=builder.draft.partnership,
                effective=resolution.effective,
                retracts=builder.holes.position(
                    "position: the ledger entry of the earlier minutes"
                    + (f" of {when.get('latest')}" if when.get("latest") else "")
                    + " that this confirmation corrects"
                ),
                reason=f"minutes confirmed subject to {value['what']}"[:_MAX_SUMMARY],
                authorised_by=_citing(resolution, part),
            ),
            part.correction.span,
            0.6,
            note="a correction of earlier minutes: add the corrected entry as replacement",
        )

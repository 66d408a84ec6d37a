"""The words a decision is printed in when its heading is lost or short: participles,
verbs, and the openings and sentences they make."""

from __future__ import annotations

import re

_PARTICIPLES = (
    r"noted|approved|agreed|adopted|endorsed|accepted|authori[sz]ed|received|confirmed|"
    r"established|created|deleted|extended|appointed|granted|delegated|deferred|withdrawn|"
    r"supported|ratified|amended|requested|asked|instructed|given|made|set\s+up|presented|"
    r"submitted|reported|pursued|progressed|commissioned|undertaken|elected"
)
#: The participles that tell a decision taken, not a paper heard ("received", "presented").
_DECIDING = (
    r"noted|approved|agreed|adopted|endorsed|accepted|authori[sz]ed|confirmed|established|"
    r"created|deleted|extended|appointed|granted|delegated|deferred|withdrawn|supported|"
    r"ratified|amended|elected|awarded|rejected|refused"
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
    rf"(?:(?:\d{{1,3}}(?:\.\d{{1,3}})+|[\w'’,&()-]+)\s+){{0,25}}?(?:be|is|are)\s+(?:duly\s+|hereby\s+|formally\s+)?(?:{_PARTICIPLES})\b"
    rf"|to\s+(?:{_VERBS})\b"
    rf"|(?:{_VERBS})(?:s|es|d|ed)?\b"
    rf")",
    re.I,
)
_THAT = re.compile(r"\s*that\b", re.I)
#: A line that opens a decision of its own with no label: "That Cllr Cleary continue as
#: Deputy Leader.", "To authorise Portfolio Holders to ..." (capitalised: a new sentence).
UNLABELLED_DECISION = re.compile(rf"\s*(?:That|THAT)\s|\s*To\s+(?i:{_VERBS})\b")
#: A passive decision anywhere in a line: "The legal agreement ... be endorsed."
_PASSIVE = re.compile(
    rf"\b(?:be|is|are)\s+(?:duly\s+|hereby\s+|formally\s+)?(?:{_PARTICIPLES})\b", re.I
)
#: A resolution in the passive, closed by its verb: "the revised timetable be approved.",
#: "the statutory duty ..., to come into effect in May 2011, be noted; and".
_PASSIVE_DECISION = re.compile(
    rf"\s*(?:[\w'’,&()-]+\s+){{1,45}}?be\s+(?:{_PARTICIPLES})\s*(?:[.;,]\s*(?:and|or)?)?\s*$",
    re.I,
)
#: A decision printed as one sentence under its heading: a participle first ("Deferred
#: to the next meeting", "Approved, subject to ..."), or its subject and a present or
#: past passive ("A deed ... is granted ...", "The proposals were agreed").
#: (Not "Apologies ... were received", "No declarations were made": what the meeting
#: heard, not what it decided.)
_DECIDED_SENTENCE = re.compile(
    rf"(?!no\b|there\b|apologies\b)(?:(?:{_DECIDING})\b|(?:[\w'’,&()£.-]+\s+){{1,25}}?"
    rf"(?:is|are|was|were)\s+(?:hereby\s+|duly\s+)?(?:{_DECIDING})\b)",
    re.I,
)

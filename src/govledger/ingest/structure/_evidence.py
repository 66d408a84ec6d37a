"""Decision sentences found by evidence: the last resort for an item no rule found.

When an item has no resolution heading, no numbered list and no narrative outcome the
other rules know, each of its sentences is scored by the evidence that it records a
decision, and the sentences that reach :data:`THRESHOLD` become parts:

- a decision form: "It was resolved / agreed / noted that (or to) ...", "That ... be
  approved", "That Cabinet approved ...", "The minutes ... were approved as a correct
  record", "The Chair accepted the minutes ... as a true record";
- its position: right after a label line that introduces a decision ("Decision:",
  "Decision made (Unanimously):", "Content:", "Outcome:");
- against it: a future or conditional verb ("would meet", "will be"), an agenda's
  request ("is asked to", "To consider"), a report's recommendation.

No single word is enough: the forms need their grammar (a subject and a decision
participle), so narrative that merely mentions "agreed" scores below the threshold
and a page with no evidence is still refused.
"""

from __future__ import annotations

import re

from ._narrative import Block

#: The score a sentence needs to be taken as a decision.
THRESHOLD = 2.0

_PARTICIPLE = (
    r"(?:approved|agreed|adopted|noted|endorsed|confirmed|accepted|received|signed|"
    r"authori[sz]ed|delegated|deferred|withdrawn|ratified|granted|rejected)"
)
_FORMS: tuple[tuple[re.Pattern[str], float], ...] = (
    # "It was resolved to exclude ...", "It was unanimously agreed that ...", "It was noted that"
    (
        re.compile(
            r"^it\s+was\s+(?:(?:unanimously|therefore|further|accordingly|then)\s+)?"
            r"(?:resolved|agreed|noted|decided|determined)\s+(?:that|to)\b",
            re.I,
        ),
        2.0,
    ),
    # "That the minutes ... be approved", "That approval be given to ..."
    (re.compile(rf"^that\b[^.]{{0,400}}?\bbe\s+(?:\w+\s+)?{_PARTICIPLE}\b", re.I), 2.0),
    (re.compile(r"^that\b[^.]{0,400}?\bbe\s+given\b", re.I), 2.0),
    # "That Cabinet approved that the meeting remain in public session."
    (
        re.compile(
            r"^(?i:that)\s+(?:(?i:the)\s+)?(?:[A-Z][\w&'’-]*\s+){1,4}?"
            r"(?:approved|agreed|noted|endorsed|resolved|decided|accepted|confirmed)\b"
        ),
        2.0,
    ),
    # "The decisions and minutes of the last meeting were approved as a correct record."
    (
        re.compile(
            r"\b(?:was|were)\s+(?:(?:duly|unanimously|formally)\s+)?"
            r"(?:approved|agreed|confirmed|accepted|signed|adopted)\b[^.]{0,120}?"
            r"\bas\s+an?\s+(?:true|correct|accurate|fair)\b",
            re.I,
        ),
        2.0,
    ),
    # "The Chair accepted the minutes of the meetings held on ... as a true record."
    (
        re.compile(
            r"\b(?:accepted|approved|confirmed|agreed|signed)\s+the\s+(?:\w+\s+)?minutes\b"
            r"[^.]{0,160}?\bas\s+an?\s+(?:true|correct|accurate|fair)\b",
            re.I,
        ),
        2.0,
    ),
)
#: A label line (or the start of the sentence's line) that introduces a decision.
_DECISION_LABEL = re.compile(
    r"\s*(?:decisions?(?:\s+(?:made|taken|reached))?|outcome|content|resolutions?)\b"
    r"[^:\n]{0,40}:\s*",
    re.I,
)
_AGAINST: tuple[tuple[re.Pattern[str], float], ...] = (
    # a plan or a report, not a decision: "would meet", "will be brought", "should agree"
    (re.compile(r"\b(?:would|will|should|could|might|may)\s+(?:\w+\s+)?\w+", re.I), -2.0),
    # an agenda's request: "Cabinet is asked to", "To consider", "Members are invited to"
    (
        re.compile(
            r"\b(?:is|are)\s+(?:\w+\s+)?(?:asked|invited|requested|recommended)\s+to\b|"
            r"^to\s+(?:consider|receive|note|approve|agree|discuss)\b",
            re.I,
        ),
        -2.0,
    ),
)
#: A sentence: from a line start or a stop, to a stop or a blank line.
_SENTENCE = re.compile(r"[^\s.](?:[^.\n]|\n(?![ \t]*\n)|\.(?=\S)){0,1500}(?:\.(?=\s|$)|(?=\n)|$)")


def score(sentence: str, label_before: bool) -> float:
    """The evidence that *sentence* records a decision (see the module's docstring)."""
    words = " ".join(sentence.split())
    found = max((weight for pattern, weight in _FORMS if pattern.search(words)), default=0.0)
    if found == 0.0:
        return 0.0
    total = found + (1.0 if label_before else 0.0)
    head = words[:200]
    for pattern, weight in _AGAINST:
        if pattern.search(head):
            total += weight
    return total


def evidence_blocks(text: str, start: int, end: int) -> list[Block]:
    """The sentences of ``text[start:end]`` whose evidence reaches the threshold, each
    a block of one part (its words the part)."""
    blocks: list[Block] = []
    position = start
    while (m := _SENTENCE.search(text, position, end)) is not None:
        position = max(m.end(), m.start() + 1)
        line_start = text.rfind("\n", start, m.start()) + 1
        line_start = max(line_start, start)
        sentence_start = m.start()
        label = _DECISION_LABEL.match(text, line_start, m.end())
        if label is not None and label.end() > m.start():
            if label.end() >= m.end():
                continue  # the label line alone: its sentence is on the next line
            sentence_start = label.end()
        label_before = label is not None or _label_above(text, start, line_start)
        sentence = text[sentence_start : m.end()]
        if score(sentence, label_before) < THRESHOLD:
            continue
        blocks.append(
            Block(
                kind="decision",
                marker_start=sentence_start,
                marker_end=sentence_start,
                start=sentence_start,
                end=m.end(),
                confidence=0.55,
            )
        )
    return blocks


def _label_above(text: str, start: int, line_start: int) -> bool:
    """Whether the non-blank line above ``line_start`` is a decision label standing alone."""
    above_end = line_start - 1
    while above_end > start and text[above_end - 1] in " \t\n\xa0":
        above_end -= 1
    if above_end <= start:
        return False
    above_start = max(text.rfind("\n", start, above_end) + 1, start)
    label = _DECISION_LABEL.match(text, above_start, above_end)
    return label is not None and not text[label.end() : above_end].strip()

"""The page model: every candidate decision block of an item, scored by its evidence.

Each reading of an item proposes candidates (:class:`Candidate`): a resolution heading
("RESOLVED", "Decision:", "It was agreed that"), a lost heading over labelled parts, an
unheaded numbered list, an officer's "I ... hereby approve:", a narrative outcome ("The
report was noted."), a motion's fate, and single decision sentences. Each candidate
carries named features with weights, and :func:`choose` keeps those whose total reaches
the one :data:`THRESHOLD`. The features:

- the strength of the heading: a formal heading word (capitalised or in capitals,
  spaced out or not) against the same word in a narrative sentence ("Members agreed
  to ..."), a lost heading, a run of parts that open as decisions do;
- against it: a plan ("agreed that the group would meet"), an agenda's or a report's
  request ("is asked to", "to receive and note"), a narrative reading where a formal
  block was chosen, a weak reading beside a stronger one in the same item.

A single sentence is scored by :func:`score`:

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
from collections.abc import Callable, Sequence

import attrs

from ._narrative import Block

#: The score a candidate (or a sentence) needs to be taken as a decision.
THRESHOLD = 2.0

#: The base evidence of each reading, before its own features.
BASE = {
    "heading": 3.0,  # a formal heading word: "RESOLVED", "Decision:", "It was RESOLVED that"
    "narrated": 2.5,  # the word in a narrative sentence: "Members agreed to", "it was agreed"
    # a heading naming the body it goes to ("Recommendation to Council:"): a committee's
    # recommendation when nothing stronger decides the item, else the report's words
    "recommendation": 2.5,
    # the body's own sentence over its recommendations ("That Cabinet, ..., recommends to
    # Council:"): its decision, even beside a stronger block
    "recommends": 2.5,
    "lost_heading": 3.0,  # "Following discussion it was:" over labelled parts
    "officer": 3.5,  # "I, A Name, ..., hereby approve:"
    "list": 1.0,  # a numbered list no heading introduces; its parts' openings add to it
    "sentence": 2.5,  # a narrative outcome or a motion's fate
    "unfinished": 2.0,  # a motion moved as the page ends, its outcome not printed
}
#: A reading at or above this is strong: a weak reading beside it is not the decision.
STRONG = 3.0


@attrs.frozen(kw_only=True)
class Candidate:
    """A candidate decision block, the reading that proposed it and its evidence."""

    block: Block
    reading: str
    features: tuple[tuple[str, float], ...]

    @property
    def score(self) -> float:
        """The candidate's total evidence."""
        return sum(weight for _, weight in self.features)

    def with_end(self, end: int) -> Candidate:
        """The candidate with its block running to *end*."""
        return attrs.evolve(self, block=attrs.evolve(self.block, end=end))

    def plus(self, name: str, weight: float) -> Candidate:
        """The candidate with one more feature."""
        return attrs.evolve(self, features=(*self.features, (name, weight)))


def candidate(block: Block, reading: str, *features: tuple[str, float]) -> Candidate:
    """A candidate of *reading*, its base evidence first."""
    return Candidate(block=block, reading=reading, features=((reading, BASE[reading]), *features))


#: A plan, not a decision: "agreed that the two managers would meet", "that officers
#: will report back"; the verb of the clause the marker opens, not one further on.
_PLAN = re.compile(
    r"\s*[:\-–—]?\s*that\b[^.;:,]{0,80}?\b(?:would|will|should|could|might)\s+\w+", re.I
)


def plan_feature(text: str, start: int, end: int) -> tuple[str, float] | None:
    """Against a narrated reading: the clause it opens tells a plan."""
    return ("plan", -1.5) if _PLAN.match(text, start, end) else None


def choose(found: Sequence[Candidate], narrative: Callable[[], list[Candidate]]) -> list[Block]:
    """The blocks of one item: the candidates whose evidence reaches :data:`THRESHOLD`.

    A weak reading (a narrated "agreed") beside a strong one is debate, not the
    decision. Narrative readings (*narrative*, computed only when asked) are weighed
    against the formal blocks chosen: beside one they are the debate that led to it,
    so they cannot reach the threshold and are not computed.
    """
    strong = any(c.score >= STRONG for c in found)
    weighed = [
        c.plus("beside a stronger block", -1.0)
        if strong and c.reading in {"narrated", "recommendation", "record"}
        else c
        for c in found
    ]
    chosen = [c for c in weighed if c.score >= THRESHOLD]
    if not chosen:
        chosen = [c for c in narrative() if c.score >= THRESHOLD]
    return [c.block for c in chosen]


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
    # "The Cabinet recommends Council to approve ...": only after a decision label
    (
        re.compile(
            r"^(?:that\s+)?(?:the\s+)?(?:[A-Z][\w&'’-]*\s+){1,4}?recommends?\s+(?:to\s+)?"
            r"(?:the\s+)?(?:full\s+|each\s+|both\s+|all\s+)?(?:partner\s+|constituent\s+)?"
            r"(?:councils?|cabinet|executive|committee|board)\b",
            re.I,
        ),
        1.5,
    ),
    # "That the Council be recommended to approve ...": a recommendation, in a sentence
    (re.compile(r"^that\b[^.]{0,400}?\bbe\s+recommended\s+to\b", re.I), 2.0),
    # "That Cabinet approved that the meeting remain in public session."
    (
        re.compile(
            r"^(?i:that)\s+(?:(?i:the)\s+)?(?:[A-Z][\w&'’-]*\s+){1,4}?"
            r"(?:approved|agreed|noted|endorsed|resolved|decided|accepted|confirmed)\b"
        ),
        2.0,
    ),
    # "This was confirmed.", "This was agreed.": the item's own proposal, in a sentence
    (
        re.compile(
            r"^(?:this|that|it)\s+was\s+(?:duly\s+|unanimously\s+)?"
            r"(?:confirmed|agreed|approved|noted)\.?$",
            re.I,
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
_AGAINST: tuple[tuple[str, re.Pattern[str], float], ...] = (
    # a fact told, not a noting decided: "It was noted that the Council had agreed ..."
    (
        "a past fact",
        re.compile(
            r"^it\s+was\s+(?:\w+\s+)?noted\s+that\b[^.;]{0,200}?\bhad\s+(?:been\s+)?\w+(?:ed|en)\b",
            re.I,
        ),
        -1.0,
    ),
    # a plan or a report, not a decision: "would meet", "will be brought", "should agree"
    ("a plan", re.compile(r"\b(?:would|will|should|could|might|may)\s+(?:\w+\s+)?\w+", re.I), -2.0),
    # an agenda's request: "Cabinet is asked to", "To consider", "Members are invited to"
    (
        "an agenda's request",
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


def sentence_features(sentence: str, label_before: bool) -> tuple[tuple[str, float], ...]:
    """The evidence that *sentence* records a decision, as named features (see the
    module's docstring); none when it has no decision form."""
    words = " ".join(sentence.split())
    found = max((weight for pattern, weight in _FORMS if pattern.search(words)), default=0.0)
    if found == 0.0:
        return ()
    features = [("a decision form", found)]
    if label_before:
        features.append(("after a decision label", 1.0))
    head = words[:200]
    features.extend((name, weight) for name, pattern, weight in _AGAINST if pattern.search(head))
    return tuple(features)


def score(sentence: str, label_before: bool) -> float:
    """The evidence that *sentence* records a decision: its features' total."""
    return sum(weight for _, weight in sentence_features(sentence, label_before))


def evidence_candidates(text: str, start: int, end: int) -> list[Candidate]:
    """The sentences of ``text[start:end]`` whose evidence reaches the threshold, each
    a candidate block of one part (its words the part)."""
    found: list[Candidate] = []
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
        features = sentence_features(text[sentence_start : m.end()], label_before)
        if sum(weight for _, weight in features) < THRESHOLD:
            continue
        block = Block(kind="decision", marker_start=sentence_start, marker_end=sentence_start,
                      start=sentence_start, end=m.end(), confidence=0.55)  # fmt: skip
        found.append(Candidate(block=block, reading="evidence", features=features))
    return found


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

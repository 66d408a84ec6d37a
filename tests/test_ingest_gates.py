"""The literal gates before costly patterns never say no where the pattern says yes.

Each gate is a tuple of words every match of its pattern holds (``_folded``); the
texts tried are built from the pattern's own words, so matches are common, and a
match in a text the gate turns away would be a reading lost to speed.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from govledger.ingest import date_roles, extract, motion_words, votes
from govledger.ingest._folded import folded, holds, holds_all
from govledger.ingest._run_on import long_lines
from govledger.ingest.parse import _fields, _meeting
from govledger.ingest.propose import _changes
from govledger.ingest.structure import _markers, _narrative


def _words_of(pattern: re.Pattern[str]) -> list[str]:
    return sorted(set(re.findall(r"[A-Za-z]{2,}", pattern.pattern))) or ["a"]


def _texts(pattern: re.Pattern[str]) -> st.SearchStrategy[str]:
    words = _words_of(pattern)
    token = st.one_of(
        st.sampled_from(words),
        st.sampled_from(words).map(str.upper),
        st.sampled_from(words).map(str.title),
        st.sampled_from([" ", "  ", "\n", ": ", ", ", ". ", "-", "1", "12a", "(a) ", "w.e.f"]),
    )
    return st.lists(token, max_size=24).map("".join)


#: (pattern, words, every word needed)
GATES: list[tuple[re.Pattern[str], tuple[str, ...], bool]] = [
    (_meeting._DECISION_EFFECT, _meeting.DECISION_EFFECT_WORDS, False),
    (_meeting._CALL_IN_BY, _meeting.CALL_IN_BY_WORDS, False),
    (_meeting._NOTICE_EFFECT, _meeting.NOTICE_EFFECT_WORDS, False),
    (_meeting._IMPLEMENTED_AFTER, _meeting.IMPLEMENTED_AFTER_WORDS, True),
    (_fields._EXEMPT, _fields.EXEMPT_WORDS, False),
    (_fields._EXEMPT_WORD, _fields.EXEMPT_WORD_WORDS, False),
    (date_roles._NOT_THE_DECISION, date_roles._NOT_THE_DECISION_WORDS, False),
    (date_roles._MINUTES_APPROVED, date_roles._MINUTES_WORDS, False),
    (extract._NOTED, extract.NOTED_WORDS, False),
    (votes._MOTION_FATE, votes.MOTION_FATE_WORDS, False),
    (_changes._ANY_STAGE, _changes.ANY_STAGE_WORDS, False),
    (motion_words._ANY_PURPOSE, motion_words.ANY_PURPOSE_WORDS, False),
    (motion_words.MOVING, motion_words.MOVING_WORDS, False),
    (motion_words.SECONDING, motion_words.SECONDING_WORDS, False),
    (_markers._LOST_HEADING, _markers.LOST_HEADING_WORDS, False),
    *((cue, date_roles._CUE_WORDS[role], False) for role, cue in date_roles._ROLE_CUES),
]


def test_every_role_cue_has_its_gate() -> None:
    assert {role for role, _ in date_roles._ROLE_CUES} == set(date_roles._CUE_WORDS)


def _gate_holds(pattern: re.Pattern[str], words: tuple[str, ...], every: bool, text: str) -> None:
    gate = holds_all(text, words) if every else holds(text, words)
    assert pattern.search(text) is None or gate, (pattern.pattern[:60], text)


def _check(index: int) -> None:
    pattern, words, every = GATES[index]

    @settings(max_examples=150, deadline=None)
    @given(_texts(pattern))
    def run(text: str) -> None:
        _gate_holds(pattern, words, every, text)

    run()


def test_gates_never_turn_away_a_match() -> None:
    for index in range(len(GATES)):
        _check(index)


def test_the_gates_let_through_a_page_that_matches() -> None:
    page = (
        "The deadline for call-in is 5 pm on 3 May 2024.\n"
        "The decision takes effect from 1 June; it will come into force after 5 working days "
        "unless it is called in.\n"
        "Exempt under paragraph 3 of Part 1 of Schedule 12A.\n"
    )
    for pattern, words, every in GATES[:4]:
        assert pattern.search(page) is not None
        assert (holds_all if every else holds)(page, words)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab \n\t\xa0", max_size=60), st.integers(min_value=1, max_value=8))
def test_long_lines_are_what_the_pattern_found(text: str, size: int) -> None:
    expected = [m.span() for m in re.finditer(rf"[^\n]{{{size},}}", text)]
    assert long_lines(text, size) == expected


@given(st.text(max_size=40))
def test_folding_keeps_offsets(text: str) -> None:
    assert len(folded(text)) == len(text)


@given(st.characters(), st.sampled_from("abcdefghijklmnopqrstuvwxyz"))
def test_a_character_case_blind_matching_takes_for_a_letter_folds_to_it(
    char: str, letter: str
) -> None:
    if re.fullmatch(letter, char, re.I):
        assert folded(char) == letter


def test_the_odd_letters_fold_to_their_ascii_letter() -> None:
    assert folded("\u0130\u0131\u017f\u212a") == "iisk"
    assert holds("DEADL\u0130NE", ("deadline",))
    assert not holds("deadline", ("deadline",), 1)


@settings(max_examples=300, deadline=None)
@given(_texts(_narrative._OUTCOME_SENTENCE))
def test_the_outcome_sentence_gate_never_turns_away_a_match(text: str) -> None:
    found = _narrative._OUTCOME_SENTENCE.search(text)
    assert found is None or _narrative.may_tell_outcome(text, 0, len(text)), text


def test_the_outcome_sentence_gate_lets_a_sentence_through() -> None:
    text = "The minutes of the meeting were approved as a correct record."
    assert _narrative._OUTCOME_SENTENCE.search(text) is not None
    assert _narrative.may_tell_outcome(text, 0, len(text))
    assert not _narrative.may_tell_outcome(text, 30, len(text))


def _corpus_texts() -> list[str]:
    from pathlib import Path

    from govledger.ingest import load

    root = Path(__file__).resolve().parent / "ingest_corpus" / "texts"
    return [load(path).text for path in sorted(root.iterdir()) if path.is_file()]


def test_every_match_in_the_corpus_holds_its_gate_words() -> None:
    """Each gate's words lie inside every match its pattern finds in every corpus text
    (from the match on, for ``_IMPLEMENTED_AFTER``, whose words are in its look-ahead):
    a word added to a gated pattern and not to its gate fails here."""
    texts = _corpus_texts()
    outcome = _narrative._OUTCOME_SENTENCE
    checked = 0
    for text in texts:
        for pattern, words, every in GATES:
            for m in pattern.finditer(text):
                end = len(text) if pattern is _meeting._IMPLEMENTED_AFTER else m.end()
                gate = holds_all if every else holds
                assert gate(text, words, m.start(), end), (pattern.pattern[:60], m.group())
                checked += 1
        for m in outcome.finditer(text):
            assert _narrative.may_tell_outcome(text, m.start(), m.end()), m.group()
            checked += 1
    assert checked > 1000

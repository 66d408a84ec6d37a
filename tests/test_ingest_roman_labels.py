"""Roman part labels as real pages print them (issue 18): capitals ("I.", "II."), and a
label alone on its line with its words on the next line."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from govledger.ingest import ingest_document, read_text
from govledger.ingest.evaluate import draft_entries
from govledger.ingest.structure._lines import label_at

_NUMERALS = ["i", "ii", "iii", "iv", "v", "vi"]
_WORDS = [
    "To approve the joint depot plan for the partnership.",
    "To agree the shared budget for the coming year.",
    "To adopt the findings of the waste service review.",
    "To endorse the revised terms of the joint committee.",
    "To approve the transfer of staff to the host council.",
    "To agree the timetable for the joint procurement.",
]


def _outcomes(text: str) -> list[tuple[str, ...]]:
    draft = ingest_document(read_text(text), partnership="x").to_json()
    return [tuple(entry) for entry in draft_entries(draft)["outcomes"]]


@settings(max_examples=25, deadline=None)
@given(
    count=st.integers(min_value=2, max_value=6),
    upper=st.booleans(),
    alone=st.booleans(),
    gap=st.sampled_from([" ", "  ", "\t"]),
)
def test_any_roman_list_gives_one_part_per_numeral(
    count: int, upper: bool, alone: bool, gap: str
) -> None:
    lines = ["RESOLVED:"]
    for numeral, words in zip(_NUMERALS[:count], _WORDS, strict=False):
        label = (numeral.upper() if upper else numeral) + "."
        lines.extend([label, words] if alone else [label + gap + words])
    got = _outcomes("\n".join(lines) + "\n")
    assert got == [("", numeral, "resolved") for numeral in _NUMERALS[:count]]


def test_capital_roman_label_is_read_in_lower_case() -> None:
    assert label_at("II. To agree the budget.") == ("ii", 4)
    assert label_at("IV) To note the report.") == ("iv", 4)


def test_label_alone_on_its_line_is_a_label() -> None:
    assert label_at("ii.") == ("ii", 3)
    assert label_at("3.") == ("3", 2)


def test_capital_words_are_not_roman_labels() -> None:
    assert label_at("IVY. Court was discussed.") is None

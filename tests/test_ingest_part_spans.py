"""A part's text cites its own words: the span opens on the first of them.

A page copied with its table's cell rules ("12. | Title ... |") is read with each rule
turned into a line break; a part that opens just after one must still be cited from its
first word, never from the rule the reader replaced.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govledger.ingest import ingest_document, read_text

HEAD = "Orlham and Stowe Joint Committee\n\nMinutes of the meeting held on 1 July 2019\n\n"


def _cited(text: str) -> list[tuple[str, str]]:
    """Each part's words beside the words its span cites in *text*."""
    draft = ingest_document(read_text(text), partnership="p").to_json()
    found = []
    for item in draft["items"]:
        for part in item["parts"]:
            start, end = part["text"]["span"]
            found.append((part["text"]["value"], text[start:end]))
    return found


@given(
    number=st.integers(min_value=2, max_value=99),
    gap=st.sampled_from([" ", "  ", "\t"]),
    rule_line=st.booleans(),
)
def test_a_part_after_a_cell_rule_is_cited_from_its_first_word(
    number: int, gap: str, rule_line: bool
) -> None:
    border = "|\n" if rule_line else ""
    text = (
        HEAD
        + f"| {number - 1}. | Appointments | RESOLVED:\n"
        + "a) Councillor Ames was elected Chair.\n"
        + "b) The Committee noted whom each council had appointed to it. |\n"
        + border
        + f"{number}.{gap}|{gap}Declarations of interest Any member with an interest "
        + "declared it. |\n"
        + border
    )

    cited = _cited(text)

    assert cited
    for words, span in cited:
        assert span[:1] not in {"", " ", "\t", "\n", "|"}, (words, span)
        assert span.split()[0] == words.split()[0]

"""An HTML page's blank lines (issue 18): an empty paragraph ("<p>&nbsp;</p>", a spacer
many saved pages carry) or a doubled line break is a blank line in the visible text,
as it is on screen, so paragraphs stay apart as they do in the page's plain text."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from govledger.ingest import read_html

_PARAGRAPHS = st.lists(
    st.text(alphabet="abcdefghij ", min_size=1, max_size=20).filter(str.strip),
    min_size=1,
    max_size=6,
)


@given(paragraphs=_PARAGRAPHS, spacer=st.sampled_from(["<p>&nbsp;</p>", "<p></p>", "<div> </div>"]))
def test_an_empty_paragraph_is_a_blank_line(paragraphs: list[str], spacer: str) -> None:
    page = spacer.join(f"<p>{words}</p>" for words in paragraphs)

    lines = read_html(page).text.strip("\n").split("\n\n")

    assert [" ".join(line.split()) for line in lines] == [" ".join(p.split()) for p in paragraphs]


@given(paragraphs=_PARAGRAPHS)
def test_a_doubled_line_break_is_a_blank_line(paragraphs: list[str]) -> None:
    page = "<br>\n<br>".join(paragraphs)

    lines = read_html(page).text.strip("\n").split("\n\n")

    assert [" ".join(line.split()) for line in lines] == [" ".join(p.split()) for p in paragraphs]


def test_paragraphs_side_by_side_stay_single_spaced() -> None:
    text = read_html("<div><p>One.</p></div><div><p>Two.</p></div><p>Three.</p>").text

    assert text.strip("\n").split("\n") == ["One.", "Two.", "Three."]

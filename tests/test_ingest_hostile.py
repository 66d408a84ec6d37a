"""Hostile, large and malformed input to ``ingest``: bounded time, clear one-line errors,
nothing written (issue 18, behaviour 10).

Each time bound is generous (a small multiple of what the input takes on a loaded
2-core machine), so the tests catch a return of quadratic cost, not noise. Time is the
CPU time of this process, not the wall clock: other work on the machine (a benchmark,
the other test workers) slows the wall clock several times over, but not this count.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from govledger import cli
from govledger.ingest import IngestError, ingest_document, read_html, read_text
from govledger.ingest.pipeline import check_partnership

ITEM = "{n}. Shared ICT service\n\nRESOLVED that the shared ICT service be approved.\n\n"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args))


def timed(fn: object, *args: object) -> float:
    """The CPU seconds this process spends in ``fn(*args)``."""
    assert callable(fn)
    start = time.process_time()
    fn(*args)
    return time.process_time() - start


def draft_of_html(raw: str) -> object:
    return ingest_document(read_html(raw), partnership="p")


def draft_of_text(raw: str) -> object:
    return ingest_document(read_text(raw), partnership="p")


@pytest.mark.parametrize("count", [4_000, 30_000])
def test_unclosed_tags_are_read_in_linear_time(count: int) -> None:
    raw = "<html><body><p>RESOLVED that the report be noted.</p>" + "<a " * count

    assert timed(draft_of_html, raw) < 5.0


def test_unclosed_comments_and_scripts_end_the_page_quickly() -> None:
    raw = "<p>RESOLVED that the report be noted.</p>" + "<!-- x " * 20_000 + "<script>" * 5000

    doc = read_html(raw)

    assert "RESOLVED" in doc.text
    assert timed(read_html, raw) < 5.0


def test_a_thousand_identical_items_do_not_crash() -> None:
    raw = "".join(ITEM.format(n=5) for _ in range(1000))

    draft = ingest_document(read_text(raw), partnership="p")

    ids = [event.id for event in draft.events]
    assert len(ids) == len(set(ids))


def test_many_items_cost_linear_time() -> None:
    small = "".join(ITEM.format(n=n) for n in range(1, 201))
    large = "".join(ITEM.format(n=n) for n in range(1, 2001))

    t_small = max(timed(draft_of_text, small), 0.05)
    t_large = timed(draft_of_text, large)

    # ten times the input: about ten times the CPU time (7 to 9 measured), a hundred if
    # quadratic
    assert t_large < 25 * t_small + 1.0, f"{t_small:.2f} s, then {t_large:.2f} s"


@pytest.mark.parametrize(
    "body",
    [
        "That it be approved " + "subject to the approval of the partner council, " * 4000,
        "That the report be noted.\n" + "For 5, Against 3, Abstentions 1. " * 6000,
        "That the service be approved " + "by 31 March 2025 and in early 2026, " * 4000,
        "That the " + "Director of Resources in consultation with the Leader, " * 4000,
    ],
)
def test_long_clauses_are_read_in_bounded_time(body: str) -> None:
    raw = f"5. Shared services\n\nRESOLVED:\n(1) {body}\n"

    assert timed(draft_of_text, raw) < 20.0


def test_a_large_text_with_no_decision_is_refused_not_given_an_invented_one() -> None:
    raw = "The committee discussed the report and the minutes were noted by members. " * 20_000

    with pytest.raises(IngestError, match="no decisions"):
        draft_of_text(raw)


@pytest.mark.parametrize(
    "partnership", ["../../etc", "x'; DROP TABLE events; --", "", "A B", "cdc-occ\n"]
)
def test_a_bad_partnership_id_is_refused(partnership: str) -> None:
    with pytest.raises(IngestError, match="not a partnership id"):
        check_partnership(partnership)


@pytest.mark.parametrize("partnership", ["../../etc", "x'; DROP TABLE events; --"])
def test_the_command_refuses_a_bad_partnership_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, partnership: str
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.txt").write_text(ITEM.format(n=1), encoding="utf-8")

    result = run("ingest", "page.txt", "--partnership", partnership)

    assert result.exit_code == 2
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt"]


def test_an_unwritable_out_is_one_line_and_exit_2(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text(ITEM.format(n=1), encoding="utf-8")

    result = run("ingest", str(page), "-p", "p", "--out", str(tmp_path / "no" / "such" / "d.json"))

    assert result.exit_code == 2
    assert result.output.startswith("Error: cannot write the draft")
    assert result.output.count("\n") == 1


def test_a_folder_and_files_are_drafted_with_one_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "one.txt").write_text(ITEM.format(n=1), encoding="utf-8")
    (folder / "two.html").write_text(
        "<html><body><h2>4. Legal</h2><p>RESOLVED that the legal service be shared.</p>"
        "</body></html>",
        encoding="utf-8",
    )
    (tmp_path / "three.txt").write_text(ITEM.format(n=3), encoding="utf-8")

    result = run("ingest", "pages", "three.txt", "-p", "p", "--out", "drafts")

    assert result.exit_code == 0, result.output
    assert "Drafted 3 of 3 files." in result.output
    assert sorted(p.name for p in (tmp_path / "drafts").iterdir()) == [
        "one.draft.json",
        "three.draft.json",
        "two.draft.json",
    ]


def test_a_folder_with_a_bad_page_drafts_the_rest_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "good.txt").write_text(ITEM.format(n=1), encoding="utf-8")
    (tmp_path / "bad.txt").write_text("Nothing was decided today.\n", encoding="utf-8")

    result = run("ingest", "good.txt", "bad.txt", "-p", "p", "--out", "drafts")

    assert result.exit_code == 2
    assert "bad.txt: not drafted: no decisions" in result.output
    assert [p.name for p in (tmp_path / "drafts").iterdir()] == ["good.draft.json"]


def test_the_sentence_around_a_vote_is_found_in_bounded_cost() -> None:
    from govledger.ingest.parse._item import _sentence_bounds

    text = "For 5, Against 3, " * 100_000 + "carried by 5 votes to 3, " + "and more, " * 100_000
    at = text.index("carried")

    found = _sentence_bounds(text, at, at + 7, 0, len(text))

    assert found.start >= at - 2000 and found.stop <= at + 7 + 2000
    dotted = "A sentence. " * 50_000
    middle = len(dotted) // 2
    sentence = _sentence_bounds(dotted, middle, middle + 1, 0, len(dotted))
    assert sentence.stop - sentence.start <= 13


def test_the_mover_and_seconder_prefilter_keeps_every_match() -> None:
    """The words tested before the mover and seconder patterns are in every match."""
    from govledger.ingest import motion_words

    samples = [
        "On the motion of Councillor Ann Lee the report was agreed.",
        "MOVED BY Councillor Bell and SECONDED BY Councillor Shah.",
        "Proposer: Councillor Hart\nSeconder: Councillor Moss",
        "Councillor Grey moved, and Councillor Pym seconded, the recommendations.",
        "It was Proposed by the Leader of the Council and Seconded by the Deputy Leader.",
        "Mover - Councillor Ruiz",
    ]
    for words in samples:
        movers = list(motion_words.MOVER.finditer(words))
        seconders = list(motion_words.SECONDER.finditer(words))
        assert all(motion_words.MOVING.search(m.group()) for m in movers), words
        assert all(motion_words.SECONDING.search(m.group()) for m in seconders), words
        assert motion_words.mover_and_seconder(words) == (
            motion_words._person(movers[-1] if movers else None),
            motion_words._person(seconders[-1] if seconders else None),
        )

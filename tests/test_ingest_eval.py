"""The parser on the labelled set: the CI floor on F1 per field kind, and cited spans.

The labelled texts are in ``tests/ingest_corpus`` (the five seed texts are read from
``../shared/seeds`` and skipped when that directory is absent). ``FLOORS`` is set from
the measured figures; ``scripts/eval_ingest.py`` prints the full table.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import pytest

from govledger.ingest import IngestError, ingest_file
from govledger.ingest.draft import iter_fields
from govledger.ingest.evaluate import (
    FLOORS,
    KINDS,
    Score,
    evaluate_corpus,
    label_entries,
    score_text,
    totals_of,
)
from govledger.ingest.text import furniture_lines, tidy
from seed_records import need, needs_seeds

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "ingest_corpus"

#: The issue's targets: the floors never go below them.
TARGETS = {
    "parts": 0.9,
    "outcomes": 0.9,
    "votes": 0.9,
    "conditions": 0.8,
    "delegations": 0.8,
    "dates": 0.8,
}


def labels() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for path in sorted((CORPUS / "labels").glob("*.json")):
        found.append((path.stem, json.loads(path.read_text(encoding="utf-8"))))
    return found


def source_of(label: dict[str, Any]) -> Path:
    source = str(label["source"])
    return (ROOT / source).resolve() if source.startswith("../") else CORPUS / source


@needs_seeds
def test_every_kind_reaches_its_floor_on_the_labelled_set() -> None:
    _, results = evaluate_corpus(CORPUS)

    assert len(results) >= 25
    # The held-out texts of issue 18 are scored as they come (see sets.json): a refusal
    # there is a miss counted in the totals, not a broken corpus. A set still held out
    # of tuning ("honest" in its name) is the honest figure: scored by
    # scripts/eval_ingest.py, never held to the floors the tuned texts are held to.
    sets = json.loads((CORPUS / "sets.json").read_text(encoding="utf-8"))
    held_out = {name for key, names in sets.items() if "held out" in key for name in names}
    honest = {name for key, names in sets.items() if "honest" in key for name in names}
    assert honest <= held_out
    assert [r.name for r in results if r.error and r.name not in held_out] == []
    totals = totals_of([r for r in results if r.name not in honest])
    below = {kind: round(totals[kind].f1, 3) for kind in KINDS if totals[kind].f1 < FLOORS[kind]}
    assert below == {}


def test_the_floors_are_at_least_the_issues_targets() -> None:
    assert all(FLOORS[kind] >= TARGETS[kind] for kind in KINDS)


def test_the_scorer_counts_a_failed_text_as_every_label_missed() -> None:
    label = {"parts": [{"item": "1", "path": "1", "outcome": "resolved"}], "votes": [], "dates": []}

    result = score_text("x", None, label, error="no decisions")

    assert result.scores["parts"] == Score(tp=0, fp=0, fn=1)
    assert result.scores["outcomes"].recall == 0.0


def test_the_scorer_normalises_items_paths_and_roles() -> None:
    label = {
        "parts": [{"item": "Item 45.", "path": "(2)(a)", "outcome": "resolved"}],
        "delegations": [
            {
                "item": "45",
                "path": "2.a",
                "delegates": ["the Chief Executives of both councils"],
                "consultees": [],
            }
        ],
    }

    entries = label_entries(label)

    assert entries["parts"] == [("45", "2.a")]
    assert entries["delegations"] == [("45", "2.a", ("chief executive",), ())]


def test_the_scorer_reads_a_space_inside_an_item_number_as_one_space() -> None:
    label = {"parts": [{"item": "EXE 37/23", "path": "1", "outcome": "resolved"}]}
    draft = {
        "items": [
            {
                "number": {"value": "EXE \u00a0 37/23."},
                "parts": [{"path": "1", "outcome": {"value": "resolved"}}],
            }
        ]
    }

    result = score_text("x", draft, label)

    assert result.scores["parts"] == Score(tp=1, fp=0, fn=0)
    assert label_entries(label)["parts"] == [("EXE 37/23", "1")]


def _visible(raw: str) -> str:
    """The words of *raw* as a reader sees them: tags gone, page furniture and line-end
    hyphenation tidied away (as the ingester reads them)."""
    text = re.sub(r"<[^>]*>", " ", raw)
    return " ".join(tidy(html.unescape(text).replace("\xa0", " "))[0].split())


@pytest.mark.parametrize(("name", "label"), labels(), ids=[n for n, _ in labels()])
def test_every_field_of_a_corpus_draft_cites_its_words(name: str, label: dict[str, Any]) -> None:
    source = source_of(label)
    need(source)
    raw = source.read_text(encoding="utf-8-sig")
    fmt = label.get("format")

    try:
        draft = ingest_file(
            source, partnership="p", format=fmt if fmt in {"text", "html"} else None
        ).to_json()
    except IngestError as exc:
        refusal = str(exc)
    else:
        refusal = ""
    if refusal:
        # Only a held-out text of issue 18 may be refused (its miss is in the honest
        # figure), and then with the clear error, never a crash.
        sets = json.loads((CORPUS / "sets.json").read_text(encoding="utf-8"))
        held_out = {n for key, names in sets.items() if "held out" in key for n in names}
        assert name in held_out and "no decisions" in refusal
        return

    fields = list(iter_fields(draft))
    assert fields
    for path, field in fields:
        start, end = field.span
        assert 0 <= start < end <= len(raw), (path, field.span)
        assert raw[start:end].strip(), path
    for item in draft["items"]:
        for part in item["parts"]:
            start, end = part["text"]["span"]
            words = raw[start:end] if fmt == "html" else _unfurnished(raw, start, end)
            assert _visible(words) == _visible(part["text"]["value"]), part["path"]


def _unfurnished(raw: str, start: int, end: int) -> str:
    """``raw[start:end]`` without the furniture lines found in the whole page (a running
    header is known as one only from the page around it)."""
    pieces, at = [], start
    for a, b in furniture_lines(raw):
        if b <= start or a >= end:
            continue
        pieces.append(raw[at : max(a, start)])
        at = min(b, end)
    pieces.append(raw[at:end])
    return "".join(pieces)


def test_the_report_hides_each_text_of_an_honest_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a small corpus of two labelled texts, one of them in a set still held out of tuning
    corpus = tmp_path / "corpus"
    for folder in ("labels", "texts"):
        (corpus / folder).mkdir(parents=True)
    for name in ("lowther_fen_council_2020_11_04", "hartwell_cabinet_2021_10_12"):
        (corpus / "labels" / f"{name}.json").write_bytes(
            (CORPUS / "labels" / f"{name}.json").read_bytes()
        )
        (corpus / "texts" / f"{name}.txt").write_bytes(
            (CORPUS / "texts" / f"{name}.txt").read_bytes()
        )
    (corpus / "sets.json").write_text(
        json.dumps(
            {
                "tuned": ["hartwell_cabinet_2021_10_12"],
                "held out (honest)": ["lowther_fen_council_2020_11_04"],
            }
        ),
        encoding="utf-8",
    )
    script = _eval_script()

    script.main(["--corpus", str(corpus), "--texts", "--misses"])
    hidden = capsys.readouterr().out
    script.main(["--corpus", str(corpus), "--texts", "--open-honest"])
    opened = capsys.readouterr().out

    assert "hartwell_cabinet_2021_10_12" in hidden
    assert "lowther_fen_council_2020_11_04" not in hidden
    assert "hidden, in an honest set: 1 texts" in hidden
    assert "lowther_fen_council_2020_11_04" in opened


def _eval_script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "eval_ingest", ROOT / "scripts" / "eval_ingest.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module

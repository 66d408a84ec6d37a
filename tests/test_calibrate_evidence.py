"""The evidence measuring script: it records the page model's candidates and judges them."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from typing import Any

from govledger.ingest.structure import _blocks
from govledger.ingest.structure._evidence import choose

ROOT = Path(__file__).resolve().parents[1]

_PAGE = """Minutes of the Joint Committee held on 3 March 2021

1. Shared waste contract

The committee considered a report on the contract.

RESOLVED:
(a) that the extension of the contract be approved;
(b) that the report be noted.
"""


def _script() -> Any:
    spec = importlib.util.spec_from_file_location(
        "calibrate_evidence", ROOT / "scripts" / "calibrate_evidence.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _corpus(tmp_path: Path, parts: list[dict[str, str]], honest: bool = False) -> Path:
    (tmp_path / "texts").mkdir()
    (tmp_path / "labels").mkdir()
    (tmp_path / "texts" / "page.txt").write_text(_PAGE, encoding="utf-8")
    label = {"source": "texts/page.txt", "format": "text", "parts": parts}
    (tmp_path / "labels" / "page.json").write_text(json.dumps(label), encoding="utf-8")
    name = "held out (honest)" if honest else "used in tuning"
    (tmp_path / "sets.json").write_text(json.dumps({name: ["page"]}), encoding="utf-8")
    return tmp_path


def test_a_right_page_records_its_heading_as_a_true_candidate(tmp_path: Path) -> None:
    script = _script()
    gold = [{"item": "1", "path": p, "outcome": "resolved"} for p in ("a", "b")]
    texts = list(script.corpus_texts(_corpus(tmp_path, gold)))
    judged = script.judge(*texts[0])
    assert judged.verdict is True
    assert any(s.chosen and "heading" in s.features for s in judged.seen)
    assert vars(_blocks)["choose"] is choose  # the spy is removed again
    table = "\n".join(script.report([judged]))
    assert "heading" in table and "no chosen candidate covers: 0" in table


def test_a_page_labelled_with_no_parts_judges_its_candidates_false(tmp_path: Path) -> None:
    script = _script()
    judged = script.judge(*next(iter(script.corpus_texts(_corpus(tmp_path, [])))))
    assert judged.verdict is False and judged.extra == 2


def test_honest_sets_are_never_read(tmp_path: Path) -> None:
    script = _script()
    gold = [{"item": "1", "path": "a", "outcome": "resolved"}]
    assert list(script.corpus_texts(_corpus(tmp_path, gold, honest=True))) == []

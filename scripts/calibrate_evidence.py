"""Measure the page model's evidence features against the labelled texts (issue 18).

Usage (from the repository root)::

    python scripts/calibrate_evidence.py [--corpus tests/ingest_corpus] [--real DIR ...]

Runs the parser over every labelled text of the corpus's sets not named "honest" (their
texts and labels are never read) and over any eye-labelled real-page directories given
with ``--real`` (each with ``dev/`` and ``check/`` texts, labelled by a ``gold.json`` of
``[item, part, outcome]`` rows or a label file beside each text; such pages are never
committed). Every candidate block the page model weighs (:func:`choose`) is recorded with
its features, and judged at the level of its text: a chosen candidate in a text whose
parts were all right is a true decision, a chosen candidate in a text whose parts were all
wrong is a false one, and other texts are mixed and left out. It prints, per feature, how
often it fires on true and on false candidates and on candidates refused in a text
that missed parts (evidence that may have been too weak), and the texts whose labelled parts no
candidate covers (a shape no feature sees). Matching by span is not done: the labels
carry no spans.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs

from govledger.errors import GovLedgerError
from govledger.ingest import Aliases, ingest_file
from govledger.ingest.evaluate import draft_entries, label_entries
from govledger.ingest.structure import _blocks
from govledger.ingest.structure._evidence import Candidate, choose

ROOT = Path(__file__).resolve().parents[1]
#: A labelled text: its name, path, labelled (item, part) pairs and format.
#: The page model's chooser, as the block finder names it: replaced by a spy while parsing.
_SPIED = "choose"
Text = tuple[str, Path, list[tuple[str, str]], str | None]


@attrs.frozen(kw_only=True)
class Seen:
    """One candidate the page model weighed, and whether it was kept."""

    text: str
    features: tuple[str, ...]
    chosen: bool


@attrs.frozen(kw_only=True)
class Judged:
    """A text's candidates and how its parts scored."""

    text: str
    seen: tuple[Seen, ...]
    hits: int
    missed: int
    extra: int

    @property
    def verdict(self) -> bool | None:
        """True when every part was right, False when none was, else None (mixed)."""
        if self.missed == 0 and self.extra == 0:
            return True
        if self.hits == 0 and self.extra > 0:
            return False
        return None


def _record(text: str, found: Sequence[Candidate], kept: Sequence[Any]) -> list[Seen]:
    ends = {(b.start, b.end) for b in kept}
    return [
        Seen(
            text=text,
            features=tuple(name for name, _ in c.features),
            chosen=(c.block.start, c.block.end) in ends,
        )
        for c in found
    ]


def judge(name: str, path: Path, gold: list[tuple[str, str]], fmt: str | None) -> Judged:
    """Parse *path*, recording every candidate weighed, and score its parts."""
    seen: list[Seen] = []
    original = choose

    def spy(found: Sequence[Candidate], narrative: Any) -> Any:
        asked: list[Candidate] = []

        def lazy() -> list[Candidate]:
            asked.extend(narrative())
            return asked

        kept = original(found, lazy)
        seen.extend(_record(name, [*found, *asked], kept))
        return kept

    setattr(_blocks, _SPIED, spy)
    try:
        draft = ingest_file(path, partnership="x", aliases=Aliases(), format=fmt).to_json()
        guess = Counter(map(tuple, draft_entries(draft)["parts"]))
    except GovLedgerError:
        guess = Counter()
    finally:
        setattr(_blocks, _SPIED, original)
    want = Counter(gold)
    hits = sum((guess & want).values())
    return Judged(
        text=name,
        seen=tuple(seen),
        hits=hits,
        missed=sum(want.values()) - hits,
        extra=sum(guess.values()) - hits,
    )


def corpus_texts(corpus: Path) -> Iterator[Text]:
    """The corpus's labelled texts outside the honest sets."""
    sets = json.loads((corpus / "sets.json").read_text(encoding="utf-8"))
    honest = {n for name, names in sets.items() if "honest" in name for n in names}
    for label_file in sorted((corpus / "labels").glob("*.json")):
        if label_file.stem in honest:
            continue
        label = json.loads(label_file.read_text(encoding="utf-8"))
        parts = [(str(i), str(p)) for i, p in label_entries(label)["parts"]]
        fmt = label.get("format")
        known = fmt if fmt in {"text", "html"} else None
        yield label_file.stem, corpus / label["source"], parts, known


def real_texts(root: Path) -> Iterator[Text]:
    """The eye-labelled real pages of *root* (``dev/`` and ``check/``)."""
    gold_file = root / "gold.json"
    gold = json.loads(gold_file.read_text()) if gold_file.is_file() else {}
    for half in ("dev", "check"):
        for path in sorted((root / half).glob("*.txt")):
            if path.name in gold:
                parts = [(str(i), str(p)) for i, p, _ in gold[path.name]]
            elif path.with_suffix(".json").is_file():
                label = json.loads(path.with_suffix(".json").read_text())
                parts = [(str(i), str(p)) for i, p in label_entries(label)["parts"]]
            else:
                continue
            yield f"{root.name}/{half}/{path.name}", path, parts, "text"


def report(judged: Sequence[Judged]) -> list[str]:
    """Per feature: fires on true and false chosen candidates; uncovered texts."""
    true: Counter[str] = Counter()
    false: Counter[str] = Counter()
    refused: Counter[str] = Counter()
    for j in judged:
        for s in j.seen:
            if not s.chosen and j.missed:
                refused.update(set(s.features))
            if not s.chosen or j.verdict is None:
                continue
            (true if j.verdict else false).update(set(s.features))
    lines = [f"{'feature':<32} {'true':>5} {'false':>5} {'refused':>7}"]
    names = set(true) | set(false) | set(refused)
    for name in sorted(names, key=lambda n: -(true[n] + false[n] + refused[n])):
        lines.append(f"{name:<32} {true[name]:>5} {false[name]:>5} {refused[name]:>7}")
    uncovered = [j.text for j in judged if j.missed and not any(s.chosen for s in j.seen)]
    lines.append(f"texts whose labelled parts no chosen candidate covers: {len(uncovered)}")
    lines.extend(f"  {name}" for name in uncovered)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and print; 0 always (this is a report, not a gate)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", default=str(ROOT / "tests" / "ingest_corpus"))
    parser.add_argument("--real", action="append", default=[], help="an eye-labelled page dir")
    args = parser.parse_args(argv)
    texts = list(corpus_texts(Path(args.corpus)))
    for root in args.real:
        texts.extend(real_texts(Path(root)))
    judged = [judge(*text) for text in texts]
    verdicts = Counter(str(j.verdict) for j in judged)
    print(f"texts: {len(judged)} (all right {verdicts['True']}, all wrong {verdicts['False']})")
    print("\n".join(report(judged)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Score the minutes parser against the labelled set: precision, recall and F1 per field kind.

Usage (from the repository root)::

    python scripts/eval_ingest.py [--corpus tests/ingest_corpus] [--json] [--texts] [--misses]

Prints one row per field kind (parts, outcomes, votes, conditions, delegations,
dates), micro-averaged over the labelled texts, and exits 1 if any F1 is below its
floor (:data:`FLOORS`, set from the measured figures; tests/test_ingest_eval.py checks
the same floors in CI). The floors hold on every text but those of a set still held out
of tuning (a ``sets.json`` set whose name says "honest"), which is scored apart. It
then prints the same table for each set named in the corpus's ``sets.json`` (the texts
added in issue 18: those used while tuning the parser, a first held-out set that has
been used in tuning since, and a second one held out of tuning and scored only at the
end, the honest figure), and the newer fields of ``model_labels.json`` on the texts
not held out and, apart, on each held-out set. ``--texts`` adds a row per text;
``--misses`` lists the entries each text missed or wrongly predicted, except on the
texts of an honest set, which stay hidden unless ``--open-honest`` is given (that
ends the set's honesty: rename it "used in tuning since" in ``sets.json``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from govledger.ingest.evaluate import (
    FLOORS,
    KINDS,
    MODEL_KINDS,
    Score,
    TextResult,
    evaluate_corpus,
    evaluate_model,
    totals_of,
)

ROOT = Path(__file__).resolve().parents[1]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the evaluation; 0 when every kind reaches its floor, else 1."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", default=str(ROOT / "tests" / "ingest_corpus"))
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--texts", action="store_true", help="also show each text's F1")
    parser.add_argument("--misses", action="store_true", help="list missed and extra entries")
    parser.add_argument(
        "--open-honest",
        action="store_true",
        help="also show each text and miss of an honest held-out set (this ends its honesty)",
    )
    args = parser.parse_args(argv)
    _, results = evaluate_corpus(args.corpus)
    sets_file = Path(args.corpus) / "sets.json"
    sets: dict[str, list[str]] = (
        json.loads(sets_file.read_text(encoding="utf-8")) if sets_file.is_file() else {}
    )
    # a set still held out of tuning ("honest" in its name) is scored, never held to a
    # floor: the floors are for the texts the parser may be tuned on
    honest = {name for key, names in sets.items() if "honest" in key for name in names}
    floored = [r for r in results if r.name not in honest]
    totals = totals_of(floored)
    below = [kind for kind in KINDS if totals[kind].f1 < FLOORS[kind]]
    held_sets = {key: names for key, names in sets.items() if "held out" in key}
    held_out = {name for names in held_sets.values() for name in names}
    # the newer fields: the texts labelled while they were built, and each held-out set
    model, model_results = evaluate_model(
        args.corpus, [r.name for r in results if r.name not in held_out]
    )
    held = {key: evaluate_model(args.corpus, set(names)) for key, names in held_sets.items()}
    held_results = [result for _, found in held.values() for result in found]
    if args.json:
        print(
            json.dumps(
                {
                    "texts": len(results),
                    "floored_texts": len(floored),
                    "failed": [r.name for r in results if r.error],
                    "kinds": {
                        kind: {
                            "precision": round(totals[kind].precision, 4),
                            "recall": round(totals[kind].recall, 4),
                            "f1": round(totals[kind].f1, 4),
                            "tp": totals[kind].tp,
                            "fp": totals[kind].fp,
                            "fn": totals[kind].fn,
                            "floor": FLOORS[kind],
                        }
                        for kind in KINDS
                    },
                    "below_floor": below,
                    "model": {
                        "texts": len(model_results),
                        "kinds": {kind: _row(model[kind]) for kind in MODEL_KINDS},
                    },
                    "model_held_out": {
                        "texts": len(held_results),
                        "kinds": {
                            kind: _row(sum((s[kind] for s, _ in held.values()), Score()))
                            for kind in MODEL_KINDS
                        },
                    },
                    "model_sets": {
                        key: {
                            "texts": len(found),
                            "kinds": {kind: _row(scores[kind]) for kind in MODEL_KINDS},
                        }
                        for key, (scores, found) in held.items()
                    },
                    "sets": {
                        name: {
                            kind: round(score.f1, 4)
                            for kind, score in totals_of(
                                [r for r in results if r.name in members]
                            ).items()
                        }
                        for name, members in sets.items()
                    },
                },
                indent=2,
            )
        )
        return 1 if below else 0
    print(
        f"{len(results)} labelled texts ({sum(1 for r in results if r.error)} failed to parse); "
        f"the floors hold on the {len(floored)} not in an honest held-out set"
    )
    _table(totals, below)
    for name, members in sets.items():
        chosen = [r for r in results if r.name in members]
        print(f"\n{name}: {len(chosen)} texts ({sum(1 for r in chosen if r.error)} failed)")
        _table(totals_of(chosen), [])
    print(
        f"\nnewer fields (model_labels.json), texts not held out: {len(model_results)} texts "
        f"({sum(1 for r in model_results if r.error)} failed)"
    )
    _table(model, [], MODEL_KINDS)
    for key, (scores, found) in held.items():
        print(
            f"\nnewer fields, {key}: {len(found)} texts ({sum(1 for r in found if r.error)} failed)"
        )
        _table(scores, [], MODEL_KINDS)

    # an honest set is scored in aggregate only: its texts and misses stay hidden, so
    # whoever tunes the parser cannot tune to it by accident
    def shown(found: Sequence[TextResult]) -> list[TextResult]:
        return [r for r in found if args.open_honest or r.name not in honest]

    if args.misses:
        for result in shown([*model_results, *held_results]):
            for kind in MODEL_KINDS:
                for entry in result.missed[kind]:
                    print(f"    {result.name}: missed {kind}: {entry}")
                for entry in result.extra[kind]:
                    print(f"    {result.name}: extra  {kind}: {entry}")
    if args.texts or args.misses:
        print()
        hidden = len(results) - len(shown(results))
        if hidden:
            print(f"(hidden, in an honest set: {hidden} texts; --open-honest shows them)")
        for result in shown(results):
            row = " ".join(f"{k[:6]}={result.scores[k].f1:.2f}" for k in KINDS)
            print(f"{result.name:46} {row} {result.error or ''}")
            if args.misses:
                for kind in KINDS:
                    for entry in result.missed[kind]:
                        print(f"    missed {kind}: {entry}")
                    for entry in result.extra[kind]:
                        print(f"    extra  {kind}: {entry}")
    return 1 if below else 0


def _row(score: Score) -> dict[str, float | int]:
    return {
        "precision": round(score.precision, 4),
        "recall": round(score.recall, 4),
        "f1": round(score.f1, 4),
        "tp": score.tp,
        "fp": score.fp,
        "fn": score.fn,
    }


def _table(totals: dict[str, Score], below: list[str], kinds: Sequence[str] = KINDS) -> None:
    print(
        f"{'KIND':14} {'PRECISION':>9} {'RECALL':>7} {'F1':>6} {'FLOOR':>6} "
        f"{'TP':>5} {'FP':>4} {'FN':>4}"
    )
    for kind in kinds:
        s = totals[kind]
        mark = "  BELOW FLOOR" if kind in below else ""
        floor = f"{FLOORS[kind]:6.2f}" if kind in FLOORS else f"{'-':>6}"
        print(
            f"{kind:14} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {floor} "
            f"{s.tp:5d} {s.fp:4d} {s.fn:4d}{mark}"
        )


if __name__ == "__main__":
    sys.exit(main())

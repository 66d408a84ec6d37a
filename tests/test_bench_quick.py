"""The benchmark runner's ``--quick`` mode, run in-process so the benchmarks never rot.

The end-to-end tests need the optional ``eventsourcing`` library (``pip install -e
".[bench]"``) and are skipped, with that reason, without it; the generator, the
statistics and the agreement check are tested either way.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # bench/ sits beside src/, not inside the package
    sys.path.insert(0, str(ROOT))

from bench import baselines, generate, measure, run  # noqa: E402
from bench import growth as growth_sizes  # noqa: E402

from govledger import Ledger  # noqa: E402
from govledger.errors import UsageError  # noqa: E402
from govledger.events import EVENT_TYPES  # noqa: E402

QUICK_N = 150


def _needs_eventsourcing() -> None:
    pytest.importorskip(
        "eventsourcing",
        reason="the eventsourcing library is not installed; "
        "pip install -e '.[bench]' to run the benchmark's end-to-end check",
    )


@pytest.fixture(scope="module")
def quick_report() -> dict[str, Any]:
    """The JSON report of ``python -m bench --quick --json`` on a tiny ledger."""
    _needs_eventsourcing()
    printed: list[str] = []
    code = run.main(["--quick", "--json", "--n", str(QUICK_N), "--no-cache"], out=printed.append)
    assert code == 0
    (text,) = printed
    report: dict[str, Any] = json.loads(text)
    return report


# --------------------------------------------------------------------------- end to end


def test_quick_run_checks_that_the_three_implementations_agree(
    quick_report: dict[str, Any],
) -> None:
    (size,) = quick_report["sizes"]
    agreement = size["agreement"]
    assert agreement["agree"] is True
    assert agreement["implementations"] == ["govledger", "sqlite3", "eventsourcing"]
    assert agreement["positions"] == QUICK_N  # every payload compared at this size
    assert agreement["dates"] == 20
    assert agreement["partnerships"] == size["partnerships"] >= 3
    assert size["n"] == QUICK_N
    assert size["repeats"] == 1
    assert quick_report["quick"] is True


def test_quick_report_has_every_measurement_for_every_implementation(
    quick_report: dict[str, Any],
) -> None:
    (size,) = quick_report["sizes"]
    measurements = size["measurements"]
    assert set(measurements) == set(run.MEASUREMENTS)
    for key, entry in measurements.items():
        label, unit, higher = run.MEASUREMENTS[key]
        assert (entry["label"], entry["unit"], entry["higher_is_better"]) == (label, unit, higher)
        subjects = set(run.PARTIAL.get(key, ("govledger", "sqlite3", "eventsourcing")))
        assert set(entry["results"]) == subjects, key
        for name, result in entry["results"].items():
            assert result["min"] <= result["median"] <= result["max"], (key, name)
            assert result["samples"] >= 1
            if key not in ("history_rss", "history_traced", "checkpoint_ratio"):
                assert result["median"] > 0, (key, name)  # memory can be ~0 on tiny N
        assert set(entry["ratios"]) == subjects - {"govledger"}
        for baseline, ratio in entry["ratios"].items():
            mine = entry["results"]["govledger"]["median"]
            theirs = entry["results"][baseline]["median"]
            if ratio is not None:
                expected = mine / theirs if higher else theirs / mine
                assert ratio == pytest.approx(expected), (key, baseline)


def test_quick_report_judges_every_target(quick_report: dict[str, Any]) -> None:
    verdicts = quick_report["targets"]
    names = [t.name for t in run.TARGETS] + list(run.GROWTH_TARGETS)
    assert [v["target"] for v in verdicts[: len(names)]] == names
    assert verdicts[-1]["status"] == "N/A"  # flatness needs 100k and 1M in one run
    limits = [(t.limit, t.at_least) for t in run.TARGETS]
    limits += [(limit, False) for limit in run.GROWTH_TARGETS.values()]
    for verdict, (limit, at_least) in zip(verdicts, limits, strict=False):
        assert verdict["status"] in ("PASS", "MISS"), verdict
        value = verdict["value"]
        passed = value >= limit if at_least else value < limit
        assert verdict["status"] == ("PASS" if passed else "MISS")
    growth = quick_report["growth"]
    assert [point["entries"] for point in growth["points"]] == list(growth_sizes.QUICK_SIZES)


@pytest.mark.parametrize("render", [run.render_table, run.render_markdown])
def test_quick_tables_show_each_measurement_and_target(
    quick_report: dict[str, Any], render: Any
) -> None:
    table = render(quick_report)
    for label, _, _ in run.MEASUREMENTS.values():
        assert label in table
    for target in run.TARGETS:
        assert target.name in table
    assert "x vs eventsourcing" in table
    verify = quick_report["sizes"][0]["measurements"]["verify"]["results"]["govledger"]
    assert f"{verify['median']:,.0f}" in table


def test_a_baseline_that_answers_differently_is_caught(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _needs_eventsourcing()
    original = baselines.PlainSQLite.payloads

    def tampered(self: baselines.PlainSQLite, positions: list[int]) -> list[str]:
        found = original(self, positions)
        found[len(found) // 2] = found[len(found) // 2].replace('"', "'", 2)
        return found

    monkeypatch.setattr(baselines.PlainSQLite, "payloads", tampered)
    config = run.Config(
        sizes=(60,), repeats=1, quick=True, cache=None, workdir=tmp_path, state_dates=5
    )
    with pytest.raises(run.Disagreement, match="disagree on the payload number 31"):
        run.run_benchmarks(config)


# --------------------------------------------------------------------------- pieces


def test_check_agreement_names_the_partnership_with_a_wrong_count() -> None:
    answers = run._Answers(counts={"a-b": 3, "c-d": 2}, until=(1,), payloads=("{}",))
    with pytest.raises(run.Disagreement, match="'c-d': 2 instead of 1"):
        run.check_agreement({"govledger": answers}, {"a-b": 3, "c-d": 1})


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32), n=st.integers(min_value=50, max_value=150))
def test_the_generator_gives_the_same_valid_ledger_for_the_same_seed(seed: int, n: int) -> None:
    events = generate.generate(n, seed)
    assert len(events) == n
    assert generate.generate(n, seed) == events
    with Ledger.open(":memory:") as ledger:  # every event satisfies the domain rules
        ledger.append(*events)
        assert sum(ledger.version(p) for p in ledger.partnerships()) == n


def test_the_generated_ledger_has_a_largest_partnership_and_every_event_kind() -> None:
    built = generate.load_or_generate(10_000, 7, cache_dir=None)
    counts = Counter(row.partnership for row in built.rows)
    assert built.largest == counts.most_common(1)[0][0]
    ordinary = sorted(counts.values())[len(counts) // 2]
    assert counts[built.largest] > 3 * ordinary  # much larger than the median partnership
    assert len(counts) >= 50
    kinds = {row.type for row in built.rows}
    assert kinds == set(EVENT_TYPES) - {"EntryRetracted"}  # every kind but corrections
    late = 0  # back-dated entries: earlier effective day than an earlier-appended event
    latest: dict[str, str] = {}
    for row in built.rows:
        if row.effective < latest.get(row.partnership, ""):
            late += 1
        latest[row.partnership] = max(row.effective, latest.get(row.partnership, ""))
    assert late > 0


def test_the_cache_gives_back_the_ledger_it_was_given(tmp_path: Path) -> None:
    first = generate.load_or_generate(120, 5, cache_dir=tmp_path)
    path = generate.cache_path(120, 5, tmp_path)
    assert path.exists()
    again = generate.load_or_generate(120, 5, cache_dir=tmp_path)
    assert again.events == first.events
    assert again.rows == first.rows
    assert again.largest == first.largest
    path.write_text(path.read_text().replace('"seed": 5', '"seed": 6'))
    with pytest.raises(UsageError, match="another generator version or seed"):
        generate.load_or_generate(120, 5, cache_dir=tmp_path)


@given(st.lists(st.floats(min_value=0, max_value=1e6), min_size=1, max_size=50))
def test_percentiles_lie_between_the_extremes_and_grow_with_q(values: list[float]) -> None:
    p50, p95 = measure.percentile(values, 50), measure.percentile(values, 95)
    assert min(values) <= p50 <= p95 <= max(values)
    assert measure.percentile(values, 0) == min(values)
    assert measure.percentile(values, 100) == max(values)
    summary = measure.spread(values, p95=True)
    assert (summary.min, summary.max, summary.samples) == (min(values), max(values), len(values))


def test_memory_measurement_sees_a_large_allocation() -> None:
    peak = measure.measure_memory(lambda: bytearray(32 * 1024 * 1024))
    assert peak.traced_peak >= 32 * 1024 * 1024
    if peak.rss_exact:
        assert peak.rss_delta >= 16 * 1024 * 1024


@pytest.mark.parametrize(
    ("text", "n"), [("10k", 10_000), ("100K", 100_000), ("1M", 1_000_000), ("2,500", 2_500)]
)
def test_sizes_are_read_as_people_write_them(text: str, n: int) -> None:
    assert run.parse_size(text) == n


@pytest.mark.parametrize("text", ["ten", "10", "-5k", ""])
def test_a_size_that_is_not_a_number_of_events_is_refused(text: str) -> None:
    with pytest.raises(UsageError, match="--n"):
        run.parse_size(text)


def test_the_store_is_chosen_in_one_place(tmp_path: Path) -> None:
    target = run.store_target("sqlite", tmp_path / "ledger.db")
    with target.open() as ledger:
        assert ledger.partnerships() == []
    assert target.size_bytes() > 0
    with pytest.raises(UsageError, match="--store must be 'sqlite'"):
        run.store_target("a-store-nobody-wrote", tmp_path / "x.db")


def test_eventsourcing_version_lookup_takes_the_highest_version_in_effect() -> None:
    _needs_eventsourcing()
    built = generate.load_or_generate(200, 3, cache_dir=None)
    library = baselines.EventSourcingLibrary()
    library.index(built)
    rows = [r for r in built.rows if r.partnership == built.largest]
    for day in (date.fromisoformat(rows[0].effective), built.last_day(built.largest)):
        expected = max(
            (v for v, r in enumerate(rows, start=1) if r.effective <= day.isoformat()), default=0
        )
        assert library.version_on(built.largest, day) == expected
    assert library.version_on(built.largest, date(1900, 1, 1)) == 0


def _resized(report: dict[str, Any], n: int, state_ms: float) -> dict[str, Any]:
    copy: dict[str, Any] = json.loads(json.dumps(report))
    (size,) = copy["sizes"]
    size["n"] = n
    size["measurements"]["state_median"]["results"]["govledger"]["median"] = state_ms
    return copy


@pytest.mark.parametrize(("at_1m", "status"), [(30.0, "PASS"), (45.0, "MISS")])
def test_merged_reports_judge_whether_state_stays_flat_from_100k_to_1m(
    quick_report: dict[str, Any], at_1m: float, status: str
) -> None:
    merged = run.merge_reports(
        [_resized(quick_report, 1_000_000, at_1m), _resized(quick_report, 100_000, 20.0)]
    )
    assert [size["n"] for size in merged["sizes"]] == [100_000, 1_000_000]
    flat = merged["targets"][-1]
    assert flat["value"] == pytest.approx(at_1m / 20.0)
    assert flat["status"] == status


def test_merge_refuses_what_is_not_a_benchmark_report() -> None:
    with pytest.raises(UsageError, match="--merge takes reports"):
        run.merge_reports([{"sizes": []}])

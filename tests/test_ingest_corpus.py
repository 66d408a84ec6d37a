"""Checks on the labelled minutes corpus in ``tests/ingest_corpus/`` (issue 9).

These tests check the corpus itself, not the ingester: every label follows the
evaluation contract and the labelling rules in ``tests/ingest_corpus/README.md``, every
text exists, the seed labels point at the seed records, and the texts together cover
every field kind and every hard shape the issue asks for.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govledger.events import ConditionKind, Outcome
from seed_records import SEEDS, SHARED, need

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "ingest_corpus"
TEXTS = CORPUS / "texts"
LABELS = CORPUS / "labels"

KEYS = frozenset(
    {"source", "format", "body", "parts", "votes", "conditions", "delegations", "dates"}
)
ENTRY_KEYS: Mapping[str, frozenset[str]] = {
    "parts": frozenset({"item", "path", "outcome"}),
    "votes": frozenset({"item", "path", "for", "against", "abstained", "unanimous", "casting"}),
    "conditions": frozenset({"item", "path", "kind"}),
    "delegations": frozenset({"item", "path", "delegates", "consultees"}),
    "dates": frozenset({"item", "path", "role", "latest", "earliest"}),
}
FIELD_LISTS = tuple(ENTRY_KEYS)
OUTCOMES = frozenset(outcome.value for outcome in Outcome)
CONDITION_KINDS = frozenset(kind.value for kind in ConditionKind)
DATE_ROLES = frozenset({"decided", "published", "call_in_deadline", "effective", "due", "other"})
MEETING_ROLES = frozenset({"decided", "published", "call_in_deadline"})

# an item number as printed: `45`, `CAB.15`, `13/24`, or with one space inside, `EXE 37/23`
_ITEM = re.compile(r"(?:[A-Za-z0-9]|[A-Za-z0-9](?:[A-Za-z0-9./-]| (?! ))*[A-Za-z0-9])?")
_PATH = re.compile(r"[0-9a-z]+(?:\.[0-9a-z]+)*")
_ITEM_WORD = re.compile(r"(?i)(?:item|minute)\b")
_ROLE_TRAILING = re.compile(r"[\s.,;:!?)(]$")
_PAGE_FOOTER = re.compile(r"(?im)^.*\bpage \d+(?: of \d+)?\s*$")
_HYPHENATED_BREAK = re.compile(r"[a-z]-\n[a-z]")
_TRUNCATED_BEFORE_BREAK = re.compile(
    r"(?i)\b(?:the|to|of|and|a|an|for|by|with|that)[ \t]*\n\s*(?:\f|.*\bpage \d+)"
)
_DECISION_HEADING = re.compile(r"(?im)^\s*(?:resolved|decision|recommended|agreed)\b")
_PART_LINE = re.compile(r"^(?:\(?[0-9]{1,2}[.)]|\(?[a-z][.)]|\([ivx]+\)|that )", re.IGNORECASE)

#: Names that the texts print in more than one form, each form checked to be present.
NAME_VARIANTS: Mapping[str, tuple[tuple[str, ...], ...]] = {
    "hbc_cabinet_minutes_2023_06_20": (("Wyvern District Council", "Wyvern DC", "WDC"),),
    "stdc_cabinet_2021_08_25": (("North Tarrant District Council", "North Tarrant DC", "NTDC"),),
    "kcc_mvdc_joint_committee_2024_07_18": (
        ("Kestrel County Council", "Kestrel CC", "KCC", "the County Council"),
        ("Marlow Vale District Council", "Marlow Vale DC", "MVDC", "Marlow Vale"),
    ),
}

Label = dict[str, Any]


@dataclass(frozen=True)
class CorpusText:
    """One labelled text: its label and the words it stands for."""

    name: str
    label: Label
    raw: str

    @property
    def is_html(self) -> bool:
        """Whether the text is a saved HTML page."""
        return bool(self.label["format"] == "html")

    @property
    def is_pdf_extracted(self) -> bool:
        """Whether the text carries the marks of PDF extraction: pages, footers, hyphens."""
        return (
            "\f" in self.raw
            and _PAGE_FOOTER.search(self.raw) is not None
            and _HYPHENATED_BREAK.search(self.raw) is not None
        )

    @property
    def visible(self) -> str:
        """The text as a reader sees it: for HTML, without scripts, styles and tags."""
        if not self.is_html:
            return self.raw
        text = re.sub(r"(?is)<(script|style|noscript)\b.*?</\1>", " ", self.raw)
        text = re.sub(r"(?i)<br\s*/?>|</(?:p|div|tr|li|h[1-6]|table)>", "\n", text)
        text = re.sub(r"<[^>]+>", " ", text)
        return html.unescape(text)


def _label_paths() -> list[Path]:
    return sorted(LABELS.glob("*.json"))


@cache
def _load(path: Path) -> Label:
    loaded = json.loads(path.read_text(encoding="utf-8"))
    assert isinstance(loaded, dict), f"{path.name}: a label must be a JSON object"
    return loaded


def _source_path(label: Label) -> Path:
    source = str(label["source"])
    if source.startswith("../shared/"):  # the shared directory, wherever it is
        return SHARED / source.removeprefix("../shared/")
    return CORPUS / source if source.startswith("texts/") else REPO / source


@cache
def _own_texts() -> tuple[CorpusText, ...]:
    """The project's own labelled texts, in this repository (never the seed records)."""
    texts = []
    for path in _label_paths():
        if path.stem.startswith("seed_"):
            continue
        label = _load(path)
        raw = _source_path(label).read_text(encoding="utf-8")
        texts.append(CorpusText(name=path.stem, label=label, raw=raw))
    return tuple(texts)


# --- validating one label -------------------------------------------------------------


def _iso_day(value: object) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return date.fromisoformat(value) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
    except ValueError:
        return None


def _role_problems(where: str, roles: object) -> Iterator[str]:
    if not isinstance(roles, list) or not all(isinstance(role, str) for role in roles):
        yield f"{where}: must be a list of role names"
        return
    for role in roles:
        if role != role.strip().lower() or not role:
            yield f"{where}: {role!r} must be lowercase with no surrounding space"
        if role.startswith("the ") or _ROLE_TRAILING.search(role):
            yield f"{where}: {role!r} keeps a leading article or trailing punctuation"
    if roles != sorted(set(roles)):
        yield f"{where}: {roles!r} must be sorted with no repeats"


def _count_problems(where: str, entry: Mapping[str, Any]) -> Iterator[str]:
    for key in ("for", "against", "abstained"):
        count = entry[key]
        if count is not None and (type(count) is not int or count < 0):
            yield f"{where}: {key!r} must be a non-negative integer or null, not {count!r}"
    for key in ("unanimous", "casting"):
        if type(entry[key]) is not bool:
            yield f"{where}: {key!r} must be true or false"
    if entry["unanimous"] is True and entry["against"] not in (None, 0):
        yield f"{where}: a unanimous vote cannot have {entry['against']} against"
    tied = entry["for"] is None or entry["against"] is None or entry["for"] == entry["against"]
    if entry["casting"] is True and not tied:
        yield f"{where}: a casting vote breaks a tie, but the counts are not equal"


def _entry_problems(kind: str, where: str, entry: Mapping[str, Any]) -> Iterator[str]:
    item, path = entry["item"], entry["path"]
    if not isinstance(item, str) or not _ITEM.fullmatch(item) or _ITEM_WORD.match(item):
        yield f"{where}: item {item!r} must be the number as printed, without punctuation"
    if not isinstance(path, str) or not (path == "" or _PATH.fullmatch(path)):
        yield f"{where}: path {path!r} must be dotted lowercase labels such as '2.a.ii'"
    if kind == "parts":
        if path == "":
            yield f"{where}: a part needs a path; an unnumbered resolution is path '1'"
        if entry["outcome"] not in OUTCOMES:
            yield f"{where}: outcome {entry['outcome']!r} is not one of {sorted(OUTCOMES)}"
    elif kind == "votes":
        yield from _count_problems(where, entry)
    elif kind == "conditions":
        if entry["kind"] not in CONDITION_KINDS:
            yield f"{where}: kind {entry['kind']!r} is not one of {sorted(CONDITION_KINDS)}"
    elif kind == "delegations":
        yield from _role_problems(f"{where} delegates", entry["delegates"])
        yield from _role_problems(f"{where} consultees", entry["consultees"])
        if not entry["delegates"]:
            yield f"{where}: a delegation needs at least one delegate"
    else:
        yield from _date_problems(where, entry)


def _date_problems(where: str, entry: Mapping[str, Any]) -> Iterator[str]:
    if entry["role"] not in DATE_ROLES:
        yield f"{where}: role {entry['role']!r} is not one of {sorted(DATE_ROLES)}"
    latest = _iso_day(entry["latest"])
    if latest is None:
        yield f"{where}: latest {entry['latest']!r} is not a real ISO day (YYYY-MM-DD)"
    if entry["earliest"] is not None:
        earliest = _iso_day(entry["earliest"])
        if earliest is None:
            yield f"{where}: earliest {entry['earliest']!r} is not a real ISO day or null"
        elif latest is not None and earliest > latest:
            yield f"{where}: earliest {earliest} is after latest {latest}; swap them"
    if entry["role"] in MEETING_ROLES and (entry["item"], entry["path"]) != ("", ""):
        yield f"{where}: a {entry['role']} date belongs to the whole text (item '', path '')"


def _reference_problems(label: Label) -> Iterator[str]:
    parts = {(part["item"], part["path"]) for part in label["parts"]}
    items = {item for item, _ in parts}
    for item, path in parts:
        steps = path.split(".")
        for depth in range(1, len(steps)):
            parent = ".".join(steps[:depth])
            if (item, parent) not in parts:
                yield f"part ({item!r}, {path!r}) has no parent part {parent!r}"
    for kind in ("votes", "conditions", "delegations", "dates"):
        for entry in label[kind]:
            key = (entry["item"], entry["path"])
            whole_item = entry["path"] == "" and entry["item"] in items
            meeting = kind == "dates" and key == ("", "")
            if key not in parts and not whole_item and not meeting:
                yield f"{kind} entry {key!r} is not among the parts"


def _duplicate_problems(label: Label) -> Iterator[str]:
    seen_parts = [(part["item"], part["path"]) for part in label["parts"]]
    for key in {key for key in seen_parts if seen_parts.count(key) > 1}:
        yield f"part {key!r} is labelled more than once"
    for kind in FIELD_LISTS:
        rendered = [json.dumps(entry, sort_keys=True) for entry in label[kind]]
        for entry in {entry for entry in rendered if rendered.count(entry) > 1}:
            yield f"{kind} entry {entry} is labelled more than once"
    decided = [date_ for date_ in label["dates"] if date_["role"] == "decided"]
    joined = str(label.get("source", "")).rsplit(".", 1)[0].endswith("_joined")
    if len(decided) > 1 and not joined:  # a file joining pages has one per meeting
        yield "a text has at most one decided date (the meeting or the decision)"


def label_problems(label: object) -> list[str]:
    """Everything that keeps *label* from following the contract and the README rules."""
    if not isinstance(label, dict):
        return ["a label must be a JSON object"]
    if set(label) != KEYS:
        return [f"keys must be exactly {sorted(KEYS)}, not {sorted(label)}"]
    problems: list[str] = []
    if label["format"] not in ("text", "html"):
        problems.append(f"format {label['format']!r} must be 'text' or 'html'")
    if not isinstance(label["body"], str) or not label["body"].strip():
        problems.append("body must name the deciding body as printed")
    if not isinstance(label["source"], str):
        return [*problems, "source must be a path"]
    for kind in FIELD_LISTS:
        entries = label[kind]
        if not isinstance(entries, list):
            return [*problems, f"{kind} must be a list"]
        for index, entry in enumerate(entries):
            where = f"{kind}[{index}]"
            if not isinstance(entry, dict) or set(entry) != ENTRY_KEYS[kind]:
                return [*problems, f"{where}: keys must be exactly {sorted(ENTRY_KEYS[kind])}"]
            problems.extend(_entry_problems(kind, where, entry))
    if problems:
        return problems
    problems.extend(_reference_problems(label))
    problems.extend(_duplicate_problems(label))
    return problems


# --- the corpus as a whole --------------------------------------------------------------


@pytest.mark.parametrize("path", _label_paths(), ids=lambda path: path.stem)
def test_label_follows_the_contract(path: Path) -> None:
    assert label_problems(_load(path)) == []


@pytest.mark.parametrize("path", _label_paths(), ids=lambda path: path.stem)
def test_label_source_exists_and_is_not_empty(path: Path) -> None:
    if path.stem.startswith("seed_"):
        _need_seeds()
    source = _source_path(_load(path))

    assert source.is_file(), f"{path.name}: {source} does not exist"
    assert source.read_text(encoding="utf-8").strip(), f"{source} is empty"


@pytest.mark.parametrize("path", _label_paths(), ids=lambda path: path.stem)
def test_label_names_its_text_and_format(path: Path) -> None:
    label = _load(path)
    if path.stem.startswith("seed_"):
        assert label["source"].startswith("../shared/seeds/")
        assert Path(label["source"]).name.startswith(path.stem.removeprefix("seed_") + "_")
        assert label["format"] == "text"
    else:
        suffix = ".html" if label["format"] == "html" else ".txt"
        assert label["source"] == f"texts/{path.stem}{suffix}"


def test_every_text_has_exactly_one_label() -> None:
    texts = sorted(path.name for path in TEXTS.iterdir())
    labelled = sorted(
        Path(_load(path)["source"]).name
        for path in _label_paths()
        if not path.stem.startswith("seed_")
    )

    assert labelled == texts


def _need_seeds() -> None:
    """Skip, saying why, where the shared seed records are not beside the repository."""
    need(SEEDS)


def test_every_seed_record_has_a_label() -> None:
    _need_seeds()
    seeds = sorted(f"../shared/seeds/{path.name}" for path in SEEDS.glob("[0-9][0-9][0-9]_*.txt"))
    labelled = sorted(_load(path)["source"] for path in LABELS.glob("seed_*.json"))

    assert len(seeds) == 5
    assert labelled == seeds


def test_no_seed_sentence_is_copied_into_the_project_texts() -> None:
    _need_seeds()
    seed_sentences = {
        sentence.strip()
        for seed in SEEDS.glob("[0-9][0-9][0-9]_*.txt")
        for sentence in re.split(r"[.;\n]", seed.read_text(encoding="utf-8"))
        if len(sentence.strip()) >= 60
    }
    copied = [
        (text.name, sentence)
        for text in _own_texts()
        for sentence in seed_sentences
        if sentence in text.raw
    ]

    assert seed_sentences
    assert copied == []


def test_no_two_labels_share_a_source() -> None:
    sources = [_load(path)["source"] for path in _label_paths()]

    assert len(sources) == len(set(sources))


def test_corpus_has_the_required_mix_of_shapes() -> None:
    own = _own_texts()
    html_pages = [text for text in own if text.is_html]
    pdf_like = [text for text in own if text.is_pdf_extracted]
    plain = [text for text in own if not text.is_html and not text.is_pdf_extracted]

    assert len(own) >= 24
    assert len(html_pages) >= 8
    assert len(plain) >= 8
    assert len(pdf_like) >= 4
    assert all(text.name.endswith("_pdf") for text in pdf_like)


def _all(kind: str) -> list[dict[str, Any]]:
    return [entry for text in _own_texts() for entry in text.label[kind]]


def test_corpus_covers_every_outcome_condition_kind_and_date_role() -> None:
    outcomes = {part["outcome"] for part in _all("parts")}
    # "not recorded" (the record stops before the outcome) is not drafted from text yet
    assert OUTCOMES - {Outcome.NOT_RECORDED.value} <= outcomes <= OUTCOMES
    assert {condition["kind"] for condition in _all("conditions")} == CONDITION_KINDS
    assert {date_["role"] for date_ in _all("dates")} == DATE_ROLES


def test_corpus_covers_every_kind_of_vote() -> None:
    votes = _all("votes")

    assert any(vote["unanimous"] for vote in votes)
    assert any(vote["casting"] for vote in votes)
    assert any(vote["for"] is not None and vote["against"] is not None for vote in votes)
    assert any(vote["abstained"] is not None for vote in votes)
    assert any(
        not vote["unanimous"] and vote["for"] is None and vote["against"] is None for vote in votes
    )
    assert any(vote["for"] is not None and vote["for"] < (vote["against"] or 0) for vote in votes)


def test_corpus_covers_delegations_and_periods() -> None:
    delegations = _all("delegations")
    dates = _all("dates")

    assert any(delegation["consultees"] for delegation in delegations)
    assert any(not delegation["consultees"] for delegation in delegations)
    assert any(len(delegation["delegates"]) > 1 for delegation in delegations)
    assert any(date_["earliest"] is None for date_ in dates)
    assert any(
        date_["earliest"] is not None and date_["earliest"] < date_["latest"] for date_ in dates
    )
    assert any(
        date_["earliest"] is not None and date_["earliest"] == date_["latest"] for date_ in dates
    )


# --- hard shapes -----------------------------------------------------------------------


def _lost_resolved_heading(text: CorpusText) -> bool:
    resolved = [part for part in text.label["parts"] if part["outcome"] == "resolved"]
    headed = _DECISION_HEADING.search(text.visible) or re.search(r"RESOLVED|AGREED", text.visible)
    return len(resolved) >= 2 and headed is None


def _printed_twice(text: CorpusText) -> bool:
    lines = [" ".join(line.split()) for line in text.visible.splitlines()]
    resolutions = [line for line in lines if len(line) >= 60 and _PART_LINE.match(line)]
    return len(resolutions) != len(set(resolutions))


def _truncated_clause(text: CorpusText) -> bool:
    return _TRUNCATED_BEFORE_BREAK.search(text.raw) is not None


def _inconsistent_names(text: CorpusText) -> bool:
    variants = NAME_VARIANTS.get(text.name, ())
    return bool(variants) and all(all(name in text.raw for name in names) for names in variants)


def _html_chrome(text: CorpusText) -> bool:
    markup = text.raw.lower()
    return text.is_html and "<script" in markup and "<table" in markup and "nav" in markup


def _decision_notice(text: CorpusText) -> bool:
    roles = {date_["role"] for date_ in text.label["dates"] if date_["path"] == ""}
    return {"published", "call_in_deadline", "effective"} <= roles


def _recommendation(text: CorpusText) -> bool:
    return any(part["outcome"] == "recommended" for part in text.label["parts"])


def _nested_three_levels(text: CorpusText) -> bool:
    return any(part["path"].count(".") >= 2 for part in text.label["parts"])


def _part_with_own_vote(text: CorpusText) -> bool:
    votes = text.label["votes"]
    return any(
        own["path"]
        and not own["unanimous"]
        and other["unanimous"]
        and other["item"] == own["item"]
        and other["path"] != own["path"]
        for own in votes
        for other in votes
    )


HARD_SHAPES: Mapping[str, Callable[[CorpusText], bool]] = {
    "lost RESOLVED heading": _lost_resolved_heading,
    "resolution printed twice": _printed_twice,
    "clause truncated at a page break": _truncated_clause,
    "inconsistent council names": _inconsistent_names,
    "HTML with navigation, scripts and tables": _html_chrome,
    "PDF-extracted text": lambda text: text.is_pdf_extracted,
    "decision notice with published, call-in and effective dates": _decision_notice,
    "recommendation to another body": _recommendation,
    "parts nested three levels deep": _nested_three_levels,
    "a part with its own vote while others are unanimous": _part_with_own_vote,
}


@pytest.mark.parametrize("shape", sorted(HARD_SHAPES))
def test_project_texts_cover_each_hard_shape(shape: str) -> None:
    showing = [text.name for text in _own_texts() if HARD_SHAPES[shape](text)]

    assert showing, f"no text written for the corpus shows: {shape}"


def test_declared_name_variants_are_printed() -> None:
    by_name = {text.name: text for text in _own_texts()}

    for name in NAME_VARIANTS:
        assert _inconsistent_names(by_name[name]), name


# --- the validator catches what it should ---------------------------------------------


def _labels_with(kind: str) -> st.SearchStrategy[Label]:
    """Labels from the corpus with at least one *kind* entry, read when first drawn."""
    return st.deferred(
        lambda: st.sampled_from([_load(path) for path in _label_paths() if _load(path)[kind]])
    )


def _copy(label: Label) -> Label:
    copied: Label = json.loads(json.dumps(label))
    return copied


@given(_labels_with("parts"), st.data())
def test_a_part_without_its_parent_is_reported(label: Label, data: st.DataObject) -> None:
    broken = _copy(label)
    part = data.draw(st.sampled_from(broken["parts"]))
    broken["parts"].append(
        {"item": part["item"], "path": part["path"] + ".z.i", "outcome": "resolved"}
    )

    assert any("no parent part" in problem for problem in label_problems(broken))


@given(_labels_with("parts"), st.data())
def test_an_unknown_outcome_is_reported(label: Label, data: st.DataObject) -> None:
    broken = _copy(label)
    part = data.draw(st.sampled_from(broken["parts"]))
    part["outcome"] = data.draw(st.text(min_size=1).filter(lambda word: word not in OUTCOMES))

    assert any("outcome" in problem for problem in label_problems(broken))


@given(_labels_with("votes"), st.data())
def test_a_vote_on_a_missing_part_is_reported(label: Label, data: st.DataObject) -> None:
    broken = _copy(label)
    vote = data.draw(st.sampled_from(broken["votes"]))
    vote["item"] = vote["item"] + "9" if vote["item"] else "999"

    assert any("not among the parts" in problem for problem in label_problems(broken))


@given(_labels_with("dates"), st.data())
def test_reversed_or_unreal_dates_are_reported(label: Label, data: st.DataObject) -> None:
    broken = _copy(label)
    entry = data.draw(st.sampled_from(broken["dates"]))
    if data.draw(st.booleans()):
        later = date.fromisoformat(entry["latest"]).toordinal() + data.draw(st.integers(1, 400))
        entry["earliest"] = date.fromordinal(later).isoformat()
    else:
        entry["latest"] = data.draw(st.sampled_from(["2023-02-30", "2023-13-01", "31/03/2024", ""]))

    assert any("earliest" in problem or "latest" in problem for problem in label_problems(broken))


@given(_labels_with("parts"), st.data())
def test_a_repeated_entry_is_reported(label: Label, data: st.DataObject) -> None:
    broken = _copy(label)
    kind = data.draw(st.sampled_from([kind for kind in FIELD_LISTS if broken[kind]]))
    broken[kind].append(_copy(data.draw(st.sampled_from(broken[kind]))))

    assert any("more than once" in problem for problem in label_problems(broken))


@given(_labels_with("delegations"), st.data())
def test_unnormalised_role_names_are_reported(label: Label, data: st.DataObject) -> None:
    broken = _copy(label)
    delegation = data.draw(st.sampled_from(broken["delegations"]))
    role = delegation["delegates"][0]
    delegation["delegates"][0] = data.draw(
        st.sampled_from([f"the {role}", role.upper(), f"{role}."])
    )

    assert any("delegates" in problem for problem in label_problems(broken))

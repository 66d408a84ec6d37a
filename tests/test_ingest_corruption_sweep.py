"""The corruption suite's sweep (issue 18): every damage applied to every labelled text
present, a few variants each, the same every run.

The property tests (``test_ingest_corruption.py``) draw a fixed number of texts, so which
texts they damage moves with the texts present (CI has the seeds at ``../shared``, a bare
clone has not) and with every rename of a set. Here each damage of
:data:`corruption.ALL_DAMAGE` is applied to each text with :data:`VARIANTS` sets of
choices: the smallest of each, then choices from a generator seeded by the text's name,
the damage and the variant number (so a text's cases never depend on the other texts).
A variant that leaves the text as it was, or repeats an earlier one, is not parsed
again. Pages joined are a text joined to itself, and to and after one partner among the
project's own texts, chosen by the highest hash of the two names (rendezvous hashing:
a new text moves few partners).

A damage not yet survived on a text is listed in ``ingest_corpus/damage_not_survived.json``
with a one-line reason. The sweep fails on a failure not listed there and on a listed one
that now passes, so the list only shrinks; a listed text absent here is not swept. Run
this file as a script to print every failure, listed or not."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator

import pytest

from corruption import (
    ALL_DAMAGE,
    CORPUS,
    DAMAGE,
    HTML_DAMAGE,
    JOINED,
    JOINED_KINDS,
    KNOWN_FAILURES,
    TWICE,
    Draws,
    Seeded,
    Smallest,
    clean,
    difference,
    entries,
    honest,
    joined_entries,
    known_failures,
    labelled,
    print_twice,
    text_of,
    texts,
)

#: The sets of choices each damage is applied with to each text (the first is the
#: smallest): the same in CI as on a laptop, so both sweep the same cases.
VARIANTS = 3


def variants(name: str, damage: str) -> Iterator[Draws]:
    yield Smallest()
    for number in range(1, VARIANTS):
        yield Seeded(f"{name}|{damage}|{number}")


def own_texts() -> list[str]:
    """The present texts written for the project (not the seeds): always in a clone."""
    present = {name for name, _ in texts()}
    return [name for name in present if not name.startswith("seed_")]


def partner(name: str) -> str:
    """The text *name* is joined with: stable as texts come and go."""

    def weight(other: str) -> bytes:
        return hashlib.sha256(f"{name}|{other}".encode()).digest()

    return max((other for other in own_texts() if other != name), key=weight)


def _joined_failure(name: str) -> str | None:
    other = partner(name)
    for first, second in ((name, name), (name, other), (other, name)):
        damaged, expected = joined_entries(first, second)
        if expected is None:
            changed = None if damaged is None else "no longer refused"
        elif damaged is None:
            changed = "refused"
        else:
            changed = next((k for k in JOINED_KINDS if damaged[k] != expected[k]), None)
        if changed:
            return f"{first} + {second}: {changed}"
    return None


def failure(name: str, damage: str) -> str | None:
    """How *damage* changes the draft of text *name* in some variant; ``None`` if never."""
    if damage == JOINED:
        return _joined_failure(name)
    as_html = damage in HTML_DAMAGE
    apply = {**DAMAGE, TWICE: print_twice, **HTML_DAMAGE}[damage]
    text = text_of(name)
    seen = set() if as_html else {text}
    for number, draws in enumerate(variants(name, damage)):
        damaged = apply(text, draws)
        if damaged in seen:
            continue
        seen.add(damaged)
        changed = difference(entries(damaged, as_html=as_html), clean(name))
        if changed:
            return f"variant {number}: {changed}"
    return None


@pytest.mark.parametrize("damage", ALL_DAMAGE)
def test_every_text_survives_the_damage_or_is_listed(damage: str) -> None:
    present = [name for name, _ in texts()]
    failed = {name: why for name in present if (why := failure(name, damage)) is not None}
    listed = {name for name, kind in known_failures() if kind == damage and name in present}

    new = [f"{name} ({why})" for name, why in failed.items() if name not in listed]
    fixed = sorted(listed - failed.keys())
    assert not new, f"{damage} changes drafts not listed in {KNOWN_FAILURES.name}: {new}"
    assert not fixed, f"{damage} no longer changes these: take them off the list: {fixed}"


def test_the_list_of_failures_names_real_texts_and_damage() -> None:
    rows = json.loads(KNOWN_FAILURES.read_text(encoding="utf-8"))
    keys = [(row["text"], row["damage"]) for row in rows]
    held = honest()

    assert len(set(keys)) == len(keys), "a failure listed twice"
    assert keys == sorted(keys, key=lambda key: (key[1], key[0])), "listed by damage, then text"
    for row in rows:
        assert set(row) == {"text", "damage", "reason"}, row
        assert row["damage"] in ALL_DAMAGE, row
        assert row["text"] in labelled() and row["text"] not in held, row
        assert (CORPUS / "labels" / f"{row['text']}.json").is_file(), row
        assert row["reason"].strip() and "\n" not in row["reason"], row


def test_variants_are_the_same_every_run() -> None:
    name = texts()[0][0]
    widths = [Seeded(f"{name}|x|{n}").integer(30, 70, "width") for n in range(1, 4)]

    assert widths == [Seeded(f"{name}|x|{n}").integer(30, 70, "width") for n in range(1, 4)]
    assert partner(name) == partner(name) != name


if __name__ == "__main__":  # every failure, listed or not, for working on the parser
    for kind in ALL_DAMAGE:
        for name, _ in texts():
            why = failure(name, kind)
            if why is not None:
                print(json.dumps({"text": name, "damage": kind, "reason": why}))

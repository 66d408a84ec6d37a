"""The damage the corruption suite does to the labelled texts (issue 18), shared by the
hypothesis tests (``test_ingest_corruption.py``) and the deterministic sweep over every
text (``test_ingest_corruption_sweep.py``).

Each damage is a function of the text and a :class:`Draws`: the choices it makes (a
width, a seed, which heading to keep) come from hypothesis in the property tests
(:class:`FromHypothesis`), from a random generator seeded by the text's name, the damage
and a variant number in the sweep (:class:`Seeded`), or are the smallest of each range
(:class:`Smallest`, the sweep's first variant and the report this file prints when run
as a script)."""

from __future__ import annotations

import html
import json
import random
import re
from collections import Counter
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any, Protocol, TypeVar

from hypothesis import strategies as st

from govledger.ingest import IngestError, ingest_document, load, read_html, read_text
from govledger.ingest.evaluate import KINDS, draft_entries

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "ingest_corpus"
Entries = dict[str, Counter[tuple[Any, ...]]]
T = TypeVar("T")


class Draws(Protocol):
    """Where a damage takes its choices from."""

    def integer(self, low: int, high: int, label: str) -> int: ...

    def boolean(self, label: str) -> bool: ...

    def choice(self, options: Sequence[T], label: str) -> T: ...


class FromHypothesis:
    """Choices drawn by hypothesis, with the strategies the suite has always drawn (so
    its fixed examples stay the ones it ran before the damage took a :class:`Draws`)."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data

    def integer(self, low: int, high: int, label: str) -> int:
        return self.data.draw(st.integers(low, high), label=label)

    def boolean(self, label: str) -> bool:
        return self.data.draw(st.booleans(), label=label)

    def choice(self, options: Sequence[T], label: str) -> T:
        return self.data.draw(st.sampled_from(options), label=label)


class Seeded:
    """Choices from a generator seeded by a string: the same every run, on every machine,
    whichever other texts are present."""

    def __init__(self, seed: str) -> None:
        self.random = random.Random(seed)

    def integer(self, low: int, high: int, label: str) -> int:
        del label
        return self.random.randint(low, high)

    def boolean(self, label: str) -> bool:
        del label
        return self.random.random() < 0.5

    def choice(self, options: Sequence[T], label: str) -> T:
        del label
        return options[self.random.randrange(len(options))]


class Smallest:
    """The smallest of each choice (what hypothesis shrinks towards)."""

    def integer(self, low: int, high: int, label: str) -> int:
        del high, label
        return low

    def boolean(self, label: str) -> bool:
        del label
        return False

    def choice(self, options: Sequence[T], label: str) -> T:
        del label
        return options[0]


# --------------------------------------------------------------------------- the texts


def _source(label: dict[str, Any]) -> Path:
    source = str(label["source"])
    return (ROOT / source).resolve() if source.startswith("../") else CORPUS / source


def honest() -> set[str]:
    """The texts of a set still held out of tuning ("honest" in its name in sets.json):
    scored by scripts/eval_ingest.py, not damaged here, so that no failure of theirs
    guides the tuning they are held out of. Their texts are never opened here."""
    sets = json.loads((CORPUS / "sets.json").read_text(encoding="utf-8"))
    return {name for key, names in sets.items() if "honest" in key for name in names}


def labelled() -> list[str]:
    """Every labelled text's name, present or not, but those of an honest set."""
    held = honest()
    return [p.stem for p in sorted((CORPUS / "labels").glob("*.json")) if p.stem not in held]


@cache
def texts() -> tuple[tuple[str, str], ...]:
    """``(name, visible text)`` of every labelled text whose source is here (the seeds'
    are at ``../shared``, absent on a bare clone), but those of an honest held-out set."""
    found = []
    for name in labelled():
        label = json.loads((CORPUS / "labels" / f"{name}.json").read_text(encoding="utf-8"))
        source = _source(label)
        if source.is_file():
            found.append((name, load(source, format=label.get("format")).text))
    return tuple(found)


def text_of(name: str) -> str:
    return dict(texts())[name]


def entries(text: str, *, as_html: bool = False) -> Entries | None:
    """What the draft of *text* holds, by field kind; ``None`` when the text is refused."""
    doc = read_html(text) if as_html else read_text(text)
    try:
        draft = ingest_document(doc, partnership="p").to_json()
    except IngestError:
        return None
    return {kind: Counter(values) for kind, values in draft_entries(draft).items()}


@cache
def clean(name: str) -> Entries | None:
    """The undamaged text's draft: the reference (parsed once per process)."""
    return entries(text_of(name))


def difference(
    damaged: Entries | None, reference: Entries | None, kinds: tuple[str, ...] = KINDS
) -> str | None:
    """The first field kind where the damaged draft differs from the reference, "refused"
    or "no longer refused"; ``None`` when it holds the same."""
    if reference is None or damaged is None:
        if damaged is reference:
            return None
        return "refused" if damaged is None else "no longer refused"
    return next((kind for kind in kinds if damaged[kind] != reference[kind]), None)


def same(
    damaged: Entries | None, reference: Entries | None, kinds: tuple[str, ...] = KINDS
) -> None:
    """The damaged text's draft holds what the clean one does (a refused text stays refused)."""
    changed = difference(damaged, reference, kinds)
    assert changed is None, changed


def joined_entries(first: str, second: str) -> tuple[Entries | None, Entries | None]:
    """Two pages joined in one file: its draft, and what it must hold in the kinds
    :data:`JOINED_KINDS` (each page's decisions, one page's when it is joined to itself,
    since the same decision twice is merged); ``None`` when both pages are refused."""
    joined = f"Decision details\n\n{text_of(first)}\n\nDecision details\n\n{text_of(second)}\n"
    pages = [e for e in (clean(first), clean(second)) if e is not None]
    if not pages:
        return entries(joined), None
    expected = {kind: sum((page[kind] for page in pages), Counter()) for kind in KINDS}
    if first == second:
        expected = pages[0]
    return entries(joined), expected


#: The kinds the joined page is compared in: a vote or date stated once for a page may
#: be read for the file.
JOINED_KINDS = ("parts", "outcomes", "conditions", "delegations")


def _lines(text: str) -> list[str]:
    return text.split("\n")


# --------------------------------------------------------------------------- damage

_HEADING_ONLY = re.compile(r"^[ \t]*(?:RESOLVED|Resolved|DECISION|Decision)[ \t]*[:\-–—]?[ \t]*$")


def drop_headings(text: str, draws: Draws) -> str:
    """A bold "RESOLVED:" line lost in extraction, before parts that begin "That"."""
    lines = _lines(text)
    out = []
    for index, line in enumerate(lines):
        following = next((ln for ln in lines[index + 1 : index + 4] if ln.strip()), "")
        if (
            _HEADING_ONLY.match(line)
            and re.match(r"\s*\(?(?:1|a)[.)]\)?\s+That\b", following)
            and not draws.boolean(label="kept")
        ):
            continue
        out.append(line)
    return "\n".join(out)


def widen(text: str, draws: Draws) -> str:
    seed = draws.integer(0, 2**16, label="seed")
    count = [seed]

    def wider(m: re.Match[str]) -> str:
        count[0] = (count[0] * 1103515245 + 12345) % 2**31
        return " " * (1 + count[0] % 3)

    return re.sub(r"(?<=\S) (?=\S)", wider, text)


def collapse(text: str, draws: Draws) -> str:
    del draws
    return re.sub(r"[ \t]{2,}", " ", text)


_INDENT = 4


def wrap(text: str, draws: Draws) -> str:
    """Long lines broken at a space before a lower-case word, as a PDF column does."""
    width = draws.integer(30, 70, label="width")
    out = []
    for line in _lines(text):
        while len(line) > width:
            # cut past the continuation indent, or the line never gets shorter
            cut = line.rfind(" ", _INDENT, width)
            while cut > _INDENT and not re.match(r" [a-z]", line[cut:]):
                cut = line.rfind(" ", _INDENT, cut)
            if cut <= _INDENT:
                break
            out.append(line[:cut])
            line = " " * _INDENT + line[cut + 1 :]
        out.append(line)
    return "\n".join(out)


def hyphenate(text: str, draws: Draws) -> str:
    """Long lower-case words split across a line break with a hyphen."""
    every = draws.integer(2, 6, label="every")
    seen = [0]

    def split(m: re.Match[str]) -> str:
        seen[0] += 1
        word = m.group()
        if seen[0] % every:
            return word
        return f"{word[:4]}-\n{word[4:]}"

    return re.sub(r"(?<![\w-])[a-z]{9,}(?![\w-])", split, text)


def page_furniture(text: str, draws: Draws) -> str:
    """Page breaks with a running header and a "Page N of M" footer, between lines."""
    lines = _lines(text)
    every = draws.integer(8, 25, label="every")
    out: list[str] = []
    page = 1
    for index, line in enumerate(lines, 1):
        out.append(line)
        if index % every == 0:
            out += [
                "",
                f"                Page {page} of 9",
                "\f",
                "Shared Services Minutes 3 March 2021",
            ]
            page += 1
    return "\n".join(out)


ITEM_LINE = re.compile(
    # the number may stand on a line of its own, the title on the next ("89. " / "North ...")
    r"^\s{0,2}(?:\d{1,3}[./]?\d{0,2}\.?|[A-Z]{2,5}[./]\d{1,3}|Item\s+\d+)(?:\s+[A-Z]|[ \t]*\n)"
)


#: A page's running footer or header ("58      CL.13.03.24 Page 2"): no item heading, and
#: it may fall inside a decision, where no paragraph of discussion is printed.
_PAGE_LINE = re.compile(r"\bpage\s+\d+(?:\s+of\s+\d+)?\s*$", re.I)


def narrative(text: str, draws: Draws) -> str:
    """A paragraph of discussion before some item headings (and numbered lines), where a
    paragraph can start: not inside a sentence wrapped onto a line such as "18 July 2023
    to allow ..."."""
    words = draws.choice(
        [
            "Members discussed the report at length and asked about the staffing of the team.",
            "The Chair thanked the officers for their work on the proposals over the year.",
            "In answer to a question, the Director said the savings had been checked twice.",
        ],
        label="paragraph",
    )
    out: list[str] = []
    for line in _lines(text):
        before = next((ln for ln in reversed(out) if ln.strip()), "")
        if (
            ITEM_LINE.match(line)
            and not _PAGE_LINE.search(line)
            and (not out or not out[-1].strip() or _ends(before))
        ):
            out += [words, ""]
        out.append(line)
    return "\n".join(out)


def _ends(line: str) -> bool:
    """Whether a line ends a sentence, a clause or a heading (a paragraph can follow it)."""
    return bool(re.search(r"[.;:!?)]\s*$", line)) or not re.search(r"[a-z,]\s*$", line)


def unicode_noise(text: str, draws: Draws) -> str:
    """Non-breaking and thin spaces, zero-width characters, soft hyphens, ligatures."""
    seed = draws.integer(0, 2**16, label="seed")
    state = [seed]

    def pick(options: list[str]) -> str:
        state[0] = (state[0] * 1103515245 + 12345) % 2**31
        return options[state[0] % len(options)]

    text = re.sub(r"(?<=\S) (?=\S)", lambda m: pick([" ", "\xa0", "\u2009", " "]), text)
    text = re.sub(
        r"(?<=[a-z]{3})(?=[a-z]{3})", lambda m: pick(["", "", "", "\u200b", "\xad"]), text
    )
    return text.replace("fi", "\ufb01")


#: A line that goes on with a resolution: its next part ("(2) Ms ...", "B.  That ...",
#: "b) agrees ...", "That the minutes ...") or a clause in lower case.
_GOES_ON = re.compile(
    r"[ \t]*(?:\((?:\d{1,2}|[A-Za-z]|[ivx]+)\)"
    r"|(?:(?:\d{1,2}|[A-Za-z]|[ivx]+)[.)][ \t]+)?(?:That\b|To\b|[a-z]))"
)


#: A line a resolution never runs on into: another heading, or a page's own headings.
_BLOCK_ENDS = re.compile(r"[ \t]*(?:RESOLVED\b|Minutes:|Decision:|Issue - |Meeting:)")


def decision_blocks(text: str) -> list[tuple[int, int]]:
    """Each RESOLVED block: from its heading line to the next item or heading, or to a
    blank line after which the resolution does not go on, and ending a sentence: the
    whole resolution, as a page printing it twice prints it, never its first part alone
    or a clause cut at a page break."""
    lines = list(re.finditer(r"[^\n]*\n", text))
    blocks = []
    for index, line in enumerate(lines):
        if not re.match(r"[ \t]*RESOLVED\b", line.group()):
            continue
        end = index + 1
        while end < len(lines):
            here = lines[end].group()
            if _BLOCK_ENDS.match(here):
                break
            if not here.strip():
                after = next((ln.group() for ln in lines[end:] if ln.group().strip()), "")
                if not _GOES_ON.match(after):
                    break
            elif ITEM_LINE.match(here) and not _GOES_ON.match(here):
                break
            end += 1
        while end > index + 1 and not lines[end - 1].group().strip():
            end -= 1
        if re.search(r"[.;:)]\s*$", lines[end - 1].group()):  # not cut off mid-clause
            blocks.append((line.start(), lines[end - 1].end()))
    return blocks


def print_twice(text: str, draws: Draws) -> str:
    """One RESOLVED paragraph printed again straight after itself (the text unchanged
    when it has none)."""
    blocks = decision_blocks(text)
    if not blocks:
        return text
    start, end = draws.choice(blocks, label="block")
    return text[:end] + "\n" + text[start:end] + text[end:]


def tag_soup(text: str, draws: Draws) -> str:
    """The text as a messy page: each line its own block, spans and unclosed inline tags
    around words, entities, a script, navigation and a cookie banner."""
    style = draws.choice(["p", "div", "li-less"], label="style")
    out = [
        "<html><head><script>var x = '<p>RESOLVED that nothing</p>';</script>",
        "<style>p { margin: 0 }</style></head><body>",
        "<nav><a href='/'>Home</a> <a href='/m'>Meetings<a></nav><div class=cookie>Cookies</div>",
    ]
    for line in _lines(text):
        escaped = html.escape(line, quote=False).replace("  ", " &nbsp;")
        escaped = re.sub(r"\b(RESOLVED|AGREED|RECOMMENDED)\b", r"<b>\1</b>", escaped)
        escaped = re.sub(r"(?<=\w) (?=\w{5,} )", " <span class=w>", escaped, count=2)
        if style == "p":
            out.append(f"<p>{escaped}</p>" if line.strip() else "<p>&nbsp;</p>")
        elif style == "div":
            out.append(f"<div><font face=Arial>{escaped}</div>")
        else:
            out.append(f"{escaped}<br>")
    out.append("<footer>Accessibility | Contact</footer></body></html>")
    return "\n".join(out)


Damage = Callable[[str, Draws], str]

#: The damage done to one text, read back as plain text: each runs in CI.
DAMAGE: dict[str, Damage] = {
    "headings dropped": drop_headings,
    "hyphenation": hyphenate,
    "odd unicode": unicode_noise,
    "whitespace widened": widen,
    "whitespace collapsed": collapse,
    "page headers and footers": page_furniture,
    "narrative inserted": narrative,
    "lines wrapped mid-clause": wrap,
}

#: The damage that makes an HTML page of the text.
HTML_DAMAGE: dict[str, Damage] = {"HTML tag soup": tag_soup}

#: The decision printed twice (its own hypothesis test; the sweep treats it as damage).
TWICE = "decision printed twice"

#: Two pages joined in one file: its label is the sum of both pages' decisions.
JOINED = "pages joined"

#: Every kind of damage the sweep applies to every text.
ALL_DAMAGE = (*DAMAGE, TWICE, *HTML_DAMAGE, JOINED)


# --------------------------------------------------------------------------- known failures

#: The damage the parser does not yet survive on a text, found by the sweep: a list of
#: ``{"text", "damage", "reason"}``. The sweep fails on a failure not listed here and on a
#: listed one that now passes, so the list only shrinks.
KNOWN_FAILURES = CORPUS / "damage_not_survived.json"


@cache
def known_failures() -> dict[tuple[str, str], str]:
    """``(text, damage) -> reason`` of every listed failure."""
    rows = json.loads(KNOWN_FAILURES.read_text(encoding="utf-8"))
    return {(row["text"], row["damage"]): row["reason"] for row in rows}


def known(name: str, damage: str) -> bool:
    return (name, damage) in known_failures()

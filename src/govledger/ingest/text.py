"""Reading a minutes file: plain text or saved HTML, with a map back to the raw characters.

The parser works on plain text. For HTML the text is built from the page's visible
words (block elements become line breaks, list items get their printed numbers,
scripts and styles are dropped). Both kinds are then tidied the way a reader's eye
tidies a page: odd Unicode spaces and invisible characters, words hyphenated across
a line break, and page furniture (running "Page 3 of 7" lines, a browser's printed
header and footer, a bare source address) are taken out.

Every character of the text remembers where it came from in the raw file, so a span
found in the text can be cited as a span of the file. The map is kept as runs (one
entry per copied stretch, not per character) and every step here is linear in the
size of the input: a page of unclosed tags or a 20 MB text is read in bounded time.
"""

from __future__ import annotations

import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import attrs

from ._html_text import _TextBuilder
from ._offsets import OffsetMap
from ._page_lines import page_lines
from ._run_on import run_on_breaks
from .errors import IngestError

__all__ = ["Document", "Format", "OffsetMap", "furniture_lines", "load", "read_html", "read_text"]

#: The input formats ``ingest`` reads.
Format = str  # "text" or "html"

_HTML_SNIFF = re.compile(r"<\s*(?:!doctype\s+html|html|body|div|p|table|h[1-6]|span)\b", re.I)
_MAX_BYTES = 20_000_000


@attrs.frozen(kw_only=True)
class Document:
    """The text the parser reads, and how to cite it in the raw file.

    ``text`` is what the parser sees; ``raw`` is the file as read. ``maps`` lead from
    the text back to the raw file, last step first; :meth:`raw_span` turns a text span
    into the raw span to cite.
    """

    raw: str
    text: str
    format: Format
    maps: tuple[OffsetMap, ...] = ()

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the raw file that text characters ``[start, end)`` came from."""
        for step in reversed(self.maps):
            start, end = step.span(start, end)
        return start, end


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise IngestError(f"{name} is empty: give a minutes or decision-notice text")
    if b"\x00" in data[:4096]:
        raise IngestError(
            f"{name} is a binary file (it holds NUL bytes), not text: save the page as "
            "HTML, or extract the PDF's text first (for example with pdftotext)"
        )
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\t\n\r\f")
        if controls > 8:
            break
        return text
    raise IngestError(
        f"{name} does not look like text (undecodable or full of control characters): "
        "give a plain-text or HTML file"
    )


def load(path: str | Path, *, format: Format | None = None) -> Document:
    """Read the file at *path* as text or HTML (guessed from its name and content).

    Raises :class:`IngestError` for a missing, empty, binary or oversized file.
    """
    file = Path(path)
    if not file.is_file():
        raise IngestError(f"no file at {file}: give the path of a saved minutes page or text")
    size = file.stat().st_size
    if size > _MAX_BYTES:
        raise IngestError(
            f"{file} is {size:,} bytes; minutes pages are far smaller (the limit is "
            f"{_MAX_BYTES:,}): split the file into its pages"
        )
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise IngestError(f"{file} could not be read ({exc.strerror or exc})") from exc
    raw = _decode(data, str(file))
    if format is None:
        format = "html" if _looks_like_html(file.suffix, raw) else "text"
    if format == "html":
        return read_html(raw)
    if format == "text":
        return read_text(raw)
    raise IngestError(f"unknown format {format!r}: use 'text' or 'html'")


def _looks_like_html(suffix: str, raw: str) -> bool:
    if suffix.lower() in {".html", ".htm", ".xhtml"}:
        return True
    if suffix.lower() == ".txt":
        return False
    return bool(_HTML_SNIFF.search(raw[:2000]))


def read_text(raw: str) -> Document:
    """A plain-text (or PDF-extracted) document: the raw file, tidied."""
    if not raw.strip():
        raise IngestError("the text is empty: give a minutes or decision-notice text")
    text, step = tidy(raw)
    return Document(raw=raw, text=text, format="text", maps=(step,))


def read_html(raw: str) -> Document:
    """An HTML page: its visible text, tidied, each character mapped back into *raw*."""
    if not raw.strip():
        raise IngestError("the page is empty: give a saved minutes or decision page")
    builder = _TextBuilder(raw)
    builder.run()
    visible = "".join(builder.pieces)
    if not visible.strip():
        raise IngestError(
            "the HTML page has no visible text: save the page after it has loaded, or give its text"
        )
    text, step = tidy(visible)
    return Document(raw=raw, text=text, format="html", maps=(builder.map, step))


# --------------------------------------------------------------------------- tidying

#: Characters replaced as a reader would read them: invisible ones dropped, odd
#: spaces made plain, typographic hyphens made plain, ligatures spelled out.
_CHAR_FIXES = {
    "\xad": "", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": "",
    "\xa0": " ", "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ",
    "\u2005": " ", "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ",
    "\u202f": " ", "\u205f": " ", "\u3000": " ", "\u2010": "-", "\u2011": "-", "\u2212": "-",
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl",
    "\u2028": "\n", "\u2029": "\n", "\x0b": "\n", "\f": "\n", "\r": "\n", "\r\n": "\n",
}  # fmt: skip
_ODD = re.compile("\r\n|[" + "".join(re.escape(c) for c in _CHAR_FIXES if len(c) == 1) + "]")
_HYPHENATED = re.compile(r"(?<=[a-z])-[ \t]*\n[ \t]*(?=[a-z]{2})")
_SPACE = "[ \t\xa0\u2000-\u200a\u202f\u205f\u3000]"
#: A gap between words wider than one space (or a tab), which extraction widens at
#: will, read as one space. Kept as printed: a line's indentation and the gap after a
#: line's short first token, which sets off a label ("a          To start ...").
_WIDE_GAP = re.compile(
    rf"(?m)(?P<keep>^{_SPACE}*\(?[0-9A-Za-z]{{1,4}}[.):]?\)?{_SPACE}+)"
    rf"|(?<=\S)(?:{_SPACE}{{2,}}|\t|{_SPACE}+\t{_SPACE}*)(?=\S)"
)
_LINE = re.compile(r"[^\n]*\n?")
_REPEAT_OK = re.compile(
    r"\b(?:resolved|recommended|agreed|decision|decisions|minutes|that|to)\b|^\W*$", re.I
)


def furniture_lines(text: str) -> list[tuple[int, int]]:
    """Line spans of page furniture: page numbers, print headers, bare addresses, and
    running headers (the same short line printed at three or more page breaks)."""
    out = page_lines(text, _RUNNING_HEADER)
    if "\f" in text or out:
        counts: Counter[str] = Counter()
        spans: dict[str, list[tuple[int, int]]] = {}
        for line in _LINE.finditer(text):
            words = line.group().strip()
            if 4 <= len(words) <= 120 and not _REPEAT_OK.search(words):
                counts[words] += 1
                spans.setdefault(words, []).append((line.start(), line.end() - 1))
        breaks = max(text.count("\f"), len(out))
        for words, count in counts.items():
            if count >= 3 and count <= breaks + 1:
                out.extend(spans[words])
    out.extend(_page_edges(text))
    out.extend(_numbered_furniture(text))
    out.extend(_first_line_repeats(text))
    out.sort()
    return out


#: A page's number beside a code printed on every page ("44 CL.24.02.16", "CAB/3/19 12"):
#: the code in capitals, digits and stops, never a word in lower case.
_NUMBERED_CODE = re.compile(
    r"[ \t]*(?:(?P<before>\d{1,4})[ \t]+(?P<code>[A-Z][A-Z0-9./-]{2,30})"
    r"|(?P<code2>[A-Z][A-Z0-9./-]{2,30})[ \t]+(?P<after>\d{1,4}))[ \t]*"
)


def _numbered_furniture(text: str) -> list[tuple[int, int]]:
    """Lines that number the pages beside a code printed on each ("44 CL.24.02.16", then
    "45 CL.24.02.16"): the same code on two or more lines, its number going up by one."""
    runs: dict[str, list[tuple[int, int, int]]] = {}
    for line in _LINE.finditer(text):
        m = _NUMBERED_CODE.fullmatch(line.group().rstrip("\n"))
        if m is None:
            continue
        code = m["code"] or m["code2"]
        number = int(m["before"] or m["after"])
        runs.setdefault(code, []).append((number, line.start(), line.start() + len(m.group())))
    out: list[tuple[int, int]] = []
    for found in runs.values():
        numbers = [n for n, _, _ in found]
        if len(found) >= 2 and all(b == a + 1 for a, b in pairwise(numbers)):
            out.extend((start, end) for _, start, end in found)
    return out


_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _first_line_repeats(text: str) -> list[tuple[int, int]]:
    """The page's first line printed again as a line of its own further down: a PDF's
    running header ("CABINET HELD: 15 NOVEMBER 2022") at a page break with no form feed
    or page number, even on two pages. Only a short line with a year counts (spacing
    aside); the first printing stays (it dates the page). One pass over the lines."""
    lines = _LINE.finditer(text)
    first = next((m for m in lines if m.group().strip()), None)
    words = "" if first is None else " ".join(first.group().split())
    if not 8 <= len(words) <= 80 or _A_YEAR.search(words) is None or _REPEAT_OK.search(words):
        return []
    head = words.split()[0]
    out: list[tuple[int, int]] = []
    for line in lines:
        if head in line.group() and " ".join(line.group().split()) == words:
            end = line.end() - 1 if line.group().endswith("\n") else line.end()
            out.append((line.start(), end))
    return out


_RUNNING_HEADER = re.compile(
    r"[ \t]*[A-Z][A-Za-z&,' -]{2,50}[ \t]+"
    r"(?:\d{1,2}(?:st|nd|rd|th)?[ \t]+[A-Za-z]{3,9}\.?[ \t]+\d{4}|"
    # "Executive (08.12.2016)": the date in brackets
    r"\(?\d{1,2}[./]\d{1,2}[./]\d{2,4}\)?|[A-Za-z]{3,9}[ \t]+\d{4})[ \t]*"
)
_PAGE_NUMBER = re.compile(r"[ \t]*\d{1,4}[ \t]*")


def _page_edges(text: str) -> list[tuple[int, int]]:
    """The running header just after each page break ("Cabinet 9 February 2023") and
    the bare page number just before it."""
    out: list[tuple[int, int]] = []
    at = text.find("\f")
    while at != -1:
        after = at + 1
        while after < len(text) and text[after] in " \t\n":
            after += 1
        end = text.find("\n", after)
        end = len(text) if end == -1 else end
        if end - after <= 70 and _RUNNING_HEADER.fullmatch(text, after, end):
            out.append((after, end))
        before = text.rfind("\n", 0, max(at - 1, 0))
        while before > 0 and not text[before + 1 : at].strip():
            before = text.rfind("\n", 0, before)
        line_start = before + 1
        line_end = text.find("\n", line_start)
        line_end = at if line_end == -1 or line_end > at else line_end
        if _PAGE_NUMBER.fullmatch(text, line_start, line_end):
            out.append((line_start, line_end))
        at = text.find("\f", at + 1)
    return out


_BLANK_RUN = re.compile(r"(?<=\n)(?:[ \t\f]*\n){2,}")
#: A line that opens a paragraph of its own: a label, an item number, a bullet, a
#: heading in capitals.
_OPENS_PARAGRAPH = re.compile(r"[ \t]*(?:[\d(•·●▪\-–*]|[A-Za-z][.):][ \t]|[^a-z\n]+$)")
_ENDS_CLAUSE = re.compile(r"[.;:!?][\"'”’)]*[ \t]*$")
#: A line that stops in the middle of a clause: on a comma or a word no clause ends on.
_NO_CLAUSE_ENDS_ON = (
    r"\b(?:from|to|of|by|the|a|an|and|or|in|on|at|for|with|between|under|as|be|is|are|"
    r"was|were|than|into|its|their|this|which|who|after|before|until|any|each|both|such|"
    r"within|per|not|no)"
)
_MID_CLAUSE = re.compile(rf"(?:,|{_NO_CLAUSE_ENDS_ON})[ \t]*$", re.I)


def _page_breaks(source: str, furniture: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Cuts that take page furniture out and read the page break as the page's reader
    does: the text before and after is joined as one paragraph when the break falls in
    the middle of one (the last line stops on a comma or a word like "from", or it ends
    without a stop and the next line does not open a paragraph), and otherwise stays one
    paragraph break, however many blank lines and furniture lines the break printed. A
    run of blank lines elsewhere is one paragraph break too. One pass over the lines:
    linear in size."""
    if not furniture:
        return [(m.start(), m.end(), "\n") for m in _BLANK_RUN.finditer(source)]
    cuts: list[tuple[int, int, str]] = []
    spans = iter(furniture)
    span = next(spans, None)
    run_start: int | None = None  # the first blank or furniture line of the current run
    run_furniture = False
    run_blanks = 0
    last_text = ""
    for m in _LINE.finditer(source):
        start, end = m.span()
        if start == end:
            break
        stop = end - 1 if source[end - 1] == "\n" else end
        covered: list[tuple[int, int]] = []
        while span is not None and span[0] < end:
            if span[0] >= start:
                covered.append(span)
            span = next(spans, None)
        residue = source[start:stop]
        if covered:
            pieces, at = [], start
            for a, b in covered:
                pieces.append(source[at:a])
                at = max(at, b)
            pieces.append(source[at:stop])
            residue = "".join(pieces)
        if not residue.strip(" \t\f\r"):
            if run_start is None:
                run_start, run_furniture, run_blanks = start, False, 0
            if covered:
                run_furniture = True
            else:
                run_blanks += 1
            continue
        if run_start is not None:  # the run of blank and furniture lines ends here
            if run_furniture:
                joined = bool(last_text) and not _ENDS_CLAUSE.search(last_text)
                joined = joined and (
                    _MID_CLAUSE.search(last_text) is not None
                    or not _OPENS_PARAGRAPH.match(source, start, stop)
                )
                cuts.append((run_start, start, "\n" if run_blanks and not joined else ""))
            elif run_blanks >= 2:
                cuts.append((run_start, start, "\n"))
            run_start = None
        cuts.extend((a, b, "") for a, b in covered)  # furniture inside a line of text
        last_text = source[start:stop]
    if run_start is not None and run_furniture:
        cuts.append((run_start, len(source), ""))
    return cuts


#: A line break inside a clause, as a PDF's extraction prints one: the line before ends
#: on a word, comma or semicolon, or is a label alone ("(a)"); the next goes on in lower
#: case and is no label ("(a) ", "ii. ", "b    To"; "b Note ..." unless the line before
#: stops on a word no clause ends on: "the creation of" / "a Shared Services ...").
_WRAPPED = re.compile(
    rf"(?:(?<=[\w,;])|(?m:^){_SPACE}*\(?[0-9A-Za-z]{{1,4}}[.)]?\)?)(?P<gap>{_SPACE}*\n{_SPACE}*)"
    rf"(?=[a-z])(?![a-z]{{1,4}}[.):]?(?:{_SPACE}{{2,}}|\t)|[a-z]{{1,4}}[.)]{_SPACE})"
    rf"(?P<letter>[a-z]{_SPACE}+[A-Z])?"
)
_ENDS_MID_CLAUSE = re.compile(rf"{_NO_CLAUSE_ENDS_ON}{_SPACE}*$", re.I)


def _wrapped_lines(source: str) -> list[tuple[int, int, str]]:
    """Cuts that join each line wrapped mid-clause to the line before, with one space."""
    return [
        (m.start("gap"), m.end("gap"), " ")
        for m in _WRAPPED.finditer(source)
        if m["letter"] is None or _ENDS_MID_CLAUSE.search(source, max(0, m.start() - 40), m.start())
    ]


#: A notice's two-cell table row, as a page copied with its table rules gives it:
#: "| Decision date | 14 June 2022 |", "| Decision | To extend ... |". Its label cell
#: is a field's name: words and a question mark, never a stop or a number.
_ROW_START = re.compile(r"(?m)^[ \t]*\|")
_FIELD_LABEL = re.compile(r"[A-Z][A-Za-z?'’()/ -]{1,40}")
_LONGEST_ROW = 4000


def _field_rows(source: str) -> list[tuple[int, int, str]]:
    """The cuts that read a two-cell table row as the field line it stands for
    ("Decision date: 14 June 2022"): the row's rules dropped, a colon after its label."""
    cuts: list[tuple[int, int, str]] = []
    for m in _ROW_START.finditer(source):
        end = source.find("\n", m.end())
        end = len(source) if end == -1 else end
        if end - m.start() > _LONGEST_ROW:
            continue
        second = source.find("|", m.end(), end)
        if second == -1:
            continue
        third = source.find("|", second + 1, end)
        close = end if third == -1 else third
        if third != -1 and source[third + 1 : end].strip():
            continue  # a third cell: a table of more columns
        label = source[m.end() : second].strip()
        value = source[second + 1 : close].strip()
        if not value or _FIELD_LABEL.fullmatch(label) is None:
            continue
        label_end = source.rindex(label, m.end(), second) + len(label)
        value_start = source.index(value, second + 1, close)
        value_end = value_start + len(value)
        cuts.append((m.start(), source.index(label, m.end(), second), ""))
        cuts.append((label_end, value_start, ": "))
        if end > value_end:
            cuts.append((value_end, end, ""))
    return cuts


#: A row of an item table copied with its cell rules: the item's number in a cell of its
#: own, then its title, papers and decision run together in the next ("11. | Minutes of
#: the Previous Meeting PDF 126 KB Decision: The minutes ... |"), the cell going on over
#: the lines after until one ends with its rule.
_ITEM_ROW = re.compile(
    r"(?m)^[ \t]*\*?(?:[A-Z]{1,6}[ ./-]?)?\d{1,4}[A-Za-z]?(?:/\d{2,4})?[.:)]?"
    r"(?P<rule>[ \t]*\|[ \t]*)(?=\S)(?!\|)"
)
#: Inside such a cell, where the page printed a new line: after a paper's size, before
#: "Additional documents:", around "Decision:" and "Minutes:".
_CELL_BREAK = re.compile(
    r"(?<=\b[KM]B)[ \t]+(?=\S)"
    r"|[ \t]+(?=(?:Additional\s+documents|Decisions?|Minutes)[ \t]*:)"
    r"|(?<=\bDecision:)[ \t]+|(?<=\bDecisions:)[ \t]+|(?<=\bMinutes:)[ \t]+"
)
_CELL_CLOSE = re.compile(r"[ \t]*\|[ \t]*$")
_LONGEST_CELL = 20


def _item_rows(source: str) -> list[tuple[int, int, str]]:
    """The cuts that lay out an item table's row as its page prints it: the number on its
    line, the title on the next, then the papers and the decision on lines of their own,
    the cell's closing rule dropped."""
    cuts: list[tuple[int, int, str]] = []
    for m in _ITEM_ROW.finditer(source):
        # the cell rule says the number is an item's: a bare "4 | Minutes ..." keeps that
        # as the stop a number alone on its line needs to be read as one ("4.")
        bare = source[m.start("rule") - 1] not in ".:)"
        cuts.append((m.start("rule"), m.end("rule"), ".\n" if bare else "\n"))
        position = m.end()
        first = True
        for _ in range(_LONGEST_CELL):
            end = source.find("\n", position)
            end = len(source) if end == -1 else end
            if first:
                cuts.extend(
                    (b.start(), b.end(), "\n") for b in _CELL_BREAK.finditer(source, position, end)
                )
            first = False
            close = _CELL_CLOSE.search(source, position, end)
            if close is not None:
                cuts.append((close.start(), close.end(), ""))
                break
            if end >= len(source):
                break
            position = end + 1
    return cuts


def tidy(source: str) -> tuple[str, OffsetMap]:
    """*source* as a reader sees it, and the map from the result back into *source*.

    Drops invisible characters and page furniture, joins words hyphenated across a
    line break, and makes odd spaces, hyphens and ligatures plain. Linear in size.
    """
    cuts: list[tuple[int, int, str]] = []  # (start, end, replacement), sorted, disjoint
    cuts.extend(_page_breaks(source, furniture_lines(source)))
    for m in _HYPHENATED.finditer(source):
        cuts.append((m.start(), m.end(), ""))
    cuts.extend(_wrapped_lines(source))
    cuts.extend(run_on_breaks(source))
    cuts.extend(_field_rows(source))
    cuts.extend(_item_rows(source))
    for m in _WIDE_GAP.finditer(source):
        if m["keep"] is None:
            cuts.append((m.start(), m.end(), " "))
    for m in _ODD.finditer(source):
        cuts.append((m.start(), m.end(), _CHAR_FIXES[m.group()]))
    cuts.sort(key=lambda cut: (cut[0], -cut[1]))
    step = OffsetMap(len(source))
    pieces: list[str] = []
    position = 0
    length = 0
    for start, end, replacement in cuts:
        if start < position:
            continue  # inside a cut already made
        if start > position:
            pieces.append(source[position:start])
            step.copy(start - position, position)
            length += start - position
        if replacement:
            pieces.append(replacement)
            step.stand_for(len(replacement), start, end)
            length += len(replacement)
        position = end
    if position < len(source):
        pieces.append(source[position:])
        step.copy(len(source) - position, position)
    return "".join(pieces), step

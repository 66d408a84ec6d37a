"""Reading a minutes file: plain text or saved HTML, with a map back to the raw characters.

The parser works on plain text. For HTML the text is built from the page's visible
words (block elements become line breaks, list items get their printed numbers,
scripts and styles are dropped) and every character of it remembers where it came
from in the raw file, so a span found in the text can be cited as a span of the file.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import attrs

from .errors import IngestError

__all__ = ["Document", "Format", "load", "read_html", "read_text"]

#: The input formats ``ingest`` reads.
Format = str  # "text" or "html"

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul",
        "ol", "section", "article", "header", "footer", "blockquote", "dd", "dt", "dl",
        "hr", "caption", "thead", "tbody", "form", "fieldset", "pre", "title", "main",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_HIDDEN_TAGS = frozenset({"script", "style", "head", "noscript", "template", "svg"})
_HTML_SNIFF = re.compile(r"<\s*(?:!doctype\s+html|html|body|div|p|table|h[1-6]|span)\b", re.I)
_MAX_BYTES = 20_000_000


@attrs.frozen(kw_only=True)
class Document:
    """The text the parser reads, and how to cite it in the raw file.

    ``text`` is what the parser sees; ``raw`` is the file as read. ``starts[i]`` and
    ``ends[i]`` are the raw offsets of text character *i* (identical offsets for plain
    text). :meth:`raw_span` turns a text span into the raw span to cite.
    """

    raw: str
    text: str
    format: Format
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the raw file that text characters ``[start, end)`` came from."""
        if self.starts is None or self.ends is None:
            return start, end
        if end <= start:
            anchor = self.starts[start] if start < len(self.starts) else len(self.raw)
            return anchor, anchor
        return self.starts[start], self.ends[end - 1]


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
        raise IngestError(f"{file} is {size:,} bytes; minutes pages are far smaller")
    raw = _decode(file.read_bytes(), str(file))
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
    """A plain-text (or PDF-extracted) document: the text is the raw file."""
    if not raw.strip():
        raise IngestError("the text is empty: give a minutes or decision-notice text")
    text = raw.replace("\r", " ").replace("\f", "\n")
    return Document(raw=raw, text=text, format="text")


def read_html(raw: str) -> Document:
    """An HTML page: its visible text, each character mapped back into *raw*."""
    if not raw.strip():
        raise IngestError("the page is empty: give a saved minutes or decision page")
    builder = _TextBuilder(raw)
    builder.feed(raw)
    builder.close()
    text = "".join(builder.chars)
    if not text.strip():
        raise IngestError(
            "the HTML page has no visible text: save the page after it has loaded, or give its text"
        )
    return Document(
        raw=raw,
        text=text,
        format="html",
        starts=tuple(builder.starts),
        ends=tuple(builder.ends),
    )


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def _roman(n: int) -> str:
    numerals = [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
    out = ""
    for value, glyph in numerals:
        while n >= value:
            out += glyph
            n -= value
    return out


class _TextBuilder(HTMLParser):
    """Collect visible text with, for each character, its raw start and end offsets."""

    def __init__(self, raw: str) -> None:
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", raw)]
        self.chars: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.hidden = 0
        self.lists: list[list[object]] = []  # [kind, counter]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _emit(self, text: str, start: int, end: int) -> None:
        for ch in text:
            self.chars.append(ch)
            self.starts.append(start)
            self.ends.append(end)

    def _emit_mapped(self, data: str, start: int) -> None:
        for index, ch in enumerate(data):
            self.chars.append(" " if ch in "\r\xa0" else ch)
            self.starts.append(start + index)
            self.ends.append(start + index + 1)

    def _break(self, at: int) -> None:
        if self.chars and self.chars[-1] != "\n":
            self._emit("\n", at, at)

    def _tag_end(self, start: int) -> int:
        text = self.get_starttag_text()
        return start + len(text) if text else start

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        start = self._offset()
        if tag in _HIDDEN_TAGS:
            self.hidden += 1
            return
        if self.hidden:
            return
        if tag in {"ol", "ul"}:
            kind = "ul"
            if tag == "ol":
                kind = dict(attrs_).get("type") or "1"
            first = dict(attrs_).get("start")
            counter = int(first) - 1 if first and first.isdigit() else 0
            self.lists.append([kind, counter])
        if tag in _BLOCK_TAGS:
            self._break(start)
        if tag in _CELL_TAGS and self.chars and self.chars[-1] not in "\n ":
            self._emit(" ", start, start)
        if tag == "li" and self.lists:
            current = self.lists[-1]
            current[1] = int(str(current[1])) + 1
            number = int(str(current[1]))
            kind = str(current[0])
            if kind == "ul":
                return
            label = {"a": _letters(number), "A": _letters(number).upper(), "i": _roman(number),
                     "I": _roman(number).upper()}.get(kind, str(number))  # fmt: skip
            self._emit(f"({label}) ", start, self._tag_end(start))

    def handle_startendtag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        if self.hidden:
            return
        if tag in _BLOCK_TAGS:
            self._break(self._offset())

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        if tag in _HIDDEN_TAGS:
            self.hidden = max(0, self.hidden - 1)
            return
        if self.hidden:
            return
        if tag in {"ol", "ul"} and self.lists:
            self.lists.pop()
        if tag in _BLOCK_TAGS:
            self._break(start)
        if tag in _CELL_TAGS:
            self._emit(" ", start, start)

    def handle_data(self, data: str) -> None:
        if self.hidden:
            return
        start = self._offset()
        collapsed = re.sub(r"[ \t\r\n\xa0]+", " ", data)
        if collapsed == data:
            self._emit_mapped(data, start)
            return
        # Collapse runs of whitespace (HTML renders them as one space), keeping the map.
        for match in re.finditer(r"[ \t\r\n\xa0]+|[^ \t\r\n\xa0]+", data):
            piece = match.group()
            if piece[0] in " \t\r\n\xa0":
                if self.chars and self.chars[-1] in " \n":
                    continue
                self._emit(" ", start + match.start(), start + match.end())
            else:
                self._emit_mapped(piece, start + match.start())

    def _entity(self, decoded: str, source_length: int) -> None:
        if self.hidden:
            return
        start = self._offset()
        decoded = decoded.replace("\xa0", " ")
        if decoded == " " and self.chars and self.chars[-1] in " \n":
            return
        self._emit(decoded, start, start + source_length)

    def handle_entityref(self, name: str) -> None:
        self._entity(html.unescape(f"&{name};"), self._ref_length(f"&{name}"))

    def handle_charref(self, name: str) -> None:
        self._entity(html.unescape(f"&#{name};"), self._ref_length(f"&#{name}"))

    def _ref_length(self, prefix: str) -> int:
        start = self._offset()
        length = len(prefix)
        if self.raw.startswith(";", start + length):
            length += 1
        return length

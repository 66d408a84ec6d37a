"""The visible text of an HTML page, with its map into the page (moved out of ``text``)."""

from __future__ import annotations

import html
import re

from ._offsets import OffsetMap

_BLOCK_TAGS = frozenset(
    {
        "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul",
        "ol", "section", "article", "header", "footer", "blockquote", "dd", "dt", "dl",
        "hr", "caption", "thead", "tbody", "form", "fieldset", "pre", "title", "main",
        "nav", "aside", "figure", "figcaption", "address", "legend", "details", "summary",
    }
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_HIDDEN_TAGS = frozenset({"script", "style", "head", "noscript", "template", "svg", "iframe",
                          "object", "textarea", "select"})  # fmt: skip


def _letters(n: int) -> str:
    out = ""
    while n > 0:
        n, rem = divmod(n - 1, 26)
        out = chr(ord("a") + rem) + out
    return out


def _roman(n: int) -> str:
    numerals = [
        (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
        (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
    ]  # fmt: skip
    out = ""
    for value, glyph in numerals:
        while n >= value:
            out += glyph
            n -= value
    return out


_TAG_OPEN = re.compile(r"<(?:!--|[!?]|/?[A-Za-z])")
_TAG_NAME = re.compile(r"/?\s*([A-Za-z][\w:.-]*)")
_DATA_TOKEN = re.compile(
    r"[ \t\r\n\f\xa0]+|&(?:#[xX][0-9a-fA-F]{1,6}|#\d{1,7}|[A-Za-z][A-Za-z0-9]{1,31});?"
    r"|[^ \t\r\n\f\xa0&]+(?: [^ \t\r\n\f\xa0&]+)*|&"
)
_ATTR_TYPE = re.compile(r"""\btype\s*=\s*["']?([aAiI1])""")
_ATTR_START = re.compile(r"""\bstart\s*=\s*["']?(\d{1,6})""")


class _TextBuilder:
    """The visible text of an HTML page in one pass, with its map into the page.

    Tags are found with ``str.find``, never by backtracking: a tag with no closing
    ``>`` ends the page (as a browser drops it), so unclosed tags cost linear time.
    """

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.pieces: list[str] = []
        self.map = OffsetMap(len(raw))
        self.last = "\n"
        self.lists: list[list[object]] = []  # [kind, counter]
        # An empty paragraph ("<p>&nbsp;</p>", "<br><br>") is the page's blank line: the
        # count of visible pieces when the last paragraph or line break began, or None
        self.visible = 0
        self.paragraph_from: int | None = None
        self.line_from: int | None = None

    def _emit_copy(self, text: str, start: int) -> None:
        self.visible += 1
        self.pieces.append(text)
        self.map.copy(len(text), start)
        self.last = text[-1]

    def _emit_for(self, text: str, start: int, end: int) -> None:
        if not text.isspace():
            self.visible += 1
        self.pieces.append(text)
        self.map.stand_for(len(text), start, end)
        self.last = text[-1]

    def _break(self, at: int) -> None:
        if self.last != "\n":
            self._emit_for("\n", at, at)

    def _blank_line(self, at: int) -> None:
        """A blank line here, unless the text is empty or already ends with one."""
        self._break(at)
        if self.pieces and not "".join(self.pieces[-2:]).endswith("\n\n"):
            self._emit_for("\n", at, at)

    def _spacing(self, name: str, closing: bool, at: int) -> None:
        """Blank lines for empty paragraphs and doubled line breaks (the block tags only)."""
        if name in {"p", "div"}:
            if not closing:
                self.paragraph_from = self.visible
            elif self.paragraph_from == self.visible:
                self._blank_line(at)  # "<p>&nbsp;</p>": nothing visible inside it
            if closing:
                self.paragraph_from = None
            self.line_from = None
        elif name == "br":
            if self.line_from == self.visible:
                self._blank_line(at)  # "<br><br>": a line with nothing on it
            self.line_from = self.visible
            self.paragraph_from = None
        else:
            self.paragraph_from = self.line_from = None

    def run(self) -> None:
        raw = self.raw
        position = 0
        length = len(raw)
        while position < length:
            found = _TAG_OPEN.search(raw, position)
            if found is None:
                self._data(position, length)
                return
            self._data(position, found.start())
            opener = found.group()
            if opener == "<!--":
                close = raw.find("-->", found.end())
                if close == -1:
                    return
                position = close + 3
                continue
            close = raw.find(">", found.end())
            if close == -1:
                return  # an unterminated tag: the rest of the page is inside it
            if opener in {"<!", "<?"}:
                position = close + 1
                continue
            inside = raw[found.start() + 1 : close]
            position = self._tag(inside, found.start(), close + 1)

    def _tag(self, inside: str, start: int, end: int) -> int:
        name_match = _TAG_NAME.match(inside)
        if name_match is None:
            return end
        name = name_match.group(1).lower()
        closing = inside.startswith("/")
        if name in _HIDDEN_TAGS and not closing and not inside.rstrip().endswith("/"):
            stop = re.compile(rf"</\s*{re.escape(name)}\s*>", re.I).search(self.raw, end)
            return len(self.raw) if stop is None else stop.end()
        if closing:
            if name in {"ol", "ul"} and self.lists:
                self.lists.pop()
            if name in _BLOCK_TAGS:
                self._break(start)
                self._spacing(name, True, start)
            if name in _CELL_TAGS and self.last not in " \n":
                self._emit_for(" ", start, start)
            return end
        if name in {"ol", "ul"}:
            kind = "ul"
            if name == "ol":
                typed = _ATTR_TYPE.search(inside)
                kind = typed.group(1) if typed else "1"
            first = _ATTR_START.search(inside)
            counter = int(first.group(1)) - 1 if first else 0
            self.lists.append([kind, counter])
        if name in _BLOCK_TAGS:
            self._break(start)
            self._spacing(name, False, start)
        if name in _CELL_TAGS and self.last not in "\n ":
            self._emit_for(" ", start, start)
        if name == "li" and self.lists:
            current = self.lists[-1]
            current[1] = int(str(current[1])) + 1
            number = int(str(current[1]))
            kind = str(current[0])
            if kind != "ul":
                labels = {"a": _letters(number), "A": _letters(number).upper(),
                          "i": _roman(number), "I": _roman(number).upper()}  # fmt: skip
                label = labels.get(kind, str(number))
                self._emit_for(f"({label}) ", start, end)
        return end

    def _data(self, start: int, end: int) -> None:
        if end <= start:
            return
        raw = self.raw
        for token in _DATA_TOKEN.finditer(raw, start, end):
            piece = token.group()
            first = piece[0]
            if first in " \t\r\n\f\xa0":
                if self.last not in " \n":
                    self._emit_for(" ", token.start(), token.end())
                continue
            if first == "&" and len(piece) > 1:
                decoded = html.unescape(piece)
                if decoded == piece:
                    self._emit_copy(piece, token.start())
                    continue
                decoded = decoded.replace("\xa0", " ")
                if decoded == " ":
                    if self.last not in " \n":
                        self._emit_for(" ", token.start(), token.end())
                    continue
                self._emit_for(decoded, token.start(), token.end())
                continue
            self._emit_copy(piece, token.start())

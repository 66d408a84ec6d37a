"""Lines of the text and the part labels they open with."""

from __future__ import annotations

import re

import attrs


@attrs.frozen
class Line:
    """One line of the text: offsets and the line's text (without the newline)."""

    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        """Whether the line holds only spaces."""
        return not self.text.strip()


def lines_of(text: str, start: int = 0, end: int | None = None) -> list[Line]:
    """The lines of ``text[start:end]`` with their offsets in *text*."""
    stop = len(text) if end is None else end
    out: list[Line] = []
    position = start
    while position < stop:
        newline = text.find("\n", position, stop)
        line_end = stop if newline == -1 else newline
        out.append(Line(position, line_end, text[position:line_end]))
        position = line_end + 1
    return out


_LABEL = re.compile(
    r"^\s*(?:(?P<combo>\(?\d{1,2}\)?\s*\([a-z]{1,4}\))"
    # "(a )", "( 2)": a space printed inside the brackets
    r"|\([ \t]?(?P<paren>\d{1,2}|[a-z]{1,4}|[A-Z])[ \t]?\)"
    r"|(?P<dotted>\d{1,2}\.\d{1,2})(?=[\s.)]|$)\.?"
    # "II." (a capital roman numeral), "i." alone on its line with its words on the next
    r"|(?P<plain>\d{1,2}|[a-z]|[ivx]{2,4}|[IVX]{2,4}|[A-Z])[.)](?=\s|$)"
    # "R1. That ...", "R2 That ...": a report's recommendation number, kept as the part's
    r"|R(?P<rec>\d{1,2})[.:)]?(?=[ \t]+[A-Z])"
    # "A:   Welcomes ...": a capital letter and a colon
    r"|(?P<colon>[A-Z]|[a-z])[:](?=\s)"
    # "a          To start ...": a letter set off by wide spaces, with no stop
    r"|(?P<wide>[a-z]|[ivx]{2,4})(?=[ \t]{3,}[A-Z(])"
    # "3 Cabinet approved the release ...", "2 That the ...": a number with no stop, before
    # the words a decision opens with (a body and its verb, "That", "To" and a verb)
    r"|(?P<bare>\d{1,2})(?=[ \t]+(?:That[ \t]|To[ \t]+[a-z]{3,}[ \t]|(?:The[ \t]+)?"
    r"(?:[A-Z][\w&'’-]*[ \t]+){0,3}?(?:Cabinet|Council|Committee|Board|Executive|Panel|Members)"
    r"[ \t]+(?:unanimously[ \t]+)?(?:noted|approved|agreed|acknowledged|endorsed|resolved|"
    r"decided|adopted|accepted|delegated|deferred|authori[sz]ed|confirmed|recommended)\b))"
    r")"
    r"\s*"
)
_BULLET = re.compile(r"^\s*(?:[·•●▪◦‣\-–*]|o(?=\s))\s+")


def label_at(text: str) -> tuple[str, int] | None:
    """The part label a line starts with, normalised ("2", "a", "2.a"), and where text starts."""
    m = _LABEL.match(text)
    if m is None:
        return None
    if m["combo"]:
        parts = re.findall(r"\d{1,2}|[a-z]{1,4}", m["combo"])
        return ".".join(parts), m.end()
    if m["dotted"]:
        return m["dotted"], m.end()
    label = m["paren"] or m["plain"] or m["rec"] or m["colon"] or m["wide"] or m["bare"]
    roman = label.isupper() and set(label) <= set("IVX")
    return label.lower() if label.isupper() and (len(label) == 1 or roman) else label, m.end()


def _ends_sentence(text: str) -> bool:
    stripped = text.rstrip().rstrip("\"”’')")  # 'costs."': a quoted motion ends there too
    return bool(stripped) and stripped[-1] in ".!?"


def _starts_narrative(text: str) -> bool:
    stripped = text.strip()
    return (
        bool(stripped)
        and (stripped[0].isupper() or stripped[0].isdigit())
        and not _BULLET.match(text)
    )


def _trim_end(text: str, start: int, end: int) -> int:
    """*end* moved back over trailing blanks, and over a table's cell rule left alone on
    the last line ("|", the border between two rows of a flattened agenda table)."""
    while end > start and text[end - 1] in " \t\n\xa0":
        end -= 1
    line_start = text.rfind("\n", start, end) + 1
    if line_start > start and text[line_start:end].strip() == "|":
        return _trim_end(text, start, line_start)
    return end

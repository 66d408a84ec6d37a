"""How the ``govledger`` commands print: text tables, JSON, CSV or newline-delimited JSON.

An edge like :mod:`govledger.cli`. Every command that takes ``--json`` also takes
``--csv`` and ``--nl``, before or after the command name:

- ``--json``: one JSON document, ``{"format": 1, ...}``, as ``docs/cli.md`` describes;
- ``--nl``: newline-delimited JSON, one object per line: one per row of the answer (a
  partnership, an event, a change, a fact of a state), or the whole answer on one line
  when it has no rows;
- ``--csv``: the same rows as CSV with a header line; a value that is itself a list or
  an object is written as compact JSON, ``None`` as an empty cell.

Text tables come from `tabulate <https://pypi.org/project/tabulate/>`_, with the last
column wrapped to the terminal's width.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any, TypeVar

import click
from tabulate import tabulate

__all__ = [
    "Format",
    "chosen",
    "emit",
    "format_options",
    "table",
    "terminal_width",
    "to_csv",
    "to_nl",
    "with_formats",
    "wrap",
]

_F = TypeVar("_F", bound=Callable[..., Any])
_META = "govledger.format"
#: Text is wrapped to at least this many columns, whatever the terminal says.
_NARROWEST = 60
#: A table column is never wrapped narrower than this.
_NARROWEST_COLUMN = 12


class Format(StrEnum):
    """What a command prints."""

    TEXT = "text"
    JSON = "json"
    CSV = "csv"
    NL = "nl"


def _remember(fmt: Format) -> Callable[[click.Context, click.Parameter, bool], None]:
    def callback(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if not value:
            return
        earlier = ctx.meta.get(_META)
        if earlier is not None and earlier != fmt:
            raise click.UsageError(f"choose one of --json, --csv and --nl, not --{earlier} too")
        ctx.meta[_META] = fmt

    return callback


def format_options(func: _F) -> _F:
    """Add ``--csv`` and ``--nl`` (``--json`` is the command's own ``as_json`` flag)."""
    func = click.option(
        "--nl",
        is_flag=True,
        expose_value=False,
        callback=_remember(Format.NL),
        help="Print newline-delimited JSON: one object per line.",
    )(func)
    return click.option(
        "--csv",
        is_flag=True,
        expose_value=False,
        callback=_remember(Format.CSV),
        help="Print CSV with a header line.",
    )(func)


def with_formats(command: click.Command) -> click.Command:
    """*command* (defined elsewhere with its own ``--json``) with ``--csv`` and ``--nl`` too."""
    return format_options(command)


def chosen(as_json: bool) -> Format:
    """The format asked for: ``--csv`` or ``--nl`` anywhere, else JSON or text."""
    ctx = click.get_current_context(silent=True)
    fmt = None if ctx is None else ctx.meta.get(_META)
    if fmt is not None:
        if as_json:
            raise click.UsageError(f"choose one of --json, --csv and --nl, not --{fmt} too")
        return Format(fmt)
    return Format.JSON if as_json else Format.TEXT


# --------------------------------------------------------------------------- machine formats


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def to_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """*rows* as CSV: the columns are every key, in the order they first appear."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return out.getvalue()


def to_nl(rows: Iterable[Mapping[str, Any]]) -> str:
    """*rows* as newline-delimited JSON, one compact object per line."""
    return "".join(
        json.dumps(dict(row), ensure_ascii=False, separators=(",", ":")) + "\n" for row in rows
    )


def emit(
    data: Mapping[str, Any],
    fmt: Format,
    *,
    rows: Sequence[Mapping[str, Any]] | None = None,
    version: int = 1,
) -> None:
    """Print *data* as JSON, or its *rows* (else *data* as one row) as CSV or NL."""
    if fmt is Format.JSON or fmt is Format.TEXT:
        click.echo(json.dumps({"format": version, **data}, indent=2, ensure_ascii=False))
        return
    records = [dict(data)] if rows is None else list(rows)
    click.echo(to_csv(records) if fmt is Format.CSV else to_nl(records), nl=False)


# --------------------------------------------------------------------------- text


def terminal_width() -> int:
    """The width to wrap text to: ``$COLUMNS``, else the terminal's, else 100."""
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return max(_NARROWEST, int(columns))
    return max(_NARROWEST, shutil.get_terminal_size((100, 24)).columns)


def _fitted(natural: Sequence[int], width: int, fixed: Collection[int] = ()) -> list[int]:
    """Column widths that fit *width*: the widest columns give way first, to 12 at least;
    the *fixed* ones (by index) never do."""
    widths = list(natural)
    room = width - 2 * (len(widths) - 1)
    movable = [i for i in range(len(widths)) if i not in fixed]
    while movable and sum(widths) > room:
        widest = max(movable, key=lambda i: widths[i])
        if widths[widest] <= _NARROWEST_COLUMN:
            break
        widths[widest] -= 1
    return widths


def table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    width: int | None = None,
    *,
    fixed: Collection[int] = (),
) -> str:
    """Aligned columns under a rule, the widest wrapped so that each line fits *width*.

    Columns whose index is in *fixed* are never wrapped (ids, dates, times to paste).
    """
    width = terminal_width() if width is None else width
    cells = [list(row) for row in rows]
    natural = [
        max([len(header), *(len(line) for row in cells for line in row[i].splitlines())])
        for i, header in enumerate(headers)
    ]
    widths = _fitted(natural, width, fixed)
    wrapped: list[int | None] = [w if w < n else None for w, n in zip(widths, natural, strict=True)]
    return str(
        tabulate(
            cells,
            headers=list(headers),
            tablefmt="simple",
            maxcolwidths=wrapped if cells else None,
            disable_numparse=True,
        )
    )


def wrap(text: str, width: int | None = None) -> str:
    """Wrap each line of *text* to *width*, continuing it under its own indentation."""
    import textwrap

    width = terminal_width() if width is None else width
    lines = []
    for line in text.splitlines():
        if len(line) <= width:
            lines.append(line)
            continue
        indent = line[: len(line) - len(line.lstrip())]
        lines.extend(
            textwrap.wrap(
                line.strip(),
                width=width,
                initial_indent=indent,
                subsequent_indent=indent + "    ",
                break_on_hyphens=False,
                break_long_words=False,
            )
        )
    return "\n".join(lines)

"""How a refused payload is explained: our validators' own words where they speak,
else cattrs' account of each path, with a reason repeated along a sequence said once."""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from .errors import GovLedgerError

__all__ = ["explain"]


def explain(exc: BaseException) -> str:
    """Our own validators' messages where there are any, else cattrs' account of the paths."""
    import cattrs

    ours = [str(leaf) for leaf in _leaves(exc) if isinstance(leaf, GovLedgerError)]
    if ours:
        return "; ".join(dict.fromkeys(ours))
    if isinstance(exc, cattrs.BaseValidationError):
        return "; ".join(_grouped(cattrs.transform_error(exc, format_exception=_reason)))
    return str(exc)


_INDEXED = re.compile(r"^(?P<reason>.*) @ (?P<path>\$.*?)\[(?P<index>\d+)\](?P<rest>.*)$")


def _grouped(lines: list[str]) -> list[str]:
    """cattrs' lines with one line for a reason repeated at every index of one sequence.

    A string given where a list of objects belongs is refused once per character; the
    reader needs to hear it once, with what to give instead.
    """
    groups: dict[tuple[str, str, str], list[int]] = {}
    order: list[tuple[str, str, str] | str] = []
    for line in lines:
        m = _INDEXED.match(line)
        if m is None:
            order.append(line)
            continue
        key = (m["reason"], m["path"], m["rest"])
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(int(m["index"]))
    out: list[str] = []
    for entry in order:
        if isinstance(entry, str):
            out.append(entry)
            continue
        reason, path, rest = entry
        indices = groups[entry]
        if len(indices) < 3:
            out.extend(f"{reason} @ {path}[{i}]{rest}" for i in indices)
            continue
        hint = ""
        if "'str' object has no attribute" in reason and not rest:
            hint = " (is it a string? give a JSON array of objects)"
        out.append(
            f"{reason} @ {path}[{min(indices)}..{max(indices)}]{rest}: "
            f"every one of {len(indices)} items{hint}"
        )
    return out


def _reason(exc: BaseException, type_: Any) -> str:
    """cattrs' words for a refused value, but an enumeration's own (listing its values)."""
    from cattrs.v import format_exception

    if isinstance(exc, ValueError) and isinstance(type_, type) and issubclass(type_, Enum):
        return str(exc)
    return format_exception(exc, type_)


def _leaves(exc: BaseException) -> list[BaseException]:
    if isinstance(exc, BaseExceptionGroup):
        return [leaf for inner in exc.exceptions for leaf in _leaves(inner)]
    return [exc]

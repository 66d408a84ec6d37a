"""Review edits: a person's corrections to a draft, kept as data so they can be re-applied.

A review file is JSON::

    {
      "kind": "govledger-review", "schema_version": 1,
      "edits": [
        {"op": "set", "event": "ResolutionPassed:bdc-cabinet-2009-07-29-45",
         "path": "decided_by.council", "value": "bdc", "why": "..."},
        {"op": "add", "event": {"type": "PartnershipFormed", "schema_version": 1,
                                "event": {...}}, "why": "..."},
        {"op": "drop", "event": "PostRetitled:...", "why": "..."}
      ],
      "order": ["PartnershipFormed:bdc-rbc", "ResolutionPassed:...", ...]
    }

``event`` names a proposal by its ``id`` (``"<type>:<its own id>"``); ``path`` is a
dotted path into the event's JSON (``parts[2].summary``). ``order``, when given, lists
every event to apply in the order to append it. Editing the draft file by hand does
the same; a review file keeps the edits visible and repeatable.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .draft import load_draft
from .errors import DraftError

__all__ = ["REVIEW_KIND", "apply_review", "load_review", "set_path"]

#: The value of a review file's ``"kind"`` key.
REVIEW_KIND = "govledger-review"

_STEP = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _steps(path: str) -> list[str | int]:
    steps: list[str | int] = []
    for m in _STEP.finditer(path):
        steps.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
    if not steps:
        raise DraftError(f"review: {path!r} is not a path such as 'parts[2].summary'")
    return steps


def set_path(data: Any, path: str, value: Any) -> None:
    """Set the value at dotted *path* (``"parts[0].conditions[1].due"``) inside *data*."""
    steps = _steps(path)
    target = data
    for step in steps[:-1]:
        try:
            target = target[step]
        except (KeyError, IndexError, TypeError):
            raise DraftError(f"review: the path {path!r} does not exist in the event") from None
    last = steps[-1]
    if isinstance(target, list) and isinstance(last, int) and last == len(target):
        target.append(value)
        return
    try:
        target[last] = value
    except (IndexError, TypeError):
        raise DraftError(f"review: the path {path!r} does not exist in the event") from None


def _handle(entry: Mapping[str, Any]) -> str:
    event = entry.get("event", {})
    name = entry.get("type", "")
    for attribute in ("resolution", "delegation", "body", "post", "scope", "arrangement", "action",
                      "condition", "decision", "council"):  # fmt: skip
        value = event.get(attribute) if isinstance(event, dict) else None
        if isinstance(value, str):
            return f"{name}:{value}"
    return str(entry.get("id") or name)


def load_review(path: str | Path) -> dict[str, Any]:
    """Read a review file, checking its kind and version."""
    file = Path(path)
    if not file.is_file():
        raise DraftError(f"no review file at {file}")
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise DraftError(f"the review file {file} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict) or data.get("kind") != REVIEW_KIND:
        raise DraftError(f'{file} is not a govledger review (no "kind": "{REVIEW_KIND}")')
    if data.get("schema_version") != 1:
        raise DraftError(
            f"{file} has review schema_version {data.get('schema_version')!r}; expected 1"
        )
    return data


def apply_review(draft: Mapping[str, Any], review: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the draft (JSON data) with the review's edits made.

    Raises :class:`DraftError` naming the edit when an edit refers to a proposal that is
    not in the draft or to a path that is not in the event.
    """
    data = copy.deepcopy(dict(draft))
    load_draft(json.dumps(data))  # the draft itself must be well formed
    events: list[dict[str, Any]] = data["events"]
    by_id = {e["id"]: e for e in events}
    if len(by_id) != len(events):
        raise DraftError("the draft has two events with the same id; give each its own id")
    for number, edit in enumerate(review.get("edits", [])):
        op = edit.get("op")
        named = edit.get("event") if isinstance(edit.get("event"), str) else ""
        where = f"review edit {number} ({op} {named})"
        if op == "add":
            entry = dict(edit["event"])
            entry.setdefault("schema_version", 1)
            entry.setdefault("span", None)
            entry.setdefault("confidence", 1.0)
            entry.setdefault("placeholders", [])
            entry.setdefault("note", edit.get("why"))
            entry["id"] = entry.get("id") or _handle(entry)
            if entry["id"] in by_id:
                raise DraftError(f"{where}: the draft already has an event {entry['id']!r}")
            events.append(entry)
            by_id[entry["id"]] = entry
            continue
        target = by_id.get(str(edit.get("event")))
        if target is None:
            known = ", ".join(sorted(by_id)) or "none"
            raise DraftError(
                f"{where}: no proposed event {edit.get('event')!r} (the draft has: {known})"
            )
        if op == "drop":
            events.remove(target)
            del by_id[target["id"]]
        elif op == "set":
            set_path(target["event"], str(edit["path"]), copy.deepcopy(edit["value"]))
            target["placeholders"] = [
                p for p in target.get("placeholders", []) if p != edit["path"]
            ]
        else:
            raise DraftError(f"{where}: unknown op {op!r}; use set, add or drop")
    order = review.get("order")
    if order is not None:
        missing = [name for name in order if name not in by_id]
        unlisted = [e["id"] for e in events if e["id"] not in set(order)]
        if missing or unlisted:
            raise DraftError(
                f"review order: names {missing} that are not in the draft, "
                f"and leaves out {unlisted}"
            )
        data["events"] = [by_id[name] for name in order]
    return data

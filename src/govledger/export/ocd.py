"""An Open Civic Data-shaped variant of the Popolo document.

Open Civic Data (OCD) builds on Popolo: its organizations, people, posts and
memberships have Popolo's shapes. It differs in two ways this variant follows:

- an object carrying an OCD id among its identifiers (scheme ``ocd``, such as
  ``ocd-organization/...``) is known by that id, and every reference to it follows;
- a vote event carries its motion inline (``motion_text``, ``motion_classification``
  as a list) instead of pointing at a separate motion, and a named vote carries the
  voter's name (``voter_name``) beside the person id.

OCD's ``jurisdiction_id`` and ``legislative_session`` have no counterpart in the
ledger (a partnership is not a jurisdiction, and councils' meetings are not sessions),
so they are left out rather than invented.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from .popolo import Reader, popolo

__all__ = ["ocd"]

_REFERENCES = ("parent_id", "organization_id", "on_behalf_of_id", "post_id", "person_id")


def _ocd_ids(document: dict[str, list[dict[str, Any]]]) -> dict[str, str]:
    found = {}
    for collection in ("organizations", "persons"):
        for item in document[collection]:
            for identifier in item.get("identifiers", ()):
                if identifier.get("scheme") == "ocd":
                    found[item["id"]] = identifier["identifier"]
    return found


def _renamed(item: dict[str, Any], ids: dict[str, str]) -> dict[str, Any]:
    out = dict(item)
    if out.get("id") in ids:
        out["id"] = ids[out["id"]]
    for key in _REFERENCES:
        if out.get(key) in ids:
            out[key] = ids[out[key]]
    member = out.get("member")
    if isinstance(member, dict) and member.get("id") in ids:
        out["member"] = {**member, "id": ids[member["id"]]}
    return out


def ocd(
    ledger: Reader, *, as_of: date, partnerships: Iterable[str] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """The Popolo document of :func:`~govledger.export.popolo`, shaped as OCD expects."""
    document = popolo(ledger, as_of=as_of, partnerships=partnerships)
    ids = _ocd_ids(document)
    names = {p["id"]: p["name"] for p in document["persons"]}
    motions = {m["id"]: m for m in document["motions"]}
    vote_events = []
    for event in document["vote_events"]:
        motion = motions[event["motion_id"]]
        shaped = {k: v for k, v in _renamed(event, ids).items() if k != "motion_id"}
        shaped["motion_text"] = motion["text"]
        shaped["motion_classification"] = [motion["classification"]]
        shaped["identifier"] = motion["identifier"]
        shaped["votes"] = [
            {"option": v["option"], "voter_name": names[v["voter_id"]], "voter_id": v["voter_id"]}
            for v in event["votes"]
        ]
        vote_events.append(shaped)
    return {
        "organizations": [_renamed(o, ids) for o in document["organizations"]],
        "persons": [_renamed(p, ids) for p in document["persons"]],
        "posts": [_renamed(p, ids) for p in document["posts"]],
        "memberships": [_renamed(m, ids) for m in document["memberships"]],
        "vote_events": vote_events,
    }

"""Write the review files for the five seed texts: the edits from draft to example.

A reviewer turns each seed's draft into the ledger entries the hand-written example in
``examples/`` records. This script writes those edits down exactly, so that the test
``tests/test_ingest_seeds.py`` can re-apply them and compare the states: for every
event of the example it finds the proposal the parser made for it (same type, same
item or same authorising part) and lists the fields the reviewer changed (``set``);
an event the parser did not propose is added (``add``); a proposal the example does
not keep is dropped (``drop``). ``order`` is the example's append order.

Run it from the repository root after changing the parser, then read the diff::

    python tests/ingest_corpus/reviews/make_reviews.py
"""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT / "examples"))

import bdc_rbc_single_management_team as seed000  # noqa: E402
import cdc_occ_decoupling as seed003  # noqa: E402
import cdc_snc_joint_customer_service_team as seed004  # noqa: E402
import ssjc_phase2_service_review as seed002  # noqa: E402
import ssjc_shared_chief_executive as seed001  # noqa: E402
from govledger import codec  # noqa: E402
from govledger.events import Event  # noqa: E402
from govledger.ingest import ingest_file, parse_aliases  # noqa: E402
from govledger.ingest.review import REVIEW_KIND  # noqa: E402

HERE = Path(__file__).resolve().parent

#: name, seed file, partnership, aliases, the example's events for this text.
SEEDS: list[tuple[str, str, str, dict[str, Any], list[Event]]] = [
    (
        "seed_000",
        "000_22a2bfdaebc786fb.txt",
        seed000.P,
        {
            "councils": {
                "bdc": ["Bromsgrove District Council", "BDC", "Bromsgrove"],
                "rbc": ["Redditch Borough Council", "RBC", "Redditch"],
            },
            "publisher": "bdc",
            "posts": {
                "joint-chief-executive": ["Acting Joint Chief Executive", "Joint Chief Executive"]
            },
            "bodies": {
                "shared-services-board": {
                    "names": ["Shared Services Board", "Shared Service Board"],
                    "council": None,
                    "kind": "board",
                }
            },
        },
        seed000.events(),
    ),
    (
        "seed_001",
        "001_484506fccf411c43.txt",
        seed001.P,
        {
            "councils": {"council-a": [], "council-b": []},
            "bodies": {
                "shared-services-joint-committee": {
                    "names": ["Shared Services Joint Committee"],
                    "council": None,
                }
            },
        },
        seed001.events(),
    ),
    (
        "seed_002",
        "002_841b2eda4c3f20f9.txt",
        seed002.P,
        {
            "councils": {"council-a": [], "council-b": []},
            "bodies": {
                "shared-services-joint-committee": {
                    "names": ["Shared Services Joint Committee"],
                    "council": None,
                }
            },
            "posts": {"shared-chief-executive": ["Chief Executive", "shared Chief Executive"]},
        },
        seed002.events(),
    ),
    (
        "seed_003",
        "003_6d1726bbdf215d45.txt",
        seed003.P,
        {
            "councils": {
                "cdc": ["Cherwell District Council", "CDC", "Cherwell"],
                "occ": ["Oxfordshire County Council", "OCC", "Oxfordshire"],
            },
            "services": {
                "regulatory-services-community-safety": ["Regulatory Services & Community Safety"],
                "emergency-planning": ["Emergency Planning"],
                "digital-it": ["Digital & IT Services", "Digital & IT"],
                "procurement-contracts": ["Procurement and Contracts"],
                "customer-services": ["Customer Services"],
                "continuous-improvement": ["Continuous Improvement"],
                "land-charges": ["Land Charges"],
                "property-investment-facilities-management": [
                    "Property, Investment and Facilities Management"
                ],
            },
            "arrangements": {"s113-agreement": ["s.113 agreement", "section 113 agreement"]},
            "bodies": {
                "jssp-committee": {
                    "names": ["Joint Shared Services and Personnel Committee", "JSS&P Committee"],
                    "council": None,
                },
                "jotwg": {
                    "names": [
                        "Joint Officer Transition Working Group (JOTWG)",
                        "Joint Officer Transition Working Group",
                        "JOTWG",
                    ],
                    "council": None,
                    "kind": "working_group",
                },
            },
        },
        seed003.events(),
    ),
    (
        "seed_004",
        "004_4621a678cf50b363.txt",
        seed004.P,
        {
            "councils": {
                "cdc": ["Cherwell District Council", "CDC", "Cherwell"],
                "snc": ["South Northamptonshire Council", "SNC", "South Northamptonshire"],
            },
            "publisher": "cdc",
        },
        seed004.events(),
    ),
]

_CONTEXT_TYPES = {"PartnershipFormed", "BodyEstablished", "MemberAdmitted"}


def _diff(old: Any, new: Any, path: str = "") -> list[tuple[str, Any]]:
    """The smallest ``(path, value)`` settings that turn *old* into *new*."""
    if isinstance(old, dict) and isinstance(new, dict) and set(old) <= set(new):
        out: list[tuple[str, Any]] = []
        for key in new:  # a key the draft leaves out (an empty optional field) is set
            where = f"{path}.{key}" if path else key
            out += _diff(old[key], new[key], where) if key in old else [(where, new[key])]
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        out = []
        for index, (a, b) in enumerate(zip(old, new, strict=True)):
            out += _diff(a, b, f"{path}[{index}]")
        return out
    return [] if old == new else [(path, new)]


def _why_set(path: str, event_type: str) -> str:
    leaf = path.rsplit(".", 1)[-1]
    if (
        leaf in {"summary", "title", "scope", "description", "name", "mechanism_detail"}
        or "summary" in path
    ):
        return "reworded in the example's own words"
    if (
        leaf in {"resolution", "delegation", "id", "scope", "post", "body", "council"}
        or "authorised_by" in path
    ):
        return "the project's id for it (the text gives none, or the example chose another)"
    if leaf in {"decided", "effective", "due", "until", "published", "expires"} or path.startswith(
        ("decided", "effective")
    ):
        return "a date the text does not state plainly; the example's reading of it"
    if "source" in path or "exempt" in path:
        return "where the record came from, as the example cites it"
    return f"the example's reading of this {event_type} field"


def _handle(entry: dict[str, Any]) -> str:
    event = entry["event"]
    for attribute in ("resolution", "delegation", "body", "post", "scope", "arrangement", "action",
                      "condition", "decision", "council"):  # fmt: skip
        value = event.get(attribute)
        if isinstance(value, str):
            return f"{entry['type']}:{value}"
    return str(entry["type"])


def _authority(entry: dict[str, Any]) -> tuple[str, ...] | None:
    refs = [a for a in entry["event"].get("authorised_by", []) if a.get("type") == "resolution"]
    return tuple(refs[0]["part"]) if refs else None


def _match(proposals: list[dict[str, Any]], wanted: dict[str, Any], used: set[int]) -> int | None:
    for index, proposal in enumerate(proposals):
        if index in used or proposal["type"] != wanted["type"]:
            continue
        if wanted["type"] == "ResolutionPassed":
            if proposal["event"]["item"] in {wanted["event"]["item"], "not numbered"}:
                return index
            continue
        part = _authority(wanted)
        if part is not None and part == _authority(proposal):
            return index
    return None


def review_for(
    name: str, source: str, partnership: str, aliases: dict[str, Any], events: Sequence[Event]
) -> dict[str, Any]:
    """The review that turns the seed's draft into the example's events."""
    draft = ingest_file(ROOT.parent / "shared" / "seeds" / source, partnership=partnership,
                        aliases=parse_aliases(aliases)).to_json()  # fmt: skip
    proposals: list[dict[str, Any]] = draft["events"]
    wanted = [json.loads(codec.to_json(e)) for e in events]
    used: set[int] = set()
    edits: list[dict[str, Any]] = []
    order: list[str] = []
    for entry in wanted:
        index = _match(proposals, entry, used)
        if index is None:
            context = entry["type"] in _CONTEXT_TYPES or all(
                a.get("type") == "citation" for a in entry["event"].get("authorised_by", [{}])
            )
            why = (
                "context the record assumes: not in the text (cited outside the ledger)"
                if context
                else "what the text says but the parser did not propose; added by the reviewer"
            )
            added = {
                "type": entry["type"],
                "schema_version": entry["schema_version"],
                "event": entry["event"],
            }
            handle = _handle(added)
            taken = set(order) | {p["id"] for p in proposals}
            if handle in taken:
                handle = next(f"{handle}#{n}" for n in range(2, 99) if f"{handle}#{n}" not in taken)
            added = {"id": handle, **added}
            edits.append({"op": "add", "event": added, "why": why})
            order.append(handle)
            continue
        used.add(index)
        proposal = proposals[index]
        for path, value in _diff(proposal["event"], entry["event"]):
            edits.append({"op": "set", "event": proposal["id"], "path": path, "value": value,
                          "why": _why_set(path, entry["type"])})  # fmt: skip
        order.append(proposal["id"])
    for index, proposal in enumerate(proposals):
        if index not in used:
            why = "the example records this differently (or not at all)"
            edits.append({"op": "drop", "event": proposal["id"], "why": why})
    return {
        "kind": REVIEW_KIND,
        "schema_version": 1,
        "source": f"../shared/seeds/{source}",
        "partnership": partnership,
        "aliases": aliases,
        "proposed": len(proposals),
        "kept": len(used),
        "edits": edits,
        "order": order,
    }


def main() -> None:
    for name, source, partnership, aliases, events in SEEDS:
        review = review_for(name, source, partnership, aliases, events)
        path = HERE / f"{name}.json"
        path.write_text(json.dumps(review, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        counts = {
            op: sum(1 for e in review["edits"] if e["op"] == op) for op in ("set", "add", "drop")
        }
        print(f"{path.name}: {review['kept']} of {review['proposed']} proposals kept; {counts}")


if __name__ == "__main__":
    main()

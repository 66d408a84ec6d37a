"""The quick walk of a ledger's chain: hashed fields as stored, versions on the way.

Every store whose rows can give the nine hashed fields of hash definition 2 as the
text and numbers sealing wrote (ISO dates, the UTC recording time) walks them with
:func:`walk_fields`; a SQLite verification worker runs its own source.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["Spans", "spans_follow", "walk_fields"]


#: For each partnership seen, the ``[first, last]`` versions its records had.
Spans = dict[str, list[int]]


def walk_fields(
    rows: Iterable[Sequence[Any]], position: int, prev: str, spans: Spans | None = None
) -> tuple[int, str, Spans]:
    """Follow the chain through *rows* from (*position*, *prev*); return where it held to.

    Each row is ``position, prev_hash, hash`` and the nine fields of hash definition 2
    as sealing wrote them (a SQLite store's ``fields_sql()``), hashed as
    :func:`~govledger.store.chain.canonical_fields` does. Each partnership's versions
    must also run on by one; *spans* (updated in place) carries them on from an
    earlier walk. The walk stops before the first record that fails either check, and
    says nothing about why: the ordinary walk and audit judge it. A verification worker
    runs this function's own source.
    """
    import hashlib

    from orjson import dumps

    sha256 = hashlib.sha256
    if spans is None:
        spans = {}
    try:
        link = bytes.fromhex(prev)
    except (TypeError, ValueError):
        return position, prev, spans
    for row in rows:
        at, prev_hash, stored = row[0], row[1], row[2]
        try:
            # An intact record's digest is what the next one links to: one final and
            # one hex form per record, and no hex decoding.
            digest = sha256(link + dumps(row[3:])).digest()
            if at != position + 1 or prev_hash != prev or digest.hex() != stored:
                break
            version = row[5]
            span = spans.get(row[4])
            if span is None:
                spans[row[4]] = [version, version]
            elif type(version) is int and version == span[1] + 1:
                span[1] = version
            else:
                break
        except (TypeError, ValueError):  # a value no sealed record holds
            break
        position, prev, link = at, stored, digest
    return position, prev, spans


def spans_follow(earlier: Spans, later: Spans) -> bool:
    """Whether the versions of *later* records carry on from those of *earlier* ones
    (the versions of a partnership not in *earlier* must start at 1)."""
    for partnership, (first, _) in later.items():
        span = earlier.get(partnership)
        if first != (1 if span is None else span[1] + 1):
            return False
    return True

"""Merkle proofs over the ledger, in the manner of Certificate Transparency (RFC 9162).

The hash chain proves a prefix of the ledger only to someone who re-reads all of it.
The Merkle tree over the same records lets anyone check, with a few hashes, that

* one recorded event is in the ledger at a published head (an *inclusion proof*), and
* a later head extends an earlier one without changing anything before it (a
  *consistency proof*).

The tree is RFC 9162's (section 2.1): leaf *i* is record *i + 1*; a leaf's hash is
``SHA-256(0x00 || canonical bytes)``, where the canonical bytes are those of hash
definition 2 (:func:`govledger.store.canonical_bytes`, every stored column but the two
hashes); an inner node's is ``SHA-256(0x01 || left || right)``, the left subtree
holding the largest power of two of leaves smaller than the tree. The root of a tree
of *n* records is carried by ``ledger.head()`` (``head.root``, with ``head.position``
as the tree size).

The check functions here are pure: they need nothing but the proof, the record and
the heads, so a council can publish its head in its minutes and anyone can later check
that a decision was in the ledger by then, unaltered, without access to the ledger.

>>> leaves = [leaf_hash(bytes([n])) for n in range(5)]
>>> head = TreeHead(size=5, root=tree_root(leaves).hex())
>>> proof = [step.hex() for step in inclusion_path(leaves, 2)]
>>> check_inclusion_hash(leaves[2], 3, proof, head)
True
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from typing import Any, Final

import attrs

from .errors import UsageError
from .store.chain import ChainHead, canonical_bytes
from .store.records import StoredRecord

__all__ = [
    "ConsistencyProof",
    "Frontier",
    "InclusionProof",
    "TreeHead",
    "check_consistency",
    "check_inclusion",
    "check_inclusion_hash",
    "consistency_path",
    "inclusion_path",
    "leaf_hash",
    "record_leaf",
    "tree_root",
]

_LEAF: Final = b"\x00"
_NODE: Final = b"\x01"
_HEX: Final = re.compile(r"[0-9a-f]{64}")
#: The root of the empty tree: SHA-256 of nothing.
EMPTY_ROOT: Final = hashlib.sha256(b"").hexdigest()


def leaf_hash(data: bytes) -> bytes:
    """RFC 9162's leaf hash: ``SHA-256(0x00 || data)``."""
    return hashlib.sha256(_LEAF + data).digest()


def _node(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(_NODE + left + right).digest()


def record_leaf(record: StoredRecord) -> bytes:
    """The leaf hash of a recorded event: of its definition-2 canonical bytes."""
    return leaf_hash(canonical_bytes(record, definition=2))


def _split(n: int) -> int:
    """The largest power of two smaller than *n* (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def tree_root(leaves: Sequence[bytes]) -> bytes:
    """The Merkle tree hash of *leaves* (already leaf-hashed); the empty tree's for none."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    level = list(leaves)
    # Bottom-up, pairing left to right; an odd last node rises unchanged. This is the
    # same tree as RFC 9162's recursive split (the left subtree is always perfect).
    while len(level) > 1:
        paired = [_node(level[i], level[i + 1]) for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            paired.append(level[-1])
        level = paired
    return level[0]


class Frontier:
    """The Merkle tree of the leaves added so far, kept as the roots of the perfect
    subtrees that cover them (one per binary digit of the size, largest first).

    Adding a leaf hashes at most log2(n) nodes, O(1) amortised, and :meth:`root` hashes
    at most log2(n): a root kept this way is :func:`tree_root` of the same leaves.

    >>> leaves = [leaf_hash(bytes([n])) for n in range(5)]
    >>> frontier = Frontier()
    >>> frontier.extend(leaves)
    >>> frontier.root() == tree_root(leaves)
    True
    """

    __slots__ = ("_peaks", "size")

    def __init__(self) -> None:
        #: How many leaves the tree holds.
        self.size = 0
        self._peaks: list[bytes] = []

    def copy(self) -> Frontier:
        """A frontier of the same leaves, to extend without changing this one."""
        copied = Frontier()
        copied.size, copied._peaks = self.size, list(self._peaks)
        return copied

    def add(self, leaf: bytes) -> None:
        """Add *leaf* (already leaf-hashed) at the right of the tree."""
        self.extend((leaf,))

    def extend(self, leaves: Iterable[bytes]) -> None:
        """Add each of *leaves* (already leaf-hashed) in turn at the right of the tree."""
        peaks, size, node = self._peaks, self.size, _node
        for leaf in leaves:
            below = size
            while below & 1:  # each trailing one bit merges two subtrees of one size
                leaf = node(peaks.pop(), leaf)
                below >>= 1
            peaks.append(leaf)
            size += 1
        self.size = size

    def root(self) -> bytes:
        """The tree's root: the peaks joined right to left (the empty tree's for none)."""
        peaks = self._peaks
        if not peaks:
            return hashlib.sha256(b"").digest()
        root = peaks[-1]
        for peak in reversed(peaks[:-1]):
            root = _node(peak, root)
        return root


def inclusion_path(leaves: Sequence[bytes], index: int) -> tuple[bytes, ...]:
    """RFC 9162 ``PATH(index, leaves)``: the audit path of leaf *index* (0-based)."""
    if not 0 <= index < len(leaves):
        raise UsageError(f"leaf {index} is not in a tree of {len(leaves)} leaves")
    path: list[bytes] = []
    low, high = 0, len(leaves)
    while high - low > 1:
        k = _split(high - low)
        if index - low < k:
            path.append(tree_root(leaves[low + k : high]))
            high = low + k
        else:
            path.append(tree_root(leaves[low : low + k]))
            low += k
    return tuple(reversed(path))


def consistency_path(leaves: Sequence[bytes], old_size: int) -> tuple[bytes, ...]:
    """RFC 9162 ``PROOF(old_size, leaves)``: that the first *old_size* leaves are a prefix."""
    if not 0 <= old_size <= len(leaves):
        raise UsageError(f"a tree of {old_size} leaves is not a prefix of one of {len(leaves)}")
    if old_size in (0, len(leaves)):
        return ()

    def subproof(m: int, low: int, high: int, whole: bool) -> list[bytes]:
        n = high - low
        if m == n:
            return [] if whole else [tree_root(leaves[low:high])]
        k = _split(n)
        if m <= k:
            return [*subproof(m, low, low + k, whole), tree_root(leaves[low + k : high])]
        return [*subproof(m - k, low + k, high, False), tree_root(leaves[low : low + k])]

    return tuple(subproof(old_size, 0, len(leaves), True))


# -------------------------------------------------------------------- heads and proofs


def _check_hex(name: str, value: object) -> str:
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise UsageError(f"{name} must be 64 lower-case hex digits (a SHA-256), not {value!r}")
    return value


@attrs.frozen
class TreeHead:
    """A Merkle tree head: how many records the tree holds and its root (hex)."""

    size: int
    root: str

    def __attrs_post_init__(self) -> None:
        if isinstance(self.size, bool) or not isinstance(self.size, int) or self.size < 0:
            raise UsageError(f"a tree size must be a whole number >= 0, not {self.size!r}")
        _check_hex("a tree root", self.root)

    @classmethod
    def of(cls, head: ChainHead | TreeHead) -> TreeHead:
        """The tree head of a ledger head (which must carry its root)."""
        if isinstance(head, TreeHead):
            return head
        if not isinstance(head, ChainHead) or head.root is None:
            raise UsageError(
                f"a proof is checked against a head with its Merkle root (ledger.head() "
                f"gives one), not {head!r}"
            )
        return cls(size=head.position, root=head.root)


def _check_path(path: object) -> tuple[str, ...]:
    if isinstance(path, str) or not isinstance(path, Sequence):
        raise UsageError(f"a proof's path is a list of hex hashes, not {path!r}")
    return tuple(_check_hex("each hash of a proof's path", item) for item in path)


@attrs.frozen
class InclusionProof:
    """That the record at :attr:`position` is in the tree of :attr:`tree_size` records."""

    position: int
    tree_size: int
    #: The audit path, leaf to root, as hex hashes (O(log n) of them).
    path: tuple[str, ...] = attrs.field(converter=_check_path)

    def to_json(self) -> dict[str, Any]:
        """The proof as plain JSON data."""
        return {"position": self.position, "tree_size": self.tree_size, "path": list(self.path)}


@attrs.frozen
class ConsistencyProof:
    """That the tree of :attr:`new_size` records extends the one of :attr:`old_size`."""

    old_size: int
    new_size: int
    path: tuple[str, ...] = attrs.field(converter=_check_path)

    def to_json(self) -> dict[str, Any]:
        """The proof as plain JSON data."""
        return {"old_size": self.old_size, "new_size": self.new_size, "path": list(self.path)}


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def check_inclusion_hash(
    leaf: bytes, position: int, proof: InclusionProof | Sequence[str], head: ChainHead | TreeHead
) -> bool:
    """Whether *leaf* (a leaf hash) is at *position* of the tree whose head is *head*.

    RFC 9162 section 2.1.3.2. *proof* is an :class:`InclusionProof` (its position and
    tree size must agree) or its bare path.
    """
    tree = TreeHead.of(head)
    if isinstance(proof, InclusionProof):
        if proof.position != position or proof.tree_size != tree.size:
            return False
        path = proof.path
    else:
        path = _check_path(proof)
    if not _whole(position) or not 1 <= position <= tree.size:
        return False
    fn, sn = position - 1, tree.size - 1
    r = leaf
    for item in path:
        p = bytes.fromhex(item)
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = _node(p, r)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            r = _node(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r.hex() == tree.root


def check_inclusion(
    record: StoredRecord, proof: InclusionProof, head: ChainHead | TreeHead
) -> bool:
    """Whether *record*, exactly as given, is in the ledger whose head is *head*.

    Pure: it needs nothing but the record, the proof and the head. Any change to the
    record (its payload, dates, partnership, version, position ...), to the proof or to
    the head makes it ``False``.
    """
    if not isinstance(record, StoredRecord) or not isinstance(proof, InclusionProof):
        return False
    if record.position != proof.position:
        return False
    return check_inclusion_hash(record_leaf(record), proof.position, proof, head)


def check_consistency(
    proof: ConsistencyProof, old_head: ChainHead | TreeHead, new_head: ChainHead | TreeHead
) -> bool:
    """Whether the ledger at *new_head* extends the one at *old_head*, unchanged.

    RFC 9162 section 2.1.4.2; pure, like :func:`check_inclusion`.
    """
    old, new = TreeHead.of(old_head), TreeHead.of(new_head)
    if not isinstance(proof, ConsistencyProof):
        return False
    if (proof.old_size, proof.new_size) != (old.size, new.size) or old.size > new.size:
        return False
    path = [bytes.fromhex(item) for item in proof.path]
    if old.size == new.size:
        return not path and old.root == new.root
    if old.size == 0:
        return not path and old.root == EMPTY_ROOT
    if old.size & (old.size - 1) == 0:  # a power of two: the old root is a node of the new
        path.insert(0, bytes.fromhex(old.root))
    if not path:
        return False
    fn, sn = old.size - 1, new.size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = _node(c, fr)
            sr = _node(c, sr)
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = _node(sr, c)
        fn >>= 1
        sn >>= 1
    return fr.hex() == old.root and sr.hex() == new.root and sn == 0


# -------------------------------------------------------------------- proof documents

#: The version of the JSON proof documents ``govledger prove`` writes.
PROOF_FORMAT: Final = 1


def record_to_json(record: StoredRecord) -> dict[str, Any]:
    """A stored record as plain JSON data, every field a proof covers."""
    return {
        "position": record.position,
        "partnership": record.partnership,
        "version": record.version,
        "type": record.type,
        "schema_version": record.schema_version,
        "effective": record.effective.isoformat(),
        "visible_from": record.visible_from.isoformat(),
        "recorded_at": record.recorded_at.isoformat(),
        "payload": record.payload,
        "prev_hash": record.prev_hash,
        "hash": record.hash,
    }


def record_from_json(data: object) -> StoredRecord:
    """The record :func:`record_to_json` wrote; ``UsageError`` if *data* is not one."""
    from datetime import date, datetime

    try:
        if not isinstance(data, dict):
            raise TypeError("not an object")
        moment = datetime.fromisoformat(data["recorded_at"])
        if moment.utcoffset() is None:
            raise ValueError("recorded_at has no time zone")
        return StoredRecord(
            position=_int(data["position"]),
            partnership=_str(data["partnership"]),
            version=_int(data["version"]),
            type=_str(data["type"]),
            schema_version=_int(data["schema_version"]),
            effective=date.fromisoformat(data["effective"]),
            visible_from=date.fromisoformat(data["visible_from"]),
            recorded_at=moment,
            payload=_str(data["payload"]),
            prev_hash=_str(data["prev_hash"]),
            hash=_str(data["hash"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise UsageError(f"the proof's record is malformed ({exc})") from None


def _int(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{value!r} is not a whole number")
    return value


def _str(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r} is not text")
    return value


def head_to_json(head: ChainHead) -> dict[str, Any]:
    """A head (with its root) as plain JSON data."""
    return {"position": head.position, "hash": head.hash, "root": head.root}


def head_from_json(data: object) -> ChainHead:
    """The head :func:`head_to_json` wrote; ``UsageError`` if *data* is not one."""
    if not isinstance(data, dict) or data.get("root") is None:
        raise UsageError(f"a proof's head needs its position, hash and root, not {data!r}")
    try:
        return ChainHead(_int(data.get("position")), _str(data.get("hash")), _str(data["root"]))
    except TypeError as exc:
        raise UsageError(f"a proof's head is malformed ({exc})") from None


def check_document(document: object) -> tuple[bool, str]:
    """Check a proof document ``govledger prove`` wrote; return the verdict and why.

    ``UsageError`` if *document* is not a proof document at all.
    """
    if not isinstance(document, dict) or document.get("format") != PROOF_FORMAT:
        raise UsageError(f"not a govledger proof document of format {PROOF_FORMAT}")
    kind = document.get("kind")
    proof = document.get("proof")
    if not isinstance(proof, dict):
        raise UsageError("the proof document has no proof")
    try:
        if kind == "inclusion":
            head = head_from_json(document.get("head"))
            record = record_from_json(document.get("record"))
            inclusion = InclusionProof(
                _int(proof.get("position")), _int(proof.get("tree_size")), proof.get("path")
            )
            ok = check_inclusion(record, inclusion, head)
            what = f"event {record.position} ({record.type}, {record.partnership})"
            return ok, (
                f"{what} is in the ledger at head {head.position} (root {head.root})"
                if ok
                else f"{what} is NOT proven to be in the ledger at head {head.position}: the "
                "event, the proof or the head was changed"
            )
        if kind == "consistency":
            old = head_from_json(document.get("old_head"))
            new = head_from_json(document.get("new_head"))
            consistency = ConsistencyProof(
                _int(proof.get("old_size")), _int(proof.get("new_size")), proof.get("path")
            )
            ok = check_consistency(consistency, old, new)
            return ok, (
                f"the ledger at head {new.position} extends the one at head {old.position} "
                "unchanged"
                if ok
                else f"the ledger at head {new.position} does NOT extend the one at head "
                f"{old.position} unchanged: history was rewritten, or a head or the proof "
                "was changed"
            )
    except TypeError as exc:
        raise UsageError(f"the proof document is malformed ({exc})") from None
    raise UsageError(f"a proof document's kind is 'inclusion' or 'consistency', not {kind!r}")

"""Merkle proofs (RFC 9162): every proof verifies, and any change makes it fail."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date, timedelta
from pathlib import Path

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from factories import formed, resolved
from govledger import Ledger
from govledger.proofs import (
    EMPTY_ROOT,
    ConsistencyProof,
    Frontier,
    InclusionProof,
    TreeHead,
    check_consistency,
    check_inclusion,
    check_inclusion_hash,
    consistency_path,
    inclusion_path,
    leaf_hash,
    record_leaf,
    tree_root,
)
from govledger.store import ChainHead

# RFC 6962 / Certificate Transparency's reference test leaves and roots.
CT_LEAVES = [
    b"",
    b"\x00",
    b"\x10",
    b"\x20\x21",
    b"\x30\x31",
    b"\x40\x41\x42\x43",
    b"\x50\x51\x52\x53\x54\x55\x56\x57",
    b"\x60\x61\x62\x63\x64\x65\x66\x67\x68\x69\x6a\x6b\x6c\x6d\x6e\x6f",
]
CT_ROOTS = [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]


def _reference_root(leaves: list[bytes]) -> bytes:
    """RFC 9162's recursive definition, written out independently."""
    if not leaves:
        return hashlib.sha256(b"").digest()
    if len(leaves) == 1:
        return leaves[0]
    k = 1
    while k * 2 < len(leaves):
        k *= 2
    return hashlib.sha256(
        b"\x01" + _reference_root(leaves[:k]) + _reference_root(leaves[k:])
    ).digest()


def test_roots_match_the_certificate_transparency_test_vectors() -> None:
    leaves = [leaf_hash(data) for data in CT_LEAVES]
    assert [tree_root(leaves[:n]).hex() for n in range(1, 9)] == CT_ROOTS
    assert tree_root([]).hex() == EMPTY_ROOT


@given(st.integers(min_value=0, max_value=70))
def test_the_bottom_up_root_is_the_rfc_recursive_root(n: int) -> None:
    leaves = [leaf_hash(bytes([i % 256, i // 256])) for i in range(n)]
    assert tree_root(leaves) == _reference_root(leaves)


@given(st.lists(st.binary(max_size=3), max_size=80), st.data())
def test_a_frontier_grown_leaf_by_leaf_has_the_root_of_the_whole_tree(
    data_leaves: list[bytes], data: st.DataObject
) -> None:
    leaves = [leaf_hash(item) for item in data_leaves]
    cut = data.draw(st.integers(min_value=0, max_value=len(leaves)))
    frontier = Frontier()
    frontier.extend(leaves[:cut])
    grown = frontier.copy()
    grown.extend(leaves[cut:])

    assert (frontier.size, frontier.root()) == (cut, _reference_root(leaves[:cut]))
    assert (grown.size, grown.root()) == (len(leaves), _reference_root(leaves))


sizes = st.integers(min_value=1, max_value=64)


@given(data=st.data(), n=sizes)
def test_every_inclusion_proof_verifies_and_any_change_fails(data: st.DataObject, n: int) -> None:
    leaves = [leaf_hash(b"leaf %d" % i) for i in range(n)]
    head = TreeHead(size=n, root=tree_root(leaves).hex())
    index = data.draw(st.integers(min_value=0, max_value=n - 1))
    path = tuple(h.hex() for h in inclusion_path(leaves, index))
    proof = InclusionProof(index + 1, n, path)

    assert check_inclusion_hash(leaves[index], index + 1, proof, head)
    assert len(path) <= max(1, n.bit_length())
    # another leaf, position or head fails
    other = (
        data.draw(st.integers(min_value=0, max_value=n - 1).filter(lambda i: i != index))
        if n > 1
        else None
    )
    if other is not None:
        assert not check_inclusion_hash(leaves[other], index + 1, proof, head)
        assert not check_inclusion_hash(leaves[index], other + 1, path, head)
    assert not check_inclusion_hash(leaf_hash(b"forged"), index + 1, proof, head)
    assert not check_inclusion_hash(
        leaves[index], index + 1, proof, attrs.evolve(head, root="0" * 64)
    )
    if path:
        at = data.draw(st.integers(min_value=0, max_value=len(path) - 1))
        bent = list(path)
        bent[at] = hashlib.sha256(bent[at].encode()).hexdigest()
        assert not check_inclusion_hash(leaves[index], index + 1, bent, head)
        assert not check_inclusion_hash(leaves[index], index + 1, path[:-1], head)


@given(data=st.data(), n=sizes)
def test_every_consistency_proof_verifies_and_any_change_fails(data: st.DataObject, n: int) -> None:
    leaves = [leaf_hash(b"leaf %d" % i) for i in range(n)]
    m = data.draw(st.integers(min_value=0, max_value=n))
    old = TreeHead(size=m, root=tree_root(leaves[:m]).hex())
    new = TreeHead(size=n, root=tree_root(leaves).hex())
    path = tuple(h.hex() for h in consistency_path(leaves, m))
    proof = ConsistencyProof(m, n, path)

    assert check_consistency(proof, old, new)
    rewritten = [*leaves[: max(0, m - 1)], leaf_hash(b"rewritten"), *leaves[m:]]
    if m:
        changed = TreeHead(size=n, root=tree_root(rewritten).hex())
        assert not check_consistency(proof, old, changed) or m == 0
        assert not check_consistency(
            proof, attrs.evolve(old, root=tree_root(rewritten[:m]).hex()), new
        )
    if path:
        at = data.draw(st.integers(min_value=0, max_value=len(path) - 1))
        bent = list(path)
        bent[at] = hashlib.sha256(bent[at].encode()).hexdigest()
        assert not check_consistency(ConsistencyProof(m, n, bent), old, new)
    if 0 < m < n:
        assert not check_consistency(ConsistencyProof(m - 1, n, path), old, new)


# ---------------------------------------------------------------- through the ledger


def _filled(path: Path, count: int) -> Ledger:
    ledger = Ledger.open(path)
    ledger.append(formed())
    for n in range(count - 1):
        ledger.append(resolved(f"r{n}", date(2021, 1, 1) + timedelta(days=n)))
    return ledger


@settings(max_examples=10, deadline=None)
@given(data=st.data())
def test_ledger_proofs_verify_with_only_the_record_and_heads(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    count = data.draw(st.integers(min_value=1, max_value=12))
    with _filled(tmp_path_factory.mktemp("p") / "l.db", count) as ledger:
        early = ledger.head(known_at=data.draw(st.integers(min_value=0, max_value=count)))
        ledger.append(resolved("later", date(2022, 1, 1)))
        head = ledger.head()
        position = data.draw(st.integers(min_value=1, max_value=head.position))
        record = ledger.record(position)
        proof = ledger.prove(position)
        consistency = ledger.consistency(early)

    assert head.root is not None and ChainHead.parse(str(head)).root == head.root
    assert check_inclusion(record, proof, head)
    assert check_consistency(consistency, early, head)
    for change in (
        {"payload": record.payload.replace('"', "'", 1)},
        {"version": record.version + 1},
        {"effective": record.effective + timedelta(days=1)},
        {"visible_from": record.visible_from - timedelta(days=1)},
        {"partnership": record.partnership + "x"},
        {"position": record.position % head.position + 1},
    ):
        assert not check_inclusion(attrs.evolve(record, **change), proof, head)
    assert not check_inclusion(
        record, attrs.evolve(proof, position=position % head.position + 1), head
    )


def _edit(path: Path, sql: str, *values: object) -> None:
    """Run *sql* on the ledger file, past its append-only trigger."""
    raw = sqlite3.connect(path)
    raw.execute("DROP TRIGGER IF EXISTS events_refuse_update")
    raw.execute(sql, values)
    raw.commit()
    raw.close()


def _full_root(ledger: Ledger, size: int) -> str:
    """The root over every record up to *size*, from nothing kept."""
    return tree_root([record_leaf(ledger.record(n)) for n in range(1, size + 1)]).hex()


@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_a_kept_root_is_the_root_of_every_record(
    tmp_path_factory: pytest.TempPathFactory, data: st.DataObject
) -> None:
    """head() hashes only the records sealed since the head it kept: its root is always
    the one computed from every record, whatever was appended or asked before."""
    count = data.draw(st.integers(min_value=1, max_value=6))
    with _filled(tmp_path_factory.mktemp("k") / "l.db", count) as ledger:
        for step in range(data.draw(st.integers(min_value=1, max_value=6))):
            ask = data.draw(st.sampled_from(["append", "head", "earlier"]))
            if ask == "append":
                more = data.draw(st.integers(min_value=1, max_value=4))
                ledger.append(*(resolved(f"s{step}-{n}", date(2023, 1, 1)) for n in range(more)))
                continue
            last = ledger.head(known_at=None).position
            size = last if ask == "head" else data.draw(st.integers(0, last))
            head = ledger.head(known_at=size)
            assert head.position == size
            assert head.root == (_full_root(ledger, size) if size else EMPTY_ROOT)
            assert head.hash == (ledger.record(size).hash if size else "0" * 64)


def test_a_kept_root_is_not_trusted_once_its_record_changed(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    with _filled(path, 4) as ledger:
        before = ledger.head()
        _edit(path, "UPDATE events SET hash = ? WHERE position = 4", "ab" * 32)
        after = ledger.head()
        # the record the kept root ended at changed, so every record is read again
        assert after.hash == "ab" * 32
        assert after.root == _full_root(ledger, 4) == before.root


def test_a_rewritten_ledger_fails_the_consistency_check(tmp_path: Path) -> None:
    path = tmp_path / "l.db"
    with _filled(path, 5) as ledger:
        published = ledger.head()
    _edit(path, "UPDATE events SET payload = replace(payload, 'r1', 'rX') WHERE position = 3")
    with Ledger.open(path) as ledger:
        ledger_now = ledger.head()
        proof = ledger.consistency(ChainHead(published.position, published.hash))
    # same size, another root: the published head tells them apart
    assert ledger_now.root != published.root
    assert not check_consistency(proof, published, ledger_now)


# ---------------------------------------------------------------- the command line


def test_head_prove_and_check_proof_on_the_command_line(tmp_path: Path) -> None:
    import json

    from click.testing import CliRunner

    from govledger.cli import main

    path = tmp_path / "l.db"
    with _filled(path, 6) as ledger:
        published = str(ledger.head(known_at=4))
        current = ledger.head()
    runner = CliRunner()

    shown = runner.invoke(main, ["head", "--db", str(path)])
    assert shown.exit_code == 0 and shown.output.strip() == str(current)

    made = runner.invoke(main, ["prove", "3", "--db", str(path), "--head", published])
    assert made.exit_code == 0, made.output
    document = tmp_path / "proof.json"
    document.write_text(made.output)
    checked = runner.invoke(main, ["check-proof", str(document), "--head", published])
    assert checked.exit_code == 0 and checked.output.startswith("ok:")

    forged = json.loads(made.output)
    forged["record"]["payload"] = forged["record"]["payload"].replace("r1", "r9")
    document.write_text(json.dumps(forged))
    refused = runner.invoke(main, ["check-proof", str(document)])
    assert refused.exit_code == 1 and "NOT proven" in refused.output

    since = runner.invoke(main, ["prove", "--since", published, "--db", str(path)])
    assert since.exit_code == 0, since.output
    document.write_text(since.output)
    assert runner.invoke(main, ["check-proof", str(document)]).exit_code == 0
    other = runner.invoke(main, ["check-proof", str(document), "--head", published])
    assert other.exit_code == 1  # the document's new head is not the published old one

    document.write_text("{}")
    assert runner.invoke(main, ["check-proof", str(document)]).exit_code == 2

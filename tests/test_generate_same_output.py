"""The benchmark generator's output for a seed stays byte-identical (issue 17).

The digests were recorded from the generator before it was made faster (main at
``8020bf3``, where ``decided_elsewhere`` rebuilt every ref and ``Partnership.unique``
probed numbers from 2); a speed-up must not change a single encoded byte. The 10k and
20k digests were recorded at ``89a7f73``, the last generator that scanned every
partnership per citation and checked every id of the world per condition id. Seed 2026
is pinned at 20k only: its 10k digest was dropped to save CI time, as seed 7's 10k and
seed 2026's 20k already run the generator at that scale.
"""

from __future__ import annotations

import hashlib

import pytest
from bench.generate import generate

from govledger.codec import encode

RECORDED = {
    (1, 300): "197c8d1cb90fff3f5547494d0728bbffc69255264068ded4f114fc0759db502d",
    (1, 1500): "14a6e50ab5454f7c9c16758cef4ea554eea697ccb05a70cdc6b97c3496230fa4",
    (7, 300): "19f3c196b2052f7f656a0f90a7bcf5552ae4c0d432a0ed1df3400cb7e2ea1bd3",
    (7, 1500): "38b4c6e10ad6cd406e6691cafb932dfd88f06181881e188bca650aebe03c80c7",
    (2026, 300): "b3bc4c2ca927dbced7c1b8ffa771437fae7298dbe9fbdc63885ff6f080b3fed9",
    (2026, 1500): "bced2ca380bcaf19aa42c4cebc731f1c758446542250e6161c06866c5562d66d",
    (2026, 4000): "755498512bcf0000148fca52a1b30367073c49c748f4775b22ad623dfdbace72",
    (7, 10_000): "291a1c26cd1d158383072598d5d70f8a6de60e40eec559425aabd62b9684ced2",
    (2026, 20_000): "4c498e702316a14689dbf4370d03339f1680dcd930e6c05a85a5fa6c4ef5c0a5",
}


def _digest(seed: int, n: int) -> str:
    digest = hashlib.sha256()
    for event in generate(n, seed):
        kind, version, payload = encode(event)
        digest.update(f"{kind}|{version}|{payload}\n".encode())
    return digest.hexdigest()


@pytest.mark.parametrize(("seed", "n"), sorted(RECORDED))
def test_generated_stream_matches_the_recorded_digest(seed: int, n: int) -> None:
    assert _digest(seed, n) == RECORDED[seed, n]

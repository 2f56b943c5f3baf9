"""The batch's vectorised candidate rule against the desktop's (overlap/candidates.py)."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from desktop.batch import pairs
from desktop.core.overlap import candidates


def test_tie_array_is_the_desktops_tie() -> None:
    rng = random.Random(1)
    keys = [rng.getrandbits(60) for _ in range(300)] + [0, 1, (1 << 60) - 1]
    xs = np.array([rng.choice(keys) for _ in range(2000)], dtype=np.int64)
    ys = np.array([rng.choice(keys) for _ in range(2000)], dtype=np.int64)
    got = pairs.tie_array(xs, ys)
    assert [int(v) for v in got] == [candidates.tie(int(x), int(y)) for x, y in zip(xs, ys, strict=True)]


def test_pairs_and_choices_follow_the_rule(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Random postings: shared counts (with frequent hashes dropped) and each document's
    chosen candidates equal what candidates.top gives."""
    rng = random.Random(4)
    n_docs, limit, max_df = 40, 3, 12
    keys = np.full(n_docs + 1, -1, dtype=np.int64)
    for d in range(1, n_docs + 1):
        keys[d] = rng.getrandbits(60)
    np.save(tmp_path / "keys.npy", keys)
    held = {d: set(rng.sample(range(60), rng.randint(5, 25))) for d in range(1, n_docs + 1)}
    post = pd.DataFrame([(h, d) for d, hs in held.items() for h in hs], columns=["hash", "doc"])
    counted = pairs.pairs_of_postings(post, str(tmp_path), max_df)
    ends = pairs.both_ends(counted, candidates.MIN_SHARED)
    chosen = pairs.choose(ends, str(tmp_path), limit, [1, 21])
    got = {(int(a), int(b)) for a, b in zip(chosen["lo"], chosen["hi"], strict=True)}

    df = {h: sum(h in hs for hs in held.values()) for h in range(60)}
    tops = {}
    for x in held:
        shared = {y: sum(1 for h in held[x] & held[y] if df[h] <= max_df) for y in held if y != x}
        tops[x] = candidates.top(int(keys[x]), shared, {d: int(keys[d]) for d in held}, limit)
    assert got == candidates.pairs(tops)
    assert len(got) > n_docs  # the rule had something to choose
    assert set(chosen["part"]) == {0, 1}

"""Candidate pairs of the whole corpus, by the desktop's order-free rule (overlap/candidates.py).

The desktop looks each new article's hashes up in its inverted index; here the same counts
come from one shuffle of the postings by hash (a Dask DataFrame, P2P shuffle: spills to disk,
survives a lost worker):

1. postings (hash, doc) of the articles kept (duplicates and failures dropped) are shuffled by
   hash, so every hash's holders meet in one partition; a hash held by 2..max_df articles gives
   every pair of them one shared hash (vectorised: all pairs of each group size at once);
2. the pair counts are summed over partitions (a groupby with ``split_out``) and pairs sharing
   fewer than MIN_SHARED hashes dropped;
3. each pair, seen from both ends, is shuffled by its first end, which ranks its candidates
   (more shared, then the tie hash) and keeps MAX_CANDIDATES;
4. the chosen pairs, by the partition of their lower id, are written one file per documents
   partition (``pairs/``), what the align tasks read.

The cost of step 1 is the sum over hashes held by at most max_df articles of df²; the cap
(candidates.max_df: √n from a floor of 100) bounds one hash's share of it by n/2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from desktop.batch import records

_MASK = np.uint64((1 << 64) - 1)


def tie_array(kx: np.ndarray, ky: np.ndarray) -> np.ndarray:
    """candidates.tie on arrays (uint64 arithmetic wraps like the masked Python version)."""
    x64, y64 = kx.astype(np.uint64), ky.astype(np.uint64)
    lo, hi = np.minimum(x64, y64), np.maximum(x64, y64)
    with np.errstate(over="ignore"):
        x = lo * np.uint64(0x9E3779B97F4A7C15) + hi
        x = (x ^ (x >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        x = (x ^ (x >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return (x ^ (x >> np.uint64(31))) >> np.uint64(4)


def _keys(out: str) -> np.ndarray:
    return np.load(Path(out) / "keys.npy", mmap_mode="r")


def pairs_of_postings(df: Any, out: str, max_df: int) -> Any:
    """Shared-hash counts of the doc pairs of one hash partition: columns pair (lo << 32 | hi), n."""
    import pandas as pd

    keys = _keys(out)
    h, d = df["hash"].to_numpy(), df["doc"].to_numpy()
    keep = keys[d] >= 0
    h, d = h[keep], d[keep]
    order = np.lexsort((d, h))
    h, d = h[order], d[order]
    if len(h) == 0:
        return pd.DataFrame({"pair": np.zeros(0, np.int64), "n": np.zeros(0, np.int64)})
    starts = np.flatnonzero(np.r_[True, h[1:] != h[:-1]])
    sizes = np.diff(np.r_[starts, len(h)])
    ok = (sizes >= 2) & (sizes <= max_df)
    found = []
    for g in np.unique(sizes[ok]):
        first = starts[ok & (sizes == g)]
        group = d[first[:, None] + np.arange(g)]
        i, j = np.triu_indices(int(g), 1)
        found.append((group[:, i].ravel() << 32) | group[:, j].ravel())
    if not found:
        return pd.DataFrame({"pair": np.zeros(0, np.int64), "n": np.zeros(0, np.int64)})
    counts = pd.Series(np.concatenate(found)).value_counts(sort=False)
    return pd.DataFrame({"pair": counts.index.to_numpy(np.int64), "n": counts.to_numpy(np.int64)})


def both_ends(df: Any, min_shared: int) -> Any:
    import pandas as pd

    df = df[df["n"] >= min_shared]
    pair, n = df["pair"].to_numpy(np.int64), df["n"].to_numpy(np.int64)
    lo, hi = pair >> 32, pair & 0xFFFFFFFF
    return pd.DataFrame({"x": np.r_[lo, hi], "y": np.r_[hi, lo], "n": np.r_[n, n]})


def choose(df: Any, out: str, limit: int, first_ids: list[int]) -> Any:
    """Each article's MAX_CANDIDATES best (more shared, then tie); the chosen pairs as (lo, hi)
    with the documents partition of lo."""
    import pandas as pd

    keys = _keys(out)
    x, y, n = (df[c].to_numpy(np.int64) for c in ("x", "y", "n"))
    t = tie_array(keys[x], keys[y])
    order = np.lexsort((t, -n, x))
    x, y = x[order], y[order]
    if len(x) == 0:
        return pd.DataFrame({"lo": x, "hi": y, "part": x})
    starts = np.flatnonzero(np.r_[True, x[1:] != x[:-1]])
    rank = np.arange(len(x)) - np.repeat(starts, np.diff(np.r_[starts, len(x)]))
    sel = rank < limit
    lo, hi = np.minimum(x, y)[sel], np.maximum(x, y)[sel]
    part = np.searchsorted(np.asarray(first_ids), lo, side="right") - 1
    return pd.DataFrame({"lo": lo, "hi": hi, "part": part.astype(np.int64)})


def write_parts(df: Any, out: str) -> Any:
    """Write the pairs of each documents partition present (all its pairs are here)."""
    import pandas as pd

    sch = records.schemas()["pairs"]
    done = []
    for part, rows in df.groupby("part"):
        rows = rows.drop_duplicates(["lo", "hi"]).sort_values(["lo", "hi"])
        records.write_columns(Path(out), "pairs", int(part), {
            "lo": rows["lo"].tolist(), "hi": rows["hi"].tolist()}, sch)
        done.append(int(part))
    return pd.DataFrame({"part": np.asarray(done, np.int64)})


def compute(out: Path, n_parts: int, first_ids: list[int], *, max_df: int, min_shared: int,
            limit: int, buckets: int) -> dict[str, int]:
    """Steps 1-4 on the current Dask client; returns counts for the run's summary."""
    import dask.dataframe as dd
    import pandas as pd

    o = str(out)
    post = dd.read_parquet(str(out / "postings"), columns=["hash", "doc"])
    by_hash = post.shuffle(on="hash", npartitions=buckets)
    counted = by_hash.map_partitions(pairs_of_postings, o, max_df,
                                     meta=pd.DataFrame({"pair": [], "n": []}, dtype="int64"))
    shares = counted.groupby("pair").n.sum(split_out=buckets).reset_index()
    ends = shares.map_partitions(both_ends, min_shared,
                                 meta=pd.DataFrame({"x": [], "y": [], "n": []}, dtype="int64"))
    picked = ends.shuffle(on="x", npartitions=buckets).map_partitions(
        choose, o, limit, first_ids, meta=pd.DataFrame({"lo": [], "hi": [], "part": []},
                                                        dtype="int64"))
    written = picked.shuffle(on="part", npartitions=buckets).map_partitions(
        write_parts, o, meta=pd.DataFrame({"part": []}, dtype="int64")).compute()
    have = set(int(p) for p in written["part"])
    sch = records.schemas()["pairs"]
    for index in range(n_parts):  # partitions with no pair still get their (empty) file
        if index not in have:
            records.write_columns(out, "pairs", index, {"lo": [], "hi": []}, sch)
    return {"pair_partitions": len(have)}

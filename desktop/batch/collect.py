"""What the client computes between the stages of a batch run, and reads off the result:
the stages' worker figures from the task stream, the kept articles (dedupe), the corpus
lexicon, the result's counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.batch import records
from desktop.core.overlap import candidates as rule


def busy(stream: list[dict[str, Any]], start: float, end: float) -> dict[str, Any]:
    """What the workers did during one stage, from the scheduler's task stream: seconds spent
    computing tasks on each worker (``busy_s``), the number of tasks, and ``tail_s``: how long
    before the stage ended the first worker ran out of tasks (the others still busy)."""
    per: dict[str, float] = {}
    last: dict[str, float] = {}
    for rec in stream:
        w = str(rec.get("worker", ""))
        for ss in rec.get("startstops", ()):
            if ss.get("action") == "compute" and ss["stop"] >= start:
                per[w] = per.get(w, 0.0) + ss["stop"] - max(ss["start"], start)
                last[w] = max(last.get(w, 0.0), ss["stop"])
    tail = end - min(last.values()) if len(last) > 1 else 0.0
    return {"busy_s": {w: round(v, 2) for w, v in sorted(per.items())}, "tasks": len(stream),
            "tail_s": round(tail, 2)}


def dedupe(out: Path, n_parts: int) -> tuple[set[int], int]:
    """The first document of each content hash is kept; keys.npy (doc id → key number, -1 for
    documents not kept) and duplicates.parquet (doc, duplicate_of)."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    first: dict[str, int] = {}
    dups: dict[int, int] = {}
    top = 0
    for i in range(n_parts):
        for r in records.read(out, "documents", i, ["doc", "status", "content_hash"]):
            top = max(top, r["doc"])
            if r["status"] != "imported":
                continue
            h = r["content_hash"]
            if h in first:
                dups[r["doc"]] = first[h]
            else:
                first[h] = r["doc"]
    keys = np.full(top + 1, -1, dtype=np.int64)
    for h, doc in first.items():
        keys[doc] = rule.key_number(h)
    np.save(out / "keys.tmp.npy", keys)
    (out / "keys.tmp.npy").replace(out / "keys.npy")
    table = pa.table({"doc": list(dups), "duplicate_of": list(dups.values())},
                     schema=pa.schema([("doc", pa.int64()), ("duplicate_of", pa.int64())]))
    pq.write_table(table, out / "duplicates.tmp.parquet")
    (out / "duplicates.tmp.parquet").replace(out / "duplicates.parquet")
    return set(dups), len(first)


def lexicon(out: Path, n_parts: int) -> str:
    """The corpus lexicon's rows: votes summed over partitions, in the order SQLite's GROUP BY
    returns them (key, text, label)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    total: dict[tuple[str, str, str], int] = {}
    for i in range(n_parts):
        for r in records.read(out, "votes", i):
            k = (r["key"], r["text"], r["label"])
            total[k] = total.get(k, 0) + r["n"]
    rows = [{"key": k, "text": t, "label": lab, "n": n} for (k, t, lab), n in sorted(total.items())]
    path = out / "lexicon.parquet"
    tmp = out / "lexicon.tmp.parquet"
    pq.write_table(pa.Table.from_pylist(rows, schema=records.schemas()["votes"]), tmp)
    tmp.replace(path)
    return str(path)


def summary(out: Path) -> dict[str, Any]:
    import pyarrow.dataset as ds

    def count(table: str) -> int:
        folder = out / table
        return ds.dataset(str(folder), format="parquet").count_rows() if folder.exists() else 0

    return {"documents": count("documents"), "links": count("links"),
            "mentions": count("mentions"), "pairs": count("pairs")}

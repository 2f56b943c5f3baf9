"""The Parquet tables of a batch result, one file per partition, each written atomically.

    OUT/manifest.json            inputs, plan, parameters (a resumed run must match them),
                                 and a record of every run (manifest.py)
    OUT/documents/part-NNNNN.parquet   one row per input: text, offset map, blocks, metadata,
                                       status (imported / duplicate / failed) and message
    OUT/postings/part-NNNNN.parquet    (hash, doc): sampled n-gram hashes of imported documents
    OUT/pairs/part-NNNNN.parquet       compared pairs (lo, hi), by the partition of ``lo``
    OUT/links/part-NNNNN.parquet       links of those pairs (as ``parallax links --json``)
    OUT/candidates/part-NNNNN.parquet  entity candidates (what the desktop stores)
    OUT/votes/part-NNNNN.parquet       the lexicon's votes of one partition
    OUT/mentions/part-NNNNN.parquet    entity mentions (as ``parallax entities --json``)

A file is written to a temporary name in its folder and renamed into place: it exists whole or
not at all, and a task that runs twice (a retry after a lost worker) replaces it with the same
content. A stage is done when every file of it exists.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Any

from desktop.core.model import BlockKind, CleanText, Document, Metadata, Span, SpanKind
from desktop.core.offsets import OffsetMap

DOC_COLUMNS = ["doc", "path", "status", "message", "duplicate_of", "fmt", "title", "source",
               "date", "url", "content_hash", "source_text", "clean_text", "offsets", "blocks",
               "headline"]
LINK_COLUMNS = ["a_doc", "a_path", "a_start", "a_end", "b_doc", "b_path", "b_start", "b_end",
                "kind", "score", "a_clean_start", "a_clean_end", "b_clean_start", "b_clean_end"]
MENTION_COLUMNS = ["doc", "path", "start", "end", "text", "label", "entity", "clean_start",
                   "clean_end"]
CANDIDATE_COLUMNS = ["doc", "start", "end", "label", "key", "titlecase", "confident"]


def part_file(out: Path, table: str, index: int) -> Path:
    return out / table / f"part-{index:05d}.parquet"


def exists(out: Path, table: str, index: int) -> bool:
    return part_file(out, table, index).exists()


def write(out: Path, table: str, index: int, rows: list[dict[str, Any]], schema: Any) -> Path:
    """Write rows as one Parquet file, atomically (temporary name, then rename)."""
    import pyarrow as pa

    return _write_table(out, table, index, pa.Table.from_pylist(rows, schema=schema))


def write_columns(out: Path, table: str, index: int, columns: dict[str, list[Any]],
                  schema: Any) -> Path:
    """Like :func:`write`, from columns (large tables: no dict per row)."""
    import pyarrow as pa

    return _write_table(out, table, index, pa.table(columns, schema=schema))


def _write_table(out: Path, table: str, index: int, data: Any) -> Path:
    import pyarrow.parquet as pq

    target = part_file(out, table, index)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        pq.write_table(data, tmp, row_group_size=256 if table == "documents" else 65536,
                       compression="zstd")
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def read(out: Path, table: str, index: int, columns: list[str] | None = None,
         filters: Any = None) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return pq.read_table(part_file(out, table, index), columns=columns,
                         filters=filters).to_pylist()


def schemas() -> dict[str, Any]:
    import pyarrow as pa

    i64, s = pa.int64(), pa.string()
    return {
        "documents": pa.schema([("doc", i64), ("path", s), ("status", s), ("message", s),
                                ("duplicate_of", i64), ("fmt", s), ("title", s), ("source", s),
                                ("date", s), ("url", s), ("content_hash", s),
                                ("source_text", pa.large_string()),
                                ("clean_text", pa.large_string()), ("offsets", pa.large_binary()),
                                ("blocks", s), ("headline", s)]),
        "postings": pa.schema([("hash", i64), ("doc", i64), ("key", i64)]),
        "pairs": pa.schema([("lo", i64), ("hi", i64)]),
        "links": pa.schema([("a_doc", i64), ("a_path", s), ("a_start", i64), ("a_end", i64),
                            ("b_doc", i64), ("b_path", s), ("b_start", i64), ("b_end", i64),
                            ("kind", s), ("score", pa.float64()), ("a_clean_start", i64),
                            ("a_clean_end", i64), ("b_clean_start", i64), ("b_clean_end", i64)]),
        "candidates": pa.schema([("doc", i64), ("start", i64), ("end", i64), ("label", s),
                                 ("key", s), ("titlecase", pa.bool_()),
                                 ("confident", pa.bool_())]),
        "votes": pa.schema([("key", s), ("text", s), ("label", s), ("n", i64)]),
        "mentions": pa.schema([("doc", i64), ("path", s), ("start", i64), ("end", i64),
                               ("text", s), ("label", s), ("entity", s), ("clean_start", i64),
                               ("clean_end", i64)]),
    }


def blocks_json(blocks: tuple[Span, ...]) -> str:
    """Blocks as the store keeps them: [[start, end, kind], ...]."""
    return json.dumps([[b.start, b.end, str(b.label)] for b in blocks])


def document(row: dict[str, Any]) -> Document:
    """A documents row (status imported) as the desktop's Document."""
    spans = tuple(Span(s, e, SpanKind.BLOCK, BlockKind(k)) for s, e, k in json.loads(row["blocks"]))
    clean = CleanText(row["clean_text"], OffsetMap.from_bytes(row["offsets"]), spans,
                      row["headline"])
    meta = Metadata(row["title"], row["source"], row["date"], row["url"])
    return Document(row["doc"], row["path"], row["fmt"], meta, row["source_text"], clean,
                    row["content_hash"], "")


def save_json(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, path)

"""A corpus and its partitions: a folder of files Parallax imports, JSON Lines, or Parquet.

Documents are numbered from 1 in input order (files in the order the desktop's import walks a
folder: by name, recursively; records in file order), and cut into partitions of a fixed
number of inputs, so the plan of a corpus is the same on every run (what makes a run
resumable and its outputs idempotent).

A record (a JSON Lines line or a Parquet row) needs ``text``; it may give ``title``, ``source``
(or ``outlet``), ``date``, ``url``, ``format`` (txt, md or html; default txt) and ``path`` (or
``id``): what the document is called in the results; by default ``FILE#N``, N its line or
row number from 1.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core import ingest
from desktop.core.errors import IngestError
from desktop.core.html_meta import normalise_date
from desktop.core.model import Metadata

RECORD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".parquet")


@dataclass(frozen=True)
class Part:
    """One partition: ``count`` inputs numbered from ``first_id``."""

    index: int
    first_id: int
    kind: str  # "files" | "jsonl" | "parquet"
    source: str  # the JSON Lines / Parquet file ("" for files)
    items: tuple[str, ...]  # the files (kind "files")
    start: int = 0  # record range [start, stop) of the source file
    stop: int = 0

    @property
    def count(self) -> int:
        return len(self.items) if self.kind == "files" else self.stop - self.start


@dataclass(frozen=True)
class Read:
    """One input as read: an article, or why it could not be read."""

    doc_id: int
    path: str
    article: ingest.Ingested | None
    problem: str = ""


class InputError(ValueError):
    """The corpus cannot be used (one line for the person running the job)."""


def is_records(path: Path) -> bool:
    return path.is_file() and path.name.lower().endswith(RECORD_SUFFIXES)


def plan(inputs: list[Path], part_size: int) -> list[Part]:
    """The partitions of a corpus given as folders/files and/or record files."""
    parts: list[Part] = []
    next_id = 1
    files: list[str] = []

    def flush_files() -> None:
        nonlocal next_id
        for i in range(0, len(files), part_size):
            chunk = tuple(files[i:i + part_size])
            parts.append(Part(len(parts), next_id, "files", "", chunk))
            next_id += len(chunk)
        files.clear()

    for raw in inputs:
        p = Path(raw).absolute()
        if not p.exists():
            raise InputError(f"no such file or folder: {raw}")
        if is_records(p):
            flush_files()
            kind = "parquet" if p.name.lower().endswith(".parquet") else "jsonl"
            n = _count_records(p, kind)
            for start in range(0, n, part_size):
                stop = min(n, start + part_size)
                parts.append(Part(len(parts), next_id, kind, str(p), (), start, stop))
                next_id += stop - start
        else:
            files += [str(f) for f, problem in ingest.iter_article_files([p]) if problem is None]
    flush_files()
    if not parts:
        raise InputError("no articles found in the input (Parallax reads .txt .md .html files, "
                         "and .jsonl / .parquet records with a 'text' field)")
    return parts


def _count_records(path: Path, kind: str) -> int:
    if kind == "parquet":
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(path).metadata
        if "text" not in meta.schema.names:
            raise InputError(f"{path.name}: no 'text' column")
        return int(meta.num_rows)
    with _open_text(path) as f:
        return sum(1 for _ in f)


def _open_text(path: Path) -> Any:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return path.open(encoding="utf-8")


def read_part(part: Part) -> Iterator[Read]:
    """Every input of a partition, read and cleaned with the desktop's own ingest."""
    if part.kind == "files":
        for k, name in enumerate(part.items):
            doc_id = part.first_id + k
            try:
                art = ingest.read_article(Path(name))
            except IngestError as exc:
                yield Read(doc_id, name, None, str(exc))
                continue
            yield Read(doc_id, art.path, art)
        return
    for k, rec in enumerate(_records(part)):
        yield _from_record(part.first_id + k, part.source, part.start + k + 1, rec)


def _records(part: Part) -> Iterator[dict[str, Any]]:
    if part.kind == "parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(part.source)
        yield from table.slice(part.start, part.stop - part.start).to_pylist()
        return
    with _open_text(Path(part.source)) as f:
        for n, line in enumerate(f):
            if n < part.start:
                continue
            if n >= part.stop:
                break
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                rec = {"_problem": f"not JSON ({exc.msg})"}
            yield rec if isinstance(rec, dict) else {"_problem": "not a JSON object"}


def _from_record(doc_id: int, source: str, number: int, rec: dict[str, Any]) -> Read:
    name = str(rec.get("path") or rec.get("id") or f"{source}#{number}")
    if "_problem" in rec:
        return Read(doc_id, name, None, str(rec["_problem"]))
    text = rec.get("text")
    if not isinstance(text, str):
        return Read(doc_id, name, None, "no 'text' field")
    fmt = str(rec.get("format") or "txt").lower()
    if fmt not in ("txt", "md", "html"):
        return Read(doc_id, name, None, f"unknown format {fmt!r} (txt, md or html)")
    given = Metadata(_s(rec.get("title")), _s(rec.get("source") or rec.get("outlet")),
                     normalise_date(_s(rec.get("date"))), _s(rec.get("url")))
    if len(text.encode("utf-8")) > ingest.MAX_BYTES:
        return Read(doc_id, name, None, "larger than 10 MB")
    try:
        return Read(doc_id, name, ingest.article_from_source(name, fmt, text, "", given))
    except IngestError as exc:
        return Read(doc_id, name, None, str(exc))


def _s(value: object) -> str:
    return "" if value is None else str(value)

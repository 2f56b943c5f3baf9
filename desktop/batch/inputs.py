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
import os
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.core import ingest
from desktop.core.errors import IngestError
from desktop.core.html_meta import normalise_date
from desktop.core.model import Metadata

RECORD_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".parquet")
# seconds between two "so far" lines while a corpus is counted (10⁷ records or files take
# minutes, which must not look like a hang)
PROGRESS_S = 10.0


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
    offset: int = 0  # byte offset of record ``start`` in a plain .jsonl (0: read from the top)

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


def check_inputs(inputs: list[Path]) -> None:
    """What can be told of the inputs without reading them through (done before the cluster
    is reached): they exist, a Parquet file has a footer with a 'text' column, a .gz file
    starts as gzip. A file damaged further in is told when the records are counted."""
    for raw in inputs:
        p = _input(raw)
        if not is_records(p):
            continue
        if p.name.lower().endswith(".parquet"):
            _count_records(p, "parquet", 1)  # the footer only
        elif p.name.lower().endswith(".gz"):
            try:
                with gzip.open(p, "rb") as f:
                    f.read(1)
            except _READ_ERRORS as exc:
                raise _unreadable(p, exc) from None


def _input(raw: Path) -> Path:
    """An input as an absolute path ("../corpus" named as from anywhere), which must exist."""
    p = Path(os.path.abspath(raw))
    if not p.exists():
        raise InputError(f"no such file or folder: {raw}")
    return p


_READ_ERRORS = (OSError, EOFError, zlib.error)


def _unreadable(path: Path, exc: BaseException) -> InputError:
    what = "cut short" if isinstance(exc, EOFError) else _first_line(exc)
    return InputError(f"{path}: cannot be read ({what})")


class _Ticker:
    """Says how far a long count has got, every PROGRESS_S seconds."""

    def __init__(self, say: Callable[[str], None] | None) -> None:
        self.say, self.last = say, time.monotonic()

    def __call__(self, template: str, *args: object) -> None:
        """``template.format(*args)`` is said when it is time (and only then formatted)."""
        if self.say is not None and time.monotonic() - self.last >= PROGRESS_S:
            self.say(template.format(*args))
            self.last = time.monotonic()


def plan(inputs: list[Path], part_size: int,
         skipped: list[tuple[str, str]] | None = None, result: Path | None = None,
         say: Callable[[str], None] | None = None) -> list[Part]:
    """The partitions of a corpus given as folders/files and/or record files; what a folder
    holds that is not read (not an article, a folder that cannot be opened) is added to
    ``skipped`` as (path, why), as an import lists it. The ``result`` folder is not part of
    the corpus (``--out corpus/result``: on a resume its files are in the folder walked).
    A count that takes long says how far it has got (``say``)."""
    tick = _Ticker(say)
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
        p = _input(raw)
        if is_records(p):
            flush_files()
            kind = "parquet" if p.name.lower().endswith(".parquet") else "jsonl"
            n, offsets = _count_records(p, kind, part_size, tick)
            for k, start in enumerate(range(0, n, part_size)):
                stop = min(n, start + part_size)
                parts.append(Part(len(parts), next_id, kind, str(p), (), start, stop,
                                  offsets[k] if offsets else 0))
                next_id += stop - start
        else:
            for f, problem in ingest.iter_article_files([p]):
                tick("listing {}: {:,} found so far", p.name, len(files))
                if result is not None and Path(f).is_relative_to(result):
                    continue
                if problem is None:
                    files.append(str(f))
                elif skipped is not None:
                    skipped.append((str(f), problem.removeprefix("skipped: ")))
    flush_files()
    if not parts:
        raise InputError("no articles found in the input (Parallax reads .txt .md .html .pdf .docx files, "
                         "and .jsonl / .parquet records with a 'text' field)")
    return parts


def _count_records(path: Path, kind: str, every: int, tick: _Ticker | None = None
                   ) -> tuple[int, list[int]]:
    """How many records a file holds, and the byte offset of every ``every``-th line in a
    plain .jsonl (a partition's task seeks there instead of reading the lines before it; a
    compressed file cannot be seeked: no offsets). A file that cannot be read is one line
    naming it (InputError), never a traceback."""
    if kind == "parquet":
        import pyarrow.parquet as pq

        try:
            meta = pq.ParquetFile(path).metadata
        except Exception as exc:  # ArrowInvalid, OSError: not Parquet, cut short, unreadable
            raise InputError(f"{path}: not a readable Parquet file ({_first_line(exc)})") from None
        if "text" not in meta.schema.names:
            raise InputError(f"{path.name}: no 'text' column")
        return int(meta.num_rows), []
    offsets: list[int] = []
    n = at = 0
    tick = tick or _Ticker(None)
    try:
        with _open_binary(path) as f:
            for line in f:
                if n % every == 0:
                    offsets.append(at)
                n += 1
                at += len(line)
                if not n & 0xFFFF:  # every 65,536 lines
                    tick("counting {}: {:,} records so far", path.name, n)
    except _READ_ERRORS as exc:
        raise _unreadable(path, exc) from None
    return n, [] if path.name.lower().endswith(".gz") else offsets


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:160] if text else type(exc).__name__


def _open_binary(path: Path) -> Any:
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


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
    """The records of a partition, read from the row groups / bytes that hold them only (a
    partition of a 10⁷-row input must not read the whole file)."""
    if part.kind == "parquet":
        try:
            yield from _parquet_rows(part)
        except Exception as exc:  # a damaged row group: the file and rows, in one line
            raise InputError(f"{part.source}: rows {part.start + 1}-{part.stop} cannot be read "
                             f"({_first_line(exc)})") from None
        return
    with _open_binary(Path(part.source)) as f:
        if part.offset:
            f.seek(part.offset)
            lines: Iterator[bytes] = iter(f)
        else:  # the top of the file, or a compressed one: read up to the partition's first line
            lines = (line for n, line in enumerate(f) if n >= part.start)
        for line, _ in zip(lines, range(part.stop - part.start), strict=False):
            yield _parse(line)


def _parse(line: bytes) -> dict[str, Any]:
    try:
        rec = json.loads(line.decode("utf-8"))
    except UnicodeDecodeError:
        return {"_problem": "not UTF-8 text"}
    except json.JSONDecodeError as exc:
        return {"_problem": f"not JSON ({exc.msg})"}
    return rec if isinstance(rec, dict) else {"_problem": "not a JSON object"}


def _parquet_rows(part: Part) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    pf = pq.ParquetFile(part.source)
    first = 0
    for g in range(pf.metadata.num_row_groups):
        n = pf.metadata.row_group(g).num_rows
        lo, hi = max(part.start, first), min(part.stop, first + n)
        if lo < hi:
            yield from pf.read_row_group(g).slice(lo - first, hi - lo).to_pylist()
        first += n
        if first >= part.stop:
            return


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

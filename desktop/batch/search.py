"""The batch's search index: one whoosh index per partition, the desktop's own, so that
``import-batch --search`` takes the desktop's query language and answers it as ``parallax
search`` would on a library holding the same documents.

Each index is made by the desktop's SearchIndex (core/search.py: the same schema, analyzer and
fields: title, body, source, date, and the person / org / place fields from the documents'
mentions, as the library's entity field source gives them), and the query is parsed by the
same ``SearchIndex.parse``: words, ``AND``/``OR``/``NOT``, "phrases", ``prefix*``, fuzzy
``word~``, ``field:value``. An index is built in a temporary folder and renamed into place,
so it exists whole or not at all (a retried or resumed task does the same work once).
"""

from __future__ import annotations

import shutil
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.batch import records
from desktop.core.entities.consolidate import Mention
from desktop.core.entities.index_fields import fields_of
from desktop.core.entities.labels import Label
from desktop.core.model import Document
from desktop.core.search import SearchIndex

FOLDER = "index"
NAMES = "with-names"  # marks an index holding the person / org / place fields


def part_folder(out: Path, index: int) -> Path:
    return out / FOLDER / f"part-{index:05d}"


def index_part(index: int, out: str, skip: list[int], with_names: bool) -> dict[str, Any]:
    """Index a partition's documents (imported, not duplicates), with their mentions' names
    when ``with_names`` (an index made before a resumed run added entities is made again)."""
    o = Path(out)
    target = part_folder(o, index)
    if target.exists() and (not with_names or (target / NAMES).exists()):
        return {"part": index, "skipped": True}
    drop = set(skip)
    docs = [records.document(r) for r in records.read(o, "documents", index)
            if r["status"] == "imported" and r["doc"] not in drop]
    names: dict[int, list[Mention]] = {}
    if with_names:
        text = {d.id: d.clean.text for d in docs}
        for m in records.read(o, "mentions", index):
            if m["doc"] in text:
                written = text[m["doc"]][m["clean_start"]:m["clean_end"]]
                names.setdefault(m["doc"], []).append(
                    Mention(m["clean_start"], m["clean_end"], Label(m["label"]), m["entity"], written))
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        ix = SearchIndex(tmp)
        ix.open()

        def entity_fields(doc: Document) -> dict[str, str]:
            return fields_of(names[doc.id]) if doc.id in names else {}

        ix.add_field_source(entity_fields)
        ix.add((d, 0) for d in docs)
        ix.close()
        if with_names:
            (tmp / NAMES).touch()
        _into_place(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"part": index, "skipped": False, "docs": len(docs)}


def _into_place(tmp: Path, target: Path) -> None:
    """Rename a finished index into place, replacing an older one (made without names)."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.{uuid.uuid4().hex}.old")
        try:
            target.rename(old)
        except OSError:
            old = None
    try:
        tmp.rename(target)
    except OSError:  # another attempt of this task got there first: the same content
        if not target.exists():
            raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def matching(folder: Path, query: str, say: Callable[[str], None]) -> set[int]:
    """Batch document ids matching ``query`` (desktop syntax; QueryError when it is not
    understood), over every partition's index."""
    parts = sorted((folder / FOLDER).glob("part-*"))
    if not parts:
        raise ValueError(f"the batch result in {folder} has no search index; run the batch "
                         "command again to finish it")
    found: set[int] = set()
    for n, path in enumerate(parts, 1):
        ix = SearchIndex(path)
        if not ix.open_read_only():
            raise ValueError(f"the search index {path} cannot be read; remove it and run the "
                             "batch command again to rebuild it")
        try:
            q = ix.parse(query)
            with ix.searching() as s:
                found.update(int(hit["doc"]) for hit in s.search(q, limit=None))
        finally:
            ix.close()
        if n % 50 == 0:
            say(f"searched {n:,} of {len(parts):,} partitions")
    return found

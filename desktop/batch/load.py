"""``parallax import-batch``: a batch result, or part of it, into a desktop library.

Documents are stored as an import would store them (same texts, offset maps, blocks,
metadata; one already in the library by content hash is reused, as an import reports it
present). Then, without recomputing what the cluster computed:

* entity candidates are stored with the model name the library uses (when the batch ran the
  same model), so mentions resolve against the library's lexicon as if recognised here;
* the new documents are linked by the desktop's own incremental linker, which takes each
  pair's links from the batch when the batch aligned that pair (pairs are named by content
  hash, so ids do not matter) and aligns only pairs the batch never compared: those between
  the batch's documents and documents already in the library, or pairs a part-load makes
  necessary. The library ends up exactly as if every document had been imported and linked
  here (the links are a function of the set of documents: docs/ARCHITECTURE.md).

A part: ``family`` (the documents joined to one batch document by links, directly or not),
a date range (``since``/``until`` on the documents' ISO dates; undated ones are left out), and
``search``: a query in the desktop's language (``parallax search``: words, phrases, AND / OR /
NOT, prefix*, field:value, person:/org:/place: names), answered by the batch's own search
index (search.py). Several combine (AND).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.batch import records, search
from desktop.core.entities.candidates import Candidate
from desktop.core.entities.labels import Label
from desktop.core.entities.structure import structural_breaks
from desktop.core.library import Library
from desktop.core.overlap.types import LinkKind

# a date at the precision given: a year, a month or a day (the documents' dates are ISO)
_ISO = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")


@dataclass(frozen=True)
class Selection:
    family: int | str | None = None  # a batch document: its number, path, record id or file name
    since: str | None = None
    until: str | None = None
    search: str | None = None


@dataclass
class Loaded:
    imported: int = 0
    present: int = 0
    links: int = 0
    mentions_docs: int = 0


def _manifest(folder: Path) -> dict[str, Any]:
    path = folder / "manifest.json"
    if not folder.is_dir():
        raise ValueError(f"no such folder: {folder}")
    if not path.exists():
        raise ValueError(f"{folder} is not a batch result (no manifest.json)")
    manifest = json.loads(path.read_text(encoding="utf-8"))
    if "links" not in manifest.get("stages", {}):
        raise ValueError(f"the batch run in {folder} has not finished; run it again to resume")
    return dict(manifest)


def _table(folder: Path, name: str, columns: list[str] | None = None,
           filters: Any = None) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    path = folder / name
    if not path.exists():
        return []
    table = ds.dataset(str(path), format="parquet").to_table(columns=columns, filter=filters)
    return list(table.to_pylist())


def select(folder: Path, sel: Selection, say: Callable[[str], None] = lambda m: None) -> list[int]:
    """Batch document ids of the part to load (all imported, non-duplicate ones by default)."""
    for flag, value in (("--since", sel.since), ("--until", sel.until)):
        if value and not _ISO.fullmatch(value):
            raise ValueError(f"{flag} {value}: not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    dups = {r["doc"] for r in _table(folder, "duplicates.parquet", ["doc"])}
    rows = _table(folder, "documents", ["doc", "status", "date"])
    chosen = {r["doc"] for r in rows if r["status"] == "imported" and r["doc"] not in dups}
    if sel.since or sel.until:
        chosen &= {r["doc"] for r in rows if _in_range(r["date"] or "", sel.since, sel.until)}
    if sel.family is not None:
        chosen &= _family(folder, _named(folder, sel.family, {r["doc"] for r in rows}))
    if sel.search:
        chosen &= search.matching(folder, sel.search, say)
    return sorted(chosen)


def nothing_selected(folder: Path, sel: Selection) -> str:
    """Why a selection holds no document: with dates, the dates the result has (undated
    documents are never in a date range)."""
    if not (sel.since or sel.until):
        return f"no document of {folder} matches the selection: nothing to load"
    dups = {r["doc"] for r in _table(folder, "duplicates.parquet", ["doc"])}
    dates = sorted(r["date"] or "" for r in _table(folder, "documents", ["doc", "status", "date"])
                   if r["status"] == "imported" and r["doc"] not in dups)
    dated = [d for d in dates if d]
    span = (f"its documents are dated {dated[0]} to {dated[-1]}" if dated
            else "none of its documents has a date")
    undated = len(dates) - len(dated)
    return (f"no document of {folder} is dated {sel.since or '…'} to {sel.until or '…'}: "
            f"{span}" + (f", {undated:,} have no date (never in a date range)"
                         if dated and undated else "") + "; nothing to load")


def _named(folder: Path, name: int | str, ids: set[int]) -> int:
    """The batch document ``name`` stands for: its number in the result, or its path, record
    id or file name (what a researcher knows an article by), when one document has it."""
    if isinstance(name, int) or name.isdigit():
        if int(name) not in ids:
            raise ValueError(f"no document {name} in the batch result")
        return int(name)
    found = [r["doc"] for r in _table(folder, "documents", ["doc", "path"])
             if r["path"] == name or Path(r["path"]).name == name]
    if len(found) != 1:
        raise ValueError(f"{'no' if not found else 'more than one'} document named {name} in "
                         "the batch result" + (" (give its number or full path)" if found else ""))
    return int(found[0])


def _in_range(date: str, since: str | None, until: str | None) -> bool:
    """ISO dates compared at the precision given ("2024" holds every day of 2024)."""
    if not date:
        return False
    return ((not since or date[:len(since)] >= since)
            and (not until or date[:len(until)] <= until))


def _family(folder: Path, start: int) -> set[int]:
    edges: dict[int, set[int]] = {}
    for r in _table(folder, "links", ["a_doc", "b_doc"]):
        edges.setdefault(r["a_doc"], set()).add(r["b_doc"])
        edges.setdefault(r["b_doc"], set()).add(r["a_doc"])
    seen, todo = {start}, [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def load_result(lib: Library, folder: Path, sel: Selection,
                say: Callable[[str], None]) -> Loaded:
    import pyarrow.dataset as ds

    if lib.read_only:
        raise ValueError("this library is open read-only; close the other Parallax first")
    manifest = _manifest(folder)
    ids = select(folder, sel, say)
    if not ids:
        say(nothing_selected(folder, sel))
        return Loaded()
    say(f"loading {len(ids):,} documents from {folder}")
    got = Loaded()
    rows = _table(folder, "documents", None, ds.field("doc").isin(ids)) if ids else []
    local: dict[int, int] = {}  # batch id -> library id
    fresh: list[int] = []
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for first in range(0, len(rows), 500):
        with lib.store.transaction() as db:
            for r in rows[first:first + 500]:
                doc = records.document(r)
                existing = lib.store.find_by_hash(doc.content_hash)
                if existing is not None:
                    local[doc.id] = existing
                    got.present += 1
                    continue
                local[doc.id] = lib.store.insert_document(
                    db, path=doc.path, fmt=doc.fmt, meta=doc.meta, source_text=doc.source_text,
                    clean=doc.clean, content_hash=doc.content_hash, imported_at=now)
                fresh.append(doc.id)
    got.imported = len(fresh)
    got.mentions_docs = _entities(lib, folder, manifest, rows, local, set(fresh), say)
    lib.sync_index()
    got.links = _link(lib, folder, rows, local, set(fresh), say)
    return got


def _entities(lib: Library, folder: Path, manifest: dict[str, Any], rows: list[dict[str, Any]],
              local: dict[int, int], fresh: set[int], say: Callable[[str], None]) -> int:
    import pyarrow.dataset as ds

    model = manifest.get("entities_model")
    if not manifest.get("entities") or "mentions" not in manifest.get("stages", {}):
        say("the batch run recognised no entities: the library will recognise them")
        return 0
    if model != lib.entities.model_name:
        say(f"entities were recognised with {model}, the library uses "
            f"{lib.entities.model_name}: the library will recognise them again")
        return 0
    by_doc: dict[int, list[Candidate]] = {d: [] for d in fresh}
    for c in _table(folder, "candidates", None, ds.field("doc").isin(sorted(fresh))):
        by_doc[c["doc"]].append(Candidate(c["start"], c["end"], Label(c["label"]), c["key"],
                                          c["titlecase"], c["confident"]))
    docs = []
    for r in rows:
        if r["doc"] in fresh:
            d = records.document(r)
            docs.append(_with_id(d, local[d.id]))
    found = [by_doc[r["doc"]] for r in rows if r["doc"] in fresh]
    saved = lib.entities.tables.save(model, docs, found, [structural_breaks(d) for d in docs])
    return len(saved.ids)


def _with_id(doc: Any, new_id: int) -> Any:
    from dataclasses import replace

    return replace(doc, id=new_id)


def _link(lib: Library, folder: Path, rows: list[dict[str, Any]], local: dict[int, int],
          fresh: set[int], say: Callable[[str], None]) -> int:
    """Link the new documents with the desktop's linker, the batch's pairs already aligned."""
    import pyarrow.dataset as ds

    hashes = {r["doc"]: r["content_hash"] for r in rows}
    linker = lib.links.linker
    wanted = sorted(hashes)
    known: dict[tuple[str, str], list[tuple[int, int, int, int, LinkKind, float]]] = {}
    for p in _table(folder, "pairs", None, ds.field("lo").isin(wanted) & ds.field("hi").isin(wanted)):
        x, y = hashes[p["lo"]], hashes[p["hi"]]
        known[(x, y) if x < y else (y, x)] = []
    for k in _table(folder, "links", None,
                    ds.field("a_doc").isin(wanted) & ds.field("b_doc").isin(wanted)):
        known[(hashes[k["a_doc"]], hashes[k["b_doc"]])].append(
            (k["a_clean_start"], k["a_clean_end"], k["b_clean_start"], k["b_clean_end"],
             LinkKind(k["kind"]), k["score"]))
    for p in _table(folder, "postings", None, ds.field("doc").isin(sorted(fresh))):
        linker.known_hashes.setdefault(local[p["doc"]], []).append(p["hash"])
    for hs in linker.known_hashes.values():
        hs.sort()
    linker.known = known
    try:
        before = len(lib.links.all_links())
        lib.link_pending(lambda d, t, m: None)
        say(f"linked: {len(known):,} pairs taken from the batch")
        return len(lib.links.all_links()) - before
    finally:
        linker.known, linker.known_hashes = {}, {}

"""What must hold after any kill, checked the way the next start would see the library.

Each check returns the violations it found, one line each; an empty list means the library
is whole: ``PRAGMA integrity_check``; it opens; every article is found by a search for a word
only it has, and never by a word it no longer has; every annotation that is not an orphan
stands where its quote stands; no duplicate articles; an annotation file imported all or not
at all; recognised names searchable; an export target absent or complete.
"""

from __future__ import annotations

import json
import re
import sqlite3
from collections import Counter
from pathlib import Path

from desktop.core.library import Library
from tools.crash.world import NEW_MARKER, OLD_MARKER, World

_WORD = re.compile(r"[a-z]{8,}")


def check(world: World, folder: Path, export: Path | None = None, rerun: bool = False) -> list[str]:
    problems = _integrity(folder)
    if problems:
        return problems
    try:
        lib = Library.open(folder)
    except Exception as exc:
        return [f"the library does not open: {exc}"]
    try:
        problems += _search(lib)
        problems += _annotations(lib, world)
        problems += _duplicates(lib)
        problems += _entities(lib)
        if lib.index_out_of_date():
            problems.append("the index is out of date after an open")
    finally:
        lib.close()
    if export is not None:
        problems += _export(export, rerun)
    return problems


def _integrity(folder: Path) -> list[str]:
    path = folder / "library.sqlite"
    if not path.exists():
        return []  # killed before the new library was renamed into place: no library yet
    db = sqlite3.connect(path)
    try:
        result = [r[0] for r in db.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        return [f"integrity_check failed: {exc}"]
    finally:
        db.close()
    return [] if result == ["ok"] else [f"integrity_check: {result[:3]}"]


def _search(lib: Library) -> list[str]:
    problems = []
    words: dict[int, set[str]] = {}
    for summary in lib.list_documents():
        words[summary.id] = set(_WORD.findall(lib.get_document(summary.id).text.lower()))
    counts = Counter(w for ws in words.values() for w in ws)
    for doc_id, ws in words.items():
        own = sorted(w for w in ws if counts[w] == 1)
        if own and doc_id not in {h.doc.id for h in lib.search(own[0], limit=50).hits}:
            problems.append(f"#{doc_id} is not found by its word {own[0]!r}")
        for gone in (OLD_MARKER, NEW_MARKER):
            if gone not in ws and doc_id in {h.doc.id for h in lib.search(gone, limit=50).hits}:
                problems.append(f"#{doc_id} is found by {gone!r}, a word it no longer has")
    return problems


def _annotations(lib: Library, world: World) -> list[str]:
    problems = []
    texts: dict[int, str] = {}
    for a in lib.annotations.select():
        source = texts.get(a.doc_id) or texts.setdefault(a.doc_id, lib.get_document(a.doc_id).source_text)
        if not a.orphan and source[a.position.start:a.position.end] != a.quote.exact:
            problems.append(f"annotation {a.id} is not where its quote stands "
                            f"({source[a.position.start:a.position.end][:30]!r})")
        if a.status == "changed" and not a.original:
            problems.append(f"annotation {a.id} is changed without its original words")
    present = {a.id for a in lib.annotations.select()} & set(world.annotation_ids)
    if present and len(present) != len(world.annotation_ids):
        problems.append(f"import-annotations half done: {len(present)} of "
                        f"{len(world.annotation_ids)} present")
    return problems


def _duplicates(lib: Library) -> list[str]:
    docs = lib.list_documents()
    paths = Counter(d.path for d in docs)
    hashes = Counter(lib.get_document(d.id).content_hash for d in docs)
    return ([f"{n} documents from {p}" for p, n in paths.items() if n > 1]
            + [f"{n} documents with one content" for h, n in hashes.items() if n > 1])


def _entities(lib: Library) -> list[str]:
    problems = []
    for summary in lib.list_documents():
        if not lib.entities.is_recognized(summary.id):
            continue
        people = [m.entity for m in lib.entities.mentions(summary.id) if str(m.label) == "PERSON"]
        if people:
            hits = {h.doc.id for h in lib.search(f'person:"{people[0]}"', limit=100).hits}
            if summary.id not in hits:
                problems.append(f"#{summary.id}: person:\"{people[0]}\" does not find it")
    return problems


def _export(path: Path, rerun: bool = False) -> list[str]:
    parts = list(path.parent.glob(f".{path.name}.*.part"))
    if rerun and parts:
        return [f"{len(parts)} temporary export files left after the next export"]
    if not path.exists():
        return []
    data = path.read_bytes()
    if path.suffix == ".json":
        try:
            json.loads(data)
        except ValueError:
            return [f"partial export file {path.name} ({len(data)} bytes)"]
        return []
    if not data.rstrip().endswith(b"</html>"):
        return [f"partial export file {path.name} ({len(data)} bytes)"]
    return []

"""What one worker does to one partition. Each task calls the desktop's own core functions
(ingest, overlap.engine, entities.pipeline/consolidate), writes its output files atomically,
and does nothing when they already exist, so a retried or resumed task never duplicates.
"""

from __future__ import annotations

import os
import resource
from bisect import bisect_right
from collections import Counter
from pathlib import Path
from typing import Any

from desktop.batch import records, search
from desktop.batch.inputs import InputError, Part, read_part
from desktop.core.entities.candidates import Candidate
from desktop.core.entities.consolidate import resolve
from desktop.core.entities.labels import Label
from desktop.core.entities.lexicon import Lexicon
from desktop.core.entities.pipeline import document_candidates
from desktop.core.entities.recognizer import Recognizer, SpacyRecognizer
from desktop.core.entities.storage import CONFIDENT_VOTES
from desktop.core.entities.structure import structural_breaks
from desktop.core.offsets import OffsetMap
from desktop.core.overlap import candidates as rule
from desktop.core.overlap.cache import PreparedCache
from desktop.core.overlap.engine import Prepared, link_pair, prepare

DOCS_PER_CALL = 16  # documents handed to the recogniser at once (as the desktop does)
# prepared articles a worker keeps between align tasks, bounded by bytes as in the desktop
# (overlap/cache.py), keyed by (result folder, doc id): a worker may serve several runs (ids
# restart at 1 in each); each with its offset map and path
_Entry = tuple[Prepared, OffsetMap, str]  # a prepared article, its offset map and path
_prepared: PreparedCache[tuple[str, int], tuple[OffsetMap, str]] = PreparedCache()
_recognizer: dict[str, Recognizer] = {}
_lexicon: dict[str, Lexicon] = {}


def peak_mb() -> float:
    """Peak resident memory of this worker process so far."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_s() -> float:
    """CPU seconds this worker process has used so far (user + system): stage costs that do not
    depend on how busy the machine was."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _crash_once(name: str) -> None:
    """Fault injection for the tests: PARALLAX_BATCH_CRASH=DIR makes the first run of each
    task named in DIR/crash kill its worker process (a lost worker), once. Every task calls
    it right after writing its first file, the worst moment to die: a task that writes two
    files has written one, a task that writes one has not reported it."""
    folder = os.environ.get("PARALLAX_BATCH_CRASH")
    if not folder:
        return
    marker = Path(folder) / f"crashed-{name}"
    wanted = (Path(folder) / "crash").read_text().split()
    if name in wanted and not marker.exists():
        marker.touch()
        os._exit(1)


# -- read, clean, prepare ---------------------------------------------------------------------
def prepare_part(part: Part, out: str) -> dict[str, Any]:
    """Read and clean a partition's inputs; its documents and the postings of its articles."""
    o = Path(out)
    if records.exists(o, "documents", part.index) and records.exists(o, "postings", part.index):
        return {"part": part.index, "skipped": True, "peak_mb": peak_mb()}
    sch = records.schemas()
    docs: list[dict[str, Any]] = []
    post: dict[str, list[int]] = {"hash": [], "doc": [], "key": []}
    for r in read_part(part):
        a = r.article
        if a is None:
            docs.append({"doc": r.doc_id, "path": r.path, "status": "failed", "message": r.problem})
            continue
        p = prepare(r.doc_id, a.clean.text, a.clean.blocks, a.content_hash)
        hashes = p.distinct_hashes()
        key = rule.key_number(a.content_hash)
        post["hash"] += hashes
        post["doc"] += [r.doc_id] * len(hashes)
        post["key"] += [key] * len(hashes)
        docs.append({"doc": r.doc_id, "path": a.path, "status": "imported", "message": "",
                     "fmt": a.fmt, "title": a.meta.title, "source": a.meta.source,
                     "date": a.meta.date, "url": a.meta.url, "content_hash": a.content_hash,
                     "source_text": a.source_text, "clean_text": a.clean.text,
                     "offsets": a.clean.offsets.to_bytes(),
                     "blocks": records.blocks_json(a.clean.blocks), "headline": a.clean.headline})
    records.write_columns(o, "postings", part.index, post, sch["postings"])
    _crash_once(f"prepare-{part.index}")
    records.write(o, "documents", part.index, docs, sch["documents"])
    return {"part": part.index, "skipped": False, "docs": len(docs), "peak_mb": peak_mb()}


# -- align the compared pairs -----------------------------------------------------------------
def _load(o: Path, first_ids: list[int], ids: set[int]) -> dict[int, _Entry]:
    """The prepared articles of ``ids`` (with offset map and path), from this worker's cache
    or prepared from their rows. The caller holds what it gets, so the cache evicting old
    entries while this loads cannot take an article from under the pairs being aligned (it
    did: at 10,000 documents on one worker, pairs were silently skipped)."""
    run = str(o)
    got: dict[int, _Entry] = {}
    for i in ids:
        hit = _prepared.entry((run, i))
        if hit is not None:
            got[i] = (hit[0], *hit[1])
    by_part: dict[int, list[int]] = {}
    for i in sorted(ids - got.keys()):
        by_part.setdefault(bisect_right(first_ids, i) - 1, []).append(i)
    cols = ["doc", "path", "content_hash", "clean_text", "blocks", "offsets"]
    for index, part_ids in by_part.items():
        for row in records.read(o, "documents", index, cols, [("doc", "in", part_ids)]):
            doc = records.document({**row, "fmt": "", "title": "", "source": "", "date": "",
                                    "url": "", "source_text": "", "headline": None})
            p = prepare(doc.id, doc.clean.text, doc.clean.blocks, doc.content_hash)
            got[doc.id] = (p, doc.clean.offsets, doc.path)
            _prepared.put((run, doc.id), p, (doc.clean.offsets, doc.path))
    return got


def align_part(index: int, out: str, first_ids: list[int]) -> dict[str, Any]:
    """The links of every compared pair whose lower id lies in partition ``index``."""
    o = Path(out)
    if records.exists(o, "links", index):
        return {"part": index, "skipped": True, "peak_mb": peak_mb()}
    pairs = records.read(o, "pairs", index)
    rows: list[dict[str, Any]] = []
    for first in range(0, len(pairs), 500):  # bounded memory: a slice of pairs at a time
        chunk = pairs[first:first + 500]
        got = _load(o, first_ids, {p["lo"] for p in chunk} | {p["hi"] for p in chunk})
        for pr in chunk:
            x, y = got.get(pr["lo"]), got.get(pr["hi"])
            if x is None or y is None:  # a pair names only kept documents: a damaged result
                raise RuntimeError(f"document {pr['lo'] if x is None else pr['hi']} of a "
                                   f"compared pair is missing from {o / 'documents'}")
            (a, ma, pa), (b, mb, pb) = (x, y) if rule.orient(x[0].key, y[0].key) else (y, x)
            for k in link_pair(a, b):
                a0, a1 = ma.span_to_source(k.a.start, k.a.end)
                b0, b1 = mb.span_to_source(k.b.start, k.b.end)
                rows.append({"a_doc": k.a.doc, "a_path": pa, "a_start": a0, "a_end": a1,
                             "b_doc": k.b.doc, "b_path": pb, "b_start": b0, "b_end": b1,
                             "kind": str(k.kind), "score": k.score, "a_clean_start": k.a.start,
                             "a_clean_end": k.a.end, "b_clean_start": k.b.start,
                             "b_clean_end": k.b.end})
    records.write(o, "links", index, rows, records.schemas()["links"])
    _crash_once(f"links-{index}")
    return {"part": index, "skipped": False, "pairs": len(pairs), "links": len(rows),
            "peak_mb": peak_mb()}


# -- entities ---------------------------------------------------------------------------------
def recognizer(model: str) -> Recognizer:
    """The model the client chose (the same on every worker, whatever their environment),
    loaded once per worker process."""
    if model not in _recognizer:
        found = SpacyRecognizer(model)
        try:
            found.load()
        except (ImportError, OSError) as exc:  # a node set up without the client's model
            import socket

            raise InputError(
                f"the entity model {model!r} the run uses is not installed on worker "
                f"{socket.gethostname()} ({exc}); install it on every node (README, Large "
                "corpora), or run with PARALLAX_ENTITY_MODEL=sm, or --no-entities") from None
        _recognizer[model] = found
    return _recognizer[model]


def entities_part(index: int, out: str, skip: list[int], model: str) -> dict[str, Any]:
    """Entity candidates of a partition's articles (the desktop's recognition, per block), and
    the lexicon's votes they cast (the desktop's GROUP BY, for this partition)."""
    o = Path(out)
    if records.exists(o, "candidates", index) and records.exists(o, "votes", index):
        return {"part": index, "skipped": True, "peak_mb": peak_mb()}
    drop = set(skip)
    docs = [records.document(r) for r in records.read(o, "documents", index)
            if r["status"] == "imported" and r["doc"] not in drop]
    cands: list[dict[str, Any]] = []
    votes: Counter[tuple[str, str, str]] = Counter()
    for first in range(0, len(docs), DOCS_PER_CALL):
        batch = docs[first:first + DOCS_PER_CALL]
        found = document_candidates(batch, recognizer(model))
        assert found is not None
        for doc, cs in zip(batch, found, strict=True):
            for c in cs:
                cands.append({"doc": doc.id, "start": c.start, "end": c.end, "label": str(c.label),
                              "key": c.key, "titlecase": c.titlecase, "confident": c.confident})
                # entity storage's lexicon query (EntityStore.lexicon_rows): titlecase=0 OR
                # instr(key, ' ')=0, a confident label counting CONFIDENT_VOTES
                if not c.titlecase or " " not in c.key:
                    votes[(c.key, doc.clean.text[c.start:c.end], str(c.label))] += (
                        CONFIDENT_VOTES if c.confident else 1)
    sch = records.schemas()
    records.write(o, "votes", index, [{"key": k, "text": t, "label": lab, "n": n}
                                      for (k, t, lab), n in votes.items()], sch["votes"])
    _crash_once(f"entities-{index}")
    records.write(o, "candidates", index, cands, sch["candidates"])
    return {"part": index, "skipped": False, "docs": len(docs), "candidates": len(cands),
            "peak_mb": peak_mb()}


def mentions_part(index: int, out: str, skip: list[int], lexicon_file: str) -> dict[str, Any]:
    """Mentions of a partition's articles, resolved against the lexicon of the whole corpus."""
    o = Path(out)
    if records.exists(o, "mentions", index):
        return {"part": index, "skipped": True, "peak_mb": peak_mb()}
    stamp = f"{lexicon_file}:{os.stat(lexicon_file).st_mtime_ns}"
    lex = _lexicon.get(stamp)
    if lex is None:
        import pyarrow.parquet as pq

        rows = pq.read_table(lexicon_file).to_pylist()
        lex = Lexicon([(r["key"], r["text"], r["label"], r["n"]) for r in rows])
        _lexicon.clear()
        _lexicon[stamp] = lex
    drop = set(skip)
    by_doc: dict[int, list[Candidate]] = {}
    for c in records.read(o, "candidates", index):
        by_doc.setdefault(c["doc"], []).append(
            Candidate(c["start"], c["end"], Label(c["label"]), c["key"], c["titlecase"],
                      c["confident"]))
    out_rows: list[dict[str, Any]] = []
    for r in records.read(o, "documents", index):
        if r["status"] != "imported" or r["doc"] in drop:
            continue
        doc = records.document(r)
        mine = sorted(by_doc.get(doc.id, []), key=lambda c: c.start)  # the store: ORDER BY lo
        for m in resolve(doc.clean.text, mine, lex, None, structural_breaks(doc)):
            s, e = doc.clean.offsets.span_to_source(m.start, m.end)
            out_rows.append({"doc": doc.id, "path": doc.path, "start": s, "end": e,
                             "text": doc.source_text[s:e], "label": str(m.label),
                             "entity": m.entity, "clean_start": m.start, "clean_end": m.end})
    records.write(o, "mentions", index, out_rows, records.schemas()["mentions"])
    _crash_once(f"mentions-{index}")
    return {"part": index, "skipped": False, "mentions": len(out_rows), "peak_mb": peak_mb()}


# -- search index -----------------------------------------------------------------------------
def index_part(index: int, out: str, skip: list[int], with_names: bool) -> dict[str, Any]:
    """The partition's search index (search.py), for ``import-batch --search``."""
    result = search.index_part(index, out, skip, with_names)
    if not result["skipped"]:
        _crash_once(f"index-{index}")
    return {**result, "peak_mb": peak_mb()}

"""parallax batch on a local cluster: the desktop's answers, resumable, safe with lost workers,
and import-batch loading them into a library as if computed there."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop.batch.load import Selection, load_result
from desktop.batch.run import Options, run_batch
from desktop.core.library import Library
from desktop.core.overlap import linker as linker_module
from tests.batch.cluster import two_workers

# A hung cluster fails the test it hangs (with every thread's stack), never the whole suite;
# the limit is far above what a test takes even on a machine shared by many (load 25).
pytestmark = pytest.mark.timeout(300)

Rows = list[tuple[Any, ...]]
# The small entity model keeps these tests fast; equality does not depend on the model, and
# `make bench-batch` checks it with the default model on 2,000 documents.
MODEL = "sm"


@pytest.fixture(autouse=True)
def _small_model(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PARALLAX_ENTITY_MODEL", MODEL)


def run(corpus: Path | list[Path], out: Path, scheduler: str, **kw: Any) -> dict[str, Any]:
    inputs = corpus if isinstance(corpus, list) else [corpus]
    return run_batch(Options(inputs=inputs, out=out, scheduler=scheduler, part_size=8,
                             entity_model=MODEL, **kw), lambda message: None)


def table(out: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.dataset as ds

    return list(ds.dataset(str(out / name), format="parquet").to_table().to_pylist())


def batch_links(out: Path) -> Rows:
    return sorted((r["a_path"], r["a_clean_start"], r["a_clean_end"], r["b_path"],
                   r["b_clean_start"], r["b_clean_end"], r["kind"], r["score"])
                  for r in table(out, "links"))


def batch_mentions(out: Path) -> Rows:
    return sorted((r["path"], r["start"], r["end"], r["text"], r["label"], r["entity"])
                  for r in table(out, "mentions"))


def desktop_links(lib: Library) -> Rows:
    path = {d.id: d.path for d in lib.list_documents()}
    return sorted((path[k.a.doc], k.a.start, k.a.end, path[k.b.doc], k.b.start, k.b.end,
                   str(k.kind), k.score) for k in lib.links.all_links())


def desktop_mentions(lib: Library) -> Rows:
    """What ``parallax entities --json`` prints: source offsets and the text there."""
    out = []
    for d in lib.list_documents():
        doc = lib.get_document(d.id)
        for m in lib.entities.mentions(d.id, doc.clean.text):
            s, e = doc.clean.offsets.span_to_source(m.start, m.end)
            out.append((doc.path, s, e, doc.source_text[s:e], str(m.label), m.entity))
    return sorted(out)


@pytest.fixture(scope="module")
def answers(corpus: Path, scheduler: str,
            tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, tuple[Rows, Rows], Path]:
    """The batch run and the desktop's answers on the same corpus, computed at the same time:
    the batch runs in the workers while this process imports, links and recognises."""
    from concurrent.futures import ThreadPoolExecutor

    out = tmp_path_factory.mktemp("batch") / "out"
    with pytest.MonkeyPatch.context() as mp, ThreadPoolExecutor(1) as pool:
        mp.setenv("PARALLAX_ENTITY_MODEL", MODEL)
        batch = pool.submit(run, corpus, out, scheduler)
        folder = tmp_path_factory.mktemp("desk") / "lib"
        desk = _desktop(corpus, folder)
        batch.result()
    return out, desk, folder


@pytest.fixture(scope="module")
def result(answers: tuple[Path, tuple[Rows, Rows], Path]) -> Path:
    return answers[0]


@pytest.fixture(scope="module")
def desktop(answers: tuple[Path, tuple[Rows, Rows], Path]) -> tuple[Rows, Rows]:
    return answers[1]


def _desktop(corpus: Path, folder: Path) -> tuple[Rows, Rows]:
    with Library.open(folder) as lib:
        lib.import_paths([corpus])
        lib.link_pending()
        lib.entities.recognize()
        return desktop_links(lib), desktop_mentions(lib)


def test_batch_links_equal_desktop_links(result: Path, desktop: tuple[Rows, Rows]) -> None:
    links = batch_links(result)
    assert len(links) > 100
    assert links == desktop[0]


def test_batch_mentions_equal_desktop_mentions(result: Path, desktop: tuple[Rows, Rows]) -> None:
    mentions = batch_mentions(result)
    assert len(mentions) > 100  # the two sample articles are full of names
    assert mentions == desktop[1]


def test_documents_duplicates_and_failures_are_reported(result: Path, corpus: Path) -> None:
    docs = {Path(r["path"]).name: r for r in table(result, "documents")}
    assert docs["empty.txt"]["status"] == "failed" and docs["empty.txt"]["message"]
    dups = table(result, "duplicates.parquet")
    # the first in import order is kept ("wire-copy.txt" sorts before "wire.txt")
    assert [(r["doc"], r["duplicate_of"]) for r in dups] == [
        (docs["wire.txt"]["doc"], docs["wire-copy.txt"]["doc"])]
    linked = {r["a_path"] for r in table(result, "links")} | {r["b_path"] for r in table(result, "links")}
    assert str(corpus / "wire.txt") not in linked and str(corpus / "wire-copy.txt") in linked
    manifest = json.loads((result / "manifest.json").read_text())
    assert set(manifest["stages"]) >= {"prepare", "pairs", "links", "entities", "mentions"}


def test_import_batch_stores_links_and_mentions_without_recomputing(
        result: Path, desktop: tuple[Rows, Rows], tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    aligned: list[int] = []
    real = linker_module.link_pair
    monkeypatch.setattr(linker_module, "link_pair", lambda a, b: aligned.append(1) or real(a, b))
    with Library.open(tmp_path / "lib") as lib:
        got = load_result(lib, result, Selection(), lambda m: None)
        assert got.imported == 38 and got.present == 0
        assert got.mentions_docs == 38  # it said 5 (the fields of what the store returned)
        assert aligned == []  # every pair came from the batch
        assert lib.links.pending() == [] and lib.entities.pending() == []
        assert desktop_links(lib) == desktop[0]
        assert desktop_mentions(lib) == desktop[1]
        assert lib.search("person:Putin").hits  # indexed, entity fields included
        again = load_result(lib, result, Selection(), lambda m: None)
        assert again.imported == 0 and again.present == 38 and again.mentions_docs == 0


def test_import_batch_part_is_linked_as_if_imported_here(result: Path, corpus: Path,
                                                         tmp_path: Path) -> None:
    names = {Path(r["path"]).name: r["doc"] for r in table(result, "documents")}
    with Library.open(tmp_path / "part") as lib:
        load_result(lib, result, Selection(family=names["d03.txt"]), lambda m: None)
        family = sorted(Path(d.path).name for d in lib.list_documents())
        assert "d03.txt" in family and "web.txt" not in family and len(family) > 3
        part_links = desktop_links(lib)
        load_result(lib, result, Selection(search="Putin Xi"), lambda m: None)
        assert {"wire-copy.txt", "web.txt"} <= {Path(d.path).name for d in lib.list_documents()}
        full = desktop_links(lib)
    with Library.open(tmp_path / "local") as lib:
        lib.import_paths([corpus / f for f in family])
        lib.link_pending()
        assert desktop_links(lib) == part_links
        lib.import_paths([corpus / "wire-copy.txt", corpus / "web.txt"])
        lib.link_pending()
        assert desktop_links(lib) == full


def test_family_is_found_by_number_path_or_file_name(result: Path, corpus: Path) -> None:
    """A researcher knows an article by its file or record id, not by the batch's number."""
    from desktop.batch.load import select

    number = {Path(r["path"]).name: r["doc"] for r in table(result, "documents")}["d03.txt"]
    family = select(result, Selection(family=number))
    assert len(family) > 3
    for name in ("d03.txt", str(corpus / "d03.txt"), str(number)):
        assert select(result, Selection(family=name)) == family, name
    with pytest.raises(ValueError, match=r"no document named d99\.txt"):
        select(result, Selection(family="d99.txt"))


def test_import_batch_search_takes_the_desktops_query_language(
        result: Path, answers: tuple[Path, tuple[Rows, Rows], Path]) -> None:
    """--search picks the documents `parallax search` finds in a library holding the same
    documents: words, phrases, AND/OR/NOT, prefixes, fields, recognised names."""
    from desktop.batch.load import select
    from desktop.core.errors import QueryError

    path = {r["doc"]: Path(r["path"]).name for r in table(result, "documents")}
    queries = ["Putin Xi", '"strategic ties"', '"report number 7"', "Putin OR number",
               "number NOT Putin", "Uzbek*", "person:Putin", "place:Uzbekistan AND Xi",
               "organisation", "Puton~"]
    with Library.open(answers[2], read_only=True) as lib:
        for q in queries:
            want = {Path(h.doc.path).name for h in lib.search(q, limit=1000).hits}
            got = {path[d] for d in select(result, Selection(search=q))}
            assert got == want, q
            assert got, q
    with pytest.raises(QueryError, match="unknown field"):
        select(result, Selection(search="author:Smith"))


def test_a_resumed_run_with_a_worker_lost_in_every_stage_gives_the_clean_result(
        result: Path, corpus: Path, scheduler: str, crash_dir: Path, tmp_path: Path) -> None:
    """A run stopped part-way is resumed by the same command, and on the way a worker dies in
    one task of every stage, right after the task wrote its first file (prepare: postings
    written, documents not; links: written, not reported; entities: votes written, candidates
    not; mentions: written, not reported). The nanny starts a new worker, Dask runs the lost
    task again, and the result is the clean run's: nothing lost, nothing twice."""
    out = tmp_path / "out"
    shutil.copytree(result, out)
    stale = {"documents": 1, "postings": 1, "links": 2, "candidates": 3, "votes": 3, "mentions": 4}
    for name, index in stale.items():
        (out / name / f"part-{index:05d}.parquet").unlink()
    two_workers(scheduler)
    (crash_dir / "crash").write_text("prepare-1 links-2 entities-3 mentions-4")
    said: list[str] = []
    try:
        got = run_batch(Options(inputs=[corpus], out=out, scheduler=scheduler, part_size=8,
                                entity_model=MODEL), said.append)
    finally:
        (crash_dir / "crash").write_text("")
        two_workers(scheduler)
    assert {p.name for p in crash_dir.glob("crashed-*")} >= {
        "crashed-prepare-1", "crashed-links-2", "crashed-entities-3", "crashed-mentions-4"}
    assert batch_links(out) == batch_links(result)
    assert batch_mentions(out) == batch_mentions(result)
    for name in ("documents", "postings", "candidates", "votes"):
        assert len(table(out, name)) == len(table(result, name)), name
    assert sorted(map(str, table(out, "candidates"))) == sorted(map(str, table(result, "candidates")))
    # the first run's record is kept (it was overwritten), the resumed one says what it did
    first = json.loads((result / "manifest.json").read_text())
    manifest = json.loads((out / "manifest.json").read_text())
    assert [r["resumed"] for r in manifest["runs"]] == [False, True]
    assert manifest["runs"][0] == first["runs"][0]
    again = manifest["runs"][1]
    assert again["ended"] and "stopped" not in again
    assert again["done_before"] == {"prepare": 4, "links": 4, "entities": 4, "mentions": 4,
                                    "index": 5, "pairs": 1}
    assert {k: v["partitions_computed"] for k, v in again["stages"].items() if "partitions" in v} \
        == {"prepare": 1, "links": 1, "entities": 1, "mentions": 1, "index": 0}
    assert "pairs" not in again["stages"] and manifest["stages"]["pairs"] == first["stages"]["pairs"]
    assert manifest["stages"]["links"]["seconds"] == pytest.approx(
        first["stages"]["links"]["seconds"] + again["stages"]["links"]["seconds"], abs=0.011)
    assert manifest["stages"]["prepare"]["partitions_computed"] == 6
    assert said[1].endswith("(resuming: run 2 on this folder; done before: prepare 4/5, pairs, "
                            "links 4/5, entities 4/5, mentions 4/5, index 5/5 partitions)")
    assert got["run"] == again
    from desktop.cli_batch import resumed_line

    assert resumed_line(again) == (
        "resumed: this run computed prepare 1/5, links 1/5, entities 1/5, mentions 1/5, index "
        "0/5 partitions; kept prepare 4, links 4, entities 4, mentions 4, index 5 partitions and "
        "the pairs from earlier runs (manifest.json: runs)")
    with pytest.raises(ValueError, match="other part size"):
        run_batch(Options(inputs=[corpus], out=out, scheduler=scheduler, part_size=9),
                  lambda m: None)


def test_json_lines_and_parquet_records(result: Path, corpus: Path, scheduler: str,
                                        tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    files = sorted(corpus.glob("d*.txt"))
    recs = [{"id": f.name, "text": f.read_text("utf-8"), "title": f"Report {f.stem}",
             "source": "Wire", "date": "2024-05-0" + str(i % 9 + 1)} for i, f in enumerate(files)]
    half = len(recs) // 2
    jsonl = tmp_path / "a.jsonl"
    jsonl.write_text("".join(json.dumps(r) + "\n" for r in recs[:half]) + "{broken\n")
    pq.write_table(pa.Table.from_pylist(recs[half:]), tmp_path / "b.parquet")
    out = tmp_path / "out"
    run([jsonl, tmp_path / "b.parquet"], out, scheduler, entities=False)
    docs = {r["path"]: r for r in table(out, "documents")}
    assert docs["d00.txt"]["title"] == "Report d00" and docs["d00.txt"]["source"] == "Wire"
    assert docs[f"{jsonl}#{half + 1}"]["status"] == "failed"
    by_name = [(Path(x[0]).name, *x[1:3], Path(x[3]).name, *x[4:]) for x in batch_links(result)]
    made = [r for r in by_name if r[0].startswith("d") and r[3].startswith("d")]
    assert sorted(batch_links(out)) == sorted(made)
    with Library.open(tmp_path / "lib") as lib:
        got = load_result(lib, out, Selection(since="2024-05-03", until="2024-05-04"),
                          lambda m: None)
        dates = {lib.get_document(d.id).meta.date for d in lib.list_documents()}
        assert got.imported > 0 and dates == {"2024-05-03", "2024-05-04"}
        said: list[str] = []  # a range that holds nothing says what dates there are
        got = load_result(lib, out, Selection(since="2024-06"), said.append)
        assert got.imported == 0 and said == [
            f"no document of {out} is dated 2024-06 to …: its documents are dated 2024-05-01 "
            "to 2024-05-09; nothing to load"]


def test_cli_batch_reports_bad_input_in_one_line(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "main.py", "batch", str(tmp_path / "missing"),
                           "--out", str(tmp_path / "o")], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], timeout=60)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [f"parallax: no such file or folder: {tmp_path / 'missing'}"]


def test_the_desktop_never_imports_dask(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from desktop import app, cli\n"
        "from desktop.gui import main_window\n"
        f"app.main(['--library', {str(tmp_path / 'lib')!r}, 'list'])\n"
        "heavy = [m for m in ('dask', 'distributed', 'pyarrow', 'pandas') if m in sys.modules]\n"
        "print(heavy)\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], timeout=120,
                          env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"


def test_aligning_with_a_small_prepared_cache_loses_no_pair(result: Path, tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker's cache of prepared articles smaller than a slice of pairs (at 10,000
    documents on one worker the 8,192-article cache overflowed and pairs were skipped): every
    partition's links are still those of the clean run."""
    from desktop.batch import tasks

    out = tmp_path / "out"
    shutil.copytree(result, out)
    first_ids = [p["first_id"] for p in json.loads((out / "manifest.json").read_text())["parts"]]
    monkeypatch.setattr(tasks, "_prepared", tasks.PreparedCache(budget=1, hot=1))
    for index in range(len(first_ids)):
        (out / "links" / f"part-{index:05d}.parquet").unlink()
        tasks.align_part(index, str(out), first_ids)
    assert batch_links(out) == batch_links(result)
    assert len(tasks._prepared) <= 1


def test_a_result_from_before_runs_were_recorded_loads_and_resumes(
        result: Path, corpus: Path, scheduler: str, tmp_path: Path) -> None:
    """A manifest written before ``runs`` (``stages`` only): import-batch reads it, and a
    resumed run keeps its figures as the first run's."""
    from desktop.batch.load import _manifest

    out = tmp_path / "out"
    shutil.copytree(result, out)
    old = json.loads((out / "manifest.json").read_text())
    del old["runs"]
    (out / "manifest.json").write_text(json.dumps(old))
    assert _manifest(out)["stages"] == old["stages"]
    (out / "mentions" / "part-00002.parquet").unlink()
    run(corpus, out, scheduler)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["runs"][0] == {"started": None, "ended": None, "stages": old["stages"]}
    assert manifest["runs"][1]["stages"]["mentions"]["partitions_computed"] == 1
    assert batch_mentions(out) == batch_mentions(result)


# Three articles where the confident vote decides a name's label: the model calls "Belta" an
# organisation twice (no cue), and "the city of Belta" makes it a place once, a confident label
# that counts CONFIDENT_VOTES (3): PLACE 3 against ORG 2. Counted one vote each, ORG would
# win, and the first two mentions would say ORG.
VOTES = {
    "t1.txt": "Belta reported on Monday that the talks had stalled.\n\n"
              "The rules were clear, officials added, and the border would stay closed.\n",
    "t2.txt": "According to Belta, the harvest was late this year.\n\n"
              "Farmers said they would ask for help in the coming weeks.\n",
    "t3.txt": "Crowds gathered in the city of Belta on Sunday.\n\n"
              "Election officials in the capital rejected the claim on Tuesday.\n",
}


def test_confident_votes_decide_a_label_in_batch_as_on_the_desktop(
        scheduler: str, tmp_path: Path) -> None:
    """The lexicon's weighting of a confident label (entities/storage.py for the desktop,
    batch/tasks.py for the batch) changes the outcome here: batch mentions equal desktop
    mentions, and both say PLACE where one vote per candidate says ORG."""
    from desktop.core.entities.lexicon import Lexicon
    from desktop.core.entities.storage import CONFIDENT_VOTES

    folder = tmp_path / "votes"
    folder.mkdir()
    for name, text in VOTES.items():
        (folder / name).write_text(text)
    out = tmp_path / "out"
    run_batch(Options(inputs=[folder], out=out, scheduler=scheduler, part_size=1,
                      entity_model=MODEL), lambda m: None)
    cands = [c for c in table(out, "candidates") if c["key"] == "belta"]
    assert sorted((c["label"], c["confident"]) for c in cands) == [
        ("ORG", False), ("ORG", False), ("PLACE", True)]

    def label(weight: int) -> object:
        return Lexicon([("belta", "Belta", c["label"], weight if c["confident"] else 1)
                        for c in cands]).label("belta")

    # the corpus does what it is for: the weighting changes the winner
    assert str(label(1)) == "ORG" and str(label(CONFIDENT_VOTES)) == "PLACE"
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths([folder])
        lib.link_pending()
        lib.entities.recognize()
        desk = desktop_mentions(lib)  # the lexicon updated batch by batch (storage.vote_rows)
    with Library.open(tmp_path / "lib", read_only=True) as lib:
        # ... and built at once from the store (EntityStore.lexicon_rows' GROUP BY)
        assert desktop_mentions(lib) == desk
    assert batch_mentions(out) == desk
    said = sorted((Path(p).name, label) for p, _, _, text, label, _ in desk if text == "Belta")
    assert said == [("t1.txt", "PLACE"), ("t2.txt", "PLACE"), ("t3.txt", "PLACE")]

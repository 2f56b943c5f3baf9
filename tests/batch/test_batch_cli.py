"""`parallax batch` / `import-batch` as a new user meets them: inputs read part by part, every
bad input or setting one line naming what is wrong, a relative result folder that the
workers find, Ctrl+C that stops quietly, no traceback anywhere."""

from __future__ import annotations

import gzip
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop import app, cli
from desktop.batch.inputs import plan, read_part
from desktop.batch.run import Options, run_batch

pytestmark = pytest.mark.timeout(300)
ROOT = Path(__file__).resolve().parents[2]


def parallax(*argv: str) -> tuple[int, str, str]:
    """Run a command in this process, as `parallax ARGV` would: (status, stdout, stderr)."""
    args = app.build_parser().parse_args(list(argv))
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(args, Path(args.library or "unused"), is_default=False, out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def records(n: int) -> list[dict[str, str]]:
    return [{"id": f"r{i}", "text": f"Report number {i} on the harbour strike, day {i % 7}."}
            for i in range(n)]


def test_a_partition_reads_only_its_own_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each partition of a .jsonl starts where its lines start (a byte offset), of a .jsonl.gz
    at its line, of a Parquet file at its row groups: together they read every record once, in
    order, and no partition reads the whole Parquet table (at 10⁷ rows every task did)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    recs = records(23)
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs))
    with gzip.open(tmp_path / "b.jsonl.gz", "wt") as f:
        f.write("".join(json.dumps(r) + "\n" for r in recs))
    pq.write_table(pa.Table.from_pylist(recs), tmp_path / "c.parquet", row_group_size=4)
    monkeypatch.setattr(pq, "read_table", lambda *a, **k: pytest.fail("read the whole table"))
    for name in ("a.jsonl", "b.jsonl.gz", "c.parquet"):
        parts = plan([tmp_path / name], 5)
        assert [p.count for p in parts] == [5, 5, 5, 5, 3], name
        got = [r.path for p in parts for r in read_part(p)]
        assert got == [r["id"] for r in recs], name
    assert [p.offset > 0 for p in plan([tmp_path / "a.jsonl"], 5)] == [False] + [True] * 4


def test_a_long_count_says_how_far_it_has_got(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting 10⁷ records (or listing a folder of 10⁶ files) takes minutes before the first
    partition runs: it says how far it has got, every PROGRESS_S seconds, instead of nothing."""
    from desktop.batch import inputs

    (tmp_path / "a.jsonl").write_text('{"text": "x"}\n' * 70_000)
    folder = tmp_path / "pages"
    folder.mkdir()
    for i in range(3):
        (folder / f"{i}.txt").write_text("The council voted on Tuesday to close the bridge.")
    said: list[str] = []
    monkeypatch.setattr(inputs, "PROGRESS_S", 0.0)
    parts = plan([tmp_path / "a.jsonl", folder], 50_000, say=said.append)
    assert [p.count for p in parts] == [50_000, 20_000, 3]
    assert said[0] == "counting a.jsonl: 65,536 records so far"
    assert said[1:] == ["listing pages: 0 found so far", "listing pages: 1 found so far",
                        "listing pages: 2 found so far"]
    said.clear()
    monkeypatch.setattr(inputs, "PROGRESS_S", 3600.0)  # a quick count says nothing
    plan([tmp_path / "a.jsonl", folder], 50_000, say=said.append)
    assert said == []


def test_a_line_that_is_not_utf8_fails_alone(tmp_path: Path) -> None:
    good = [json.dumps(r).encode() + b"\n" for r in records(3)]
    (tmp_path / "a.jsonl").write_bytes(good[0] + b'{"text": "caf\xe9"}\n' + good[1] + good[2])
    got = [(r.path, r.article is not None, r.problem) for p in plan([tmp_path / "a.jsonl"], 2)
           for r in read_part(p)]
    assert got[1] == (f"{tmp_path / 'a.jsonl'}#2", False, "not UTF-8 text")
    assert [ok for _, ok, _ in got] == [True, False, True, True]


@pytest.mark.parametrize(("name", "data", "says"), [
    ("cut.parquet", b"PAR1\x00\x00garbage", "not a readable Parquet file"),
    ("cut.jsonl.gz", gzip.compress(b'{"text": "a"}\n' * 500)[:60], "cannot be read (cut short)"),
    ("fake.jsonl.gz", b'{"text": "not compressed"}\n', "cannot be read (Not a gzipped file"),
], ids=["parquet-cut", "gzip-cut", "gzip-not"])
def test_an_unreadable_input_is_one_line_naming_it(tmp_path: Path, name: str, data: bytes,
                                                   says: str, scheduler: str) -> None:
    """A file whose start says it is broken is told before the cluster is reached; one cut
    short further in, when the records are counted (after the cluster's line)."""
    (tmp_path / name).write_bytes(data)
    code, _, err = parallax("batch", str(tmp_path / name), "--out", str(tmp_path / "out"),
                            "--scheduler", scheduler)
    assert code == 1
    lines = err.splitlines()
    if name == "cut.jsonl.gz":  # the first bytes are whole
        assert lines[0].startswith("parallax: cluster: 2 workers")
        lines = lines[1:]
    assert lines == [err.splitlines()[-1]] and lines[0].startswith(f"parallax: {tmp_path / name}: ")
    assert says in err


def test_bad_settings_are_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "a.jsonl").write_text(json.dumps(records(1)[0]) + "\n")
    (tmp_path / "file").write_text("")
    code, _, err = parallax("batch", str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "file"))
    assert code == 1 and err == f"parallax: {tmp_path / 'file'} is a file; --out takes a folder " \
                                 "(new or empty, or a stopped run's to resume it)\n"
    code, _, err = parallax("batch", str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "o"),
                            "--scheduler", "no-port-here")
    assert code == 1
    assert err.splitlines()[-1].startswith("parallax: cannot reach the Dask scheduler at no-port-here (")
    assert "Traceback" not in err and "details in" not in err


def test_import_batch_refuses_a_date_that_is_not_one_and_a_missing_folder(tmp_path: Path) -> None:
    from desktop.batch.load import Selection, select

    with pytest.raises(ValueError, match=r"--since 2024-13: not a date \(YYYY, YYYY-MM or YYYY-MM-DD\)"):
        select(tmp_path, Selection(since="2024-13"))
    code, _, err = parallax("--library", str(tmp_path / "lib"), "import-batch", str(tmp_path / "none"))
    assert code == 1 and err.endswith(f"parallax: no such folder: {tmp_path / 'none'}\n")


@pytest.mark.parametrize("argv", [["batch", "x.jsonl", "--out", "o"], ["import-batch", "o"]])
def test_without_the_extra_a_batch_command_says_how_to_install_it(tmp_path: Path, argv: list[str]) -> None:
    code = ("import sys\n"
            "for m in ('dask', 'distributed', 'pyarrow', 'pandas'):\n"
            "    sys.modules[m] = None  # as if not installed\n"
            "from desktop.app import main\n"
            f"sys.exit(main(['--library', {str(tmp_path / 'lib')!r}, *{argv!r}]))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.splitlines()[-1] == ("parallax: the batch commands need the optional extra: "
                                            "pip install 'parallax[batch]'")
    assert "Traceback" not in proc.stderr


def test_a_relative_result_folder_is_where_the_workers_write(tmp_path: Path, scheduler: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The workers run in another folder (on a cluster, on other machines): `--out result`
    must mean the folder the command was given in, for them too."""
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records(6)))
    monkeypatch.chdir(tmp_path)  # the test cluster's workers stay in the suite's folder
    stray = ROOT / "result-of-a-relative-run"
    try:
        got = run_batch(Options(inputs=[Path("a.jsonl")], out=Path("result-of-a-relative-run"),
                                scheduler=scheduler, part_size=4, entities=False), lambda m: None)
        assert got["documents"] == 6
        assert (tmp_path / "result-of-a-relative-run" / "links").is_dir()
        assert not stray.exists()
    finally:
        if stray.exists():  # the old code's workers wrote here
            shutil.rmtree(stray)


@pytest.mark.parametrize("during", ["prepare: ", "dedupe: "], ids=["tasks", "pairs-shuffle"])
def test_ctrl_c_stops_a_local_run_with_one_line(tmp_path: Path, during: str) -> None:
    """Ctrl+C in a terminal reaches the command and its local cluster's worker processes: one
    line and status 130, no worker's traceback; nor, in the pairs stage (right after the
    dedupe line), asyncio's "Task exception was never retrieved" for Dask's cancelled gather."""
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records(200)))
    argv = [sys.executable, "main.py", "batch", str(tmp_path / "a.jsonl"), "--out",
            str(tmp_path / "out"), "--workers", "1", "--partition", "1", "--no-entities"]
    # as from a terminal: SIGINT handled, even when this suite was started with it ignored
    # (nohup, a background job), which the command would inherit and never see Ctrl+C
    proc = subprocess.Popen(argv, cwd=ROOT, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, env={**os.environ, "PYTHONUNBUFFERED": "1"},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    assert proc.stderr is not None
    lines = []
    deadline = time.monotonic() + 120
    for line in proc.stderr:  # wait until the workers are running tasks
        lines.append(line)
        if during in line or time.monotonic() > deadline:
            if during == "dedupe: ":
                time.sleep(0.5)  # the shuffle under way (it takes seconds on 200 partitions)
            break
    os.killpg(proc.pid, signal.SIGINT)
    rest = proc.communicate(timeout=120)[1]
    err = "".join(lines) + rest
    assert proc.returncode == 130, err
    assert "Traceback" not in err and err.rstrip().endswith("parallax: interrupted")
    said = [x for x in err.splitlines() if not x.endswith(" partitions")]
    assert said[-1] == "parallax: interrupted" and said[:-1] == [
        x for x in said[:-1] if x.startswith(("parallax: cluster: ", "parallax: 200 inputs",
                                              "parallax: dedupe: "))], err


def test_a_worker_without_the_runs_entity_model_says_so_in_one_line(tmp_path: Path) -> None:
    """The client chooses the model (md where it is installed); a node set up with plain pip
    may not have it: the run stops with one line saying what to do, not a worker's traceback."""
    from desktop.batch import tasks
    from desktop.batch.inputs import InputError

    with pytest.raises(InputError, match=r"the entity model .* is not installed on worker .*"
                                         r"PARALLAX_ENTITY_MODEL=sm, or --no-entities"):
        tasks.recognizer(str(tmp_path / "no-such-model"))


def _md_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The machine the audit ran on: the default model (md) not installed."""
    import importlib.util

    from desktop.core.entities import recognizer

    real = importlib.util.find_spec
    md = recognizer.MODELS["md"][0]
    monkeypatch.delenv("PARALLAX_ENTITY_MODEL", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name == md else real(name, *a))


def test_no_entities_looks_up_no_entity_model(tmp_path: Path, scheduler: str,
                                              monkeypatch: pytest.MonkeyPatch,
                                              caplog: pytest.LogCaptureFixture) -> None:
    """--no-entities chooses no model: no "entity model 'md' is not installed" line (every run
    without entities printed it) and none in the manifest; with entities on, the line stays."""
    import logging

    _md_missing(monkeypatch)
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records(6)))
    caplog.set_level(logging.WARNING)
    code, out, err = parallax("batch", str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "o"),
                              "--no-entities", "--scheduler", scheduler, "--partition", "4")
    assert code == 0, err
    assert out.startswith("6 documents, ")
    assert [r.getMessage() for r in caplog.records if "not installed" in r.getMessage()] == []
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert "entity_model" not in manifest and manifest["entities"] is False
    caplog.clear()
    code, _, err = parallax("batch", str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "o2"),
                            "--scheduler", "no-port-here")
    assert code == 1 and "cannot reach the Dask scheduler" in err
    assert [r.getMessage() for r in caplog.records] == [
        "entity model 'md' is not installed; using the small model"]


def test_a_wrong_scheduler_is_told_before_the_records_are_counted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Counting the records is a pass over every record file (minutes at 10⁷ records): the
    scheduler is reached first, so a wrong address is told at once; a missing input still is
    told before any cluster is reached."""
    from desktop.batch import inputs, run

    counted: list[Path] = []
    real = inputs._count_records
    monkeypatch.setattr(inputs, "_count_records",
                        lambda path, *a: counted.append(path) or real(path, *a))
    (tmp_path / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records(6)))
    code, _, err = parallax("batch", str(tmp_path / "a.jsonl"), "--out", str(tmp_path / "o"),
                            "--no-entities", "--scheduler", "no-port-here")
    assert code == 1 and err.startswith("parallax: cannot reach the Dask scheduler at no-port-here (")
    assert counted == []
    assert not (tmp_path / "o").exists()
    monkeypatch.setattr(run, "client_for", lambda opts: pytest.fail("reached the cluster"))
    code, _, err = parallax("batch", str(tmp_path / "a.jsonl"), str(tmp_path / "gone.jsonl"),
                            "--out", str(tmp_path / "o"), "--no-entities")
    assert code == 1 and err == f"parallax: no such file or folder: {tmp_path / 'gone.jsonl'}\n"


def test_what_a_folder_holds_that_is_not_read_is_said(tmp_path: Path, scheduler: str) -> None:
    """A folder's files that are not articles (a .html.gz, a .csv) are listed as an import
    lists them, not dropped without a word."""
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.txt").write_text(" ".join(f"word{i}" for i in range(40)))
    (folder / "b.html.gz").write_bytes(gzip.compress(b"<html><p>page</p></html>"))
    (folder / "sub" / "c.csv").write_text("a,b\n")
    code, out, err = parallax("batch", str(folder), "--out", str(tmp_path / "o"),
                              "--no-entities", "--scheduler", scheduler)
    assert code == 0, err
    assert out.startswith("1 document, ")
    assert ("parallax: 2 files or folders not read (1 not an article (.gz); 1 not an article "
            "(.csv)): listed in manifest.json, skipped\n") in err
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert manifest["skipped"] == [[str(folder / "b.html.gz"), "not an article (.gz)"],
                                   [str(folder / "sub" / "c.csv"), "not an article (.csv)"]]
    assert manifest["skipped_count"] == 2


def test_a_resume_may_name_the_same_inputs_from_another_folder(
        tmp_path: Path, scheduler: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A job script run from another folder names the same corpus and result by another
    relative path ("../data" from jobs/, "data" from above): it resumes, it is not refused."""
    (tmp_path / "data").mkdir()
    (tmp_path / "jobs").mkdir()
    (tmp_path / "data" / "a.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records(6)))
    monkeypatch.chdir(tmp_path / "jobs")
    code, _, err = parallax("batch", "../data/a.jsonl", "--out", "../o", "--no-entities",
                            "--scheduler", scheduler)
    assert code == 0, err
    assert f"→ {tmp_path / 'o'}" in err
    monkeypatch.chdir(tmp_path)
    code, out, err = parallax("batch", "data/a.jsonl", "--out", "o", "--no-entities",
                              "--scheduler", scheduler)
    assert code == 0, err
    assert "(resuming: run 2 on this folder; done before: prepare 1/1, pairs, links 1/1, index " \
           "1/1 partitions)" in err
    assert out.splitlines()[1].startswith("resumed: this run computed prepare 0/1, links 0/1")


def test_a_result_folder_inside_the_corpus_is_not_part_of_it(tmp_path: Path, scheduler: str) -> None:
    """`--out corpus/result`: on a resume the folder walked holds the result's own files
    (Parquet, the search index, the manifest), which are not the corpus's files not read."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(" ".join(f"word{i}" for i in range(40)))
    for _ in range(2):
        code, _, err = parallax("batch", str(folder), "--out", str(folder / "result"),
                                "--no-entities", "--scheduler", scheduler)
        assert code == 0, err
        assert "not read" not in err
    assert "resuming: run 2" in err
    manifest = json.loads((folder / "result" / "manifest.json").read_text())
    assert manifest["skipped_count"] == 0

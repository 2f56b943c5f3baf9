"""Kill a real Parallax CLI process at chosen (or random) moments, then check the invariants.

A scenario is a command run on a copy of the base library. ``count`` runs it once to learn how
many storage events it makes; ``kill_at`` runs it again with SIGKILL just before event N, or
with Ctrl+C (SIGINT's KeyboardInterrupt) right after it (tools/crash/victim.py); ``kill_after``
sends SIGKILL or SIGINT from outside after a delay (as a user would). After a kill the
invariants are checked (invariants.py; after Ctrl+C also: the CLI said "interrupted" in one
line, no traceback), the command is run again to completion, and they are checked once more
with the scenario's own expectation.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.core.library import Library
from tools.crash import invariants
from tools.crash.world import NEW_MARKER, ROOT, World


@dataclass(frozen=True)
class Scenario:
    name: str
    argv: Callable[[World], list[str]]
    done: Callable[[World, Library], list[str]]  # what must hold once the command completed
    export: Callable[[World], Path | None] = lambda w: None
    analysed: bool = False  # start from the analysed base (nothing left to link or recognise)


def _imported(world: World, lib: Library) -> list[str]:
    have = {d.path for d in lib.list_documents()}
    return [f"{p.name} not imported" for p in world.new_files if str(p) not in have]


def _updated(world: World, lib: Library) -> list[str]:
    doc_id = lib.store.find_by_path(str(world.story))
    if doc_id is None or NEW_MARKER not in lib.get_document(doc_id).text:
        return ["the story was not updated"]
    changed = [a for a in lib.annotations.for_document(doc_id) if a.status == "changed"]
    return [] if changed else ["no annotation is marked changed after the update"]


def _linked(world: World, lib: Library) -> list[str]:
    return [f"{len(lib.links.pending())} articles not linked"] if lib.links.pending() else []


def _recognised(world: World, lib: Library) -> list[str]:
    row = lib.store.read_one("SELECT count(*) FROM documents WHERE id NOT IN "
                             "(SELECT doc_id FROM entity_runs)")  # whichever recogniser ran
    return [f"{row[0]} articles not recognised"] if row and row[0] else []


def _annotated(world: World, lib: Library) -> list[str]:
    have = {a.id for a in lib.annotations.select()}
    return [] if set(world.annotation_ids) <= have else ["annotations not imported"]


def _removed(world: World, lib: Library) -> list[str]:
    return ["#3 still there"] if 3 in lib.document_ids() else []


def _exported(world: World, lib: Library) -> list[str]:
    return [] if (world.root / "out" / "export.html").exists() else ["no export written"]


SCENARIOS = (
    Scenario("import", lambda w: ["import", str(w.inputs / "new")], _imported),
    Scenario("update", lambda w: ["import", str(w.story)], _updated),
    Scenario("links", lambda w: ["links"], _linked),
    Scenario("entities", lambda w: ["entities"], _recognised),
    Scenario("import-annotations", lambda w: ["import-annotations", str(w.annotations_json)],
             _annotated),
    Scenario("remove", lambda w: ["remove", "3"], _removed),
    Scenario("export", lambda w: ["export", "--format", "html", "--all", "-o",
                                  str(w.root / "out" / "export.html"), "--force"], _exported,
             lambda w: w.root / "out" / "export.html", analysed=True),
)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARALLAX_")}
    env.update(extra)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _command(folder: Path, argv: list[str]) -> list[str]:
    return [sys.executable, "-m", "tools.crash.victim", "--library", str(folder), *argv]


def events(world: World, sc: Scenario, fake_ner: bool = True) -> list[str]:
    """What the scenario's command does, event by event ("BEGIN", "COMMIT", "replace"...)."""
    folder = world.copy(f"{sc.name}-count", sc.analysed)
    out = world.root / f"{sc.name}.events"
    env = _env(PARALLAX_COUNT_TO=str(out), **({"PARALLAX_FAKE_NER": "1"} if fake_ner else {}))
    subprocess.run(_command(folder, sc.argv(world)), env=env, cwd=ROOT, capture_output=True,
                   check=False, timeout=600)
    labels: list[str] = json.loads(out.read_text())
    return labels


def key_points(labels: list[str]) -> list[int]:
    """Deterministic kill points (1-based events): inside the last write transaction (just
    before its COMMIT), just after it (before the index or the file is written), and halfway."""
    commits = [i + 1 for i, label in enumerate(labels) if label.upper() == "COMMIT"]
    points = {len(labels) // 2 or 1}
    if commits:
        points.add(commits[-1])
        if commits[-1] + 1 <= len(labels) - 5:  # runs vary by a few events near their end
            points.add(commits[-1] + 1)
    else:  # a command that writes files only (export): before the file is synced, put in place
        files = [i + 1 for i, label in enumerate(labels) if label in _FILE_STEPS]
        points.update(files[-2:])
    return sorted(p for p in points if 1 <= p <= len(labels))


_FILE_STEPS = ("fsync", "replace", "rename", "link")


def interrupt_points(labels: list[str]) -> list[int]:
    """Where the short run sends Ctrl+C: just before the COMMIT of the last write transaction
    (the rollback path: what Ctrl+C adds to kill -9), or, for an export, just before its file
    is put in place. One point per command keeps ``make test`` short; the long run
    (tools/crash/run.py) interrupts at random moments."""
    commits = [i + 1 for i, label in enumerate(labels) if label.upper() == "COMMIT"]
    files = [i + 1 for i, label in enumerate(labels) if label in _FILE_STEPS]
    return (commits[-1:] or files[-1:] or [len(labels) // 2 or 1])


@dataclass
class Outcome:
    scenario: str
    point: str
    killed: bool
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def _reset_export(world: World, sc: Scenario) -> None:
    target = sc.export(world)
    if target is not None and target.exists():
        target.unlink()


INTERRUPTED = 130  # the CLI's exit status after Ctrl+C (desktop/app.py)


def kill_at(world: World, sc: Scenario, n: int, fake_ner: bool = True,
            interrupt: bool = False) -> Outcome:
    """Kill the scenario's command just before its ``n``-th storage event (SIGKILL), or
    interrupt it right after that event (Ctrl+C) with ``interrupt``."""
    folder = world.copy(f"{sc.name}-{n}", sc.analysed)
    _reset_export(world, sc)
    # the same moment: SIGKILL comes just before event n, Ctrl+C just after event n - 1
    at = max(1, n - 1) if interrupt else n
    env = _env(PARALLAX_KILL_AT=str(at), PARALLAX_KILL_SIGNAL="INT" if interrupt else "KILL",
               **({"PARALLAX_FAKE_NER": "1"} if fake_ner else {}))
    start = time.perf_counter()
    proc = subprocess.run(_command(folder, sc.argv(world)), env=env, cwd=ROOT,
                          capture_output=True, text=True, check=False, timeout=600)
    how = "Ctrl+C" if interrupt else "kill"
    return _judge(world, sc, folder, f"{how} at event {n}", proc.returncode, proc.stderr, start,
                  fake_ner)


def kill_after(world: World, sc: Scenario, delay: float, fake_ner: bool = False,
               interrupt: bool = False) -> Outcome:
    """Kill the scenario's command with SIGKILL (or SIGINT: Ctrl+C) from outside after
    ``delay`` seconds."""
    folder = world.copy(f"{sc.name}-t", sc.analysed)
    _reset_export(world, sc)
    env = _env(**({"PARALLAX_FAKE_NER": "1"} if fake_ner else {}))
    start = time.perf_counter()
    proc = subprocess.Popen(_command(folder, sc.argv(world)), env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        _, err = proc.communicate(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGINT if interrupt else signal.SIGKILL)
        _, err = proc.communicate()
    how = "Ctrl+C" if interrupt else "kill"
    return _judge(world, sc, folder, f"{how} at {delay:.2f} s", proc.returncode, err, start,
                  fake_ner)


def _judge(world: World, sc: Scenario, folder: Path, point: str, code: int, stderr: str,
           start: float, fake_ner: bool) -> Outcome:
    outcome = Outcome(sc.name, point, code in (-signal.SIGKILL, INTERRUPTED))
    if point.startswith("Ctrl+C") and code not in (0, INTERRUPTED):
        outcome.problems.append(f"Ctrl+C ended with status {code}: {stderr.strip()[-300:]!r}")
    if code == INTERRUPTED and ("Traceback" in stderr or "interrupted" not in stderr):
        outcome.problems.append(f"Ctrl+C was not one line: {stderr.strip()[-300:]!r}")
    outcome.problems += [f"after the kill: {p}" for p in
                         invariants.check(world, folder, sc.export(world))]
    env = _env(**({"PARALLAX_FAKE_NER": "1"} if fake_ner else {}))
    rerun = subprocess.run(_command(folder, sc.argv(world)), env=env, cwd=ROOT,
                           capture_output=True, text=True, check=False, timeout=600)
    if rerun.returncode != 0 and sc.name != "remove":  # removing #3 again: it is gone
        outcome.problems.append(f"the rerun failed: {rerun.stderr.strip()[-300:]}")
    outcome.problems += [f"after the rerun: {p}" for p in
                         invariants.check(world, folder, sc.export(world), rerun=True)]
    with Library.open(folder) as lib:
        outcome.problems += [f"after the rerun: {p}" for p in sc.done(world, lib)]
    outcome.seconds = time.perf_counter() - start
    return outcome

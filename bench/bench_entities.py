"""Entity benchmark (not a test): recognition throughput and the reader's draw time.

    .venv/bin/python bench/bench_entities.py [--n 300] [--skip-reader]

(1) Recognition over N articles of ../shared/corpus/news.jsonl.gz: cleanup is done first and
not timed; then spaCy (NER only, per block, nlp.pipe batching) plus candidate cleaning, with
1 and 2 processes, in characters of clean text per second; then consolidation (resolving the
stored candidates into mentions against the library lexicon) per article.
(2) Opening an article in the reader with all its marks drawn: a 10,000-word article with
1,000 entity marks, offscreen QApplication, from show_document to a painted viewport.
Prints figures; asserts nothing. Without the corpus, part (1) is skipped with a message.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl.gz"


def _documents(n: int) -> list:
    from desktop.core.model import Document, Metadata
    from desktop.core.text import clean

    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for _, line in zip(range(n), f, strict=False)]
    return [Document(i + 1, f"{i}.txt", "txt", Metadata(), t, clean(t), str(i), "")
            for i, t in enumerate(texts) if t and t.strip()]


def bench_recognition(n: int) -> None:
    from desktop.core.entities.consolidate import resolve
    from desktop.core.entities.labels import entity_key
    from desktop.core.entities.lexicon import Lexicon
    from desktop.core.entities.pipeline import document_candidates
    from desktop.core.entities.recognizer import SpacyRecognizer

    if not CORPUS.exists():
        print(f"recognition: skipped, corpus not found at {CORPUS}")
        return
    docs = _documents(n)
    chars = sum(len(d.clean.text) for d in docs)
    rec = SpacyRecognizer()
    t = time.perf_counter()
    rec.load()
    print(f"model load: {time.perf_counter() - t:.2f} s")
    found = None
    for procs in (1, 2):
        t = time.perf_counter()
        found = document_candidates(docs, rec, n_process=procs)
        dt = time.perf_counter() - t
        print(f"recognition, {procs} process{'es' if procs > 1 else ''}: {len(docs)} articles, "
              f"{chars:,} chars in {dt:.1f} s = {chars / dt:,.0f} chars/s "
              f"({len(docs) / dt:.1f} articles/s)")
    assert found is not None
    rows: dict[tuple[str, str, str], int] = {}
    for d, cands in zip(docs, found, strict=True):
        for c in cands:
            k = (c.key, d.clean.text[c.start:c.end], str(c.label))
            rows[k] = rows.get(k, 0) + 1
    t = time.perf_counter()
    lex = Lexicon([(k, s, lab, cnt) for (k, s, lab), cnt in rows.items()])
    t_lex = time.perf_counter() - t
    times, total = [], 0
    for d, cands in zip(docs, found, strict=True):
        t = time.perf_counter()
        total += len(resolve(d.clean.text, cands, lex))
        times.append(time.perf_counter() - t)
    print(f"consolidation: lexicon of {len(lex.votes):,} names in {t_lex * 1000:.0f} ms; "
          f"{total:,} mentions, median {statistics.median(times) * 1000:.2f} ms / article, "
          f"max {max(times) * 1000:.1f} ms")
    assert entity_key("U.S.") == "us"


def bench_reader(words: int = 10_000, marks: int = 1_000, runs: int = 5) -> None:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.core.entities.consolidate import Mention
    from desktop.core.entities.labels import Label
    from desktop.core.marks import entity_marks
    from desktop.core.model import Document, Metadata
    from desktop.core.text import clean
    from desktop.gui.entity_marks import (
        LAYER,
        LAYER_Z,
        EntityFormats,
        drawn_window,
        entity_layer,
        visible_range,
    )
    from desktop.gui.reader import ReaderView

    app = QApplication.instance() or QApplication([])
    sentence = ("Vladimir Putin met Xi Jinping in Samarkand on Thursday while officials of the "
                "IAEA and diplomats from several other countries watched the talks closely. ")
    per = len(sentence.split())
    paras = [sentence * 5 for _ in range(words // (per * 5))]
    text = "\n\n".join(paras)
    doc = Document(1, "big.txt", "txt", Metadata(title="Bench"), text, clean(text), "x", "")
    labels = list(Label)
    step = max(1, len(doc.clean.text) // marks)
    mentions = []
    for i in range(marks):
        s = i * step
        mentions.append(Mention(s, s + 6, labels[i % len(labels)], f"E{i % 50}",
                                doc.clean.text[s:s + 6]))
    marks_of = entity_marks(mentions)
    reader = ReaderView()
    reader.resize(1000, 800)
    reader.show()
    formats = EntityFormats(reader.palette())
    times = []
    for _ in range(runs):
        reader.show_document(None)
        app.processEvents()
        t = time.perf_counter()
        reader.show_document(doc)
        # what EntitiesFeature does: the marks around the visible part (scrolling adds more)
        window = drawn_window(visible_range(reader), len(doc.clean.text))
        reader.set_layer(LAYER, entity_layer(marks_of, formats, set(Label), window), LAYER_Z)
        reader.viewport().grab()  # paint
        app.processEvents()
        times.append(time.perf_counter() - t)
    print(f"reader: {len(text.split()):,}-word article with {marks:,} entity marks opened and "
          f"painted in median {statistics.median(times) * 1000:.0f} ms "
          f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}; {runs} runs)")
    t = time.perf_counter()
    reader.set_layer(LAYER, entity_layer(marks_of, formats, set(Label)), LAYER_Z)
    reader.viewport().grab()
    print(f"reader: all {marks:,} marks at once (no visible window): "
          f"{(time.perf_counter() - t) * 1000:.0f} ms after the article was laid out")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="corpus articles to recognise (300)")
    ap.add_argument("--skip-reader", action="store_true")
    ap.add_argument("--skip-recognition", action="store_true")
    args = ap.parse_args()
    if not args.skip_recognition:
        bench_recognition(args.n)
    if not args.skip_reader:
        bench_reader()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

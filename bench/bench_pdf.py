"""PDF import vs what a reader would call the article text, on ../shared/bench-data/pdf-real.

    make bench-pdf        (or: .venv/bin/python bench/bench_pdf.py --peers build/bench-peers/bin/python)

In one run, on the same ten real PDFs: Parallax's import (read_article: PDFium segments, its
own reading order, running heads dropped, cleanup), and as baselines the plain text of
PDFium (pypdfium2 ``get_text_range``), of pdfminer.six (``extract_text``) and of pdfplumber
(``extract_text``), each also passed through Parallax's cleanup so that only the layout work
differs. The peers run in their own venv (``--peers``).

What is scored (no gold text can be shipped with the data, so each criterion of the data's
README is measured from the PDF itself, independently of Parallax's code):

* **column order**: each page's columns are cut out with pdfplumber (gutters found from the
  characters' x coverage) and read line by line; for every two consecutive prose lines (20+
  letters each) the last 8 letters of one and the first 8 of the next form a signature; the
  score is the share of signatures found in the system's text (letters only, lower case).
  1.0 = column order kept everywhere, lines never mixed across columns.
* **running heads left**: lines that stand at the top or bottom of 3+ pages (digits masked)
  are running heads/footers; the figure is how many of their occurrences are still in the text
  (0 is best).
* **artifacts**: U+FFFE/U+0002 hyphen marks, ``(cid:N)``, ligature code points, U+FFFD.
* **run-together words**: alphabetic tokens longer than 25 letters.
* **broken hyphens**: ``popu- lation`` (a letter, a hyphen, a space, a lower-case letter).
* **ms/page**: reading the file (min of 3 runs; 1 for the 201-page book).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import time
from collections import Counter
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "bench-data" / "pdf-real"
_LETTERS = re.compile(r"[^a-zà-öø-ÿ]+")


def letters(text: str) -> str:
    return _LETTERS.sub("", text.lower())


# -- peers and references (run in the peers venv) ----------------------------------------------
def _gutters(chars: list[dict], width: float) -> list[float]:
    bins = [0] * (int(width) + 2)
    for c in chars:
        for x in range(max(0, int(c["x0"])), min(len(bins), int(c["x1"]) + 1)):
            bins[x] += 1
    top = max(bins) or 1
    out, start = [], None
    for x in range(int(0.2 * width), int(0.8 * width)):
        if bins[x] <= 0.05 * top:
            start = x if start is None else start
        elif start is not None:
            if x - start >= 5:
                out.append((start + x) / 2)
            start = None
    return out


def _page_lines(page) -> list[str]:  # type: ignore[no-untyped-def]
    text = page.extract_text(x_tolerance=1) or ""
    return [ln for ln in text.splitlines() if ln.strip()]


def worker(files: list[str], out_path: str) -> None:
    import pdfplumber
    from pdfminer.high_level import extract_text

    out: dict[str, dict] = {}
    for f in files:
        ref_sigs: list[str] = []
        edges: list[tuple[str, str]] = []
        columns: list[list[str]] = []
        with pdfplumber.open(f) as pdf:
            plumber, t0 = [], time.perf_counter()
            for page in pdf.pages:
                plumber.append(page.extract_text() or "")
            ms_plumber = (time.perf_counter() - t0) * 1000 / len(pdf.pages)
            for page in pdf.pages:
                h = float(page.height)  # running heads and footers cross the gutters: leave them out
                chars = [c for c in page.chars if c["upright"] and c["text"].strip()
                         and 0.08 * h < c["top"] < 0.92 * h]
                lines = _page_lines(page)
                if lines:
                    edges.append((lines[0], lines[-1]))
                cuts = [0.0, *_gutters(chars, float(page.width)), float(page.width)]
                for a, b in pairwise(cuts):
                    columns.append(_page_lines(page.crop((a, 0, b, page.height))))
        sig = Counter(_mask(x) for pair in edges for x in pair)
        heads = {m for m, n in sig.items() if n >= (3 if len(edges) > 3 else 2)}
        for col in columns:  # a running head is not article text: no signature across it
            col = [ln for ln in col if _mask(ln) not in heads]
            for x, y in pairwise(col):
                lx, ly = letters(x), letters(y)
                if len(lx) >= 20 and len(ly) >= 20:
                    ref_sigs.append(lx[-8:] + ly[:8])
        t0 = time.perf_counter()
        miner = extract_text(f)
        ms_miner = (time.perf_counter() - t0) * 1000 / max(1, len(edges))
        out[f] = {"sigs": ref_sigs, "edges": edges, "pdfminer": miner, "pdfplumber": "\n\n".join(plumber),
                  "ms": {"pdfminer.six": ms_miner, "pdfplumber": ms_plumber}}
    Path(out_path).write_text(json.dumps(out, ensure_ascii=False), encoding="utf-8")


# -- scoring -------------------------------------------------------------------------------------
def _mask(line: str) -> str:
    return re.sub(r"\d+", "#", " ".join(line.lower().split()))


def running_heads(edges: list[tuple[str, str]]) -> list[str]:
    """Lines standing first or last on 3+ pages (2 in a short document), digits masked."""
    sig = Counter(_mask(x) for pair in edges for x in pair)
    need = 3 if len(edges) > 3 else 2
    heads = {re.sub(r"\d+", "", x) for pair in edges for x in pair if sig[_mask(x)] >= need}
    return [h for h in heads if len(letters(h)) >= 8]


def score(text: str, sigs: list[str], heads: list[str]) -> dict[str, float]:
    flat = letters(text)
    found = sum(1 for s in sigs if s in flat)
    left = sum(flat.count(letters(h)) for h in heads)
    return {
        "order": found / len(sigs) if sigs else 1.0,
        "heads_left": left,
        "artifacts": len(re.findall(r"[\ufffe\x02\ufb00-\ufb06\ufffd]|\(cid:\d+\)", text)),
        "long_words": len(re.findall(r"[^\W\d_]{26,}", text)),
        "broken_hyphens": len(re.findall(r"[a-z]- [a-z]", text)),
    }


def parallax(f: Path) -> tuple[str, float]:
    from desktop.core.ingest import read_article

    runs = 1 if f.stat().st_size > 800_000 else 3
    best, text = float("inf"), ""
    for _ in range(runs):
        t0 = time.perf_counter()
        art = read_article(f)
        best = min(best, time.perf_counter() - t0)
        text = art.clean.text
    pages = art.source_text.count("\f") + 1
    return text, best * 1000 / pages


def pdfium_plain(f: Path) -> tuple[str, float]:
    import pypdfium2 as pdfium

    t0 = time.perf_counter()
    pdf = pdfium.PdfDocument(str(f))
    texts = []
    for page in pdf:
        tp = page.get_textpage()
        texts.append(tp.get_text_range())
    ms = (time.perf_counter() - t0) * 1000 / len(pdf)
    pdf.close()
    return "\n\n".join(texts), ms


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--peers", help="python of a venv with pdfplumber and pdfminer.six")
    ap.add_argument("--data", default=str(DATA))
    ap.add_argument("--reuse-peers", action="store_true", help="reuse build/bench-pdf/peers.json")
    ap.add_argument("--worker", nargs=2, metavar=("FILES_JSON", "OUT"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(json.loads(Path(args.worker[0]).read_text()), args.worker[1])
        return 0
    data = Path(args.data)
    files = sorted(data.glob("*.pdf"))
    if not files:
        print(f"bench-pdf: no PDFs in {data}; nothing to score")
        return 0
    if not args.peers:
        print("bench-pdf: --peers PY is needed (a venv with pdfplumber and pdfminer.six)")
        return 2
    sys.path.insert(0, str(ROOT))
    from desktop.core.text import clean

    out = ROOT / "build" / "bench-pdf"
    out.mkdir(parents=True, exist_ok=True)
    (out / "files.json").write_text(json.dumps([str(f) for f in files]))
    if not (args.reuse_peers and (out / "peers.json").exists()):
        subprocess.run([args.peers, __file__, "--worker", str(out / "files.json"), str(out / "peers.json")],
                       check=True)
    peers = json.loads((out / "peers.json").read_text(encoding="utf-8"))
    systems = ["Parallax", "PDFium text + Parallax cleanup", "pdfminer.six + cleanup",
               "pdfplumber + cleanup"]
    rows: dict[str, list[dict[str, float]]] = {s: [] for s in systems}
    head = f"{'system':<31} {'order':>6} {'heads':>6} {'artif':>6} {'long':>5} {'hyph':>5} {'ms/pg':>7}"
    print(f"{'file':<34} {head}")
    for f in files:
        ref = peers[str(f)]
        heads = running_heads([tuple(e) for e in ref["edges"]])
        px, ms_px = parallax(f)
        raw, ms_raw = pdfium_plain(f)
        texts = {"Parallax": (px, ms_px),
                 "PDFium text + Parallax cleanup": (clean(raw).text, ms_raw),
                 "pdfminer.six + cleanup": (clean(ref["pdfminer"]).text, ref["ms"]["pdfminer.six"]),
                 "pdfplumber + cleanup": (clean(ref["pdfplumber"]).text, ref["ms"]["pdfplumber"])}
        for name, (text, ms) in texts.items():
            s = score(text, ref["sigs"], heads)
            s["ms"] = ms
            rows[name].append(s)
            print(f"{f.name[:34]:<34} {name:<31} {s['order']:6.2f} {s['heads_left']:6.0f} "
                  f"{s['artifacts']:6.0f} {s['long_words']:5.0f} {s['broken_hyphens']:5.0f} {ms:7.1f}")
        (out / (f.stem + ".txt")).write_text(px, encoding="utf-8")
    print(f"\n{'all ten files':<34} {head}")
    for name in systems:
        r = rows[name]
        print(f"{'(order: mean; counts: sums; ms: median)':<34} {name:<31} "
              f"{statistics.mean(x['order'] for x in r):6.3f} {sum(x['heads_left'] for x in r):6.0f} "
              f"{sum(x['artifacts'] for x in r):6.0f} {sum(x['long_words'] for x in r):5.0f} "
              f"{sum(x['broken_hyphens'] for x in r):5.0f} {statistics.median(x['ms'] for x in r):7.1f}")
    print(f"Parallax's texts: {out}/*.txt")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PARALLAX_BENCH", "1")
    sys.exit(main())

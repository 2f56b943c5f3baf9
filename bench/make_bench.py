"""Scripted-rework benchmark set for cross-link detection, with exact gold offsets (not a test).

    python bench/make_bench.py --n 1700 --k 5 --m 100 --out /tmp/linkbench   # 10,300 documents

Takes articles from ../shared/corpus/news.jsonl.gz (Wikinews, CC BY 2.5: see that README for
the attribution to keep with anything made from it; the corpus is never copied into the
repository). Writes ``n`` source articles, ``k`` reworks of each, ``m`` unrelated extra
articles as .txt files, and ``gold.json`` with every reused passage:
``{"src", "src_start", "src_end", "dst", "dst_start", "dst_end", "kind"}`` (offsets into the
files as written). A rework is made the way a second outlet would: paragraphs dropped and
moved, a paragraph from an article outside the set inserted, house style (curly or straight
quotes, British spellings, "Mr" before names, "U.S." as "US", thousands separators), and in
edited reworks word edits plus sentences dropped or inserted inside paragraphs; a sentence of
a dropped paragraph may come back paraphrased. Layouts: blank-line paragraphs, PDF-style hard
wraps, or scraped run-ons (paragraphs glued with one space). Gold cases are maximal runs of
source paragraphs kept in order and adjacent on both sides; kind ``verbatim`` when the run
only has house-style changes (identical after normalisation), else ``edited``; each
paraphrased sentence is a ``paraphrase`` case.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl.gz"

from bench.rework import Piece, make_heavy, rework  # noqa: E402


def load_corpus(path: Path = CORPUS) -> list[dict]:
    if not path.exists():
        raise SystemExit(f"corpus not found at {path}: the link benchmark needs "
                         "../shared/corpus/news.jsonl.gz (see its README); skipped")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def paragraphs(article: dict) -> list[str]:
    return [p.strip() for p in article["text"].split("\n\n") if p.strip()]


def layout(pieces: list[Piece], style: str, rng: random.Random) -> tuple[str, list[int]]:
    """The rework text and the offset of each piece in it."""
    sep = {"blank": "\n\n", "pdf": "\n\n", "runon": " "}[style]
    out, offsets, pos = [], [], 0
    for i, piece in enumerate(pieces):
        text = _hard_wrap(piece.text) if style == "pdf" else piece.text
        if i:
            out.append(sep)
            pos += len(sep)
        offsets.append(pos)
        out.append(text)
        pos += len(text)
    return "".join(out), offsets


def _hard_wrap(text: str, width: int = 72) -> str:
    """Line breaks in place of spaces (same length, so offsets hold)."""
    chars, col = list(text), 0
    for i, ch in enumerate(chars):
        col += 1
        if ch == " " and col >= width:
            chars[i], col = "\n", 0
    return "".join(chars)


def gold_cases(pieces: list[Piece], offsets: list[int], src: str, dst: str,
               src_offsets: list[int], src_paras: list[str]) -> list[dict]:
    cases: list[dict] = []
    run: list[int] = []

    def flush() -> None:
        if not run:
            return
        first, last = run[0], run[-1]
        p0, p1 = pieces[first], pieces[last]
        kind = "verbatim" if all(pieces[i].kind == "verbatim" for i in run) else "edited"
        cases.append({"src": src, "src_start": src_offsets[p0.src_para],
                      "src_end": src_offsets[p1.src_para] + len(src_paras[p1.src_para]),
                      "dst": dst, "dst_start": offsets[first],
                      "dst_end": offsets[last] + len(p1.text), "kind": kind})
        run.clear()

    for i, piece in enumerate(pieces):
        if piece.kind in ("paraphrase", "heavy"):
            flush()
            s0 = src_offsets[piece.src_para] + piece.src_start
            cases.append({"src": src, "src_start": s0, "src_end": s0 + piece.src_len,
                          "dst": dst, "dst_start": offsets[i], "dst_end": offsets[i] + len(piece.text),
                          "kind": piece.kind})
        elif piece.src_para < 0:
            flush()
        else:
            if run and pieces[run[-1]].src_para != piece.src_para - 1:
                flush()
            run.append(i)
    flush()
    return cases


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=300, help="source articles")
    ap.add_argument("--k", type=int, default=2, help="reworks of each source")
    ap.add_argument("--m", type=int, default=50, help="unrelated extra articles")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    make(args.n, args.k, args.m, args.out, args.seed)
    return 0


def make(n: int, k: int, m: int, out: Path, seed: int = 7, heavy: float = 0.0, near: int = 0) -> dict:
    """The set; ``heavy`` is the share of reworks with one paragraph heavily rewritten (gold
    kind ``heavy``), ``near`` the number of sources given a near-topic article: the corpus
    article closest to it in words, a different story (any link to it is false)."""
    rng = random.Random(seed)
    corpus = load_corpus()
    rng.shuffle(corpus)
    if n + m >= len(corpus):
        raise SystemExit(f"n + m must stay below the corpus size ({len(corpus)})")
    sources, extras, pool = corpus[:n], corpus[n:n + m], corpus[n + m:]
    out.mkdir(parents=True, exist_ok=True)
    docs, cases = [], []
    for i, art in enumerate(extras):
        name = f"x{i:05d}.txt"
        (out / name).write_text(art["text"], encoding="utf-8")
        docs.append({"file": name, "role": "extra"})
    for i, art in enumerate(sources):
        paras = paragraphs(art)
        src_text = "\n\n".join(paras)
        src_offsets = [sum(len(p) + 2 for p in paras[:j]) for j in range(len(paras))]
        src = f"s{i:05d}.txt"
        (out / src).write_text(src_text, encoding="utf-8")
        docs.append({"file": src, "role": "source"})
        for r in range(k):
            foreign = paragraphs(rng.choice(pool))
            pieces = rework(paras, foreign, rng, edited=rng.random() < 0.6)
            if heavy and rng.random() < heavy:
                make_heavy(pieces, paras, rng)
            style = rng.choice(["blank", "blank", "pdf", "runon"])
            text, offsets = layout(pieces, style, rng)
            dst = f"s{i:05d}_r{r}.txt"
            (out / dst).write_text(text, encoding="utf-8")
            docs.append({"file": dst, "role": "rework", "layout": style})
            cases += gold_cases(pieces, offsets, src, dst, src_offsets, paras)
    for i, j in near_topic(sources, pool, near):
        name = f"n{i:05d}.txt"
        (out / name).write_text(pool[j]["text"], encoding="utf-8")
        docs.append({"file": name, "role": "near", "of": f"s{i:05d}.txt"})
    gold = {"docs": docs, "cases": cases, "n": n, "k": k, "m": m, "seed": seed}
    (out / "gold.json").write_text(json.dumps(gold, indent=1), encoding="utf-8")
    print(f"{len(docs)} documents, {len(cases)} gold cases in {out}")
    return gold


def _content(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]{4,}", text.lower())} - _COMMON


_COMMON = frozenset(re.findall(r"\w+", """that with from have this were been their said which would
about there they will also after when more than other into some only over such what them then
most these first year years people time made where while could against being last before
through"""))


def near_topic(sources: list[dict], pool: list[dict], count: int) -> list[tuple[int, int]]:
    """(source index, pool index) of the pool article sharing the most content words with each
    of the first ``count`` sources (overlap coefficient), never the same story: an article
    sharing a run of 12 identical words with the source is skipped."""
    if not count:
        return []
    words = [_content(a["text"]) for a in pool]
    out = []
    for i, src in enumerate(sources[:count]):
        mine = _content(src["text"])
        order = sorted(range(len(pool)),
                       key=lambda j: -len(mine & words[j]) / (1 + min(len(mine), len(words[j]))))
        for j in order[:20]:
            if not _shares_run(src["text"], pool[j]["text"]):
                out.append((i, j))
                break
    return out


def _shares_run(a: str, b: str, n: int = 12) -> bool:
    wa, wb = a.lower().split(), b.lower().split()
    grams = {tuple(wa[k:k + n]) for k in range(len(wa) - n + 1)}
    return any(tuple(wb[k:k + n]) in grams for k in range(len(wb) - n + 1))


if __name__ == "__main__":
    raise SystemExit(main())

"""Scale sets for the linking and batch benchmarks: n documents in families of four (not a test).

    python bench/make_scale.py --n 50000 --out /tmp/scale50k

The corpus (../shared/corpus/news.jsonl.gz, 2,294 Wikinews articles) is too small for 10,000 or
50,000 documents of realistic reuse: repeating its articles (as the import benchmark does)
makes every story a clique of near-identical copies that grows with the set, so linking work
per document would grow with n for a reason real news does not have (a year of news has more
stories, not more copies of each). Here every story is a *family* of four documents:

* ``f{story}_0`` the source article;
* ``f{story}_1`` a rework of it, ``f{story}_2`` a rework of that rework, ``f{story}_3`` another
  rework of the source with another seed (bench/rework.py: paragraphs dropped, moved and
  inserted from another story, house style, word edits, paraphrased sentences, three layouts),

so reuse within a family is the same at every size (1.48 compared pairs per document at
2,000, 10,000 and 50,000), and there are n / 4 stories. Sharing *between* stories is not: it
grows with n (2.8, 4.4 and 15.6 compared pairs per document), from the Wikinews follow-ups a
larger sample of the corpus holds and, past 2,294 stories, from the rounds below, which keep
each corpus article's frequent-word skeleton (docs/benchmarks.md, #14 round 5).
The first 2,294 stories are the corpus articles themselves (in a
seeded order). Beyond them, story ``s`` is corpus article ``s mod 2,294`` in *round*
``s // 2,294``: every word outside the stop words and the corpus's 500 most frequent words is
replaced by another corpus word of about the same frequency (a seeded permutation within bands
of 64 words of neighbouring frequency rank, one per round, case kept). A round is a new set of
stories with the corpus's vocabulary, word frequencies, sentence and paragraph shapes; its
articles share the common words and phrases of news with every other round (as a larger
corpus shares them), and none of their specific wording.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl.gz"

from bench.make_bench import layout, paragraphs  # noqa: E402
from bench.rework import rework  # noqa: E402
from desktop.core.overlap.normalize import STOPWORDS  # noqa: E402

FAMILY = 4
COMMON = 500  # the most frequent corpus words are kept in every round
BAND = 64  # words of neighbouring frequency rank permuted among themselves
_WORD = re.compile(r"[A-Za-z]+")


def load(path: Path = CORPUS) -> list[dict]:
    if not path.exists():
        raise SystemExit(f"corpus not found at {path}: the scale sets need "
                         "../shared/corpus/news.jsonl.gz (see its README); skipped")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


class Rounds:
    """The word permutation of each round (round 0: the corpus as it is)."""

    def __init__(self, corpus: list[dict], seed: int) -> None:
        counts = Counter(w.lower() for art in corpus for w in _WORD.findall(art["text"]))
        ranked = [w for w, _ in counts.most_common()]
        self.keep = set(ranked[:COMMON]) | STOPWORDS
        self.vocab = [w for w in ranked if w not in self.keep]
        self.seed = seed
        self._maps: dict[int, dict[str, str]] = {}

    def mapping(self, r: int) -> dict[str, str]:
        if r not in self._maps:
            rng = random.Random(self.seed * 1_000_003 + r)
            out: dict[str, str] = {}
            for first in range(0, len(self.vocab), BAND):
                band = self.vocab[first:first + BAND]
                moved = band[:]
                rng.shuffle(moved)
                out.update(zip(band, moved, strict=True))
            self._maps[r] = out
        return self._maps[r]

    def text(self, text: str, r: int) -> str:
        if r == 0:
            return text
        table = self.mapping(r)

        def swap(m: re.Match[str]) -> str:
            w = m.group()
            new = table.get(w.lower())
            if new is None:
                return w
            if w.isupper() and len(w) > 1:
                return new.upper()
            return new.capitalize() if w[0].isupper() else new
        return _WORD.sub(swap, text)


def make_scale(n: int, out: Path, seed: int = 7) -> dict[str, int]:
    """Write n documents (families of FAMILY) as .txt files into ``out``."""
    corpus = load()
    random.Random(seed).shuffle(corpus)
    rounds = Rounds(corpus, seed)
    out.mkdir(parents=True, exist_ok=True)
    size = len(corpus)
    stories = -(-n // FAMILY)
    written = 0
    for s in range(stories):
        r, base = divmod(s, size)
        rng = random.Random(f"{seed}:{s}")
        paras = paragraphs({"text": rounds.text(corpus[base]["text"], r)})
        versions = [paras]
        for k in range(1, FAMILY):
            origin = versions[1] if k == 2 else paras  # version 2 reworks version 1
            other = rng.randrange(size - 1)
            other += other >= base
            foreign = paragraphs({"text": rounds.text(corpus[other]["text"], r)})
            pieces = rework(origin, foreign, rng, edited=rng.random() < 0.6)
            versions.append([p.text for p in pieces])
        for k, version in enumerate(versions):
            if written == n:
                break
            if k == 0:
                text = "\n\n".join(version)
            else:
                style = rng.choice(["blank", "blank", "pdf", "runon"])
                text, _ = layout(_pieces(version), style, rng)
            (out / f"f{s:06d}_{k}.txt").write_text(text, encoding="utf-8")
            written += 1
    info = {"documents": written, "stories": stories, "corpus_stories": min(stories, size),
            "rounds": -(-stories // size)}
    (out / "scale.json").write_text(json.dumps({**info, "seed": seed}), encoding="utf-8")
    return info


def _pieces(texts: list[str]) -> list:
    from bench.rework import Piece

    return [Piece(t, "verbatim") for t in texts]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, required=True, help="documents")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    info = make_scale(args.n, args.out, args.seed)
    print(f"{info['documents']:,} documents, {info['stories']:,} stories "
          f"({info['corpus_stories']:,} corpus articles, {info['rounds']} round(s)) in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Scale sets for the linking and batch benchmarks: n documents in families of four (not a test).

    python bench/make_scale.py --n 50000 --out /tmp/scale50k                     # rounds keep a skeleton
    python bench/make_scale.py --n 50000 --out /tmp/lang50k --rounds language   # rounds are languages

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

That is ``--rounds skeleton`` (the default, the sets of rounds 2–5 in docs/benchmarks.md).
Its rounds share more than common phrases: every round of an article keeps the article's stop
words and 500 most frequent words *in place*, so the rounds of one article share a skeleton,
and at 50,000 documents 41 % of the chosen pairs join an article to a variant of its own
source in another round: the sharing between stories then grows with the number of rounds,
which measures the set rather than the engine.

``--rounds language`` makes each round a language of its own (:class:`Languages`): round
``r`` maps the *whole* vocabulary through its own bijection, stop words and the most frequent
words included, within classes that the shared-passage tokenizer treats alike (content words,
stop words, numbers; core/overlap/normalize.py) and within bands of neighbouring frequency
rank. A bijection of words is a bijection of n-grams, so each round has exactly the corpus's
n-gram statistics (how many articles share each phrase, how long the shared passages are) and
its reworks the same reuse, while two rounds share a passage only where one round's image of a
phrase happens to be another round's image of another phrase (chance, as between two
languages). Fixed in every round: one-letter tokens (``a``, ``I``, the ``s`` of ``'s``, the
letters of ``U.S.``: the tokenizer joins them to their neighbours, and they are never content
words) and honorifics (dropped by the tokenizer). Measured on both kinds of set:
docs/benchmarks.md, #14 round 6 (with language rounds candidate generation grows as n^1.02
from 10,000 to 50,000 documents; with skeleton rounds as n^1.66).
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
from desktop.core.overlap.normalize import STOPWORDS, is_content  # noqa: E402
from desktop.core.words import reuse_form  # noqa: E402

FAMILY = 4
COMMON = 500  # the most frequent corpus words are kept in every round
BAND = 64  # words of neighbouring frequency rank permuted among themselves
_WORD = re.compile(r"[A-Za-z]+")
_TOKEN = re.compile(r"[^\W\d_]+|\d+")  # a run of letters (any script) or of digits
MIN_BAND, MAX_BAND = 4, 64  # Languages: band widths (a quarter of the band's first rank)


def load(path: Path = CORPUS) -> list[dict]:
    if not path.exists():
        raise SystemExit(f"corpus not found at {path}: the scale sets need "
                         "../shared/corpus/news.jsonl.gz (see its README); skipped")
    with gzip.open(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


class _Permutation:
    """Round r > 0 maps each word of ``pattern`` through its own bijection: every band of
    words shuffled with the round's seed (round 0: the corpus as it is). The kinds differ in
    which words form the bands, the pattern of a word and the seed of a round."""

    pattern: re.Pattern[str]

    def __init__(self, bands: list[list[str]], seed: int) -> None:
        self.bands = bands
        self.seed = seed
        self._maps: dict[int, dict[str, str]] = {}

    def _rng(self, r: int) -> random.Random:
        raise NotImplementedError

    def mapping(self, r: int) -> dict[str, str]:
        if r not in self._maps:
            rng = self._rng(r)
            out: dict[str, str] = {}
            for band in self.bands:
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
            return w if new is None else _recase(w, new)
        return self.pattern.sub(swap, text)


def _recase(w: str, new: str) -> str:
    if w.isupper() and len(w) > 1:
        return new.upper()
    return new.capitalize() if w[0].isupper() else new


class Rounds(_Permutation):
    """``--rounds skeleton``: the stop words and the COMMON most frequent words stay; the
    others are permuted in bands of BAND neighbouring frequency ranks."""

    pattern = _WORD

    def __init__(self, corpus: list[dict], seed: int) -> None:
        counts = Counter(w.lower() for art in corpus for w in _WORD.findall(art["text"]))
        ranked = [w for w, _ in counts.most_common()]
        self.keep = set(ranked[:COMMON]) | STOPWORDS
        self.vocab = [w for w in ranked if w not in self.keep]
        super().__init__([self.vocab[i:i + BAND] for i in range(0, len(self.vocab), BAND)], seed)

    def _rng(self, r: int) -> random.Random:
        return random.Random(self.seed * 1_000_003 + r)


class Languages(_Permutation):
    """``--rounds language``: round r > 0 maps every token through its own bijection (round
    0: the corpus as it is).

    Tokens are runs of letters or of digits, keyed by lower case. A token is mapped only to a
    token of its *class* — (letters or digits, content word or not, as
    ``normalize.is_content(reuse_form(token))`` says) — so the tokenizer sees the same
    sequence of content and non-content words and every n-gram that counted still counts.
    Within a class, tokens are ranked by corpus frequency and cut into bands of neighbouring
    rank, each a quarter of its first rank wide (within ``MIN_BAND``–``MAX_BAND``: under
    Zipf's law the frequencies in one band differ by about a quarter), and each round
    shuffles every band with its own seed. So the most frequent words stay about as frequent
    (which keeps the reworks' word edits, aimed at words such as "said", as frequent too),
    and two rounds give a word the same image with probability 1 / band width."""

    pattern = _TOKEN

    def __init__(self, corpus: list[dict], seed: int) -> None:
        counts = Counter(w.lower() for art in corpus for w in _TOKEN.findall(art["text"]))
        classes: dict[tuple[bool, bool], list[str]] = {}
        for w, _ in counts.most_common():
            cls = self.klass(w)
            if cls is not None:
                classes.setdefault(cls, []).append(w)
        super().__init__([band for ranked in classes.values() for band in _bands(ranked)], seed)

    @staticmethod
    def klass(token: str) -> tuple[bool, bool] | None:
        """(digits, content word) of a lower-case token; None for a token kept as it is (one
        character, or an honorific the tokenizer drops)."""
        if len(token) < 2:
            return None
        form = reuse_form(token)
        return (token.isdigit(), is_content(form)) if form else None

    def _rng(self, r: int) -> random.Random:
        return random.Random(f"language:{self.seed}:{r}")


def _bands(ranked: list[str]) -> list[list[str]]:
    out, first = [], 0
    while first < len(ranked):
        width = min(MAX_BAND, max(MIN_BAND, first // 4))
        out.append(ranked[first:first + width])
        first += width
    return out


ROUNDS: dict[str, type[Rounds] | type[Languages]] = {"skeleton": Rounds, "language": Languages}


def make_scale(n: int, out: Path, seed: int = 7, rounds: str = "skeleton",
               start: int = 0) -> dict[str, int]:
    """Write n documents (families of FAMILY) as .txt files into ``out``: stories ``start``
    onwards (``start`` > 0 writes a sample of later rounds), their rounds made by
    ``ROUNDS[rounds]``."""
    corpus = load()
    random.Random(seed).shuffle(corpus)
    words = ROUNDS[rounds](corpus, seed)
    out.mkdir(parents=True, exist_ok=True)
    size = len(corpus)
    stories = -(-n // FAMILY)
    written = 0
    for s in range(start, start + stories):
        r, base = divmod(s, size)
        rng = random.Random(f"{seed}:{s}")
        paras = paragraphs({"text": words.text(corpus[base]["text"], r)})
        versions = [paras]
        for k in range(1, FAMILY):
            origin = versions[1] if k == 2 else paras  # version 2 reworks version 1
            other = rng.randrange(size - 1)
            other += other >= base
            foreign = paragraphs({"text": words.text(corpus[other]["text"], r)})
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
            "rounds": -(-(start + stories) // size) - start // size}
    (out / "scale.json").write_text(json.dumps({**info, "seed": seed, "kind": rounds,
                                                "start": start}), encoding="utf-8")
    return info


def _pieces(texts: list[str]) -> list:
    from bench.rework import Piece

    return [Piece(t, "verbatim") for t in texts]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, required=True, help="documents")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rounds", choices=sorted(ROUNDS), default="skeleton",
                    help="how stories past the corpus are made: skeleton (each round keeps "
                         "the stop words and 500 most frequent words) or language (each round "
                         "maps the whole vocabulary through its own bijection)")
    ap.add_argument("--start", type=int, default=0,
                    help="first story (e.g. 2294 for a sample of round 1 only)")
    args = ap.parse_args()
    info = make_scale(args.n, args.out, args.seed, args.rounds, args.start)
    print(f"{info['documents']:,} documents, {info['stories']:,} stories "
          f"({info['corpus_stories']:,} corpus articles, {info['rounds']} round(s)) in {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The scale set's rounds as languages (bench/make_scale.py ``--rounds language``, #14).

A round must keep every passage an article shares with its reworks (the n-gram statistics of
the corpus) and share nothing with the same article in another round, or growth measured on
the set is growth of the set. Made-up articles, no corpus needed.
"""

from __future__ import annotations

import random

from bench.make_scale import Languages, Rounds
from desktop.core.model import Span
from desktop.core.overlap.engine import Prepared, prepare
from desktop.core.overlap.normalize import STOPWORDS
from desktop.core.overlap.seeds import seed_pairs


def _corpus(n: int = 40, seed: int = 3) -> list[dict]:
    rng = random.Random(seed)
    vocab = sorted({"".join(rng.choices("bcdfgklmnprstvz", k=3)) + rng.choice("aeiou")
                    + "".join(rng.choices("klmnrst", k=2)) for _ in range(1500)})
    stops = sorted(STOPWORDS - {"mr", "ms"})
    arts = []
    for _ in range(n):
        words = []
        for _ in range(rng.randint(120, 260)):
            pick = rng.random()
            if pick < 0.45:
                words.append(rng.choice(stops[:20]))
            elif pick < 0.5:
                words.append(str(rng.randint(10, 3000)))
            else:
                words.append(vocab[min(int(rng.paretovariate(0.8)) - 1, len(vocab) - 1)])
        words[0] = words[0].capitalize()
        arts.append({"text": " ".join(words) + ". The Mr Smith's U.S. visit."})
    return arts


def _prepared(text: str) -> Prepared:
    return prepare(0, text, (Span(0, len(text), label="paragraph"),), "k")


def test_rounds_of_the_language_set_keep_every_seed_and_share_no_passage() -> None:
    corpus = _corpus()
    langs = Languages(corpus, seed=7)
    skel = Rounds(corpus, seed=7)
    shared_language = shared_skeleton = 0
    for art in corpus:
        original = _prepared(art["text"])
        one, two = (_prepared(langs.text(art["text"], r)) for r in (1, 2))
        # a bijection within the tokenizer's classes: the same n-grams count in every round
        assert len(one.seeds) == len(two.seeds) == len(original.seeds)
        assert [t in STOPWORDS for t in one.tokens.norms] == \
            [t in STOPWORDS for t in original.tokens.norms]
        shared_language += len(seed_pairs(one.seeds, two.seeds))
        shared_skeleton += len(seed_pairs(_prepared(skel.text(art["text"], 1)).seeds,
                                          _prepared(skel.text(art["text"], 2)).seeds))
    seeds = sum(len(_prepared(a["text"]).seeds) for a in corpus)
    # the old rounds share their frequent-word skeletons (in this small vocabulary nearly
    # every word is among the 500 kept); a language's rounds share what chance gives (two
    # n-grams of the most frequent words, whose bands are narrowest, mapped alike)
    assert shared_skeleton > seeds // 2
    assert shared_language < seeds // 100


def test_language_rounds_map_frequent_and_stop_words_too_and_keep_one_letter_tokens() -> None:
    corpus = _corpus()
    langs = Languages(corpus, seed=7)
    table = langs.mapping(1)
    assert sorted(table) == sorted(table.values())  # a bijection
    for w, v in table.items():
        assert Languages.klass(w) == Languages.klass(v)
    moved_stops = [w for w in STOPWORDS if w in table and table[w] != w]
    assert len(moved_stops) >= 10
    text = langs.text("The Mr Smith's U.S. visit", 1)
    assert " Mr " in text and "'s U.S. " in text
    assert langs.text("A text", 0) == "A text" and langs.mapping(2) != table

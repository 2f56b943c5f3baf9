"""The linker's cache of prepared articles: bounded by bytes, sentences kept only for the
most recently used, and never a cause of different links (#14 item 6)."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.library import Library
from desktop.core.overlap import paraphrase
from desktop.core.overlap.cache import PreparedCache, sentence_weight, weight
from desktop.core.overlap.engine import prepare
from tests.core.test_overlap_order import linked_at_once, make_set, named_links


def _article(i: int, words: int) -> str:
    return " ".join(f"w{i}x{k} said the report" for k in range(words // 4)) + "."


def test_the_cache_is_bounded_by_bytes_and_a_big_article_weighs_as_much_as_many_small() -> None:
    small = [prepare(i, _article(i, 200), ()) for i in range(1, 11)]
    budget = sum(weight(p) for p in small)
    c: PreparedCache[int, None] = PreparedCache(budget=budget, hot=10**9)
    for p in small:
        c.put(p.doc, p, None)
    assert len(c) == 10 and c.bytes <= budget
    big = prepare(99, _article(99, 1200), ())  # about six small articles' weight
    c.put(big.doc, big, None)
    assert c.bytes <= budget
    assert 99 in c and len(c) < 10
    assert 1 not in c  # the least recently used went first
    assert c.get(10) is small[9]


def test_only_the_most_recently_used_keep_live_sentences_and_packed_ones_come_back_equal(
        monkeypatch: pytest.MonkeyPatch) -> None:
    ps = [prepare(i, _article(i, 120) + " Another sentence here with words.", ())
          for i in range(1, 7)]
    c: PreparedCache[int, None] = PreparedCache(budget=10**9, hot=2 * sentence_weight(ps[0]))
    before = [list(p.sentences) for p in ps]
    for p in ps:
        c.put(p.doc, p, None)
    kept = [p._sentences is not None for p in ps]
    assert kept == [False, False, False, False, True, True]
    assert c.shed == 4
    computed: list[str] = []
    real = paraphrase.sentences
    monkeypatch.setattr(paraphrase, "sentences",
                        lambda text, blocks: computed.append(text) or real(text, blocks))
    assert [list(p.sentences) for p in ps] == before  # restored, equal
    assert computed == []  # from the packed copy, not computed again


def test_a_removed_article_leaves_the_cache_and_its_bytes() -> None:
    c: PreparedCache[int, None] = PreparedCache()
    p = prepare(1, _article(1, 80), ())
    c.put(1, p, None)
    c.pop(1)
    assert 1 not in c and c.bytes == 0 and c.hot_bytes == 0


@pytest.mark.parametrize("budget,hot", [(1, 1), (40_000, 30_000)], ids=["one-article", "few"])
def test_linking_with_a_tiny_cache_gives_the_same_links(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, budget: int, hot: int) -> None:
    files = make_set(tmp_path / "set")
    roomy = linked_at_once(tmp_path / "roomy", files)
    monkeypatch.setattr(PreparedCache.__init__, "__defaults__", (budget, hot))
    with Library.open(tmp_path / "tight") as lib:
        lib.import_paths(files)
        lib.link_pending()
        c = lib.links.linker.cache
        assert len(c) <= (1 if budget == 1 else len(files) - 1)  # articles did fall out
        assert lib.links.linker.prepared_count > len(files)  # and were prepared again
        assert named_links(lib) == roomy
    assert roomy

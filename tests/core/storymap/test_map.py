"""Pair shares, families, passage clusters and the story map of a library."""

from __future__ import annotations

from pathlib import Path

from desktop.core.library import Library
from desktop.core.model import Span
from desktop.core.overlap.types import Link, LinkEnd, LinkKind
from desktop.core.storymap.clusters import atoms, clusters
from desktop.core.storymap.pairs import families, pair_shares


def link(a: tuple[int, int, int], b: tuple[int, int, int], kind: LinkKind = LinkKind.EDITED) -> Link:
    return Link(LinkEnd(*a), LinkEnd(*b), kind, 0.9)


def test_pair_shares_count_overlapping_ends_once_and_split_by_kind() -> None:
    links = [link((1, 0, 50), (2, 0, 50)), link((1, 40, 100), (2, 60, 120), LinkKind.VERBATIM),
             link((1, 150, 160), (2, 300, 310), LinkKind.PARAPHRASE)]
    (p,) = pair_shares(links, {1: 200, 2: 400})
    assert (p.a, p.b) == (1, 2)
    assert p.a_in_b == (100 + 10) / 200 and p.b_in_a == (50 + 60 + 10) / 400
    assert p.a_by_kind["verbatim"] == 60 / 200 and p.a_by_kind["paraphrase"] == 10 / 200
    assert p.passages == {"verbatim": 1, "edited": 1, "paraphrase": 1}


def test_families_join_by_reuse_not_by_paraphrase_alone() -> None:
    links = [link((1, 0, 50), (2, 0, 50)), link((2, 100, 150), (3, 0, 50)),
             link((4, 0, 20), (5, 0, 20), LinkKind.PARAPHRASE), link((6, 0, 50), (7, 0, 50))]
    fams = families(pair_shares(links, dict.fromkeys(range(1, 8), 200)))
    assert [f.docs for f in fams] == [[1, 2, 3], [6, 7]]


def paragraphs(*ps: str) -> tuple[str, list[Span]]:
    text, blocks, pos = "", [], 0
    for p in ps:
        blocks.append(Span(pos, pos + len(p), label="paragraph"))
        text += p + "\n\n"
        pos += len(p) + 2
    return text, blocks


P1 = "The summit opened on Thursday in Samarkand with leaders from eight countries present."
P2 = "Putin and Xi met on the sidelines and hailed their strategic ties in defiance of the West."
P3 = "Security was tight in the city, with a huge police presence and armored vehicles parked."


def test_each_passage_is_a_cluster_with_every_copy_and_its_kind() -> None:
    # wire: P1 P2 P3; outlet B copied all (P2 edited); outlet C copied P2 and P3 only.
    wire, wb = paragraphs(P1, P2, P3)
    b_text, bb = paragraphs(P1, P2.replace("hailed", "praised"), P3)
    c_text, cb = paragraphs(P2, P3)
    texts = {1: wire, 2: b_text, 3: c_text}
    units = {1: atoms(wire, wb), 2: atoms(b_text, bb), 3: atoms(c_text, cb)}
    links = [link((1, 0, len(wire) - 2), (2, 0, len(b_text) - 2)),
             link((1, wb[1].start, wb[2].end), (3, 0, len(c_text) - 2), LinkKind.VERBATIM)]
    found = clusters(links, units, texts, {1: 0})
    by_first = {texts[c.reference.doc][c.reference.start:c.reference.start + 12]: c for c in found}
    assert set(by_first) == {P1[:12], P2[:12], P3[:12]}
    p2 = by_first[P2[:12]]
    assert p2.docs == [1, 2, 3] and p2.reference.doc == 1
    kinds = {c.doc: c.kind for c in p2.copies}
    assert kinds == {1: "reference", 2: "edited", 3: "verbatim"}
    assert by_first[P1[:12]].docs == [1, 2]
    p3 = by_first[P3[:12]]
    assert {c.doc: c.kind for c in p3.copies} == {1: "reference", 2: "verbatim", 3: "verbatim"}
    assert found[0].id == 1 and len(found[0].docs) == 3  # most widely copied first


def test_long_scraped_block_is_cut_into_sentence_pieces() -> None:
    text = " ".join(f"Sentence number {n} says something about the summit in Uzbekistan." for n in range(40))
    pieces = atoms(text, [Span(0, len(text), label="paragraph")])
    assert len(pieces) > 4 and pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(e - s <= 800 for s, e in pieces)


def test_story_map_of_the_samples(sample_library: Library) -> None:
    sample_library.link_pending()
    smap = sample_library.storymap.story_map()
    assert [f.docs for f in smap.families] == [[1, 2]]
    (pair,) = smap.pairs
    assert 0.3 < pair.a_in_b < 0.45 and 0.15 < pair.b_in_a < 0.3
    assert smap.clusters and all(len(c.docs) == 2 for c in smap.clusters)
    call = smap.family_call(smap.families[0])
    assert call.first is None and call.evidence.startswith("unknown")
    # "also in": the web article's copy of the wire's first paragraph
    echoes = smap.echoes(1, 10)
    assert [e.copy.doc for e in echoes] == [2] and echoes[0].paragraph == 2


def test_dates_decide_the_family_and_selection_maps(tmp_path: Path) -> None:
    files = []
    body = "\n\n".join([P1, P2, P3, P1.replace("Thursday", "Friday") + " " + P3])
    for n, (date, source) in enumerate([("2022-09-16", "Outlet B"), ("2022-09-15", "Wire")]):
        f = tmp_path / f"{n}.txt"
        f.write_text(f"Title: Report {n}\nSource: {source}\nDate: {date}\n\n{body}\n\nExtra {n} words "
                     f"that make the files differ from each other a little.\n", encoding="utf-8")
        files.append(f)
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths(files)
        lib.link_pending()
        smap = lib.storymap.story_map()
        call = smap.family_call(smap.families[0])
        assert call.first == 2 and call.basis == "date" and "2022-09-15" in call.evidence
        assert lib.storymap.story_map([1]).pairs == []


def test_shares_say_how_much_of_each_article_is_found_elsewhere(sample_library: Library) -> None:
    sample_library.link_pending()
    shares = sample_library.storymap.shares()
    (pair,) = sample_library.storymap.story_map().pairs
    assert set(shares) == {1, 2} and shares[1].partners == shares[2].partners == 1
    assert abs(shares[1].share - pair.a_in_b) < 1e-9 and abs(shares[2].share - pair.b_in_a) < 1e-9
    assert shares[1].reused <= shares[1].share


def test_article_stories_name_family_first_and_quote_status(sample_library: Library) -> None:
    sample_library.link_pending()
    stories = sample_library.storymap.article_stories([1, 2])
    wire, web = stories[1], stories[2]
    assert wire.family == web.family == (1, 2) and wire.first is None
    assert wire.family_line() == "Family of 2 articles; with #2."
    assert wire.first_line().startswith("Who had it first: unknown: no dates")
    assert wire.partners[0].doc == 2 and 0.3 < wire.shared < 0.45
    altered = next(q for q in wire.quotes if q.text == "understands your questions and concerns")
    assert altered.altered and altered.others == (2,) and altered.speaker == "Putin"
    assert altered.status.startswith("worded differently from #2: “understand” → “understands”")
    ref = next(q for q in web.quotes if q.text.startswith("We understand your questions"))
    assert not ref.altered and ref.status == "quoted in 1 other article; 1 word it differently (#1)"
    alone = next(q for q in wire.quotes if q.text.startswith("The Americans think"))
    assert alone.group is None and alone.status == "only in this article"


def test_quote_table_of_a_selection_groups_among_the_chosen(sample_library: Library) -> None:
    sample_library.link_pending()
    whole = sample_library.storymap.quote_table()
    alone = sample_library.storymap.quote_table([2])
    assert whole.groups and not alone.groups
    assert [r.text for r in alone.rows] == [r.text for r in whole.of_doc(2)]

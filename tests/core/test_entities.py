"""Entities without a model: cleaning, consolidation, curation, the service (fake recogniser)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from desktop.core.entities.candidates import candidates_in_block
from desktop.core.entities.consolidate import DocCorrections, resolve
from desktop.core.entities.labels import Label, entity_key
from desktop.core.entities.lexicon import Lexicon
from desktop.core.entities.recognizer import RawEntity, split_long


class FakeRecognizer:
    """Finds fixed surface forms (whole words) with fixed spaCy labels."""

    name = "fake-1"

    def __init__(self, names: dict[str, str]) -> None:
        self.names = names
        self.calls = 0

    def recognize(self, texts: Sequence[str], n_process: int = 1) -> Iterator[list[RawEntity]]:
        for text in texts:
            self.calls += 1
            found: list[RawEntity] = []
            for name, label in sorted(self.names.items(), key=lambda kv: -len(kv[0])):
                for m in re.finditer(rf"(?<!\w){re.escape(name)}(?!\w)", text):
                    if not any(f.start < m.end() and m.start() < f.end for f in found):
                        found.append(RawEntity(m.start(), m.end(), label))
            yield sorted(found, key=lambda f: f.start)


def cands(text: str, *ents: tuple[str, str], titlecase: bool = False):
    """Raw entities by surface; "Putin#2" is the second occurrence of "Putin"."""
    raw = []
    for surface, label in ents:
        surface, _, nth = surface.partition("#")
        i = -1
        for _ in range(int(nth or 1)):
            i = text.index(surface, i + 1)
        raw.append(RawEntity(i, i + len(surface), label))
    return candidates_in_block(text, 0, raw, titlecase)


def surfaces(text: str, found) -> list[str]:
    return [text[c.start:c.end] for c in found]


# -- cleaning ---------------------------------------------------------------------------------
def test_titles_the_and_possessives_are_not_part_of_a_name() -> None:
    text = "Mr Putin met President Xi and the United States' envoy. Moscow’s view."
    found = cands(text, ("Mr Putin", "PERSON"), ("President Xi", "PERSON"),
                  ("the United States'", "GPE"), ("Moscow’s", "GPE"))
    assert surfaces(text, found) == ["Putin", "Xi", "United States", "Moscow"]


def test_bracket_and_inner_possessive_split_a_span() -> None:
    text = "the Shanghai Cooperation Organization (SCO) and Ukraine’s Armed Forces said"
    found = cands(text, ("the Shanghai Cooperation Organization (SCO", "ORG"),
                  ("Ukraine’s Armed Forces", "ORG"))
    assert surfaces(text, found) == ["Shanghai Cooperation Organization", "SCO", "Ukraine",
                                     "Armed Forces"]


def test_a_name_broken_at_a_particle_is_joined() -> None:
    text = "In Kyiv, Ursula von der Leyen met. Ms Von der Leyen said."
    a = text.index("Ursula")
    b = text.index("Ms Von")
    raw = [RawEntity(a, a + 14, "PERSON"), RawEntity(a + 15, a + 20, "GPE"),
           RawEntity(b, b + 6, "PERSON"), RawEntity(b + 11, b + 16, "GPE")]
    found = candidates_in_block(text, 0, raw, False)
    assert surfaces(text, found) == ["Ursula von der Leyen", "Von der Leyen"]
    assert {c.label for c in found} == {Label.PERSON}


def test_junk_is_dropped() -> None:
    text = "in congress — max seddon went. Then Ann said days later in ex-Soviet lands, Group of"
    found = cands(text, ("congress", "ORG"), ("— max seddon", "PERSON"), ("went. Then Ann", "PERSON"),
                  ("days", "DATE"), ("ex-Soviet", "GPE"), ("Group of", "ORG"))
    assert found == []


def test_context_cue_votes_place() -> None:
    text = "a dam near Kryvyi Rih and the city of Kharkiv"
    found = cands(text, ("Kryvyi Rih", "PERSON"), ("Kharkiv", "ORG"))
    assert [c.label for c in found] == [Label.PLACE, Label.PLACE]


def test_entity_key() -> None:
    assert entity_key("U.S.") == entity_key("US") == "us"
    assert entity_key("Moscow’s") == "moscow's"


def test_split_long_cuts_at_sentence_ends() -> None:
    text = "Putin spoke. " * 2000
    parts = split_long(text, 1000)
    assert "".join(p for _, p in parts) == text
    assert all(len(p) <= 1000 for _, p in parts)
    assert all(p.endswith(" ") for _, p in parts[:-1])
    assert [o for o, _ in parts] == sorted(o for o, _ in parts)


# -- consolidation ----------------------------------------------------------------------------
def lexicon(rows: list[tuple[str, str, int]]) -> Lexicon:
    return Lexicon([(entity_key(t), t, lab, n) for t, lab, n in rows])


def test_majority_label_across_the_library() -> None:
    lex = lexicon([("Belarus", "ORG", 1), ("Belarus", "PLACE", 2), ("Xi Jinping", "PERSON", 3),
                   ("Kyiv", "PERSON", 4), ("Kyiv", "PLACE", 1), ("Raisi", "PLACE", 2)])
    assert lex.label("belarus") == Label.PLACE
    # a lone word never seen inside a person's full name, also seen as a place, is a place
    assert lex.label("kyiv") == Label.PLACE
    assert lex.label("nobody") is None


def test_short_forms_attach_to_full_names() -> None:
    text = "Vladimir Putin met Xi Jinping. Putin told Mr Xi that the US and U.S. and United States."
    lex = lexicon([("Vladimir Putin", "PERSON", 5), ("Putin", "PERSON", 9), ("Xi", "PERSON", 4),
                   ("Xi Jinping", "PERSON", 3), ("US", "PLACE", 3), ("U.S.", "PLACE", 2),
                   ("United States", "PLACE", 4)])
    found = cands(text, ("Vladimir Putin", "PERSON"), ("Xi Jinping", "PERSON"),
                  ("Putin#2", "PERSON"), ("Mr Xi", "PERSON"), ("US", "GPE"), ("U.S.", "GPE"),
                  ("United States", "GPE"))
    ms = resolve(text, found, lex)
    assert [(m.text, m.entity) for m in ms][:4] == [
        ("Vladimir Putin", "Vladimir Putin"), ("Xi Jinping", "Xi Jinping"),
        ("Putin", "Vladimir Putin"), ("Xi", "Xi Jinping")]
    assert {m.entity for m in ms[4:]} == {"United States"}


def test_short_form_takes_the_label_of_its_full_name() -> None:
    text = "Ebrahim Raisi spoke. Later Raisi said so."
    lex = lexicon([("Ebrahim Raisi", "PERSON", 1), ("Raisi", "PLACE", 2)])
    ms = resolve(text, cands(text, ("Ebrahim Raisi", "PERSON"), ("Raisi#2", "GPE")), lex)
    assert [(m.text, m.label, m.entity) for m in ms] == [
        ("Ebrahim Raisi", Label.PERSON, "Ebrahim Raisi"), ("Raisi", Label.PERSON, "Ebrahim Raisi")]


def test_an_initialism_spelled_out_only_elsewhere_keeps_to_its_kind() -> None:
    """With no full name in the article, an initialism stands for the library's full name
    only when the library calls both by the same kind: the licence "CC" (ORG) of one article
    is not the place "Charing Cross" of a story elsewhere; "FAA" is the agency."""
    text = "The FAA said so. The text is CC licensed, says the CI report."
    lex = lexicon([("Federal Aviation Administration", "ORG", 2), ("FAA", "ORG", 5),
                   ("Charing Cross", "PLACE", 2), ("CC", "ORG", 3),
                   ("Crown Inn", "PLACE", 2), ("CI", "PERSON", 3)])
    ms = resolve(text, cands(text, ("FAA", "ORG"), ("CC", "ORG"), ("CI", "PERSON")), lex)
    assert [(m.text, m.entity, m.confidence) for m in ms] == [
        ("FAA", "Federal Aviation Administration", 0.8), ("CC", "CC", 1.0), ("CI", "CI", 1.0)]


def test_known_names_are_found_where_the_model_missed_them() -> None:
    text = "Samarkand is old. Tourists love Samarkand, and Kyiv’s mayor too."
    lex = lexicon([("Samarkand", "PLACE", 2), ("Kyiv", "PLACE", 2)])
    ms = resolve(text, cands(text, ("Samarkand", "GPE")), lex)
    assert [m.text for m in ms] == ["Samarkand", "Samarkand", "Kyiv"]


def test_headline_fragments_keep_only_known_names() -> None:
    text = "Putin and Xi Set to Meet for First Time"
    lex = lexicon([("Xi", "PERSON", 3), ("Putin", "PERSON", 3)])
    ms = resolve(text, cands(text, ("Putin", "PERSON"), ("Xi Set to Meet", "PERSON"),
                             titlecase=True), lex)
    assert [m.text for m in ms] == ["Putin", "Xi"]


def test_a_list_of_names_shares_its_label() -> None:
    text = "nations of Kazakhstan, Kyrgyzstan, Tajikistan and Uzbekistan"
    lex = lexicon([("Kazakhstan", "PLACE", 1), ("Kyrgyzstan", "PLACE", 1),
                   ("Tajikistan", "GROUP", 1), ("Uzbekistan", "PLACE", 1)])
    ms = resolve(text, cands(text, ("Kazakhstan", "GPE"), ("Kyrgyzstan", "GPE"),
                             ("Tajikistan", "NORP"), ("Uzbekistan", "GPE")), lex)
    assert {m.label for m in ms} == {Label.PLACE}


def test_doc_corrections_apply_last() -> None:
    text = "Putin met Xi in Samarkand."
    lex = lexicon([("Putin", "PERSON", 1), ("Xi", "PERSON", 1)])
    here = DocCorrections(added=[(16, 25, Label.PLACE)], rejected={(10, 12)})
    ms = resolve(text, cands(text, ("Putin", "PERSON"), ("Xi", "PERSON")), lex, here)
    assert [(m.text, m.label) for m in ms] == [("Putin", Label.PERSON), ("Samarkand", Label.PLACE)]


# -- the service ------------------------------------------------------------------------------
NAMES = {"Vladimir Putin": "PERSON", "Putin": "PERSON", "Samarkand": "GPE", "IAEA": "ORG",
         "Xi Jinping": "PERSON", "Xi": "PERSON", "Kyiv": "PERSON", "Thursday": "DATE"}


@pytest.fixture
def fake_library(library):
    library.entities.recognizer = FakeRecognizer(NAMES)
    return library


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def test_recognition_is_stored_and_not_repeated(fake_library, tmp_path: Path) -> None:
    lib = fake_library
    [r] = lib.import_paths([write(tmp_path, "a.txt", "Vladimir Putin flew to Samarkand.\n\n"
                                                     "There Putin met Xi Jinping on Thursday.\n")])
    assert lib.entities.pending() == [r.doc_id]
    seen: list[tuple[int, int, str]] = []
    assert lib.entities.recognize(progress=lambda d, t, m: seen.append((d, t, m))) == [r.doc_id]
    assert seen[-1][:2] == (1, 1)
    assert lib.entities.pending() == []
    calls = lib.entities.recognizer.calls
    ms = lib.entities.mentions(r.doc_id)
    assert lib.entities.recognizer.calls == calls
    assert [(m.text, str(m.label), m.entity) for m in ms] == [
        ("Vladimir Putin", "PERSON", "Vladimir Putin"), ("Samarkand", "PLACE", "Samarkand"),
        ("Putin", "PERSON", "Vladimir Putin"), ("Xi Jinping", "PERSON", "Xi Jinping"),
        ("Thursday", "DATE", "Thursday")]
    assert ms[0].span.kind == "entity" and ms[0].span.label == "PERSON"
    assert lib.entities.entities(r.doc_id)[0].entity == "Vladimir Putin"
    assert lib.entities.entities(r.doc_id)[0].count == 2
    assert lib.entities.docs_mentioning("Vladimir Putin") == [r.doc_id]


def test_entity_fields_are_searchable(fake_library, tmp_path: Path) -> None:
    lib = fake_library
    lib.import_paths([write(tmp_path, "a.txt", "Putin came. Vladimir Putin left Samarkand.\n"),
                      write(tmp_path, "b.txt", "The IAEA met in Vienna.\n")])
    assert lib.search("person:Putin").total == 0  # not recognised yet
    lib.entities.recognize()
    assert lib.search("person:Putin").total == 1
    assert lib.search("place:Samarkand").total == 1
    assert lib.search("org:IAEA").total == 1
    assert lib.search("person:Samarkand").total == 0


def test_cancel_stops_between_batches(fake_library, tmp_path: Path) -> None:
    lib = fake_library
    lib.import_paths([write(tmp_path, f"{i}.txt", f"Putin number {i} was in Samarkand.\n")
                      for i in range(40)])
    done = lib.entities.recognize(cancelled=lambda: True)
    assert done == [] and len(lib.entities.pending()) == 40


def test_corrections_survive_rerun_and_apply_to_later_imports(fake_library, tmp_path: Path) -> None:
    lib, ents = fake_library, fake_library.entities
    [a] = lib.import_paths([write(tmp_path, "a.txt",
                                  "Putin met Mr Lavrov in Kyiv. Kyiv said no to Putin.\n")])
    ents.recognize()
    text = lib.get_document(a.doc_id).clean.text
    lav = text.index("Lavrov")
    ents.add_mention(a.doc_id, lav, lav + 6, Label.PERSON)
    kyiv = text.index("Kyiv")
    ents.relabel("Kyiv", Label.PLACE)
    putin2 = text.rindex("Putin")
    ents.reject(a.doc_id, putin2, putin2 + 5)
    got = {(m.text, m.start, str(m.label)) for m in ents.mentions(a.doc_id)}
    assert ("Lavrov", lav, "PERSON") in got
    assert ("Kyiv", kyiv, "PLACE") in got
    assert ("Putin", putin2, "PERSON") not in got and ("Putin", 0, "PERSON") in got
    ents.recognize([a.doc_id])  # a re-run changes nothing the user said
    assert {(m.text, m.start, str(m.label)) for m in ents.mentions(a.doc_id)} == got
    [b] = lib.import_paths([write(tmp_path, "b.txt", "Lavrov flew from Kyiv.\n")])
    ents.recognize()
    later = {(m.text, str(m.label)) for m in ents.mentions(b.doc_id)}
    assert later == {("Lavrov", "PERSON"), ("Kyiv", "PLACE")}
    # reject everywhere, then undo it
    cid = ents.reject(b.doc_id, 0, 6, everywhere=True)
    assert all(m.text != "Lavrov" for m in ents.mentions(a.doc_id))
    ents.undo(cid)
    assert any(m.text == "Lavrov" for m in ents.mentions(a.doc_id))
    assert len(ents.corrections()) == 3


def test_merge_makes_an_alias(fake_library, tmp_path: Path) -> None:
    lib, ents = fake_library, fake_library.entities
    [a] = lib.import_paths([write(tmp_path, "a.txt", "Xi Jinping spoke. Then Samarkand.\n")])
    ents.recognize()
    ents.merge("Samarkand", "Xi Jinping")
    assert {m.entity for m in ents.mentions(a.doc_id)} == {"Xi Jinping"}
    with pytest.raises(ValueError):
        ents.merge("Xi Jinping", "Xi Jinping")
    with pytest.raises(ValueError):
        ents.add_mention(a.doc_id, 5, 500, Label.PERSON)


def test_removing_a_document_removes_its_entities(fake_library, tmp_path: Path) -> None:
    lib = fake_library
    [a] = lib.import_paths([write(tmp_path, "a.txt", "Putin in Samarkand.\n")])
    lib.entities.recognize()
    lib.remove_document(a.doc_id)
    assert lib.entities.candidates(a.doc_id) == []
    assert lib.entities.pending() == []


def test_a_megabyte_article_with_thousands_of_names(fake_library, tmp_path: Path) -> None:
    para = "Vladimir Putin met Xi Jinping in Samarkand while the IAEA watched Kyiv. " * 20
    text = "\n\n".join(para for _ in range(1_000_000 // len(para)))
    [r] = fake_library.import_paths([write(tmp_path, "big.txt", text)])
    assert len(fake_library.entities.recognize()) == 1
    t = time.process_time()  # CPU time: the shared machine's load does not count
    mentions = fake_library.entities.mentions(r.doc_id)
    assert time.process_time() - t < 10  # generous: a guard against quadratic work, not a benchmark
    assert len(mentions) > 50_000


def test_cancel_inside_one_long_article(fake_library, tmp_path: Path) -> None:
    text = "\n\n".join("Putin was in Samarkand." for _ in range(200))
    fake_library.import_paths([write(tmp_path, "long.txt", text)])
    asked = []
    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 1  # the first check passes, the next (inside the article) stops

    assert fake_library.entities.recognize(cancelled=cancelled) == []
    assert len(fake_library.entities.pending()) == 1


def test_a_corrected_file_is_recognised_again_and_keeps_its_corrections(fake_library,
                                                                         tmp_path: Path) -> None:
    lib, ents = fake_library, fake_library.entities
    path = write(tmp_path, "a.txt", "Putin met Lavrov in Samarkand.\n")
    [a] = lib.import_paths([path])
    ents.recognize()
    ents.add_mention(a.doc_id, 10, 16, Label.PERSON)  # "Lavrov"
    write(tmp_path, "a.txt", "On Thursday Putin met Lavrov in Samarkand.\n")
    [again] = lib.import_paths([path])
    assert again.status == "updated" and ents.pending() == [a.doc_id]
    ents.recognize()
    got = {(m.text, m.start) for m in ents.mentions(a.doc_id)}
    assert ("Lavrov", 22) in got and ("Putin", 12) in got


def test_common_words_and_one_off_names_are_not_spread() -> None:
    text = "Home Office staff went home. Monster spoke. Then Samarkand and the State, a state."
    lex = lexicon([("Home", "ORG", 3), ("Monster", "PLACE", 1), ("Samarkand", "PLACE", 2),
                   ("State", "ORG", 4)])
    ms = resolve(text, [], lex)
    # "Home" and "State" are also lower-case words here; "Monster" was seen only once
    assert [m.text for m in ms] == ["Samarkand"]

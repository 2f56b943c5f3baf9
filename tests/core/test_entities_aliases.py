"""Aliases inside an article and across the library, with a confidence; the user's merge and
split have the last word and survive re-recognition."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.entities.aliases import person_key, spelling_key
from tests.core.test_entities import FakeRecognizer, write

NAMES = {"John Bolton": "PERSON", "John R. Bolton": "PERSON", "Bolton": "PERSON",
         "Mr Bolton": "PERSON", "Hillary Clinton": "PERSON", "Bill Clinton": "PERSON",
         "Clinton": "PERSON", "Shanghai Cooperation Organisation": "ORG",
         "Shanghai Cooperation Organization": "ORG", "SCO": "ORG", "Donald Trump": "PERSON",
         "Trump": "PERSON"}
BOLTON = ("On Tuesday, United States President Donald Trump announced he had asked for national "
          "security advisor John R. Bolton's resignation, and that Bolton tendered it the next "
          "morning. John Bolton said he had offered to resign. Mr Bolton declined to comment.\n")


@pytest.fixture
def lib(library):
    library.entities.recognizer = FakeRecognizer(NAMES)
    return library


def _mentions(lib, doc_id: int) -> list[tuple[str, str, float]]:
    return [(m.text, m.entity, m.confidence) for m in lib.entities.mentions(doc_id)]


def test_surname_full_name_middle_initial_and_title_are_one_person(lib, tmp_path: Path) -> None:
    [r] = lib.import_paths([write(tmp_path, "bolton.txt", BOLTON)])
    lib.entities.recognize()
    got = [(t, e) for t, e, _ in _mentions(lib, r.doc_id) if "Bolton" in t]
    assert got == [("John R. Bolton", "John Bolton"), ("Bolton", "John Bolton"),
                   ("John Bolton", "John Bolton"), ("Bolton", "John Bolton")]
    sure = {t: c for t, _, c in _mentions(lib, r.doc_id)}
    assert sure["John Bolton"] == 1.0 and 0.5 < sure["Bolton"] < 1.0


def test_two_people_with_one_surname_in_an_article_keep_the_surname_apart(
        lib, tmp_path: Path) -> None:
    text = ("Hillary Clinton spoke first. Bill Clinton followed her on stage. Clinton said the "
            "campaign would go on.\n")
    [r] = lib.import_paths([write(tmp_path, "c.txt", text)])
    lib.entities.recognize()
    assert [e for t, e, _ in _mentions(lib, r.doc_id)] == ["Hillary Clinton", "Bill Clinton",
                                                          "Clinton"]


def test_british_and_american_spellings_and_the_initialism_are_one_organisation(
        lib, tmp_path: Path) -> None:
    a = write(tmp_path, "a.txt", "The Shanghai Cooperation Organisation met in Samarkand. "
                                 "The Shanghai Cooperation Organisation grew.\n")
    b = write(tmp_path, "b.txt", "Leaders of the Shanghai Cooperation Organization (SCO) met "
                                 "on Friday. The SCO has nine members.\n")
    ra, rb = lib.import_paths([a, b])
    lib.entities.recognize()
    assert {e for _, e, _ in _mentions(lib, ra.doc_id)} == {"Shanghai Cooperation Organisation"}
    assert {e for _, e, _ in _mentions(lib, rb.doc_id)} == {"Shanghai Cooperation Organisation"}
    assert lib.entities.docs_mentioning("Shanghai Cooperation Organisation") == [ra.doc_id,
                                                                               rb.doc_id]


def test_a_users_split_and_merge_have_the_last_word_and_survive_re_recognition(
        lib, tmp_path: Path) -> None:
    [r] = lib.import_paths([write(tmp_path, "bolton.txt", BOLTON)])
    ents = lib.entities
    ents.recognize()
    ents.split("Bolton", "John Bolton")
    ents.recognize([r.doc_id])  # recognition again changes nothing the user said
    got = {t: e for t, e, _ in _mentions(lib, r.doc_id)}
    assert got["Bolton"] == "Bolton" and got["John R. Bolton"] == "John Bolton"
    ents.split("John R. Bolton", "John Bolton")
    got = {t: e for t, e, _ in _mentions(lib, r.doc_id)}
    assert got["John R. Bolton"] == "John R. Bolton"
    ents.merge("Bolton", "John Bolton")  # the later word wins over the earlier split
    ents.recognize([r.doc_id])
    merged = {t: (e, c) for t, e, c in _mentions(lib, r.doc_id)}
    assert merged["Bolton"] == ("John Bolton", 1.0)
    assert "is not" in ents.corrections()[0].describe()


def test_the_form_keys() -> None:
    assert person_key("john r bolton") == person_key("john bolton") == "john bolton"
    assert person_key("john robert bolton") is None
    assert spelling_key("ministry of defence") == spelling_key("ministry of defense")
    assert spelling_key("shanghai cooperation organisation") == \
        spelling_key("shanghai cooperation organization")
    assert spelling_key("labour party") == spelling_key("labor party")


def test_an_organisation_is_not_taken_for_the_first_name_of_a_person(lib, tmp_path: Path) -> None:
    lib.entities.recognizer = FakeRecognizer({"Twitter": "ORG", "Twitter Bio": "PERSON",
                                              "Ebrahim Raisi": "PERSON", "Raisi": "GPE"})
    text = ("He wrote on Twitter that the vote was rigged. Twitter removed the post. Twitter "
            "later apologised. His Twitter Bio says little.\n\n"
            "Ebrahim Raisi arrived on Thursday. Ebrahim Raisi spoke first, and Raisi left early.\n")
    [r] = lib.import_paths([write(tmp_path, "t.txt", text)])
    lib.entities.recognize()
    got = [(m.text, str(m.label), m.entity) for m in lib.entities.mentions(r.doc_id)]
    assert [g for g in got if g[0] == "Twitter"] == [("Twitter", "ORG", "Twitter")] * 3
    assert ("Raisi", "PERSON", "Ebrahim Raisi") in got

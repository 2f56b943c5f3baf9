"""What the model reads: lines of a block apart, wrapped names whole, shouting truecased."""

from __future__ import annotations

from desktop.core.entities.pipeline import document_mentions
from desktop.core.entities.structure import CaseEvidence, is_shouting, model_pieces
from desktop.core.model import Document, Metadata
from desktop.core.text import clean
from tests.core.test_entities import FakeRecognizer


def _doc(text: str) -> Document:
    return Document(1, "a.txt", "txt", Metadata(), text, clean(text), "h", "")


def _pieces(text: str) -> list[str]:
    return [p.text for p in model_pieces(_doc(text))]


def test_a_signature_line_and_the_next_greeting_are_read_apart() -> None:
    # cleanup joins these lines into one paragraph; the model must not see "Phillip Phillip"
    text = ("Please let me know what time we could meet.\nThank you,\nPhillip\nPhillip,\n"
            "This section pertains to terminated employees.\n")
    assert _pieces(text) == ["Please let me know what time we could meet.", "Thank you,",
                             "Phillip", "Phillip,", "This section pertains to terminated employees."]


def test_no_mention_spans_a_line_break_of_a_table() -> None:
    text = "Results of the final round\nKenya\nEliud Kipchoge 2:01:09\nEthiopia\nKenenisa Bekele 2:01:41\n"
    doc = _doc(text)
    found = document_mentions(doc, FakeRecognizer({"Kenya Eliud Kipchoge": "PERSON",
                                                   "Eliud Kipchoge": "PERSON", "Kenya": "GPE"}))
    assert [(m.text, str(m.label)) for m in found] == [("Kenya", "PLACE"),
                                                       ("Eliud Kipchoge", "PERSON")]


def test_a_hard_wrap_inside_a_name_keeps_the_name_whole() -> None:
    text = ("The Indian prime minister spoke at length with the visiting delegation, Narendra\n"
            "Modi said on Thursday that talks with the delegation had gone well enough.\n")
    doc = _doc(text)
    [piece] = model_pieces(doc)
    assert "Narendra Modi" in piece.text
    [m] = document_mentions(doc, FakeRecognizer({"Narendra Modi": "PERSON"}))
    assert m.text == "Narendra Modi"
    s, e = doc.clean.offsets.span_to_source(m.start, m.end)
    assert text[s:e] == "Narendra\nModi"


def test_an_all_capitals_headline_is_read_truecased_with_the_same_offsets() -> None:
    text = ("PUTIN AND XI SET TO MEET IN SAMARKAND\n\nVladimir Putin will meet Xi Jinping in "
            "Samarkand, the Kremlin said, and they are set to talk about trade.\n")
    doc = _doc(text)
    head = model_pieces(doc)[0]
    assert head.text == "Putin and Xi set to meet in Samarkand" and head.titlecase
    found = document_mentions(doc, FakeRecognizer({"Putin": "PERSON", "Xi": "PERSON",
                                                   "Samarkand": "GPE", "Vladimir Putin": "PERSON",
                                                   "Xi Jinping": "PERSON"}))
    first = [(doc.clean.text[m.start:m.end], m.entity) for m in found
             if m.end <= head.start + len(head.text)]
    assert first == [("PUTIN", "Vladimir Putin"), ("XI", "Xi Jinping"), ("SAMARKAND", "Samarkand")]


def test_a_dateline_is_truecased_and_the_story_is_left_alone() -> None:
    text = "MOSCOW (Reuters) - The Kremlin said on Friday that Moscow would answer.\n"
    assert _pieces(text) == ["Moscow (Reuters) - The Kremlin said on Friday that Moscow would answer."]


def test_shouting_needs_words_and_capitals() -> None:
    assert is_shouting("BREAKING: FLOODS HIT VALENCIA")
    assert not is_shouting("NATO")
    assert not is_shouting("The IAEA and NATO met")


def test_truecasing_takes_the_articles_own_forms_else_common_words_lower() -> None:
    ev = CaseEvidence()
    ev.add("Officials in Kharkiv said the strike hit a school. Kharkiv is in the east.")
    assert ev.truecase("STRIKE HITS KHARKIV SCHOOL, OFFICIALS SAY") == \
        "strike Hits Kharkiv school, Officials say"


def test_a_known_name_is_not_found_again_across_a_line_break(library, tmp_path) -> None:
    # "New York" is known from the first paragraph; the table's "New" / "York" lines are two
    # cells, and neither the model nor the library's look-up may join them
    text = ("Officials in New York said the race would go ahead.\n\n"
            "Results\nNew\nYork\nBoston\n")
    names = {"New York": "GPE", "Boston": "GPE"}
    doc = _doc(text)
    assert [m.text for m in document_mentions(doc, FakeRecognizer(names))] == ["New York",
                                                                               "Boston"]
    library.entities.recognizer = FakeRecognizer(names)
    path = tmp_path / "t.txt"
    path.write_text(text, "utf-8")
    [r] = library.import_paths([path])
    library.entities.recognize()
    assert [m.text for m in library.entities.mentions(r.doc_id)] == ["New York", "Boston"]

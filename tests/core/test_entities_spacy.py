"""Entities with the real spaCy model: quality on the hand-labelled samples, and bad input.

The model is loaded once per test session (about half a second) and shared.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.score_entities import load_gold, parallax_mentions, prf
from desktop.core.entities.recognizer import SpacyRecognizer


@pytest.fixture(scope="session")
def spacy_recognizer() -> SpacyRecognizer:
    rec = SpacyRecognizer()
    rec.load()
    return rec


@pytest.fixture
def spacy_library(library, spacy_recognizer):
    library.entities.recognizer = spacy_recognizer
    return library


def test_strict_f1_on_the_samples_holds(spacy_recognizer) -> None:
    gold = load_gold()
    precision, recall, f1 = prf(gold, parallax_mentions(list(gold), spacy_recognizer))
    assert f1 >= 0.95, (precision, recall, f1)


def test_model_is_not_loaded_until_needed() -> None:
    assert not SpacyRecognizer().loaded


def _import(lib, tmp_path: Path, name: str, text: str) -> int:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    [r] = lib.import_paths([path])
    assert r.doc_id is not None, r
    return r.doc_id


def test_article_without_entities(spacy_library, tmp_path: Path) -> None:
    doc = _import(spacy_library, tmp_path, "none.txt", "it was quiet and nothing much happened.\n")
    assert len(spacy_library.entities.recognize()) == 1
    assert spacy_library.entities.mentions(doc) == []
    assert spacy_library.entities.entities(doc) == []


def test_article_in_another_language(spacy_library, tmp_path: Path) -> None:
    text = ("Владимир Путин встретился с Си Цзиньпином в Самарканде.\n\n"
            "Der Bundeskanzler sprach am Donnerstag in Berlin mit Journalisten.\n\n"
            "北京和莫斯科的关系。\n")
    doc = _import(spacy_library, tmp_path, "other.txt", text)
    assert len(spacy_library.entities.recognize()) == 1
    for m in spacy_library.entities.mentions(doc):
        assert 0 <= m.start < m.end <= len(text)


def test_one_long_paragraph_of_names(spacy_library, tmp_path: Path) -> None:
    """50 kB in one block: cut into pieces for the model; offsets stay right. (A 1 MB article
    takes the model about 30 s: see test_entities.py for that size with a fake model.)"""
    para = ("Vladimir Putin met Xi Jinping and Recep Tayyip Erdogan in Samarkand, Uzbekistan, "
            "while the IAEA and the United Nations in Vienna watched Kyiv and Moscow. ")
    text = para * (50_000 // len(para))
    doc = _import(spacy_library, tmp_path, "long.txt", text)
    assert len(spacy_library.entities.recognize()) == 1
    mentions = spacy_library.entities.mentions(doc)
    assert len(mentions) > 1000
    clean = spacy_library.get_document(doc).clean.text
    assert all(clean[m.start:m.end] == m.text for m in mentions)
    assert {m.entity for m in mentions} >= {"Vladimir Putin", "Samarkand"}


def test_a_missing_md_model_is_said_when_names_are_recognised_not_when_a_library_opens(
        monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """Every command opened a library and so chose a model: with md not installed each one,
    `links --json` too, printed "entity model 'md' is not installed" (found in the #14 audit)."""
    import importlib.util
    import logging

    from desktop.core.entities import recognizer

    real = importlib.util.find_spec
    md = recognizer.MODELS["md"][0]
    monkeypatch.delenv("PARALLAX_ENTITY_MODEL", raising=False)
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == md else real(name, *a))
    caplog.set_level(logging.WARNING)
    rec = SpacyRecognizer()
    assert rec.model == "sm" and caplog.records == []
    rec.load()
    assert [r.getMessage() for r in caplog.records] == [
        "entity model 'md' is not installed; using the small model"]
    caplog.clear()
    SpacyRecognizer("sm").load()  # asked for by name: nothing to say
    assert caplog.records == []

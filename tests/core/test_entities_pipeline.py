"""The pure entry point (document -> mentions) and how a recognition run reports its work."""

from __future__ import annotations

from pathlib import Path

from desktop.core.entities.lexicon import Lexicon
from desktop.core.entities.pipeline import document_mentions
from desktop.core.model import Document, Metadata
from desktop.core.text import clean
from tests.core.test_entities import NAMES, FakeRecognizer, write


def _doc(text: str) -> Document:
    return Document(1, "a.txt", "txt", Metadata(), text, clean(text), "h", "")


def test_document_mentions_is_pure_and_equals_the_library_path(library, tmp_path: Path) -> None:
    text = "Vladimir Putin flew to Samarkand.\n\nThere Putin met Xi Jinping on Thursday.\n"
    alone = document_mentions(_doc(text), FakeRecognizer(NAMES))
    assert [(m.text, str(m.label), m.entity) for m in alone] == [
        ("Vladimir Putin", "PERSON", "Vladimir Putin"), ("Samarkand", "PLACE", "Samarkand"),
        ("Putin", "PERSON", "Vladimir Putin"), ("Xi Jinping", "PERSON", "Xi Jinping"),
        ("Thursday", "DATE", "Thursday")]
    library.entities.recognizer = FakeRecognizer(NAMES)
    [r] = library.import_paths([write(tmp_path, "a.txt", text)])
    library.entities.recognize()
    assert library.entities.mentions(r.doc_id) == alone


def test_a_run_reports_changed_documents_once_and_builds_the_lexicon_once(
        library, tmp_path: Path) -> None:
    ents = library.entities
    ents.recognizer = FakeRecognizer(NAMES)
    library.import_paths([write(tmp_path, f"{i}.txt", f"Putin number {i} was in Samarkand.\n")
                          for i in range(40)])  # three batches of 16
    reports: list[list[int]] = []
    index_fields = ents.on_changed

    def changed(ids: list[int]) -> None:
        reports.append(ids)
        index_fields(ids)

    ents.on_changed = changed
    builds, updates = ents._lexicon.builds, ents._lexicon.updates
    done = ents.recognize()
    assert len(done) == 40 and reports == [done]
    # built once, then updated with each batch's names (not rebuilt): and it is what a build
    # from the stored rows gives
    assert ents._lexicon.builds == builds + 1
    assert ents._lexicon.updates == updates + 3
    assert _same(ents.lexicon(), Lexicon(ents.tables.lexicon_rows()))
    assert ents._lexicon.builds == builds + 1
    assert library.search("person:Putin").total == 40
    # recognised again by a model that knows no Putin: the batches take their votes back
    putin = ents.lexicon().votes["putin"].total()
    ents.recognizer = FakeRecognizer({"Samarkand": "GPE"})
    ents.recognize(done[:20])
    assert ents._lexicon.builds == builds + 1
    assert _same(ents.lexicon(), Lexicon(ents.tables.lexicon_rows()))
    assert ents.lexicon().votes["putin"].total() == putin // 2


def _same(a: Lexicon, b: Lexicon) -> bool:
    def state(lex: Lexicon) -> tuple[object, ...]:
        return ({k: +v for k, v in lex.votes.items() if +v}, lex.surface_keys, lex.family,
                {k: +v for k, v in lex.surfaces.items() if +v}, lex.all_surface_keys)
    return state(a) == state(b)


def test_links_and_quotes_leave_the_lexicon_and_removals_and_corrections_rebuild_it(
        library, tmp_path: Path) -> None:
    """The lexicon is rebuilt when what it is built from changed (candidates, corrections),
    not when any write moved the store's revision: a window analysing 10,000 articles spent
    half its analysis rebuilding it after link and quote writes."""
    from desktop.core.entities.labels import Label

    ents = library.entities
    ents.recognizer = FakeRecognizer(NAMES)
    shared = "Putin met Xi Jinping in Samarkand, and both said the talks went well there."
    paths = [write(tmp_path, f"{i}.txt", f'"We agree," Putin said. {shared} Report {i}.\n')
             for i in range(6)]
    ids = [r.doc_id for r in library.import_paths(paths)]
    ents.recognize()
    ents.lexicon()
    builds, rev = ents._lexicon.builds, library.store.revision()
    library.link_pending()
    library.storymap.update_pending()
    assert library.store.revision() > rev and library.links.all_links()
    ents.lexicon()
    assert ents._lexicon.builds == builds  # links and quotes changed no name
    library.remove_document(ids[0])  # its candidates go by cascade
    assert _same(ents.lexicon(), Lexicon(ents.tables.lexicon_rows()))
    assert ents._lexicon.builds == builds + 1
    ents.relabel("Samarkand", Label.ORG)
    assert ents.lexicon().corrections.relabels and ents._lexicon.builds == builds + 2

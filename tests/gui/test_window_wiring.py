"""How the window's parts join: typed menus for features, declared settings, change events that
refresh the panels, and the one background analysis after an import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings, Qt

from desktop.core.events import Change
from desktop.core.model import Span
from desktop.gui import settings as S
from desktop.gui.entity_marks import LAYER
from desktop.gui.main_window import MainWindow
from desktop.gui.settings import Settings
from desktop.gui.tasks import SyncTaskRunner
from tests.core.test_entities import FakeRecognizer
from tests.gui.test_entities_gui import NAMES


def _texts(menu) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.text().replace("&", "") for a in menu.actions() if not a.isSeparator()]


def test_features_add_their_actions_through_typed_menus(window: MainWindow) -> None:
    menus = window.menus
    file_items = _texts(menus.file)
    assert file_items[-2:] == ["Export…", "Quit"]  # Export goes just above Quit
    assert _texts(menus.edit)[:2] == ["Undo", "Redo"]
    view = _texts(menus.view)
    toggles = view[view.index("Show Library"):view.index("Show Shared Passages")]
    assert toggles == ["Show Library", "Show Search Results", "Show Notes", "Show Entities"]


def test_settings_are_typed_and_survive_bad_values(tmp_path: Path) -> None:
    store = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings = Settings(store)
    assert settings.get(S.READER_POINT_SIZE) == 12.0 and settings.get(S.SHOW_NOTES) is True
    settings.set(S.READER_POINT_SIZE, 15.5)
    settings.set(S.SHOW_NOTES, False)
    settings.set(S.WINDOW_GEOMETRY, b"\x01\x02")
    store.sync()
    again = Settings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    assert again.get(S.READER_POINT_SIZE) == 15.5 and again.get(S.SHOW_NOTES) is False
    assert again.get(S.WINDOW_GEOMETRY) == b"\x01\x02"
    store.setValue(S.READER_POINT_SIZE.key, "large")  # a hand-edited file
    store.setValue(S.WINDOW_STATE.key, "not a state")
    assert settings.get(S.READER_POINT_SIZE) == 12.0 and settings.get(S.WINDOW_STATE) == b""
    assert isinstance(store.value(S.WINDOW_GEOMETRY.key), QByteArray)


def test_panel_choices_and_zoom_come_back(window: MainWindow, sample_library,  # type: ignore[no-untyped-def]
                                         settings: QSettings, qtbot) -> None:
    window.actions_.show_hits.setChecked(False)
    window.entities_feature.show_panel.setChecked(False)
    window.reader.set_point_size(16)
    window.close()
    again = MainWindow(sample_library, SyncTaskRunner(), settings)
    qtbot.addWidget(again)
    assert not again.actions_.show_hits.isChecked()
    assert not again.entities_feature.show_panel.isChecked()
    assert again.entities_feature.panel.isHidden()
    assert again.reader.point_size() == 16


def test_an_import_is_analysed_and_every_panel_follows(window: MainWindow, tmp_path: Path) -> None:
    lib = window._library
    lib.entities.recognizer = FakeRecognizer(NAMES)
    window.analysis.run_now()  # the samples' names
    heard: list[Change] = []
    window.events.sig_docs_changed.connect(lambda e: heard.append(e.what))
    new = tmp_path / "new.txt"
    new.write_text("Vladimir Putin met Xi Jinping in Samarkand on Thursday, the Kremlin said, "
                   "as leaders of the Shanghai Cooperation Organisation gathered.\n", "utf-8")
    window.importer.import_paths([new])
    assert Change.ADDED in heard and len(window.library_panel.document_ids()) == 3
    assert lib.has_pending_analysis()
    window.analysis.run_now()  # what the window schedules after an import
    assert not lib.has_pending_analysis()
    assert {Change.LINKS, Change.ENTITIES} <= set(heard)
    window.open_article(3)
    assert LAYER in window.reader.layer_names()
    assert lib.search('person:"Vladimir Putin"').total == 3


def test_a_refresh_keeps_the_hit_and_the_place_in_the_reader(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    field = window.search_panel.field
    field.setText("Putin")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(window.search_panel.is_settled)
    window.search_panel.select_row(1)
    shown = window.reader.document_shown()
    window.reader.next_match()
    current = window.reader.current_match()
    heard: list[int] = []
    window.search_panel.sig_results_changed.connect(lambda: heard.append(1))
    searches = []
    search = window.search_panel._search
    window.search_panel._search = lambda q: searches.append(q) or search(q)  # type: ignore[method-assign]
    window._library.events.docs_changed([1, 2], Change.ENTITIES)  # e.g. recognition finished
    assert window.search_refresh.pending()  # (at the next quiet moment: search_refresh.py)
    qtbot.waitUntil(lambda: not window.search_refresh.pending() and window.search_panel.is_settled())
    assert searches == ["Putin"]  # it ran again, quietly
    assert window.reader.document_shown() is shown and window.reader.current_match() == current
    assert window.search_panel._list.currentIndex().row() == 1


def test_a_field_search_marks_its_matches_and_steps(window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """#9: person:/place:/org: searches marked nothing, the counter stayed blank, F3 did nothing."""
    window._library.entities.recognizer = FakeRecognizer(NAMES)
    window.analysis.run_now()
    field = window.search_panel.field
    field.setText("person:Putin")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(window.search_panel.is_settled)
    total = window.reader.match_count()
    assert total >= 2 and window.toolbar_counter.text() == f"1 / {total} matches"
    assert all("Putin" in s.cursor.selectedText() for s in window.reader.match_selections())
    qtbot.keyClick(window, Qt.Key.Key_F3)
    assert window.toolbar_counter.text() == f"2 / {total} matches"


def test_highlights_draw_over_entity_tints(window: MainWindow) -> None:
    """#9: the user's highlights stay legible above entity tints (drawn after them, opaque)."""
    from desktop.gui.highlights import HIGHLIGHT_LAYER

    lib = window._library
    lib.entities.recognizer = FakeRecognizer(NAMES)
    window.analysis.run_now()
    doc = window.reader.document_shown()
    assert doc is not None
    start = doc.text.index("Putin")
    window.reader.setTextCursor(window.reader.span_range(Span(start - 10, start + 20)))
    window.notes_feature.controller.highlight("claim")
    layers = window.reader._layers
    assert layers[LAYER][1] and layers[HIGHLIGHT_LAYER][1]
    selections = window.reader.extraSelections()
    kinds = ["hl" if s.format.background().color().alpha() == 255 else "ent" for s in selections]
    assert kinds.index("hl") > max(i for i, k in enumerate(kinds) if k == "ent")

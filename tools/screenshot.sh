#!/usr/bin/env bash
# Screenshot the main window on a temporary library with the two samples, after searching.
# Usage: tools/screenshot.sh [QUERY] [light|dark|empty|readme] [OUT.png] [HIT_ROW]
# `make screenshot` refreshes the README's docs/screenshot.png (readme: light, no notice banner).
set -euo pipefail
cd "$(dirname "$0")/.."
QUERY="${1:-Putin}" MODE="${2:-light}" OUT="${3:-/tmp/parallax-shot.png}" HIT="${4:-0}"
export QUERY MODE OUT HIT
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
export XDG_CONFIG_HOME="$TMP/config" LIB="$TMP/lib"
xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python - <<'PY'
import os
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from desktop.core.library import Library
from desktop.gui.main_window import MainWindow
from desktop.gui.run import make_application
from desktop.gui.tasks import TaskRunner

mode, query, out = os.environ["MODE"], os.environ["QUERY"], os.environ["OUT"]
app = make_application()
app.setStyle("Fusion")
if mode == "dark":
    p = QPalette()
    for role, rgb in [("Window", (37, 39, 43)), ("WindowText", (222, 222, 222)),
                      ("Base", (28, 30, 33)), ("AlternateBase", (45, 47, 52)),
                      ("Text", (224, 224, 224)), ("Button", (45, 47, 52)),
                      ("ButtonText", (222, 222, 222)), ("Highlight", (61, 110, 170)),
                      ("HighlightedText", (255, 255, 255)), ("Mid", (70, 72, 78)),
                      ("PlaceholderText", (140, 140, 140))]:
        p.setColor(getattr(QPalette.ColorRole, role), QColor(*rgb))
    app.setPalette(p)
lib = Library.open(Path(os.environ["LIB"]))
if mode != "empty":
    samples = Path("resources/samples")
    lib.import_paths(sorted(samples.iterdir()))
runner = TaskRunner()
win = MainWindow(lib, runner)
win.move(0, 0)
win.resize(1400, 900)  # the whole Xvfb screen
win.show_notices(["search index rebuilt"] if mode == "light" else [])
win.show()

def search() -> None:
    if query and mode != "empty":
        win.search_panel.field.setText(query)
        win.search_panel.run_query(query)
        QTimer.singleShot(800, lambda: win.search_panel.select_row(int(os.environ["HIT"])))

def shoot() -> None:
    win.grab().save(out)
    print("saved", out)
    win.close()
    app.quit()

def shoot_when_idle(waited: int = 0) -> None:
    # background work (search, index, entity recognition) done, or 60 s: take the picture
    if waited < 2500 or (runner.active() and waited < 60000):
        QTimer.singleShot(250, lambda: shoot_when_idle(waited + 250))
    else:
        QTimer.singleShot(500, shoot)

QTimer.singleShot(500, search)
shoot_when_idle()
app.exec()
lib.close()
PY

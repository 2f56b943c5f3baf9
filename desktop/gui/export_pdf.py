"""PDF export: the sanitised export HTML laid out by QTextDocument and printed by QPdfWriter.

Qt's rich-text engine knows a subset of HTML and CSS (no <mark>, no grid), so the page is built
with ``qt=True`` (highlights as styled spans; a pair is a two-column table either way). It
never fetches anything: the page has no external resources, and QTextDocument loads none.
Runs on the GUI thread (or in a CLI process that made a QGuiApplication).
"""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize, QPdfWriter, QTextDocument

from desktop.core.export import html
from desktop.core.export.spans import Bundle


def pdf_bytes(bundle: Bundle) -> bytes:
    page_html = html.render(bundle, qt=True)
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(html.title_of(bundle))
    writer.setCreator(bundle.generator)
    writer.setResolution(300)
    orientation = (QPageLayout.Orientation.Landscape if bundle.scope == "pair"
                   else QPageLayout.Orientation.Portrait)
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                     QMarginsF(16, 16, 16, 16), QPageLayout.Unit.Millimeter))
    document = QTextDocument()
    document.setHtml(page_html)
    document.print_(writer)
    del writer
    buffer.close()
    return bytes(data.data())


def pdf_bytes_headless(bundle: Bundle) -> bytes:
    """:func:`pdf_bytes` from the command line: a QGuiApplication on the offscreen platform
    when the process has none (QPdfWriter needs one for its fonts)."""
    import os

    from PySide6.QtGui import QGuiApplication

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = QGuiApplication.instance() or QGuiApplication(["parallax"])
    try:
        return pdf_bytes(bundle)
    finally:
        del app

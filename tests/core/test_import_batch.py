"""A folder of mixed downloads: every file gets its own line and the batch goes on.

Protects: two different pages whose extracted text is tiny are never merged as duplicates;
file names that are not UTF-8, files vanishing mid-import and symbolic links leading out of
the imported folder each get one clear line.
"""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from desktop.core import ingest
from desktop.core.errors import IngestError
from desktop.core.ingest import iter_article_files, read_article
from desktop.core.library import Library
from desktop.core.model import ImportStatus

STORY = ("The council voted on Tuesday to close the old harbour bridge to traffic from March, "
         "after engineers found that its steel frame had corroded faster than expected.")


def _leftover_page(n: int) -> str:
    """A page whose only text outside the menus is a "Scroll to top" link (needs JavaScript)."""
    return (f"<html><head><title>Story {n}</title></head><body><nav><a href='/'>Home</a></nav>"
            f"<div id='app' data-story='{n}'></div><a href='#top' class='top'>Scroll to top</a>"
            "</body></html>")


def test_two_pages_with_tiny_text_are_refused_not_merged(tmp_path: Path) -> None:
    for n in (1, 2):
        (tmp_path / f"page{n}.html").write_text(_leftover_page(n), encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        results = lib.import_paths([tmp_path / "page1.html", tmp_path / "page2.html"])
        assert [r.status for r in results] == [ImportStatus.FAILED, ImportStatus.FAILED]
        for n, r in enumerate(results, 1):
            assert r.path.endswith(f"page{n}.html")
            assert "article text" in r.message
        assert lib.list_documents() == []


def test_a_page_with_an_article_next_to_a_tiny_one(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(_leftover_page(1), encoding="utf-8")
    (tmp_path / "b.html").write_text(f"<html><body><article><h1>Bridge</h1><p>{STORY}</p>"
                                     "</article></body></html>", encoding="utf-8")
    with Library.open(tmp_path / "lib") as lib:
        results = {Path(r.path).name: r for r in lib.import_paths([tmp_path])}
        assert results["a.html"].status == ImportStatus.FAILED
        assert results["b.html"].status == ImportStatus.IMPORTED


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse non-UTF-8 names")
def test_a_file_name_that_is_not_utf8_is_imported_and_shown_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    raw = os.fsencode(folder) + b"/caf\xe9-notes.txt"
    with open(raw, "wb") as f:
        f.write(STORY.encode("utf-8"))
    (folder / "later.txt").write_text("A second story about a ferry that runs every twenty minutes.")
    with Library.open(tmp_path / "lib") as lib:
        results = lib.import_paths([folder])
        assert [r.status for r in results] == [ImportStatus.IMPORTED, ImportStatus.IMPORTED]
        assert results[0].path.endswith("caf\\xe9-notes.txt")
        results[0].path.encode("utf-8")  # printable and storable
        doc = lib.get_document(results[0].doc_id or 0)
        assert doc.path == results[0].path


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS file systems refuse non-UTF-8 names")
def test_cli_prints_a_line_for_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    from desktop.app import build_parser
    from desktop.cli import run

    folder = tmp_path / "in"
    folder.mkdir()
    with open(os.fsencode(folder) + b"/\xff\xfe.html", "wb") as f:
        f.write(b"<p>tiny</p>")
    out, err = io.StringIO(), io.StringIO()
    args = build_parser().parse_args(["import", "--json", str(folder)])
    code = run(args, tmp_path / "lib", is_default=False, out=out, err=err)
    assert code == 1
    (result,) = json.loads(out.getvalue())["results"]
    assert result["status"] == "failed" and "\\xff\\xfe.html" in result["path"]


def test_a_file_that_vanishes_mid_import_gets_its_own_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(f"{STORY} ({name})")
    real = ingest.read_article

    def vanishing(path: Path) -> ingest.Ingested:
        if path.name == "b.txt":
            path.unlink()
        return real(path)

    monkeypatch.setattr(ingest, "read_article", vanishing)
    with Library.open(tmp_path / "lib") as lib:
        results = lib.import_paths([folder])
    assert [(Path(r.path).name, r.status) for r in results] == [
        ("a.txt", ImportStatus.IMPORTED), ("b.txt", ImportStatus.FAILED), ("c.txt", ImportStatus.IMPORTED)]
    assert results[1].message == "no such file or folder"


def test_symbolic_links_out_of_the_folder_are_skipped_and_said(tmp_path: Path) -> None:
    outside = tmp_path / "private"
    outside.mkdir()
    (outside / "secret.txt").write_text(STORY)
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "story.txt").write_text(STORY + " Inside.")
    (folder / "a-link-out.txt").symlink_to(outside / "secret.txt")
    (folder / "b-link-in.txt").symlink_to(folder / "story.txt")
    (folder / "c-folder-link").symlink_to(outside)
    (folder / "d-broken.txt").symlink_to(tmp_path / "nowhere.txt")
    got = dict(iter_article_files([folder]))
    assert got[folder / "a-link-out.txt"] is not None
    assert "outside the imported folder" in str(got[folder / "a-link-out.txt"])
    assert got[folder / "b-link-in.txt"] is None  # followed: its target is inside
    assert "a link to a folder" in str(got[folder / "c-folder-link"])
    assert "broken link" in str(got[folder / "d-broken.txt"])
    assert got[folder / "story.txt"] is None
    # a link named explicitly is read: the user chose it
    assert read_article(folder / "a-link-out.txt").clean.text == STORY


def test_link_lines_are_skipped_results_in_the_library(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (tmp_path / "elsewhere.txt").write_text(STORY)
    (folder / "link.txt").symlink_to(tmp_path / "elsewhere.txt")
    with Library.open(tmp_path / "lib") as lib:
        (result,) = lib.import_paths([folder])
    assert result.status == ImportStatus.SKIPPED


def test_min_words_message_names_the_format(tmp_path: Path) -> None:
    p = tmp_path / "x.html"
    p.write_text("<html><body><p>Scroll to top</p></body></html>")
    with pytest.raises(IngestError, match=r"^only 3 words of article text found in the HTML"):
        read_article(p)

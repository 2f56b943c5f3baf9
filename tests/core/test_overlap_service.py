"""LinkService over a real library: incremental linking, queries, clusters, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.core.library import Library
from desktop.core.model import ImportResult
from desktop.core.overlap import candidates
from desktop.core.overlap.types import LinkKind
from tests.conftest import WEB, WIRE
from tests.core.test_overlap_align import OTHER, P

UNRELATED = ("Shares in the carmaker fell sharply on Tuesday after it warned that a shortage of "
             "computer chips would cut production at three of its European plants this spring.")


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def articles(tmp: Path) -> list[Path]:
    body = "\n\n".join(P)
    return [
        WIRE, WEB,
        write(tmp, "a.txt", body),
        write(tmp, "b.txt", "\n\n".join([P[3], P[1], P[0]]).replace("approved", "passed")),
        write(tmp, "c.txt", OTHER + "\n\n" + P[2]),
        write(tmp, "d.txt", UNRELATED),
    ]


def imp(lib: Library, paths: list[Path]) -> list[ImportResult]:
    """Import, then link what is pending: what the window does after an import."""
    results = lib.import_paths(paths)
    lib.link_pending()
    return results


def key(lib: Library) -> list[tuple]:
    return sorted((k.a, k.b, k.kind, k.score) for k in lib.links.all_links())


def test_incremental_equals_full_recomputation(tmp_path: Path) -> None:
    files = articles(tmp_path / "files")
    with Library.open(tmp_path / "one") as lib:
        for f in files:
            imp(lib, [f])
        incremental = key(lib)
        lib.links.rebuild()
        assert key(lib) == incremental
    with Library.open(tmp_path / "all") as lib:
        imp(lib, files)
        assert key(lib) == incremental
    assert len(incremental) >= 6


def test_queries_and_clusters(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        imp(lib, articles(tmp_path / "files"))
        assert lib.links.linked_docs(3) == [4, 5]
        assert lib.links.for_document(6) == []  # unrelated article: no link
        assert all(k.a.doc == 4 for k in lib.links.for_document(4))
        spans = lib.links.spans(3)
        assert spans and all(s.kind == "link" for s in spans)
        cluster = next(c for c in lib.links.clusters() if {e.doc for e in c} == {3, 4})
        assert cluster
        # P[2] is shared by a.txt and c.txt only; P[0] by a.txt and b.txt
        assert any({e.doc for e in c} == {3, 5} for c in lib.links.clusters())


def test_removing_a_document_removes_its_links(tmp_path: Path) -> None:
    files = articles(tmp_path / "files")
    with Library.open(tmp_path / "lib") as lib:
        imp(lib, files)
        lib.remove_document(3)
        assert all(3 not in (k.a.doc, k.b.doc) for k in lib.links.all_links())
        assert lib.links.pending() == [4, 5]  # they had chosen #3: rechecked on the next run
        lib.link_pending()
        assert lib.links.pending() == []
        left = sorted((k.a.start, k.a.end, k.b.start, k.b.end, k.kind) for k in lib.links.all_links())
    with Library.open(tmp_path / "without") as lib:
        imp(lib, [f for f in files if f.name != "a.txt"])
        assert left == sorted((k.a.start, k.a.end, k.b.start, k.b.end, k.kind)
                              for k in lib.links.all_links())


def test_near_identical_copies_are_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(candidates, "MAX_CANDIDATES", 5)
    files = [write(tmp_path / "f", f"c{i}.txt", "\n\n".join(P) + f"\n\nCopy number {i} ends here.")
             for i in range(30)]
    with Library.open(tmp_path / "lib") as lib:
        imp(lib, files)
        links = lib.links.all_links()
        assert len(links) <= 5 * 30  # each copy chose 5: no quadratic number of alignments
        degree = [len(lib.links.linked_docs(d)) for d in range(1, 31)]
        assert min(degree) >= 5 and max(degree) < 20  # no copy is everyone's choice (a hub)
        assert all(k.kind == LinkKind.VERBATIM for k in links)
        assert len(lib.links.clusters()) == 1


def test_progress_cancel_and_pending(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        lib.import_paths(articles(tmp_path / "files"))  # importing leaves linking pending
        assert lib.links.pending() == [1, 2, 3, 4, 5, 6]
        calls: list[int] = []
        lib.links.update_pending(lambda d, t, m: calls.append(d), lambda: len(calls) >= 2)
        assert lib.links.pending() == [3, 4, 5, 6]  # what was finished before cancel is kept
        reports: list[tuple[int, int]] = []
        lib.links.update_pending(lambda d, t, m: reports.append((d, t)))
        assert lib.links.pending() == [] and reports[-1] == (4, 4)


def test_linking_failure_keeps_documents_pending(tmp_path: Path) -> None:
    with Library.open(tmp_path / "lib") as lib:
        results = lib.import_paths([WIRE, WEB])
        assert [r.status for r in results] == ["imported", "imported"]

        def boom(*a: object, **k: object) -> int:
            raise RuntimeError("boom")

        lib.links.update = boom  # type: ignore[method-assign]
        with pytest.raises(RuntimeError):
            lib.link_pending()
        assert lib.links.pending() == [1, 2]  # tried again at the next chance
        del lib.links.update
        assert lib.link_pending() == 2 and lib.links.pending() == []


def test_a_corrected_file_is_linked_again(tmp_path: Path) -> None:
    body = "\n\n".join(P)
    a = write(tmp_path / "f", "a.txt", body)
    b = write(tmp_path / "f", "b.txt", "\n\n".join([P[0], P[1]]))
    with Library.open(tmp_path / "lib") as lib:
        imp(lib, [a, b])
        assert lib.links.pair(1, 2)
        write(tmp_path / "f", "b.txt", UNRELATED)  # the file changed: same path, new text
        (res,) = imp(lib, [b])
        assert res.status == "updated" and res.doc_id == 2
        assert lib.links.pair(1, 2) == [] and lib.links.pending() == []
        write(tmp_path / "f", "b.txt", P[3] + "\n\n" + UNRELATED)
        imp(lib, [b])
        assert [k.kind for k in lib.links.pair(1, 2)] == [LinkKind.VERBATIM]

"""Reads of an article's text from SQLite, and index writes, per imported article (not a test).

    python bench/bench_reads.py --n 200

Imports N Wikinews articles from ../shared/corpus into a fresh library, then catches up the
way the window does after an import (linking, recognition, the index's entity fields), and
counts, per article: statements that read an article's text from SQLite (a trace on the
store's connection) and documents written to the whoosh index. Recognition uses a stand-in
recogniser that finds nothing quickly, so the counts are those of the plumbing, not of spaCy.
Works on older trees too (it uses link_pending + entities.recognize when analyse_pending is
missing), so a baseline can be counted the same way. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_import_search import CORPUS, load_articles, write_files  # noqa: E402


class Nobody:
    """A recogniser that finds no names, at once."""

    name = "nobody-1"

    def recognize(self, texts: Sequence[str], n_process: int = 1) -> Iterator[list[Any]]:
        for _ in texts:
            yield []


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    ap.add_argument("--n", type=int, default=200)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    if not args.corpus.exists():
        print(f"benchmark skipped: corpus not found at {args.corpus}")
        return 0
    from desktop.core import search
    from desktop.core.library import Library

    tmp = Path(tempfile.mkdtemp(prefix="parallax-reads-"))
    try:
        write_files(load_articles(args.corpus, args.n), tmp / "files")
        lib = Library.open(tmp / "lib")
        lib.entities.recognizer = Nobody()  # type: ignore[assignment]
        reads: list[str] = []
        indexed: list[int] = []
        real_fields_of = search.fields_of

        def counting_fields_of(doc: Any, *rest: Any, **kw: Any) -> Any:
            indexed.append(doc.id)
            return real_fields_of(doc, *rest, **kw)

        search.fields_of = counting_fields_of  # type: ignore[assignment]
        lib.store._conn().set_trace_callback(
            lambda sql: reads.append(sql) if "clean_text" in sql and "FROM documents" in sql else None)
        lib.import_paths([tmp / "files"])
        at_import = len(reads), len(indexed)
        if hasattr(lib, "analyse_pending"):
            lib.analyse_pending()
        else:
            lib.link_pending()
            lib.entities.recognize()
        n = args.n
        print(f"{n} articles imported, then linked, recognised and re-indexed")
        print(f"import:   {at_import[0] / n:.2f} text reads, {at_import[1] / n:.2f} index writes per article")
        print(f"analysis: {(len(reads) - at_import[0]) / n:.2f} text reads, "
              f"{(len(indexed) - at_import[1]) / n:.2f} index writes per article")
        print(f"total:    {len(reads) / n:.2f} text reads, {len(indexed) / n:.2f} index writes per article")
        lib.close()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

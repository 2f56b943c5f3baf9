"""Re-anchoring speed: ``python bench/bench_anchoring.py [--repeat 3]``.

An article of ~60 KB with 200 highlights is corrected (a paragraph added at the top, one word
changed in every other highlighted sentence) and re-imported: the in-place update re-anchors
all 200 in its transaction. The baseline in the same run is the pure-Python Sellers dynamic
programme that placed fuzzy quotes before edlib, run on the same quotes and texts. Then the
hostile cases of #9: 20 KB and 100 KB quotes that are not in a 5 KB article. Prints min and
median of each; asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from desktop.core.annotations.anchoring import MAX_ERROR, reattach
from desktop.core.annotations.model import TextPosition, TextQuote
from desktop.core.library import Library

WORDS = (
    "minister", "council", "budget", "report", "talks", "summit", "border", "trade",
    "energy", "court", "vote", "agency", "officials", "statement", "week", "plan",
    "region", "security", "deal", "agreement",
)


def article(rng: random.Random, n: int = 400) -> list[str]:
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(14, 22))).capitalize() + "."
            for _ in range(n)]


def former_reattach():
    """The anchoring module as it was before edlib (commit 2c67eda), loaded from git history:
    the baseline. None when git or that commit is not available."""
    import importlib.util
    import subprocess

    root = Path(__file__).resolve().parents[1]
    try:
        source = subprocess.run(["git", "show", "2c67eda:desktop/core/annotations/anchoring.py"],
                                cwd=root, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return None
    path = Path(tempfile.mkdtemp()) / "former_anchoring.py"
    path.write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location("former_anchoring", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["former_anchoring"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module.reattach


def timed(fn, repeat: int) -> tuple[float, float]:
    runs = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t)
    return min(runs), statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(5)
    sentences = article(rng)
    picked = sorted(rng.sample(range(len(sentences)), 200))
    before = "\n\n".join(sentences) + "\n"
    corrected = list(sentences)
    for k, i in enumerate(picked):
        if k % 2 == 0:
            words = corrected[i].split()
            words[len(words) // 2] = "revised"
            corrected[i] = " ".join(words)
    after = "CORRECTION: this story was updated.\n\n" + "\n\n".join(corrected) + "\n"

    def update_once() -> float:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "story.txt"
            path.write_text(before, "utf-8")
            with Library.open(Path(tmp) / "lib") as lib:
                [r] = lib.import_paths([path])
                assert r.doc_id is not None
                doc = lib.get_document(r.doc_id)
                for i in picked:
                    lib.annotations.add_quote(doc, sentences[i], "claim")
                path.write_text(after, "utf-8")
                t = time.perf_counter()
                lib.import_paths([path])
                took = time.perf_counter() - t
                changed = sum(a.status == "changed" for a in lib.annotations.select())
                assert changed == 100, changed
                return took

    runs = [update_once() for _ in range(args.repeat)]
    print(f"in-place update re-anchoring 200 highlights (100 reworded), {len(after):,} chars: "
          f"min {min(runs):.2f} s, median {statistics.median(runs):.2f} s")
    fuzzy = [(corrected[i], sentences[i]) for k, i in enumerate(picked) if k % 2 == 0][:10]
    text = after

    def new_way() -> None:
        for _, quote in fuzzy:
            reattach(text, TextQuote(quote), TextPosition(0, len(quote)))

    lo, med = timed(new_way, args.repeat)
    print(f"10 reworded quotes placed (edlib): min {lo * 1000:.1f} ms, median {med * 1000:.1f} ms")
    former = former_reattach()
    if former is not None:
        def old_way() -> None:
            for _, quote in fuzzy:
                former(text, TextQuote(quote), TextPosition(0, len(quote)))

        lo, med = timed(old_way, args.repeat)
        print(f"the same 10 by the former pure-Python Sellers DP (baseline, same run): "
              f"min {lo * 1000:.1f} ms, median {med * 1000:.1f} ms")
    small = "A short article of about five kilobytes. " * 120
    for size, host, name in ((20_000, small, "5 KB"), (100_000, small, "5 KB"),
                             (20_000, text, f"{len(text) // 1000} KB")):
        quote = ("Quite another text, nowhere in the article " * 3000)[:size]
        lo, med = timed(lambda q=quote, h=host, n=size: reattach(h, TextQuote(q), TextPosition(0, n)),
                        args.repeat)
        print(f"a {size // 1000} KB quote not in a {name} article: min {lo * 1000:.2f} ms, "
              f"median {med * 1000:.2f} ms (max error {MAX_ERROR:.0%})")


if __name__ == "__main__":
    main()

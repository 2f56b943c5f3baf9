"""The new-user cases of issue #12, measured: how Parallax marks each named form now.

    .venv/bin/python bench/entity_cases.py [--model md|sm]

Imports the 294 Wikinews articles of 2019-2021 (subset B of ../shared/corpus) and the two
sample articles into one fresh library, recognises them with the chosen model and prints, for
each form the issue names, every way it is marked (label and entity, with counts) as a
Markdown table row. A measurement: no rule anywhere names these forms.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CORPUS = ROOT.parent / "shared" / "corpus" / "news.jsonl.gz"
SAMPLES = ROOT / "resources" / "samples"
# (form as written, what the issue saw) - a form is matched as the exact text of a mention,
# and also inside longer mentions (a name glued to a heading)
CASES = [
    ("Twitter", "PERSON (6×)"), ("COVID-19", "ORG (17×)"), ("COVI", "ORG"),
    ("Witch Hunt", "PERSON"), ("Vermont Bernie Sanders", "ORG"),
    ("Formerly Cold War", "EVENT"), ("G7", "PLACE"), ("Group of Seven", "cut to `Group`"),
    ("Bolton", "four people"), ("John Bolton", "four people"),
    ("John R. Bolton", "four people"), ("Mr Bolton", "—"),
    ("Shanghai Cooperation Organization", "two entities"),
    ("Shanghai Cooperation Organisation", "two entities"), ("SCO", "—"),
    ("Metin Aktas", "ORG (md)"),
]


def _write(folder: Path) -> list[Path]:
    paths = []
    with gzip.open(CORPUS, "rt", encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            if rec["id"].startswith("wikinews-va-"):
                p = folder / f"{rec['id']}.txt"
                p.write_text(f"{rec['title']}\n\n{rec['text']}\n", "utf-8")
                paths.append(p)
    return paths + sorted(SAMPLES.glob("*.txt"))


def main() -> int:
    from desktop.core.entities.recognizer import SpacyRecognizer
    from desktop.core.library import Library

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None)
    a = ap.parse_args()
    if not CORPUS.exists():
        print(f"skipped: corpus not found at {CORPUS}")
        return 0
    with tempfile.TemporaryDirectory() as tmp, Library.open(Path(tmp) / "lib") as lib:
        lib.entities.recognizer = SpacyRecognizer(a.model)
        lib.import_paths(_write(Path(tmp)))
        lib.entities.recognize()
        exact: dict[str, Counter[str]] = {form: Counter() for form, _ in CASES}
        inside: dict[str, Counter[str]] = {form: Counter() for form, _ in CASES}
        unmarked: Counter[str] = Counter()
        for doc_id in lib.document_ids():
            text = lib.get_document(doc_id).clean.text
            mentions = lib.entities.mentions(doc_id, text)
            for form, _ in CASES:
                for m in mentions:
                    note = f"{m.label}" + ("" if m.entity == m.text else f" → {m.entity}")
                    if m.confidence < 1.0:
                        note += f" ({round(100 * m.confidence)} %)"
                    if m.text == form:
                        exact[form][note] += 1
                    elif _count(m.text, form):
                        inside[form][f"`{m.text}` {m.label}"] += 1
                unmarked[form] += _count(text, form) - sum(
                    _count(m.text, form) for m in mentions)
        print(f"model: {lib.entities.model_name}")
        print("| form | issue saw | marked now (exact) | inside a longer mark | not marked |")
        print("| --- | --- | --- | --- | ---: |")
        for form, saw in CASES:
            print(f"| `{form}` | {saw} | {_fmt(exact[form])} | {_fmt(inside[form])} | "
                  f"{unmarked[form]} |")
    return 0


def _count(text: str, form: str) -> int:
    """Occurrences of ``form`` as whole words."""
    return len(re.findall(rf"(?<!\w){re.escape(form)}(?!\w)", text))


def _fmt(c: Counter[str]) -> str:
    return ", ".join(f"{k} ×{n}" for k, n in c.most_common()) or "—"


if __name__ == "__main__":
    raise SystemExit(main())

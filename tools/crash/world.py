"""The library the crash harness kills processes on, and the inputs of each scenario.

A base library is built once: the two sample articles, generated articles (each with a word
no other article has), and a story with 30 highlights whose corrected version (every
sentence touched, a paragraph added, its marker word replaced) waits in ``story.txt``.
Each kill runs on a fresh copy of the base.
"""

from __future__ import annotations

import json
import random
import shutil
from dataclasses import dataclass
from pathlib import Path

from desktop.core.export.bundle import build_bundle, render_text
from desktop.core.library import Library

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = sorted((ROOT / "resources" / "samples").glob("*.txt"))
PEOPLE = ["Anna Berg", "Tomas Lind", "Maria Costa", "Kenji Sato", "Lena Vogel", "Omar Haddad"]
PLACES = ["Vienna", "Lisbon", "Nairobi", "Osaka", "Quito", "Tallinn", "Hanoi", "Dakar"]
VERBS = ["said", "told reporters", "announced", "confirmed", "denied", "warned"]
OLD_MARKER, NEW_MARKER = "zorbanticule", "quillimorphic"


def rare_word(n: int) -> str:
    """A word that stands in one generated article only (letters, so stemming keeps it)."""
    letters = "bcdfghjklmnpqrstvwxz"
    code = "".join(letters[(n // 20**i) % 20] for i in range(3))
    return f"vexo{code}ulite"


def article(n: int, rng: random.Random, sentences: int = 14) -> str:
    lines = [f"Talks in {rng.choice(PLACES)} resume, report {n}", ""]
    for i in range(sentences):
        who, where = rng.choice(PEOPLE), rng.choice(PLACES)
        lines.append(f"{who} {rng.choice(VERBS)} in {where} that the plan number {n}-{i} "
                     f"would need more time and money than first thought.")
        if i == sentences // 2:
            lines.append(f"Observers called it the {rare_word(n)} moment of the talks.")
        if i % 4 == 3:
            lines.append("")
    return "\n".join(lines) + "\n"


def story(corrected: bool) -> str:
    rng = random.Random(7)
    paras = []
    for i in range(30):
        who, where = rng.choice(PEOPLE), rng.choice(PLACES)
        verb = "told" if corrected and i % 3 == 0 else "informed"
        paras.append(f"In paragraph {i} {who} {verb} the committee in {where} that the "
                     f"proposal had been reviewed twice by independent auditors.")
    marker = NEW_MARKER if corrected else OLD_MARKER
    paras.insert(15, f"Critics called the {marker} clause unworkable.")
    if corrected:
        paras.insert(0, "CORRECTION: an earlier version misattributed several remarks.")
    return "Committee hearing\n\n" + "\n\n".join(paras) + "\n"


@dataclass(frozen=True)
class World:
    root: Path
    base: Path  # the library folder every kill starts from
    inputs: Path
    new_files: tuple[Path, ...]
    annotations_json: Path
    annotation_ids: tuple[str, ...]
    story: Path

    @property
    def analysed(self) -> Path:
        """The base with its links and (fake-model) names done: what an export starts from
        once the window has caught up, so its kills fall in the export itself."""
        return self.root / "analysed"

    def copy(self, name: str, analysed: bool = False) -> Path:
        target = self.root / "runs" / name
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(self.analysed if analysed else self.base, target)
        return target


def build(root: Path, generated: int = 8, new: int = 5) -> World:
    rng = random.Random(1)
    inputs = root / "inputs"
    (inputs / "old").mkdir(parents=True)
    (inputs / "new").mkdir()
    for n in range(generated):
        (inputs / "old" / f"a{n:03d}.txt").write_text(article(n, rng), "utf-8")
    new_files = []
    for n in range(generated, generated + new):
        path = inputs / "new" / f"b{n:03d}.txt"
        path.write_text(article(n, rng), "utf-8")
        new_files.append(path)
    story_path = inputs / "story.txt"
    story_path.write_text(story(corrected=False), "utf-8")
    base = root / "base"
    with Library.open(base) as lib:
        lib.import_paths([*SAMPLES, inputs / "old", story_path])
        story_id = lib.store.find_by_path(str(story_path))
        assert story_id is not None
        doc = lib.get_document(story_id)
        for i in range(30):
            lib.annotations.add_quote(doc, f"In paragraph {i} " + doc.text.split(
                f"In paragraph {i} ")[1].split(" the committee")[0], "claim", note=f"n{i}")
        # highlights exported, then removed: import-annotations brings them back
        sample_ids = [d.id for d in lib.list_documents()][:2]
        made = []
        for doc_id in sample_ids:
            d = lib.get_document(doc_id)
            words = d.text.split()
            for k in range(10):
                quote = " ".join(words[20 + 9 * k:25 + 9 * k])
                made.append(lib.annotations.add_quote(d, quote, "check", note=f"m{k}"))
        exported = render_text(build_bundle(lib, sample_ids, "pair"), "json")
        for a in made:
            lib.annotations.delete(a.id)
    annotations_json = inputs / "annotations.json"
    annotations_json.write_text(exported, "utf-8")
    shutil.copytree(base, root / "analysed")
    with Library.open(root / "analysed") as lib:
        from tools.crash.victim import Capitals

        lib.entities.recognizer = Capitals()
        lib.analyse_pending()
    ids = tuple(i["id"] for i in json.loads(exported)["first"]["items"])
    story_path.write_text(story(corrected=True), "utf-8")  # the update waits
    (root / "out").mkdir()
    return World(root, base, inputs, tuple(new_files), annotations_json, ids, story_path)

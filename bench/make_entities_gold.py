"""How tests/data/entities_gold.json was made: the names below were read off the two sample
articles by hand (guidelines: docs/entities.md); this script finds every occurrence of each
in the file as read, longest names first, and writes their offsets. Review its output when
changing the list: every occurrence is a mention unless listed in SKIP.

    .venv/bin/python bench/make_entities_gold.py > tests/data/entities_gold.json
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = ["resources/samples/000_a135feee11866434.txt", "resources/samples/004_ff43710717d6965c.txt"]

PERSON = """Vladimir Putin|Putin|Xi Jinping|Xi|Ebrahim Raisi|Raisi|Recep Tayyip Erdogan|Erdogan|
Alexander Lukashenko|Lukashenko|Shehbaz Sharif|Sharif|Ned Price|Narendra Modi|max seddon|
Ian Bremmer|John Kirby|Kirby|Sergei Lavrov|Ursula von der Leyen|Von der Leyen|
Volodymyr Zelenskyy|Zelenskyy|Metin Aktas|Serhiy Gaidai|Pavlo Kyrylenko|Maria Zakharova|
German Galushchenko|Richard Sadleir"""
ORG = """Shanghai Cooperation Organization|Shanghai Cooperation Organisation|SCO|CCTV|US Senate|
Kremlin|Communist Party|Belta|Defense Ministry|U.S. State Department|Columbia University|G7|
Group of Seven|Twitter|White House|CNN|European Commission|European Union|EU|Getty Images|
Getty|Anadolu Agency|AFP|General Staff|Armed Forces|Treasury Department|
Russian Foreign Ministry|UN|Board of Governors|Council of the International Atomic Energy Agency|
IAEA|Facebook"""
PLACE = """Ukraine|West|Uzbekistan|Russia|China|United States|Moscow|Taiwan|U.S.|US|Taiwan Strait|
Washington|Beijing|Samarkand|Silk Road|India|Pakistan|Kazakhstan|Kyrgyzstan|Tajikistan|
Belarus|Turkmenistan|Pacific|Europe|Kyiv|Brussels|Balakliia|Kharkiv Oblast|Kharkiv|Cyprus|
Luhansk|Kryvyi Rih|Izium|Bakhmut|Donetsk|Britain|Zaporizhzhia|Canada|Poland|Burundi|Egypt|
Senegal|South Africa|Vietnam|Australia|Vienna"""

# occurrences that are not mentions of the listed kind: (file index, text, nth occurrence)
SKIP: set[tuple[int, str, int]] = set()


def names() -> list[tuple[str, str]]:
    out = []
    for label, block in (("PERSON", PERSON), ("ORG", ORG), ("PLACE", PLACE)):
        out += [(n.strip(), label) for n in block.replace("\n", "").split("|")]
    return sorted(out, key=lambda nl: -len(nl[0]))


def gold_for(i: int, text: str) -> list[dict[str, object]]:
    taken: list[tuple[int, int]] = []
    found = []
    for name, label in names():
        # names glued to the next sentence in scraped text ("WestIt was") still count
        pattern = r"(?<![A-Za-z0-9])" + r"\s+".join(map(re.escape, name.split())) + r"(?![a-z0-9])"
        for n, m in enumerate(re.finditer(pattern, text)):
            s, e = m.span()
            if (i, name, n) in SKIP or any(a < e and s < b for a, b in taken):
                continue
            taken.append((s, e))
            found.append({"start": s, "end": e, "label": label, "text": text[s:e]})
    return sorted(found, key=lambda d: d["start"])  # type: ignore[arg-type, return-value]


def main() -> int:
    docs = []
    for i, rel in enumerate(FILES):
        text = (ROOT / rel).read_text("utf-8")
        docs.append({"path": rel, "mentions": gold_for(i, text)})
    json.dump({"guidelines": "docs/entities.md", "documents": docs}, sys.stdout,
              ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

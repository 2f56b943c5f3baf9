"""How Parallax compares words: every normalised form of a word, in one place, cached one way.

The forms share their steps (case, curly quote marks, dots of initialisms, British spelling)
and differ where their use differs:

* :func:`search_form`: what the search index holds (``U.S.`` = ``us``, ``Organisation`` =
  ``organization``, Porter stem), for the analyzer and for drawing matches;
* :func:`reuse_form`: what shared-passage detection compares (also drops possessive ``'s``,
  apostrophes, thousands separators, and honorifics, which become ``""``);
* :func:`quote_form` and :func:`quote_stem`: how two wordings of a quote are compared (no
  stemming of names, apostrophes kept);
* :func:`fold`: case and quote style only (the word diff of a shared passage);
* :func:`name_key`: the form two written names share (``U.S.`` = ``US``), for entities.

Every per-word form is an ``lru_cache`` of 200,000 entries: news vocabularies repeat, and
the caches are shared by every thread and every article.
"""

from __future__ import annotations

import re
from functools import lru_cache

from whoosh.lang.porter import stem

from desktop.core.spelling import americanize

CACHE_SIZE = 200_000
HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "mssrs", "messrs", "prof", "sir"})
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"', "«": '"', "»": '"'})
_NUMBER = re.compile(r"^\d[\d,.]*$")
_DOTS = re.compile(r"\.(?=\w|$)")
_SPACE = re.compile(r"\s+")


def fold(word: str) -> str:
    """Case and the style of quote marks ignored (“ ” ‘ ’ « » as straight quotes)."""
    return word.translate(_QUOTES).lower()


def _initialism(word: str) -> str:
    """``u.s.`` -> ``us`` (a word of single letters between dots); other words unchanged."""
    if "." in word and all(len(part) == 1 for part in word.split(".")):
        return word.replace(".", "")
    return word


@lru_cache(maxsize=CACHE_SIZE)
def search_form(token: str) -> str:
    """The indexed form of one token: lower case, initialisms without dots ("U.S." -> "us"),
    British spellings as American ones, Porter stem."""
    return stem(americanize(_initialism(token.lower())))


@lru_cache(maxsize=CACHE_SIZE)
def reuse_form(word: str) -> str:
    """The form shared passages are found by; ``""`` for a word that is dropped (an
    honorific)."""
    w = fold(word)
    if w.endswith("'s"):
        w = w[:-2]
    w = w.replace("'", "").replace(".", "")
    if "," in w and _NUMBER.match(w):
        w = w.replace(",", "")
    return "" if w in HONORIFICS else americanize(w)


@lru_cache(maxsize=CACHE_SIZE)
def quote_form(word: str) -> str:
    """A word compared as quoted: case, quote marks, dots and spelling variants ignored."""
    return americanize(fold(word).replace(".", ""))


@lru_cache(maxsize=CACHE_SIZE)
def quote_stem(form: str) -> str:
    """The Porter stem of a :func:`quote_form` (apostrophes dropped)."""
    return stem(form.replace("'", ""))


def name_key(text: str) -> str:
    """The form two written names share when they name the same thing: case, dots of
    initialisms, curly apostrophes and spacing do not count ("U.S." = "US" = "us")."""
    text = text.replace("’", "'").replace("‘", "'")
    return _SPACE.sub(" ", _DOTS.sub("", text)).strip().lower()

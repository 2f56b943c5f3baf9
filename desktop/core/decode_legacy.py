"""Legacy 8-bit and multi-byte encodings: right, or refused clearly, never mojibake.

A file that is neither UTF-8 nor UTF-16/32 and declares nothing is decided here:

1. **Western text first.** When the bytes decode as cp1252 (Windows Western, a superset of
   the printable Latin-1), the letters that are not ASCII are at most 30 % of all letters,
   and the non-ASCII bytes stand mostly alone between ASCII bytes (mean run under 1.6), the
   file is Western European text: cp1252. Multi-byte encodings (GB18030, Shift-JIS, EUC-KR,
   Big5) put their high bytes in pairs and runs, and Cyrillic or Greek 8-bit text is made of
   whole words of high bytes, so neither passes.
2. Otherwise **charset-normalizer** ranks the candidate encodings by their "chaos" (mess)
   and language coherence. cp1252 is still preferred when it produced the same text as the
   winner or ranks close to it (chaos within 0.05) and its text looks Western (rule 1's
   letter test).
3. The winner is taken only when no other candidate that gives a *different* text ranks
   close to it (chaos within 0.05 and coherence within 0.05) and its own chaos is low
   (at most 0.2). A short Cyrillic note can read as cp1251 or cp1125 equally well: such a
   file is refused with the two encodings named, and the user is asked for UTF-8.
"""

from __future__ import annotations

import re

from desktop.core.errors import IngestError

CANNOT_DECODE = ("cannot decode: not UTF-8, UTF-16 or an encoding Parallax recognises; "
                 "save the file as UTF-8")
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
_LETTER = re.compile(r"[^\W\d_]")
_CLOSE = 0.05
_MAX_CHAOS = 0.2


def looks_western(text: str) -> bool:
    """Few non-ASCII letters among the letters (French, German, Spanish, Nordic text)."""
    letters = _LETTER.findall(text)
    if not letters:
        return True
    foreign = sum(1 for c in letters if ord(c) > 0x7F)
    return foreign <= 0.3 * len(letters)


def _isolated_high_bytes(data: bytes) -> bool:
    runs = [len(m.group()) for m in _HIGH_RUN.finditer(data)]
    return not runs or sum(runs) / len(runs) < 1.6


def _cp1252(data: bytes) -> str | None:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return None


def _label(codec: str) -> str:
    return codec.replace("_", "-")


def decode_legacy(data: bytes) -> str:
    """Decode bytes that are not UTF-8; raise :class:`IngestError` rather than guess."""
    western = _cp1252(data)
    if western is not None and looks_western(western) and _isolated_high_bytes(data):
        return western
    from charset_normalizer import from_bytes  # imported on the first legacy file only

    results = list(from_bytes(data))
    if not results:
        raise IngestError(CANNOT_DECODE)
    best = results[0]
    if western is not None and looks_western(western):
        for r in results:
            if "cp1252" in r.could_be_from_charset and r.chaos <= best.chaos + _CLOSE:
                return western
    text = str(best)
    rivals = [r for r in results[1:] if str(r) != text and r.chaos <= best.chaos + _CLOSE
              and r.coherence >= best.coherence - _CLOSE]
    if rivals:
        raise IngestError(
            f"cannot tell the encoding: the file reads as {_label(best.encoding)} or as "
            f"{_label(rivals[0].encoding)} equally well; save it as UTF-8")
    if best.chaos > _MAX_CHAOS:
        raise IngestError(f"cannot decode: the best guess ({_label(best.encoding)}) still "
                          "gives garbled text; save the file as UTF-8")
    return text

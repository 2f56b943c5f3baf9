"""The date a document prints at its top, as a publication date.

A PDF's CreationDate says when the file was made, not when the article was published: a
newspaper story of 1877 retypeset in 2020 ("{from} THE {New York} SUN, SUNDAY, MARCH 25,
1877."), a paper whose file was written days before its printed "Published 5 June 2017". The
story map orders a family's articles by date, so a file's date taken for a publication date
makes a copy look like the source. What the page itself prints at its top is the better
witness, when it prints one:

* a date in the head of the first page (its first lines), with day, month in words and year
  all written (an all-digit date cannot tell day from month);
* a date labelled as published, posted or issued (the label alone before it on its line) wins
  over any other;
* a date labelled as something else (received, submitted, accepted, revised, updated,
  retrieved, accessed, printed, copyright) is not a publication date;
* otherwise a date counts only in a short block (a dateline, an issue line: at most two
  lines and 200 characters), not inside running text, where it is the date of an event the
  article tells (in a flowing text, where lines are not known: a paragraph of at most 100
  characters).

PDFs give their first page's lines (pdf_extract.py); Word, plain-text and Markdown files their
first paragraphs (:func:`text_date`), each a block of one line, when their own properties or
header give no better date (a Word file's created date is its template's as often as not).

Hand-written rather than python-dateutil's fuzzy parser: that one reads a date out of any
run of numbers ("14 CFR Part 39"), and here a wrong date is worse than none.
"""

from __future__ import annotations

import re
from datetime import date

HEAD_LINES = 15  # lines of the first page read as its head
HEAD_PARAGRAPHS = 8  # paragraphs of a flowing text read as its head
MAX_BLOCK = 2  # lines of a block whose unlabelled date is taken
MAX_BLOCK_CHARS = 200  # and its characters
DATELINE_MAX = 100  # characters of a block that is_dateline may call a dateline
_MONTH = (r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|"
          r"aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_DATES = [re.compile(rf"(?i)\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b"),  # March 25, 1877
          re.compile(rf"(?i)\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b")]  # 5 June 2017
# the label alone before the date, since the start of the line or the previous date: "the
# report, published March 3, 2021, found" is another document's date
_PUBLISHED = re.compile(
    r"(?i)^[^a-z0-9]*(first\s+)?(published|posted|issued|publication date)(\s+on)?[^a-z0-9]*$")
# any other label, or a publication label inside a sentence
_OTHER = re.compile(r"(?i)\b(received|submitted|accepted|revised|updated|modified|retrieved|"
                    r"accessed|printed|downloaded|copyright|created|published|posted|issued)\b"
                    r"|©|\(c\)")
_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]


def printed_date(blocks: list[list[str]], today: date | None = None,
                 max_chars: int = MAX_BLOCK_CHARS) -> str:
    """YYYY-MM-DD of the publication date printed in these blocks (the head of a document's
    first page, each block its lines in reading order), or "" when it prints none; a block
    of more than ``max_chars`` characters is running text."""
    latest = (today or date.today()).year + 1
    published: list[str] = []
    plain: list[str] = []
    for lines in blocks:
        short = len(lines) <= MAX_BLOCK and sum(map(len, lines)) <= max_chars
        for line in lines:
            for before, found in _dates(line, latest):
                if _PUBLISHED.search(before):
                    published.append(found)
                elif not _OTHER.search(before) and short:
                    plain.append(found)
    return (published or plain or [""])[0]


def text_date(paragraphs: list[str], today: date | None = None) -> str:
    """The publication date printed in the first paragraphs of a flowing text, or "": an
    unlabelled date only in a paragraph as short as a dateline (a lede sentence is often
    under 200 characters; a dateline under 100)."""
    return printed_date([[" ".join(p.split())] for p in paragraphs[:HEAD_PARAGRAPHS]], today,
                        max_chars=DATELINE_MAX)


def is_dateline(text: str, today: date | None = None) -> bool:
    """A short block holding a full date, labelled or not ("SUNDAY, MARCH 25, 1877.",
    "Updated 3 March 2021"): a dateline above a headline, never the headline itself."""
    latest = (today or date.today()).year + 1
    return len(text) <= DATELINE_MAX and bool(_dates(" ".join(text.split()), latest))


def _dates(line: str, latest: int) -> list[tuple[str, str]]:
    """(the text before it on the line since the previous date, YYYY-MM-DD) of each date."""
    found: list[tuple[int, int, str]] = []
    for pattern in _DATES:
        for m in pattern.finditer(line):
            iso = _iso(m.group("year"), m.group("month"), m.group("day"), latest)
            if iso and not any(s < m.end() and m.start() < e for s, e, _ in found):
                found.append((m.start(), m.end(), iso))
    out: list[tuple[str, str]] = []
    prev = 0
    for start, end, iso in sorted(found):
        out.append((line[prev:start], iso))
        prev = end
    return out


def _iso(year: str, month: str, day: str, latest: int) -> str:
    y, m, d = int(year), _MONTHS.index(month[:3].lower()) + 1, int(day)
    if not 1400 <= y <= latest:
        return ""
    try:
        return date(y, m, d).isoformat()
    except ValueError:
        return ""

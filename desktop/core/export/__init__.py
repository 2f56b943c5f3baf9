"""Exports of one article, a pair or the whole library: Markdown, HTML, W3C JSON-LD (PDF is
rendered from the HTML by the GUI layer). Every format draws from one gathering of spans
(spans.py) so what the reader shows is what is exported."""

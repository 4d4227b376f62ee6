"""The article in an HTML page: main text, title, date and URL, by trafilatura.

A `<table>` of the page stays a table: trafilatura writes each of its rows on
one line, cells apart by `|` (a bar inside a cell escaped as `\\|`), the way
pipeline.text.tables reads a table flattened one row per line. Without it the
cells would run together into the text and lose their rows and columns.
"""
from __future__ import annotations

from datetime import date


def html_article(page: str) -> tuple[str, str | None, date | None, str | None]:
    """(text, title, date, url) of a page; raises ReadError when it holds no text."""
    import trafilatura  # loaded only when a run has pages

    from .read import ReadError, parse_date

    doc = trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        # The page's own metadata only: a date found in the body text is more
        # often an event in the report than the day it was published.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or not (doc.text or "").strip():
        raise ReadError("empty", "no article text found in the page")
    return doc.text, doc.title or None, parse_date(doc.date), doc.url or None

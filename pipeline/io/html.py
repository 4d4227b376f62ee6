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
    from .read import HTML_MAX_DEPTH, ReadError, parse_date

    doc = _page_extraction(page)
    if doc is None or not (doc.text or "").strip():
        # trafilatura's parser stops at 256 levels of nesting and then finds
        # nothing: read such a page again with the parser's limit raised.
        tree, too_deep = _deep_page(page)
        if too_deep:
            raise ReadError("too_deep", f"the page's HTML is nested more than {HTML_MAX_DEPTH} levels deep: no parser reads all of it")
        if tree is not None:
            doc = _page_extraction(tree)
        if doc is None or not (doc.text or "").strip():
            raise ReadError("empty", "no article text found in the page")
    return doc.text, doc.title or None, parse_date(doc.date), doc.url or None


def _page_extraction(page):
    import trafilatura  # loaded only when a run has pages

    return trafilatura.bare_extraction(
        page,
        with_metadata=True,
        include_comments=False,
        include_tables=True,
        # The page's own metadata only: a date found in the body text is more
        # often an event in the report than the day it was published.
        date_extraction_params={"extensive_search": False, "original_date": True},
    )


def _deep_page(page: str):
    """The page parsed with its nesting limit raised to HTML_MAX_DEPTH (None
    when it was not nested past the usual limit), and whether it is nested
    deeper still."""
    from lxml import etree, html

    raw = page.encode("utf-8")
    options = {"encoding": "utf-8", "collect_ids": False, "remove_comments": True, "remove_pis": True}
    shallow, deep = html.HTMLParser(**options), html.HTMLParser(huge_tree=True, **options)
    try:
        html.document_fromstring(raw, parser=shallow)
        if not _depth_limit_hit(shallow):
            return None, False
        tree = html.document_fromstring(raw, parser=deep)
    except etree.LxmlError:
        return None, False
    return tree, _depth_limit_hit(deep)


def _depth_limit_hit(parser) -> bool:
    return any(e.type_name == "ERR_RESOURCE_LIMIT" and "depth" in e.message for e in parser.error_log)

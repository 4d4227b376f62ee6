"""The articles table: one row per article, so that every figure can be traced
back to its source (title, url, publication date, outlet, file)."""
from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pyarrow as pa
import regex

from ..meaning.province import detect_province
from ..model import Document, Figure
from .write import ARTICLE_SCHEMA

# An outlet's tag opens its article's lead: "(QNO) - ", "(ĐHVO).", "TPO - ":
# a short word in capitals, in parentheses or before a dash ("TP. Hồ Chí
# Minh" is no tag).
_OUTLET_TAG = regex.compile(r"\((\p{Lu}{2,8})\)|(\p{Lu}{2,8})[ \t]*-")
_HEAD_BLOCKS = 4  # the lines before the lead where a tag may stand


def article_record(doc: Document, figures: list[Figure], content_hash: str) -> dict:
    """The article's row (with no `path`: where the file is is known only
    where it was found), as JSON-ready values."""
    article = doc.article
    province = figures[0].province if figures else _province(doc)
    published = doc.published
    return {
        "doc_id": article.doc_id,
        "title": article.title,
        "url": article.url,
        "published": published.isoformat() if published else None,
        "outlet": outlet(doc),
        "province": province,
        "n_figures": len(figures),
        "content_hash": content_hash,
    }


def _province(doc: Document) -> str | None:
    found = detect_province(doc)
    return found.name if found else None


def outlet(doc: Document) -> str | None:
    """The host of the article's url without `www.` (`baoquangnam.vn`), else
    the tag its lead opens with (`QNO`, `LĐXH`)."""
    if doc.article.url:
        host = urlsplit(doc.article.url).hostname
        if host:
            return host.removeprefix("www.")
    for block in doc.blocks[:_HEAD_BLOCKS]:
        if m := _OUTLET_TAG.match(doc.text, block.start, block.end):
            return m.group(1) or m.group(2)
        if block.lead:
            break
    return None


def articles_table(records: list[dict]) -> pa.Table:
    """The articles table of article records (see article_record)."""
    rows = [{**rec, "published": date.fromisoformat(rec["published"]) if rec.get("published") else None} for rec in records]
    return pa.Table.from_pylist(rows, schema=ARTICLE_SCHEMA)

"""Build an article's document: its blocks and sentences, read once.

Every line of the text is a block. The first line is the title when it reads
as one (short, not closed like a sentence) and the article has no title of
its own; a short line with only a date and a time is the date line; a line
that opens with a bullet is a list item; one that credits a photo is a
caption; a short line that does not end like a sentence is a heading;
anything else is a paragraph, and the first long paragraph is the lead.
The lines of a table (pipeline.text.tables) are table lines. The words that
decide are in rules/document.yaml.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import regex

from .. import rules
from ..model import (
    CAPTION,
    DATELINE,
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TABLE,
    TITLE,
    Article,
    Block,
    Document,
)
from ..rules import WORD_EDGE_BEFORE, alternation
from .sentences import split_sentences
from .tables import find_tables

_SCHEMA = {
    "abbreviations": [str],
    "list_bullets": [str],
    "caption_words": [str],
    "heading_max_words": int,
    "lead_min_words": int,
}

# What ends a sentence, or a line that is one ("...đạt 109,4%.", "...sau:", "...”").
_CLOSED = regex.compile(r"[.!?…:;\"”’)\]]\s*$")
_WORD = regex.compile(r"[\p{L}\p{N}]+")
# The head of an article, where its date line stands.
_HEAD_BLOCKS = 12
_ORDINAL_ITEM = regex.compile(r"^\s*(?:\p{Ll}|\d{1,2}|[IVX]{1,4})[.)]\s")


@dataclass(frozen=True)
class DocumentVocabulary:
    abbreviations: frozenset[str]
    bullet: regex.Pattern
    caption: regex.Pattern
    heading_max_words: int
    lead_min_words: int


def compile_document_vocabulary(r: rules.Rules) -> DocumentVocabulary:
    data = r.data("document", _SCHEMA)
    return DocumentVocabulary(
        abbreviations=frozenset(data["abbreviations"]),
        bullet=regex.compile(rf"^\s*(?:{alternation(data['list_bullets'])})\s"),
        caption=regex.compile(rf"{WORD_EDGE_BEFORE}(?:{alternation(data['caption_words'])})\s*:(?:\s*\S+){{1,6}}\s*\)?\s*$", regex.IGNORECASE),
        heading_max_words=data["heading_max_words"],
        lead_min_words=data["lead_min_words"],
    )


def build_document(article: Article, r: rules.Rules | None = None) -> Document:
    """The document of an article whose text is normalised."""
    r = r or rules.default_rules()
    v = r.document
    text = article.text
    sentences = split_sentences(r, text)
    tables = find_tables(r, text)
    blocks: list[Block] = []
    placed: list = []
    k = 0
    lead_found = False
    for start, end in _lines(text):
        first = k
        while k < len(sentences) and sentences[k].start < end:
            placed.append(replace(sentences[k], block=len(blocks)))
            k += 1
        in_table = any(t.start <= start < t.end for t in tables)
        kind = TABLE if in_table else _kind(v, r, text[start:end], not blocks and article.title is None)
        lead = kind == PARAGRAPH and not lead_found and len(text[start:end].split()) >= v.lead_min_words
        lead_found = lead_found or lead
        blocks.append(Block(len(blocks), kind, start, end, range(first, k), lead))
    # A web page may show today's date in its chrome above the byline; the
    # byline's date is the last date line before the article's body.
    datelines = [r.periods.date_line(text[b.start : b.end]) for b in blocks[:_HEAD_BLOCKS] if b.kind == DATELINE]
    published = article.published or (datelines[-1] if datelines else None)
    if published is None:
        # ...or a news dateline opening the first paragraph ("Cần Thơ, 15/8/2024 - ...").
        first = next((b for b in blocks[:_HEAD_BLOCKS] if b.kind == PARAGRAPH), None)
        published = r.periods.dateline_of_lead(text[first.start : first.end]) if first else None
    return Document(article, r, blocks, placed, published, tables)


def _lines(text: str):
    """(start, end) of every line that holds more than blanks."""
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            yield pos + lead, pos + lead + len(stripped)
        pos += len(line) + 1


def _kind(v: DocumentVocabulary, r: rules.Rules, line: str, first: bool) -> str:
    words = len(_WORD.findall(line))
    if r.periods.date_line(line) is not None:
        return DATELINE
    if v.bullet.match(line) or _ORDINAL_ITEM.match(line):
        return LIST_ITEM
    if v.caption.search(line):
        return CAPTION
    if words <= v.heading_max_words and not _CLOSED.search(line):
        return TITLE if first else HEADING
    return PARAGRAPH

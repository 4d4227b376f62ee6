"""Extract the figures of one article: the pipeline's steps in order.

read -> normalise -> document (blocks, sentences, tables) -> quantities ->
units, qualifiers, targets, breakdowns -> plans -> indicator -> period -> the
tables' cells -> province -> repeats -> arithmetic checks.
"""
from __future__ import annotations

from datetime import date

from . import rules
from .checks.arithmetic import Finding, check_figures
from .figures.find import sentence_figures
from .figures.quantities import sentences_with_identifier_heads
from .figures.table_figures import with_table_figures
from .meaning.indicator import assign_indicators
from .meaning.period import assign_periods
from .meaning.plans import mark_plans
from .meaning.province import detect_province
from .meaning.repeats import link_repeats
from .model import TABLE, Article, Document, Figure
from .text import word_cache
from .text.document import build_document
from .text.normalise import normalise_text
from .text.words import segment_untagged


def extract_text(
    text: str, doc_id: str = "", title: str | None = None, published: date | None = None, rules: rules.Rules | None = None
) -> list[Figure]:
    """The figures of one article's text, in reading order. `rules` is the
    vocabulary (default: the project's rules/ folder). Text and title are
    normalised as `pipeline.io.read` normalises them."""
    return extract_article(Article(doc_id, normalise_text(text), title and normalise_text(title), published), rules)


def extract_article(article: Article, rules: rules.Rules | None = None) -> list[Figure]:
    """The figures of an article whose text is already normalised (as
    `pipeline.io.read` gives it), in reading order."""
    return extract_checked(article, rules)[0]


def extract_checked(article: Article, rules: rules.Rules | None = None) -> tuple[list[Figure], list[Finding]]:
    """The figures of an article and the findings of its arithmetic checks
    (which also set each figure's check_status and check_note)."""
    _, figures, findings = extract_document(article, rules)
    return figures, findings


def extract_document(article: Article, rules: rules.Rules | None = None) -> tuple[Document, list[Figure], list[Finding]]:
    """extract_checked, with the article's document model (for the steps
    after extraction that read it too, such as its row of the articles table)."""
    return read_meaning(*find_figures(article, rules))


def find_figures(article: Article, rules: rules.Rules | None = None) -> tuple[Document, list[Figure]]:
    """The first half of extract_document: the article's document model and
    the figures of its sentences, with their plans. A caller with several
    articles can segment, in one pass, the sentences their meaning will read
    (`meaning.indicator.sentences_to_read`) before `read_meaning` reads each."""
    return document_figures(build_document(article, rules))


def document_figures(doc: Document, with_words: list[str] | None = None) -> tuple[Document, list[Figure]]:
    """`find_figures` of a document built before. The sentences whose
    identifier checks read words (`with_words`, else found here by
    `sentences_with_words_to_find`) are segmented first, in one pass, those
    a caller has not segmented before (for several documents at once)."""
    segment_untagged(sentences_with_words_to_find(doc) if with_words is None else with_words)
    figures: list[Figure] = []
    for sentence in doc.sentences:
        if doc.block_of(sentence).kind == TABLE:
            continue  # its cells are read as cells, below
        figures.extend(sentence_figures(doc, sentence, figures))
    mark_plans(doc, figures)
    return doc, figures


def sentences_with_words_to_find(doc: Document) -> list[str]:
    """The sentences `document_figures` segments before it finds the figures
    (of those read as text: a table's cells are read as cells)."""
    return sentences_with_identifier_heads(doc.rules, [s.text for s in doc.sentences if doc.block_of(s).kind != TABLE])


def read_meaning(doc: Document, figures: list[Figure]) -> tuple[Document, list[Figure], list[Finding]]:
    """The second half of extract_document: each figure's indicator, period,
    province and repeats, then the arithmetic checks."""
    assign_indicators(doc, figures)
    assign_periods(doc, figures)
    # A table's cells bring their period (the column's) and what they count
    # (the row's label): the meaning steps are not theirs.
    figures = with_table_figures(doc, figures)
    province = detect_province(doc)
    for figure in figures:
        figure.doc_id = doc.article.doc_id
        if province is not None:
            figure.province, figure.province_code, figure.province_2025 = province.name, province.code, province.name_2025
    link_repeats(doc, figures)
    findings = check_figures(doc, figures)
    word_cache.flush()
    return doc, figures, findings

"""The extractor as a spaCy component.

    import spacy, pipeline
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("vn_figures")
    doc = nlp("Toàn tỉnh giải quyết việc làm cho 7.000/6.400 người, đạt 109,4% kế hoạch.")
    [(span.text, span._.value, span._.unit, span._.target) for span in doc.spans["figures"]]

Every figure becomes a span of `doc.spans["figures"]` labelled with its
indicator, so displaCy's span view shows them (`displacy.render(doc,
style="span", options={"spans_key": "figures"})`), and every column of the
figures table is on `span._` (`value`, `unit`, `indicator`, `period_start`,
`figure_id`...). The factory is registered when `pipeline` is imported, and
through the `spacy_factories` entry point when the package is installed.

The figures are found on the document's text, normalised as every article
is; their offsets are mapped back to the text as given (which may hold CRLF
line ends, decomposed letters or zero-width characters) and widened to the
user's tokens, whatever tokenizer made them.
"""
from __future__ import annotations

import regex
from spacy.language import Language
from spacy.tokens import Doc, Span

from .extract import extract_text
from .io.write import FIGURE_SCHEMA
from .text.normalise import normalise_text

SPANS_KEY = "figures"
# The columns that the span itself already gives.
_SPAN_COLUMNS = ("doc_id", "sentence", "char_start", "char_end", "quote")
EXTENSIONS = tuple(name for name in FIGURE_SCHEMA.names if name not in _SPAN_COLUMNS)
# What normalisation changes together: a CRLF; a character with the marks
# and invisible format characters after it ("a\u0300" -> "à", "a\u200b" -> "a").
_PIECE = regex.compile(r"\r\n|\P{M}[\p{M}\p{Cf}]*|.", regex.DOTALL)

for _name in EXTENSIONS:
    if not Span.has_extension(_name):
        Span.set_extension(_name, default=None)


class FigureSpans:
    """Puts an article's figures in `doc.spans[spans_key]`."""

    def __init__(self, spans_key: str = SPANS_KEY):
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        starts, ends = _given_offsets(doc.text)
        spans = []
        for figure in extract_text(doc.text, doc_id=doc.user_data.get("doc_id", "")):
            span = doc.char_span(starts[figure.char_start], ends[figure.char_end - 1], label=figure.indicator, alignment_mode="expand")
            if span is None:
                continue
            row = figure.row()
            for name in EXTENSIONS:
                span._.set(name, row[name])
            spans.append(span)
        doc.spans[self.spans_key] = spans
        return doc


@Language.factory("vn_figures", default_config={"spans_key": SPANS_KEY})
def make_vn_figures(nlp: Language, name: str, spans_key: str) -> FigureSpans:
    return FigureSpans(spans_key)


def _given_offsets(text: str) -> tuple[list[int], list[int]]:
    """For each offset of the normalised text, the start and the end in `text`
    of the piece it was normalised from. Normalising keeps the length of
    everything but those pieces, which it may shorten."""
    starts: list[int] = []
    ends: list[int] = []
    for m in _PIECE.finditer(text):
        n = len(normalise_text(m.group()))
        starts += [m.start()] * n
        ends += [m.end()] * n
    if len(starts) != len(normalise_text(text)):
        raise ValueError("vn_figures: this text normalises across letters (not Vietnamese?); its offsets cannot be mapped")
    return starts, ends

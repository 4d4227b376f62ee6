"""Every figure of Vietnamese provincial news reports, as a dataset.

    from pipeline import extract_text, extract_df
    figures = extract_text("Toàn tỉnh giải quyết việc làm cho 7.000/6.400 người, đạt 109,4% kế hoạch.")
    df = extract_df(["corpus/"])  # a pandas DataFrame with the dataset's columns

The spaCy component `vn_figures` (pipeline.spacy_component) is registered
with spaCy by the package's entry point: `nlp.add_pipe("vn_figures")`.
"""
from .extract import extract_article, extract_text
from .figures.numbers import parse_number
from .model import Article, Figure

__all__ = ["Article", "Figure", "extract_article", "extract_df", "extract_text", "parse_number", "read_df"]


def __getattr__(name: str):
    """`extract_df` and `read_df` (pipeline.frames), loaded with pandas only when used."""
    if name in ("extract_df", "read_df"):
        from . import frames

        return getattr(frames, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")

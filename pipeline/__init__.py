"""Every figure of Vietnamese provincial news reports, as a dataset.

    from pipeline import extract_text
    figures = extract_text("Toàn tỉnh giải quyết việc làm cho 7.000/6.400 người, đạt 109,4% kế hoạch.")
"""
from .extract import extract_article, extract_text
from .figures.numbers import parse_number
from .model import Article, Figure

__all__ = ["Article", "Figure", "extract_article", "extract_text", "parse_number"]

"""The dataset as pandas DataFrames.

    from pipeline import extract_df, read_df
    df = extract_df(["corpus/", "Toàn tỉnh giải quyết việc làm cho 7.000/6.400 người."])
    facts = read_df("outputs/figures.parquet", table="facts")

Both give the columns and types of the Parquet tables, with their dates as
`datetime64` (pandas reads a Parquet date as Python `date` objects, on which
`.dt` fails).
"""
from __future__ import annotations

import warnings
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

from . import rules
from .extract import extract_article, extract_text
from .io.dataset import articles_path, facts_path
from .io.read import KIND_OF_SUFFIX, Failure, articles_in
from .io.write import ARTICLE_SCHEMA, FACT_SCHEMA, FIGURE_SCHEMA, figures_table
from .run.batch import collect

if TYPE_CHECKING:
    import pandas as pd

TABLES = {"figures": FIGURE_SCHEMA, "facts": FACT_SCHEMA, "articles": ARTICLE_SCHEMA}


def to_frame(table: pa.Table) -> pd.DataFrame:
    """A table of the dataset as a DataFrame, dates as datetime64."""
    return table.to_pandas(date_as_object=False)


def extract_df(paths_or_texts: str | PathLike | Iterable[str | PathLike], r: rules.Rules | None = None) -> pd.DataFrame:
    """The figures of articles as one DataFrame with the dataset's columns.

    Each item is a file or folder (a `Path`, or a `str` naming one that
    exists; folders are searched as `extract` searches them) or the text of
    one article (doc_id `text-1`, `text-2`... by position). A `str` that
    ends like an article file (`.txt`, `.html`, `.htm`, `.jsonl`) and names
    nothing raises FileNotFoundError; a file that cannot be read is a warning.
    """
    items = [paths_or_texts] if isinstance(paths_or_texts, (str, PathLike)) else list(paths_or_texts)
    figures = []
    for position, item in enumerate(items, start=1):
        if _is_path(item):
            files, unlisted = collect([str(item)])
            for failure in unlisted:
                warnings.warn(f"skipped {failure.path}: {failure.reason}: {failure.message}", stacklevel=2)
            for path, file_id in files:
                for article in articles_in(path, file_id):
                    if isinstance(article, Failure):
                        warnings.warn(f"skipped {article.path}: {article.reason}: {article.message}", stacklevel=2)
                    else:
                        figures += extract_article(article, r)
        else:
            figures += extract_text(item, doc_id=f"text-{position}", rules=r)
    return to_frame(figures_table(figures))


def _is_path(item: str | PathLike) -> bool:
    if not isinstance(item, str):
        return True
    if "\n" in item or len(item) > 4096:
        return False
    if Path(item).exists():
        return True
    if Path(item).suffix.lower() in KIND_OF_SUFFIX:
        raise FileNotFoundError(f"{item}: no such file or folder")
    return False


def read_df(dataset: str | PathLike, table: str = "figures") -> pd.DataFrame:
    """One table of a dataset written by `extract` (the directory given to
    --out): `figures`, `facts` or `articles`."""
    root = Path(dataset)
    path = {"figures": root, "facts": facts_path(root), "articles": articles_path(root)}[table]
    if not path.exists():
        raise FileNotFoundError(f"{path}: no {table} table (run `python -m pipeline extract ... --out {root}` first)")
    data = pq.read_table(path, schema=TABLES[table]) if table == "figures" else pq.read_table(path)
    return to_frame(data)

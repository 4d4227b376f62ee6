"""Score extracted figures against a gold file (docs/gold-format.md).

Per article, predicted rows are matched one-to-one to gold figures with the
same unit and a value within 0.01 % (greedy, in reading order). Optional gold
figures count neither as missed nor, when matched, as extra. Groups of
articles (the sector of each, read from a table of sources) are scored apart.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Iterable

import regex

TOLERANCE = 1e-4  # 0.01 %

# Rows that must never be in the dataset, whatever the gold says: a number
# that is a year, a day/month or a document number.
_NOT_A_FIGURE = regex.compile(r"^(?:(?:19|20)\d{2}|\d{1,2}[/.-]\d{1,2}(?:[/.-]\d{2,4})?|\d+/\p{Lu}.*)$")


class GoldError(ValueError):
    """A gold file that cannot be read."""


def close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOLERANCE * max(abs(a), abs(b), 1e-12)


def read_gold(path: str | Path) -> list[dict]:
    docs = []
    with open(path, encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                doc = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
            if not isinstance(doc, dict) or "doc_id" not in doc or not isinstance(doc.get("figures"), list):
                raise GoldError(f"{path}:{n}: a gold line needs 'doc_id' and a list 'figures'")
            docs.append(doc)
    return docs


def read_groups(path: str | Path, column: str) -> dict[str, str]:
    """doc_id -> group, from a tab-separated table with a header line: its
    first column names the article (as the gold's doc_id does), `column`
    its group (`SOURCES.tsv:domain`). An empty cell puts it in no group."""
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t"))
    except FileNotFoundError:
        raise GoldError(f"{path}: no such table of groups") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise GoldError(f"{path}: cannot read the table of groups ({exc})") from None
    if not rows or column not in rows[0]:
        found = ", ".join(rows[0]) if rows else "none"
        raise GoldError(f"{path}: no column {column!r} (its columns: {found})")
    at = rows[0].index(column)
    return {row[0]: row[at].strip() for row in rows[1:] if row and len(row) > at and row[at].strip()}


@dataclass
class ArticleScore:
    doc_id: str
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    missed: list[dict] = field(default_factory=list)
    extra: list[dict] = field(default_factory=list)
    not_figures: list[dict] = field(default_factory=list)
    indicator: list[bool] = field(default_factory=list)
    target: list[bool] = field(default_factory=list)
    period: list[bool] = field(default_factory=list)
    province: bool | None = None


def _month(d: Any) -> tuple[int, int] | None:
    if d is None or (isinstance(d, float) and d != d):
        return None
    if isinstance(d, str):
        d = date.fromisoformat(d[:10])
    return (d.year, d.month)


def _none(v: Any) -> Any:
    return None if v is None or (isinstance(v, float) and v != v) else v


def score_article(gold: dict, rows: list[dict]) -> ArticleScore:
    """Match one article's predicted rows (reading order) to its gold figures."""
    s = ArticleScore(gold["doc_id"])
    rows = sorted(rows, key=lambda r: r["char_start"])
    used = [False] * len(rows)
    extra_ok = 0  # predictions matched to optional gold figures
    for g in gold["figures"]:
        hit = next(
            (i for i, r in enumerate(rows) if not used[i] and r["unit"] == g["unit"] and close(float(r["value"]), float(g["value"]))),
            None,
        )
        if g.get("optional"):
            if hit is not None:
                used[hit] = True
                extra_ok += 1
            continue
        s.gold += 1
        if hit is None:
            s.missed.append(g)
            continue
        used[hit] = True
        s.matched += 1
        r = rows[hit]
        if g.get("indicator") not in (None, "other"):
            s.indicator.append(r.get("indicator") == g["indicator"])
        if g.get("target") is not None or g.get("pct_of_target") is not None:
            s.target.append(close(_none(r.get("target")), g.get("target")) and close(_none(r.get("pct_of_target")), g.get("pct_of_target")))
        if g.get("period_end") is not None:
            s.period.append(_month(r.get("period_end")) == _month(g["period_end"]))
    s.predicted = len(rows) - extra_ok
    for i, r in enumerate(rows):
        if not used[i]:
            s.extra.append(r)
            if _NOT_A_FIGURE.match(r.get("quote", "").split(" ")[0]):
                s.not_figures.append(r)
    if gold.get("province"):
        s.province = any(r.get("province") == gold["province"] for r in rows)
    return s


@dataclass
class Report:
    articles: list[ArticleScore]

    def _sum(self, name: str) -> int:
        return sum(getattr(a, name) for a in self.articles)

    @staticmethod
    def _share(flags: Iterable[bool]) -> float | None:
        flags = list(flags)
        return sum(flags) / len(flags) if flags else None

    @property
    def precision(self) -> float:
        p = self._sum("predicted")
        return self._sum("matched") / p if p else 0.0

    @property
    def recall(self) -> float:
        g = self._sum("gold")
        return self._sum("matched") / g if g else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float | None:
        if name == "province":
            return self._share(a.province for a in self.articles if a.province is not None)
        return self._share(flag for a in self.articles for flag in getattr(a, name))

    def groups(self, group_of: dict[str, str]) -> dict[str, Report]:
        """The articles of each group, scored apart, by group name."""
        out: dict[str, list[ArticleScore]] = {}
        for a in self.articles:
            group = group_of.get(a.doc_id, group_of.get(_key(a.doc_id)))
            if group is not None:
                out.setdefault(group, []).append(a)
        return {name: Report(articles) for name, articles in sorted(out.items())}

    @property
    def not_figures(self) -> list[dict]:
        return [r for a in self.articles for r in a.not_figures]

    def metrics(self) -> dict[str, float | None]:
        return {
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "indicator": self.accuracy("indicator"),
            "target": self.accuracy("target"),
            "period": self.accuracy("period"),
            "province": self.accuracy("province"),
        }


def _key(doc_id: str) -> str:
    return Path(doc_id.split("#")[0]).name if "#" not in doc_id else doc_id


def score(gold_docs: list[dict], rows: list[dict]) -> Report:
    """Score predicted rows (dicts with the dataset's columns) against gold.

    Rows are matched to gold articles by doc_id, or by file name when the
    prediction was made from another folder.
    """
    by_doc: dict[str, list[dict]] = {}
    for r in rows:
        by_doc.setdefault(r["doc_id"], []).append(r)
    by_name: dict[str, list[dict]] = {}
    for doc_id, doc_rows in by_doc.items():
        by_name.setdefault(_key(doc_id), []).extend(doc_rows)
    return Report(
        [score_article(g, by_doc.get(g["doc_id"], by_name.get(_key(g["doc_id"]), []))) for g in gold_docs]
    )

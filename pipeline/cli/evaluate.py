"""`python -m pipeline evaluate GOLD.jsonl [PRED.parquet] [--articles DIR]`."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..extract import extract_article
from ..gold.evaluate import GoldError, Report, read_gold, score
from ..io.read import Failure, articles_in
from ..model import Article
from .common import CliError

THRESHOLDS = ("f1", "indicator", "target", "period", "province")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "evaluate",
        help="score extracted figures against a gold file",
        description=(
            "Score a dataset against a hand-made gold file (JSON Lines, one article a line; "
            "see GOLD-FORMAT.md): precision, recall and F1 of value-and-unit, and the accuracy of "
            "indicator, target, period and province on the matched figures. Give the dataset "
            "(PRED), or the folder of the gold's articles (--articles) to extract them on the fly, or both "
            "(the articles' text then shows each figure's words in --misses)."
        ),
    )
    p.add_argument("gold", metavar="GOLD.jsonl", help="gold annotations")
    p.add_argument("pred", metavar="PRED.parquet", nargs="?", help="the dataset to score (a Parquet file or folder)")
    p.add_argument("--articles", metavar="DIR", help="folder holding the gold's articles (doc_id = file name)")
    p.add_argument("--misses", action="store_true", help="list every missed and every extra figure")
    for name in THRESHOLDS:
        p.add_argument(f"--min-{name}", type=float, metavar="X", help=f"exit 1 when {name} is below X")
    p.set_defaults(func=run)


def _articles(folder: str | None, gold_docs: list[dict]) -> dict[str, Article]:
    """The gold's articles, read as a batch run reads them."""
    if folder is None:
        return {}
    root = Path(folder)
    if not root.is_dir():
        raise CliError(f"--articles {folder}: no such folder")
    articles = {}
    for g in gold_docs:
        path = root / g["doc_id"]
        if not path.is_file():
            raise CliError(f"--articles {folder}: the gold's article {g['doc_id']} is not there")
        for item in articles_in(path, g["doc_id"]):
            if isinstance(item, Failure):
                raise CliError(f"{path}: {item.message}")
            articles[g["doc_id"]] = item
    return articles


def _rows(args, articles: dict[str, Article]) -> list[dict]:
    if args.pred:
        import pandas as pd

        path = Path(args.pred)
        if not path.exists():
            raise CliError(f"{args.pred}: no such dataset")
        try:
            rows = pd.read_parquet(path).to_dict("records")
        except Exception as exc:  # pyarrow raises several kinds for a bad file
            raise CliError(f"{args.pred}: not a readable Parquet dataset ({exc})") from exc
    elif articles:
        rows = [f.row() for article in articles.values() for f in extract_article(article)]
    else:
        raise CliError("give the dataset to score (PRED.parquet) or the articles' folder (--articles)")
    for r in rows:
        article = articles.get(r["doc_id"]) or articles.get(Path(r["doc_id"]).name)
        if article is not None:
            r["quote"] = article.text[r["char_start"] : r["char_end"]]
    return rows


def _fmt(v: float | None) -> str:
    return "  n/a" if v is None else f"{v:.3f}"


def print_report(name: str, report: Report, misses: bool) -> None:
    m = report.metrics()
    print(f"{name}: {len(report.articles)} articles")
    print("  " + "  ".join(f"{k} {_fmt(v)}" for k, v in m.items()))
    for a in report.articles:
        line = f"  {a.doc_id:<28} gold {a.gold:3}  pred {a.predicted:3}  matched {a.matched:3}"
        if a.province is False:
            line += "  province WRONG"
        print(line)
        if misses:
            for g in a.missed:
                print(f"      missed  {g.get('quote', '')!r:<34} {g['value']:>16,} {g['unit']}")
            for r in a.extra:
                print(f"      extra   {r.get('quote', '')!r:<34} {r['value']:>16,} {r['unit']}")
    if report.not_figures:
        print(f"  {len(report.not_figures)} rows are dates, years or document numbers:")
        for r in report.not_figures:
            print(f"      {r['doc_id']}: {r.get('quote')!r}")


def run(args) -> int:
    try:
        gold_docs = read_gold(args.gold)
    except FileNotFoundError:
        raise CliError(f"{args.gold}: no such gold file") from None
    except GoldError as exc:
        raise CliError(str(exc)) from None
    report = score(gold_docs, _rows(args, _articles(args.articles, gold_docs)))
    print_report(args.gold, report, args.misses)
    failed = [
        f"{name} {_fmt(report.metrics()[name])} < {minimum}"
        for name in THRESHOLDS
        if (minimum := getattr(args, f"min_{name}")) is not None
        and (report.metrics()[name] is None or report.metrics()[name] < minimum)
    ]
    if report.not_figures:
        failed.append(f"{len(report.not_figures)} rows are not figures")
    if failed:
        print("FAILED: " + "; ".join(failed))
        return 1
    return 0

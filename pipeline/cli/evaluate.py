"""`python -m pipeline evaluate GOLD.jsonl [PRED.parquet] [--articles DIR]
[--groups TABLE.tsv:COLUMN]`."""
from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from ..extract import extract_article
from ..gold.evaluate import GoldError, Report, read_gold, read_groups, score
from ..io.read import Failure, articles_in
from ..model import Article
from ..report.format import plural
from .common import EXIT_MISMATCH, EXIT_OK, CliError, exit_statuses

THRESHOLDS = ("f1", "indicator", "target", "period", "province")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "evaluate",
        help="score extracted figures against a gold file",
        description=(
            "Score a dataset against a hand-made gold file (JSON Lines, one article a line; "
            "see docs/gold-format.md): precision, recall and F1 of value-and-unit, and the accuracy of "
            "indicator, target, period and province on the matched figures. Give the dataset "
            "(PRED), or the folder of the gold's articles (--articles) to extract them on the fly, or both "
            "(the articles' text then shows each figure's words in --misses). With --groups, each group "
            "of articles (the sector of each, say) is also scored on a line of its own, and a threshold "
            "may hold for one group."
        ),
        epilog=exit_statuses(
            EXIT_OK, EXIT_MISMATCH,
            s0="every score is at or above its --min-* threshold",
            s1="a score is below its --min-* threshold, or rows are dates, years or document numbers",
            s2="usage error (a missing gold file, dataset or article, a bad threshold)",
        ),
    )
    p.add_argument("gold", metavar="GOLD.jsonl", help="gold annotations")
    p.add_argument("pred", metavar="PRED.parquet", nargs="?", help="the dataset to score (a Parquet file or folder)")
    p.add_argument("--articles", metavar="DIR", help="folder holding the gold's articles (doc_id = file name)")
    p.add_argument("--misses", action="store_true", help="list every missed and every extra figure")
    p.add_argument(
        "--groups",
        metavar="TABLE.tsv:COLUMN",
        help=(
            "also score groups of articles apart, one line per group: the group of an article is its "
            "COLUMN in TABLE.tsv (tab-separated, a header line, the first column naming the article as "
            "the gold's doc_id does), e.g. ../shared/corpus-dev2/SOURCES.tsv:domain"
        ),
    )
    p.add_argument("--summary", action="store_true", help="print the totals and the groups only, no line per article")
    for name in THRESHOLDS:
        p.add_argument(
            f"--min-{name}",
            action="append",
            default=[],
            metavar="[GROUP=]X",
            help=f"exit 1 when {name} is below X, over all articles or, as GROUP=X, over one group of --groups (repeatable)",
        )
    p.set_defaults(func=run)


@dataclass(frozen=True)
class Threshold:
    metric: str
    minimum: float
    group: str | None = None  # None: over all articles

    def __str__(self) -> str:
        return f"--min-{self.metric} {self.group + '=' if self.group else ''}{self.minimum:g}"


def thresholds(args) -> list[Threshold]:
    """The --min-* options, read as numbers (raises CliError)."""
    out = []
    for name in THRESHOLDS:
        for given in getattr(args, f"min_{name}"):
            group, _, number = given.rpartition("=")
            try:
                minimum = float(number)
            except ValueError:
                raise CliError(f"--min-{name} {given}: give a number, or GROUP=number") from None
            if group and not args.groups:
                raise CliError(f"--min-{name} {given}: a group's threshold needs --groups")
            out.append(Threshold(name, minimum, group or None))
    return out


def _groups(spec: str | None) -> dict[str, str] | None:
    if spec is None:
        return None
    path, sep, column = spec.rpartition(":")
    if not sep or not path or not column:
        raise CliError(f"--groups {spec}: give the table and its column, as TABLE.tsv:COLUMN")
    try:
        return read_groups(path, column)
    except GoldError as exc:
        raise CliError(f"--groups {spec}: {exc}") from None


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


def _metrics_line(report: Report) -> str:
    return "  ".join(f"{k} {_fmt(v)}" for k, v in report.metrics().items())


def print_report(name: str, report: Report, misses: bool, groups: dict[str, Report] | None = None, summary: bool = False) -> None:
    print(f"{name}: {plural(len(report.articles), 'article')}")
    print("  " + _metrics_line(report))
    for group, sub in (groups or {}).items():
        print(f"  group {group} ({plural(len(sub.articles), 'article')}): {_metrics_line(sub)}")
    if groups is not None:
        alone = len(report.articles) - sum(len(sub.articles) for sub in groups.values())
        if alone:
            print(f"  {plural(alone, 'article')} in no group")
    for a in [] if summary else report.articles:
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
        for r in [] if summary else report.not_figures:
            print(f"      {r['doc_id']}: {r.get('quote')!r}")


def run(args) -> int:
    limits = thresholds(args)
    group_of = _groups(args.groups)
    try:
        gold_docs = read_gold(args.gold)
    except FileNotFoundError:
        raise CliError(f"{args.gold}: no such gold file") from None
    except GoldError as exc:
        raise CliError(str(exc)) from None
    report = score(gold_docs, _rows(args, _articles(args.articles, gold_docs)))
    groups = report.groups(group_of) if group_of is not None else None
    for limit in limits:
        if limit.group is not None and limit.group not in groups:
            known = ", ".join(groups) or "none"
            raise CliError(f"{limit}: no article of the gold is in group {limit.group!r} (its groups: {known})")
    print_report(args.gold, report, args.misses, groups, args.summary)
    failed = []
    for limit in limits:
        scored = report if limit.group is None else groups[limit.group]
        value = scored.metrics()[limit.metric]
        if value is None or value < limit.minimum:
            where = f" of group {limit.group}" if limit.group else ""
            failed.append(f"{limit.metric}{where} {_fmt(value)} < {limit.minimum:g}")
    if report.not_figures:
        failed.append(f"{len(report.not_figures)} rows are not figures")
    if failed:
        print("FAILED: " + "; ".join(failed))
        return EXIT_MISMATCH
    return EXIT_OK

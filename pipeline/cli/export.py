"""`python -m pipeline export DATASET --format csv|xlsx [--table figures|facts|articles] [--out FILE]`:
one table of the dataset for people who live in spreadsheets."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..report.format import plural
from .common import EXIT_OK, CliError, dataset_dir, exit_statuses

FORMATS = ("csv", "xlsx")
EXCEL_MAX_ROWS = 1_048_575  # one sheet's rows, less the header
LIST_SEPARATOR = "; "  # between the figure_ids of a fact in one cell


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "export",
        help="write one table of a dataset as CSV or Excel",
        description=(
            "Write one table of the dataset that `extract` wrote at DATASET (the directory given to --out): "
            "figures (one row per figure), facts (one row per province, indicator, unit, period and plan) or "
            "articles (one row per article). CSV is UTF-8 with a byte order mark, so that Excel shows "
            "Vietnamese as it is, with dates as YYYY-MM-DD; Excel files have one sheet, with real date cells. "
            "A fact's figure_ids are joined with '; ' in one cell."
        ),
        epilog=exit_statuses(
            EXIT_OK,
            s0="the table was written",
            s2="usage error (DATASET is not a dataset, the table is missing, FILE cannot be written, "
               "too many rows for Excel)",
        ),
    )
    p.add_argument("dataset", metavar="DATASET", help="the dataset directory, e.g. outputs/figures.parquet")
    p.add_argument("--format", choices=FORMATS, required=True, help="csv or xlsx")
    p.add_argument("--table", choices=("figures", "facts", "articles"), default="figures",
                   help="which table (default: %(default)s)")
    p.add_argument("-o", "--out", metavar="FILE",
                   help="where to write, '-' for standard output (CSV only) "
                        "(default: beside the dataset, e.g. outputs/figures.facts.csv; figures.csv for the figures)")
    p.set_defaults(func=main)


def default_out(dataset: Path, table: str, fmt: str) -> Path:
    """`outputs/figures.parquet`, facts, csv -> `outputs/figures.facts.csv`."""
    name = dataset.stem if table == "figures" else f"{dataset.stem}.{table}"
    return dataset.with_name(f"{name}.{fmt}")


def main(args: argparse.Namespace) -> int:
    from ..frames import read_df

    dataset = dataset_dir(args.dataset, args.program)
    try:
        df = read_df(dataset, args.table)
    except FileNotFoundError as exc:
        raise CliError(str(exc)) from None
    if "figure_ids" in df:
        df["figure_ids"] = [LIST_SEPARATOR.join(ids) for ids in df["figure_ids"]]
    if args.out == "-":
        if args.format != "csv":
            raise CliError("--out - (standard output) is for --format csv only")
        df.to_csv(sys.stdout, index=False, date_format="%Y-%m-%d")
        return EXIT_OK
    out = Path(args.out) if args.out else default_out(dataset, args.table, args.format)
    try:
        if args.format == "csv":
            df.to_csv(out, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
        else:
            _write_xlsx(df, out, args.table)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"export: {plural(len(df), args.table + ' row')} -> {out}")
    return EXIT_OK


def _write_xlsx(df, out: Path, sheet: str) -> None:
    import pandas as pd
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if len(df) > EXCEL_MAX_ROWS:
        raise CliError(f"{len(df)} rows do not fit in one Excel sheet ({EXCEL_MAX_ROWS}): "
                       "use --format csv, or select rows with DuckDB first")
    for name in df.columns:
        if pd.api.types.is_datetime64_any_dtype(df[name]):
            # dates, not date-times: pandas writes a datetime64 cell with its time
            df[name] = [None if pd.isna(v) else v.date() for v in df[name]]
        elif not pd.api.types.is_numeric_dtype(df[name]):
            # control characters a scraped text may keep cannot stand in a cell
            df[name] = [ILLEGAL_CHARACTERS_RE.sub("", v) if isinstance(v, str) else v for v in df[name]]
    with pd.ExcelWriter(out, engine="openpyxl", date_format="YYYY-MM-DD") as writer:
        df.to_excel(writer, sheet_name=sheet, index=False, freeze_panes=(1, 0))

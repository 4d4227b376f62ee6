"""The Parquet file: the columns of docs/dataset.md in order, with their
types, readable by pandas, pyarrow and DuckDB."""
import datetime
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from pipeline import extract_text
from pipeline.io.write import FIGURE_SCHEMA, figures_table, write_table

SPEC_COLUMNS = [
    ("doc_id", pa.string()),
    ("province", pa.string()),
    ("indicator", pa.string()),
    ("indicator_text", pa.string()),
    ("value", pa.float64()),
    ("value_max", pa.float64()),
    ("unit", pa.string()),
    ("unit_text", pa.string()),
    ("qualifier", pa.string()),
    ("target", pa.float64()),
    ("pct_of_target", pa.float64()),
    ("period_start", pa.date32()),
    ("period_end", pa.date32()),
    ("period_text", pa.string()),
    ("sentence", pa.string()),
    ("char_start", pa.int32()),
    ("char_end", pa.int32()),
]


def test_schema_starts_with_the_spec_columns_in_order():
    assert [(f.name, f.type) for f in FIGURE_SCHEMA][: len(SPEC_COLUMNS)] == SPEC_COLUMNS


def test_round_trip_with_pandas_pyarrow_duckdb(tmp_path):
    text = "Toàn tỉnh giải quyết việc làm cho 7.000/6.400 người, đạt 109,4% kế hoạch; hỗ trợ khoảng 45 - 50 hộ."
    figures = extract_text(text, "bac-kan.txt")
    figures[0].period_start = datetime.date(2024, 1, 1)
    path = tmp_path / "figures.parquet"
    write_table(figures_table(figures), path)

    assert pq.read_schema(path).equals(FIGURE_SCHEMA, check_metadata=False)
    df = pd.read_parquet(path)
    assert df[["value", "target", "pct_of_target", "unit"]].iloc[0].tolist() == [7000.0, 6400.0, 109.4, "person"]
    assert df["value_max"].iloc[1] == 50.0 and df["qualifier"].iloc[1] == "range"
    rows = duckdb.sql(f"select value, char_start, period_start from read_parquet('{path}') order by char_start").fetchall()
    assert rows[0] == (7000.0, text.index("7.000"), datetime.date(2024, 1, 1))
    assert [r[0] for r in rows] == [7000.0, 45.0]


def test_a_row_has_every_column_and_only_those():
    text = "Năm 2024, toàn tỉnh tuyển sinh 18.247 người (Gồm: cao đẳng: 940 người, trung cấp: 1.582 người)."
    figures = extract_text(text, "a.txt")
    assert len(figures) == 3 and all(set(f.row()) == set(FIGURE_SCHEMA.names) for f in figures)
    total, part = figures[0].row(), figures[1].row()
    assert (total["figure_id"], part["part_of"], part["quote"]) == (f"a.txt#{text.index('18.247')}", total["figure_id"], "940 người")


_RUN_AND_LIST_MODULES = """
import sys
from pipeline.cli import main
main(["extract", sys.argv[1], "--out", sys.argv[2], "--no-progress"])
print(" ".join(sorted(m for m in sys.modules if m.split(".")[0] in ("pandas", "underthesea", "numpy"))))
"""


def test_an_extract_run_imports_neither_pandas_nor_numpy_ma(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Năm 2023, toàn tỉnh có 1.250 hộ nghèo, giảm 3,5% so với năm 2022.", encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", _RUN_AND_LIST_MODULES, str(tmp_path / "in"), str(tmp_path / "o")],
                          capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    imported = done.stdout.split("\n")[-2].split()
    assert not [m for m in imported if m.startswith("pandas")]
    assert "numpy" in imported and "numpy.ma" not in imported  # pyarrow imports numpy.ma for a NumPy array
    assert pq.read_table(tmp_path / "o", columns=["value", "unit"]).to_pylist() == [{"value": 1250.0, "unit": "household"}]


_PANDAS_AFTER = """
import pyarrow as pa
from pipeline.io.write import arrow_without_pandas
arrow_without_pandas()
frame = pa.table({"n": [1, 2]}).to_pandas()
import pandas as pd
kinds = pa.array(pd.Series(["a", "b", "a"], dtype="category"))
print(type(frame).__name__, frame.n.sum(), pa.types.is_dictionary(kinds.type), kinds.indices.to_pylist())
"""


def test_pandas_still_works_after_a_run_spared_its_import():
    done = subprocess.run([sys.executable, "-c", _PANDAS_AFTER], capture_output=True, text=True,
                          cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["DataFrame", "3", "True", "[0,", "1,", "0]"]

"""Scoring as docs/gold-format.md says, and the shipped seeds scored end to end."""
import json
from pathlib import Path

import pytest

from pipeline import extract_text
from pipeline.gold.evaluate import read_gold, score

GOLD = {
    "doc_id": "a.txt",
    "province": "Bắc Kạn",
    "figures": [
        {"quote": "7.000/6.400 người", "value": 7000, "unit": "person", "indicator": "jobs_created", "target": 6400, "pct_of_target": 109.4, "period_end": "2024-12-31"},
        {"quote": "02 trường hợp", "value": 2, "unit": "case", "indicator": "other", "target": None, "pct_of_target": None, "period_end": None},
        {"quote": "giảm 3,73%", "value": 3.73, "unit": "percent", "indicator": "other", "optional": True},
    ],
}


def row(value, unit, **kw):
    return {"doc_id": "a.txt", "value": value, "unit": unit, "char_start": kw.pop("at", 0), **kw}


def test_matching_and_accuracies():
    rows = [
        row(7000.0004, "person", at=1, indicator="jobs_created", target=6400, pct_of_target=109.4, period_end="2024-12-20", province="Bắc Kạn"),
        row(2, "count", at=2),  # wrong unit: extra, and the gold 2 is missed
        row(3.73, "percent", at=3),  # matches an optional figure: not extra
    ]
    report = score([GOLD], rows)
    assert (report.precision, report.recall) == (0.5, 0.5)
    assert report.metrics()["indicator"] == 1.0 and report.metrics()["target"] == 1.0
    assert report.metrics()["period"] == 1.0 and report.metrics()["province"] == 1.0


def test_value_tolerance_is_a_hundredth_of_a_percent():
    assert score([GOLD], [row(7000.8, "person")]).articles[0].matched == 0
    assert score([GOLD], [row(7000.6, "person")]).articles[0].matched == 1


def test_seed_gold_scores(corpus_texts):
    gold = read_gold(Path(__file__).parent / "gold" / "seeds.jsonl")
    rows = [f.row() for name, text in corpus_texts.items() for f in extract_text(text, name)]
    report = score(gold, rows)
    assert report.f1 >= 0.95
    assert report.not_figures == []


def test_bad_gold_line_is_named(tmp_path):
    path = tmp_path / "g.jsonl"
    path.write_text(json.dumps({"doc_id": "a"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="g.jsonl:1"):
        read_gold(path)

"""parse_number: one written number -> its value, from tests/tables/numbers.yaml."""
import pytest
from conftest import table

from pipeline.figures.numbers import parse_number
from pipeline.rules import default_rules


@pytest.mark.parametrize("written, value", table("numbers"))
def test_parse_number(written, value):
    result = parse_number(written)
    if value is None:
        assert result is None
    else:
        assert result == pytest.approx(value, rel=1e-12)


@pytest.mark.parametrize("word", sorted(default_rules().numbers.negative))
def test_every_negative_word(word):
    assert parse_number(f"{word} 1.200.000") == -1_200_000
    assert parse_number(f"{word} hai mươi") == -20


@pytest.mark.parametrize("word", sorted(default_rules().numbers.tens))
def test_every_tens_word(word):
    assert parse_number(f"hai {word}") == 20
    assert parse_number(f"ba {word} nghìn") == 30_000
    assert parse_number(word) is None  # never a number on its own ("hàng chục": dozens)

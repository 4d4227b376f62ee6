"""parse_number: one written number -> its value, from tests/tables/numbers.yaml."""
import pytest
from conftest import table

from pipeline.figures.numbers import parse_number


@pytest.mark.parametrize("written, value", table("numbers"))
def test_parse_number(written, value):
    result = parse_number(written)
    if value is None:
        assert result is None
    else:
        assert result == pytest.approx(value, rel=1e-12)

"""Every row of every corpus article points at its own number in the text, so a
journalist can find each figure in the article."""
from pathlib import Path

import pytest
import regex

from pipeline import extract_text
from pipeline.figures.numbers import parse_number
from pipeline.text.normalise import normalise_text

DEV = Path(__file__).parent.parent.parent / "shared" / "corpus-dev"
_LEADING_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")


def _articles():
    root = Path(__file__).parent.parent / "corpus"
    paths = sorted(root.glob("*.txt")) + (sorted(DEV.glob("*.txt")) if DEV.is_dir() else [])
    return [pytest.param(p, id=p.name) for p in paths]


@pytest.mark.parametrize("path", _articles())
def test_every_row_holds_its_number(path):
    text = normalise_text(path.read_text(encoding="utf-8"))
    figures = extract_text(text, path.name)
    assert figures, "a report article gives figures"
    for f in figures:
        quote = text[f.char_start : f.char_end]
        assert text[f.sentence_start :].startswith(f.sentence) and f.sentence_start <= f.char_start < f.char_end <= f.sentence_start + len(f.sentence)
        number = _LEADING_NUMBER.match(quote)
        assert number, f"{quote!r} does not start with the figure's number"
        written = parse_number(number.group())
        assert written is not None and any(f.value == pytest.approx(written * scale) for scale in (1, 1e3, 1e6, 1e9, 1e12)), quote
        assert f.unit_text.replace(" ", "") in quote.replace(" ", "") or not f.unit_text, quote

"""Every row of every corpus article points at its own number in the text, so a
journalist can find each figure in the article, and its value is that number
times what its own words say: the scale word of its unit ("16,1 tỷ đồng",
"nghìn ha" of a table's row) and a unit counted in another ("62,5 tạ/ha" is
6 250 kg)."""
from pathlib import Path

import pytest
import regex

from pipeline import extract_text
from pipeline.figures.numbers import parse_number
from pipeline.rules import default_rules
from pipeline.text.normalise import normalise_text

DEV = Path(__file__).parent.parent.parent / "shared" / "corpus-dev"
_LEADING_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")


def _articles():
    root = Path(__file__).parent.parent / "corpus"
    paths = sorted(root.glob("*.txt")) + (sorted(DEV.glob("*.txt")) if DEV.is_dir() else [])
    return [pytest.param(p, id=p.name) for p in paths]


def _multiple(unit_text: str) -> tuple[float, str | None]:
    """What a figure's unit multiplies its number by, and the scale word that
    says so (None when there is none)."""
    r = default_rules()
    words = unit_text.lower().split()
    scale, scale_word = 1.0, None
    for n in (2, 1):
        head = " ".join(words[:n])
        if len(words) >= n and head in r.numbers.scales:
            scale, scale_word, words = r.numbers.scales[head], head, words[n:]
            break
    unit = " ".join(words).split("/")[0]
    return scale * r.units.factor.get(unit, 1.0), scale_word


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
        multiple, scale_word = _multiple(f.unit_text)
        assert written is not None and f.value == pytest.approx(written * multiple, rel=1e-12), (quote, f.unit_text, f.value)
        # the scale word stands in the figure's own words, or in its table row's label
        in_quote = scale_word is None or scale_word in " ".join(quote.lower().split())
        assert in_quote or quote == number.group(), quote
        assert f.unit_text.replace(" ", "") in quote.replace(" ", "") or not f.unit_text, quote

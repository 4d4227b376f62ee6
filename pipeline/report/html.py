"""What the pages share: the HTML around a body, their styles and scripts
inlined from assets/ (a page needs nothing but itself), and the icon of each
status, drawn as SVG so that it shows whatever fonts the reader has."""
from __future__ import annotations

import re
from functools import cache
from html import escape
from pathlib import Path

from .format import period

ASSETS = Path(__file__).resolve().parent / "assets"

# One symbol per status: a shape tells them apart as well as the colour does.
_SYMBOLS = {
    # a triangle with an exclamation mark: the arithmetic does not hold
    "mismatch": '<path d="M8 1.2 15.3 14.3H.7z" fill="currentColor"/>'
                '<path d="M8 5.6v4.4M8 11.6v1.3" stroke="#fff" stroke-width="1.8" stroke-linecap="round"/>',
    # a half-filled circle: parts missing
    "partial": '<circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" stroke-width="1.6"/>'
               '<path d="M8 1.8a6.2 6.2 0 0 0 0 12.4z" fill="currentColor"/>',
    # a question mark in a dashed circle: cannot be checked
    "unverifiable": '<circle cx="8" cy="8" r="6.2" fill="none" stroke="currentColor" stroke-width="1.4" stroke-dasharray="2.2 1.6"/>'
                    '<path d="M6.1 6.3a1.95 1.95 0 1 1 2.7 1.8c-.6.3-.8.7-.8 1.4v.4M8 11.6v.9" fill="none" '
                    'stroke="currentColor" stroke-width="1.5" stroke-linecap="round"/>',
    # a tick: it holds
    "ok": '<path d="M2.5 8.6 6.3 12.2 13.6 3.8" fill="none" stroke="currentColor" stroke-width="2.2" '
          'stroke-linecap="round" stroke-linejoin="round"/>',
    # an empty circle: nothing to check
    "unchecked": '<circle cx="8" cy="8" r="3.4" fill="none" stroke="currentColor" stroke-width="1.6"/>',
    # two opposed arrows: two statements disagree
    "conflict": '<path d="M2 5.2h10.5M9.6 2.4l2.9 2.8-2.9 2.8M14 10.8H3.5M6.4 8l-2.9 2.8 2.9 2.8" fill="none" '
                'stroke="currentColor" stroke-width="1.6" stroke-linecap="round" stroke-linejoin="round"/>',
}


def icons() -> str:
    """The hidden sprite every page carries, one <symbol> per status."""
    symbols = "".join(f'<symbol id="i-{name}" viewBox="0 0 16 16">{shape}</symbol>' for name, shape in _SYMBOLS.items())
    return f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">{symbols}</svg>'


def icon(status: str, label: str) -> str:
    """A status's icon, named for screen readers."""
    return (f'<svg class="icon {status}" role="img" aria-label="{escape(label)}">'
            f'<title>{escape(label)}</title><use href="#i-{status}"/></svg>')


def breakable(identifier: str) -> str:
    """An id (`social_insurance_compulsory`, `thang10/bai.txt#1234`) as HTML
    that a narrow box breaks only after `_`, `/`, `#`, `.` or `-`, never
    inside a word or a number."""
    return re.sub(r"([_/#.-])", r"\1<wbr>", escape(identifier))


def period_html(start, end) -> str:
    """A period in short (pipeline.report.format.period), which a narrow box
    may break after its `..`, between its two dates, never inside one."""
    text = period(start, end)
    first, dots, last = text.partition("..")
    if not (dots and first and last):
        return f'<span class="num">{escape(text)}</span>'
    return f'<span class="num">{escape(first)}..</span><wbr><span class="num">{escape(last)}</span>'


def status_badge(status: str, label: str) -> str:
    """A status's icon and its word, in its colour."""
    return f'<span class="st {status}">{icon(status, label)}<span>{escape(label)}</span></span>'


@cache
def asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def page(title: str, body: str, lang: str, styles: tuple[str, ...], scripts: tuple[str, ...] = ()) -> str:
    """A whole page: `styles` and `scripts` (files of assets/) inlined."""
    css = "\n".join(asset(name) for name in styles)
    js = "".join(f"<script>\n{asset(name)}</script>\n" for name in scripts)
    return (
        f'<!DOCTYPE html>\n<html lang="{lang}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(title)}</title>\n<style>\n{css}</style>\n</head>\n<body>\n{icons()}\n{body}\n{js}</body>\n</html>\n"
    )

"""The words of the review pages and the report, in English and Vietnamese.

The statuses and the kinds of check are named by pipeline.checks.messages
(`status_label`, `kind_label`): one home for those words. Here are the
pages' own: headings, columns, filters, what the frames of indicator and
period are called, and the nouns counted. A word missing in Vietnamese falls
back to English; a key missing altogether is a bug (KeyError).
"""
from __future__ import annotations

from html import escape

from .. import rules
from ..checks.messages import ENGLISH
from .format import plural

WORDS: dict[str, dict[str, str]] = {
    # the review pages
    "review_title": {"en": "Review of the articles' figures", "vi": "Rà soát số liệu các bài báo"},
    "all_articles": {"en": "all articles", "vi": "tất cả các bài"},
    "checks": {"en": "Checks", "vi": "Kiểm tra số liệu"},
    "figures": {"en": "Figures", "vi": "Số liệu"},
    "text": {"en": "The article", "vi": "Nội dung bài"},
    "no_checks": {"en": "No arithmetic to check in this article.", "vi": "Bài không có phép tính nào để kiểm."},
    "nothing_contradicted": {"en": "No number of this article contradicts another.",
                             "vi": "Không có số liệu nào trong bài mâu thuẫn với nhau."},
    "other_checks": {"en": "Other checks", "vi": "Các phép kiểm khác"},
    "legend": {"en": "Key", "vi": "Chú giải"},
    "unchecked": {"en": "nothing to check", "vi": "không có gì để kiểm"},
    "see_figure": {"en": "figure", "vi": "số liệu"},
    "open_page": {"en": "open", "vi": "mở"},
    "close": {"en": "Close", "vi": "Đóng"},
    "tap_hint": {"en": "Select a figure (click, tap, or Tab and Enter) to see where its indicator and period come from.",
                 "vi": "Chọn một số liệu (bấm, chạm, hoặc Tab rồi Enter) để xem chỉ tiêu và thời kỳ được lấy từ đâu."},
    # columns and details of a figure
    "n": {"en": "#", "vi": "#"},
    "words": {"en": "as written", "vi": "nguyên văn"},
    "value": {"en": "value", "vi": "giá trị"},
    "value_max": {"en": "up to", "vi": "đến"},
    "unit": {"en": "unit", "vi": "đơn vị"},
    "unit_text": {"en": "unit as written", "vi": "đơn vị trong bài"},
    "qualifier": {"en": "qualifier", "vi": "từ ước lượng"},
    "plan": {"en": "plan", "vi": "kế hoạch"},
    "pct_of_target": {"en": "% of plan", "vi": "% kế hoạch"},
    "plan_pct": {"en": "plan, %", "vi": "kế hoạch, %"},
    "is_plan": {"en": "a plan, not an achievement", "vi": "chỉ tiêu kế hoạch, chưa phải kết quả"},
    "indicator": {"en": "indicator", "vi": "chỉ tiêu"},
    "indicator_text": {"en": "the article's words", "vi": "lời của bài"},
    "indicator_from": {"en": "indicator from", "vi": "chỉ tiêu lấy từ"},
    "period": {"en": "period", "vi": "thời kỳ"},
    "period_text": {"en": "words of the period", "vi": "lời chỉ thời kỳ"},
    "period_from": {"en": "period from", "vi": "thời kỳ lấy từ"},
    "province": {"en": "province", "vi": "tỉnh"},
    "check": {"en": "check", "vi": "kiểm tra"},
    "part_of": {"en": "part of", "vi": "là phần của"},
    "repeat_of": {"en": "repeats", "vi": "nhắc lại"},
    "figure_id": {"en": "figure id", "vi": "mã số liệu"},
    # qualifiers (docs/dataset.md)
    "approx": {"en": "about", "vi": "khoảng"},
    "over": {"en": "over", "vi": "trên"},
    "under": {"en": "under", "vi": "dưới"},
    "estimate": {"en": "estimate", "vi": "ước tính"},
    "range": {"en": "range", "vi": "khoảng từ … đến"},
    # where an indicator or a period was read (Figure.indicator_from, period_from)
    "frame_own": {"en": "its own words", "vi": "chính lời của số liệu"},
    "frame_total": {"en": "its total", "vi": "số tổng của nó"},
    "frame_sentence": {"en": "its sentence", "vi": "câu chứa nó"},
    "frame_paragraph": {"en": "its paragraph", "vi": "đoạn văn"},
    "frame_article": {"en": "the article", "vi": "cả bài"},
    "frame_none": {"en": "nothing", "vi": "không có"},
    # filters
    "filter": {"en": "Filter", "vi": "Lọc"},
    "status": {"en": "status", "vi": "kết quả"},
    "all": {"en": "all", "vi": "tất cả"},
    "search": {"en": "search", "vi": "tìm"},
    "search_hint": {"en": "words, numbers…", "vi": "chữ, số… (có dấu hoặc không)"},
    "shown": {"en": "{shown} of {total} shown", "vi": "đang hiện {shown}/{total}"},
    # the index
    "title": {"en": "title", "vi": "tiêu đề"},
    "published": {"en": "date", "vi": "ngày"},
    "outlet": {"en": "outlet", "vi": "nguồn"},
    "sort_by": {"en": "sort by", "vi": "sắp xếp theo"},
    "input_order": {"en": "order of the inputs", "vi": "thứ tự đọc"},
    "conflicts": {"en": "conflicts", "vi": "mâu thuẫn"},
    "n_figures": {"en": "figures", "vi": "số liệu"},
    "n_checks": {"en": "checks", "vi": "phép kiểm"},
    # the report
    "report_title": {"en": "Facts of the articles", "vi": "Các số liệu tổng hợp từ bài báo"},
    "contents": {"en": "Contents", "vi": "Mục lục"},
    "conflicts_heading": {"en": "Conflicts: articles that disagree", "vi": "Mâu thuẫn giữa các bài"},
    "no_conflicts": {"en": "No two articles disagree.", "vi": "Không có bài nào mâu thuẫn với nhau."},
    "mismatches_heading": {"en": "Mismatches: arithmetic that does not hold",
                           "vi": "Số liệu lệch: phép tính không khớp"},
    "no_mismatches": {"en": "No article's arithmetic is contradicted.", "vi": "Không có phép tính nào bị lệch."},
    "by_province": {"en": "by province", "vi": "theo tỉnh"},
    "by_period": {"en": "by period", "vi": "theo thời kỳ"},
    "mentions": {"en": "mentions", "vi": "lần nêu"},
    "articles": {"en": "articles", "vi": "bài"},
    "agree": {"en": "agree", "vi": "thống nhất"},
    "range_of": {"en": "stated", "vi": "các bài nêu"},
    "yes": {"en": "yes", "vi": "có"},
    "no": {"en": "no", "vi": "không"},
    "achieved": {"en": "achieved", "vi": "thực hiện"},
    "kind": {"en": "achieved or plan", "vi": "thực hiện hay kế hoạch"},
    "planned": {"en": "plan", "vi": "kế hoạch"},
    "article": {"en": "article", "vi": "bài"},
    "note": {"en": "what", "vi": "nội dung"},
    "chart_latest": {"en": "Each province's latest period; every fact is in the table.",
                     "vi": "Thời kỳ gần nhất của mỗi tỉnh; bảng dưới có đủ mọi số liệu."},
    "in_facts": {"en": "The facts gather {n} of the {total} figures; the others are of no indicator (other), "
                       "of no known province or period, or parts and repeats of other figures.",
                 "vi": "Bảng tổng hợp gồm {n} trong số {total} số liệu; các số liệu còn lại không thuộc chỉ tiêu nào "
                       "(khác), không rõ tỉnh hoặc thời kỳ, hoặc là số thành phần, số nhắc lại của số liệu khác."},
    "dataset": {"en": "dataset", "vi": "bộ dữ liệu"},
}

# A noun after its count, in each language: Vietnamese nouns do not change.
NOUNS: dict[str, dict[str, str]] = {
    "article": {"en": "article", "vi": "bài"},
    "figure": {"en": "figure", "vi": "số liệu"},
    "check": {"en": "check", "vi": "phép kiểm"},
    "mismatch": {"en": "mismatch", "vi": "lệch"},
    "fact": {"en": "fact", "vi": "số liệu tổng hợp"},
    "province": {"en": "province", "vi": "tỉnh"},
    "conflict": {"en": "conflict", "vi": "mâu thuẫn"},
}


def word(key: str, lang: str, **params: object) -> str:
    entry = WORDS[key]
    return (entry.get(lang) or entry[ENGLISH]).format(**params)


def word_html(key: str, lang: str, **html: str) -> str:
    """A word as HTML, its parameters HTML already (a number with where it comes from)."""
    entry = WORDS[key]
    return escape(entry.get(lang) or entry[ENGLISH]).format(**html)


def counted(n: int, noun: str, lang: str) -> str:
    """`1 figure`, `2 figures`; `2 số liệu`."""
    name = NOUNS[noun].get(lang) or NOUNS[noun][ENGLISH]
    return plural(n, name) if lang == ENGLISH else f"{n} {name}"


def frame_label(frame: str | None, lang: str) -> str:
    """Where an indicator or period was read, in words: `its sentence`, `câu chứa nó`."""
    return word(f"frame_{frame or 'none'}", lang)


def indicator_name(indicator: str, lang: str, r: rules.Rules | None = None) -> str:
    """The indicator's name in `lang` (rules/indicators.yaml: `vi`, `en`), else its id."""
    spec = (r or rules.default_rules()).indicators.indicators.get(indicator) or {}
    return spec.get(lang) or spec.get(ENGLISH) or indicator

"""Every word the checks show a reader, in English and in Vietnamese: the
statuses, the kinds of check, the notes of the findings and the words of the
`check` table. The review pages take their labels from here too.

A note is a message id and its parameters (numbers already written the
Vietnamese way, `102,06%`), rendered in either language by `note()`. A
message or label missing from the catalogue falls back to English, then to
its id, so a new kind of check shows something before it is translated.
"""
from __future__ import annotations

import os
from collections.abc import Mapping

LANGUAGES = ("en", "vi")
ENGLISH = "en"

STATUS_LABELS = {
    "ok": {"en": "ok", "vi": "khớp"},
    "mismatch": {"en": "mismatch", "vi": "lệch"},
    "partial": {"en": "partial", "vi": "thiếu phần"},
    "unverifiable": {"en": "unverifiable", "vi": "không kiểm được"},
}

KIND_LABELS = {
    "percent_of_plan": {"en": "percent_of_plan", "vi": "tỷ lệ đạt kế hoạch"},
    "share": {"en": "share", "vi": "tỷ lệ chiếm"},
    "percent_of_total": {"en": "percent_of_total", "vi": "tỷ lệ trên tổng số"},
    "plan_elsewhere": {"en": "plan_elsewhere", "vi": "kế hoạch nêu trước"},
    "implied_plan": {"en": "implied_plan", "vi": "kế hoạch suy ra"},
    "parts": {"en": "parts", "vi": "tổng và các phần"},
    "remainder": {"en": "remainder", "vi": "số còn lại"},
    "conflict": {"en": "conflict", "vi": "số liệu mâu thuẫn"},
}

NOTES = {
    # two statements of one fact that disagree (pipeline.checks.facts)
    "conflict.other_article": {
        "en": "{where} states “{quote}”: {about}",
        "vi": "{where} nêu “{quote}”: {about}",
    },
    "conflict.said_again": {
        "en": "said again at {where} as “{quote}”: {about}",
        "vi": "bài nêu lại ở {where} là “{quote}”: {about}",
    },
    # a percentage against its base (percent_of_plan, share, percent_of_total)
    "ratio.holds": {
        "en": "{pair} = {result}, stated {said}",
        "vi": "{pair} = {result}, bài nêu {said}",
    },
    "ratio.approximate_figure": {
        "en": "an approximate figure: {pair} is about {result}, stated {said}",
        "vi": "số liệu ước chừng: {pair} xấp xỉ {result}, bài nêu {said}",
    },
    "ratio.approximate_percent": {
        "en": "an approximate percentage (about {said}): {pair} = {result}",
        "vi": "tỷ lệ nêu ước chừng (khoảng {said}): {pair} = {result}",
    },
    "percent_of_plan.zero_base": {
        "en": "a plan of zero: no percentage of it",
        "vi": "kế hoạch bằng 0, không tính được tỷ lệ",
    },
    "percent_of_plan.mismatch": {
        "en": "stated {said} of plan, but {pair} = {result}",
        "vi": "bài nêu đạt {said} kế hoạch, nhưng {pair} = {result}",
    },
    "share.zero_base": {
        "en": "a whole of zero: no share of it",
        "vi": "tổng số bằng 0, không tính được tỷ lệ",
    },
    "share.mismatch": {
        "en": "stated a share of {said}, but {pair} = {result}",
        "vi": "bài nêu chiếm {said}, nhưng {pair} = {result}",
    },
    "percent_of_total.zero_base": {
        "en": "a total of zero: no share of it",
        "vi": "tổng số bằng 0, không tính được tỷ lệ",
    },
    "percent_of_total.mismatch": {
        "en": "stated {said} of the total, but {pair} = {result}",
        "vi": "bài nêu tỷ lệ {said} trên tổng số, nhưng {pair} = {result}",
    },
    # a percentage of a plan stated earlier in the article
    "plan_elsewhere.zero_base": {
        "en": "the plan stated at line {line} is zero",
        "vi": "kế hoạch nêu ở dòng {line} bằng 0",
    },
    "plan_elsewhere.holds": {
        "en": "{pair} = {result} of the plan of {plan} stated at line {line}, stated {said}",
        "vi": "{pair} = {result} so với kế hoạch {plan} nêu ở dòng {line}, bài nêu {said}",
    },
    "plan_elsewhere.mismatch": {
        "en": "stated {said} of plan, but with the plan of {plan} stated at line {line}, {pair} = {result}",
        "vi": "bài nêu đạt {said} kế hoạch, nhưng với kế hoạch {plan} nêu ở dòng {line} thì {pair} = {result}",
    },
    "plan_elsewhere.approximate_figure": {
        "en": "an approximate figure: {pair} is about {result} of the plan of {plan} stated at line {line}, stated {said}",
        "vi": "số liệu ước chừng: {pair} xấp xỉ {result} kế hoạch {plan} nêu ở dòng {line}, bài nêu {said}",
    },
    "plan_elsewhere.approximate_percent": {
        "en": "an approximate percentage (about {said}): {pair} = {result} of the plan of {plan} stated at line {line}",
        "vi": "tỷ lệ nêu ước chừng (khoảng {said}): {pair} = {result} kế hoạch {plan} nêu ở dòng {line}",
    },
    # the plan a percentage implies
    "implied_plan.zero_percent": {
        "en": "a percentage of zero implies no plan",
        "vi": "tỷ lệ 0% không cho biết kế hoạch",
    },
    "implied_plan.approximate": {
        "en": "implied plan about {plan} (an approximate figure or percentage), not stated",
        "vi": "kế hoạch suy ra khoảng {plan} (số liệu hoặc tỷ lệ ước chừng), bài không nêu",
    },
    "implied_plan.no_whole_plan": {
        "en": "no whole plan gives {pct}: {amount} / {pct} = {central}",
        "vi": "không có kế hoạch nguyên nào cho ra {pct}: {amount} / {pct} = {central}",
    },
    "implied_plan.one_plan": {
        "en": "implied plan {plan} ({amount} is {pct} of it), not stated",
        "vi": "kế hoạch suy ra là {plan} ({amount} bằng {pct} số này), bài không nêu",
    },
    "implied_plan.plans": {
        "en": "implied plan ≈ {plan} ({span}), not stated",
        "vi": "kế hoạch suy ra ≈ {plan} ({span}), bài không nêu",
    },
    # the parts of a breakdown
    "parts.approximate": {
        "en": "an approximate total or part cannot be summed exactly",
        "vi": "tổng hoặc phần là số ước chừng, không cộng chính xác được",
    },
    "parts.change_and_level": {
        "en": "a change and a level are not parts of one another",
        "vi": "số tăng, giảm và số hiện có không phải là phần của nhau",
    },
    "parts.other_things": {
        "en": "the parts count other things ({things}) than the total {total}, and do not add up to it",
        "vi": "các phần đếm thứ khác ({things}) với tổng {total} và không cộng lại bằng tổng",
    },
    "parts.part_over_total": {
        "en": "the part {part} is more than its total {total}",
        "vi": "phần {part} lớn hơn tổng {total}",
    },
    "parts.overlapping": {
        "en": "each part is within the total {total}; the groups may overlap, so they are not summed "
              "(the largest, {largest}, leaves {rest})",
        "vi": "mỗi phần đều không quá tổng {total}; các nhóm có thể trùng nhau nên không cộng lại "
              "(nhóm lớn nhất {largest}, còn {rest})",
    },
    "parts.over_total": {
        "en": "the parts add up to {sum}, more than the total {total}",
        "vi": "các phần cộng lại được {sum}, lớn hơn tổng {total}",
    },
    "parts.add_up": {
        "en": "the parts add up to {sum}, the total {total}",
        "vi": "các phần cộng lại được {sum}, đúng bằng tổng {total}",
    },
    "parts.short_listed_after": {
        "en": "the parts (listed after “{marker}”) add up to {sum}, less than the total {total}",
        "vi": "các phần (liệt kê sau “{marker}”) cộng lại được {sum}, ít hơn tổng {total}",
    },
    "parts.short_remainder": {
        "en": "the parts (one is the remainder) add up to {sum}, less than the total {total}",
        "vi": "các phần (có phần còn lại) cộng lại được {sum}, ít hơn tổng {total}",
    },
    "parts.short_closed_set": {
        "en": "the parts ({levels}: every level) add up to {sum}, less than the total {total}",
        "vi": "các phần ({levels}: đủ mọi nhóm) cộng lại được {sum}, ít hơn tổng {total}",
    },
    "parts.partial": {
        "en": "the parts listed add up to {sum} of {total}: {rest} not accounted for (not every part is listed)",
        "vi": "các phần được nêu cộng lại được {sum} trên tổng {total}: còn {rest} không rõ thuộc phần nào "
              "(bài không nêu đủ các phần)",
    },
    "parts.one_part": {
        "en": "the one part listed, {sum}, is within the total {total}: {rest} not accounted for",
        "vi": "phần duy nhất được nêu, {sum}, nằm trong tổng {total}: còn {rest} không rõ thuộc phần nào",
    },
    # what is left of a plan
    "remainder.alone": {
        "en": "a remainder with no plan and amount used beside it",
        "vi": "số còn lại không có kế hoạch và số đã dùng đi kèm",
    },
    "remainder.approximate": {
        "en": "an approximate figure cannot be subtracted exactly",
        "vi": "số liệu ước chừng, không trừ chính xác được",
    },
    "remainder.of_something_else": {
        "en": "more used than planned, or more left than planned: the remainder is of something else",
        "vi": "số đã dùng hoặc số còn lại lớn hơn kế hoạch: đây là số còn lại của một thứ khác",
    },
    "remainder.holds": {
        "en": "{plan} - {used} = {result}, as stated",
        "vi": "{plan} - {used} = {result}, đúng như bài nêu",
    },
    "remainder.rounds": {
        "en": "{plan} - {used} = {result}, stated {said}: the same to the digits written",
        "vi": "{plan} - {used} = {result}, bài nêu {said}: khớp trong phạm vi làm tròn của các số",
    },
    "remainder.mismatch": {
        "en": "stated remainder {said}, but {plan} - {used} = {result}",
        "vi": "bài nêu còn lại {said}, nhưng {plan} - {used} = {result}",
    },
}

# The words of the `check` table.
WORDS = {
    "status": {"en": "status", "vi": "kết quả"},
    "check": {"en": "check", "vi": "phép kiểm"},
    "where": {"en": "where", "vi": "vị trí"},
    "what": {"en": "what", "vi": "nội dung"},
    "summary": {
        "en": "{articles} {article_word}, {figures} {figure_word}, {checks} {check_word}: {counts}",
        "vi": "{articles} bài, {figures} số liệu, {checks} phép kiểm: {counts}",
    },
    # a noun after its count: "1 article", "2 articles" (Vietnamese nouns do not change)
    "article": {"en": "article", "vi": "bài"},
    "articles": {"en": "articles", "vi": "bài"},
    "figure": {"en": "figure", "vi": "số liệu"},
    "figures": {"en": "figures", "vi": "số liệu"},
    "checks": {"en": "checks", "vi": "phép kiểm"},  # and "check", the table's column above
    "listed": {"en": "(listed: {statuses})", "vi": "(chỉ liệt kê: {statuses})"},
    "unknown_status": {
        "en": "--only: unknown status {status!r} (one of: {known})",
        "vi": "--only: không hiểu kết quả {status!r} (chọn trong: {known})",
    },
}


def _pick(entry: Mapping[str, str] | None, lang: str, fallback: str) -> str:
    if entry is None:
        return fallback
    return entry.get(lang) or entry.get(ENGLISH) or fallback


def status_label(status: str, lang: str) -> str:
    """`mismatch` -> `lệch` in Vietnamese, `mismatch` in English."""
    return _pick(STATUS_LABELS.get(status), lang, status)


def kind_label(kind: str, lang: str) -> str:
    return _pick(KIND_LABELS.get(kind), lang, kind)


def note(message: str, lang: str, params: Mapping[str, str]) -> str:
    """A finding's note in `lang`."""
    return _pick(NOTES.get(message), lang, message).format(**params)


def word(key: str, lang: str, **params: object) -> str:
    """A word or line of the `check` table in `lang`."""
    return _pick(WORDS.get(key), lang, key).format(**params)


def status_named(name: str) -> str | None:
    """The status a user names, in either language (`lệch`, `mismatch`), or None."""
    key = " ".join(name.lower().split())
    return next((s for s, labels in STATUS_LABELS.items() if key == s or key in labels.values()), None)


def default_language(environ: Mapping[str, str] = os.environ) -> str:
    """Vietnamese when the locale is (LC_ALL, else LC_MESSAGES, else LANG
    starting with `vi`), English otherwise."""
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name)
        if value:
            return "vi" if value.lower().startswith("vi") else ENGLISH
    return ENGLISH

"""The period each figure covers (docs/periods.md).

In order of precedence:
1. A rate per year (`1.400 tỷ đồng/năm`, `bình quân mỗi năm 45 - 50 người`)
   has no period.
2. A phrase of time right after the figure (`2,15% (năm 2021)`,
   `3,65% năm 2014`) is its own.
3. Else the nearest phrase before it in its clause (`tính đến ngày
   31/8/2024: ... 250.417 triệu đồng`), or one that opens the sentence and so
   scopes all of it (`Từ năm 2021 đến hết tháng 3.2023, ...`); failing that a
   phrase closing its clause (`... 60.893 người trong năm 2020`).
4. Else the running period: a phrase that opens a sentence holds for the rest
   of its paragraph; one that opens a paragraph and sets its figures becomes
   the article's period from there on (`Bà X cho biết, trong 9 tháng đầu năm
   2024, toàn tỉnh đã ...`). The article's period starts as the first it
   names (`6 tháng đầu năm 2024`, `năm 2024`, `từ đầu năm 2024 đến nay`),
   else a year after the subject of its title or opening that is no plan's
   (`kết quả rà soát hộ nghèo năm 2016`). A stock (`hiện có`, `đang hưởng`)
   takes instead the date the article speaks of (the event date of its lead,
   else its publication date). An occasion (`dịp Tết Nguyên đán 2023`) named
   with the lead's event, before any other period, is the event's day.

A bare `năm 2024` sets a period only as an adverbial (`Năm 2024, ...`,
`trong năm 2024`); after a noun it names a plan or programme (`kế hoạch vốn
năm 2024`) and dates only a figure of that plan. A phrase after `so với`
compares and sets nothing. A date without a year takes the article's year.
"""
from __future__ import annotations

import bisect
import calendar
from dataclasses import dataclass
from datetime import date

import regex

from ..figures.qualifiers import qualifier_run
from ..model import (
    ARTICLE,
    OWN,
    PARAGRAPH_FRAME,
    SENTENCE,
    TOTAL,
    Document,
    Figure,
    Sentence,
)
from .time_phrases import (
    AS_OF,
    AT,
    NOW,
    PLAN,
    SPAN,
    TO_NOW,
    EventDate,
    TimePhrase,
    Vocabulary,
    event_date,
    find_time_phrases,
    to_date,
)

_FOLLOWS_FIGURE = regex.compile(r"\s*\(?\s*$")
_CLAUSE_MARKS = ",;:"
# How far before a figure the words that say it is per year are read (characters).
_REACH = 80
# A phrase opens its sentence (or a clause after ";") when at most this many
# clause marks stand before it ("Bà X cho biết, trong 9 tháng đầu năm 2024, ...").
_OPENING_MARKS = 1


@dataclass(frozen=True)
class Period:
    start: date | None
    end: date | None
    text: str | None


_NONE = Period(None, None, None)


@dataclass(frozen=True)
class _SentenceWords:
    semicolons: list[int]  # offsets in the sentence
    stock_cues: list  # regex matches in the article's text
    stock_starts: list[int]
    achieved: list[int]  # starts of the achievement words


@dataclass
class _Phrase:
    """A phrase of time with where it stands."""

    p: TimePhrase
    sentence: int
    comparison: bool = False
    restricted: bool = False
    adverbial: bool = False
    ahead: bool = False  # a horizon ahead ("vào năm 2030"), no sign of the article's year
    names_group: bool = False  # ends a part's label ("cán bộ tiền khởi nghĩa năm 1945: 12")
    opens_sentence: bool = False
    after_figure: int | None = None  # index of the figure it follows right after
    before_figure: int | None = None  # ...or the figure it stands right before ("năm 2022 là 72,1%")

    @property
    def usable(self) -> bool:
        """Not a comparison and not an attribute of a noun."""
        return not self.comparison and (self.adverbial or not self.p.bare_year)

    @property
    def carries(self) -> bool:
        """Opens its sentence as an adverbial, so holds for the paragraph after
        it; a programme's span (`Chương trình ... giai đoạn 2021-2025, ...`) does
        not."""
        return self.opens_sentence and self.usable and not self.restricted and self.p.kind != PLAN and (self.adverbial or not self.p.phase)


def assign_periods(doc: Document, figures: list[Figure]) -> None:
    """Set `period_start`, `period_end` and `period_text` on every figure of
    the document."""
    if not figures:
        return
    _ArticleTime(doc, figures).assign()


class _ArticleTime:
    def __init__(self, doc: Document, figures: list[Figure]):
        article = doc.article
        self.v: Vocabulary = doc.rules.periods
        self.text: str = article.text
        self.figures = figures
        self.doc = doc
        self.rules = doc.rules
        self._sentence_words: dict[int, _SentenceWords] = {}
        self.sentences = doc.sentences
        self.sentence_starts = [s.start for s in self.sentences]
        self.by_sentence: dict[int, list[int]] = {}
        for i, f in enumerate(figures):
            self.by_sentence.setdefault(self._sentence_of(f.char_start), []).append(i)
        title = article.title if article.title and article.title not in self.text else None
        self.title = title or ""
        found = doc.time_phrases
        found_in_title = find_time_phrases(self.v, title) if title else []
        # A lunar year named without its number is the one nearest the article's date.
        anchor = doc.published.year if doc.published else max((y for p in found + found_in_title for y in p.years()), default=None)
        if anchor is not None:
            found = [p.in_year(anchor) if p.cycle is not None else p for p in found]
            found_in_title = [p.in_year(anchor) if p.cycle is not None else p for p in found_in_title]
        self.phrases = [self._place(p, self.text, self._sentence_of(p.start)) for p in found]
        self.title_phrases = [self._place(p, title, -1) for p in found_in_title]
        self.past_year = self._latest_past_year()
        self.lead_block = next((b.index for b in doc.blocks if b.lead), 0)
        pub = doc.published
        opening = next((q for q in self.title_phrases + self.phrases if self._can_open_article(q)), None)
        opening_year = self._year_of(opening) if opening else None
        if opening is None or opening.p.kind != SPAN or len(set(opening.p.years())) > 1:
            opening_year = None  # no year of its own: "từ năm 2021 đến nay", "giai đoạn 2021-2025"
        self.ref, self.ref_text, event = self._reference_date(pub, opening, opening_year)
        # An article on one event held for an occasion, whose lead names both
        # ("Sáng 18-1, ... trao quà ... nhân dịp Tết Nguyên đán Giáp Thìn
        # 2024") and no period before them, dates the occasion's figures on
        # the event's day.
        held_for = opening is not None and opening.p.occasion and event is not None and opening.sentence == self._sentence_of(event.start)
        self.event_day = self.ref if held_for else None
        self.event_occasion = opening.p.years() if held_for else None  # the occasion's year: another year's is its own
        # A date without a year takes the year the article reports on.
        self.article_year = opening_year or self.past_year or (self.ref.year if self.ref else None)
        if opening is None:
            # A report on a year's results may name the year only after its
            # subject ("kết quả rà soát hộ nghèo năm 2016"): in its title or
            # lead, and no period of its own, that is the year it reports on.
            opening = next((q for q in self.title_phrases + self.phrases if self._names_subject_year(q)), None)
        self.article_period = (self._resolve(opening) if opening else None) or _NONE
        self.last_plan: Period | None = None  # the period of the last target stated with its own time

    # -- where each phrase stands -------------------------------------------

    def _sentence_of(self, pos: int) -> int:
        return bisect.bisect_right(self.sentence_starts, pos) - 1

    def _place(self, p: TimePhrase, text: str, sentence: int) -> _Phrase:
        start = self.sentences[sentence].start if sentence >= 0 else 0
        before = text[start : p.start]
        v = self.v
        q = _Phrase(p, sentence)
        q.comparison = bool(v.comparison_before.search(before))
        q.restricted = bool(v.restrict_before.search(before))
        q.ahead = bool(v.ahead_before.search(before))
        q.adverbial = not before.strip() or before.rstrip()[-1] in "(,;:-" or bool(v.adverbial_before.search(before))
        marks = sum(before[before.rfind(";") + 1 :].count(c) for c in _CLAUSE_MARKS)
        q.opens_sentence = marks <= _OPENING_MARKS and bool(regex.match(r"\s*[,:]", text[p.end :]))
        if sentence >= 0:
            for i in self.by_sentence.get(sentence, ()):
                f = self.figures[i]
                if start <= f.char_end <= p.start and _FOLLOWS_FIGURE.fullmatch(text, f.char_end, p.start):
                    q.after_figure = i
                if q.before_figure is None and q.after_figure is None and f.char_start >= p.end:
                    # only qualifier and glue words between: "năm 2023 lên 73,6%"
                    run = qualifier_run(self.rules, text, f.char_start, p.end)[0]
                    glue = text[p.end : run]
                    # ...but in a breakdown, a year after a noun that ends a
                    # part's label names the group ("hoạt động cách mạng ...
                    # tháng Tám năm 1945: 94"), not the part's time.
                    if not glue.strip(" \t:"):
                        if ":" in glue and f.part_of is not None and not q.usable:
                            q.names_group = True
                        else:
                            q.before_figure = i
        return q

    def _can_open_article(self, q: _Phrase) -> bool:
        return q.p.kind in (SPAN, TO_NOW) and q.usable and not q.restricted and q.after_figure is None

    def _names_subject_year(self, q: _Phrase) -> bool:
        """A bare year in the title or in the blocks up to the lead, of no
        target ("kế hoạch giảm nghèo năm 2025"; a budget's, "vốn được giao
        năm 2023", is the year it is spent)."""
        opening = q.sentence < 0 or self.sentences[q.sentence].block <= self.lead_block
        if not (opening and q.p.bare_year and q.p.kind == SPAN and q.after_figure is None):
            return False
        if q.comparison or q.ahead or q.names_group:
            return False
        g = self.rules.grammar
        text, start = (self.title, 0) if q.sentence < 0 else (self.text, self.sentences[q.sentence].start)
        return not any(m.group(1) and not (g.budget_after.match(text, m.end()) or g.budget_after.search(m.group(1)))
                       for m in g.plan_cue.finditer(text, start, q.p.start))

    # -- the article's dates -------------------------------------------------

    def _latest_past_year(self) -> int | None:
        """The latest year the article reports on, plans and programme spans
        (`đến năm 2025`, `giai đoạn 2021-2025`) left out. The year of a noun
        (`quỹ ... năm 2022`) counts only where nothing else gives one, and
        not when it ends a part's label (`tiền khởi nghĩa năm 1945: 12`)."""
        years, noun_years = [], []
        for q in self.phrases:
            if q.p.kind == PLAN:
                continue
            ys = q.p.years()
            if q.comparison:  # "so với cùng kỳ năm 2023": the article is a year on
                ys = [y + 1 for y in ys]
            if q.p.bare_year and not (q.adverbial or q.comparison) and q.after_figure is None:
                if not (q.ahead or q.names_group):
                    noun_years.extend(ys)
                continue
            years.extend(ys[:1] if q.p.phase else ys)
        return max(years or noun_years, default=None)

    def _year_of(self, q: _Phrase) -> int | None:
        """The year a phrase gives, or the nearest year of its sentence."""
        years = q.p.years()
        if years:
            return years[-1]
        pool = self.title_phrases if q.sentence < 0 else self.phrases
        same = [o for o in pool if o.sentence == q.sentence and o.p.years() and not o.comparison]
        if same:
            return min(same, key=lambda o: abs(o.p.start - q.p.start)).p.years()[-1]
        return None

    def _reference_date(self, pub: date | None, opening: _Phrase | None, opening_year: int | None) -> tuple[date | None, str | None, EventDate | None]:
        """The date the article speaks of, its words, and the lead's event
        that gives it: its lead's event, else its publication."""
        event = event_date(self.v, self.text)
        if event is None:
            return pub, (f"{pub.day}/{pub.month}/{pub.year}" if pub else None), None
        if event.year is not None:
            year = event.year
        elif pub is not None:  # an event is reported after it happens
            year = pub.year if (event.month, event.day) <= (pub.month, pub.day) else pub.year - 1
        elif opening_year is not None and opening.p.occasion:
            year = opening_year  # an event for an occasion is held in its year ("Sáng 2/2 ... dịp Tết ... 2024")
        elif opening_year is not None:
            # A review meeting follows the period it reviews: "Chiều ngày 6/1"
            # of a report on 2022 is in 2023, "Chiều 11-12" of one on 2020 in 2020.
            end = to_date(opening.p.last, opening_year)
            year = min((end.year, end.year + 1), key=lambda y: abs((_safe(y, event.month, event.day) - end).days))
        elif self.past_year is not None:
            year = self.past_year
        else:
            return pub, None, None
        return _safe(year, event.month, event.day), event.text, event

    # -- resolving a phrase into dates ----------------------------------------

    def _sentence_year(self, q: _Phrase) -> int | None:
        return self._year_of(q) or self.article_year

    def _resolve(self, q: _Phrase, running: Period = _NONE, stock: bool = False) -> Period | None:
        p = q.p
        if p.year_offset:
            if self.article_year is None:
                return None
            p = p.in_year(self.article_year)
        if p.cycle is not None:
            return None  # a lunar year in an article with no date to place it
        year = self._sentence_year(q)
        if p.occasion and self.event_day and p.in_year(year).years() == self.event_occasion:
            return Period(self.event_day, self.event_day, self.ref_text)
        if p.kind == AT:
            at = to_date(p.last, year)
            return Period(at, at, p.text) if at else None
        if p.kind == AS_OF:
            end = self.ref if p.last == NOW else to_date(p.last, year)
            if end is None:
                return None
            if stock:
                return Period(end, end, p.text)
            start = running.start if running.start and running.start <= end else date(end.year, 1, 1)
            return Period(start, end, p.text)
        end = self.ref if p.last == NOW else to_date(p.last, year)
        start = self.ref if p.first == NOW else to_date(p.first, year)
        if end is None:
            return None
        if start is None:
            start = date(end.year, 1, 1)
        return Period(start, end, p.text)

    # -- figures ---------------------------------------------------------------

    def assign(self) -> None:
        by_sentence = self.by_sentence
        phrases_of: dict[int, list[_Phrase]] = {}
        for q in self.phrases:
            phrases_of.setdefault(q.sentence, []).append(q)
        article = self.article_period
        running = article
        block, set_here = -1, False
        for si, s in enumerate(self.sentences):
            opens_paragraph = s.block != block
            if opens_paragraph:
                block, running, set_here = s.block, article, False
            phrases = phrases_of.get(si, [])
            setters = []
            for i in by_sentence.get(si, []):
                period, setter, frame = self._figure_period(i, s, phrases, running)
                if frame == PARAGRAPH_FRAME and period is running and not set_here:
                    frame = ARTICLE
                f = self.figures[i]
                f.period_start, f.period_end, f.period_text = period.start, period.end, period.text
                f.period_from = frame if period.end is not None else None
                if f.is_plan and period.end is not None and frame in (OWN, TOTAL, SENTENCE):
                    self.last_plan = period
                setters.append((setter, self._is_plan(i, s)))
            opener = next((q for q in reversed(phrases) if q.carries), None)
            if opener is not None:
                resolved = self._resolve(opener, running)
                if resolved is not None:
                    running, set_here = resolved, True
                    # A paragraph that opens on a period and reports under it
                    # moves the whole article on ("trong 9 tháng đầu năm 2024").
                    if opens_paragraph and _reports(opener, resolved) and any(q is opener and not plan for q, plan in setters):
                        article = resolved

    def _figure_period(self, i: int, s: Sentence, phrases: list[_Phrase], running: Period) -> tuple[Period, _Phrase | None, str | None]:
        """The figure's period, the phrase that set it, and the frame it came from."""
        f = self.figures[i]
        if self._per_year(f, s):
            return _NONE, None, None
        stock = self._is_stock(f, s)
        # A state read at a date is that date: "Đến cuối năm 2022, toàn tỉnh có
        # 12.300 hộ nghèo" (a level), unlike a flow up to it.
        at_date = stock or self._is_level(f, s)
        own = [q for q in phrases if (q.after_figure == i or q.before_figure == i) and not q.comparison]
        if own:
            return self._resolve(own[0], running, at_date) or _NONE, own[0], OWN
        plan = self._is_plan(i, s)
        clause = self._clause_start(f, s)
        free = [q for q in phrases if q.after_figure is None and not q.comparison and (q.usable or (plan and q.p.bare_year))]
        # A stock is dated by its own clause only: "Trong giai đoạn 2023-2025, ... đã
        # đưa 60.662 lao động ...; hiện gần 100.000 lao động đang làm việc".
        # A phrase inside parentheses closed before the figure is the parentheses'
        # own ("... (cả năm giao 90 lao động) và tư vấn cho 1.240 lượt người").
        before = [
            q for q in free
            if q.p.end <= f.char_start and (q.p.start >= clause or ((q.adverbial or q.opens_sentence) and not stock))
            and not self.doc.closed_between(q.p.end, f.char_start)
        ]
        semicolons = self._words_of(s).semicolons
        k = bisect.bisect_left(semicolons, f.char_end - s.start)
        clause_end = s.start + semicolons[k] if k < len(semicolons) else -1
        after = [q for q in free if q.p.start >= f.char_end and q.usable and q.p.kind != AS_OF and (clause_end < 0 or q.p.start < clause_end)]
        in_clause = [q for q in reversed(before) if q.p.start >= clause] + after
        for q in in_clause:
            period = self._resolve(q, running, at_date)
            if period is not None:
                return period, q, OWN
        if not stock and f.part_of is not None and f.part_of < i and self.figures[f.part_of].period_end is not None:
            total = self.figures[f.part_of]
            return Period(total.period_start, total.period_end, total.period_text), None, TOTAL
        # ...then the nearest phrase of the sentence before its clause
        # ("..., đến cuối năm 2023 toàn tỉnh còn 18.652 hộ nghèo; hộ cận nghèo còn 9.407 hộ").
        for q in reversed(before):
            period = self._resolve(q, running, at_date) if q.p.start < clause else None
            if period is not None:
                return period, q, SENTENCE
        if f.is_plan and self.last_plan is not None:
            return self.last_plan, None, PARAGRAPH_FRAME  # a plan's parts after it keep its year
        if stock:
            if self.ref is not None:
                return Period(self.ref, self.ref, self.ref_text), None, ARTICLE
            if running.end and running.start and running.start.year == running.end.year:
                return Period(running.end, running.end, running.text), None, PARAGRAPH_FRAME
            return _NONE, None, None
        return running, None, PARAGRAPH_FRAME

    def _per_year(self, f: Figure, s: Sentence) -> bool:
        v = self.v
        return bool(
            v.per_year_after.match(self.text, f.char_end)
            or v.per_year_after.search(f.unit_text or "")
            or v.per_year_before.search(self.text, max(s.start, f.char_start - _REACH), f.char_start)
        )

    def _is_level(self, f: Figure, s: Sentence) -> bool:
        """A figure of a level indicator (rules/indicators.yaml `level`) stated
        as a level: no change word before it in its clause ("giảm 2.300 hộ"),
        unless a level word makes it the new level ("giảm còn 2.750"), no
        achievement word ("đã") or plan, and no cue of an event ("hộ thoát nghèo")."""
        r = self.rules.indicators
        if f.indicator not in r.levels or f.plan is not None or r.is_flow(f.indicator, f.indicator_text):
            return False
        g, text = self.rules.grammar, self.text
        clause = self._clause_start(f, s)
        head = qualifier_run(self.rules, text, f.char_start, clause)[0]
        achieved = self._words_of(s).achieved
        a = bisect.bisect_left(achieved, clause)
        if a < len(achieved) and achieved[a] < head:
            return False
        lo = max(clause, head - _REACH)
        changed = g.increase_before.search(text, lo, head) or g.decrease_before.search(text, lo, head)
        return not changed or bool(g.level_before.search(text, max(clause, f.char_start - _REACH), f.char_start))

    def _words_of(self, s: Sentence) -> _SentenceWords:
        """The sentence's clause marks, stock cues and achievement words, read once."""
        if s.index not in self._sentence_words:
            v, g, text = self.v, self.rules.grammar, self.text
            cues = [
                m for m in v.stock_cue.finditer(text, s.start, s.end)
                if not v.stock_not_after.search(text, max(s.start, m.start() - _REACH), m.start())
            ]
            self._sentence_words[s.index] = _SentenceWords(
                [m.start() for m in regex.finditer(";", text[s.start : s.end])],
                cues,
                [m.start() for m in cues],
                [m.start() for m in g.achieved.finditer(text, s.start, s.end)],
            )
        return self._sentence_words[s.index]

    def _clause_start(self, f: Figure, s: Sentence) -> int:
        """Where the figure's clause begins: after the last `;` before it."""
        semicolons = self._words_of(s).semicolons
        i = bisect.bisect_left(semicolons, f.char_start - s.start)
        return s.start + semicolons[i - 1] + 1 if i else s.start

    def _is_stock(self, f: Figure, s: Sentence) -> bool:
        v, text = self.v, self.text
        clause = self._clause_start(f, s)
        if v.stock_opener.match(text, clause, f.char_start):
            return True
        words = self._words_of(s)
        i = bisect.bisect_left(words.stock_starts, clause)
        if i == len(words.stock_cues):
            return False
        m = words.stock_cues[i]  # the first stock cue of the clause, before the figure or just after it
        if m.start() < f.char_end:
            # ...unless an achievement opens another predicate between them
            # ("đang triển khai chương trình, đã hỗ trợ 300 hộ").
            a = bisect.bisect_left(words.achieved, m.end())
            return not (a < len(words.achieved) and words.achieved[a] < f.char_start)
        return m.end() <= f.char_end + 40 and len(text[f.char_end : m.start()].split()) <= 2

    def _is_plan(self, i: int, s: Sentence) -> bool:
        """A plan, target or budget (meaning.plans): it takes the plan's year
        ("Tổng kế hoạch vốn năm 2024 là 1.271,108 tỷ") and sets no period for
        the article."""
        return self.figures[i].plan is not None


def _reports(q: _Phrase, period: Period) -> bool:
    """A period articles report on: up to now, or a part of one year ("9 tháng
    đầu năm 2024"), rather than the span of one statistic ("từ năm 2021 đến
    hết tháng 3.2023")."""
    return q.p.kind == TO_NOW or (q.p.kind == SPAN and period.start.year == period.end.year)


def _safe(year: int, month: int, day: int) -> date:
    """The date, or the month's last day where the day is past it (29/2)."""
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))

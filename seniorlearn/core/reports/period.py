"""The span of days a report covers: a month, a year or any range of whole days.

A volunteer steps through periods with big buttons (本月, 今年, 上个月, previous, next), never a
calendar widget, so a period knows its neighbours and how it is named and said.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from seniorlearn.core.i18n import N_, _
from seniorlearn.core.numberwords import MONTHS_EN, chinese_integer

MONTH, YEAR, RANGE = "month", "year", "range"
MONTH_NAME = N_("{month_name} {year}")
YEAR_NAME = N_("the year {year}")
RANGE_NAME = N_("{first} to {last}")


@dataclass(frozen=True)
class Period:
    kind: str                 # MONTH, YEAR or RANGE
    first: datetime.date      # inclusive
    last: datetime.date       # inclusive

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        first = datetime.date(year, month, 1)
        following = datetime.date(year + month // 12, month % 12 + 1, 1)
        return cls(MONTH, first, following - datetime.timedelta(days=1))

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(YEAR, datetime.date(year, 1, 1), datetime.date(year, 12, 31))

    @classmethod
    def days(cls, first: datetime.date, last: datetime.date) -> Period:
        if last < first:
            raise ValueError("the last day is before the first")
        return cls(RANGE, first, last)

    @classmethod
    def between(cls, first: datetime.date | None, last: datetime.date | None,
                today: datetime.date) -> Period:
        """What ``--from``/``--to`` ask for; with neither, the whole year of ``today``."""
        if first is None and last is None:
            return cls.year(today.year)
        start = first or datetime.date((last or today).year, 1, 1)
        end = last or max(today, start)
        whole = (cls.month(start.year, start.month), cls.year(start.year))
        for period in whole:  # whole months and years are read from the monthly sums
            if (period.first, period.last) == (start, end):
                return period
        return cls.days(start, end)

    @property
    def year_of(self) -> int:
        """The calendar year the period's yearly figures (goal, 学时 this year) belong to."""
        return self.last.year

    def step(self, by: int) -> Period:
        """The month or year before (-1) or after (+1); a range moves by its own length."""
        if self.kind == MONTH:
            index = self.first.year * 12 + self.first.month - 1 + by
            return Period.month(index // 12, index % 12 + 1)
        if self.kind == YEAR:
            return Period.year(self.first.year + by)
        length = (self.last - self.first).days + 1
        shift = datetime.timedelta(days=length * by)
        return Period(RANGE, self.first + shift, self.last + shift)

    def contains(self, day: datetime.date) -> bool:
        return self.first <= day <= self.last

    def name(self, language: str) -> str:
        """How a screen titles it: 2026年11月 / November 2026, 2026年, or a range of days."""
        zh = language.startswith("zh")
        if self.kind == MONTH:
            if zh:
                return f"{self.first.year}年{self.first.month}月"
            return _(MONTH_NAME).format(month_name=MONTHS_EN[self.first.month - 1],
                                        year=self.first.year)
        if self.kind == YEAR:
            return f"{self.first.year}年" if zh else _(YEAR_NAME).format(year=self.first.year)
        return _(RANGE_NAME).format(first=self.first.isoformat(), last=self.last.isoformat())

    def spoken(self, language: str) -> str:
        """How read-aloud says it: 十一月, 二〇二六年 is said 两千零二十六年 by most voices."""
        if not language.startswith("zh"):
            return self.name(language)
        if self.kind == MONTH:
            return chinese_integer(self.first.month) + "月"
        if self.kind == YEAR:
            return f"{self.first.year}年"
        return self.name(language)


def months_of(year: int) -> list[Period]:
    return [Period.month(year, month) for month in range(1, 13)]

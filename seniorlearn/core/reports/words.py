"""A report's figures in words: the labelled numbers the screen and the PDF show, and the
sentences read-aloud says, numbers in words in Chinese
("十一月共有二十三位学员学习，合计八十六个学时")."""

from __future__ import annotations

from seniorlearn.core.i18n import N_, _, current_language
from seniorlearn.core.numberwords import amount, chinese_integer
from seniorlearn.core.reports.figures import ReportData

# (what it counts, how the number is written): one big number with its words each.
FIGURES = (
    ("learners", N_("learners studied"), N_("{value}")),
    ("xueshi", N_("class hours"), N_("{value}")),
    ("sessions", N_("times studied"), N_("{value}")),
    ("completions", N_("lessons learned"), N_("{value}")),
    ("year_xueshi", N_("class hours this year"), N_("{value}")),
    ("reached_goal", N_("reached the yearly goal"), N_("{value}")),
)
SUMMARY = N_("In {period}, {learners} learners studied, {xueshi} class hours in all.")
NOBODY = N_("In {period}, nobody studied yet.")
DETAILS = N_("They studied {sessions} times and learned {completions} lessons. This year "
             "there are {year_xueshi} class hours so far; {reached} of {registered} learners "
             "reached the yearly goal of {goal} class hours.")


def figures(data: ReportData) -> list[tuple[str, str, str]]:
    """(key, the number as written, its words) for each big figure."""
    shown = []
    for key, words, pattern in FIGURES:
        value = getattr(data, key)
        text = f"{round(value, 1):g}" if isinstance(value, float) else str(value)
        shown.append((key, _(pattern).format(value=text), _(words)))
    return shown


def summary(data: ReportData) -> list[str]:
    """What read-aloud says for the figures: two sentences, numbers in words."""
    language = current_language()

    def said(value: float) -> str:
        return amount(value, language)

    period = data.period.spoken(language)
    if not data.learners:
        first = _(NOBODY).format(period=period)
    else:
        first = _(SUMMARY).format(period=period, learners=_count(data.learners, language),
                                  xueshi=said(data.xueshi))
    return [first, _(DETAILS).format(
        sessions=_count(data.sessions, language), completions=_count(data.completions,
                                                                     language),
        year_xueshi=said(data.year_xueshi), reached=_count(data.reached_goal, language),
        registered=_count(data.registered, language),
        goal=_count(data.rules.goal_xueshi, language))]


def _count(n: int, language: str) -> str:
    if not language.startswith("zh"):
        return str(n)
    return "两" if n == 2 else chinese_integer(n)

"""Numbers as a person says them, for read-aloud and for sentences that are heard more than
read: 12 -> 十二, 2 -> 两 (before a measure word), 37.5 -> 三十七点五.

espeak-ng reads digits, but "12个学时" is said as "一二个" by some voices and a learner
should hear the same words a volunteer would say, so the ledger's sentences spell them out.
"""

from __future__ import annotations

import datetime

DIGITS = "零一二三四五六七八九"
UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def _below_10000(n: int, leading: bool = True) -> str:
    if leading and 10 <= n < 20:
        return "十" + (DIGITS[n - 10] if n > 10 else "")  # 十二, not 一十二
    words, zero_pending = "", False
    for value, unit in UNITS:
        digit, n = divmod(n, value)
        if digit:
            if zero_pending:
                words += "零"
            words += DIGITS[digit] + unit
            zero_pending = False
        elif words:
            zero_pending = True
    if n:
        words += ("零" if zero_pending and words else "") + DIGITS[n]
    return words


def chinese_integer(n: int) -> str:
    """0 <= n < 10**8 in Chinese words: 10 -> 十, 105 -> 一百零五, 20000 -> 两万."""
    if n < 0 or n >= 10**8:
        raise ValueError(f"{n} is outside what is said in words here")
    if n == 0:
        return "零"
    high, low = divmod(n, 10000)
    words = ""
    if high:
        words = _below_10000(high) + "万"
        if low and low < 1000:
            words += "零"
    words += _below_10000(low, leading=not high)
    return words


def chinese_amount(value: float, before_measure: bool = True) -> str:
    """A count or amount to one decimal: 2 -> 两 (before 个), 12.46 -> 十二点五."""
    tenths = round(max(0.0, value) * 10)
    whole, tenth = divmod(tenths, 10)
    if tenth == 0 and whole == 2 and before_measure:
        return "两"
    words = chinese_integer(whole)
    return words + ("点" + DIGITS[tenth] if tenth else "")


def amount(value: float, language: str) -> str:
    """``value`` to one decimal in ``language``: words in Chinese, digits otherwise."""
    if language.startswith("zh"):
        return chinese_amount(value)
    rounded = round(max(0.0, value), 1)
    return f"{rounded:g}"


MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def day_words(iso_day: str, language: str, this_year: int) -> str:
    """A date as it is said: 11月30日 (or 2025年11月30日 in another year); 30 November."""
    day = datetime.date.fromisoformat(iso_day)
    if language.startswith("zh"):
        words = f"{day.month}月{day.day}日"
        return words if day.year == this_year else f"{day.year}年{words}"
    words = f"{day.day} {MONTHS_EN[day.month - 1]}"
    return words if day.year == this_year else f"{words} {day.year}"

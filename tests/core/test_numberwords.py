import pytest

from seniorlearn.core.numberwords import amount, chinese_amount, chinese_integer


@pytest.mark.parametrize("n, words", [
    (0, "零"), (1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (38, "三十八"),
    (100, "一百"), (105, "一百零五"), (110, "一百一十"), (1005, "一千零五"),
    (1050, "一千零五十"), (10000, "一万"), (10500, "一万零五百"), (123456, "十二万三千四百五十六"),
])
def test_integers_are_said_as_a_person_says_them(n, words) -> None:
    assert chinese_integer(n) == words


@pytest.mark.parametrize("value, words", [
    (2, "两"), (2.0, "两"), (12, "十二"), (37.56, "三十七点六"), (0.04, "零"), (2.5, "二点五"),
    (0.5, "零点五"), (50, "五十"),
])
def test_amounts_to_one_decimal(value, words) -> None:
    assert chinese_amount(value) == words


def test_other_languages_keep_digits() -> None:
    assert amount(12.0, "en") == "12" and amount(37.56, "en") == "37.6"
    assert amount(12.0, "zh_CN") == "十二"
    with pytest.raises(ValueError):
        chinese_integer(-1)


def test_days_are_said_with_the_year_only_when_it_is_another_year() -> None:
    from seniorlearn.core.numberwords import day_words

    assert day_words("2027-01-05", "zh_CN", 2027) == "1月5日"
    assert day_words("2026-12-20", "zh_CN", 2027) == "2026年12月20日"
    assert day_words("2027-01-05", "en", 2027) == "5 January"
    assert day_words("2026-12-20", "en", 2027) == "20 December 2026"

"""Times in the words a person says, for the progress line and the resume question."""

from seniorlearn.core.playback.timewords import progress_words, time_words


def test_minutes_and_seconds() -> None:
    assert time_words(70.4, "zh_CN") == "1 分 10 秒"
    assert time_words(108, "en") == "1 min 48 s"
    assert time_words(600, "zh_CN") == "10 分 0 秒"


def test_under_a_minute_only_seconds() -> None:
    assert time_words(32.2, "zh_CN") == "32 秒"
    assert time_words(0, "en") == "0 s"
    assert time_words(59.6, "en") == "1 min 0 s"  # rounds like the clock would


def test_progress_line() -> None:
    assert progress_words(70, 108, "zh_CN") == "1 分 10 秒 / 共 1 分 48 秒"
    assert progress_words(32, 108, "en") == "32 s of 1 min 48 s"
    # A decoder clock a little past the end never reads "1 min 50 s of 1 min 48 s".
    assert progress_words(110, 108, "en") == "1 min 48 s of 1 min 48 s"

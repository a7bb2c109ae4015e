"""Slide timing, subtitle cues and the srt text."""

from __future__ import annotations

from seniorlearn.core.authoring.timing import (
    SlideTiming,
    lay_out,
    parse_srt,
    slide_cues,
    slide_duration,
    split_cues,
    srt_text,
)


def test_a_slide_lasts_the_longest_of_its_three_rules() -> None:
    assert slide_duration(3.04, 0, False) == 4.1  # speech + 1 s, up to the next frame
    assert slide_duration(3.0, 6, False) == 6.0
    assert slide_duration(3.0, 0, True) == 8.0
    assert slide_duration(9.0, 0, True) == 10.0


def test_slides_follow_each_other() -> None:
    timings = lay_out([2.0, 9.5], [0, 0], [True, False])
    assert [(t.start_s, t.duration_s) for t in timings] == [(0.0, 8.0), (8.0, 10.5)]


def test_cues_break_at_punctuation_within_the_limit() -> None:
    text = "买东西付钱的时候，您打开手机上的付款码，让收银员用扫码枪扫一下，钱就付好了。"
    pieces = split_cues(text, 22)
    assert "".join(pieces) == text and all(len(p) <= 22 for p in pieces)
    assert all(p.endswith(("，", "。")) for p in pieces)
    english = split_cues("When you pay for something, open the payment code on your phone "
                         "and let the cashier scan it with the scanner.", 42)
    assert all(len(p) <= 42 for p in english) and len(english) >= 3


def test_cue_times_are_proportional_and_inside_the_narration() -> None:
    slot = SlideTiming(start_s=10.0, duration_s=9.0, speech_s=8.0)
    cues = slide_cues("一二三，四五六七八九十一二三四五。", slot, "zh_CN")
    assert cues[0].start_s == 10.0 and cues[-1].end_s == 18.0
    assert [c.text for c in cues] == ["一二三，四五六七八九十一二三四五。"] or len(cues) == 1


def test_srt_round_trip() -> None:
    slot = SlideTiming(start_s=3661.5, duration_s=20.0, speech_s=12.0)
    cues = slide_cues("第一句话说完了。第二句话也说完了，还有第三句话要说。", slot, "zh_CN")
    text = srt_text(cues)
    assert "01:01:01,500 --> " in text
    assert parse_srt(text) == cues

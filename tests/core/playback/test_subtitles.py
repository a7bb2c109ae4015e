"""SubRip parsing edge cases and cue lookup."""

from pathlib import Path

from seniorlearn.core.playback import Cue, cue_at, parse_srt
from seniorlearn.core.playback.subtitles import read_srt


def test_plain_file() -> None:
    text = ("1\n00:00:01,000 --> 00:00:03,500\n点一下\n微信\n\n"
            "2\n00:00:04,000 --> 00:00:05,000\n好\n")
    assert parse_srt(text) == [Cue(1.0, 3.5, "点一下\n微信"), Cue(4.0, 5.0, "好")]


def test_bom_crlf_dots_missing_numbers_and_extra_blank_lines() -> None:
    text = ("\ufeff1\r\n00:00:01.5 --> 00:00:02.25\r\nA\r\n\r\n\r\n\r\n"
            "00:01:02,003 --> 01:00:00,000 X1:10 X2:20\r\nB\r\n")
    assert parse_srt(text) == [Cue(1.5, 2.25, "A"), Cue(62.003, 3600.0, "B")]


def test_tags_bad_blocks_empty_and_backwards_cues_are_dropped_and_order_fixed() -> None:
    text = ("7\n00:00:09,000 --> 00:00:10,000\n<i>斜体</i> <font color=\"red\">红</font>\n\n"
            "garbage block\nno timing\n\n"
            "3\n00:00:05,000 --> 00:00:04,000\nbackwards\n\n"
            "4\n00:00:06,000 --> 00:00:07,000\n\n"
            "5\n00:00:01,000 --> 00:00:02,000\n{\\an8}top\n")
    assert parse_srt(text) == [Cue(1.0, 2.0, "top"), Cue(9.0, 10.0, "斜体 红")]


def test_empty_text() -> None:
    assert parse_srt("") == []
    assert parse_srt("\n\n\n") == []


def test_gb18030_file(tmp_path: Path) -> None:
    path = tmp_path / "old.srt"
    path.write_bytes("1\n00:00:00,000 --> 00:00:01,000\n扫码付款\n".encode("gb18030"))
    assert read_srt(path) == [Cue(0.0, 1.0, "扫码付款")]


def test_cue_lookup() -> None:
    cues = [Cue(1.0, 2.0, "a"), Cue(2.0, 3.0, "b"), Cue(5.0, 9.0, "long"), Cue(6.0, 7.0, "in")]
    assert cue_at(cues, 0.5) is None
    assert cue_at(cues, 1.0).text == "a"
    assert cue_at(cues, 1.999).text == "a"
    assert cue_at(cues, 2.0).text == "b"     # end is exclusive, the next cue starts
    assert cue_at(cues, 4.0) is None         # a gap
    assert cue_at(cues, 6.5).text == "in"    # overlapping: the later start wins
    assert cue_at(cues, 7.5).text == "long"  # the longer one shows again under it
    assert cue_at(cues, 9.0) is None
    assert cue_at([], 1.0) is None

"""Subtitle lines end where a phrase ends, on the demo courses' own narration."""

from __future__ import annotations

from pathlib import Path

import pytest

from seniorlearn.core.authoring.phrasing import is_cjk, split_cues
from seniorlearn.core.authoring.script import parse_course
from seniorlearn.core.authoring.timing import CUE_LIMIT

SCRIPTS = Path(__file__).resolve().parents[3] / "courses_offline" / "scripts"
# Words an English line must not end on: they belong with what follows.
DANGLING = {"a", "an", "the", "to", "of", "for", "your", "and", "or", "with", "on", "in", "at"}


def _narrations() -> list[tuple[str, str, str]]:
    found = []
    for course in sorted(SCRIPTS.glob("*/course.toml")):
        for lesson in parse_course(course).lessons:
            for slide in lesson.slides:
                for language in CUE_LIMIT:
                    where = f"{lesson.id} slide {slide.number} {language}"
                    found.append((where, language, getattr(slide.narration, language)))
    return found


NARRATIONS = _narrations()


def _units(piece: str) -> int:
    if is_cjk(piece):
        return sum(1 for char in piece if char.isalnum())
    return len(piece.split())


def test_the_demo_scripts_are_all_read() -> None:
    assert len(NARRATIONS) > 150


@pytest.mark.parametrize(("where", "language", "text"), NARRATIONS,
                         ids=[n[0] for n in NARRATIONS])
def test_no_demo_cue_is_a_fragment(where: str, language: str, text: str) -> None:
    pieces = split_cues(text, CUE_LIMIT[language])
    joiner = "" if language == "zh_CN" else " "
    assert joiner.join(pieces) == " ".join(text.split())
    assert all(len(p) <= CUE_LIMIT[language] for p in pieces), pieces
    if len(pieces) > 1:
        assert min(_units(p) for p in pieces) >= (4 if language == "zh_CN" else 3), pieces
    if language == "en":
        endings = [p.split()[-1].lower() for p in pieces[:-1]]
        assert not DANGLING & set(endings), pieces


def test_the_tails_the_issue_saw_stay_with_their_phrase() -> None:
    assert split_cues("第四步，手机显示支付成功。再看一眼金额，对不对。", 22) == [
        "第四步，手机显示支付成功。", "再看一眼金额，对不对。"]
    english = split_cues("When you pay, show your payment code for the shop to scan. "
                         "When someone pays you, show your receiving code.", 42)
    assert "scan." not in english and not any(p.endswith(" to") for p in english)


def test_a_long_clause_without_punctuation_is_cut_evenly() -> None:
    pieces = split_cues("一" * 50, 22)
    assert "".join(pieces) == "一" * 50 and max(len(p) for p in pieces) <= 22
    assert min(len(p) for p in pieces) >= 16  # not 22 + 22 + a tail of 6


def test_chinese_prefers_to_break_before_a_word_that_opens_a_phrase() -> None:
    text = "您在付款码下面点一下那个小小的按钮然后再输入六位数的支付密码"
    pieces = split_cues(text, 22)
    assert pieces[1].startswith("然后"), pieces


def test_latin_runs_inside_chinese_stay_whole() -> None:
    pieces = split_cues("打开手机上的支付宝App或者微信，找到收付款这个按钮再点一下就可以了。", 22)
    assert any("App" in p for p in pieces) and all(len(p) <= 22 for p in pieces)


def test_a_short_text_is_one_cue_and_empty_text_none() -> None:
    assert split_cues("好。", 22) == ["好。"]
    assert split_cues("   ", 22) == []


def test_the_built_demo_packs_carry_these_cues() -> None:
    """The packs set-up built (courses_offline/packs) were built with this splitter."""
    from seniorlearn.core.authoring.timing import parse_srt

    packs = SCRIPTS.parent / "packs"
    files = sorted(packs.glob("*/lessons/*/*.srt"))
    assert len(files) >= 18, "run installer/setup.sh to build the demo packs"
    for srt in files:
        language = srt.stem
        for cue in parse_srt(srt.read_text(encoding="utf-8")):
            assert len(cue.text) <= CUE_LIMIT[language], (srt, cue.text)
            assert _units(cue.text) >= (4 if language == "zh_CN" else 3), (srt, cue.text)

"""The words of a lesson's steps: the line under the video, a row of the steps list and
the resume question (core.playback.steps, no Qt)."""

from dataclasses import dataclass, field

from seniorlearn.core.playback.steps import (
    resume_question,
    step_index,
    step_line,
    step_title,
)


@dataclass
class Step:
    at_s: float
    text: dict[str, str] = field(default_factory=dict)


PAY = (Step(10.0, {"zh_CN": "第一步：点扫一扫", "en": "Step 1: tap Scan"}),
       Step(18.0, {"zh_CN": "第二步：点收付款", "en": "Step 2: tap Pay"}))
PLAIN = (Step(0.0, {"zh_CN": "打开支付软件"}), Step(6.0, {"zh_CN": "点收付款"}))


def test_a_step_that_names_its_number_gets_only_the_count() -> None:
    assert step_line(PAY, 1, "zh_CN") == "第二步：点收付款（共2步）"
    assert step_line(PAY, 1, "en") == "Step 2: tap Pay (2 steps in all)"


def test_a_plain_step_gets_its_number() -> None:
    assert step_line(PLAIN, 1, "zh_CN") == "第2步（共2步）：点收付款"
    assert step_title(PLAIN[1], 2, "zh_CN") == "第2步：点收付款"
    # A pack with only Chinese step texts still reads in the English frame.
    assert step_title(PLAIN[1], 2, "en") == "Step 2: 点收付款"


def test_before_step_one_the_line_says_introduction() -> None:
    assert step_index(PAY, 3.0) == -1 and step_index(PAY, 9.97) == 0
    assert step_line(PAY, -1, "zh_CN") == "开头介绍，后面共2步"
    assert step_line(PAY, -1, "en") == "Introduction, then 2 steps"


def test_the_list_rows_number_once() -> None:
    assert step_title(PAY[0], 1, "zh_CN") == "第一步：点扫一扫"
    assert step_title(PAY[0], 1, "en") == "Step 1: tap Scan"


def test_the_resume_question_names_the_step_that_was_playing() -> None:
    assert resume_question(PAY, 32.0, "zh_CN") == "上次您看到“第二步：点收付款”，要接着看吗？"
    assert resume_question(PAY, 12.0, "en") == (
        'Last time you were watching "Step 1: tap Scan". Carry on from there?')
    assert resume_question(PAY, 5.0, "zh_CN") == "上次您看到开头的介绍，要接着看吗？"
    assert resume_question((), 70.4, "zh_CN") == "上次您看到 1 分 10 秒的地方，要接着看吗？"
    assert resume_question((), 32.0, "en") == "Last time you stopped at 32 s. Carry on from there?"

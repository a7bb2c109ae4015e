"""The step line under a lesson video does not say the step number twice."""

from seniorlearn.core.i18n import translate
from seniorlearn.ui.screens.lesson import NUMBERED_STEP, STEP_COUNTED, STEP_OF


def line(text: str, number: int, count: int, language: str) -> str:
    msgid = STEP_COUNTED if NUMBERED_STEP.match(text) else STEP_OF
    return translate(msgid, language).format(number=number, count=count, text=text)


def test_a_step_that_names_its_number_gets_only_the_count() -> None:
    assert line("第二步：打开支付软件", 2, 6, "zh_CN") == "第二步：打开支付软件（共6步）"
    assert line("Step 2: open the app", 2, 6, "en") == "Step 2: open the app (6 steps in all)"


def test_a_plain_step_gets_its_number() -> None:
    assert line("打开支付软件", 2, 6, "zh_CN") == "第2步（共6步）：打开支付软件"

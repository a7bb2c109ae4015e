"""Card sign-in with the real window and a real database: the number on big keys, a
scanner's burst on any screen, a person typing (not a scan), an unknown card, a guest."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit

from seniorlearn.core.models import Learner
from seniorlearn.core.paths import Paths
from seniorlearn.core.services.learners import LearnerService
from seniorlearn.core.storage.writer import DatabaseWriter
from tests.ui import audit


@pytest.fixture
def signed_kiosk(make_kiosk):
    writers = []

    def build(*size, **settings):
        window = make_kiosk(*size, **settings)
        writer = DatabaseWriter(Paths.from_env().database)
        writers.append(writer)
        service = LearnerService(writer)
        service.add(Learner("20260001", "王秀英", "王阿姨"))
        window.ctx.learners = service
        return window

    yield build
    for writer in writers:
        writer.close()


def tap(qtbot, widget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def press(window, text: str, at_ms: int, key: int | None = None) -> None:
    """One key press as the X server sends it, with its own time stamp."""
    target = QApplication.focusWidget() or window
    code = key if key is not None else (ord(text.upper()) if text else 0)
    event = QKeyEvent(QEvent.Type.KeyPress, code, Qt.KeyboardModifier.NoModifier, text)
    event.setTimestamp(at_ms)
    QApplication.sendEvent(target, event)


def scan(window, code: str, start_ms: int = 100_000, gap_ms: int = 6) -> None:
    for n, char in enumerate(code):
        press(window, char, start_ms + n * gap_ms)
    press(window, "\r", start_ms + len(code) * gap_ms, Qt.Key.Key_Return)


def test_typing_the_number_signs_in_and_greets_by_call_name(signed_kiosk, qtbot,
                                                            speaker) -> None:
    window = signed_kiosk()
    window.go("sign_in", then="my_learning")
    screen = window.current
    for digit in "20260001":
        tap(qtbot, screen.findChild(type(screen.ok), f"Key{digit}"))
    assert screen.display.text() == "20260001"
    tap(qtbot, screen.ok)
    assert window.ctx.session.learner_id == "20260001"
    assert window.current.name == "my_learning"
    assert speaker.spoken[-1][0] == ["王阿姨，您好！您已经登录了。"]


def test_an_unknown_number_says_so_and_changes_nothing(signed_kiosk, qtbot, speaker) -> None:
    window = signed_kiosk()
    window.go("sign_in")
    screen = window.current
    for digit in "999":
        tap(qtbot, screen.findChild(type(screen.ok), f"Key{digit}"))
    tap(qtbot, screen.ok)
    assert window.ctx.session.learner is None and window.current is screen
    assert screen.message.plain_text() == "没有找到这张卡，请找志愿者帮忙。"
    assert speaker.spoken[-1][0] == ["没有找到这张卡，请找志愿者帮忙。"]
    assert screen.ok.isEnabled() and screen.display.text() == ""


def test_a_guest_just_looks_around(signed_kiosk, qtbot) -> None:
    window = signed_kiosk()
    window.go("sign_in")
    tap(qtbot, window.current.guest)
    assert window.current.name == "home" and window.ctx.session.learner is None


def test_a_scan_on_any_screen_signs_in_where_the_person_is(signed_kiosk, speaker) -> None:
    window = signed_kiosk()
    window.go("my_learning")
    scan(window, "20260001")
    assert window.ctx.session.learner_id == "20260001"
    assert window.current.name == "my_learning"
    assert "王阿姨" in speaker.spoken[-1][0][0]
    scan(window, "55555555", start_ms=200_000)
    assert window.ctx.session.learner_id == "20260001"  # an unknown card changes nothing
    assert speaker.spoken[-1][0] == ["没有找到这张卡，请找志愿者帮忙。"]


def test_a_person_typing_is_not_a_scan(signed_kiosk) -> None:
    window = signed_kiosk()
    window.go("my_learning")
    for n, char in enumerate("20260001"):
        press(window, char, 100_000 + n * 150)
    press(window, "\r", 100_000 + 8 * 150, Qt.Key.Key_Return)
    assert window.ctx.session.learner is None


def test_a_scan_into_a_text_field_types_there(signed_kiosk, qtbot) -> None:
    window = signed_kiosk()
    field = QLineEdit(window.current)
    field.show()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=2000)
    scan(window, "20260001")
    assert window.ctx.session.learner is None and field.text() == "20260001"


def test_no_database_yet_says_cards_cannot_be_read(make_kiosk, qtbot) -> None:
    window = make_kiosk()
    window.go("sign_in")
    screen = window.current
    tap(qtbot, screen.findChild(type(screen.ok), "Key1"))
    tap(qtbot, screen.ok)
    assert screen.message.plain_text() == "学习卡暂时用不了，请告诉志愿者。"


def test_idle_reset_signs_the_learner_out(signed_kiosk) -> None:
    window = signed_kiosk()
    scan(window, "20260001")
    assert window.ctx.session.learner is not None
    window.reset_for_next_person()
    assert window.ctx.session.learner is None


@pytest.mark.parametrize("language", ["zh_CN", "en"])
@pytest.mark.parametrize("text_size", ["large", "xlarge"])
@pytest.mark.parametrize("size", [(1280, 800), (1920, 1080)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_the_sign_in_screen_passes_the_audit(signed_kiosk, size, text_size, language) -> None:
    window = signed_kiosk(*size, text_size=text_size, language=language)
    window.go("sign_in")
    audit.settle(window)
    scale = window.theme.metrics.scale
    problems = (audit.target_sizes(window, scale) + audit.text_sizes(window, text_size, scale)
                + audit.home_and_read_aloud(window) + audit.text_fits(window)
                + audit.window_size(window))
    assert problems == []
    spoken = window.current.speech_parts()
    assert spoken[0] == window.current.title_label.plain_text()


def test_my_learning_offers_a_guest_the_card_and_comes_back_signed_in(signed_kiosk, qtbot,
                                                                     speaker) -> None:
    window = signed_kiosk()
    window.go("my_learning")
    offer = window.current.sign_in
    assert offer.isVisibleTo(window)
    tap(qtbot, offer)
    assert window.current.name == "sign_in"
    scan(window, "20260001")
    assert window.current.name == "my_learning"
    assert not window.current.sign_in.isVisibleTo(window)


def test_sign_out_on_home_says_goodbye_and_leaves_nothing_for_the_next_person(
        signed_kiosk, qtbot, speaker) -> None:
    window = signed_kiosk(1280, 800, text_size="xlarge")
    scan(window, "20260001")
    window.go("home")
    home = window.current
    assert home.sign_out.isVisible()
    assert home.title_label.plain_text() == "王阿姨，您好！今天想学点什么？"
    assert not home.hint.isVisible()
    qtbot.mouseClick(window.language_button, Qt.MouseButton.LeftButton)  # the next person
    tap(qtbot, home.sign_out)                                          # gets Chinese again
    assert window.ctx.session.learner is None and window.current.name == "home"
    assert speaker.spoken[-1][0] == ["王阿姨，再见！您今天的学习已经记下了。"]
    assert not home.sign_out.isVisible() and home.hint.isVisible()
    assert home.title_label.plain_text() == "欢迎！今天您想学点什么？"
    audit.settle(window)
    assert audit.text_fits(window) == [] and audit.window_size(window) == []


@pytest.mark.parametrize("size, text_size, language", [
    ((1280, 800), "xlarge", "zh_CN"), ((1280, 800), "xlarge", "en")])
def test_home_signed_in_passes_the_audit(signed_kiosk, size, text_size, language) -> None:
    window = signed_kiosk(*size, text_size=text_size, language=language)
    window.ctx.session.sign_in(Learner("20260001", "王秀英", "王阿姨"))
    window.go("home")
    audit.settle(window)
    scale = window.theme.metrics.scale
    problems = (audit.accessible_names(window) + audit.target_sizes(window, scale)
                + audit.text_sizes(window, text_size, scale) + audit.keyboard_reach(window)
                + audit.text_fits(window) + audit.window_size(window))
    assert problems == []


def test_a_scan_on_home_greets_on_the_home_screen_itself(signed_kiosk, speaker) -> None:
    window = signed_kiosk()
    window.go("home")
    scan(window, "20260001")
    assert window.current.name == "home"
    assert window.current.title_label.plain_text() == "王阿姨，您好！今天想学点什么？"
    assert window.current.sign_out.isVisible()

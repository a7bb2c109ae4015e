"""Sign-in by showing the card to the camera. This machine has no camera, so the option is
not offered here; the reading itself is tested with frames made from a really printed card
(the PDF the volunteer prints, rendered), through the same path a camera's frames take."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtMultimedia import QVideoFrame
from PySide6.QtPdf import QPdfDocument

from seniorlearn.core.models import Learner
from seniorlearn.core.paths import Paths
from seniorlearn.core.services.learners import LearnerService
from seniorlearn.core.storage.writer import DatabaseWriter
from seniorlearn.ui.camera import camera_available, decode_card
from seniorlearn.ui.render.cards import write_cards
from tests.ui import audit

WANG = Learner("20260001", "王秀英", "王阿姨")


def card_frame(tmp_path: Path, learner: Learner) -> QVideoFrame:
    """A camera's view of a printed card: the card PDF rendered at about 150 dpi."""
    pdf = tmp_path / f"{learner.number}.pdf"
    write_cards([learner], pdf)
    document = QPdfDocument(None)
    assert document.load(str(pdf)) == QPdfDocument.Error.None_
    rendered = document.render(0, QSize(1240, 1754))
    document.close()
    paper = QImage(rendered.size(), QImage.Format.Format_RGB32)
    paper.fill(QColor("white"))
    painter = QPainter(paper)
    painter.drawImage(0, 0, rendered)
    painter.end()
    return QVideoFrame(paper.copy(0, 0, 1240, 600))  # the top of the sheet: the first card


@pytest.fixture
def camera_kiosk(make_kiosk):
    writer = DatabaseWriter(Paths.from_env().database)
    service = LearnerService(writer)
    service.add(WANG)

    def build(*size, **settings):
        window = make_kiosk(*size, **settings)
        window.ctx.learners = service
        return window

    yield build
    writer.close()


def test_without_a_camera_the_option_is_not_offered(camera_kiosk) -> None:
    window = camera_kiosk()
    window.go("sign_in")
    assert window.current.camera.isVisible() == camera_available()
    window.go("sign_in_camera")  # reached anyway: it says so and offers the keypad
    assert window.current.message.plain_text() == "摄像头现在用不了。请点“输入学号”登录。"


def test_a_printed_card_held_up_signs_in_and_greets(camera_kiosk, tmp_path, speaker) -> None:
    window = camera_kiosk()
    window.go("sign_in_camera", then="my_learning")
    screen = window.current
    frame = card_frame(tmp_path, WANG)
    assert decode_card(frame.toImage()) == WANG.number
    screen.reader.frame_did_arrive(frame)
    assert window.ctx.session.learner == WANG
    assert window.current.name == "my_learning"
    assert speaker.spoken[-1][0] == ["王阿姨，您好！您已经登录了。"]


def test_an_unknown_card_is_said_once_and_the_camera_goes_on_looking(
        camera_kiosk, tmp_path, speaker, clock) -> None:
    window = camera_kiosk()
    window.go("sign_in_camera")
    screen = window.current
    stranger = card_frame(tmp_path, Learner("99990000", "陌生人"))
    screen.reader.frame_did_arrive(stranger)
    assert speaker.spoken[-1][0] == ["没有找到这张卡，请找志愿者帮忙。"]
    said = len(speaker.spoken)
    clock.now += 1
    screen.reader._last_ms -= 1000  # the next frame, a second later
    screen.reader.frame_did_arrive(stranger)
    assert len(speaker.spoken) == said  # still held up: not said again
    assert window.current.name == "sign_in_camera" and window.ctx.session.learner is None
    clock.now += 1
    screen.reader._last_ms -= 1000
    screen.reader.frame_did_arrive(card_frame(tmp_path, WANG))
    assert window.ctx.session.learner == WANG


@pytest.mark.parametrize("size, text_size, language", [
    ((1280, 800), "xlarge", "zh_CN"), ((1280, 800), "xlarge", "en")])
def test_the_camera_screen_passes_the_audit(camera_kiosk, size, text_size, language) -> None:
    window = camera_kiosk(*size, text_size=text_size, language=language)
    window.go("sign_in_camera")
    audit.settle(window)
    scale = window.theme.metrics.scale
    problems = (audit.accessible_names(window) + audit.target_sizes(window, scale)
                + audit.text_sizes(window, text_size, scale) + audit.keyboard_reach(window)
                + audit.text_fits(window) + audit.window_size(window))
    assert problems == []

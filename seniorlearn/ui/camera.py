"""Sign-in by showing the study card to a camera, where the machine has one.

Frames come from Qt Multimedia (QCamera into the preview's video sink); at most one is being
decoded at a time, off the UI thread, by zxing-cpp (a kept library; it reads a QImage as it
is), so a slow decode drops frames instead of queueing them. Without a camera nothing here
is ever started and the sign-in screen does not offer it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage
from PySide6.QtMultimedia import QCamera, QMediaCaptureSession, QMediaDevices, QVideoFrame
from PySide6.QtMultimediaWidgets import QVideoWidget

log = logging.getLogger(__name__)
RunTask = Callable[..., None]
DECODE_EVERY_MS = 200  # five looks a second are plenty for a card held still


def camera_available() -> bool:
    return bool(QMediaDevices.videoInputs())


def decode_card(image: QImage) -> str | None:
    """The first QR code's text in ``image`` (a study card's number), or None."""
    import zxingcpp

    for code in zxingcpp.read_barcodes(image.convertToFormat(QImage.Format.Format_Grayscale8)):
        text = code.text.strip()
        if code.format == zxingcpp.BarcodeFormat.QRCode and text:
            return text
    return None


class CardReader(QObject):
    card_did_show = Signal(str)

    def __init__(self, run_task: RunTask, preview: QVideoWidget) -> None:
        super().__init__(preview)
        self.run_task, self.preview = run_task, preview
        self.session = QMediaCaptureSession(self)
        self.camera: QCamera | None = None
        self._busy = False
        self._last_ms = -DECODE_EVERY_MS
        preview.videoSink().videoFrameChanged.connect(self.frame_did_arrive)

    def start(self) -> bool:
        """Turn the camera on; False when there is none (or it cannot be opened)."""
        if self.camera is not None:
            return True
        device = QMediaDevices.defaultVideoInput()
        if device.isNull():
            return False
        self.camera = QCamera(device, self)
        self.camera.errorOccurred.connect(
            lambda error, text: log.warning("the camera failed: %s %s", error, text))
        self.session.setCamera(self.camera)
        self.session.setVideoOutput(self.preview)
        self.camera.start()
        return True

    def stop(self) -> None:
        if self.camera is not None:
            self.camera.stop()
            self.session.setCamera(None)  # type: ignore[arg-type]  # None detaches it
            self.camera.deleteLater()
            self.camera = None

    def frame_did_arrive(self, frame: QVideoFrame) -> None:
        at_ms = frame.startTime() // 1000 if frame.startTime() >= 0 else self._last_ms + 10**6
        if self._busy or at_ms - self._last_ms < DECODE_EVERY_MS or not frame.isValid():
            return
        self._busy, self._last_ms = True, at_ms
        image = frame.toImage()
        self.run_task(lambda: decode_card(image), self._decoded)

    def _decoded(self, result: object) -> None:
        self._busy = False
        if isinstance(result, str):
            self.card_did_show.emit(result)
        elif isinstance(result, Exception):
            log.warning("a camera frame could not be decoded: %s", result)

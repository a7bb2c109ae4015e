"""One kiosk per data home: a second start asks the running kiosk to come to the front and
leaves (two kiosks would share one database writer and one screen).

The key is the data home, so a test or a volunteer's second home runs beside the kiosk.
A kiosk killed with SIGKILL leaves its socket file behind; the next start finds nobody
answering on it, removes it and takes over.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger(__name__)

CONNECT_TIMEOUT_MS = 1000
RAISE = b"raise\n"


def server_name(home: Path) -> str:
    """Per user and data home; short enough for a socket path in any temporary folder."""
    digest = hashlib.sha256(str(home.resolve()).encode("utf-8")).hexdigest()[:16]
    return f"seniorlearn-{os.getuid()}-{digest}"


class SingleInstance(QObject):
    """Listen for later starts of the same kiosk; ``another_did_start`` fires on each."""

    another_did_start = Signal()

    def __init__(self, home: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.name = server_name(home)
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._connected)

    def ask_running_kiosk(self) -> bool:
        """True when a kiosk already runs for this home and was asked to come forward."""
        socket = QLocalSocket()
        socket.connectToServer(self.name)
        if not socket.waitForConnected(CONNECT_TIMEOUT_MS):
            return False
        socket.write(RAISE)
        socket.waitForBytesWritten(CONNECT_TIMEOUT_MS)
        socket.disconnectFromServer()
        return True

    def listen(self) -> bool:
        """Become the running kiosk; a socket left by a killed kiosk is removed first."""
        if self.server.listen(self.name):
            return True
        QLocalServer.removeServer(self.name)
        if self.server.listen(self.name):
            return True
        log.warning("the single-instance socket %s cannot be opened: %s", self.name,
                    self.server.errorString())
        return False

    def _connected(self) -> None:
        while (socket := self.server.nextPendingConnection()) is not None:
            socket.readyRead.connect(lambda s=socket: self._read(s))
            socket.disconnected.connect(socket.deleteLater)
            if socket.bytesAvailable():
                self._read(socket)

    def _read(self, socket: QLocalSocket) -> None:
        if bytes(socket.readAll().data()).startswith(RAISE.strip()):
            log.info("another start of the kiosk asked it to come forward")
            self.another_did_start.emit()

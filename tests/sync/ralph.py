"""A real LRS for the tests: Ralph 5.1.0 (from PyPI, in its own venv) on a free loopback
port, with its fs backend and a basic-auth file. FACTS.md: the fs backend must append, so a
small launcher sets that before uvicorn serves ``ralph.api:app``."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
RALPH_PYTHON = Path(os.environ.get("SENIORLEARN_RALPH_PYTHON",
                                   ROOT / ".ralph-venv" / "bin" / "python"))
USER, PASSWORD = "kiosk", "s3cret-kiosk-pw"
HOMEPAGE = "https://xuexi.example.cn"
LAUNCHER = """
import sys
from ralph.backends.data.base import BaseOperationType
from ralph.backends.data.fs import FSDataBackend
FSDataBackend.default_operation_type = BaseOperationType.APPEND
import uvicorn
uvicorn.run("ralph.api:app", host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Ralph:
    folder: Path
    port: int
    process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def env(self) -> dict[str, str]:
        return {**os.environ, "RALPH_RUNSERVER_BACKEND": "fs",
                "RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH": str(self.folder / "data"),
                "RALPH_AUTH_FILE": str(self.folder / "auth.json"),
                # Ralph keeps a history of writes, by default one file in ~/.config shared by
                # every instance: a killed one can leave it empty and break all the others.
                "RALPH_HISTORY_FILE": str(self.folder / "history.json")}

    def start(self) -> Ralph:
        (self.folder / "data").mkdir(parents=True, exist_ok=True)
        if not (self.folder / "auth.json").exists():
            subprocess.run([str(RALPH_PYTHON.parent / "ralph"), "auth", "-u", USER, "-p",
                            PASSWORD, "-s", "statements/write", "-s", "statements/read",
                            "-A", "kiosk", HOMEPAGE, "-w"], env=self.env(), check=True,
                           capture_output=True, timeout=60)
        self.process = subprocess.Popen([str(RALPH_PYTHON), "-c", LAUNCHER, str(self.port)],
                                        env=self.env(), stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("Ralph stopped: " + self.process.stderr.read().decode()[-2000:])
            try:
                httpx.get(self.endpoint + "statements", auth=(USER, PASSWORD), timeout=2)
                return self
            except httpx.HTTPError:
                time.sleep(0.2)
        raise RuntimeError("Ralph did not start within 60 s")

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        self.process = None

    def statements(self) -> list[dict]:
        """Everything Ralph stored, following ``more``."""
        found: list[dict] = []
        url = self.endpoint + "statements"
        params: dict | None = {"limit": 500}
        with httpx.Client(auth=(USER, PASSWORD), timeout=30,
                          headers={"X-Experience-API-Version": "1.0.3"}) as http:
            while url:
                body = http.get(url, params=params).json()
                found += body["statements"]
                more = body.get("more") or ""
                url = f"http://127.0.0.1:{self.port}{more}" if more else ""
                params = None
        return found


def ralph_available() -> bool:
    return RALPH_PYTHON.exists()


if __name__ == "__main__":  # python -m tests.sync.ralph DIR: a Ralph to look at by hand
    lrs = Ralph(Path(sys.argv[1]), free_port()).start()
    print(lrs.endpoint, USER, PASSWORD, flush=True)
    lrs.process.wait()

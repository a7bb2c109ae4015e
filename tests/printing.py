"""A real CUPS scheduler of the test's own: cupsd on a socket in a scratch folder, with one
queue that is the default printer. The queue is raw and prints to /dev/null, and CUPS
keeps each job's document in its spool, so a test reads back exactly what the printer got.

The suite points ``CUPS_SERVER`` at a socket that does not exist (conftest), so nothing
prints on a real printer of the machine; ``printer`` points it here instead.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

CUPSD = shutil.which("cupsd", path=os.pathsep.join((os.environ.get("PATH", ""), "/usr/sbin")))
LPADMIN = shutil.which("lpadmin", path=os.pathsep.join((os.environ.get("PATH", ""),
                                                        "/usr/sbin")))
needs_cups = pytest.mark.skipif(
    CUPSD is None or LPADMIN is None,
    reason="needs cupsd and lpadmin (cups-daemon, cups-client: installer/test.sh adds them)")
QUEUE = "Study_Point"

CUPSD_CONF = """\
Listen {socket}
LogLevel info
Browsing No
WebInterface No
PreserveJobFiles Yes
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
"""
FILES_CONF = """\
ServerRoot {root}
RequestRoot {root}/spool
CacheDir {root}/cache
StateDir {root}/state
TempDir {root}/tmp
ErrorLog {root}/log/error_log
AccessLog {root}/log/access_log
PageLog {root}/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
"""


class CupsServer:
    def __init__(self) -> None:
        # A short path: a Unix socket's name has room for 107 bytes.
        self.root = Path(tempfile.mkdtemp(prefix="cups-"))
        self.socket = self.root / "cups.sock"
        for folder in ("spool", "cache", "state", "log"):
            (self.root / folder).mkdir()
        (self.root / "tmp").mkdir(mode=0o1777)
        os.chmod(self.root / "tmp", 0o1777)
        (self.root / "cupsd.conf").write_text(CUPSD_CONF.format(socket=self.socket))
        (self.root / "cups-files.conf").write_text(FILES_CONF.format(root=self.root))
        self.process: subprocess.Popen | None = None

    @property
    def env(self) -> dict[str, str]:
        return dict(os.environ, CUPS_SERVER=str(self.socket))

    def start(self) -> None:
        self.process = subprocess.Popen(
            [CUPSD, "-f", "-c", str(self.root / "cupsd.conf"),
             "-s", str(self.root / "cups-files.conf")], stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.monotonic() + 20
        # `lpstat -r` exits 0 either way; only its words say whether cupsd is listening yet.
        while not self.is_running():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"cupsd did not start: {self.log()}")
            time.sleep(0.1)

    def is_running(self) -> bool:
        said = subprocess.run(["lpstat", "-r"], env=dict(self.env, LC_ALL="C"),
                              capture_output=True, text=True, timeout=30).stdout
        return said.strip() == "scheduler is running"

    def add_default_printer(self) -> None:
        # Raw: CUPS 2.4 warns that raw queues will go, and still takes them.
        self.run(LPADMIN, "-p", QUEUE, "-E", "-v", "file:///dev/null", "-m", "raw")
        self.run(LPADMIN, "-d", QUEUE)

    def run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        done = subprocess.run(list(command), env=self.env, capture_output=True, text=True,
                              timeout=30)
        if check and done.returncode != 0:
            raise RuntimeError(f"{command}: {done.stderr}")
        return done

    def documents(self) -> list[Path]:
        """What the printer got, a file a job, oldest first (the spool is root's and lp's
        alone: read as root in CI, or as the user who runs cupsd)."""
        return sorted((self.root / "spool").glob("d*-001"))

    def jobs(self, which: str = "all") -> list[str]:
        listed = self.run("lpstat", "-W", which, "-o", check=False).stdout
        return [line.split()[0] for line in listed.splitlines() if line.strip()]

    def wait_until_printed(self, count: int, timeout_s: float = 20.0) -> None:
        deadline = time.monotonic() + timeout_s
        while len(self.jobs("completed")) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.jobs()} jobs, {count} asked: {self.log()}")
            time.sleep(0.1)

    def log(self) -> str:
        path = self.root / "log" / "error_log"
        return path.read_text(errors="replace")[-2000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(10)

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)


"""The Debian package, end to end (slow: a few minutes): installer/build-deb builds it,
lintian finds no errors, and it installs into a throwaway Debian 12 root (debootstrap into a
plain folder, entered with chroot: never the machine running the test). There it runs
``seniorlearn --version``, ``doctor --json`` and a lesson on a headless screen as the
``seniorlearn`` user, ``systemd-analyze verify`` passes on its unit, and upgrade, remove and
purge keep, keep and delete the data."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MIRROR = os.environ.get("SENIORLEARN_DEB_MIRROR", "http://deb.debian.org/debian")
CACHE = Path(os.environ.get("SENIORLEARN_DEB_CACHE",
                            Path.home() / ".cache" / "seniorlearn-deb"))
LESSON = "payment-code"
NEEDS = ("debootstrap", "lintian", "dpkg-deb", "chroot")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.timeout(1200),
    pytest.mark.skipif(os.geteuid() != 0, reason="installing into a chroot needs root "
                       "(CI runs as root; installer/test.sh installs debootstrap and lintian)"),
]


def sh(*args: str, timeout: float = 600, **kw) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL, **kw)


def in_root(root: Path, *args: str, user: str | None = None, timeout: float = 600,
            **env: str) -> subprocess.CompletedProcess[str]:
    base = {"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8",
            "DEBIAN_FRONTEND": "noninteractive", "HOME": "/root", **env}
    spec = [f"--userspec={user}:{user}"] if user else []
    return sh("chroot", *spec, str(root), "env", "-i",
              *(f"{k}={v}" for k, v in base.items()), *args, timeout=timeout)


@pytest.fixture(scope="module")
def deb(tmp_path_factory) -> Path:
    missing = [tool for tool in NEEDS if shutil.which(tool) is None]
    assert not missing, f"missing {missing}: installer/test.sh installs them when root"
    out = tmp_path_factory.mktemp("deb")
    started = time.monotonic()
    built = sh(str(ROOT / "installer" / "build-deb"), str(out), timeout=900)
    assert built.returncode == 0, built.stdout + built.stderr
    found = sorted(out.glob("seniorlearn_*_amd64.deb"))
    assert found, built.stdout
    print(f"\nbuilt in {time.monotonic() - started:.0f} s: {built.stdout.splitlines()[-1]}")
    return found[0]


@pytest.fixture(scope="module")
def debian_root(tmp_path_factory) -> Path:
    """A minimal Debian 12 in a plain folder; the debootstrap download is kept in CACHE."""
    root = tmp_path_factory.mktemp("bookworm") / "root"
    tarball = CACHE / "bookworm-minbase.tgz"
    CACHE.mkdir(parents=True, exist_ok=True)
    if not tarball.is_file():
        made = sh("debootstrap", "--variant=minbase", f"--make-tarball={tarball}.part",
                  "bookworm", str(root.parent / "tar-work"), MIRROR, timeout=900)
        assert made.returncode == 0, made.stdout[-3000:] + made.stderr[-3000:]
        os.replace(f"{tarball}.part", tarball)
    done = sh("debootstrap", "--variant=minbase", f"--unpack-tarball={tarball}", "bookworm",
              str(root), MIRROR, timeout=900)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    shutil.copy("/etc/resolv.conf", root / "etc" / "resolv.conf")
    return root


def test_lintian_reports_no_errors(deb) -> None:
    done = sh("lintian", "--no-tag-display-limit", str(deb), timeout=900)
    errors = [line for line in done.stdout.splitlines() if line.startswith("E:")]
    assert not errors, "\n".join(errors)


def test_installs_into_a_bare_debian_and_runs_there(deb, debian_root) -> None:
    root = debian_root
    shutil.copy(deb, root / "tmp" / "seniorlearn.deb")
    assert in_root(root, "apt-get", "update").returncode == 0
    started = time.monotonic()
    got = in_root(root, "apt-get", "install", "-y", "--no-install-recommends",
                  "/tmp/seniorlearn.deb", timeout=900)
    assert got.returncode == 0, got.stdout[-4000:] + got.stderr[-4000:]
    print(f"\ninstalled with its Depends in {time.monotonic() - started:.0f} s")
    assert (root / "var/lib/seniorlearn").is_dir()
    assert "seniorlearn" in (root / "etc/passwd").read_text()

    version = in_root(root, "seniorlearn", "--version")
    assert version.returncode == 0 and version.stdout.startswith("seniorlearn "), version

    home = {"HOME": "/var/lib/seniorlearn", "SENIORLEARN_HOME": "/var/lib/seniorlearn"}
    doctor = in_root(root, "seniorlearn", "doctor", "--json", user="seniorlearn", **home)
    rows = {row["key"]: row for row in json.loads(doctor.stdout)["checks"]}
    assert rows["video"]["ok"], rows["video"]
    assert rows["qt"]["ok"], rows["qt"]
    assert rows["data_dir"]["ok"], rows["data_dir"]

    lesson = in_root(root, "seniorlearn", "kiosk", "--windowed", "--open", LESSON,
                     "--quit-after", "12", user="seniorlearn", QT_QPA_PLATFORM="offscreen",
                     SENIORLEARN_SPEECH_ENABLED="false", **home)
    assert lesson.returncode == 0, lesson.stderr[-3000:]
    assert "Traceback" not in lesson.stderr
    log = (root / "var/lib/seniorlearn/logs/kiosk.log").read_text(encoding="utf-8")
    assert "bundled course" in log and "Traceback" not in log, log[-3000:]

    verify = in_root(root, "systemd-analyze", "verify", "--man=no",
                     "/lib/systemd/system/seniorlearn-kiosk.service")
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert (root / "etc/systemd/system/multi-user.target.wants/seniorlearn-kiosk.service"
            ).is_symlink(), "the kiosk service is not enabled at boot"

    marker = root / "var/lib/seniorlearn/kept"
    marker.write_text("study records")
    again = in_root(root, "dpkg", "-i", "/tmp/seniorlearn.deb")  # an upgrade to itself
    assert again.returncode == 0 and marker.is_file(), again.stderr
    removed = in_root(root, "dpkg", "--remove", "seniorlearn")
    assert removed.returncode == 0 and marker.is_file(), removed.stderr
    assert not (root / "opt/seniorlearn/bin").exists()
    purged = in_root(root, "dpkg", "--purge", "seniorlearn")
    assert purged.returncode == 0, purged.stderr
    assert not (root / "var/lib/seniorlearn").exists()

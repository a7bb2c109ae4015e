"""SeniorLearn installed from its wheel (not the editable checkout) and started from a folder
outside the checkout finds its icons, test clip, demo course packs and translations inside
the installed package: what the Debian package ships. Real wheel, real venv, real kiosk."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """A venv holding only the built wheel; its dependencies come from this run's venv
    through a .pth line (which, unlike a site dir, does not load the editable finder)."""
    base = tmp_path_factory.mktemp("wheel")
    built = subprocess.run([str(ROOT / "installer" / "build-wheel"), str(base / "dist")],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    wheel = built.stdout.split()[-1]
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = Path(sysconfig.get_path("purelib", vars={"base": str(venv)}))
    (site / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(venv / "bin" / "python"),
                    "install", "--quiet", "--no-deps", "--no-index", wheel], check=True,
                   timeout=120)
    return venv


def run(venv: Path, cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith(("SENIORLEARN_", "QT_", "PYTHON"))}
    environ.update(SENIORLEARN_HOME=str(cwd / "home"), **env)
    return subprocess.run([str(venv / "bin" / "python"), *args], cwd=cwd, env=environ,
                          capture_output=True, text=True, timeout=120)


def test_every_run_time_file_comes_from_the_installed_package(installed, tmp_path) -> None:
    done = run(installed, tmp_path, "-c", "import json, seniorlearn\n"
               "from seniorlearn.core import i18n, paths\n"
               "print(json.dumps([seniorlearn.__file__, str(paths.ASSETS_DIR), "
               "str(paths.BUNDLED_PACKS_DIR), str(i18n.LOCALE_DIR)]))")
    assert done.returncode == 0, done.stderr
    package = Path(json.loads(done.stdout)[0]).parent
    assert str(installed) in str(package) and str(ROOT) not in done.stdout, done.stdout
    for folder in json.loads(done.stdout)[1:]:
        assert Path(folder).is_dir() and Path(folder).is_relative_to(package), folder
    assert (package / "_data" / "assets" / "doctor-check.mp4").is_file()
    assert (package / "locale" / "zh_CN" / "LC_MESSAGES" / "seniorlearn.mo").is_file()
    assert (package / "ui" / "player" / "icons" / "play.svg").is_file()


def test_the_installed_kiosk_installs_its_demo_courses_and_doctor_plays_the_clip(
        installed, tmp_path) -> None:
    kiosk = run(installed, tmp_path, "-m", "seniorlearn", "kiosk", "--windowed",
                "--quit-after", "8", QT_QPA_PLATFORM="offscreen",
                SENIORLEARN_SPEECH_ENABLED="false")
    assert kiosk.returncode == 0, kiosk.stderr
    index = json.loads((tmp_path / "home" / "courses" / "index.json").read_text())
    shipped = {p.name for p in (ROOT / "courses_offline" / "packs").iterdir()}
    assert shipped <= set(json.dumps(index).replace('"', " ").split()), index
    doctor = run(installed, tmp_path, "-m", "seniorlearn", "doctor", "--json")
    rows = {row["key"]: row for row in json.loads(doctor.stdout)["checks"]}
    assert rows["video"]["ok"], rows["video"]
    assert "首页" in run(installed, tmp_path, "-c", "from seniorlearn.core.i18n import _, "
                        "set_language; set_language('zh_CN'); print(_('Home'))").stdout

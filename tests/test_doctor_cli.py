"""``seniorlearn doctor`` as a real subprocess: real libvlc, the real clip, real Qt and voice."""

from __future__ import annotations

import ast
import json
import os
import shutil
import string
import subprocess
import sys
from pathlib import Path

import pytest

from seniorlearn import doctor
from seniorlearn.core.i18n import LOCALE_DIR, parse_po
from tests.printing import needs_cups

ROOT = Path(__file__).resolve().parents[1]
KEYS = ["video", "speech", "voice", "sound", "qt", "data_dir", "settings", "disk", "database",
        "backups", "font", "courses", "pin", "printer"]


def run_doctor(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = dict(os.environ, SENIORLEARN_HOME=str(home), **env)
    environ.pop("DISPLAY", None)  # the same rows with or without a screen; xcb is tested below
    return subprocess.run([sys.executable, "-m", "seniorlearn", "doctor", *args], cwd=ROOT,
                          env=environ, capture_output=True, text=True, timeout=90)


def test_json_has_one_explained_row_per_check(tmp_path: Path) -> None:
    proc = run_doctor(tmp_path / "home", "--json")
    report = json.loads(proc.stdout)
    assert set(report) == {"ok", "checks"}
    assert [c["key"] for c in report["checks"]] == KEYS
    for check in report["checks"]:
        assert set(check) == {"key", "title", "ok", "required", "detail", "technical"}
        assert check["title"].strip() and check["detail"].strip(), check
    assert proc.returncode == (0 if report["ok"] else 1), proc.stderr
    video = next(c for c in report["checks"] if c["key"] == "video")
    assert video["ok"], video["detail"]


def test_damaged_database_fails_the_exit_code(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "seniorlearn.db").write_bytes(b"\x00garbage" * 512)
    proc = run_doctor(home, "--json")
    report = json.loads(proc.stdout)
    database = next(c for c in report["checks"] if c["key"] == "database")
    assert not database["ok"] and database["required"]
    assert proc.returncode == 1 and report["ok"] is False


def test_missing_libvlc_is_only_a_warning_when_qt_multimedia_can_play(tmp_path: Path) -> None:
    # python-vlc's own override; a path that does not exist is what a machine without libvlc sees.
    proc = run_doctor(tmp_path / "home", "--json", PYTHON_VLC_LIB_PATH=str(tmp_path / "none.so"))
    video = next(c for c in json.loads(proc.stdout)["checks"] if c["key"] == "video")
    assert (video["ok"], video["required"]) == (False, False)
    assert "Qt Multimedia" in video["detail"] and "sudo apt install libvlc5" in video["detail"]


def test_table_has_a_worded_mark_title_and_detail_per_row(tmp_path: Path) -> None:
    proc = run_doctor(tmp_path / "home", SENIORLEARN_LANGUAGE="en")
    lines = proc.stdout.splitlines()
    verdict, table = lines[0], lines.index("Every check:") + 1
    assert verdict.startswith("The kiosk can") or verdict.startswith("The kiosk cannot")
    rows = lines[table: table + len(KEYS)]
    assert all(line.split()[1] in ("OK", "Problem", "Note") for line in rows), proc.stdout
    assert "Video playback" in rows[0]
    assert lines[table + len(KEYS)] == "" and lines[-1].strip()


def test_the_verdict_comes_first_and_names_each_problem(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.write_text("a file where the data folder should be", encoding="utf-8")
    proc = run_doctor(home, SENIORLEARN_LANGUAGE="en")
    first, second = proc.stdout.splitlines()[:2]
    assert first.startswith("The kiosk cannot work yet"), proc.stdout
    assert "Data folder" in second and "Problem" in second


@pytest.mark.skipif(not shutil.which("xvfb-run"), reason="needs xvfb-run")
def test_qt_is_checked_on_a_real_x_display(tmp_path: Path) -> None:
    environ = dict(os.environ, SENIORLEARN_HOME=str(tmp_path / "home"),
                   SENIORLEARN_LANGUAGE="en")
    proc = subprocess.run(["xvfb-run", "-a", sys.executable, "-m", "seniorlearn", "doctor",
                           "--json"], cwd=ROOT, env=environ, capture_output=True, text=True,
                          timeout=120)
    qt = next(c for c in json.loads(proc.stdout)["checks"] if c["key"] == "qt")
    assert qt["ok"] and "DISPLAY=:" in qt["technical"], qt


def test_missing_library_line_becomes_an_apt_command() -> None:
    stderr = ("qt.core.plugin.loader: loaded library\n"
              "Cannot load library /x/libqxcb.so: (libxcb-icccm.so.4: cannot open shared object "
              "file: No such file or directory)\n")
    line, package = doctor.missing_library(stderr)
    assert package == "libxcb-icccm4" and "libxcb-icccm.so.4" in line
    qt_hint = "qt.qpa.plugin: From 6.5.0, xcb-cursor0 or libxcb-cursor0 is needed to load it."
    assert doctor.missing_library(qt_hint)[1] == "libxcb-cursor0"
    assert doctor.missing_library("nothing useful")[1] is None


@pytest.mark.parametrize(("soname", "package"), [
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libEGL.so.1", "libegl1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
])
def test_debian_package_for_a_library(soname: str, package: str) -> None:
    assert doctor.debian_package(soname) == package


def _msgids(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_") and node.args
                and isinstance(node.args[0], ast.Constant)):
            found.add(node.args[0].value)
    return found


def test_every_doctor_string_has_a_chinese_translation() -> None:
    catalog = parse_po((LOCALE_DIR / "zh_CN/LC_MESSAGES/seniorlearn.po").read_text("utf-8"))
    ids = _msgids(ROOT / "seniorlearn/doctor.py") | _msgids(ROOT / "seniorlearn/core/doctor.py")
    assert ids
    missing = sorted(i for i in ids if not catalog.get(i))
    assert not missing
    for msgid in ids:  # placeholders must survive translation, or .format() raises
        assert sorted(_fields(catalog[msgid])) == sorted(_fields(msgid)), msgid


def _fields(text: str) -> list[str]:
    return [name for _lit, name, _spec, _conv in string.Formatter().parse(text) if name]


def test_chinese_rows_carry_no_english_and_the_detail_is_behind_verbose(tmp_path: Path) -> None:
    """Each OK row is a Chinese sentence; versions, paths and measurements come with
    --verbose, and are in --json too."""
    home = tmp_path / "home"
    plain = run_doctor(home).stdout
    rows = plain.split("\n\n")[1].splitlines()[1:]  # "每一项检查：" then a row per check
    for row in rows:
        sentence = row.split(None, 3)[3]
        english = [word for word in sentence.replace("（", " ").replace("）", " ").split()
                   if word.isascii() and word.isalpha() and word.lower() not in ASCII_NAMES]
        assert not english, row
    assert str(home) not in plain and "libvlc 3" not in plain and "espeak-ng 1." not in plain
    verbose = run_doctor(home, "--verbose").stdout
    assert f"详细：{home / 'seniorlearn.db'}" in verbose and "详细：libvlc " in verbose
    video = next(c for c in json.loads(run_doctor(home, "--json").stdout)["checks"]
                 if c["key"] == "video")
    assert video["detail"] == "视频可以正常播放。" and video["technical"].startswith("libvlc ")


# Names and commands a Chinese row may still show as they are.
ASCII_NAMES = {"qt", "doctor", "gb", "mb", "u", "seniorlearn", "pin", "set", "noto", "sans", "cjk",
               "sc", "vlc", "multimedia", "pdf"}


@needs_cups
def test_the_printer_row_names_the_printer_and_says_how_to_resume_a_paused_one(
        tmp_path: Path, printer) -> None:
    def row() -> dict:
        proc = run_doctor(tmp_path / "home", "--json")  # CUPS_SERVER: the test's own CUPS
        return next(c for c in json.loads(proc.stdout)["checks"] if c["key"] == "printer")

    ready = row()
    assert (ready["ok"], ready["detail"]) == (True, "证书和学习卡用打印机 Study_Point 打印。")
    printer.run("cupsdisable", "Study_Point")
    paused = row()
    assert (paused["ok"], paused["required"]) == (False, False)
    assert paused["detail"].endswith("cupsenable Study_Point && cupsaccept Study_Point")
    assert "stopped True" in paused["technical"]
    printer.stop()
    gone = row()
    assert gone["ok"] and gone["detail"].startswith("没有装打印机：证书和学习卡会存成 PDF 文件")

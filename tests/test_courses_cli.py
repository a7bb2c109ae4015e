"""``seniorlearn courses ...`` run for real in a subprocess, against a private data home."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from seniorlearn.core.i18n import translate
from tests.core.courses.hostile import CASES
from tests.core.courses.packs import make_pack, make_video, tree_digest

ROOT = Path(__file__).resolve().parents[1]
CJK = re.compile(r"[\u4e00-\u9fff]")


def run(home: Path, *args: str, stdout: int = subprocess.PIPE
        ) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SENIORLEARN_HOME=str(home), PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "seniorlearn", "courses", *args], env=env,
                          stdout=stdout, stderr=subprocess.PIPE, text=True, timeout=120)


@pytest.fixture(scope="module")
def video(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return make_video(tmp_path_factory.mktemp("video") / "tiny.mp4").read_bytes()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory, video: bytes) -> Path:
    work = tmp_path_factory.mktemp("cli-baseline")
    make_pack(work / "pack", video, version=2)
    home = work / "home"
    out = run(home, "import", str(work / "pack"))
    assert out.returncode == 0, out.stderr
    assert out.stdout == "课程《演示课程》（第 2 版）已安装完成。\n"
    return home


@pytest.fixture
def home(baseline: Path, data_home: Path) -> Path:
    shutil.copytree(baseline, data_home, symlinks=True)
    return data_home


def matches(template: str, sentence: str) -> bool:
    pattern = "".join(".+" if part.startswith("{") else re.escape(part)
                      for part in re.split(r"(\{\w+\})", template))
    return re.fullmatch(pattern, sentence) is not None


def assert_one_sentence(stderr: str) -> None:
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert CJK.search(lines[0]) and lines[0].endswith("。") and lines[0].count("。") == 1


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_pack_gets_one_sentence_and_exit_2(name: str, home: Path, tmp_path: Path,
                                               video: bytes) -> None:
    work = tmp_path / "work"
    work.mkdir()
    builder, msgid = CASES[name]
    pack = builder(work, video)
    before = tree_digest(home)
    out = run(home, "import", str(pack))
    assert out.returncode == 2, out.stdout + out.stderr
    assert_one_sentence(out.stderr)
    assert matches(translate(msgid, "zh_CN"), out.stderr.strip())
    assert out.stdout == ""
    assert tree_digest(home) == before


def test_not_enough_disk(home: Path, tmp_path: Path, video: bytes) -> None:
    make_pack(tmp_path / "pack", video, version=3)
    before = tree_digest(home)
    out = run(home, "import", str(tmp_path / "pack"), "--reserve-mb", str(10**9))
    assert out.returncode == 2
    assert_one_sentence(out.stderr)
    assert out.stderr.startswith("存储空间不足")
    assert tree_digest(home) == before


def test_same_version_is_a_message_and_exit_0(home: Path, tmp_path: Path, video: bytes) -> None:
    make_pack(tmp_path / "pack", video, version=2)
    before = tree_digest(home)
    out = run(home, "import", str(tmp_path / "pack"))
    assert (out.returncode, out.stderr) == (0, "")
    assert out.stdout == "课程《演示课程》第 2 版已经安装，无需重复导入。\n"
    assert tree_digest(home) == before


def test_the_sentence_follows_the_configured_language(home: Path, tmp_path: Path) -> None:
    (home / "config.toml").write_text('language = "en"\n', encoding="utf-8")
    out = run(home, "import", str(tmp_path / "missing.zip"))
    assert out.returncode == 2
    missing = tmp_path / "missing.zip"
    assert out.stderr == f"{missing} was not found; check the path and try again.\n"


def test_list_verify_remove(home: Path) -> None:
    listed = run(home, "list")
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[:2] == [
        "demo-course  v2  演示课程", "    lesson-0  0:01  第1课"]
    data = json.loads(run(home, "list", "--json").stdout)
    assert data == [{"id": "demo-course", "version": 2,
                     "title": {"zh_CN": "演示课程", "en": "Demo course"}, "category": "smart_tech",
                     "files_missing": False,
                     "lessons": [{"id": f"lesson-{i}", "title": {"zh_CN": f"第{i + 1}课",
                                                                 "en": f"Lesson {i + 1}"},
                                  "duration_s": 1.0} for i in range(2)]}]
    ok = run(home, "verify")
    assert (ok.returncode, ok.stdout) == (0, "已安装课程的全部 5 个文件都完好无损。\n")
    store = next((home / "courses" / "store").iterdir())
    (store / "lessons/l1/video.mp4").write_bytes(b"tampered")
    (store / "thumbnail.png").unlink()
    bad = run(home, "verify", "demo-course")
    assert bad.returncode == 2
    assert bad.stdout.splitlines() == [
        "demo-course: thumbnail.png: 这个文件不见了，请删除这门课程后重新导入。",
        "demo-course: lessons/l1/video.mp4: 这个文件已损坏，请删除这门课程后重新导入。"]
    removed = run(home, "remove", "demo-course")
    assert (removed.returncode, removed.stdout) == (
        0, "课程《演示课程》已删除，学员的学习记录仍然保留。\n")
    assert run(home, "list").stdout == "本机还没有安装课程。\n"
    again = run(home, "remove", "demo-course")
    assert again.returncode == 2
    assert_one_sentence(again.stderr)


def test_reading_leaves_staging_and_an_import_clears_it(home: Path, tmp_path: Path,
                                                       video: bytes) -> None:
    leftover = home / "courses-staging" / "import-dead" / "lessons"
    leftover.mkdir(parents=True)
    (leftover / "half.mp4").write_bytes(b"\0" * 1000)
    before = tree_digest(home)
    assert run(home, "list").returncode == 0
    assert run(home, "verify").returncode == 0
    assert tree_digest(home) == before
    make_pack(tmp_path / "other", video, course_id="other-course")
    assert run(home, "import", str(tmp_path / "other")).returncode == 0
    assert not (home / "courses-staging").exists()


def test_a_deleted_index_keeps_every_course(home: Path, tmp_path: Path, video: bytes) -> None:
    store = home / "courses" / "store"
    before = tree_digest(store)
    (home / "courses" / "index.json").unlink()
    listed = run(home, "list")
    assert listed.returncode == 0
    assert listed.stderr == ("已安装课程的清单丢失或损坏，已根据课程文件夹重新建好，"
                             "不需要再做什么。\n")
    assert listed.stdout.splitlines()[0] == "demo-course  v2  演示课程"
    assert tree_digest(store) == before
    assert "rebuilt it from store/: demo-course v2" in (home / "logs/courses.log").read_text()
    assert run(home, "list").stderr == ""
    make_pack(tmp_path / "other", video, course_id="other-course")
    assert run(home, "import", str(tmp_path / "other")).returncode == 0
    assert run(home, "remove", "other-course").returncode == 0
    assert tree_digest(store) == before
    assert run(home, "verify").stdout == "已安装课程的全部 5 个文件都完好无损。\n"


def test_a_truncated_index_is_rebuilt(home: Path, tmp_path: Path, video: bytes) -> None:
    index = home / "courses" / "index.json"
    index.write_bytes(index.read_bytes()[:30])
    listed = run(home, "list")
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines()[0] == "demo-course  v2  演示课程"
    assert run(home, "verify", "demo-course").returncode == 0
    make_pack(tmp_path / "v3", video, version=3)
    out = run(home, "import", str(tmp_path / "v3"))
    assert (out.returncode, out.stdout) == (0, "课程《演示课程》已从第 2 版更新到第 3 版。\n")


def test_a_deleted_course_folder_is_reported_then_reimported(home: Path, tmp_path: Path,
                                                             video: bytes) -> None:
    shutil.rmtree(next((home / "courses" / "store").iterdir()))
    listed = run(home, "list")
    assert listed.returncode == 0
    assert listed.stdout.splitlines() == [
        "demo-course  v2  演示课程",
        "    这门课程的文件不见了，请重新导入这门课程的课程包来重新安装。"]
    assert json.loads(run(home, "list", "--json").stdout) == [{
        "id": "demo-course", "version": 2, "title": {"zh_CN": "演示课程", "en": "Demo course"},
        "files_missing": True}]
    bad = run(home, "verify")
    assert bad.returncode == 2 and "请重新导入这门课程的课程包" in bad.stdout
    make_pack(tmp_path / "pack", video, version=2)
    out = run(home, "import", str(tmp_path / "pack"))
    assert (out.returncode, out.stdout) == (
        0, "课程《演示课程》（第 2 版）缺少文件，已重新安装。\n")
    assert run(home, "verify").returncode == 0


def test_progress_shows_on_a_terminal_only(data_home: Path, tmp_path: Path, video: bytes) -> None:
    make_pack(tmp_path / "pack", video, thumbnail=b"\3" * (32 << 20))
    main_fd, child_fd = pty.openpty()
    try:
        out = run(data_home, "import", str(tmp_path / "pack"), stdout=child_fd)
        os.close(child_fd)
        shown = b""
        while True:
            try:
                chunk = os.read(main_fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(main_fd)
    assert out.returncode == 0
    text = shown.decode()
    assert "100%" in text and text.rstrip().endswith("已安装完成。")


def test_imports_and_removals_from_a_terminal_are_in_the_audit_log(tmp_path: Path,
                                                                   video: bytes) -> None:
    from seniorlearn.core.audit import AuditLog
    from seniorlearn.core.paths import Paths

    home = tmp_path / "home"
    pack = tmp_path / "pack"
    make_pack(pack, video)
    assert run(home, "import", str(pack)).returncode == 0
    assert run(home, "import", str(pack)).returncode == 0  # the same version: nothing done
    course_id = json.loads(run(home, "list", "--json").stdout)[0]["id"]
    assert run(home, "remove", course_id).returncode == 0
    records = AuditLog(Paths(home)).recent(10)
    assert [(r.what, r.detail.get("via")) for r in records] == [
        ("course_removed", "terminal"), ("course_imported", "terminal")]


def test_scan_lists_a_sticks_packs_as_the_import_screen_does(
        tmp_path: Path, baseline: Path, video: bytes) -> None:
    home = tmp_path / "home"
    shutil.copytree(baseline, home)
    stick = tmp_path / "media" / "STICK" / "SENIORLEARN"
    make_pack(stick / "demo-v3", video, version=3)
    make_pack(stick / "demo-v2", video, version=2)
    make_pack(stick / "broken", video, course_id="broken")
    (stick / "broken" / "manifest.json").write_text("[", encoding="utf-8")
    out = run(home, "scan", str(tmp_path / "media"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.splitlines()[::2] == [
        "《演示课程》第 3 版：比已装的新（已装的是第 2 版）", "《演示课程》第 2 版：和已装的一样",
        "broken：这个课程包读不出来。课程包的内容清单（manifest.json）无法读取，请向发布者索取新的课程包。"]
    rows = json.loads(run(home, "scan", str(stick), "--json").stdout)
    assert [(r["path"], r["standing"], r["installed_version"]) for r in rows] == [
        (str(stick / "demo-v3"), "newer", 2), (str(stick / "demo-v2"), "same", 2),
        (str(stick / "broken"), "unreadable", None)]
    assert tree_digest(home) == tree_digest(baseline)  # looking changes nothing

"""The Qt-free doctor checks, against a real temporary data home, real SQLite and real fc-list."""

from __future__ import annotations

import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from seniorlearn.core import doctor
from seniorlearn.core.doctor import Check, CheckResult, DiskUsage
from seniorlearn.core.i18n import current_language, set_language
from seniorlearn.core.paths import Paths
from seniorlearn.core.storage.db import open_database

GB = 1024**3
MB = 1024**2


@pytest.fixture(autouse=True)
def english() -> Iterator[None]:
    before = current_language()
    set_language("en")
    yield
    set_language(before)


@pytest.fixture
def paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Paths:
    monkeypatch.setenv("SENIORLEARN_HOME", str(tmp_path / "home"))
    return Paths.from_env()


def test_data_dir_is_created_and_writable(paths: Paths) -> None:
    result = doctor.check_data_dir(paths)
    assert result.ok and result.key == "data_dir"
    assert paths.home.is_dir()
    assert list(paths.home.iterdir()) == []  # the probe file is gone


def test_data_dir_that_cannot_be_made_fails_with_a_sentence(tmp_path: Path) -> None:
    # Root ignores chmod, but nobody can make a folder inside a regular file.
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    result = doctor.check_data_dir(Paths(blocker / "home"))
    assert not result.ok and result.required
    assert str(blocker / "home") in result.detail
    assert "SENIORLEARN_HOME" in result.detail
    assert result.detail.endswith(".")


def fake_disk(free: int):
    return lambda path: DiskUsage(total=100 * GB, used=100 * GB - free, free=free)


@pytest.mark.parametrize(
    ("free", "ok", "required"),
    [
        (3 * GB, True, True),
        (2 * GB, True, True),
        (2 * GB - 1, False, False),
        (500 * MB, False, False),
        (500 * MB - 1, False, True),
        (10 * MB, False, True),
    ],
)
def test_free_disk_thresholds(paths: Paths, free: int, ok: bool, required: bool) -> None:
    result = doctor.check_free_disk(paths, disk_usage=fake_disk(free))
    assert (result.ok, result.required) == (ok, required)
    assert result.detail


def test_free_disk_measures_an_existing_parent_when_home_is_missing(paths: Paths) -> None:
    seen: list[Path] = []

    def usage(path: Path) -> DiskUsage:
        seen.append(path)
        return DiskUsage(*shutil.disk_usage(path))

    assert doctor.check_free_disk(paths, disk_usage=usage).detail
    assert seen and seen[0].is_dir() and not paths.home.exists()


def test_missing_database_is_fine(paths: Paths) -> None:
    result = doctor.check_database(paths)
    assert result.ok
    assert str(paths.database) not in result.detail  # the path is a technician's detail
    assert result.technical == str(paths.database)


def test_sound_database_passes(paths: Paths) -> None:
    db = open_database(paths.database)
    db["meta"].insert({"key": "k", "value": "v"})
    db.conn.close()
    assert doctor.check_database(paths).ok


def test_garbage_database_fails_and_says_what_to_do(paths: Paths) -> None:
    paths.home.mkdir(parents=True)
    paths.database.write_bytes(b"this is not SQLite at all" * 200)
    result = doctor.check_database(paths)
    assert not result.ok and result.required
    assert str(paths.backups) in result.detail


def test_chinese_font_found_on_this_machine() -> None:
    result = doctor.check_cjk_font()
    assert result.ok, result.detail


def test_no_chinese_font_fails_with_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    conf = tmp_path / "fonts.conf"
    conf.write_text(f"<fontconfig><dir>{fonts}</dir><cachedir>{tmp_path / 'cache'}</cachedir>"
                    "</fontconfig>")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    result = doctor.check_cjk_font()
    assert not result.ok and result.required
    assert "sudo apt install fonts-noto-cjk" in result.detail


def test_missing_fc_list_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    result = doctor.check_cjk_font()
    assert not result.ok
    assert "fc-list" in result.detail and "fontconfig" in result.detail


def test_preferred_fonts_rank_first() -> None:
    families = ["AR PL UMing CN", "Noto Serif CJK SC", "Noto Sans Mono CJK SC",
                "Noto Sans CJK TC", "Noto Sans CJK SC", "WenQuanYi Micro Hei"]
    assert sorted(families, key=doctor._font_rank)[0] == "Noto Sans CJK SC"
    assert sorted(families, key=doctor._font_rank)[-1] == "AR PL UMing CN"


def row(key: str, ok: bool, required: bool = True) -> CheckResult:
    return CheckResult(key, key.title(), ok, "detail", required)


def test_exit_code_ignores_warnings_only() -> None:
    assert doctor.exit_code([row("a", True), row("b", False, required=False)]) == 0
    assert doctor.exit_code([row("a", True), row("b", False)]) == 1
    assert [r.status for r in (row("a", True), row("b", False, False), row("c", False))] == [
        "ok", "warning", "failed"]


def test_run_checks_runs_together_keeps_order_and_survives_a_broken_check() -> None:
    def slow(key: str) -> Check:
        return Check(key, key, lambda: (time.sleep(0.3), row(key, True))[1])

    def broken() -> CheckResult:
        raise RuntimeError("boom")

    started = time.monotonic()
    results = doctor.run_checks([slow("a"), Check("b", "Broken", broken), slow("c")])
    assert time.monotonic() - started < 0.6
    assert [r.key for r in results] == ["a", "b", "c"]
    assert not results[1].ok and results[1].title == "Broken"
    assert "boom" in results[1].technical and "boom" not in results[1].detail


def test_run_checks_turns_a_hung_check_into_a_failed_row() -> None:
    results = doctor.run_checks([Check("hang", "Hang", lambda: (time.sleep(5), row("x", 1))[1])],
                                timeout_s=0.2)
    assert results[0].key == "hang" and not results[0].ok and results[0].detail


def test_core_checks_pass_on_a_fresh_home(paths: Paths) -> None:
    results = doctor.run_checks(doctor.core_checks(paths))
    assert [r.key for r in results] == ["data_dir", "settings", "disk", "database", "backups",
                                        "font"]
    assert doctor.exit_code(results) == 0, results


def test_settings_row_names_the_damaged_line_and_only_warns(paths: Paths) -> None:
    paths.home.mkdir(parents=True)
    paths.config_file.write_text("speech_rate = 150\ntheme = standard\n", encoding="utf-8")
    result = doctor.check_settings(paths)
    assert (result.ok, result.required, result.status) == (False, False, "warning")
    assert "Line 2" in result.detail and "“theme = standard”" in result.detail
    assert "seniorlearn config repair" in result.detail
    assert paths.config_file.read_text(encoding="utf-8").endswith("theme = standard\n")


def test_settings_row_names_a_bad_value(paths: Paths) -> None:
    paths.home.mkdir(parents=True)
    paths.config_file.write_text("idle_timeout_seconds = 5\n", encoding="utf-8")
    result = doctor.check_settings(paths)
    assert not result.ok and "Line 1" in result.detail and "at least 30" in result.detail


def test_settings_row_is_fine_without_a_file_and_with_a_good_one(paths: Paths) -> None:
    assert doctor.check_settings(paths).ok
    paths.home.mkdir(parents=True)
    paths.config_file.write_text("speech_rate = 150\n", encoding="utf-8")
    result = doctor.check_settings(paths)
    assert result.ok and "good order" in result.detail


def test_a_data_folder_others_can_read_is_a_note_with_the_fix(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    result = doctor.check_data_dir(Paths(home))
    assert (result.ok, result.required) == (False, False)
    assert f"chmod 700 {home}" in result.detail


def test_the_kiosk_start_makes_the_data_folder_private_and_names_what_is_wrong(
        tmp_path: Path) -> None:
    from seniorlearn.core.paths import prepare_home
    from tests.faults import fill, read_only, small_disk

    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    home.chmod(0o755)
    assert prepare_home(Paths(home)) is None
    assert home.stat().st_mode & 0o777 == 0o700
    assert doctor.check_data_dir(Paths(home)).ok
    new = tmp_path / "new" / "home"
    assert prepare_home(Paths(new)) is None and new.stat().st_mode & 0o777 == 0o700
    afile = tmp_path / "afile"
    afile.write_text("x", encoding="utf-8")
    assert prepare_home(Paths(afile)) == "not_a_folder"
    assert prepare_home(Paths(afile / "home")) == "not_a_folder"
    with read_only(home):
        assert prepare_home(Paths(home)) == "read_only"
    with small_disk(tmp_path / "small", "64k") as small:
        fill(small)
        assert prepare_home(Paths(small)) == "full"

"""Every bad pack the library must refuse, built from real files.

Each case writes a pack under ``work`` that would be an update (version 3) of the course
installed by the tests' baseline (``demo-course`` version 2), and names the message it must
get. Shared by the library tests and the CLI tests.
"""

from __future__ import annotations

import json
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

from seniorlearn.core.courses import errors as e
from tests.core.courses.packs import make_pack, write_manifest, zip_pack

Builder = Callable[[Path, bytes], Path]
CASES: dict[str, tuple[Builder, str]] = {}


def case(msgid: str) -> Callable[[Builder], Builder]:
    def register(builder: Builder) -> Builder:
        CASES[builder.__name__] = (builder, msgid)
        return builder
    return register


def _pack(work: Path, video: bytes, **kwargs: object) -> tuple[Path, dict]:
    folder = work / "pack"
    manifest = make_pack(folder, video, version=3, **kwargs)  # type: ignore[arg-type]
    return folder, manifest


@case(e.BAD_JSON)
def not_json(work: Path, video: bytes) -> Path:
    folder, _m = _pack(work, video)
    (folder / "manifest.json").write_text('{"schema_version": 1, "id": ', encoding="utf-8")
    return folder


@case(e.SCHEMA_VERSION)
def wrong_schema_version(work: Path, video: bytes) -> Path:
    folder, manifest = _pack(work, video)
    write_manifest(folder, {**manifest, "schema_version": 3})
    return folder


@case(e.MISSING_FIELD)
def missing_field(work: Path, video: bytes) -> Path:
    folder, manifest = _pack(work, video)
    del manifest["licence"]
    write_manifest(folder, manifest)
    return folder


@case(e.EXTRA_FIELD)
def extra_field(work: Path, video: bytes) -> Path:
    folder, manifest = _pack(work, video)
    manifest["lessons"][0]["titel"] = manifest["lessons"][0]["title"]
    write_manifest(folder, manifest)
    return folder


@case(e.DUPLICATE_LESSON)
def duplicate_lesson_ids(work: Path, video: bytes) -> Path:
    folder, manifest = _pack(work, video)
    manifest["lessons"][1]["id"] = manifest["lessons"][0]["id"]
    write_manifest(folder, manifest)
    return folder


@case(e.MISSING_FILE)
def listed_file_missing(work: Path, video: bytes) -> Path:
    folder, _m = _pack(work, video)
    (folder / "lessons/l1/zh_CN.srt").unlink()
    return folder


@case(e.DAMAGED_FILE)
def size_mismatch(work: Path, video: bytes) -> Path:
    folder, _m = _pack(work, video)
    with (folder / "lessons/l1/video.mp4").open("ab") as fh:
        fh.write(b"\0")
    return folder


@case(e.DAMAGED_FILE)
def hash_mismatch(work: Path, video: bytes) -> Path:
    folder, _m = _pack(work, video)
    target = folder / "lessons/l1/video.mp4"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    return folder


@case(e.UNLISTED_FILE)
def unlisted_file(work: Path, video: bytes) -> Path:
    folder, _m = _pack(work, video)
    (folder / "lessons/l0/run-me.sh").write_text("echo hi\n")
    return folder


@case(e.UNSAFE_PATH)
def dotdot_path(work: Path, video: bytes) -> Path:
    folder, manifest = _pack(work, video)
    (work / "outside.mp4").write_bytes(video)
    manifest["lessons"][0]["video"]["path"] = "../outside.mp4"
    write_manifest(folder, manifest)
    return folder


@case(e.UNSAFE_PATH)
def absolute_path(work: Path, video: bytes) -> Path:
    folder, manifest = _pack(work, video)
    manifest["thumbnail"]["path"] = "/etc/hostname"
    write_manifest(folder, manifest)
    return folder


@case(e.LINK)
def symlink_in_folder(work: Path, video: bytes) -> Path:
    folder, _m = _pack(work, video)
    target = folder / "lessons/l0/video.mp4"
    (work / "real.mp4").write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(work / "real.mp4")
    return folder


@case(e.LINK)
def fifo_in_folder(work: Path, video: bytes) -> Path:
    folder, _m = _pack(work, video)
    os.mkfifo(folder / "lessons/l0/pipe")
    return folder


@case(e.UNSAFE_PATH)
def zip_entry_outside_root(work: Path, video: bytes) -> Path:
    folder, _m = _pack(work, video)
    target = zip_pack(folder, work / "pack.zip")
    with zipfile.ZipFile(target, "a") as zf:
        zf.writestr("../evil", b"#!/bin/sh\n")
    return target


@case(e.LINK)
def zip_symlink_entry(work: Path, video: bytes) -> Path:
    folder, _m = _pack(work, video)
    target = zip_pack(folder, work / "pack.zip")
    with zipfile.ZipFile(target, "a") as zf:
        info = zipfile.ZipInfo("lessons/l0/link")
        info.external_attr = (0o120777 << 16)
        zf.writestr(info, "/etc/passwd")
    return target


@case(e.BOMB)
def zip_bomb_ratio(work: Path, video: bytes) -> Path:
    big = b"\0" * (64 << 20)  # listed with its true size and hash: only the ratio gives it away
    folder, _m = _pack(work, video, big_files={"l1": big})
    return zip_pack(folder, work / "pack.zip", compression=zipfile.ZIP_DEFLATED)


@case(e.BOMB)
def zip_entry_larger_than_declared(work: Path, video: bytes) -> Path:
    folder, manifest = _pack(work, video)
    (folder / "lessons/l1/video.mp4").write_bytes(os.urandom(3 << 20))
    write_manifest(folder, manifest)  # still lists the small video's size and hash
    return zip_pack(folder, work / "pack.zip", compression=zipfile.ZIP_DEFLATED)


@case(e.BAD_VIDEO)
def video_cannot_be_decoded(work: Path, video: bytes) -> Path:
    folder, _m = _pack(work, video, big_files={"l1": os.urandom(200_000)})
    return folder


@case(e.BAD_NAME)
def zip_name_not_utf8_flagged(work: Path, video: bytes) -> Path:
    return _zip_with_raw_name(work, video, utf8_flag=True)


@case(e.BAD_NAME)
def zip_name_not_utf8_unflagged(work: Path, video: bytes) -> Path:
    return _zip_with_raw_name(work, video, utf8_flag=False)


def _zip_with_raw_name(work: Path, video: bytes, utf8_flag: bool) -> Path:
    """Write an entry under a placeholder ASCII name, then patch in bytes that are not UTF-8."""
    folder, _m = _pack(work, video)
    target = zip_pack(folder, work / "pack.zip")
    with zipfile.ZipFile(target, "a") as zf:
        info = zipfile.ZipInfo("lessons/XXXX.txt")
        if utf8_flag:
            info.flag_bits |= 0x800
        zf.writestr(info, b"notes")
    data = target.read_bytes()
    assert data.count(b"lessons/XXXX.txt") == 2  # local header and central directory
    target.write_bytes(data.replace(b"lessons/XXXX.txt", b"lessons/\xff\xfe\xb0\xa1.txt"))
    return target


@case(e.BAD_NAME)
def zip_name_not_nfc(work: Path, video: bytes) -> Path:
    folder, _m = _pack(work, video)
    target = zip_pack(folder, work / "pack.zip")
    with zipfile.ZipFile(target, "a") as zf:
        zf.writestr("lessons/cafe\u0301.txt", b"decomposed e-acute")
    return target


@case(e.BAD_NAME)
def folder_name_not_utf8(work: Path, video: bytes) -> Path:
    folder, _m = _pack(work, video)
    (folder / "lessons" / os.fsdecode(b"bad-\xff\xfe.txt")).write_bytes(b"x")
    return folder


@case(e.NOT_A_PACK)
def zip_without_manifest_at_top(work: Path, video: bytes) -> Path:
    folder, _m = _pack(work, video)
    target = zip_pack(folder, work / "pack.zip", top="one")
    with zipfile.ZipFile(target, "a") as zf:
        zf.writestr("two/readme.txt", b"a second top folder")
    return target


@case(e.BAD_ZIP)
def not_a_zip(work: Path, video: bytes) -> Path:
    target = work / "pack.zip"
    target.write_bytes(b"PK\x03\x04 this is not really a zip" + os.urandom(100))
    return target


@case(e.OLDER)
def older_version(work: Path, video: bytes) -> Path:
    folder = work / "pack"
    make_pack(folder, video, version=1)
    return folder


def manifest_of(folder: Path) -> dict:
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))

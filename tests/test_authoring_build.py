"""``seniorlearn courses build``: real espeak, real ffmpeg, real files, on a 2-slide course of
about 15 s (built once per run with --draft) and on scripts the builder must refuse."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from seniorlearn.core.authoring.timing import parse_srt

ROOT = Path(__file__).resolve().parents[1]
LESSON = '''schema_version = 1
id = "scan-to-pay"
title = { zh_CN = "扫码付款", en = "Scan to pay" }

[[slides]]
kind = "title"
heading = { zh_CN = "扫码付款", en = "Scan to pay" }
narration = { zh_CN = "今天学扫码付款。", en = "Today: scanning to pay." }

[[slides]]
kind = "phone"
heading = { zh_CN = "点一下扫一扫", en = "Tap Scan" }
body = { zh_CN = "看清金额再付款", en = "Check the amount first" }
narration = { zh_CN = "打开微信，点右上角的加号，再点扫一扫，对准商家的收款码。", en = "EN2" }
step = { zh_CN = "第一步：点扫一扫", en = "Step 1: tap Scan" }
[slides.phone]
title = { zh_CN = "微信", en = "WeChat" }
items = [
  { kind = "text", label = { zh_CN = "向商家付款" } },
  { kind = "qr" },
  { kind = "button", label = { zh_CN = "扫一扫" }, highlight = true },
  { kind = "field", label = { zh_CN = "金额 ¥ 25.00" } },
  { kind = "warning", label = { zh_CN = "验证码不要告诉任何人" } },
]
'''.replace("EN2", "Open WeChat, tap the plus sign at the top right, then tap Scan and aim at "
                   "the shop's code.")
COURSE = '''schema_version = 1
id = "smartphone-payment"
version = 3
category = "smart_tech"
topics = ["pay"]
publisher = "SeniorLearn 志愿者团队"
licence = "CC-BY-4.0"
lessons = ["lessons/scan.toml"]
title = { zh_CN = "智能手机支付", en = "Paying by phone" }
description = { zh_CN = "学会用手机付钱。", en = "Learn to pay by phone." }
'''


def run_build(script: Path, out: Path, *extra: str, language: str = "en",
              home: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, SENIORLEARN_LANGUAGE=language, QT_QPA_PLATFORM="offscreen")
    if home is not None:
        env["SENIORLEARN_HOME"] = str(home)
    return subprocess.run([sys.executable, "-m", "seniorlearn", "courses", "build", str(script),
                           "--out", str(out), *extra], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=300)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("course")
    (source / "lessons").mkdir()
    (source / "lessons" / "scan.toml").write_text(LESSON, encoding="utf-8")
    (source / "course.toml").write_text(COURSE, encoding="utf-8")
    out = tmp_path_factory.mktemp("packs") / "smartphone-payment"
    result = run_build(source / "course.toml", out, "--draft",
                       home=tmp_path_factory.mktemp("home"))
    assert result.returncode == 0, result.stderr
    return out


def probe(video: Path) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-print_format", "json", "-show_streams",
                          "-show_format", str(video)], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout)


def manifest(pack: Path) -> dict:
    return json.loads((pack / "manifest.json").read_text(encoding="utf-8"))


def test_the_pack_holds_exactly_the_promised_files(built: Path) -> None:
    files = sorted(p.relative_to(built).as_posix() for p in built.rglob("*") if p.is_file())
    assert files == ["lessons/scan-to-pay/en.srt", "lessons/scan-to-pay/video.mp4",
                     "lessons/scan-to-pay/zh_CN.srt", "manifest.json", "thumbnail.png"]
    assert not [p for p in built.parent.iterdir() if p.name.startswith(".")]


def test_the_video_is_h264_and_aac_as_long_as_its_slides(built: Path) -> None:
    data = probe(built / "lessons" / "scan-to-pay" / "video.mp4")
    codecs = {s["codec_type"]: s["codec_name"] for s in data["streams"]}
    assert codecs == {"video": "h264", "audio": "aac"}
    video = next(s for s in data["streams"] if s["codec_type"] == "video")
    assert (video["width"], video["height"], video["pix_fmt"]) == (1280, 720, "yuv420p")
    lesson = manifest(built)["lessons"][0]
    # title slide: narration + 1 s; phone slide: its narration + 1 s (longer than the 8 s step)
    assert 12 <= lesson["video"]["duration_s"] <= 25
    assert abs(float(data["format"]["duration"]) - lesson["video"]["duration_s"]) <= 0.3


def test_subtitles_parse_and_stay_inside_the_video(built: Path) -> None:
    duration = manifest(built)["lessons"][0]["video"]["duration_s"]
    for language, limit in (("zh_CN", 22), ("en", 42)):
        cues = parse_srt((built / "lessons" / "scan-to-pay" / f"{language}.srt")
                         .read_text(encoding="utf-8"))
        assert len(cues) >= 3
        assert all(0 <= c.start_s < c.end_s <= duration for c in cues)
        assert all(a.end_s <= b.start_s for a, b in zip(cues, cues[1:], strict=False))
        assert all(len(c.text) <= limit for c in cues)
    zh = (built / "lessons" / "scan-to-pay" / "zh_CN.srt").read_text(encoding="utf-8")
    assert "今天学扫码付款。" in zh and "扫一扫" in zh


def test_steps_are_at_slide_starts(built: Path) -> None:
    lesson = manifest(built)["lessons"][0]
    zh = parse_srt((built / "lessons" / "scan-to-pay" / "zh_CN.srt").read_text("utf-8"))
    second_slide_start = next(c.start_s for c in zh if "微信" in c.text)
    assert lesson["steps"] == [{"at_s": second_slide_start,
                                "text": {"zh_CN": "第一步：点扫一扫", "en": "Step 1: tap Scan"}}]


def test_manifest_sizes_and_hashes_match_the_files(built: Path) -> None:
    data = manifest(built)
    assert (data["schema_version"], data["id"], data["version"]) == (1, "smartphone-payment", 3)
    assert data["title"] == {"zh_CN": "智能手机支付", "en": "Paying by phone"}
    assert (data["category"], data["topics"]) == ("smart_tech", ["pay"])
    lesson = data["lessons"][0]
    entries = [data["thumbnail"], lesson["video"], *lesson["subtitles"].values()]
    assert set(lesson["subtitles"]) == {"zh_CN", "en"}
    for entry in entries:
        path = built / entry["path"]
        assert entry["size"] == path.stat().st_size
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()


def test_thumbnail_is_drawn_at_640x360(built: Path, qapp) -> None:
    from PySide6.QtGui import QImage

    image = QImage(str(built / "thumbnail.png"))
    assert (image.width(), image.height()) == (640, 360)


def test_a_rendered_slide_is_1280x720_with_its_heading_drawn(tmp_path: Path, qapp) -> None:
    from PySide6.QtGui import QColor, QImage

    from seniorlearn.core.authoring.script import parse_lesson
    from seniorlearn.ui.render.slides import MARGIN, check_layout, render_slide
    from seniorlearn.ui.theme import STANDARD

    script = tmp_path / "lesson.toml"
    script.write_text(LESSON, encoding="utf-8")
    lesson = parse_lesson(script)
    check_layout(lesson)
    render_slide(lesson.slides[1], tmp_path / "phone.png")
    image = QImage(str(tmp_path / "phone.png"))
    assert (image.width(), image.height()) == (1280, 720)
    background = QColor(STANDARD.background).rgb()
    heading = [image.pixel(x, y) for x in range(MARGIN, MARGIN + 300, 2)
               for y in range(MARGIN - 16, MARGIN + 60, 2)]
    assert sum(p != background for p in heading) > 200
    assert image.pixel(1000, 360) != background  # the phone is drawn on the right


def write_lesson(folder: Path, text: str) -> Path:
    script = folder / "lesson.toml"
    script.write_text(text, encoding="utf-8")
    return script


@pytest.mark.parametrize(("change", "sentence"), [
    (lambda s: s.replace('kind = "title"', 'kind = "movie"'),
     "slide 1: kind must be title, text or phone (got 'movie')."),
    (lambda s: s.replace("今天学扫码付款。", "今天学囧。"),
     'slide 1: the voice cannot read "今天学囧" in "今天学囧。" as Mandarin; '
     "write it another way."),
    (lambda s: s.replace('zh_CN = "扫一扫" }', 'zh_CN = "扫一扫再扫一扫然后付款" }'),
     'slide 2: the phone label "扫一扫再扫一扫然后付款" does not fit on the drawn screen; '
     "shorten it."),
    (lambda s: s.replace('heading = { zh_CN = "点一下扫一扫"',
                         'heading = { zh_CN = "' + "点一下扫一扫" * 6 + '"'),
     "slide 2: the heading takes 4 lines on the slide; shorten it to 3."),
    (lambda s: s, "the lesson lasts"),  # no --draft: 60 to 150 seconds
])
def test_refused_scripts_leave_out_untouched(tmp_path: Path, change, sentence: str) -> None:
    script = write_lesson(tmp_path, change(LESSON))
    out = tmp_path / "out"
    out.mkdir()
    (out / "lesson.json").write_text("an earlier build\n")
    extra = () if sentence == "the lesson lasts" else ("--draft",)
    result = run_build(script, out, *extra, home=tmp_path / "home")
    assert result.returncode == 2, result.stderr
    said = result.stderr.strip()
    assert sentence in said and said.startswith(str(script)) and "\n" not in said
    assert [p.name for p in out.iterdir()] == ["lesson.json"]
    assert (out / "lesson.json").read_text() == "an earlier build\n"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["lesson.toml", "out"]


def test_refusal_speaks_the_kiosk_language(tmp_path: Path) -> None:
    script = write_lesson(tmp_path, LESSON.replace('kind = "title"', 'kind = "movie"'))
    result = run_build(script, tmp_path / "out", "--draft", language="zh_CN",
                       home=tmp_path / "home")
    assert result.returncode == 2
    assert result.stderr.strip() == (f"{script}，第 1 张幻灯片：kind 必须是 title、text 或 "
                                     "phone（现在是 'movie'）。")
    assert not (tmp_path / "out").exists()


def test_a_lesson_builds_into_a_folder_that_is_not_empty_only_if_it_was_a_build(
        tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "holiday.jpg").write_bytes(b"photo")
    result = run_build(write_lesson(tmp_path, LESSON), out, "--draft", home=tmp_path / "home")
    assert result.returncode == 2
    assert "choose another --out folder" in result.stderr
    assert [p.name for p in out.iterdir()] == ["holiday.jpg"]


def test_a_single_lesson_replaces_an_earlier_build(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "lesson.json").write_text("old")
    result = run_build(write_lesson(tmp_path, LESSON), out, "--draft", home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["en.srt", "lesson.json", "video.mp4",
                                                     "zh_CN.srt"]
    entry = json.loads((out / "lesson.json").read_text(encoding="utf-8"))
    assert entry["video"]["path"] == "video.mp4" and entry["id"] == "scan-to-pay"
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == ["lesson.toml", "out"]

"""Every string the kiosk reads aloud is pronounced in its own language by espeak-ng.

espeak-ng 1.51 (Debian 12) reads most Chinese words as English pinyin and marks those stretches
"(en)" in its phonemes; 1.52 (PyPI espeakng-loader, what the kiosk loads) reads them as Mandarin.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest

from seniorlearn.adapters.espeak import phonemes
from seniorlearn.core.i18n import LOCALE_DIR, parse_po

CATALOG = LOCALE_DIR / "zh_CN" / "LC_MESSAGES" / "seniorlearn.po"
CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]+")
DEBIAN_ESPEAK = "/usr/bin/espeak-ng"
MISSING = "catalog-missing"


def _entries() -> list[tuple[str, str]]:
    if not CATALOG.exists():
        return []
    return [(k, v) for k, v in parse_po(CATALOG.read_text(encoding="utf-8")).items() if k]


def _params() -> list[object]:
    entries = _entries()
    if not entries:
        return [pytest.param(MISSING, "", id=MISSING)]
    return [pytest.param(msgid, msgstr, id=msgid[:60]) for msgid, msgstr in entries]


def _require_catalog(msgid: str) -> None:
    if msgid == MISSING:
        pytest.fail(f"no zh_CN catalog entries to check: {CATALOG} is missing or empty")


@pytest.mark.parametrize(("msgid", "msgstr"), _params())
def test_chinese_is_read_as_mandarin(msgid: str, msgstr: str) -> None:
    _require_catalog(msgid)
    wrong = {}
    for run in CJK_RUN.findall(msgstr):
        spoken = phonemes(run, "zh_CN")
        if not spoken or "(en)" in spoken:
            wrong[run] = spoken
    assert not wrong, f"{msgstr!r} (for {msgid!r}) is not read as Mandarin: {wrong}"


@pytest.mark.parametrize(("msgid", "msgstr"), _params())
def test_english_is_pronounceable(msgid: str, msgstr: str) -> None:
    _require_catalog(msgid)
    assert phonemes(msgid, "en").strip(), f"espeak gives no phonemes for {msgid!r}"


def test_the_check_sees_an_english_switch_inside_chinese() -> None:
    assert "(en)" in phonemes("请输入PIN码", "zh_CN")
    assert "(en)" not in phonemes("回首页", "zh_CN")


@pytest.mark.skipif(not shutil.which(DEBIAN_ESPEAK), reason="Debian's espeak-ng is not installed")
def test_the_check_fails_with_debian_espeak_1_51() -> None:
    env = {k: v for k, v in os.environ.items() if k != "ESPEAK_DATA_PATH"}
    result = subprocess.run(
        [DEBIAN_ESPEAK, "-v", "cmn", "-x", "-q", "回首页"],
        capture_output=True, text=True, timeout=10, env=env, check=True,
    )
    assert "(en)" in result.stdout, result.stdout

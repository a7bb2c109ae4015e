"""One translation layer for every string a person sees or hears.

Message ids are English; ``zh_CN`` is the kiosk's first language and its catalog must be
complete (a test checks). The voice speaks exactly what ``_()`` returns, so the screen and
read-aloud never disagree.

``python -m seniorlearn.core.i18n`` compiles every ``.po`` catalog into its ``.mo``.
"""

from __future__ import annotations

import gettext
import sys
from pathlib import Path

DOMAIN = "seniorlearn"
LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
LANGUAGES = ("zh_CN", "en")
DEFAULT_LANGUAGE = "zh_CN"

_catalogs: dict[str, gettext.NullTranslations] = {}
_current = DEFAULT_LANGUAGE


def N_(message: str) -> str:
    """Mark a string for translation without translating it yet."""
    return message


def catalog(language: str) -> gettext.NullTranslations:
    if language not in _catalogs:
        _catalogs[language] = gettext.translation(
            DOMAIN, LOCALE_DIR, languages=[language], fallback=True
        )
    return _catalogs[language]


def translate(message: str, language: str) -> str:
    return catalog(language).gettext(message)


def _(message: str) -> str:
    """Translate into the kiosk's current language."""
    return translate(message, _current)


def set_language(language: str) -> None:
    global _current
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {', '.join(LANGUAGES)}")
    _current = language


def current_language() -> str:
    return _current


# ---------------------------------------------------------------- catalogs on disk


def parse_po(text: str) -> dict[str, str]:
    """Read msgid/msgstr pairs from a .po file; fuzzy entries are left out."""
    import ast  # catalog tools only; the kiosk reads the compiled .mo

    entries: dict[str, str] = {}
    msgid: list[str] = []
    msgstr: list[str] = []
    target: list[str] | None = None
    fuzzy = False

    def flush() -> None:
        if target is not None and not fuzzy:
            entries["".join(msgid)] = "".join(msgstr)

    for raw in text.splitlines() + [""]:
        line = raw.strip()
        if not line:
            flush()
            msgid, msgstr, target, fuzzy = [], [], None, False
        elif line.startswith("#,") and "fuzzy" in line:
            fuzzy = True
        elif line.startswith("#"):
            continue
        elif line.startswith("msgid "):
            if target is msgstr:  # an entry with no blank line before it
                flush()
                msgid, msgstr, fuzzy = [], [], False
            target = msgid
            msgid.append(ast.literal_eval(line[6:]))
        elif line.startswith("msgstr "):
            target = msgstr
            msgstr.append(ast.literal_eval(line[7:]))
        elif line.startswith('"') and target is not None:
            target.append(ast.literal_eval(line))
    return entries


def mo_bytes(entries: dict[str, str]) -> bytes:
    """Encode a catalog in GNU .mo format (what ``gettext`` reads)."""
    import struct

    keys = sorted(entries)
    ids = [k.encode() for k in keys]
    strs = [entries[k].encode() for k in keys]
    header = 7 * 4
    table = len(keys) * 8
    id_start = header + 2 * table
    str_start = id_start + sum(len(i) + 1 for i in ids)
    offsets = b""
    pos = id_start
    for i in ids:
        offsets += struct.pack("<2I", len(i), pos)
        pos += len(i) + 1
    pos = str_start
    for s in strs:
        offsets += struct.pack("<2I", len(s), pos)
        pos += len(s) + 1
    head = struct.pack("<7I", 0x950412DE, 0, len(keys), header, header + table, 0, 0)
    body = b"".join(i + b"\0" for i in ids) + b"".join(s + b"\0" for s in strs)
    return head + offsets + body


def po_files() -> list[Path]:
    return sorted(LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def compile_all() -> list[Path]:
    written = []
    for po in po_files():
        mo = po.with_suffix(".mo")
        mo.write_bytes(mo_bytes(parse_po(po.read_text(encoding="utf-8"))))
        written.append(mo)
    _catalogs.clear()
    return written


if __name__ == "__main__":
    for path in compile_all():
        print(path, file=sys.stdout)

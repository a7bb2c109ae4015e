"""The espeak-ng library the kiosk speaks with: 1.52 from PyPI ``espeakng-loader``.

Debian 12's espeak-ng 1.51 reads most Chinese words as English pinyin, so the library shipped
by ``espeakng-loader`` is loaded by path with ``RTLD_GLOBAL`` and its data folder exported in
``ESPEAK_DATA_PATH``. Anything in the process that later asks for ``libespeak-ng.so.1`` gets
this same library, since the dynamic loader matches that name against its SONAME.

All ctypes work happens here, behind one process-wide lock, initialised on first use.
"""

from __future__ import annotations

import ctypes
import os
import threading
from dataclasses import dataclass

MIN_VERSION = (1, 52)
VOICE_FOR_LANGUAGE = {"zh_CN": "cmn", "en": "en"}

_AUDIO_OUTPUT_SYNCHRONOUS = 2
_CHARS_UTF8 = 1
_ENDPAUSE = 0x1000
_POS_CHARACTER = 1
_RATE = 1
_SynthCallback = ctypes.CFUNCTYPE(
    ctypes.c_int, ctypes.POINTER(ctypes.c_short), ctypes.c_int, ctypes.c_void_p
)
# espeak_TextToPhonemes phonememode: 0 = espeak's ASCII phoneme names, the ones ``espeak-ng -x``
# prints. 1.52 keeps the "(en)"/"(cmn)" language-switch markers in this mode without any flag.
_PHONEMES_ASCII = 0


class EspeakUnavailable(RuntimeError):
    """The espeak-ng 1.52 library or its data cannot be used; the message says why."""


@dataclass(frozen=True)
class EspeakInfo:
    version: str
    library_path: str
    data_path: str
    voices: tuple[str, ...]


class _Voice(ctypes.Structure):
    _fields_ = [
        ("name", ctypes.c_char_p),
        ("languages", ctypes.c_void_p),
        ("identifier", ctypes.c_char_p),
        ("gender", ctypes.c_ubyte),
        ("age", ctypes.c_ubyte),
        ("variant", ctypes.c_ubyte),
        ("xx1", ctypes.c_ubyte),
        ("score", ctypes.c_int),
        ("spare", ctypes.c_void_p),
    ]


_lock = threading.RLock()
_lib: ctypes.CDLL | None = None
_paths: tuple[str, str] = ("", "")
_initialised = False
_sample_rate = 0
_chunks: list[bytes] = []


@_SynthCallback
def _collect(samples: ctypes._Pointer[ctypes.c_short], count: int, _events: int) -> int:
    """espeak hands over audio in pieces; in synchronous mode this runs inside espeak_Synth."""
    if count > 0 and samples:
        _chunks.append(ctypes.string_at(samples, count * 2))
    return 0


def version_ok(version: str) -> bool:
    """True when ``version`` (like "1.52.0" or "1.52-dev") is at least MIN_VERSION."""
    numbers: list[int] = []
    for piece in version.strip().split(".")[:2]:
        digits = ""
        for char in piece:
            if not char.isdigit():
                break
            digits += char
        if not digits:
            return False
        numbers.append(int(digits))
    return len(numbers) == 2 and tuple(numbers) >= MIN_VERSION


def load() -> str:
    """Load the library into this process; return its version."""
    with _lock:
        return _version(_load_locked())


def engine_info() -> EspeakInfo:
    """Version, location and voice languages of the library the kiosk speaks with."""
    with _lock:
        lib = _initialise_locked()
        voices = _voice_languages(lib)
        return EspeakInfo(_version(lib), _paths[0], _paths[1], voices)


def phonemes(text: str, language: str) -> str:
    """Phonemes espeak would speak for ``text`` in ``language`` ("zh_CN" or "en").

    Clauses are joined with newlines, as ``espeak-ng -x`` prints them; "(en)" marks a stretch
    the engine switched to English for.
    """
    voice = _voice_for(language)
    with _lock:
        lib = _initialise_locked()
        if lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise EspeakUnavailable(f"espeak-ng has no voice {voice!r} for {language}")
        buffer = ctypes.create_string_buffer(text.encode("utf-8"))
        pointer = ctypes.c_void_p(ctypes.addressof(buffer))
        clauses: list[str] = []
        while pointer.value:
            result = lib.espeak_TextToPhonemes(ctypes.byref(pointer), _CHARS_UTF8, _PHONEMES_ASCII)
            if result:
                clauses.append(result.decode("utf-8", errors="replace"))
        return "\n".join(c for c in clauses if c)


def synthesise(text: str, language: str, words_per_minute: int) -> tuple[bytes, int]:
    """Speak ``text`` into memory: 16-bit mono PCM samples and their sample rate."""
    voice = _voice_for(language)
    with _lock:
        lib = _initialise_locked()
        if lib.espeak_SetVoiceByName(voice.encode()) != 0:
            raise EspeakUnavailable(f"espeak-ng has no voice {voice!r} for {language}")
        lib.espeak_SetParameter(_RATE, int(words_per_minute), 0)
        encoded = text.encode("utf-8")
        _chunks.clear()
        error = lib.espeak_Synth(
            encoded, len(encoded) + 1, 0, _POS_CHARACTER, 0, _CHARS_UTF8 | _ENDPAUSE, None, None
        )
        audio = b"".join(_chunks)
        _chunks.clear()
    if error != 0:
        raise RuntimeError(f"espeak_Synth failed with error {error}")
    return audio, _sample_rate


def _voice_for(language: str) -> str:
    try:
        return VOICE_FOR_LANGUAGE[language]
    except KeyError:
        known = ", ".join(VOICE_FOR_LANGUAGE)
        raise ValueError(f"no espeak voice for language {language!r}; known: {known}") from None


def _load_locked() -> ctypes.CDLL:
    global _lib, _paths
    if _lib is not None:
        return _lib
    try:
        import espeakng_loader
    except ImportError as error:
        raise EspeakUnavailable(
            "the Python package espeakng-loader is not installed; it ships espeak-ng 1.52"
        ) from error
    try:
        library_path = espeakng_loader.get_library_path()
        data_path = espeakng_loader.get_data_path()
        os.environ["ESPEAK_DATA_PATH"] = data_path
        lib = ctypes.CDLL(library_path, mode=ctypes.RTLD_GLOBAL)
    except (OSError, RuntimeError) as error:
        raise EspeakUnavailable(f"cannot load espeak-ng from espeakng-loader: {error}") from error
    _declare(lib)
    version = _version(lib)
    if not version_ok(version):
        raise EspeakUnavailable(
            f"espeak-ng {version} at {library_path} is too old; 1.52 or newer reads Chinese"
        )
    _lib, _paths = lib, (library_path, data_path)
    return lib


def _initialise_locked() -> ctypes.CDLL:
    global _initialised, _sample_rate
    lib = _load_locked()
    if not _initialised:
        rate = lib.espeak_Initialize(_AUDIO_OUTPUT_SYNCHRONOUS, 0, None, 0)
        if rate <= 0:
            raise EspeakUnavailable(f"espeak-ng could not start with its data at {_paths[1]}")
        lib.espeak_SetSynthCallback(_collect)
        _initialised, _sample_rate = True, rate
    return lib


def _declare(lib: ctypes.CDLL) -> None:
    lib.espeak_Info.restype = ctypes.c_char_p
    lib.espeak_Info.argtypes = [ctypes.c_void_p]
    lib.espeak_Initialize.restype = ctypes.c_int
    lib.espeak_Initialize.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_int]
    lib.espeak_SetVoiceByName.restype = ctypes.c_int
    lib.espeak_SetVoiceByName.argtypes = [ctypes.c_char_p]
    lib.espeak_TextToPhonemes.restype = ctypes.c_char_p
    lib.espeak_TextToPhonemes.argtypes = [
        ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.c_int
    ]
    lib.espeak_SetSynthCallback.restype = None
    lib.espeak_SetSynthCallback.argtypes = [_SynthCallback]
    lib.espeak_SetParameter.restype = ctypes.c_int
    lib.espeak_SetParameter.argtypes = [ctypes.c_int, ctypes.c_int, ctypes.c_int]
    lib.espeak_Synth.restype = ctypes.c_int
    lib.espeak_Synth.argtypes = [
        ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint, ctypes.c_int, ctypes.c_uint,
        ctypes.c_uint, ctypes.c_void_p, ctypes.c_void_p,
    ]
    lib.espeak_ListVoices.restype = ctypes.POINTER(ctypes.POINTER(_Voice))
    lib.espeak_ListVoices.argtypes = [ctypes.c_void_p]


def _version(lib: ctypes.CDLL) -> str:
    raw = lib.espeak_Info(None)
    return raw.decode("ascii", errors="replace") if raw else "unknown"


def _voice_languages(lib: ctypes.CDLL) -> tuple[str, ...]:
    """Every language any voice speaks; each entry is a priority byte then a C string."""
    found: set[str] = set()
    voices = lib.espeak_ListVoices(None)
    index = 0
    while voices and voices[index]:
        address = voices[index].contents.languages
        while address and ctypes.c_ubyte.from_address(address).value != 0:
            name = ctypes.string_at(address + 1)
            found.add(name.decode("ascii", errors="replace"))
            address += len(name) + 2
        index += 1
    return tuple(sorted(found))

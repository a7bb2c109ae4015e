"""Every setting in one place: type, default, description, range and environment override.

Settings live in ``config.toml`` under the data home (``config_file`` reads and writes it).
``SENIORLEARN_<KEY>`` in the environment overrides the file (handy for a test or a one-off
start) without writing to it.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seniorlearn.core import config_file
from seniorlearn.core.config_file import Problem, RawFile
from seniorlearn.core.i18n import LANGUAGES, N_, _, current_language

NOT_BOOL = N_("The setting {key} must be true or false, not “{text}”.")
NOT_NUMBER = N_("The setting {key} must be a whole number, not “{text}”.")
NOT_TEXT = N_("The setting {key} must be a word in quotes, such as “{example}”.")
TOO_SMALL = N_("The setting {key} must be at least {minimum}.")
TOO_LARGE = N_("The setting {key} must be at most {maximum}.")
NOT_A_CHOICE = N_("The setting {key} must be one of: {choices}.")
NO_SUCH_KEY = N_("There is no setting called “{key}”; the settings are: {keys}.")
BAD_VALUE = N_("Line {line} of the settings file {path}: {problem} The default, {default}, is "
               "used instead.")
UNKNOWN_KEY = N_("Line {line} of the settings file {path} names “{key}”, which is not a "
                 "setting; it is ignored.")
NOT_WRITABLE = N_("The setting was not saved: the data folder {folder} cannot be written to "
                  "({error}). The settings stay as they were; ask whoever looks after this "
                  "machine to make the folder writable.")
DISK_FULL = N_("The setting was not saved: the disk that holds {folder} is full. The settings "
               "stay as they were; delete old backups or courses nobody uses, then try again.")
NOT_SAVED = N_("The setting was not saved ({error}). The settings stay as they were; run "
               "“seniorlearn doctor” to find the cause.")
NOTHING_CHANGED = N_("Nothing was changed.")
REPAIR_HINT = N_("Run “seniorlearn config repair” to set the damaged file aside (a copy is "
                 "kept) and keep the good settings.")


def sentences(*parts: str) -> str:
    """Join translated sentences: Chinese puts no space after 。, English does."""
    return ("" if current_language() == "zh_CN" else " ").join(p for p in parts if p)


class ConfigError(ValueError):
    """A key or value that the settings spec does not allow; the message says what is.

    ``str()`` is the English sentence (for logs); ``sentence()`` the current language's.
    """

    def __init__(self, msgid: str, **params: object) -> None:
        self.msgid, self.params = msgid, params
        super().__init__(msgid.format(**params))

    def sentence(self) -> str:
        return _(self.msgid).format(**self.params)


class ConfigDamaged(ConfigError):
    """The file is not valid TOML, so it is not written over; ``problems`` name the lines."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("{problem}", problem=str(problems[0]))

    def sentence(self) -> str:
        """The damaged lines, and what to type to mend them."""
        return sentences(*(p.sentence() for p in self.problems), _(NOTHING_CHANGED),
                         _(REPAIR_HINT))


class ConfigWriteError(ConfigError):
    """The settings could not be saved; the file on disk is as it was."""

    @classmethod
    def from_os_error(cls, exc: OSError, path: Path) -> ConfigWriteError:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return cls(NOT_WRITABLE, folder=path.parent, error=exc.strerror or exc)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return cls(DISK_FULL, folder=path.parent)
        return cls(NOT_SAVED, error=exc.strerror or exc)


@dataclass(frozen=True)
class Setting:
    key: str
    type: type
    default: Any
    description: str
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()

    @property
    def env_var(self) -> str:
        return "SENIORLEARN_" + self.key.upper()

    def parse(self, text: str) -> Any:
        """Turn text from the command line or environment into a checked value."""
        if self.type is bool:
            lowered = text.strip().lower()
            if lowered in ("1", "true", "yes", "on"):
                return True
            if lowered in ("0", "false", "no", "off"):
                return False
            raise ConfigError(NOT_BOOL, key=self.key, text=text)
        if self.type is int:
            try:
                number = int(text.strip())
            except ValueError:
                raise ConfigError(NOT_NUMBER, key=self.key, text=text) from None
            return self.check(number)
        return self.check(text.strip())

    def check(self, value: Any) -> Any:
        """``value`` itself when the spec allows it, else ConfigError saying why not."""
        if self.type is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ConfigError(NOT_NUMBER, key=self.key, text=value)
        if self.type is bool and not isinstance(value, bool):
            raise ConfigError(NOT_BOOL, key=self.key, text=value)
        if not isinstance(value, self.type):
            raise ConfigError(NOT_TEXT, key=self.key, example=self.default)
        number: Any = value  # isinstance against self.type leaves mypy with "object"
        if self.minimum is not None and number < self.minimum:
            raise ConfigError(TOO_SMALL, key=self.key, minimum=self.minimum)
        if self.maximum is not None and number > self.maximum:
            raise ConfigError(TOO_LARGE, key=self.key, maximum=self.maximum)
        if self.choices and value not in self.choices:
            raise ConfigError(NOT_A_CHOICE, key=self.key, choices=", ".join(self.choices))
        return value

    def describe_range(self) -> str:
        if self.choices:
            return " | ".join(self.choices)
        if self.minimum is not None and self.maximum is not None:
            return f"{self.minimum}..{self.maximum}"
        return "true | false" if self.type is bool else ""


SPEC: tuple[Setting, ...] = (
    Setting("language", str, "zh_CN", N_("Language of the screen and the voice"),
            choices=LANGUAGES),
    Setting("text_size", str, "large", N_("Default text size"), choices=("large", "xlarge")),
    Setting("theme", str, "standard", N_("Colour theme"), choices=("standard", "high_contrast")),
    Setting("idle_timeout_seconds", int, 180,
            N_("Seconds without a touch before the kiosk asks if someone is still there"),
            minimum=30, maximum=1800),
    Setting("idle_warning_seconds", int, 30,
            N_("Seconds the 'still here?' question stays before the kiosk goes home"),
            minimum=20, maximum=120),
    Setting("speech_enabled", bool, True, N_("Read aloud with the built-in voice")),
    Setting("speech_rate", int, 140, N_("Reading speed of the voice, in words per minute"),
            minimum=80, maximum=220),
    Setting("speech_timeout_seconds", int, 20,
            N_("Seconds the voice may take to prepare a sentence before it is restarted"),
            minimum=5, maximum=120),
    Setting("player_backend", str, "auto",
            N_("Video player: auto uses VLC when it is installed, otherwise Qt Multimedia"),
            choices=("auto", "vlc", "qt")),
    Setting("minutes_per_xueshi", int, 45,
            N_("Minutes of study that make one class hour (学时); counties use 45, 50 or 60"),
            minimum=30, maximum=60),
    Setting("yearly_goal_xueshi", int, 50, N_("Class hours (学时) a learner aims for in a year"),
            minimum=1, maximum=500),
    Setting("daily_cap_minutes", int, 0,
            N_("Minutes of study in one day above which the time is still counted but flagged "
               "in the report; 0 means no cap (0 to 720)"),
            minimum=0, maximum=720),
    Setting("study_point_name", str, "",
            N_("The name of this study point, printed on reports and certificates (empty: "
               "“this kiosk”)")),
)
SPEC_BY_KEY = {s.key: s for s in SPEC}


def setting(key: str) -> Setting:
    try:
        return SPEC_BY_KEY[key]
    except KeyError:
        raise ConfigError(NO_SUCH_KEY, key=key, keys=", ".join(SPEC_BY_KEY)) from None




class Config:
    """Settings read from ``config.toml``; ``set`` changes one key in the file as it is now.

    ``problems`` (English, for logs) and ``file_problems`` (sentences on demand) name each
    damaged line, bad value and unknown key; a damaged file is never written over.
    """

    def __init__(self, path: Path, environ: dict[str, str] | None = None) -> None:
        self.path = path
        self._environ = os.environ if environ is None else environ
        self._stored: dict[str, Any] = {}
        self.file_problems: list[Problem] = []
        self._signature: config_file.Signature | None = None
        self._listeners: list[Callable[[str, Any], None]] = []
        self._load()

    @property
    def problems(self) -> list[str]:
        return [str(p) for p in self.file_problems]

    def problem_sentences(self) -> list[str]:
        """Each problem of the file, then what to type to mend them (for a terminal)."""
        found = [p.sentence() for p in self.file_problems]
        return found + [_(REPAIR_HINT)] if found else []

    @property
    def damaged(self) -> bool:
        """The file is not valid TOML: changes are refused until it is repaired."""
        return any(p.damaged for p in self.file_problems)

    def _load(self) -> None:
        try:
            raw = config_file.read(self.path)
        except OSError as exc:
            raw = RawFile(signature=config_file.signature(self.path), problems=[Problem(
                config_file.UNREADABLE, {"path": self.path, "error": exc.strerror or exc})])
        self._take(raw)

    def _take(self, raw: RawFile) -> None:
        """Adopt what the file holds: the values the spec allows, a problem for the rest."""
        stored: dict[str, Any] = {}
        problems = list(raw.problems)
        for key, value in raw.values.items():
            where = {"line": raw.lines.get(key, "?"), "path": self.path}
            if key not in SPEC_BY_KEY:
                problems.append(Problem(UNKNOWN_KEY, {**where, "key": key},
                                        line=raw.lines.get(key), damaged=False))
                continue
            try:
                stored[key] = SPEC_BY_KEY[key].check(value)
            except ConfigError as exc:
                problems.append(Problem(BAD_VALUE, {**where, "default": SPEC_BY_KEY[key].default},
                                        line=raw.lines.get(key), damaged=False, cause=exc))
        self._stored, self.file_problems, self._signature = stored, problems, raw.signature

    def get(self, key: str) -> Any:
        spec = setting(key)
        env = self._environ.get(spec.env_var)
        if env is not None:
            try:
                return spec.parse(env)
            except ConfigError:
                pass
        return self._stored.get(key, spec.default)

    def source(self, key: str) -> str:
        if setting(key).env_var in self._environ:
            return "environment"
        return "file" if key in self._stored else "default"

    def reload_if_changed(self) -> list[str]:
        """Re-read the file if anyone changed it; listeners hear each key whose value changed."""
        if config_file.signature(self.path) == self._signature:
            return []
        before = self._values()
        self._load()
        return self._announce(before)

    def set(self, key: str, value: Any) -> None:
        """Change ``key`` in the file as it is now (other keys stay as they are on disk).

        ConfigError when the value is not allowed; ConfigDamaged when the file is not valid
        TOML; ConfigWriteError when it cannot be saved. The file is unchanged in all three.
        """
        spec = setting(key)
        value = spec.parse(value) if isinstance(value, str) and spec.type is not str else value
        value = spec.check(value)
        before = self._values()
        try:
            with config_file.locked(self.path):
                raw = config_file.read(self.path)
                if not raw.damaged:
                    raw.values[key] = value
                    raw = self._write(raw.render())
                self._take(raw)
        except OSError as exc:
            raise ConfigWriteError.from_os_error(exc, self.path) from exc
        self._announce(before, always=() if raw.damaged else (key,))
        if raw.damaged:
            raise ConfigDamaged([p for p in self.file_problems if p.damaged])

    def repair(self) -> Path | None:
        """Set a file with problems aside as ``config.toml.damaged-...`` and write back only the
        good settings. Returns the copy, or None when the file had nothing wrong."""
        before = self._values()
        try:
            with config_file.locked(self.path):
                raw = config_file.read(self.path)
                self._take(raw)
                if not self.file_problems:
                    return None
                copy = config_file.keep_copy(self.path, raw.data)
                good = {k: v for k, v in raw.values.items() if k in self._stored}
                try:
                    self._take(self._write(raw.render(good)))
                except OSError:
                    copy.unlink()  # everything as it was: no copy of a file still in place
                    raise
        except OSError as exc:
            raise ConfigWriteError.from_os_error(exc, self.path) from exc
        self._announce(before)
        return copy

    def _write(self, data: bytes) -> RawFile:
        """Replace the file with ``data`` and return it parsed (its line numbers are new)."""
        signature = config_file.write_atomically(self.path, data)
        raw = config_file.parse(data, self.path)
        raw.signature = signature
        return raw

    def subscribe(self, listener: Callable[[str, Any], None]) -> None:
        """Call ``listener(key, value)`` after each change: by ``set``, ``repair`` or a reload."""
        self._listeners.append(listener)

    def _values(self) -> dict[str, Any]:
        return {spec.key: self.get(spec.key) for spec in SPEC}

    def _announce(self, before: dict[str, Any], always: tuple[str, ...] = ()) -> list[str]:
        changed = [k for k, v in self._values().items() if v != before[k] or k in always]
        for key in changed:
            for listener in list(self._listeners):
                listener(key, self.get(key))
        return changed

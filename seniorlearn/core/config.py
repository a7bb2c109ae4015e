"""Every setting in one place: type, default, description, range and environment override.

Settings live in ``config.toml`` under the data home. ``SENIORLEARN_<KEY>`` in the
environment overrides the file (handy for a test or a one-off start) without writing to it.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seniorlearn.core.i18n import LANGUAGES, N_


class ConfigError(ValueError):
    """A key or value that the settings spec does not allow; the message says what is."""


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
            raise ConfigError(f"{self.key} must be true or false, not {text!r}")
        if self.type is int:
            try:
                number = int(text.strip())
            except ValueError:
                raise ConfigError(f"{self.key} must be a whole number, not {text!r}") from None
            return self.check(number)
        return self.check(text.strip())

    def check(self, value: Any) -> Any:
        if self.type is int and (isinstance(value, bool) or not isinstance(value, int)):
            raise ConfigError(f"{self.key} must be a whole number")
        if not isinstance(value, self.type):
            raise ConfigError(f"{self.key} must be {self.type.__name__}")
        number: Any = value
        if self.minimum is not None and number < self.minimum:
            raise ConfigError(f"{self.key} must be at least {self.minimum}")
        if self.maximum is not None and number > self.maximum:
            raise ConfigError(f"{self.key} must be at most {self.maximum}")
        if self.choices and value not in self.choices:
            raise ConfigError(f"{self.key} must be one of: {', '.join(self.choices)}")
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
)
SPEC_BY_KEY = {s.key: s for s in SPEC}


def setting(key: str) -> Setting:
    try:
        return SPEC_BY_KEY[key]
    except KeyError:
        raise ConfigError(
            f"there is no setting {key!r}; known settings: {', '.join(SPEC_BY_KEY)}"
        ) from None


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    escaped = str(value).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


class Config:
    """Settings read from ``config.toml``; ``set`` writes the file atomically."""

    def __init__(self, path: Path, environ: dict[str, str] | None = None) -> None:
        self.path = path
        self._environ = os.environ if environ is None else environ
        self._stored: dict[str, Any] = {}
        self.problems: list[str] = []
        self._listeners: list[Callable[[str, Any], None]] = []
        self._load()

    def _load(self) -> None:
        if not self.path.exists():
            return
        import tomllib  # only when there is a file: start-up without one skips it

        try:
            data = tomllib.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            self.problems.append(f"{self.path} could not be read ({exc}); using defaults")
            return
        for key, value in data.items():
            try:
                self._stored[key] = setting(key).check(value)
            except ConfigError as exc:
                self.problems.append(f"{self.path}: {exc}; using the default")

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

    def set(self, key: str, value: Any) -> None:
        spec = setting(key)
        value = spec.parse(value) if isinstance(value, str) and spec.type is not str else value
        self._stored[key] = spec.check(value)
        self._save()
        for listener in list(self._listeners):
            listener(key, self.get(key))

    def subscribe(self, listener: Callable[[str, Any], None]) -> None:
        """Call ``listener(key, value)`` after every change made through ``set``."""
        self._listeners.append(listener)

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lines = ["# SeniorLearn settings. `seniorlearn config show` explains each one.\n"]
        for spec in SPEC:
            if spec.key in self._stored:
                lines.append(f"{spec.key} = {_toml_value(self._stored[spec.key])}\n")
        tmp = self.path.with_name(self.path.name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as fh:
            fh.writelines(lines)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, self.path)

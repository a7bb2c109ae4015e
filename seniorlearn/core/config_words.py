"""The settings in a volunteer's words: what ``seniorlearn config show`` prints.

Each setting gets the name the settings screen gives it and its value in words (文字大小：
特大, not ``text_size = 'xlarge'``); the key, the raw value, its range and where it came from
are the technical detail, for ``--verbose`` and ``--json``. A setting with no words here
still shows, by its key and raw value, so a new one can never vanish from the listing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from seniorlearn.core.config import SPEC, Config, Setting
from seniorlearn.core.i18n import N_, _

SECONDS = N_("{value} seconds")
# (name, value words): value words are a msgid per value, or one msgid with {value}.
WORDS: dict[str, tuple[str, dict[Any, str] | str]] = {
    "language": (N_("Language at start"), {"zh_CN": N_("Chinese"), "en": N_("English")}),
    "text_size": (N_("Text size at start"), {"large": N_("Large"), "xlarge": N_("Extra large")}),
    "theme": (N_("Colours"), {"standard": N_("Standard"), "high_contrast": N_("High contrast")}),
    "idle_timeout_seconds": (N_("Go home after no touch for"), SECONDS),
    "idle_warning_seconds": (N_("The “still here?” question waits"), SECONDS),
    "speech_enabled": (N_("Read aloud"), {True: N_("On"), False: N_("Off")}),
    "speech_rate": (N_("Reading speed"), N_("{value} words a minute")),
    "speech_timeout_seconds": (N_("Time the voice may take for a sentence"), SECONDS),
    "player_backend": (N_("Video player"), {"auto": N_("Automatic (VLC when it is installed)"),
                                            "vlc": "VLC", "qt": "Qt Multimedia"}),
    "minutes_per_xueshi": (N_("Minutes in one class hour (学时)"), N_("{value} minutes")),
    "yearly_goal_xueshi": (N_("Class hours a learner aims for in a year"),
                           N_("{value} class hours")),
    "daily_cap_minutes": (N_("Study in one day flagged above"), N_("{value} minutes")),
    "lrs.endpoint": (N_("Learning Record Store address"), "{value}"),
    "lrs.username": (N_("Learning Record Store user"), "{value}"),
    "lrs.ca_file": (N_("Certificate of the county's authority"), "{value}"),
    "platform.homepage": (N_("County platform address"), "{value}"),
    "study_point.id": (N_("Study point code"), "{value}"),
    "study_point.name": (N_("Study point name"), "{value}"),
    "kiosk.id": (N_("Kiosk name"), "{value}"),
}
# Values that mean "none" and read better as words than as a number.
NONE_WORDS: dict[tuple[str, Any], str] = {
    ("daily_cap_minutes", 0): N_("No cap"), ("lrs.endpoint", ""): N_("not set: nothing is sent"),
    ("lrs.username", ""): N_("not set"), ("lrs.ca_file", ""): N_("the system's authorities"),
    ("study_point.id", ""): N_("not set"), ("study_point.name", ""): N_("Not set (“this kiosk”)"),
    ("kiosk.id", ""): N_("the machine's host name")}
SOURCES = {"default": N_("default"), "file": N_("changed"),
           "environment": N_("set for now by {variable}")}
LINE = N_("{name}: {value} ({source})")
HOW_TO_CHANGE = N_("To change a setting: seniorlearn config set NAME VALUE. The names and "
                   "values: seniorlearn config show --verbose")


@dataclass(frozen=True)
class SettingLine:
    spec: Setting
    value: Any
    source: str  # "default" | "file" | "environment"

    @property
    def name(self) -> str:
        words = WORDS.get(self.spec.key)
        return _(words[0]) if words else self.spec.key

    @property
    def value_words(self) -> str:
        return value_words(self.spec.key, self.value)

    def line(self) -> str:
        """文字大小：特大（默认）"""
        source = _(SOURCES[self.source]).format(variable=self.spec.env_var)
        return _(LINE).format(name=self.name, value=self.value_words, source=source)

    def technical(self) -> str:
        """text_size = 'xlarge'  (file; large | xlarge; default 'large')"""
        return (f"{self.spec.key} = {self.value!r}  ({self.source}; {self.spec.describe_range()}; "
                f"default {self.spec.default!r})")

    def as_dict(self) -> dict[str, Any]:
        return {"key": self.spec.key, "name": self.name, "value": self.value,
                "value_words": self.value_words, "source": self.source,
                "default": self.spec.default, "range": self.spec.describe_range(),
                "choices": list(self.spec.choices) or None, "minimum": self.spec.minimum,
                "maximum": self.spec.maximum, "description": _(self.spec.description),
                "env_var": self.spec.env_var}


def value_words(key: str, value: Any) -> str:
    words = WORDS.get(key)
    if (key, value) in NONE_WORDS:
        return _(NONE_WORDS[key, value])
    if words is None:
        return str(value)
    table = words[1]
    if isinstance(table, str):
        return _(table).format(value=value)
    return _(table[value]) if value in table else str(value)


def setting_lines(config: Config) -> list[SettingLine]:
    """Every setting, in the spec's order, with its value now and where it came from."""
    return [SettingLine(spec, config.get(spec.key), config.source(spec.key)) for spec in SPEC]

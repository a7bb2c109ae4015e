"""The accessible design system: one source of sizes, colours and fonts.

Sizes are given for a 1920x1080 screen and scaled up for larger ones; they never shrink
below those figures (a 1280x800 kiosk gets the same large text and targets), which is
why the layouts are made to fit 1280x800.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont

CJK_FAMILIES = ("Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei",
                "Microsoft YaHei", "PingFang SC")

# The rules the audit enforces (at 1920x1080; larger screens scale them up).
MIN_BODY_PX = {"large": 24, "xlarge": 32}
MIN_HEADING_PX = 40
MIN_TARGET_PX = 72
MIN_TARGET_GAP_PX = 16
MIN_LINE_HEIGHT = 1.3
MIN_CONTRAST = 7.0
MIN_FOCUS_RING_PX = 3


@dataclass(frozen=True)
class Palette:
    name: str
    background: str
    surface: str
    text: str
    primary: str
    on_primary: str
    secondary: str
    on_secondary: str
    danger: str
    on_danger: str
    focus: str
    border: str

    def text_pairs(self) -> dict[str, tuple[str, str]]:
        """Every foreground/background pair that carries text, for the contrast rule."""
        return {
            "text on background": (self.text, self.background),
            "text on surface": (self.text, self.surface),
            "primary button": (self.on_primary, self.primary),
            "secondary button": (self.on_secondary, self.secondary),
            "danger button": (self.on_danger, self.danger),
            "disabled button": (self.disabled, self.background),
        }

    @property
    def disabled(self) -> str:
        """Words on a button out of use (a locked PIN key): grey, not the buttons' colour,
        yet 7:1 against the background like every other text (7.4:1 and 11:1 here)."""
        return mix(self.text, self.background, 0.75)


STANDARD = Palette(
    name="standard", background="#FFF8E7", surface="#FFFFFF", text="#1A1A1A",
    primary="#0B3D91", on_primary="#FFFFFF", secondary="#FFFFFF", on_secondary="#0B3D91",
    danger="#8B1A1A", on_danger="#FFFFFF", focus="#D35400", border="#1A1A1A",
)
HIGH_CONTRAST = Palette(
    name="high_contrast", background="#000000", surface="#000000", text="#FFFFFF",
    primary="#FFE14D", on_primary="#000000", secondary="#000000", on_secondary="#FFE14D",
    danger="#FF8A80", on_danger="#000000", focus="#00E5FF", border="#FFFFFF",
)
PALETTES = {p.name: p for p in (STANDARD, HIGH_CONTRAST)}


def mix(a: str, b: str, share_of_a: float) -> str:
    """The #RRGGBB colour made of ``share_of_a`` of ``a`` and the rest of ``b``."""
    parts = [round(int(a[i:i + 2], 16) * share_of_a + int(b[i:i + 2], 16) * (1 - share_of_a))
             for i in (1, 3, 5)]
    return "#" + "".join(f"{v:02X}" for v in parts)


def relative_luminance(colour: str) -> float:
    c = QColor(colour)

    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

    return (0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF())
            + 0.0722 * channel(c.blueF()))


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio, 1..21."""
    a, b = relative_luminance(foreground), relative_luminance(background)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


@dataclass(frozen=True)
class Metrics:
    """Pixel sizes for one screen size and text size."""

    scale: float
    text_size: str

    @classmethod
    def for_screen(cls, width: int, height: int, text_size: str = "large") -> Metrics:
        scale = min(max(min(width / 1920, height / 1080), 1.0), 2.0)
        return cls(scale=scale, text_size=text_size)

    def px(self, value: float) -> int:
        return round(value * self.scale)

    @property
    def body(self) -> int:
        return self.px(28 if self.text_size == "large" else 36)

    @property
    def small(self) -> int:
        # The smallest text anywhere (hints, status lines) still meets the body rule.
        return self.px(MIN_BODY_PX[self.text_size])

    @property
    def button(self) -> int:
        return self.px(30 if self.text_size == "large" else 38)

    @property
    def heading(self) -> int:
        return self.px(44 if self.text_size == "large" else 54)

    @property
    def target(self) -> int:
        return self.px(88)

    @property
    def gap(self) -> int:
        return self.px(24)

    @property
    def margin(self) -> int:
        return self.px(32)

    @property
    def icon(self) -> int:
        return self.px(40 if self.text_size == "large" else 48)

    @property
    def focus_ring(self) -> int:
        return max(self.px(6), MIN_FOCUS_RING_PX)

    @property
    def radius(self) -> int:
        return self.px(14)



@dataclass(frozen=True)
class Theme:
    palette: Palette
    metrics: Metrics
    # Qt takes the first installed family (no font-database scan at start-up).
    families: tuple[str, ...] = CJK_FAMILIES

    def font(self, px: int, bold: bool = False) -> QFont:
        font = QFont()
        font.setFamilies(list(self.families))
        font.setPixelSize(px)
        font.setBold(bold)
        font.setStyleHint(QFont.StyleHint.SansSerif)
        return font

    def stylesheet(self) -> str:
        p, m = self.palette, self.metrics
        return f"""
* {{ font-family: {", ".join(f'"{f}"' for f in self.families)}, sans-serif;
    color: {p.text}; }}
QWidget#KioskWindow, QStackedWidget, QWidget[role="screen"] {{ background: {p.background}; }}
QLabel {{ font-size: {m.body}px; background: transparent; }}
QLabel[role="heading"] {{ font-size: {m.heading}px; font-weight: bold; }}
QLabel[role="small"] {{ font-size: {m.small}px; }}
QLabel[role="logo"] {{ font-size: {m.button}px; font-weight: bold; color: {p.primary}; }}
QLabel[role="notice"] {{ font-size: {m.small}px; border: 2px solid {p.border};
    border-radius: {m.radius}px; padding: {m.px(8)}px {m.px(16)}px; background: {p.surface}; }}
QLabel[role="display"] {{ font-size: {m.px(56)}px; font-weight: bold;
    background: {p.surface}; border: 3px solid {p.border}; border-radius: {m.radius}px; }}
QWidget[role="topbar"] {{ background: {p.surface}; border-bottom: 3px solid {p.border}; }}
QPushButton {{
    font-size: {m.button}px; font-weight: bold;
    min-height: {m.target}px; min-width: {m.target}px;
    padding: {m.px(8)}px {m.px(20)}px;
    background: {p.secondary}; color: {p.on_secondary};
    border: 3px solid {p.on_secondary}; border-radius: {m.radius}px;
}}
QPushButton[kind="primary"] {{ background: {p.primary}; color: {p.on_primary};
    border-color: {p.primary}; }}
QPushButton[kind="hero"] {{ background: {p.primary}; color: {p.on_primary};
    border-color: {p.primary}; font-size: {m.heading}px; min-height: {m.px(140)}px; }}
QPushButton[kind="key"] {{ font-size: {m.heading}px; }}
QLabel[role="value"] {{ font-weight: bold; }}
QPushButton[kind="danger"] {{ background: {p.danger}; color: {p.on_danger};
    border-color: {p.danger}; }}
QPushButton[kind="tile"] {{ font-size: {m.heading}px; text-align: left;
    padding: {m.px(16)}px {m.px(28)}px; }}
QPushButton:checked {{ background: {p.primary}; color: {p.on_primary};
    border-color: {p.primary}; }}
QPushButton:pressed {{ border-width: {m.px(6)}px; }}
QPushButton:focus {{ outline: none; border: {m.focus_ring}px solid {p.focus}; }}
QPushButton:disabled {{ border-style: dashed; }}
QWidget#VideoFrame, QWidget#VideoSurface {{ background: #000000; }}
QLabel[role="subtitle"] {{ font-size: {m.px(40 if m.text_size == "large" else 48)}px;
    font-weight: bold; color: #FFFFFF; background: #000000;
    border-radius: {m.radius}px; padding: {m.px(8)}px {m.px(16)}px; }}
QPushButton[role="player"][kind="secondary"], QPushButton[role="player"][kind="primary"] {{
    min-height: {m.px(96) - 2 * m.px(8) - 6}px; }}
QPushButton[kind="step"] {{ min-height: {m.px(96) - 2 * m.px(8) - 6}px; text-align: left; }}
QLineEdit {{ font-size: {m.body}px; min-height: {m.target - 6}px;
    padding: 0 {m.px(16)}px; background: {p.surface}; color: {p.text};
    border: 3px solid {p.border}; border-radius: {m.radius}px; }}
QLineEdit:focus {{ border: {m.focus_ring}px solid {p.focus}; }}
QLineEdit:disabled {{ border-style: dashed; }}
QProgressBar {{ min-height: {m.target}px; border: 3px solid {p.border};
    border-radius: {m.radius}px; background: {p.surface}; }}
QProgressBar::chunk {{ background: {p.primary}; border-radius: {m.radius}px; }}
"""


def make_theme(palette: str, width: int, height: int, text_size: str) -> Theme:
    return Theme(PALETTES[palette], Metrics.for_screen(width, height, text_size))

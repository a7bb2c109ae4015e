"""The accessibility audit: what every registered screen must satisfy.

Each check returns a list of sentences naming the widget and the rule it breaks; an
empty list means the screen passes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)

from seniorlearn.ui import theme as rules

INTERACTIVE = (QAbstractButton, QLineEdit)


def describe(widget: QWidget) -> str:
    name = widget.objectName() or widget.accessibleName() or type(widget).__name__
    return f"{type(widget).__name__} {name!r}"


def visible(window: QWidget, cls=QWidget) -> list[QWidget]:
    return [w for w in window.findChildren(cls) if w.isVisibleTo(window) and w.isVisible()]


def window_rect(window: QWidget, widget: QWidget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


def settle(window: QWidget) -> None:
    """Let every nested layout apply its geometry, as the first paint would: a layout inside
    a stacked screen only moves its widgets when its own posted request is handled. Only
    layout requests are delivered: what the window system says (a full-screen step of the
    test's own screen) must not land in the middle of a check."""
    window.layout().activate()
    for _ in range(4):
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def tab_order(window: QWidget, limit: int = 200) -> list[QWidget]:
    """The widgets Tab visits, in order, starting at the top bar's Home button."""
    window.home_button.setFocus(Qt.FocusReason.TabFocusReason)
    order: list[QWidget] = []
    for _ in range(limit):
        widget = window.focusWidget()
        if widget is None or widget in order:
            break
        order.append(widget)
        window.focusNextChild()
    return order


def accessible_names(window: QWidget) -> list[str]:
    problems = []
    for widget in visible(window, QWidget):
        if not isinstance(widget, INTERACTIVE):
            continue
        iface = QAccessible.queryAccessibleInterface(widget)
        name = iface.text(QAccessible.Text.Name) if iface else ""
        if not name.strip():
            problems.append(f"{describe(widget)} has no accessible name")
    return problems


def target_sizes(window: QWidget, scale: float) -> list[str]:
    problems = []
    minimum = round(rules.MIN_TARGET_PX * scale)
    targets = [w for w in visible(window) if isinstance(w, INTERACTIVE)]
    for widget in targets:
        if widget.width() < minimum or widget.height() < minimum:
            problems.append(f"{describe(widget)} is {widget.width()}x{widget.height()} px, "
                            f"under {minimum}x{minimum}")
        # The screen, not the window: a window that grew past its screen must not pass.
        screen = QRect(0, 0, window.target_size.width(), window.target_size.height())
        if not screen.contains(window_rect(window, widget)):
            problems.append(f"{describe(widget)} does not fit on the screen")
    gap = round(rules.MIN_TARGET_GAP_PX * scale)
    rects = [(w, window_rect(window, w)) for w in targets]
    for i, (a, ra) in enumerate(rects):
        for b, rb in rects[i + 1:]:
            if ra.adjusted(-gap + 1, -gap + 1, gap - 1, gap - 1).intersects(rb):
                problems.append(f"{describe(a)} and {describe(b)} are closer than {gap} px")
    return problems


def text_sizes(window: QWidget, text_size: str, scale: float) -> list[str]:
    problems = []
    body = round(rules.MIN_BODY_PX[text_size] * scale)
    heading = round(rules.MIN_HEADING_PX * scale)
    for widget in visible(window):
        if isinstance(widget, QLabel) and not widget.text():
            continue
        if not isinstance(widget, (QLabel, QAbstractButton)):
            continue
        px = widget.fontInfo().pixelSize()
        minimum = heading if widget.property("role") == "heading" else body
        if px < minimum:
            problems.append(f"{describe(widget)} text is {px} px, under {minimum}")
    return problems


# Room Qt's push-button label keeps between its icon and its text (QCommonStyle).
ICON_TEXT_GAP = 4


def text_room(widget: QWidget) -> QRect | None:
    """The rectangle, in the widget's own coordinates, that its text is drawn in: a button's
    contents (inside border and padding), a label's contents (inside its margins)."""
    if isinstance(widget, QPushButton):
        option = QStyleOptionButton()
        widget.initStyleOption(option)
        # At rest: the focus ring is drawn thicker, into the padding, and no layout makes
        # room for it, so the focused button would be judged against a box the eye never
        # sees shrink around the words.
        option.state &= ~QStyle.StateFlag.State_HasFocus
        return widget.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, option,
                                             widget)
    if isinstance(widget, QAbstractButton):
        return widget.rect()
    if isinstance(widget, QLabel):
        margin = widget.margin()
        return widget.contentsRect().adjusted(margin, margin, -margin, -margin)
    return None


def text_needs(widget: QWidget, room: QRect) -> QSize:
    """The size the text takes when drawn in the widget's own font: wrapped at the room's
    width for a word-wrapped label, one line per line break otherwise; a button's icon and
    the gap beside it count too."""
    metrics = widget.fontMetrics()
    text = widget.text()
    if isinstance(widget, QLabel) and widget.wordWrap():
        box = QRect(0, 0, max(room.width(), 1), 1_000_000)
        return metrics.boundingRect(box, int(Qt.TextFlag.TextWordWrap), text).size()
    needed = metrics.size(int(Qt.TextFlag.TextShowMnemonic), text)
    if isinstance(widget, QAbstractButton) and not widget.icon().isNull():
        icon = widget.iconSize()
        needed = QSize(needed.width() + icon.width() + ICON_TEXT_GAP,
                       max(needed.height(), icon.height()))
    return needed


def shown_rect(window: QWidget, widget: QWidget) -> QRect:
    """The part of ``widget`` (window coordinates) that is on screen: every ancestor clips
    its children, and the window shows only what lies on its screen."""
    shown = window_rect(window, widget)
    parent = widget.parentWidget()
    while parent is not None and parent is not window:
        shown = shown.intersected(window_rect(window, parent))
        parent = parent.parentWidget()
    screen = QRect(0, 0, window.target_size.width(), window.target_size.height())
    return shown.intersected(screen).intersected(window.rect())


def text_fits(window: QWidget) -> list[str]:
    """No word cut off: the text as drawn, in the widget's font and wrapped at its real
    width, fits the rectangle the widget gives it, and that rectangle is not hidden by a
    parent or by the edge of the screen."""
    problems = []
    for widget in visible(window):
        room = text_room(widget)
        if room is None or not widget.text():
            continue
        needed = text_needs(widget, room)
        # One pixel of rounding: font metrics are fractional, widget rects are whole.
        if needed.width() > room.width() + 1 or needed.height() > room.height() + 1:
            problems.append(f"{describe(widget)} needs {needed.width()}x{needed.height()} px "
                            f"for its text but shows {room.width()}x{room.height()}: "
                            f"its text is cut off")
            continue
        on_window = room.translated(widget.mapTo(window, QPoint(0, 0)))
        if not shown_rect(window, widget).contains(on_window):
            problems.append(f"{describe(widget)} lies partly outside what its parent or the "
                            f"screen shows: its text is cut off")
    return problems


def line_spacing(window: QWidget) -> list[str]:
    """Measured, not declared: the font in use must space its lines at least 1.3 apart."""
    problems = []
    for widget in visible(window, QLabel):
        if widget.text() and widget.wordWrap():
            metrics = widget.fontMetrics()
            ratio = metrics.lineSpacing() / widget.fontInfo().pixelSize()
            if ratio < rules.MIN_LINE_HEIGHT:
                problems.append(f"{describe(widget)} line spacing is {ratio:.2f}, under "
                                f"{rules.MIN_LINE_HEIGHT} (font {widget.fontInfo().family()})")
    return problems


def contrast(palette: rules.Palette) -> list[str]:
    return [f"{palette.name} {pair}: {rules.contrast_ratio(fg, bg):.1f}:1 is under 7:1"
            for pair, (fg, bg) in palette.text_pairs().items()
            if rules.contrast_ratio(fg, bg) < rules.MIN_CONTRAST]


def keyboard_reach(window: QWidget) -> list[str]:
    reached = set(tab_order(window))
    return [f"{describe(w)} cannot be reached with Tab"
            for w in visible(window) if isinstance(w, INTERACTIVE) and w.isEnabled()
            and w not in reached]


def home_and_read_aloud(window: QWidget) -> list[str]:
    problems = []
    for button in (window.home_button, window.read_button):
        if not (button.isVisible() and button.isEnabled()):
            problems.append(f"{describe(button)} is not available on this screen")
    return problems


def fills_screen(window: QWidget) -> list[str]:
    """A locked-down kiosk covers its whole screen. With no window manager (a kiosk's X
    session) nothing but the app sizes its window, so this is checked, not assumed."""
    screen = window.screen().geometry()
    got = window.geometry()
    if got != screen:
        return [f"the kiosk window is {got.width()}x{got.height()} at {got.x()},{got.y()} on a "
                f"{screen.width()}x{screen.height()} screen"]
    return []


def window_size(window: QWidget) -> list[str]:
    """The window keeps the size of its screen: a screen whose content is taller than the
    screen makes Qt grow the window past it, and what lies below is simply not seen."""
    want, got = window.target_size, window.size()
    if got.width() > want.width() or got.height() > want.height():
        return [f"the window grew to {got.width()}x{got.height()} on a "
                f"{want.width()}x{want.height()} screen"]
    return []

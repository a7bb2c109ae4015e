"""``seniorlearn doctor``: can this machine run the kiosk? One row per check, with what to do.

The core checks (data folder, disk, database, font) live in ``seniorlearn.core.doctor``. This
module adds the ones that touch libvlc, the voice and Qt. Each of those runs in a child
process with a timeout, because a library that crashes or wedges there must cost one failed
row, not the doctor. Exit status 0 means the kiosk can work; warnings do not change it.

    python -m seniorlearn.doctor [--verbose] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from seniorlearn.core.audio import SoundReport
from seniorlearn.core.config import Config
from seniorlearn.core.courses.health import TITLE as COURSE_LIBRARY
from seniorlearn.core.courses.health import check_course_library
from seniorlearn.core.doctor import (
    PIN,
    SOUND,
    Check,
    CheckResult,
    check_sound_output,
    check_volunteer_pin,
    core_checks,
    exit_code,
    run_checks,
)
from seniorlearn.core.i18n import N_, _, set_language
from seniorlearn.core.paths import Paths
from seniorlearn.core.text import display_width

PACKAGE_ROOT = Path(__file__).resolve().parents[1]
VLC_TIMEOUT_S = 20.0
QT_TIMEOUT_S = 30.0
SPEECH_TIMEOUT_S = 20.0
VLC_PACKAGES = "libvlc5 vlc-plugin-base vlc-plugin-video-output"
SPEECH_PACKAGES = "espeakng-loader"
# Words whose Mandarin reading 1.51 gets wrong; "(en)" in the phonemes marks English.
MANDARIN_SAMPLE = "回首页"

VIDEO = N_("Video playback")
SPEECH = N_("Read-aloud voice")
VOICE = N_("Mandarin voice")
QT = N_("Screen (Qt)")
PRINTER = N_("Printer")


# ---------------------------------------------------------------- child processes


def _child(args: list[str], timeout_s: float, env: dict[str, str] | None = None
           ) -> subprocess.CompletedProcess[str]:
    """Run ``python ARGS`` with this package importable; raises TimeoutExpired."""
    environ = dict(os.environ if env is None else env)
    environ["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(PACKAGE_ROOT), environ.get("PYTHONPATH", "")) if p)
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          timeout=timeout_s, env=environ, stdin=subprocess.DEVNULL)


def _last_json(stdout: str) -> dict[str, Any] | None:
    """The last JSON object line: libraries may print their own chatter before it."""
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            try:
                value = json.loads(line)
            except ValueError:
                continue
            return value if isinstance(value, dict) else None
    return None


def _python_probe(name: str, timeout_s: float, *extra: str) -> dict[str, Any]:
    """Run one of this module's probes in a child; a crash or hang becomes ``{"crashed": ...}``."""
    try:
        proc = _child(["-m", "seniorlearn.doctor", "--probe", name, *extra], timeout_s)
    except subprocess.TimeoutExpired:
        return {"ok": False, "timeout": True}
    result = _last_json(proc.stdout)
    if result is None:
        return {"ok": False, "crashed": proc.returncode, "stderr": _last_line(proc.stderr)}
    return result


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1] if lines else ""


# ---------------------------------------------------------------- video


def check_video() -> CheckResult:
    """libvlc loads and really plays the test clip (in a child: libvlc can segfault)."""
    title = _(VIDEO)
    try:
        proc = _child(["-m", "seniorlearn.adapters.vlc_probe"], VLC_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        return CheckResult("video", title, False, _(
            "The video player did not finish playing the test clip within {seconds} seconds. "
            "Reinstall it: {command}").format(seconds=round(VLC_TIMEOUT_S),
                                               command=_apt(VLC_PACKAGES)))
    result = _last_json(proc.stdout)
    if result is None:
        return CheckResult("video", title, False, _(
            "The video player crashed while playing the test clip. Reinstall it: {command}"
        ).format(command=_apt(VLC_PACKAGES, reinstall=True)),
            technical=f"libvlc exit code {proc.returncode}: {_last_line(proc.stderr)}")
    technical = f"libvlc {result.get('version')}: {result.get('detail')}"
    if result.get("ok"):
        return CheckResult("video", title, True, _("Videos play."), technical=technical)
    if result.get("reason") == "missing":
        return _video_fallback(str(result.get("detail")))
    if result.get("reason") == "no_clip":
        return CheckResult("video", title, False, _(
            "The test clip is missing, so video could not be tried. Reinstall SeniorLearn, "
            "then run doctor again."), technical=technical)
    return CheckResult("video", title, False, _(
        "The video player is installed but could not play the test clip. Install its "
        "plugins: {command}").format(command=_apt(VLC_PACKAGES)), technical=technical)


def _video_fallback(cause: str) -> CheckResult:
    """No libvlc: a warning when Qt Multimedia can play instead, else a failure."""
    try:
        qt = _child(["-c", "import PySide6.QtMultimedia"], QT_TIMEOUT_S)
        has_qt_multimedia = qt.returncode == 0
    except subprocess.TimeoutExpired:
        has_qt_multimedia = False
    if has_qt_multimedia:
        return CheckResult("video", _(VIDEO), False, _(
            "The usual video player (libvlc) is not installed; the kiosk plays videos with Qt "
            "Multimedia instead. For the usual player install: {command}"
        ).format(command=_apt(VLC_PACKAGES)), required=False, technical=cause)
    return CheckResult("video", _(VIDEO), False, _(
        "No video player works: libvlc is not installed and Qt Multimedia cannot be loaded "
        "either. Install libvlc: {command}").format(command=_apt(VLC_PACKAGES)),
        technical=cause)


def _apt(packages: str, reinstall: bool = False) -> str:
    return f"sudo apt install {'--reinstall ' if reinstall else ''}{packages}"


def _pip(packages: str) -> str:
    return f"{sys.executable} -m pip install --force-reinstall {packages}"


# ---------------------------------------------------------------- speech


def check_speech_engine(required: bool,
                        sound: Callable[[], SoundReport] | None = None) -> CheckResult:
    """The speech adapter's own end-to-end check, in a child process; a voice that speaks
    where nobody can hear it is not called working."""
    title = _(SPEECH)
    result = _python_probe("speech", SPEECH_TIMEOUT_S + 10, str(SPEECH_TIMEOUT_S))
    if result.get("ok") and sound is not None and not sound().audible:
        return CheckResult("speech", title, False, _(
            "The voice can speak, but nobody can hear it: there is no sound (see “{row}”)."
        ).format(row=_(SOUND)), required=False, technical=str(result.get("detail")))
    if result.get("ok"):
        return CheckResult("speech", title, True, _("The voice works."), required=required,
                           technical=str(result.get("detail")))
    if result.get("import_error"):
        detail = _("The speech part of SeniorLearn could not be loaded. Reinstall "
                   "SeniorLearn, then run doctor again.")
    else:
        detail = _("The voice does not work. The kiosk still runs but cannot read aloud. "
                   "Reinstall the voice: {command}").format(command=_pip(SPEECH_PACKAGES))
    return CheckResult("speech", title, False, _speech_note(detail, required), required=required,
                       technical=_probe_cause(result))


def check_mandarin_voice(required: bool) -> CheckResult:
    """espeak-ng is 1.52 or newer and reads Chinese with its Mandarin voice."""
    title = _(VOICE)
    result = _python_probe("voice", SPEECH_TIMEOUT_S)
    version = result.get("version")
    has_cmn = "cmn" in result.get("voices", [])
    technical = (f"espeak-ng {version} ({result.get('library')}), voice cmn "
                 f"{'found' if has_cmn else 'missing'}, {MANDARIN_SAMPLE} -> "
                 f"{result.get('phonemes')}") if version else _probe_cause(result)
    if "version" not in result:
        detail = _("The voice library could not be loaded. Install it: {command}").format(
            command=_pip(SPEECH_PACKAGES))
    elif not result.get("version_ok"):
        detail = _("The voice library is too old: it reads Chinese as English letters. "
                   "Install a newer one: {command}").format(command=_pip(SPEECH_PACKAGES))
    elif "cmn" not in result.get("voices", []):
        detail = _("The voice library has no Mandarin voice. Reinstall it: {command}").format(
            command=_pip(SPEECH_PACKAGES))
    elif "(en)" in str(result.get("phonemes")):
        detail = _("The voice reads Chinese words as English. Reinstall it: {command}").format(
            command=_pip(SPEECH_PACKAGES))
    else:
        return CheckResult("voice", title, True, _("The voice reads Chinese in Mandarin."),
                           required=required, technical=technical)
    return CheckResult("voice", title, False, _speech_note(detail, required), required=required,
                       technical=technical)


def _speech_note(detail: str, required: bool) -> str:
    if required:
        return detail
    return detail + " " + _("Read-aloud is turned off in the settings, so this does not stop "
                            "the kiosk.")


def _probe_cause(result: dict[str, Any]) -> str:
    if result.get("timeout"):
        return _("no answer within the time limit")
    if "crashed" in result:
        return _("the check crashed with exit code {code}: {line}").format(
            code=result["crashed"], line=result.get("stderr", ""))
    return str(result.get("detail", ""))


def _probe_speech(timeout_s: str) -> dict[str, Any]:
    try:
        from seniorlearn.adapters.speech import check_speech
    except Exception as exc:
        return {"ok": False, "import_error": True, "detail": f"{type(exc).__name__}: {exc}"}
    ok, detail = check_speech(float(timeout_s))
    return {"ok": bool(ok), "detail": str(detail)}


def _probe_voice() -> dict[str, Any]:
    try:
        from seniorlearn.adapters import espeak
    except Exception as exc:
        return {"ok": False, "detail": f"{type(exc).__name__}: {exc}"}
    try:
        info = espeak.engine_info()
        sample = espeak.phonemes(MANDARIN_SAMPLE, "zh_CN") if "cmn" in info.voices else ""
    except espeak.EspeakUnavailable as exc:
        return {"ok": False, "detail": str(exc)}
    return {"ok": True, "version": info.version, "version_ok": espeak.version_ok(info.version),
            "voices": list(info.voices), "library": info.library_path, "phonemes": sample}


# ---------------------------------------------------------------- Qt


QT_START = "from PySide6.QtWidgets import QApplication; QApplication([])"
_SO_RE = re.compile(r"(lib[\w.+-]+?\.so(?:\.\d+)*): cannot open shared object file")
_NEEDED_RE = re.compile(r"(lib[\w-]+\d) is needed")
# Debian names a library package libNAME<soversion>; these few break that pattern.
_PACKAGE_FOR_SO = {"libglib-2.0.so.0": "libglib2.0-0", "libgthread-2.0.so.0": "libglib2.0-0"}


def check_qt() -> CheckResult:
    """Qt starts offscreen and, when there is a display, on the X screen too."""
    platforms = ["offscreen"] + (["xcb"] if os.environ.get("DISPLAY") else [])
    for platform in platforms:
        problem = _qt_problem(platform)
        if problem:
            return CheckResult("qt", _(QT), False, problem[0], technical=problem[1])
    if "xcb" in platforms:
        return CheckResult("qt", _(QT), True, _("The kiosk's windows open on this screen."),
                           technical=f"Qt on DISPLAY={os.environ['DISPLAY']}")
    return CheckResult("qt", _(QT), True, _(
        "Qt's libraries load. No screen is connected to this session: run doctor on the "
        "kiosk's own screen to check the display too."), technical="DISPLAY is not set")


def _qt_problem(platform: str) -> tuple[str, str] | None:
    """(sentence, technical detail) when Qt cannot start on ``platform``, else None."""
    env = dict(os.environ, QT_QPA_PLATFORM=platform, QT_DEBUG_PLUGINS="1")
    try:
        proc = _child(["-c", QT_START], QT_TIMEOUT_S, env)
    except subprocess.TimeoutExpired:
        return _("The screen part (Qt) did not start within {seconds} seconds.").format(
            seconds=round(QT_TIMEOUT_S)), f"Qt {platform}: timeout"
    if proc.returncode == 0:
        return None
    line, package = missing_library(proc.stderr)
    technical = f"Qt {platform}, exit code {proc.returncode}: {line or _last_line(proc.stderr)}"
    if package:
        return _("The screen part (Qt) cannot start: a library is missing. Install it: "
                 "{command}").format(command=_apt(package)), technical
    return _("The screen part (Qt) cannot start. Run doctor --verbose and tell the support "
             "team what it shows."), technical


def missing_library(stderr: str) -> tuple[str, str | None]:
    """The stderr line naming a missing library, and the Debian package that provides it."""
    for line in stderr.splitlines():
        needed = _NEEDED_RE.search(line)
        if needed:
            return line.strip(), needed.group(1)
        so = _SO_RE.search(line)
        if so:
            return line.strip(), debian_package(so.group(1))
    return "", None


def debian_package(soname: str) -> str:
    """libxcb-cursor.so.0 -> libxcb-cursor0, libxkbcommon-x11.so.0 -> libxkbcommon-x11-0."""
    if soname in _PACKAGE_FOR_SO:
        return _PACKAGE_FOR_SO[soname]
    name, _sep, version = soname.partition(".so")
    version = version.lstrip(".").split(".")[0]
    joiner = "-" if name[-1].isdigit() and version else ""
    return (name + joiner + version).lower().replace("_", "-")


# ---------------------------------------------------------------- the whole list and output


def all_checks(paths: Paths, config: Config) -> list[Check]:
    """Every check doctor runs, in the order its table shows them."""
    speech_required = bool(config.get("speech_enabled"))
    sound = _once(_probe_sound)  # the speech row and the sound row share one look
    return [
        Check("video", VIDEO, check_video),
        Check("speech", SPEECH, lambda: check_speech_engine(speech_required, sound)),
        Check("voice", VOICE, lambda: check_mandarin_voice(speech_required)),
        Check("sound", SOUND, lambda: check_sound_output(sound())),
        Check("qt", QT, check_qt),
        *core_checks(paths),
        Check("courses", COURSE_LIBRARY, lambda: check_course_library(paths)),
        Check("pin", PIN, lambda: check_volunteer_pin(paths)),
        Check("printer", PRINTER, check_printer),
        *service_checks(),
    ]


def check_printer() -> CheckResult:
    """The default printer as CUPS has it. None is a way to run (certificates and cards are
    saved as PDFs); one that is paused or refuses jobs is worth a note."""
    from seniorlearn.adapters.cups import default_printer

    printer = default_printer()
    if printer is None:
        return CheckResult("printer", _(PRINTER), True, _(
            "No printer is set up: certificates and study cards are saved as PDF files (on "
            "the USB stick, or in the data folder) to print on another computer."),
            technical=f"CUPS_SERVER={os.environ.get('CUPS_SERVER', '(default)')}")
    technical = (f"{printer.name}: accepting jobs {printer.accepting}, stopped "
                 f"{printer.stopped}, reasons {printer.reasons}")
    if printer.ready:
        return CheckResult("printer", _(PRINTER), True, _(
            "Certificates and study cards print on {printer}.").format(printer=printer.name),
            technical=technical)
    return CheckResult("printer", _(PRINTER), False, _(
        "The printer {printer} is paused or takes no jobs, so nothing will print. Check its "
        "paper and cable, then run: cupsenable {printer} && cupsaccept {printer}"
    ).format(printer=printer.name), required=False, technical=technical)


def service_checks() -> list[Check]:
    """The kiosk service's row, only where the Debian package installed it."""
    from seniorlearn.core import kiosk_service

    state = kiosk_service.status()
    if not state.installed:
        return []
    return [Check("service", kiosk_service.SERVICE, lambda: check_service(state))]


def check_service(state) -> CheckResult:
    """Running or not, and how often systemd had to restart it since it was started."""
    from seniorlearn.core import kiosk_service

    values = state.values
    technical = "; ".join(f"{key}={values.get(key, '')}" for key in kiosk_service.PROPERTIES)
    restarts = kiosk_service.last_restarts()
    if restarts:
        technical += "; last restarts: " + " | ".join(restarts)
    if state.running:
        detail = _("The kiosk service is running; it was restarted {count} times since it "
                   "was started.").format(count=state.restarts)
        return CheckResult("service", _(kiosk_service.SERVICE), True, detail,
                           technical=technical)
    return CheckResult("service", _(kiosk_service.SERVICE), False, _(
        "The kiosk service is not running (it was switched off, or it failed). Switch it on "
        "with: sudo seniorlearn-kiosk on"), required=False, technical=technical)


def _probe_sound() -> SoundReport:
    from seniorlearn.adapters.audio import probe

    return probe()


def _once(make: Callable[[], SoundReport]) -> Callable[[], SoundReport]:
    """``make`` run at most once, whichever of the checks' threads asks first."""
    lock, made = threading.Lock(), list[SoundReport]()

    def get() -> SoundReport:
        with lock:
            if not made:
                made.append(make())
            return made[0]

    return get


def mark(result: CheckResult) -> str:
    if result.ok:
        return _("✓ OK")
    return _("✗ Problem") if result.required else _("! Note")


def _pad(text: str, width: int) -> str:
    return text + " " * (width - display_width(text))


def format_table(results: Sequence[CheckResult], seconds: float, verbose: bool = False) -> str:
    """The verdict first, in plain words, with what to do about each problem; then the
    table of every check (with its technical detail under it when ``verbose``)."""
    marks = [mark(r) for r in results]
    mark_w = max(display_width(m) for m in marks)
    title_w = max(display_width(r.title) for r in results)
    problems = [r for r in results if not r.ok and r.required]
    notes = [r for r in results if not r.ok and not r.required]
    if problems:
        verdict = [_("The kiosk cannot work yet: {count} problem(s) must be fixed.").format(
            count=len(problems))]
    elif notes:
        verdict = [_("The kiosk can work, but {count} thing(s) need attention.").format(
            count=len(notes))]
    else:
        verdict = [_("The kiosk can work.")]
    verdict += ["  " + _("{mark}  {title}: {detail}").format(mark=mark(r), title=r.title,
                                                               detail=r.detail)
                for r in (*problems, *notes)]
    lines = []
    for m, r in zip(marks, results, strict=True):
        lines.append(f"{_pad(m, mark_w)}  {_pad(r.title, title_w)}  {r.detail}")
        if verbose and r.technical:
            lines.append(" " * (mark_w + 2) + _("Details: {technical}").format(
                technical=r.technical))
    return "\n".join([*verdict, "", _("Every check:"), *lines, "",
                      _("(checked in {seconds} s)").format(seconds=f"{seconds:.1f}")])


def to_json(results: Sequence[CheckResult]) -> str:
    return json.dumps({
        "ok": exit_code(results) == 0,
        "checks": [{"key": r.key, "title": r.title, "ok": r.ok, "required": r.required,
                    "detail": r.detail, "technical": r.technical} for r in results],
    }, ensure_ascii=False, indent=2)


def main(argv: Sequence[str] | None = None) -> int:
    """``seniorlearn doctor [--verbose] [--json]``: print the checks; 0 when the kiosk can
    work, else 1."""
    parser = argparse.ArgumentParser(
        prog="seniorlearn doctor",
        description="Check that this machine can run the SeniorLearn kiosk.")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--verbose", action="store_true",
                        help="also the technical detail: paths, versions, raw errors")
    args = parser.parse_args(argv)
    paths = Paths.from_env()
    config = Config(paths.config_file)
    set_language(config.get("language"))
    started = time.monotonic()
    results = run_checks(all_checks(paths, config), timeout_s=SPEECH_TIMEOUT_S + 30)
    seconds = time.monotonic() - started
    print(to_json(results) if args.json else format_table(results, seconds, args.verbose),
          flush=True)
    return exit_code(results)


def _probe_main(argv: Sequence[str]) -> int:
    """Body of the child processes: ``--probe speech SECONDS`` or ``--probe voice``."""
    result = _probe_speech(argv[1]) if argv[0] == "speech" else _probe_voice()
    print(json.dumps(result, ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:2] == ["--probe"]:
        raise SystemExit(_probe_main(sys.argv[2:]))
    raise SystemExit(main(sys.argv[1:]))

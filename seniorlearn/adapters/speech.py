"""Read-aloud with espeak-ng 1.52: a worker process makes WAVs, a player command plays them.

``EspeakSpeaker`` implements ``seniorlearn.core.speech.Speaker``. Its public methods only put
a note on a queue or send a signal, so the caller (the UI thread) never waits on espeak or on
the sound card. One background thread does the work: it asks the worker process
(``speech_worker``) for one WAV per part, plays it, and deletes it. A worker that does not
answer within ``timeout_s`` is killed and replaced; after three replacements fail in a row the
speaker gives up and ``problem()`` says why.
"""

from __future__ import annotations

import json
import logging
import os
import queue
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import wave
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from seniorlearn.core.speech import FAILED, FINISHED, STOPPED, ReadingDone

log = logging.getLogger(__name__)

WAV = "{wav}"
"""Placeholder in a player command for the WAV file to play."""

EventHook = Callable[[str, dict[str, Any]], None]
_PACKAGE_ROOT = str(Path(__file__).resolve().parents[2])


class WorkerFailed(RuntimeError):
    """The worker process hung, died or could not start."""


def default_player() -> list[str] | None:
    """``aplay -q WAV`` when ALSA's player is installed, else None (no sound)."""
    return ["aplay", "-q", WAV] if shutil.which("aplay") else None


class SpeechWorker:
    """One ``speech_worker`` process; every call waits at most ``timeout_s`` for an answer."""

    def __init__(self, timeout_s: float, python: str = sys.executable) -> None:
        started = time.monotonic()
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [_PACKAGE_ROOT, env.get("PYTHONPATH")]))
        self.timeout_s = timeout_s
        self.process = subprocess.Popen(
            [python, "-m", "seniorlearn.adapters.speech_worker"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            text=True, encoding="utf-8", env=env,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._stderr: deque[str] = deque(maxlen=20)
        threading.Thread(target=self._read_stdout, daemon=True).start()
        threading.Thread(target=self._read_stderr, daemon=True).start()
        ready = self._next_line(lambda m: "ready" in m)
        if not ready["ready"]:
            self.kill()
            raise WorkerFailed(f"speech worker could not start: {ready.get('error')}")
        self.version: str = ready["version"]
        self.voices: dict[str, str] = ready["voices"]
        self.start_seconds = time.monotonic() - started
        self._next_id = 0

    def synthesise(self, text: str, language: str, rate: int, wav: str) -> None:
        """Write ``text`` spoken in ``language`` to ``wav``; ValueError if espeak refused it."""
        self._next_id += 1
        number = self._next_id
        self._send({"id": number, "text": text, "language": language, "rate": rate, "wav": wav})
        answer = self._next_line(lambda m: m.get("id") == number)
        if not answer.get("ok"):
            raise ValueError(answer.get("error", "speech worker refused the text"))

    def ping(self) -> str:
        self._send({"cmd": "ping"})
        return str(self._next_line(lambda m: "pong" in m)["version"])

    def send_hang_for_tests(self) -> None:
        """TEST ONLY: make the worker sleep forever, to exercise the watchdog."""
        self._send({"cmd": "hang"})

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()  # SIGKILL: a wedged espeak ignores anything gentler
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            log.error("speech worker %s survived SIGKILL", self.process.pid)

    def _send(self, message: dict[str, Any]) -> None:
        try:
            assert self.process.stdin is not None
            self.process.stdin.write(json.dumps(message, ensure_ascii=False) + "\n")
            self.process.stdin.flush()
        except (OSError, ValueError) as error:
            raise WorkerFailed(f"speech worker is gone: {error}; {self._last_words()}") from error

    def _next_line(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        deadline = time.monotonic() + self.timeout_s
        while True:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise WorkerFailed(
                    f"speech worker did not answer within {self.timeout_s:g} s"
                ) from None
            if line is None:
                raise WorkerFailed(f"speech worker exited; {self._last_words()}")
            message = json.loads(line)
            if wanted(message):
                return message
            log.debug("speech worker: ignoring stale answer %s", line.strip())

    def _last_words(self) -> str:
        code = self.process.poll()
        tail = " | ".join(self._stderr) or "nothing on stderr"
        return f"exit code {code}, stderr: {tail}"

    def _read_stdout(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put(None)

    def _read_stderr(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self._stderr.append(line.rstrip())
            log.debug("speech worker: %s", line.rstrip())


@dataclass(frozen=True)
class _Job:
    generation: int
    kind: str  # "speak", "start" or "hang" (test only)
    parts: tuple[str, ...] = ()
    language: str = ""
    # Told how the reading went: None when every part was played, else why not.
    done: Callable[[str | None], None] | None = None


def _outcome_to(done: ReadingDone) -> Callable[[str | None], None]:
    """The caller's words for how a reading ended (finished, stopped, failed) from the
    voice's own (None when every part was played, else why not)."""
    def tell(reason: str | None) -> None:
        outcome = (FINISHED if reason is None
                   else STOPPED if reason.startswith("stopped") else FAILED)
        try:
            done(outcome)
        except Exception:  # noqa: BLE001 - a broken caller must not stop the voice
            log.exception("speech: done callback failed")
    return tell


class EspeakSpeaker:
    """Reads text with espeak-ng 1.52 without blocking the caller.

    ``on_event(name, details)`` is called from the background thread, never the caller's:
    "speaking" {text, index}, "finished" {}, "stopped" {}, "failed" {reason},
    "worker_started" {pid, seconds}, "worker_killed" {reason}, "player_failed" {reason},
    "unavailable" {reason}. A UI must hop back to its own thread before touching widgets.
    """

    MAX_RESTARTS = 3

    def __init__(
        self,
        rate: int = 140,
        timeout_s: float = 20.0,
        player: Sequence[str] | None = None,
        on_event: EventHook | None = None,
        python: str = sys.executable,
    ) -> None:
        self._rate = rate
        self._timeout_s = timeout_s
        self._player_command = list(player) if player is not None else default_player()
        self._on_event = on_event
        self._python = python
        self._lock = threading.Lock()
        self._jobs: queue.Queue[_Job | None] = queue.Queue()
        self._generation = 0
        self._playing: subprocess.Popen[bytes] | None = None
        self._worker: SpeechWorker | None = None
        self._failures = 0
        self._problem: str | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        self._temp_dir = ""
        self._wav_count = 0
        self._player_warned = False
        self._player_problem: str | None = None
        self._synthesis_error = "the voice could not say it"

    # ------------------------------------------------------------ Speaker protocol

    def start(self) -> None:
        """Start the worker in the background (the kiosk calls this after its first paint)."""
        self._submit("start")

    def speak(self, parts: Sequence[str], language: str,
              done: ReadingDone | None = None) -> None:
        self._submit("speak", tuple(p for p in parts if p.strip()), language,
                     None if done is None else _outcome_to(done))

    def stop(self) -> None:
        with self._lock:
            self._generation += 1
            self._kill_player_locked()

    def set_rate(self, words_per_minute: int) -> None:
        self._rate = int(words_per_minute)

    def is_available(self) -> bool:
        return self._problem is None

    def problem(self) -> str | None:
        return self._problem

    def player_problem(self) -> str | None:
        """Why the last part could not be played (no sound device...), None once one played."""
        return self._player_problem

    def play_test(self, text: str, language: str, timeout_s: float = 30.0) -> str | None:
        """Read ``text`` through the kiosk's own voice and player and wait for the end (call
        it off the UI thread): None when it was played, else why not, in English."""
        finished = threading.Event()
        outcome: list[str | None] = ["no answer from the speech engine within "
                                     f"{timeout_s:g} s"]

        def done(reason: str | None) -> None:
            outcome[0] = reason
            finished.set()

        self._submit("speak", (text,), language, done)
        finished.wait(timeout_s)
        return outcome[0]

    def shutdown(self) -> None:
        with self._lock:
            self._closed = True
            self._generation += 1
            self._kill_player_locked()
            worker, thread = self._worker, self._thread
        self._jobs.put(None)
        if worker is not None:
            worker.kill()
        if thread is not None:
            thread.join(timeout=2)
        if self._temp_dir:
            shutil.rmtree(self._temp_dir, ignore_errors=True)

    def hang_worker_for_tests(self) -> None:
        """TEST ONLY: ask the worker to hang so the watchdog has something to catch."""
        self._submit("hang")

    # ------------------------------------------------------------ caller side

    def _submit(self, kind: str, parts: tuple[str, ...] = (), language: str = "",
                done: Callable[[str | None], None] | None = None) -> None:
        with self._lock:
            if self._closed:
                if done is not None:
                    done("stopped: the voice is closed")
                return
            if kind != "start":
                self._generation += 1
                self._kill_player_locked()
            job = _Job(self._generation, kind, parts, language, done)
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name="speech", daemon=True
                )
                self._thread.start()
        self._jobs.put(job)

    def _kill_player_locked(self) -> None:
        if self._playing is not None and self._playing.poll() is None:
            self._playing.kill()

    def _current(self, job: _Job) -> bool:
        return job.generation == self._generation and not self._closed

    # ------------------------------------------------------------ background thread

    def _run(self) -> None:
        remove_stale_temp_dirs()
        # The pid in the name lets the next start remove what a kill -9 left behind.
        self._temp_dir = tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-")
        while (job := self._jobs.get()) is not None:
            try:
                self._do(job)
            except Exception:  # noqa: BLE001 - the speech thread must outlive any one job
                log.exception("speech: unexpected error")

    def _do(self, job: _Job) -> None:
        if job.kind == "start":
            self._ensure_worker()
        elif job.kind == "hang" and self._current(job):
            if worker := self._ensure_worker():

                def hang() -> None:
                    worker.send_hang_for_tests()
                    worker.ping()

                try:
                    self._watch(hang)
                except WorkerFailed:
                    pass  # the watchdog did its job; the next use starts a new worker
        elif job.kind == "speak" and self._current(job):
            outcome = self._read(job)
            if job.done is not None:
                job.done(outcome)
        elif job.kind == "speak" and job.done is not None:
            job.done("stopped before it was read")

    def _read(self, job: _Job) -> str | None:
        """Synthesise and play each part; None when all were played, else the first reason."""
        if self._problem is not None:
            self._emit("failed", reason=self._problem)
            return self._problem
        outcome: str | None = None
        for index, text in enumerate(job.parts):
            if not self._current(job):
                self._emit("stopped")
                return outcome or "stopped before the end"
            wav = self._synthesise(text, job.language)
            if wav is None:
                outcome = outcome or self._problem or self._synthesis_error
            elif self._current(job):
                self._emit("speaking", text=text, index=index)
                outcome = outcome or self._play(job, wav)
            if wav is not None:
                Path(wav).unlink(missing_ok=True)
        if not self._current(job):
            self._emit("stopped")
            return outcome or "stopped before the end"
        self._emit("finished")
        return outcome

    def _synthesise(self, text: str, language: str) -> str | None:
        worker = self._ensure_worker()
        if worker is None:
            self._synthesis_error = self._problem or "no speech worker"
            self._emit("failed", reason=self._synthesis_error, text=text)
            return None
        self._wav_count += 1
        wav = os.path.join(self._temp_dir, f"part-{self._wav_count}.wav")
        try:
            self._watch(lambda: worker.synthesise(text, language, self._rate, wav))
            return wav
        except (ValueError, WorkerFailed) as error:
            self._synthesis_error = str(error)
            self._emit("failed", reason=str(error), text=text)
            log.warning("speech: could not say %r: %s", text, error)
            return None

    def _watch(self, call: Callable[[], object]) -> None:
        """Run one worker call; on hang or crash, kill the worker so the next use restarts it."""
        try:
            call()
            self._failures = 0
        except WorkerFailed as error:
            self._drop_worker(str(error))
            raise

    def _ensure_worker(self) -> SpeechWorker | None:
        while self._worker is None and self._problem is None:
            try:
                worker = SpeechWorker(self._timeout_s, self._python)
            except (OSError, WorkerFailed) as error:
                self._count_failure(str(error))
                continue
            with self._lock:
                closed, self._worker = self._closed, worker
            if closed:  # shutdown() ran while this worker was starting
                worker.kill()
                self._worker = None
                return None
            self._emit("worker_started", pid=worker.process.pid, seconds=worker.start_seconds)
        return self._worker

    def _drop_worker(self, reason: str) -> None:
        with self._lock:
            worker, self._worker = self._worker, None
        if worker is not None:
            worker.kill()
        self._emit("worker_killed", reason=reason)
        self._count_failure(reason)

    def _count_failure(self, reason: str) -> None:
        self._failures += 1
        log.warning("speech worker failure %d in a row: %s", self._failures, reason)
        if self._failures > self.MAX_RESTARTS:
            self._problem = (
                f"speech worker failed {self._failures} times in a row "
                f"(restarted {self.MAX_RESTARTS} times); last: {reason}"
            )
            log.error("speech unavailable: %s", self._problem)
            self._emit("unavailable", reason=self._problem)

    def _play(self, job: _Job, wav: str) -> str | None:
        """Play one WAV; None when it played (or was stopped), else why it could not."""
        if self._player_command is None:
            return self._warn_player("no audio player (aplay) is installed")
        command = [wav if arg == WAV else arg for arg in self._player_command]
        try:
            process = subprocess.Popen(
                command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
            )
        except OSError as error:
            return self._warn_player(f"cannot run {command[0]}: {error}")
        with self._lock:
            self._playing = process
            if not self._current(job):
                process.kill()
        _, stderr = process.communicate()
        with self._lock:
            self._playing = None
        if process.returncode > 0:
            tail = stderr.decode(errors="replace").strip()[-300:]
            return self._warn_player(f"{command[0]} exited {process.returncode}: {tail}")
        if process.returncode == 0:
            self._player_problem = None
        return None

    def _warn_player(self, reason: str) -> str:
        # No sound card (CI, a kiosk with unplugged speakers) is not an engine failure.
        if not self._player_warned:
            log.warning("speech: cannot play audio: %s", reason)
            self._player_warned = True
        self._player_problem = reason
        self._emit("player_failed", reason=reason)
        return reason

    def _emit(self, name: str, **details: Any) -> None:
        if self._on_event is None:
            return
        try:
            self._on_event(name, details)
        except Exception:  # noqa: BLE001 - a broken listener must not stop the voice
            log.exception("speech: on_event hook failed for %s", name)


def wav_seconds(path: str | os.PathLike[str]) -> float:
    with wave.open(os.fspath(path), "rb") as audio:
        return audio.getnframes() / float(audio.getframerate())


def check_speech(timeout_s: float = 20) -> tuple[bool, str]:
    """For ``seniorlearn doctor``: can the voice say 你好? Returns (ok, detail in English)."""
    try:
        worker = SpeechWorker(timeout_s)
    except (OSError, WorkerFailed) as error:
        return False, str(error)
    try:
        version = worker.ping()
        with tempfile.TemporaryDirectory(prefix="seniorlearn-doctor-") as folder:
            wav = os.path.join(folder, "hello.wav")
            started = time.monotonic()
            worker.synthesise("你好", "zh_CN", 140, wav)
            took, seconds = time.monotonic() - started, wav_seconds(wav)
    except (WorkerFailed, ValueError, OSError, wave.Error) as error:
        return False, f"speech worker could not say 你好: {error}"
    finally:
        worker.kill()
    detail = (
        f"espeak-ng {version}, Mandarin voice {worker.voices['zh_CN']}, "
        f"{seconds:.1f} s of speech in {took * 1000:.0f} ms "
        f"(worker ready in {worker.start_seconds * 1000:.0f} ms)"
    )
    if seconds <= 0.2:
        return False, f"{detail}: too short to be speech"
    return True, detail


TEMP_PREFIX = "seniorlearn-speech-"


def remove_stale_temp_dirs() -> None:
    """Remove speech folders of kiosks that no longer run (killed with -9, or a power cut)."""
    for folder in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*"):
        pid = folder.name[len(TEMP_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or not _running(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True

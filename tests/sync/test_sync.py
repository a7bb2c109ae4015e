"""Exactly once, against a real LRS (Ralph) with real records from the ledger's services:
a week offline then delivered; the LRS killed mid-batch and restarted; a proxy that resets,
answers 500, stalls and loses a response after the LRS stored the batch; a poison statement;
wrong credentials; a restart with work pending; a USB export loaded into the LRS, then a
direct sync. After each: every record in the LRS exactly once, none lost, none left pending,
and the study time the LRS holds per learner equals the ledger's."""

from __future__ import annotations

import datetime
import json
import re
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

import pytest

from seniorlearn.core.config import Config
from seniorlearn.core.models import Learner
from seniorlearn.core.paths import Paths
from seniorlearn.core.services.hours import HoursService
from seniorlearn.core.services.learners import LearnerService
from seniorlearn.core.storage import study
from seniorlearn.core.storage.study import StudyRecord
from seniorlearn.core.storage.writer import DatabaseWriter
from seniorlearn.core.sync.client import LrsClient
from seniorlearn.core.sync.service import SyncService
from seniorlearn.core.sync.setup import origin, save_password
from tests.sync.proxy import FaultProxy
from tests.sync.ralph import HOMEPAGE, PASSWORD, USER, Ralph, free_port, ralph_available

pytestmark = pytest.mark.skipif(not ralph_available(),
                                reason="needs Ralph in .ralph-venv (installer/test.sh makes it)")
LEARNERS = [Learner(f"2026{n:04d}", f"学员{n}") for n in range(1, 6)]
DURATION = re.compile(r"PT([0-9.]+)S")


@pytest.fixture
def ralph(tmp_path):
    lrs = Ralph(tmp_path / "lrs", free_port()).start()
    yield lrs
    lrs.kill()


@pytest.fixture
def kiosk(data_home):
    """A kiosk's database with a week of study made offline: lessons (some learned) and
    in-person classes for five learners, through the ledger's own services."""
    paths = Paths.from_env()
    paths.ensure()
    config = Config(paths.config_file)
    config.set("lrs.username", USER)
    config.set("platform.homepage", HOMEPAGE)
    config.set("kiosk.id", "kiosk-test")
    save_password(paths, PASSWORD)
    writer = DatabaseWriter(paths.database)
    learners = LearnerService(writer)
    for learner in LEARNERS:
        learners.add(learner)
    hours = HoursService(writer)
    today = datetime.date.today()
    for day in range(7):
        date = today - datetime.timedelta(days=day)
        for n, learner in enumerate(LEARNERS):
            hours.add_in_person(learner.number, 30 + n * 5, f"手机课堂第{day}天", date)
            record = lesson(learner.number, date, 300 + n, n % 2 == 0)
            writer.write(lambda db, r=record: study.save(db, r))
    yield writer, config, paths
    writer.close()


def lesson(number: str, date: datetime.date, seconds: float, learned: bool) -> StudyRecord:
    return StudyRecord(id=str(uuid.uuid4()), learner=number, kind="lesson",
                       day=date.isoformat(), started_at=time.time(), seconds=seconds,
                       course_id="smartphone-payment", lesson_id="payment-code",
                       length_s=107.6, segments=((0.0, 107.6 if learned else 50.0),),
                       completed=learned, beat_at=time.time())


def service(writer, config, paths, endpoint: str, timeout_s: float = 3.0,
            batch: int = 200) -> SyncService:
    config.set("lrs.endpoint", endpoint)

    def client() -> LrsClient:
        return LrsClient(endpoint, USER, PASSWORD, timeout_s=timeout_s)

    return SyncService(writer, origin(config), client, batch=batch)


def assert_exactly_once(lrs: Ralph, writer: DatabaseWriter) -> None:
    reader = writer.reader()
    try:
        ids = [row[0] for row in reader.execute("SELECT id FROM outbox")]
        states = Counter(row[0] for row in reader.execute("SELECT state FROM outbox"))
        seconds = dict(reader.execute(
            "SELECT learner, SUM(seconds) FROM study_sessions GROUP BY learner").fetchall())
    finally:
        reader.conn.close()
    stored = lrs.statements()
    counted = Counter(s["id"] for s in stored)
    assert sorted(counted) == sorted(ids), "some record is missing or extra in the LRS"
    assert max(counted.values()) == 1, "a record reached the LRS twice"
    assert states == Counter({"sent": len(ids)}), f"not all sent: {states}"
    held: dict[str, float] = defaultdict(float)
    for statement in stored:
        duration = (statement.get("result") or {}).get("duration")
        if duration:
            held[statement["actor"]["account"]["name"]] += float(
                DURATION.fullmatch(duration).group(1))
    assert held.keys() == seconds.keys()
    for learner, total in seconds.items():
        assert held[learner] == pytest.approx(total, abs=0.05), learner


def test_a_week_offline_is_delivered_when_the_lrs_appears(kiosk, tmp_path) -> None:
    writer, config, paths = kiosk
    port = free_port()
    sync = service(writer, config, paths, f"http://127.0.0.1:{port}/xAPI/")
    away = sync.sync_once()
    assert away.sent == 0 and away.pending == 7 * 5 * 4 - 7 * 2  # learned lessons add one
    assert "现在连不上" in away.problem or "cannot be reached" in away.problem
    lrs = Ralph(tmp_path / "lrs", port).start()
    try:
        back = sync.sync_once()
        assert back.problem is None and back.pending == 0 and back.sent == away.pending
        assert_exactly_once(lrs, writer)
        assert sync.sync_once().sent == 0  # nothing twice
    finally:
        lrs.kill()


def test_the_lrs_killed_mid_batch_and_restarted(kiosk, ralph) -> None:
    writer, config, paths = kiosk
    proxy = FaultProxy(ralph.port)
    # The LRS dies as the third batch arrives: two were stored, the third never is.
    proxy.on_post = lambda number: ralph.kill() if number == 3 else None
    try:
        sync = service(writer, config, paths, proxy.endpoint, batch=10)
        first = sync.sync_once()
        assert first.problem is not None and first.sent == 20 and first.pending > 0
        ralph.start()
        again = sync.sync_once()
        assert again.problem is None and again.pending == 0
        assert_exactly_once(ralph, writer)
    finally:
        proxy.close()


@pytest.mark.parametrize("faults", [["reset"], ["500", "500"], ["stall"], ["lose"],
                                    ["lose", "reset", "lose", "500"]])
def test_a_link_that_drops_stalls_and_loses_answers(kiosk, ralph, faults) -> None:
    writer, config, paths = kiosk
    proxy = FaultProxy(ralph.port)
    try:
        proxy.script = list(faults)
        sync = service(writer, config, paths, proxy.endpoint, timeout_s=2.0, batch=25)
        for _attempt in range(len(faults) + 2):
            report = sync.sync_once()
            if report.pending == 0 and report.problem is None:
                break
        assert report.pending == 0 and report.problem is None, report
        assert_exactly_once(ralph, writer)
    finally:
        proxy.close()


def test_a_poison_statement_is_parked_and_the_rest_are_sent(kiosk, ralph) -> None:
    writer, config, paths = kiosk
    # A learner without a number (an old import let one in): the LRS refuses its statement.
    writer.write(lambda db: db.execute(
        "INSERT INTO learners (number, name, call_name, birth_year, phone, study_point,"
        " added_at, changed_at) VALUES ('', '无号', '', NULL, '', '', 0, 0)"))
    HoursService(writer).add_in_person("", 40, "手机课堂")
    sync = service(writer, config, paths, ralph.endpoint, batch=50)
    report = sync.sync_once()
    assert report.parked == 1 and report.pending == 0 and report.problem is None
    [(_sid, verb, reason)] = sync.parked()
    assert verb == "attended" and "refused" in reason or "拒收" in reason
    stored = {s["id"] for s in ralph.statements()}
    reader = writer.reader()
    sent = {row[0] for row in reader.execute("SELECT id FROM outbox WHERE state = 'sent'")}
    reader.conn.close()
    assert stored == sent and len(sent) == 7 * 5 * 4 - 7 * 2


def test_wrong_credentials_stop_and_say_so_and_nothing_is_lost(kiosk, ralph) -> None:
    writer, config, paths = kiosk
    config.set("lrs.endpoint", ralph.endpoint)
    sync = SyncService(writer, origin(config),
                       lambda: LrsClient(ralph.endpoint, USER, "wrong-password"))
    report = sync.sync_once()
    assert report.auth_failed and report.sent == 0
    assert "lrs.username" in report.problem and "wrong-password" not in report.problem
    assert sync.status()["last_error"] == report.problem
    assert service(writer, config, paths, ralph.endpoint).sync_once().pending == 0
    assert_exactly_once(ralph, writer)


def cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {"SENIORLEARN_HOME": str(home), "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "seniorlearn", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_a_restart_with_work_pending_and_the_commands(kiosk, ralph, data_home) -> None:
    writer, config, paths = kiosk
    config.set("lrs.endpoint", f"http://127.0.0.1:{free_port()}/xAPI/")  # nobody there
    writer.close()  # the kiosk stops with everything pending
    down = cli(data_home, "sync")
    assert down.returncode == 2 and "Traceback" not in down.stderr
    status = json.loads(cli(data_home, "sync", "status", "--json").stdout)
    assert status["pending"] == 7 * 5 * 4 - 7 * 2 and status["sent"] == 0
    assert status["last_error"]
    assert PASSWORD not in cli(data_home, "config", "show", "--verbose").stdout
    sync_directly_then_exactly_once(data_home, paths, ralph)
    assert json.loads(cli(data_home, "sync", "status", "--json").stdout)["last_success"]


def test_a_usb_export_loaded_into_the_lrs_then_a_direct_sync(kiosk, ralph, tmp_path,
                                                            data_home) -> None:
    writer, config, paths = kiosk
    stick = tmp_path / "stick"
    stick.mkdir()
    writer.close()
    done = cli(data_home, "export", "--to", str(stick))
    assert done.returncode == 0, done.stderr
    [folder] = list(stick.iterdir())
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    lines = (folder / "statements.jsonl").read_bytes()
    import hashlib

    assert manifest["sha256"] == hashlib.sha256(lines).hexdigest()
    assert manifest["statements"] == len(lines.splitlines()) == 7 * 5 * 4 - 7 * 2
    # The county loads the file with a standard tool: Ralph's own command line.
    push = subprocess.run(
        [str(Path(sys.modules["tests.sync.ralph"].RALPH_PYTHON).parent / "ralph"), "write",
         "-b", "lrs", "--lrs-base-url", f"http://127.0.0.1:{ralph.port}",
         "--lrs-username", USER, "--lrs-password", PASSWORD],
        input=lines, capture_output=True, timeout=120)
    assert push.returncode == 0, push.stderr.decode()[-2000:]
    status = json.loads(cli(data_home, "sync", "status", "--json").stdout)
    assert status["pending"] == manifest["statements"]  # exported records stay pending
    sync_directly_then_exactly_once(data_home, paths, ralph)  # all 409, looked up: sent


def test_resending_parked_records_a_fixed_one_goes_a_conflict_stays(kiosk, ralph,
                                                                     data_home) -> None:
    writer, config, paths = kiosk
    # A record whose learner had no number (refused by the LRS, parked) ...
    writer.write(lambda db: db.execute(
        "INSERT INTO learners (number, name, call_name, birth_year, phone, study_point,"
        " added_at, changed_at) VALUES ('', '无号', '', NULL, '', '', 0, 0)"))
    HoursService(writer).add_in_person("", 40, "手机课堂")
    sync = service(writer, config, paths, ralph.endpoint, batch=50)
    # ... and one whose id the LRS already holds with other content (a real conflict).
    first = sync.pending_statements()[0]
    theirs = {**first, "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced",
                                "display": {"en-US": "experienced"}}}
    ralph_post([theirs], ralph)
    report = sync.sync_once()
    assert report.parked == 2 and report.pending == 0
    poison = next(sid for sid, _v, reason in sync.parked() if sid != first["id"])
    writer.close()
    unknown = cli(data_home, "sync", "resend", "not-an-id")
    assert unknown.returncode == 2 and "没有编号为 not-an-id 的被拒记录" in unknown.stderr
    assert "记录 " + first["id"] in cli(data_home, "sync", "resend", first["id"]).stderr
    # The technician gives the learner a number; then everything refused is sent again.
    fix = DatabaseWriter(paths.database)
    fix.write(lambda db: db.execute(
        "UPDATE study_sessions SET learner = '20260001' WHERE learner = ''"))
    fix.close()
    done = cli(data_home, "sync", "resend", "--all")
    assert "Traceback" not in done.stderr
    assert done.returncode == 2, "a conflict is left for the county: not all is done"
    assert first["id"] in done.stderr and "experienced" in done.stderr  # the LRS's answer shown
    status = json.loads(cli(data_home, "sync", "status", "--json").stdout)
    assert status["pending"] == 0 and status["parked"] == 1
    assert [p["id"] for p in status["parked_records"]] == [first["id"]]
    stored = {s["id"]: s for s in ralph.statements()}
    assert poison in stored
    assert stored[first["id"]]["verb"]["id"].endswith("experienced")  # never overwritten
    Config(paths.config_file).set("language", "en")
    again = cli(data_home, "sync", "resend", first["id"])  # asked again: still not sent
    assert again.returncode == 2 and f"Record {first['id']} stays kept here" in again.stderr
    assert len(ralph.statements()) == len(stored)


def ralph_post(bodies: list[dict], lrs: Ralph) -> None:
    import httpx

    response = httpx.post(lrs.endpoint + "statements", json=bodies, auth=(USER, PASSWORD),
                          headers={"X-Experience-API-Version": "1.0.3"}, timeout=30)
    assert response.status_code == 200, response.text


def add_500_in_person(writer: DatabaseWriter) -> None:
    """500 more in-person records (626 waiting in all: four batches of 200, then 26)."""
    extra = [StudyRecord(id=str(uuid.uuid4()), learner=LEARNERS[n % 5].number,
                         kind="in_person", day=datetime.date.today().isoformat(),
                         started_at=time.time(), seconds=600.0 + n, activity="手机课堂",
                         beat_at=time.time()) for n in range(500)]
    writer.write(lambda db: study.save_all(db, extra))


def two_batches_sent_then_the_rest(data_home: Path, paths: Paths, ralph: Ralph) -> None:
    """After a stop in the third batch: 400 sent, the rest waiting; then a sync straight to
    the LRS sends the rest, and it holds every record exactly once."""
    status = json.loads(cli(data_home, "sync", "status", "--json").stdout)
    assert status["sent"] == 400 and status["pending"] == 126 + 500 - 400
    sync_directly_then_exactly_once(data_home, paths, ralph)


def sync_directly_then_exactly_once(data_home: Path, paths: Paths, ralph: Ralph) -> None:
    """``seniorlearn sync`` straight to the LRS sends what is left; then it holds every
    record of the ledger exactly once."""
    Config(paths.config_file).set("lrs.endpoint", ralph.endpoint)
    done = cli(data_home, "sync")
    assert done.returncode == 0, done.stderr
    reopened = DatabaseWriter(paths.database)
    try:
        assert_exactly_once(ralph, reopened)
    finally:
        reopened.close()


def test_sigterm_in_the_middle_of_a_batch_then_a_restart(kiosk, ralph, data_home) -> None:
    writer, config, paths = kiosk
    add_500_in_person(writer)
    writer.close()
    proxy = FaultProxy(ralph.port)
    proxy.script = ["", "", "stall"]  # the third batch hangs on the network
    config.set("lrs.endpoint", proxy.endpoint)
    env = {"SENIORLEARN_HOME": str(data_home), "PATH": "/usr/bin:/bin"}
    process = subprocess.Popen([sys.executable, "-m", "seniorlearn", "sync"], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proxy.on_post = lambda number: number == 3 and process.terminate()
    try:
        out, err = process.communicate(timeout=60)
    finally:
        proxy.close()
    assert process.returncode == 3, err
    assert "Traceback" not in err and "上报已停止" in err
    two_batches_sent_then_the_rest(data_home, paths, ralph)


PEOPLE = [Learner("20269001", "欧阳建国", "欧阳叔叔", 1948, "13912345678"),
          Learner("20269002", "Elizabeth Montgomery", "Liz", 1951, "13787654321")]


def test_the_lrs_holds_what_the_county_counts_and_nothing_personal(data_home, ralph) -> None:
    """Read back from Ralph: who (a number on the county's account, never a name, phone or
    birth year), what (the Video Profile's parts), and the time carried exactly once per
    record, by the statement docs/xapi.md names."""
    paths = Paths.from_env()
    paths.ensure()
    config = Config(paths.config_file)
    config.set("platform.homepage", HOMEPAGE)
    config.set("study_point.id", "sp-7")
    config.set("study_point.name", "东湖社区学习点")
    config.set("kiosk.id", "kiosk-a")
    writer = DatabaseWriter(paths.database)
    try:
        for person in PEOPLE:
            LearnerService(writer).add(person)
        learned = lesson(PEOPLE[0].number, datetime.date.today(), 240.0, True)
        unfinished = lesson(PEOPLE[1].number, datetime.date.today(), 61.5, False)
        for record in (learned, unfinished):
            writer.write(lambda db, r=record: study.save(db, r))
        HoursService(writer).add_in_person(PEOPLE[1].number, 45, "手机课堂")
        report = service(writer, config, paths, ralph.endpoint).sync_once()
        assert report.pending == 0 and report.parked == 0 and report.problem is None
    finally:
        writer.close()
    stored = ralph.statements()
    said = json.dumps(stored, ensure_ascii=False)
    for person in PEOPLE:
        for private in (person.name, person.call_name, person.phone, str(person.birth_year)):
            assert private not in said, f"{private!r} left the kiosk"
    assert {json.dumps(s["actor"], sort_keys=True) for s in stored} == {
        json.dumps({"objectType": "Agent", "account": {"homePage": HOMEPAGE, "name": p.number}},
                   sort_keys=True) for p in PEOPLE}
    by_record: dict[str, dict[str, dict]] = defaultdict(dict)
    for s in stored:
        by_record[s["context"]["registration"]][s["verb"]["display"]["en-US"]] = s
    assert set(by_record[learned.id]) == {"initialized", "completed", "terminated"}
    assert set(by_record[unfinished.id]) == {"initialized", "terminated"}
    [in_person] = [r for r in by_record if r not in (learned.id, unfinished.id)]
    assert set(by_record[in_person]) == {"attended"}
    ext = "https://w3id.org/xapi/video/extensions/"
    for record in (learned, unfinished):
        for verb, s in by_record[record.id].items():
            assert s["object"]["definition"]["type"] == \
                "https://w3id.org/xapi/video/activity-type/video"
            assert [c["id"] for c in s["context"]["contextActivities"]["category"]] == [
                "https://w3id.org/xapi/video"]
            extensions = s["context"]["extensions"]
            assert extensions[ext + "session-id"] == record.id
            assert extensions[ext + "length"] == 107.6
            assert extensions[f"{HOMEPAGE}/xapi/extensions/study-point"] == {
                "id": "sp-7", "name": "东湖社区学习点"}
            assert extensions[f"{HOMEPAGE}/xapi/extensions/kiosk"] == "kiosk-a"
            # The time, and the 学时, only on the one statement that carries them.
            assert ("duration" in s.get("result", {})) == (verb == "terminated")
    end = by_record[learned.id]["terminated"]["result"]
    assert end["duration"] == "PT240.00S"
    assert end["extensions"][ext + "played-segments"] == "0.000[.]107.600"
    assert end["extensions"][ext + "progress"] == 1.0
    assert by_record[unfinished.id]["terminated"]["result"]["extensions"][ext + "progress"] \
        == round(50.0 / 107.6, 3)
    assert by_record[learned.id]["completed"]["result"]["completion"] is True
    attended = by_record[in_person]["attended"]["result"]
    assert attended["duration"] == "PT2700.00S"
    assert attended["extensions"][f"{HOMEPAGE}/xapi/extensions/xueshi"] == 1.0


def test_the_lrs_password_is_the_kiosk_users_alone_and_never_shown(data_home, ralph) -> None:
    secret = "Xq7-county-secret"
    paths = Paths.from_env()
    paths.ensure()
    writer = DatabaseWriter(paths.database)  # one class waiting to be sent
    LearnerService(writer).add(PEOPLE[0])
    HoursService(writer).add_in_person(PEOPLE[0].number, 45, "手机课堂")
    writer.close()
    assert cli(data_home, "config", "set", "lrs.username", USER).returncode == 0
    assert cli(data_home, "config", "set", "lrs.endpoint", ralph.endpoint).returncode == 0
    saved = cli(data_home, "config", "set", "lrs.password", secret)
    assert saved.returncode == 0 and secret not in saved.stdout + saved.stderr
    files = [p for p in data_home.rglob("*") if p.is_file()]
    holding = [p for p in files if secret.encode() in p.read_bytes()]
    assert [p.name for p in holding] == ["lrs-password"]
    assert holding[0].stat().st_mode & 0o777 == 0o600
    outputs = [cli(data_home, *args) for args in (
        ("config", "show"), ("config", "show", "--verbose"), ("config", "show", "--json"),
        ("config", "get", "lrs.password"), ("sync",), ("sync", "status", "--json"))]
    # The LRS refuses this password (Ralph knows another): the sentence must not repeat it.
    assert outputs[4].returncode == 2 and "lrs.password" in outputs[4].stderr + outputs[4].stdout
    for done in outputs:
        assert secret not in done.stdout + done.stderr
    logs = [p for p in data_home.rglob("*.log*") if p.is_file()]
    assert all(secret.encode() not in p.read_bytes() for p in logs)

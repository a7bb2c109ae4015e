"""The volunteer's learner screens in the real window, with a real database, real roster
files on a simulated USB stick (a real folder), real card PDFs and real clicks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtPdf import QPdfDocument
from PySide6.QtWidgets import QApplication, QWidget

from seniorlearn.core.models import Learner
from seniorlearn.core.paths import Paths
from seniorlearn.core.services.learners import LearnerService
from seniorlearn.core.storage.writer import DatabaseWriter
from tests import faults
from tests.printing import needs_cups
from tests.ui import audit

PEOPLE = [Learner("20260001", "王秀英", "王阿姨", 1951), Learner("20260002", "王建国", "王叔叔"),
          Learner("20260010", "李桂兰"), Learner("30000001", "张伟", "张老师")]
GOOD_ROSTER = ("学号,姓名,称呼,出生年份\n"
               "20260001,王秀英,,\n"          # already here: unchanged (keeps 王阿姨)
               "20260002,王建国,王大爷,\n"    # a new call name: updated
               "20260020,赵淑珍,赵奶奶,1949\n"
               "20260021,钱明,,\n")
BAD_ROSTER = ("学号,姓名,出生年份\n"
              "20260030,孙立,1950\n"
              "20260031,,1950\n"              # line 3: no name
              "20260032,周平,19五零\n"        # line 4: not a year
              "20260001,别人,\n")             # line 5: a number that belongs to 王秀英


def tap(qtbot, widget: QWidget) -> None:
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def child(window, name: str) -> QWidget:
    found = window.current.findChild(QWidget, name)
    assert found is not None, f"{name} is not on the {window.current.name} screen"
    return found


def type_in(qtbot, field, text: str) -> None:
    """Latin keys as key presses; Chinese as the system input method commits it."""
    field.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(field, char)
        else:
            event = QInputMethodEvent("", [])
            event.setCommitString(char)
            QApplication.sendEvent(field, event)


def stick(tmp_path: Path) -> tuple[Path, Path]:
    """A mount root with one stick on it; returns (root, its SENIORLEARN folder)."""
    root = tmp_path / "media"
    folder = root / "volunteer" / "STICK" / "SENIORLEARN"
    folder.mkdir(parents=True)
    return root, folder


@pytest.fixture
def writer():
    database = DatabaseWriter(Paths.from_env().database)
    yield database
    database.close()


@pytest.fixture
def kiosk(make_kiosk, writer, tmp_path):
    """The kiosk in the volunteer area, four learners in its database, and a USB stick."""
    service = LearnerService(writer)
    for learner in PEOPLE:
        service.add(learner)
    window = make_kiosk()
    window.ctx.learners = service
    window.ctx.session.volunteer = True
    window.stick_root, window.stick = stick(tmp_path)
    for name in ("learners", "learner_cards", "roster_import"):
        window.screen_widget(name).mount_roots = (window.stick_root,)
    return window


def numbers(window) -> list[str]:
    return [row.objectName() for row in window.current.list.shown]


def shown_learners(window) -> list[str]:
    return [button.objectName().removeprefix("learner_") for row in window.current.list.shown
            for button in row.findChildren(QWidget) if button.objectName().startswith("learner_")]


def every(window) -> list[Learner]:
    return window.ctx.learners.every()


def pdf_pages(path: Path) -> int:
    document = QPdfDocument(None)
    assert document.load(str(path)) == QPdfDocument.Error.None_
    pages = document.pageCount()
    document.close()
    return pages


# ---------------------------------------------------------------- find


def test_the_volunteer_menu_opens_the_learners(kiosk, qtbot) -> None:
    kiosk.go("volunteer")
    tap(qtbot, kiosk.current.learners)
    assert kiosk.current.name == "learners"
    assert shown_learners(kiosk) == ["20260001", "20260002", "20260010", "30000001"]


def test_find_by_number_and_by_the_first_characters_of_the_name(kiosk, qtbot) -> None:
    kiosk.go("learners")
    screen = kiosk.current
    type_in(qtbot, screen.search, "2026001")
    assert shown_learners(kiosk) == ["20260010"]
    screen.search.clear()
    type_in(qtbot, screen.search, "王")
    assert shown_learners(kiosk) == ["20260001", "20260002"]
    type_in(qtbot, screen.search, "秀")
    assert shown_learners(kiosk) == ["20260001"]
    assert "20260001　王秀英（王阿姨）" in screen.speech_parts()
    type_in(qtbot, screen.search, "x")
    assert shown_learners(kiosk) == []
    assert screen.message.plain_text() == "没有学号或姓名以“王秀x”开头的学员。"


def test_a_slow_answer_to_an_older_search_is_dropped(kiosk) -> None:
    kiosk.go("learners")
    screen = kiosk.current
    later: list = []
    kiosk.ctx.run_task = lambda work, done: later.append((work, done))
    screen.search.setText("王")
    screen.search.setText("李")
    (old_work, old_done), (new_work, new_done) = later
    new_done(new_work())
    old_done(old_work())  # arrives last, but was asked first
    assert shown_learners(kiosk) == ["20260010"]


# ---------------------------------------------------------------- add and change


def test_add_then_change_a_learner_keeps_the_number(kiosk, qtbot, speaker) -> None:
    kiosk.go("learners")
    tap(qtbot, kiosk.current.add)
    form = kiosk.current
    assert form.name == "learner_edit" and form.title_label.plain_text() == "添加学员"
    type_in(qtbot, form.fields["number"], "20260050")
    type_in(qtbot, form.fields["name"], "吴玉芬")
    type_in(qtbot, form.fields["call_name"], "吴阿姨")
    type_in(qtbot, form.fields["birth_year"], "1950")
    tap(qtbot, form.save_button)
    assert kiosk.ctx.learners.get("20260050") == Learner("20260050", "吴玉芬", "吴阿姨", 1950)
    assert kiosk.current.name == "learners"
    assert shown_learners(kiosk) == ["20260050"]
    assert speaker.spoken[-1][0] == ["已保存：20260050 吴玉芬。"]
    tap(qtbot, child(kiosk, "learner_20260050"))
    form = kiosk.current
    assert form.title_label.plain_text() == "修改学员资料"
    assert form.fields["number"].text() == "20260050" and not form.fields["number"].isEnabled()
    form.fields["call_name"].clear()
    type_in(qtbot, form.fields["call_name"], "吴老师")
    type_in(qtbot, form.fields["phone"], "13800000050")
    tap(qtbot, form.save_button)
    assert kiosk.ctx.learners.get("20260050") == Learner("20260050", "吴玉芬", "吴老师", 1950,
                                                         "13800000050")
    assert len(every(kiosk)) == len(PEOPLE) + 1
    records = [(r.what, r.detail) for r in kiosk.ctx.pins.audit.recent(2)]
    assert records == [("learner_changed", {"number": "20260050"}),
                       ("learner_added", {"number": "20260050"})]


def test_bad_input_is_said_in_sentences_and_changes_nothing(kiosk, qtbot) -> None:
    before = every(kiosk)
    kiosk.go("learner_edit")
    form = kiosk.current
    type_in(qtbot, form.fields["number"], "20260099")
    type_in(qtbot, form.fields["birth_year"], "19x")
    tap(qtbot, form.save_button)
    assert form.message.plain_text() == "没有填姓名。出生年份要在 1900 到 2026 之间。".replace(
        "2026", str(__import__("datetime").date.today().year))
    assert kiosk.current is form and every(kiosk) == before
    form.fields["birth_year"].clear()
    form.fields["number"].clear()
    type_in(qtbot, form.fields["number"], "20260001")  # 王秀英's number
    type_in(qtbot, form.fields["name"], "别人")
    tap(qtbot, form.save_button)
    assert form.message.plain_text() == "学号 20260001 已经有人用了。"
    assert every(kiosk) == before
    assert "Traceback" not in " ".join(form.speech_parts())


def test_a_double_tap_on_save_adds_once(kiosk, qtbot) -> None:
    """With the real task runner, the second tap comes while the first save is on the
    writer thread."""
    from seniorlearn.ui.tasks import TaskRunner

    runner = TaskRunner()
    kiosk.ctx.run_task = runner.run
    kiosk.go("learner_edit")
    form = kiosk.current
    type_in(qtbot, form.fields["number"], "20260060")
    type_in(qtbot, form.fields["name"], "郑红")
    tap(qtbot, form.save_button)
    tap(qtbot, form.save_button)
    qtbot.waitUntil(lambda: kiosk.current.name == "learners", timeout=5000)
    qtbot.wait(200)
    assert [x.number for x in every(kiosk)].count("20260060") == 1
    assert "已经有人用了" not in form.message.plain_text()
    assert kiosk.ctx.pins.audit.recent(5)[0].what == "learner_added"
    assert [r.what for r in kiosk.ctx.pins.audit.recent(5)].count("learner_added") == 1
    runner.shutdown()


# ---------------------------------------------------------------- roster from the stick


def test_a_good_roster_on_the_stick_is_imported_with_counts(kiosk, qtbot) -> None:
    (kiosk.stick / "幸福社区2026.csv").write_text(GOOD_ROSTER, encoding="utf-8")
    (kiosk.stick / "notes.txt").write_text("not a roster", encoding="utf-8")
    kiosk.go("learners")
    tap(qtbot, kiosk.current.import_roster)
    screen = kiosk.current
    assert screen.name == "roster_import"
    assert [part for part in screen.speech_parts() if part.endswith((".csv", ".txt"))] == [
        "幸福社区2026.csv"]
    tap(qtbot, child(kiosk, "import_幸福社区2026.csv"))
    assert screen.message.plain_text() == "花名册已导入：新增 2 位，更新 1 位，1 位没有变化。"
    assert kiosk.ctx.learners.get("20260020") == Learner("20260020", "赵淑珍", "赵奶奶", 1949)
    assert kiosk.ctx.learners.get("20260001").call_name == "王阿姨"  # typed here, kept
    assert kiosk.ctx.pins.audit.recent(1)[0].what == "roster_imported"


def test_a_roster_with_bad_rows_imports_nothing_and_names_the_lines(kiosk, qtbot) -> None:
    before = every(kiosk)
    (kiosk.stick / "roster.csv").write_text(BAD_ROSTER, encoding="utf-8")
    kiosk.go("roster_import")
    tap(qtbot, child(kiosk, "import_roster.csv"))
    said = kiosk.current.message.plain_text().splitlines()
    assert said[0] == "什么都没有导入：有 3 行需要改。请在文件里改好，再导入一次。"
    assert said[1] == "第 3 行：没有填姓名。"
    assert said[2].startswith("第 4 行：出生年份要在 1900 到")
    assert said[3] == "第 5 行：学号 20260001 已经是王秀英的了。"
    assert every(kiosk) == before


def test_a_stick_pulled_out_mid_way_says_so_and_changes_nothing(kiosk, qtbot) -> None:
    before = every(kiosk)
    (kiosk.stick / "roster.csv").write_text(GOOD_ROSTER, encoding="utf-8")
    kiosk.go("roster_import")
    button = child(kiosk, "import_roster.csv")
    shutil.rmtree(kiosk.stick_root / "volunteer" / "STICK")  # the stick's files go with it
    tap(qtbot, button)
    screen = kiosk.current
    assert screen.message.plain_text() == "U盘已经拔出。请重新插上U盘再试。"
    assert screen.list.shown == [] and every(kiosk) == before


def test_no_roster_on_the_stick_says_where_to_put_it(kiosk, qtbot) -> None:
    kiosk.go("roster_import")
    assert "SENIORLEARN" in kiosk.current.message.plain_text()
    (kiosk.stick / "roster.xlsx").write_bytes(b"")
    tap(qtbot, kiosk.current.look_again)
    assert child(kiosk, "import_roster.xlsx").isVisible()


# ---------------------------------------------------------------- cards


def test_every_card_is_saved_to_the_stick_as_a_real_pdf(kiosk, qtbot) -> None:
    service = kiosk.ctx.learners
    for n in range(7):  # eleven learners: two A4 pages of ten cards
        service.add(Learner(f"4000000{n}", f"学员{n}"))
    kiosk.go("learners")
    tap(qtbot, child(kiosk, "AllCards"))
    tap(qtbot, child(kiosk, "SaveCards"))
    saved = kiosk.stick / "study-cards.pdf"
    assert saved.read_bytes().startswith(b"%PDF") and pdf_pages(saved) == 2
    assert kiosk.current.message.plain_text() == (
        "已把 11 张学习卡（2 页）存到U盘，文件是 SENIORLEARN/study-cards.pdf。")
    assert [p.name for p in kiosk.stick.iterdir()] == ["study-cards.pdf"]  # no scratch left


def test_one_learners_card_from_its_row(kiosk, qtbot) -> None:
    kiosk.go("learners")
    tap(qtbot, child(kiosk, "card_20260002"))
    screen = kiosk.current
    assert screen.which.plain_text() == "20260002　王建国（王叔叔） 的学习卡。"
    tap(qtbot, child(kiosk, "SaveCards"))
    assert pdf_pages(kiosk.stick / "study-card-20260002.pdf") == 1


def test_a_read_only_stick_gets_a_sentence_and_no_partial_file(kiosk, qtbot) -> None:
    kiosk.go("learner_cards")
    with faults.read_only(kiosk.stick):
        tap(qtbot, child(kiosk, "SaveCards"))
        said = kiosk.current.message.plain_text()
    assert said.startswith("文件 ") and said.endswith("写不进去。请检查文件夹或U盘再试一次。")
    assert list(kiosk.stick.iterdir()) == []


def test_a_full_stick_gets_a_sentence_and_no_partial_file(kiosk, qtbot) -> None:
    kiosk.go("learner_cards")
    with faults.small_disk(kiosk.stick, "64k"):
        faults.fill(kiosk.stick)
        tap(qtbot, child(kiosk, "SaveCards"))
        assert kiosk.current.message.plain_text().endswith("写不进去。请检查文件夹或U盘再试一次。")
        assert sorted(p.name for p in kiosk.stick.iterdir()) == ["filler", "filler-tail"]


def test_no_stick_says_what_to_do(kiosk, qtbot) -> None:
    shutil.rmtree(kiosk.stick_root / "volunteer")
    kiosk.go("learner_cards")
    tap(qtbot, child(kiosk, "SaveCards"))
    assert kiosk.current.message.plain_text().startswith("没有找到U盘。")


def test_print_with_no_printer_saves_the_pdf_to_the_stick_and_says_so(kiosk, qtbot) -> None:
    kiosk.go("learner_cards")
    tap(qtbot, child(kiosk, "PrintCards"))
    assert kiosk.current.message.plain_text() == (
        "这台学习机没有装打印机，学习卡已经存到U盘，文件是 SENIORLEARN/study-cards.pdf。"
        "请用别的电脑打印。")
    assert pdf_pages(kiosk.stick / "study-cards.pdf") == 1


def test_print_with_no_printer_and_no_stick_saves_in_the_data_folder(kiosk, qtbot) -> None:
    shutil.rmtree(kiosk.stick_root / "volunteer")
    kiosk.go("learner_cards")
    tap(qtbot, child(kiosk, "PrintCards"))
    saved = Paths.from_env().cards / "study-cards.pdf"
    assert kiosk.current.message.plain_text() == (
        f"这台学习机没有装打印机，也没有插U盘，学习卡已经存在学习机的数据文件夹里：{saved}")
    assert pdf_pages(saved) == 1


@needs_cups
def test_print_sends_the_cards_to_the_printer_and_says_so(kiosk, qtbot, printer) -> None:
    kiosk.go("learner_cards")
    tap(qtbot, child(kiosk, "PrintCards"))
    assert kiosk.current.message.plain_text() == (
        "已把 4 张学习卡（1 页）送到打印机 Study_Point。")
    printer.wait_until_printed(1)
    [document] = printer.documents()
    assert pdf_pages(document) == 1
    assert list(kiosk.stick.iterdir()) == []  # printed, so nothing was saved instead


@needs_cups
def test_a_printer_that_takes_no_jobs_is_named_and_nothing_is_lost(kiosk, qtbot,
                                                                   printer) -> None:
    printer.run("cupsreject", "Study_Point")
    kiosk.go("learner_cards")
    tap(qtbot, child(kiosk, "PrintCards"))
    assert kiosk.current.message.plain_text() == (
        "打印机 Study_Point 没能打印学习卡。请看看打印机开了没有、有没有纸，再试一次。")
    assert printer.jobs() == [] and list(kiosk.stick.iterdir()) == []
    tap(qtbot, child(kiosk, "SaveCards"))  # the other way out still works
    assert pdf_pages(kiosk.stick / "study-cards.pdf") == 1


# ---------------------------------------------------------------- no database, fit, reading


def test_without_a_database_every_learner_screen_says_one_sentence(make_kiosk, qtbot) -> None:
    window = make_kiosk()
    window.ctx.session.volunteer = True
    sentence = "学员名单暂时用不了，请告诉技术人员（seniorlearn doctor 会说明原因）。"
    for name in ("learners", "learner_edit", "learner_cards", "roster_import"):
        window.go(name)
        assert sentence in window.current.speech_parts(), name
    window.go("learners")
    assert not window.current.add.isVisible() and not window.current.search.isVisible()
    window.go("learner_edit")
    tap(qtbot, window.current.save_button)  # out of use: nothing happens, nothing breaks
    tap(qtbot, window.current.back)
    assert window.current.name == "learners"


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_full_learner_screens_fit_a_small_screen_in_extra_large_text(make_kiosk, writer,
                                                                     tmp_path, language) -> None:
    service = LearnerService(writer)
    for n in range(12):
        service.add(Learner(f"2026{n:04d}", "Elizabeth Montgomery-Smith" if n % 3 else "欧阳建国",
                            "Liz" if n % 2 else "欧阳叔叔"))
    root, folder = stick(tmp_path)
    (folder / "a-roster-with-a-long-name-from-the-county-office.csv").write_text(
        BAD_ROSTER, encoding="utf-8")
    window = make_kiosk(1280, 800, text_size="xlarge", language=language)
    window.ctx.learners, window.ctx.session.volunteer = service, True
    for name in ("learners", "learner_cards", "roster_import"):
        window.screen_widget(name).mount_roots = (root,)
    problems = []
    for name, args in [("volunteer", {}), ("learners", {}), ("learner_edit", {}),
                       ("learner_edit", {"number": "20260001"}), ("learner_cards", {}),
                       ("roster_import", {})]:
        window.go(name, **args)
        if name == "learner_edit":
            window.current.save()  # the problems of an empty form (or none) below it
        if name == "roster_import":
            window.current.start_import(folder / "a-roster-with-a-long-name-from-the-county"
                                                 "-office.csv")
        audit.settle(window)
        scale = window.theme.metrics.scale
        problems += [f"{name}: {p}" for p in
                     audit.accessible_names(window) + audit.target_sizes(window, scale)
                     + audit.text_sizes(window, "xlarge", scale) + audit.keyboard_reach(window)
                     + audit.text_fits(window) + audit.window_size(window)]
    assert problems == [], "\n".join(problems)
    window.go("learners")
    window.current.search.clear()
    assert len(window.current.list.shown) >= 2  # two learners a page even here


def test_read_aloud_reads_the_search_the_rows_and_the_actions(kiosk, qtbot, speaker) -> None:
    kiosk.go("learners")
    tap(qtbot, kiosk.read_button)
    parts = speaker.spoken[-1][0]
    assert parts[0] == "学员"
    assert "学号或姓名" in parts and "20260001　王秀英（王阿姨）" in parts
    order = ["20260001　王秀英（王阿姨）", "学习卡", "20260002　王建国（王叔叔）", "添加学员",
             "导入花名册", "全部学习卡", "返回"]
    assert [part for part in parts if part in order][:3] == order[:3]
    assert [part for part in parts if part in order[3:]] == order[3:]

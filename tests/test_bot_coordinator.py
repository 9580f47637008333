"""The coordinator's desk through the real Application: /report, /status, periods, history, people, import."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from bot.app import build_application
from bot.settings import Settings
from reports.xlsx_writer import FIRST_MEASURE_ROW
from storage.db import iso
from storage.models import NewSubmission, Source
from storage.submissions import add_submission
from tests.botkit import (  # noqa: F401 - fixtures
    COORDINATOR_ID,
    YEAR,
    World,
    fake_api_fixture,
    report_measure,
    restartable_fixture,
    running,
    world_fixture,
)
from tests.conftest import SEED
from tests.fakeapi import BotMessage, FakeBotApi, FakeUser

COORDINATOR_COMMANDS = [
    "/report 2023",
    "/status 2023",
    "/open 2024",
    "/lock 2023",
    "/unlock 2023",
    "/history 4.1",
    "/edit 4.1",
    "/invite",
    "/members",
]


def measure_rows(data: bytes) -> dict[str, tuple]:
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    rows = {}
    for row in ws.iter_rows(min_row=FIRST_MEASURE_ROW, values_only=True):
        # A measure's row: «4.3. Текст» (a row continued on the next page says «4.3 (продовж.)»).
        if row[2] and row[2][0].isdigit() and row[2].split(" ")[0].endswith("."):
            rows[row[2].split(" ")[0].rstrip(".")] = row
    return rows


async def test_report_has_what_executors_submitted(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    petro = await world.member(1002, "Петро", "do")
    await report_measure(olena, "3.10", "0", "0", "100", "Інформаційні куточки створено.")
    await report_measure(olena, "4.4", "6", "6", "93,8", "УК: акція проведена.")
    await report_measure(petro, "4.4", "0,4", "0,4", "100", "ДО: уроки в школах.")
    coordinator = world.coordinator()
    # As shipped: the XLSX and the PDF at once, the DOCX on a button.
    world.app.bot_data.settings = world.settings.model_copy(
        update={"report_formats": Settings.model_fields["report_formats"].default}
    )
    await coordinator.send("/report 2023")
    document = await coordinator.next_message(timeout=10)
    assert document.document is not None
    name, data = document.document
    assert name.startswith("Звіт 2023 - ") and name.endswith(".xlsx") and "рівних можливостей" in name
    assert document.caption.startswith("територія рівних можливостей · звіт за 2023 рік\n")
    assert "Звітували 0 з 10 підрозділів, 2 з 36 заходів." in document.caption
    assert "Не звітували: УССМС (33)" in document.caption
    assert (500, "upload_document") in world.fake.chat_actions
    # Then the PDF (Telegram shows it in place), with a button for the DOCX.
    pdf = await coordinator.next_message(timeout=10)
    assert pdf.document is not None and pdf.document.filename.endswith(".pdf") and pdf.caption is None
    assert b"%PDF" in pdf.document.data[:8]
    assert pdf.button_labels == ["📄 DOCX"]
    await coordinator.press("📄 DOCX", pdf)
    docx = await coordinator.next_message(timeout=10)
    assert docx.document is not None and docx.document.filename.endswith(".docx")
    assert "Звітували 0 з 10 підрозділів" in docx.caption and docx.button_labels == []
    rows = measure_rows(data)
    assert rows["3.10"][5:10] == (0, 0, 0, 100, "Інформаційні куточки створено.")
    # Two departments on 4.4: amounts summed, texts joined, the lead (as printed first) first.
    r44 = rows["4.4"]
    assert [Decimal(str(v)) for v in r44[5:9]] == [
        Decimal("6.4"),
        Decimal("6.4"),
        Decimal("6.4"),
        Decimal("96.9"),
    ]
    assert r44[9] == "ДО: ДО: уроки в школах.\nУК: УК: акція проведена."
    assert rows["1.1"][6:10] == (None, None, None, None)  # nobody reported: empty, not zero


async def test_quarter_report_is_the_state_at_the_quarter_deadline(world: World) -> None:
    measure, department = await world.measure_id("3.10"), await world.department_id("uk")
    kyiv = world.settings.tz
    async with world.db.transaction() as conn:
        for moment, info in (
            (dt.datetime(2023, 10, 10, 23, 0, tzinfo=kyiv), "до терміну Q3"),
            (dt.datetime(2023, 10, 11, 9, 0, tzinfo=kyiv), "після терміну Q3"),
        ):
            await add_submission(
                conn,
                NewSubmission(
                    measure_id=measure,
                    department_id=department,
                    year=YEAR,
                    percent=Decimal(50),
                    info=info,
                    created_at=moment,
                ),
            )
    coordinator = world.coordinator()
    await coordinator.send("/report 2023 Q3")
    q3 = await coordinator.next_message(timeout=10)
    assert "10.10.2023" in q3.caption and q3.document.filename.startswith("Звіт 2023 Q3")
    assert measure_rows(q3.document.data)["3.10"][9] == "до терміну Q3"
    await coordinator.send("/report 2023")
    now = await coordinator.next_message(timeout=10)
    assert measure_rows(now.document.data)["3.10"][9] == "після терміну Q3"


# A table of cases, aligned by hand to be read as one (so: fmt: skip).
@pytest.mark.parametrize(
    ("command", "answer"),
    [("/report двадцять", "не рік"), ("/report 2023 Q7", "не квартал"), ("/report 2031", "немає ні планів"),
     ("/status 20", "не рік"), ("/history", "не номер заходу"), ("/history 9.9", "немає в програмі"),
     ("/open 2024 31.02.2025", "не дата"), ("/open 2031", "поза терміном"), ("/lock 2022", "ще не відкривався")],
)  # fmt: skip
async def test_bad_arguments_get_a_clear_answer(world: World, command: str, answer: str) -> None:
    coordinator = world.coordinator()
    await coordinator.send(command)
    await coordinator.expect(answer)


async def test_status_after_a_mixed_set_of_submissions(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await world.member(1002, "Петро", "do")
    await world.member(1005, "Софія", "dsp")
    for number in ("2.9", "3.7", "3.10", "4.3", "4.4"):
        await report_measure(olena, number, "0", "0", "100", f"УК {number}")
    sofia = world.user(1005)
    await sofia.send("/start")
    await sofia.expect("Залишилося")
    await sofia.press("2.9.")
    await sofia.expect("Фактичний")
    await sofia.send("1")  # a draft, not a report
    await sofia.expect("профінансовано")
    coordinator = world.coordinator()
    await coordinator.send("/status 2023")
    status = await coordinator.next_message()
    lines = status.text.splitlines()
    uk = next(line for line in lines if "УК" in line)
    assert uk.startswith("✅") and uk.endswith("5 з 5, на перевірці 5")  # reported, none reviewed yet
    dsp = next(line for line in lines if line.endswith(("чернеток 1",)) and "ДСП" in line)
    assert "0 з" in dsp and dsp.startswith("✏️")
    do = next(line for line in lines if "<b>ДО</b>" in line or " ДО:" in line)
    assert do.startswith("⏳") and "0 з" in do
    # One line per department: no names, no measure numbers, no «Нагадати» on the state itself.
    assert "Петро" not in status.text and "2.9" not in status.text
    assert not any("Нагадати" in label for label in status.button_labels)
    # Those with nobody in the bot are said once, with one invite button.
    [nobody] = [line for line in lines if "Без працівників у боті" in line]
    assert "УОЗ" in nobody and "ДО" not in nobody and "УК" not in nobody and "ДСП" not in nobody
    assert status.text.count("/invite") == 1
    assert [label for label in status.button_labels if "Запросити" in label] == ["✉️ Запросити (7)"]
    # A department's details: what it owes, a line per task; who is in the bot; «Нагадати».
    await coordinator.press("✏️ ДСП", message=status)
    dsp_details = await coordinator.expect("<b>ДСП</b>")
    assert "Софія" in dsp_details.text and "Чернетки: 2.9" in dsp_details.text
    await coordinator.press("✅ УК", message=status)
    uk_details = await coordinator.expect("<b>УК</b>")
    assert "звітовано 5 з 5" in uk_details.text and "Олена" in uk_details.text
    assert "Не звітовано" not in uk_details.text and not uk_details.button_labels  # nothing to remind of
    assert "Чекають на перевірку (/review): 2.9, 3.7, 3.10, 4.3, 4.4" in uk_details.text
    assert "Чекають на перевірку" not in dsp_details.text
    await coordinator.press("⏳ ДО", message=status)
    details = await coordinator.expect("<b>ДО</b>")
    assert "Петро" in details.text and "Не звітовано" in details.text
    assert details.button_labels == ["🔔 Нагадати: ДО"]
    await coordinator.press("🔔 Нагадати: ДО", message=details)
    await coordinator.expect("Нагадування надіслано: 1")
    reminder = await world.user(1002).expect("Нагадування від координатора")
    assert "Заповнити " in reminder.button_labels[0]


async def test_lock_refuses_executors_and_unlock_reopens(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await coordinator.send("/lock 2023")
    await coordinator.expect("закрито")
    await olena.send("/start")
    await olena.expect("немає відкритого звітного періоду")
    query = await olena.press_data(
        f"open:{await world.measure_id('3.10')}:{await world.department_id('uk')}:{YEAR}"
    )
    assert "закрито" in (await world.fake.wait_answered(query)).get("text", "")
    await coordinator.send("/unlock 2023")
    await coordinator.expect("знову відкрито")
    await olena.send("/start")
    await olena.expect("Залишилося")
    await coordinator.send("/open 2024 20.01.2025")
    await coordinator.expect("Термін: 20.01.2025")


async def test_coordinator_corrects_on_behalf_even_when_locked_and_history_shows_it(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await report_measure(olena, "4.4", "6", "6", "93,8", "Акція проведена.")
    coordinator = world.coordinator()
    await coordinator.send("/lock 2023")
    await coordinator.expect("закрито")
    await coordinator.send("/edit 4.4")
    await coordinator.expect("Від імені якого підрозділу")
    await coordinator.press("УК")
    card = await coordinator.expect("від імені підрозділу як координатор")
    assert "Звіт уже подано" in card.text
    await coordinator.press("пропустити")
    await coordinator.expect("профінансовано")
    await coordinator.send("5")
    await coordinator.expect("Відсоток")
    await coordinator.send("78,1")
    await coordinator.expect("Інформація")
    await coordinator.press("пропустити")  # keeps the text there
    await coordinator.expect("Перевірте звіт")
    await coordinator.press("Підтвердити")
    await coordinator.expect("Збережено")
    _first, second = await world.submissions()
    assert (second.source, second.author_id, second.financed) == (Source.COORDINATOR, 500, Decimal(5))
    await coordinator.send("/history 4.4")
    history = await coordinator.expect("Історія заходу 4.4")
    text = history.text
    assert "Олена" in text and "у боті" in text and "координатор" in text
    assert "профінансовано: 6,0 → 5,0" in text and "відсоток: 93,8 % → 78,1 %" in text


async def test_members_list_and_removal(world: World) -> None:
    await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await coordinator.send("/members")
    await coordinator.expect("Ролі в боті")  # who coordinates and observes what, then the departments
    await coordinator.expect("Працівники якого підрозділу")
    await coordinator.press("УК")
    listing = await coordinator.expect("працівники в боті")
    assert "Олена" in listing.text
    await coordinator.press("Вилучити: Олена")
    await coordinator.expect("більше не входить")
    olena = world.user(1001)
    await olena.send("/start")
    await olena.expect("потрібне запрошення")


async def test_import_in_the_chat_with_confirm_and_with_cancel(world: World) -> None:
    coordinator = world.coordinator()
    variant = SEED.read_text(encoding="utf-8").replace("територія рівних можливостей", "безпечна громада")
    await coordinator.send_document("program.txt", variant.encode())
    await coordinator.expect("Отримав файл")
    preview = await coordinator.expect("Що буде імпортовано")
    assert "заходів: 37" in preview.text and "90,0" in preview.text
    await coordinator.press("Скасувати")
    await coordinator.expect("нічого не змінено")
    async with world.db.locked() as conn:
        assert (await (await conn.execute("SELECT COUNT(*) FROM programs")).fetchone())[0] == 1
    await coordinator.send_document("program.txt", variant.encode())
    await coordinator.expect("Отримав файл")
    await coordinator.expect("Що буде імпортовано")
    await coordinator.press("Застосувати")
    await coordinator.expect("Імпортовано")
    async with world.db.locked() as conn:
        assert (await (await conn.execute("SELECT COUNT(*) FROM programs")).fetchone())[0] == 2
    # With two programs, commands ask which one; /status of an administrator is the city's, a program a line.
    await coordinator.send("/report 2023")
    await coordinator.expect("Для якої програми")
    await coordinator.send("/status 2023")
    await coordinator.expect("Програми громади")
    await coordinator.press("безпечна громада")
    await coordinator.expect("Стан звітування за 2023 рік")
    # A broken file is refused with the line and column, nothing changes.
    broken = variant.replace("\t40,0\t44,0", "\t40,0\tсорок")
    await coordinator.send_document("broken.txt", broken.encode())
    await coordinator.expect("Отримав файл")
    await coordinator.expect("Рядок")


@pytest.mark.parametrize("command", COORDINATOR_COMMANDS)
async def test_every_coordinator_command_is_refused_for_an_executor(world: World, command: str) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await olena.send(command)
    await olena.expect("лише координаторам")


@pytest.mark.parametrize("command", COORDINATOR_COMMANDS)
async def test_every_coordinator_command_is_refused_for_a_stranger(world: World, command: str) -> None:
    stranger = world.user(3001, "Хтось")
    await stranger.send(command)
    await stranger.expect("потрібне запрошення")


async def test_executor_file_is_not_imported(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await olena.send_document("program.txt", SEED.read_bytes())
    await olena.expect("спершу відкрийте захід")  # an executor's file is evidence of an open measure
    async with world.db.locked() as conn:
        assert (await (await conn.execute("SELECT COUNT(*) FROM programs")).fetchone())[0] == 1


async def test_status_shows_when_members_were_reminded_and_who_muted(world: World) -> None:
    await world.member(1002, "Петро", "do")
    sofia = await world.member(1005, "Софія", "dsp")
    await sofia.send("/mute")
    await sofia.expect("Нагадування")
    await sofia.press("На 7 днів")
    await sofia.next_message()
    coordinator = world.coordinator()
    do = await _details(coordinator, "ДО")
    assert "Петро (нагадування " not in do.text
    await coordinator.press("🔔 Нагадати: ДО", message=do)
    await coordinator.expect("Нагадування надіслано: 1")
    again = await _details(coordinator, "ДО")
    assert "Петро (нагадування " in again.text
    dsp = await _details(coordinator, "ДСП")
    assert "Софія 🔕 до " in dsp.text and "Софія 🔕 до " not in again.text


async def _details(coordinator: FakeUser, short_name: str) -> BotMessage:
    """/status 2023, then the department's button: its details."""
    await coordinator.send("/status 2023")
    status = await coordinator.expect("Стан звітування")
    [label] = [label for label in status.button_labels if label.endswith(f" {short_name}")]
    await coordinator.press(label, message=status)
    return await coordinator.expect(f"<b>{short_name}</b>")


async def test_every_message_is_html_and_what_people_typed_is_escaped(world: World) -> None:
    coordinator = world.coordinator()
    await coordinator.send("/history <b>&")
    refused = await coordinator.expect("не номер заходу")
    assert "«<b>&»" in refused.text  # shown as typed, not taken for markup
    await coordinator.send("/report 2023")
    await coordinator.next_message(timeout=10)
    await coordinator.send("/status 2023")
    await coordinator.next_message()
    sent = [c for c in world.fake.calls if c.method in ("sendMessage", "sendDocument", "editMessageText")]
    assert sent and all(c.params.get("parse_mode") == "HTML" for c in sent)


# --- a pending import lives in the database ------------------------------------------------------------

VARIANT = SEED.read_text(encoding="utf-8").replace("територія рівних можливостей", "безпечна громада")


async def send_program(coordinator: FakeUser, text: str = VARIANT) -> BotMessage:
    await coordinator.send_document("program.txt", text.encode())
    await coordinator.expect("Отримав файл")
    return await coordinator.expect("Що буде імпортовано")


async def program_count(world_db) -> int:  # type: ignore[no-untyped-def]
    async with world_db.locked() as conn:
        return (await (await conn.execute("SELECT COUNT(*) FROM programs")).fetchone())[0]


async def test_a_preview_survives_a_restart(restartable: tuple[FakeBotApi, Settings]) -> None:
    fake, settings = restartable
    coordinator = fake.user(id=COORDINATOR_ID, first_name="Координаторка")
    async with running(build_application(settings)):
        preview = await send_program(coordinator)
    async with running(build_application(settings)) as app:  # a new process on the same database file
        await coordinator.press("Застосувати", preview)
        await coordinator.expect("Імпортовано", timeout=10)
        assert await program_count(app.bot_data.db) == 2
        async with app.bot_data.db.locked() as conn:
            # applied: marked so, its bytes dropped (kept until the next upload, to answer a second press)
            rows = await conn.execute_fetchall(
                "SELECT length(content), applied_at IS NOT NULL FROM pending_imports"
            )
        assert [tuple(r) for r in rows] == [(0, 1)]
        query = await coordinator.press("Застосувати", preview)
        assert "уже застосовано" in (await fake.wait_answered(query))["text"]
        await coordinator.no_message()
        assert await program_count(app.bot_data.db) == 2


async def test_a_preview_expires_after_a_day(world: World) -> None:
    coordinator = world.coordinator()
    await send_program(coordinator)
    day_ago = dt.datetime.now(dt.UTC) - dt.timedelta(hours=world.settings.import_preview_hours, minutes=1)
    async with world.db.transaction() as conn:
        await conn.execute("UPDATE pending_imports SET created_at = ?", (iso(day_ago),))
    query = await coordinator.press("Застосувати")
    answered = await world.fake.wait_answered(query)
    assert "не актуальний" in answered["text"]
    await coordinator.no_message()
    assert await program_count(world.db) == 1


async def test_one_pending_import_per_coordinator(world: World) -> None:
    coordinator = world.coordinator()
    first = await send_program(coordinator)
    second = await send_program(coordinator, VARIANT.replace("безпечна громада", "громада без бар'єрів"))
    async with world.db.locked() as conn:
        assert (await (await conn.execute("SELECT COUNT(*) FROM pending_imports")).fetchone())[0] == 1
    query = await coordinator.press("Застосувати", first)  # replaced by the second file: stale
    answered = await world.fake.wait_answered(query)
    assert "не актуальний" in answered["text"]
    await coordinator.no_message()
    assert await program_count(world.db) == 1
    await coordinator.press("Застосувати", second)
    applied = await coordinator.expect("Імпортовано", timeout=10)
    assert await program_count(world.db) == 2
    query = await coordinator.press("Застосувати", second)  # applied once, never twice
    assert "уже застосовано" in (await world.fake.wait_answered(query))["text"]
    assert applied is not None and await program_count(world.db) == 2


async def test_remind_now_is_delivered_like_a_scheduled_reminder(world: World) -> None:
    petro = await world.member(1002, "Петро", "do")
    ivan = await world.member(1003, "Іван", "do")
    world.fake.block(ivan.id)
    coordinator = world.coordinator()
    await coordinator.press("🔔 Нагадати: ДО", message=await _details(coordinator, "ДО"))
    await coordinator.expect("Нагадування надіслано: 1")
    reminder = await petro.expect("Нагадування від координатора")
    # The scheduled reminder's text: the deadline, the department, what it owes; its button.
    assert "Строк подання звіту за 2023 рік — 20.01.2024" in reminder.text
    assert "ДО · заходів без звіту:" in reminder.text and "/mute" in reminder.text
    assert reminder.button_labels[0].startswith("📝 Заповнити ")
    async with world.db.locked() as conn:
        states = dict(await conn.execute_fetchall("SELECT user_id, state FROM reminders_sent"))
        blocked = await conn.execute_fetchall("SELECT telegram_id FROM users WHERE blocked_at IS NOT NULL")
    assert states == {petro.id: "sent", ivan.id: "failed"}  # claimed, sent, recorded; the 403 too
    assert [r[0] for r in blocked] == [ivan.id]  # and the one who blocked the bot is marked


HOSTILE = [
    "<b>",
    "&",
    "‹рік>",
    "</i>&amp;<",
    "2023 <b>",
    "2023 Q3 <b>&",
    "4.1 <b>",
    "2024 <b>&</b>",
    "&" * 3000,
    "2024 " + "<" * 3000,
]


# A table of cases, aligned by hand to be read as one (so: fmt: skip).
@pytest.mark.parametrize("command", ["report", "status", "open", "lock", "unlock", "history", "edit", "invite",
                                     "members", "start", "help", "cancel", "mute", "nonsense"])  # fmt: skip
async def test_every_command_takes_hostile_arguments(world: World, command: str) -> None:
    """What a coordinator types after a command is shown as typed or ignored, never taken for markup."""
    coordinator = world.coordinator()
    for argument in HOSTILE:
        await coordinator.send(f"/{command} {argument}")
        reply = await coordinator.next_message(timeout=10)
        assert "сталася помилка" not in reply.content
        if argument == "<b>" and command in ("report", "status", "open", "lock", "unlock"):
            assert "«<b>» — не рік" in reply.content  # shown as typed
    failed = [c for c in world.fake.calls if c.method != "getUpdates" and c.status not in (None, 200)]
    assert not failed


@pytest.mark.parametrize(
    "failure",
    [zipfile.BadZipFile("File is not a zip file"), KeyError("xl/workbook.xml"), IndexError("list index")],
)
async def test_an_unforeseen_import_failure_is_told_in_words(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, failure: Exception
) -> None:
    """Never «Не вдалося прочитати файл: BadZipFile»: the exception goes to the log, the person gets words."""
    from actions import uploads

    def broken(*args: object) -> None:
        raise failure

    coordinator = world.coordinator()
    monkeypatch.setattr(uploads, "parse_grid", broken)  # the preview's parsing of the file
    await coordinator.send_document("program.txt", SEED.read_bytes())
    await coordinator.expect("Отримав файл")
    told = await coordinator.expect("не зміг його прочитати")
    await coordinator.expect("Збій у боті")  # the alert every coordinator gets, the sender too
    monkeypatch.undo()
    await send_program(coordinator)
    monkeypatch.setattr(uploads, "read", broken)  # reading it again to apply it
    await coordinator.press("Застосувати")
    applied = await coordinator.expect("не зміг його прочитати")  # its alert is held back: a second one
    for message in (told, applied):
        assert type(failure).__name__ not in message.text and str(failure) not in message.text
    assert type(failure).__name__ in caplog.text  # the traceback is in the log
    assert await program_count(world.db) == 1


async def test_a_file_telegram_does_not_give_is_told_in_words(world: World) -> None:
    coordinator = world.coordinator()
    world.fake.fail_next("getFile", status=400, description="Bad Request: file is too big")
    await coordinator.send_document("program.txt", SEED.read_bytes())
    await coordinator.expect("Отримав файл")
    await coordinator.expect("Не вдалося отримати файл від Telegram")


# A table of cases, aligned by hand to be read as one (so: fmt: skip).
@pytest.mark.parametrize(
    ("deadline", "shown"),
    [("31.12.9999", "31.12.9999"), ("9999-12-31", "31.12.9999"), ("01.01.0001", "01.01.0001"),
     ("01.01.2028", "01.01.2028")],
)  # fmt: skip
async def test_a_deadline_far_off_is_refused_with_the_range(world: World, deadline: str, shown: str) -> None:
    coordinator = world.coordinator()
    await coordinator.send(f"/open 2023 {deadline}")
    refused = await coordinator.expect("поза допустимими датами")  # the command line's words (refusals.ftl)
    assert f"Строк {shown} поза" in refused.text and "від 01.01.2023 до 31.12.2027" in refused.text
    async with world.db.locked() as conn:
        assert [tuple(r) for r in await conn.execute_fetchall("SELECT deadline FROM reporting_periods")] == [
            ("2024-01-20",)
        ]
    await coordinator.send("/open 2023 31.12.2027")  # the last day allowed
    await coordinator.expect("Термін: 31.12.2027")

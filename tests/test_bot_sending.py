"""What Telegram answers back: a person who blocked the bot, a chat that moved, a send that failed.

Through the real Application and the fake Bot API (tests/fakeapi), on the reminder tests' controlled clock.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import os
import zipfile
from collections.abc import AsyncIterator
from decimal import Decimal
from pathlib import Path

import pytest

from bot.ratelimit import BACKOFF
from bot.reminders.scheduling import run_reminders
from bot.review_notices import JOB_NAME as REVIEW_JOB
from bot.review_notices import send_review_notices
from storage.db import connect, utcnow
from storage.evidence import add_file, files_dir, store_bytes
from storage.indicators import add_indicator_fact, add_indicators
from storage.members import add_membership, mark_blocked, touch_user
from storage.models import IndicatorKind, NewIndicator, Source
from storage.programs import list_departments, list_programs
from storage.roles import RoleKind, grant_role
from tests.botkit import (  # noqa: F401 - fixtures
    COORDINATOR_ID,
    World,
    fake_api_fixture,
    fill_to_review,
    prepare_database,
    report_measure,
    running,
)
from tests.fakeapi import BotMessage, FakeBotApi, FakeUser
from tests.test_reminders_bot import Clock, build, kyiv, reminder_settings


@pytest.fixture
async def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "bot.sqlite3"
    await prepare_database(path)
    return path


@pytest.fixture
def clock() -> Clock:
    return Clock(kyiv(2024, 1, 11))


@pytest.fixture
async def world(fake_api: FakeBotApi, db_path: Path, clock: Clock) -> AsyncIterator[World]:
    settings = reminder_settings(fake_api, db_path)
    app = build(settings, clock)
    async with running(app):
        yield World(fake_api, db_path, settings, app)


async def _details(coordinator: FakeUser, short_name: str) -> BotMessage:
    """/status 2023, then the department's button: its details."""
    await coordinator.send("/status 2023")
    status = await coordinator.expect("Стан звітування")
    [label] = [label for label in status.button_labels if label.endswith(f" {short_name}")]
    await coordinator.press(label, message=status)
    return await coordinator.expect(f"<b>{short_name}</b>")


async def test_who_blocked_the_bot_is_shown_to_the_coordinator(world: World, clock: Clock) -> None:
    """A person who blocked the bot in the middle of the fan-out: the others get theirs, and the coordinator
    sees who gets nothing (the details, «Нагадати»'s answer, the digest), not a silent «надіслано: 0»."""
    olena = await world.member(1001, "Олена", "uk")
    petro = await world.member(1002, "Петро", "do")
    world.fake.block(1001)
    clock.set(2024, 1, 12)
    outcomes = {k.rsplit(":", 1)[1]: o for k, o in await run_reminders(world.app)}
    assert outcomes == {"U1001": "blocked", "U1002": "sent"}
    await petro.expect("Нагадування")

    coordinator = world.coordinator()
    uk = await _details(coordinator, "УК")
    [olena] = [line for line in uk.text.splitlines() if "Олена" in line]
    assert "заблоковано" in olena and "12.01.2024" in olena
    do = await _details(coordinator, "ДО")
    assert "заблоковано" not in do.text

    await coordinator.press("🔔 Нагадати: УК", message=uk)
    told = await coordinator.expect("Нагадування надіслано")
    assert "надіслано: 0" in told.text
    assert "Олена" in told.text and "заблокува" in told.text

    # Petro blocks it too, between the scheduled reminder and the coordinator's «Нагадати».
    world.fake.block(1002)
    await coordinator.press("🔔 Нагадати: ДО", message=do)
    told = await coordinator.expect("Нагадування надіслано")
    assert "надіслано: 0" in told.text and "Петро" in told.text and "заблокува" in told.text

    clock.set(2024, 1, 22)  # the first working day after the deadline: the digest names them
    await run_reminders(world.app)
    digest = await coordinator.expect("Зведення")
    assert "Заблокували бота" in digest.text
    blocked = digest.text.split("Заблокували бота", 1)[1]
    assert "Олена (УК)" in blocked and "Петро (ДО)" in blocked


async def test_one_marked_blocked_before_a_restart_is_unmarked_by_writing_before_any_reminder_run(
    fake_api: FakeBotApi, db_path: Path, clock: Clock
) -> None:
    """Marked by an earlier process (a reminder, a return notice): writing to the bot proves they unblocked it,
    even before the first reminder run of this process (or with reminders switched off)."""
    db = await connect(db_path)
    try:
        async with db.transaction() as conn:
            await touch_user(conn, 1001, "Олена", None)
            uk = next(d.id for d in await list_departments(conn) if d.code == "uk")
            await add_membership(conn, 1001, uk)
            await mark_blocked(conn, 1001)
    finally:
        await db.close()
    app = build(reminder_settings(fake_api, db_path), clock)
    async with running(app):
        olena = fake_api.user(id=1001, first_name="Олена")
        await olena.send("/start")
        await olena.expect("Залишилося")
        clock.set(2024, 1, 12)
        outcomes = {k.rsplit(":", 1)[1]: o for k, o in await run_reminders(app)}
        assert outcomes == {"U1001": "sent"}
        await olena.expect("Нагадування")


async def test_a_resubmission_notice_telegram_did_not_take_goes_out_on_the_next_run(world: World) -> None:
    assert world.app.job_queue is not None
    [job] = world.app.job_queue.get_jobs_by_name(REVIEW_JOB)
    job.enabled = False  # the test runs it itself
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.10", "0", "0", "100", "Перше")
    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає")
    await coordinator.expect("Захід 3.10")
    await coordinator.press("Повернути з коментарем")
    await coordinator.expect("Напишіть")
    await coordinator.send("Уточніть")
    returned = await olena.expect("повернуто на доопрацювання")
    await olena.press("Виправити захід 3.10", message=returned)
    await olena.expect("Фактичний річний обсяг")
    await fill_to_review(olena, "0", "0", "100", "Уточнено")
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    await world.fake.wait_idle()
    coordinator.drain()
    # Telegram is down for the notice: every attempt of the rate limiter's fails.
    world.fake.fail_next("sendMessage", 500, times=1 + len(BACKOFF))
    assert await send_review_notices(world.app) == 0
    await coordinator.no_message(within=0.1)
    assert await send_review_notices(world.app) == 1  # the next run: not lost
    await coordinator.expect("Після повернення знову подано 1 звіт")
    assert await send_review_notices(world.app) == 0  # and once
    await coordinator.no_message(within=0.1)


async def test_evidence_over_telegrams_50_mb_comes_in_several_zips(world: World) -> None:
    """Four photos' worth of 19 MB each on one measure (the executor may attach ten of up to 20 MB): more than
    Telegram takes in one upload, so they come in ZIPs within it, every file once."""
    measure, department = await world.measure_id("3.10"), await world.department_id("uk")
    folder = files_dir(world.db_path)
    blobs = [os.urandom(19 * 2**20) for _ in range(4)]  # random bytes: a ZIP cannot shrink them
    async with world.db.transaction() as conn:
        for n, blob in enumerate(blobs, 1):
            digest = store_bytes(folder, blob)
            await add_file(
                conn, measure, department, 2023, digest, f"скан {n}.pdf", len(blob), "application/pdf", 1, ""
            )
    coordinator = world.coordinator()
    await coordinator.send("/files 2023 3.10")
    first = await coordinator.expect("Частина 1 з 2", timeout=30)
    second = await coordinator.expect("Частина 2 з 2", timeout=30)
    read: dict[str, bytes] = {}
    for message, name in ((first, "Файли 2023 3.10 (1 з 2).zip"), (second, "Файли 2023 3.10 (2 з 2).zip")):
        assert message.document is not None and message.document.filename == name
        assert message.document.size <= 50 * 2**20
        with zipfile.ZipFile(io.BytesIO(await coordinator.download(message))) as opened:
            read.update((name, opened.read(name)) for name in opened.namelist())
    assert sorted(read) == [f"3.10 УК/скан {n}.pdf" for n in range(1, 5)]
    assert [read[f"3.10 УК/скан {n}.pdf"] for n in range(1, 5)] == blobs
    await coordinator.no_message(within=0.1)


async def test_a_page_whose_message_was_deleted_meanwhile_comes_as_a_new_message(world: World) -> None:
    """«▶️» pressed, and the list deleted on another device before the bot edits it: Telegram answers «message
    to edit not found»; the page comes anew, not «сталася помилка» and an alert to the administrators."""
    olena = await world.member(1001, "Олена", "ussms")  # 33 measures: several pages
    await olena.send("/start")
    listing = await olena.expect("Залишилося")
    await olena.press("▶️", message=listing)
    world.fake.delete_message(olena.id, listing.message_id)
    page = await olena.next_message()
    assert page.kind == "message" and "Залишилося" in page.text and page.message_id != listing.message_id
    await olena.no_message(within=0.1)
    await world.coordinator().no_message(within=0.1)  # no alert


async def test_the_digest_of_a_program_whose_coordinator_blocked_the_bot_goes_to_the_administrators(
    world: World, clock: Clock
) -> None:
    await world.member(1001, "Олена", "uk")
    async with world.db.transaction() as conn:
        [program] = await list_programs(conn)
        await touch_user(conn, 600, "Ігор", None)
        await grant_role(conn, 600, RoleKind.COORDINATOR, program.id, granted_by=COORDINATOR_ID)
        await mark_blocked(conn, 600)  # he left the job and deleted his account
    administrator = world.coordinator()
    await administrator.send("/help")
    await administrator.next_message()
    clock.set(2024, 1, 22)  # the first working day after the deadline
    outcomes = {k.split(":")[0] + k.rsplit(":", 1)[1]: o for k, o in await run_reminders(world.app)}
    assert outcomes == {"overdueU1001": "sent", f"digestU{COORDINATOR_ID}": "sent"}
    digest = await administrator.expect("Зведення")
    assert "Ще не звітували" in digest.text


async def test_a_return_to_a_department_whose_member_blocked_the_bot_says_who_was_not_told(
    world: World,
) -> None:
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    await report_measure(olena, "3.10", "0", "0", "100", "Перше")
    world.fake.block(1001)
    await coordinator.send("/review 2023")
    await coordinator.expect("1 звіт чекає")
    await coordinator.expect("Захід 3.10")
    await coordinator.press("Повернути з коментарем")
    await coordinator.expect("Напишіть")
    await coordinator.send("Уточніть")
    told = await coordinator.expect("повернуто на доопрацювання")
    assert "нікого з підрозділу ще немає в боті" not in told.text  # she is in the bot
    assert "Підрозділ повідомлено (0 осіб)" in told.text
    assert "Олена" in told.text and "заблокува" in told.text


async def test_a_resubmission_notice_a_coordinator_who_blocked_the_bot_cannot_get_goes_to_the_administrators(
    world: World,
) -> None:
    assert world.app.job_queue is not None
    [job] = world.app.job_queue.get_jobs_by_name(REVIEW_JOB)
    job.enabled = False  # the test runs it itself
    olena = await world.member(1001, "Олена", "uk")
    administrator = world.coordinator()
    await report_measure(olena, "3.10", "0", "0", "100", "Перше")
    await administrator.send("/review 2023")
    await administrator.expect("1 звіт чекає")
    await administrator.expect("Захід 3.10")
    await administrator.press("Повернути з коментарем")
    await administrator.expect("Напишіть")
    await administrator.send("Уточніть")
    returned = await olena.expect("повернуто на доопрацювання")
    async with world.db.transaction() as conn:
        [program] = await list_programs(conn)
        await touch_user(conn, 600, "Ігор", None)
        await grant_role(conn, 600, RoleKind.COORDINATOR, program.id, granted_by=COORDINATOR_ID)
    world.fake.user(id=600, first_name="Ігор")
    world.fake.block(600)  # the program's coordinator since: he blocked the bot
    await olena.press("Виправити захід 3.10", message=returned)
    await olena.expect("Фактичний річний обсяг")
    await fill_to_review(olena, "0", "0", "100", "Уточнено")
    await olena.press("Підтвердити")
    await olena.expect("Збережено")
    await world.fake.wait_idle()
    administrator.drain()
    assert await send_review_notices(world.app) == 1
    await administrator.expect("Після повернення знову подано 1 звіт")
    assert await send_review_notices(world.app) == 0
    await administrator.no_message(within=0.1)


async def test_a_deleted_account_in_the_middle_of_a_fan_out_stops_nobody_and_is_tried_once(
    world: World, clock: Clock
) -> None:
    """Forty people at a deadline's reminder, one of whom deleted the account («user is deactivated»): the
    other 39 get theirs once, the one is marked and not tried again on the next slot."""
    people = {}
    for n in range(40):
        people[2000 + n] = await world.member(2000 + n, f"Працівник {n}", ("uk", "do", "dsp", "ussms")[n % 4])
    world.fake.deactivate(2013)
    clock.set(2024, 1, 12)
    outcomes = {int(k.rsplit(":U", 1)[1]): o for k, o in await run_reminders(world.app)}
    assert outcomes.pop(2013) == "blocked"
    assert set(outcomes) == set(people) - {2013} and set(outcomes.values()) == {"sent"}
    for user_id, user in people.items():
        if user_id != 2013:
            await user.expect("Нагадування")
    assert await run_reminders(world.app) == []  # nobody twice in the same slot
    clock.set(2024, 1, 17)
    outcomes = {int(k.rsplit(":U", 1)[1]): o for k, o in await run_reminders(world.app)}
    assert 2013 not in outcomes and len(outcomes) == 39
    assert (
        sum(1 for c in world.fake.calls_to("sendMessage") if c.params.get("chat_id") in (2013, "2013")) == 1
    )


async def test_a_returned_indicator_fact_names_the_members_the_notice_did_not_reach(world: World) -> None:
    uoz = await world.department_id("uoz")
    async with world.db.transaction() as conn:
        [program] = await list_programs(conn)
        [indicator] = await add_indicators(
            conn,
            [
                NewIndicator(
                    program_id=program.id,
                    number=1,
                    kind=IndicatorKind.PRODUCT,
                    name="Кількість заходів",
                    unit="од.",
                    department_id=uoz,
                )
            ],
        )
        await add_indicator_fact(
            conn, indicator.id, 2023, Decimal(19), None, user_id=1001, source=Source.BOT, at=utcnow()
        )
    olena = await world.member(1001, "Олена", "uoz")
    petro = await world.member(1002, "Петро", "uoz")
    await world.member(1003, "Марія", "uoz")
    world.fake.block(1001)  # blocked the bot since
    world.fake.deactivate(1003)  # deleted the account
    coordinator = world.coordinator()
    await coordinator.send("/review 2023")
    await coordinator.expect("чекають на перевірку")
    await coordinator.expect("Показник 1. Кількість заходів")
    await coordinator.press("Повернути з коментарем")
    await coordinator.expect("Напишіть коментар до показника 1")
    await coordinator.send("Перевірте")
    await petro.expect("Координатор повернув показник 1")
    returned = await coordinator.expect("Повернуто на виправлення: показник 1")
    assert "не отримали: Марія, Олена" in returned.text
    await olena.no_message(within=0.05)
    async with world.db.locked() as conn:
        async with conn.execute(
            "SELECT telegram_id FROM users WHERE blocked_at IS NOT NULL ORDER BY 1"
        ) as cur:
            assert [r[0] for r in await cur.fetchall()] == [1001, 1003]  # marked: reminders skip them


async def test_a_double_tap_on_remind_reminds_each_member_once(world: World) -> None:
    ticks = itertools.count()
    # A clock that moves (each reading a millisecond later, within one minute): two taps, two moments.
    world.app.bot_data.clock = lambda: (
        dt.datetime(2024, 1, 12, 8, 0, tzinfo=dt.UTC) + dt.timedelta(milliseconds=next(ticks))
    )
    petro = await world.member(1002, "Петро", "do")
    coordinator = world.coordinator()
    details = await _details(coordinator, "ДО")
    await coordinator.press("🔔 Нагадати: ДО", message=details)
    await coordinator.press("🔔 Нагадати: ДО", message=details)
    await coordinator.expect("Нагадування надіслано: 1")
    again = await coordinator.expect("ДО")
    assert "уже надіслано щойно" in again.text
    await petro.expect("Нагадування від координатора")
    await petro.no_message(within=0.2)


async def test_reminders_telegram_refused_for_good_are_told_to_the_administrators(
    world: World, clock: Clock
) -> None:
    """A 400 is never tried again (it would fail the same way): the reminder is lost for that person, so the
    administrators hear of it, in Telegram's words, while the others' go out."""
    await world.member(1001, "Олена", "uk")
    administrator = world.coordinator()
    await administrator.send("/help")
    await administrator.next_message()
    world.fake.fail_next("sendMessage", 400, description="Bad Request: can't parse entities: unclosed tag")
    await world.member(1002, "Петро", "do")
    clock.set(2024, 1, 12)
    outcomes = sorted(o for _, o in await run_reminders(world.app))
    assert outcomes == ["failed", "sent"]
    alert = await administrator.expect("Telegram відхилив 1 нагадування")
    assert "Can't parse entities: unclosed tag" in alert.text
    clock.set(2024, 1, 12, 10, 5)
    assert await run_reminders(world.app) == []  # not tried again

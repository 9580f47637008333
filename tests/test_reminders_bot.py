"""Reminders through the real Application and the fake Bot API, with a controlled clock (no sleeping)."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import re
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import httpx
import pytest
from pydantic import ValidationError
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import Application

from bot.app import build_application
from bot.reminders import delivery
from bot.reminders.config import ReminderSettings
from bot.reminders.rules import Kind, Reminder
from bot.reminders.scheduling import JOB_NAME, run_reminders, setup_reminders
from bot.settings import Settings
from storage.clock import KYIV
from storage.db import connect
from storage.models import NewSubmission, Source
from storage.reminders import last_reminded, muted_members, reminder_states, set_mute
from storage.reviews import ReviewState, add_review, current_state, waiting_reviews
from storage.submissions import add_submission
from tests.botkit import (  # noqa: F401 - fixtures
    COORDINATOR_ID,
    YEAR,
    World,
    fake_api_fixture,
    prepare_database,
    running,
    settings_for,
)
from tests.fakeapi import FakeBotApi

ReminderBotSettings = Settings  # the bot's settings include the reminder settings


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def set(self, *args: int) -> None:
        self.now = kyiv(*args)


def kyiv(y: int, m: int, d: int, h: int = 10, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=KYIV)


def reminder_settings(fake: FakeBotApi, db_path: Path, **overrides: Any) -> ReminderBotSettings:
    base = settings_for(fake, db_path).model_dump()
    return ReminderBotSettings(_env_file=None, **{**base, **overrides})  # type: ignore[call-arg]


def build(settings: Settings, clock: Clock) -> Application:
    """The application as bot/app.py builds it, on a controlled clock."""
    app = build_application(settings)
    setup_reminders(app)  # a second call adds no second job
    app.bot_data.clock = clock
    [job] = app.job_queue.get_jobs_by_name(JOB_NAME)  # type: ignore[union-attr]
    job.enabled = False  # the tests run the job themselves, at the clock's time
    return app


@contextlib.asynccontextmanager
async def started(app: Application) -> AsyncIterator[Application]:
    """A second bot process on the same database: started (scheduler included) but not polling."""
    await app.initialize()
    assert app.post_init is not None and app.post_shutdown is not None
    await app.post_init(app)
    await app.start()
    try:
        yield app
    finally:
        await app.stop()
        await app.shutdown()
        await app.post_shutdown(app)


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


async def report_everything(world: World, code: str) -> None:
    """The department reports every measure of 2023 (in December: before any 2024 slot)."""
    department = await world.department_id(code)
    async with world.db.locked() as conn:
        async with conn.execute(
            "SELECT measure_id FROM measure_departments WHERE department_id = ?", (department,)
        ) as cur:
            measures = [r[0] for r in await cur.fetchall()]
    async with world.db.transaction() as conn:
        for measure in measures:
            await add_submission(
                conn,
                NewSubmission(
                    measure_id=measure,
                    department_id=department,
                    year=YEAR,
                    info="Виконано.",
                    source=Source.BOT,
                    created_at=dt.datetime(2023, 12, 20, tzinfo=dt.UTC),
                ),
            )


def sends_to(fake: FakeBotApi, chat_id: int) -> int:
    return sum(1 for c in fake.calls_to("sendMessage") if int(c.params.get("chat_id", 0)) == chat_id)


async def states(world: World) -> dict[str, str]:
    async with world.db.locked() as conn:
        return await reminder_states(conn)


# --- the right people, the right day ---------------------------------------------------------------


async def test_the_right_people_get_the_right_reminder_on_the_right_day(world: World, clock: Clock) -> None:
    olena = await world.member(1001, "Олена", "uk")
    petro = await world.member(1002, "Петро", "dsp")
    ivan = await world.member(1003, "Іван", "mksc")
    await report_everything(world, "mksc")
    coordinator = world.coordinator()

    clock.set(2024, 1, 12, 9, 59)  # Friday; the deadline (20.01) minus 7 days is a Saturday
    assert await run_reminders(world.app) == []
    clock.set(2024, 1, 12, 10, 0)
    outcomes = dict(await run_reminders(world.app))
    assert outcomes == {
        "before:annual:P1:2023:2024-01-20:L7:D2:U1002": "sent",
        f"before:annual:P1:2023:2024-01-20:L7:D{await world.department_id('uk')}:U1001": "sent",
    }
    message = await olena.expect("Строк подання звіту за 2023 рік — 20.01.2024")
    assert "УК · заходів без звіту: 5" in message.text
    listed = [m[1] for line in message.text.splitlines() if (m := re.match(r"• (\S+)\. ", line))]
    assert listed == ["2.9", "3.7", "3.10", "4.3", "4.4"]  # the program's order
    assert message.button_labels == ["📝 Заповнити 2.9"]
    assert "ДСП" in (await petro.expect("Нагадування")).text
    await ivan.no_message()  # his department reported everything
    await coordinator.no_message()  # the digest comes after the deadline

    clock.set(2024, 1, 12, 10, 5)
    assert await run_reminders(world.app) == []  # the next run: nothing twice
    clock.set(2024, 1, 15, 10, 0)
    assert await run_reminders(world.app) == []  # no slot on Monday
    await olena.no_message()

    # The button opens the first owed measure in the reporting conversation.
    await olena.press("Заповнити 2.9", message=message)
    card = await olena.expect("Захід 1 з 5")
    assert "2.9. " in card.text and "Підтримка проєктів ОГС" in card.text
    assert "Фактичний річний обсяг" in card.text


async def test_a_member_who_reported_everything_gets_nothing(world: World, clock: Clock) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await report_everything(world, "uk")
    for day in ((2024, 1, 12), (2024, 1, 17), (2024, 1, 19), (2024, 1, 22)):
        clock.set(*day)
        await run_reminders(world.app)
    await olena.no_message()
    assert sends_to(world.fake, 1001) == 0


async def test_a_reminder_missed_while_down_is_sent_once_and_only_while_useful(
    world: World, clock: Clock
) -> None:
    olena = await world.member(1001, "Олена", "uk")
    clock.set(2024, 1, 19, 15, 30)  # the bot was down for the 7- and 3-days slots and the 1-day one's hour
    outcomes = await run_reminders(world.app)
    assert [k.split(":")[5] for k, _ in outcomes] == ["L1"]
    await olena.expect("Нагадування")
    clock.set(2024, 1, 21, 9)  # down again until after the deadline: nothing "before" any more
    assert await run_reminders(world.app) == []
    clock.set(2024, 1, 29, 10)  # and the nudge is stale a week later
    assert await run_reminders(world.app) == []
    await olena.no_message()


async def test_nothing_twice_across_a_restart(fake_api: FakeBotApi, db_path: Path) -> None:
    clock = Clock(kyiv(2024, 1, 17, 10))
    settings = reminder_settings(fake_api, db_path)
    olena = fake_api.user(id=1001, first_name="Олена")
    app = build(settings, clock)
    async with running(app):
        world = World(fake_api, db_path, settings, app)
        await world.member(1001, "Олена", "uk")
        assert [o for _, o in await run_reminders(app)] == ["sent"]
        await olena.expect("Нагадування")
    clock.set(2024, 1, 17, 10, 30)
    app = build(settings, clock)
    async with running(app):
        [job] = app.job_queue.get_jobs_by_name(JOB_NAME)  # type: ignore[union-attr]
        await job.run(app)  # the first run after the restart, as the scheduler would start it
        await olena.no_message()
        clock.set(2024, 1, 19, 10)
        await job.run(app)
        reminder = await olena.expect("Нагадування")
        assert reminder.button_labels == ["📝 Заповнити 2.9"]
    assert sends_to(fake_api, 1001) == 2


async def test_two_schedulers_on_one_database_send_once(fake_api: FakeBotApi, db_path: Path) -> None:
    clock = Clock(kyiv(2024, 1, 12, 10))
    settings = reminder_settings(fake_api, db_path)
    first, second = build(settings, clock), build(settings, clock)
    async with running(first), started(second):
        world = World(fake_api, db_path, settings, first)
        for user_id in range(1001, 1011):
            await world.member(user_id, f"Працівник {user_id}", "uk")
        # A slow Telegram: both runs are in the middle of sending at the same time.
        fake_api.delay("sendMessage", 0.05)
        a, b, again = await asyncio.gather(run_reminders(first), run_reminders(second), run_reminders(first))
    assert again == []  # a run while one is in progress in the same process is skipped
    outcomes = [o for _, o in (*a, *b)]
    assert outcomes.count("sent") == 10 and set(outcomes) <= {"sent", "taken"}
    for user_id in range(1001, 1011):
        assert sends_to(fake_api, user_id) == 1


# --- Telegram's refusals ---------------------------------------------------------------------------


async def test_a_user_who_blocked_the_bot_is_marked_and_skipped(world: World, clock: Clock) -> None:
    olena = await world.member(1001, "Олена", "uk")
    petro = await world.member(1002, "Петро", "dsp")
    mariia = await world.member(1003, "Марія", "uk")
    world.fake.block(1001)
    clock.set(2024, 1, 12)
    outcomes = {k.rsplit(":", 1)[1]: o for k, o in await run_reminders(world.app)}
    assert outcomes == {"U1001": "blocked", "U1002": "sent", "U1003": "sent"}
    await petro.expect("Нагадування")
    await mariia.expect("Нагадування")
    async with world.db.locked() as conn:
        async with conn.execute("SELECT blocked_at FROM users WHERE telegram_id = 1001") as cur:
            assert (await cur.fetchone())[0] is not None

    clock.set(2024, 1, 17)
    outcomes = {k.rsplit(":", 1)[1]: o for k, o in await run_reminders(world.app)}
    assert outcomes == {"U1002": "sent", "U1003": "sent"}  # no second try at the blocked chat
    assert sends_to(world.fake, 1001) == 1

    # She unblocks the bot and writes to it: the next reminder reaches her again.
    world.fake.unblock(1001)
    await olena.send("/start")
    await olena.expect("Залишилося")
    clock.set(2024, 1, 19)
    outcomes = {k.rsplit(":", 1)[1]: o for k, o in await run_reminders(world.app)}
    assert outcomes == {"U1001": "sent", "U1002": "sent", "U1003": "sent"}
    await olena.expect("Нагадування")


async def test_a_429_is_waited_out(world: World, clock: Clock) -> None:
    olena = await world.member(1001, "Олена", "uk")
    world.fake.fail_next("sendMessage", 429, retry_after=1)
    clock.set(2024, 1, 12)
    assert [o for _, o in await run_reminders(world.app)] == ["sent"]  # the rate limiter retried
    await olena.expect("Нагадування")


async def test_a_send_that_failed_for_good_is_tried_again_next_run(world: World, clock: Clock) -> None:
    olena = await world.member(1001, "Олена", "uk")
    petro = await world.member(1002, "Петро", "dsp")
    # Both sends fail every attempt the rate limiter makes (4 each); they run concurrently, so which
    # attempt hits which fault is timing, but together they take all eight.
    world.fake.fail_next("sendMessage", 500, times=8)
    clock.set(2024, 1, 12)
    outcomes = sorted(o for _, o in await run_reminders(world.app))
    assert outcomes == ["retry", "retry"]
    assert await states(world) == {}  # the failed claims were released
    clock.set(2024, 1, 12, 10, 5)
    assert [o for _, o in await run_reminders(world.app)] == ["sent", "sent"]
    clock.set(2024, 1, 12, 10, 10)
    assert await run_reminders(world.app) == []
    await olena.expect("Нагадування")
    await petro.expect("Нагадування")
    await olena.no_message(within=0.05)
    await petro.no_message(within=0.05)


class _Bot:
    def __init__(self, error: Exception | None) -> None:
        self.error = error
        self.calls = 0

    async def send_message(self, *args: object, **kwargs: object) -> SimpleNamespace:
        self.calls += 1
        if self.error is not None:
            raise self.error
        return SimpleNamespace(message_id=7)


def _caused(error: TelegramError, cause: Exception) -> TelegramError:
    error.__cause__ = cause
    return error


@pytest.mark.parametrize(
    ("error", "outcome", "state"),
    [
        (None, "sent", "sent"),
        (Forbidden("Forbidden: bot was blocked by the user"), "blocked", "failed"),
        (BadRequest("Bad Request: chat not found"), "failed", "failed"),  # would fail again: kept
        (TimedOut(), "unknown", "unknown"),  # may have arrived: kept, never repeated
        (_caused(TimedOut("Pool timeout"), httpx.PoolTimeout("pool")), "retry", None),  # never left
        (RetryAfter(dt.timedelta(seconds=1)), "retry", None),  # refused, after the limiter's retries
        (_caused(NetworkError("httpx.ConnectError: refused"), httpx.ConnectError("refused")), "retry", None),
        (NetworkError("Internal Server Error (500)"), "retry", None),
    ],
)
async def test_what_each_failure_does_to_the_claim(
    tmp_path: Path, error: Exception | None, outcome: str, state: str | None
) -> None:
    db = await connect(tmp_path / "x.sqlite3")
    try:
        reminder = Reminder(
            key="before:annual:P1:2023:2024-01-20:L7:D5:U1001",
            kind=Kind.BEFORE,
            user_id=1001,
            program_id=1,
            year=2023,
            interim=None,
            deadline=dt.date(2024, 1, 20),
            send_at=kyiv(2024, 1, 12),
        )
        app = SimpleNamespace(bot=_Bot(error), bot_data=SimpleNamespace(blocked=None))
        now = kyiv(2024, 1, 12)
        assert await delivery.deliver(app, db, reminder, "text", None, now) == outcome  # type: ignore[arg-type]
        async with db.locked() as conn:
            assert (await reminder_states(conn)).get(reminder.key) == state
        # Whatever happened, a second attempt sends only when the claim was released.
        again = await delivery.deliver(app, db, reminder, "text", None, now)  # type: ignore[arg-type]
        assert (again == "taken") == (state is not None)
    finally:
        await db.close()


# --- the digest ------------------------------------------------------------------------------------


async def test_digest_to_the_coordinator_lists_who_is_missing(world: World, clock: Clock) -> None:
    olena = await world.member(1001, "Олена", "uk")
    petro = await world.member(1002, "Петро", "dsp")
    await world.member(1003, "Іван", "mksc")
    await report_everything(world, "mksc")
    await report_everything(world, "dsp")
    coordinator = world.coordinator()
    await coordinator.send("/start")  # the coordinator has a chat with the bot
    await coordinator.expect("Вітаю, координаторе")

    clock.set(2024, 1, 20, 23, 59)  # down since Friday morning: the last minute of the deadline day
    assert [k.split(":")[5] for k, _ in await run_reminders(world.app)] == ["L1"]
    await olena.expect("Нагадування")
    clock.set(2024, 1, 22, 10)  # Monday, the first working day after the deadline
    kinds = sorted(k.split(":")[0] for k, _ in await run_reminders(world.app))
    assert kinds == ["digest", "overdue"]  # Olena's nudge; Petro and Ivan reported
    nudge = await olena.expect("Строк минув")
    assert "20.01.2024" in nudge.text and nudge.button_labels == ["📝 Заповнити 2.9"]
    await petro.no_message()

    digest = await coordinator.expect("Зведення")
    text = digest.text
    assert "звіт за 2023 рік, строк минув 20.01.2024" in text
    assert "Ще не звітували" in text
    assert "УК — 5 з 5: 2.9, 3.7, 3.10, 4.3, 4.4" in text
    assert "УССМС — 33 з 33" in text and "у боті нікого з підрозділу" in text
    assert "ДСП" not in text and "МКСЦ" not in text
    uk_line = next(line for line in text.splitlines() if line.startswith("• УК"))
    assert "у боті нікого" not in uk_line  # Olena is in the bot

    clock.set(2024, 1, 25, 10)  # three days later the nudge and the digest are stale
    assert await run_reminders(world.app) == []


# --- /mute -----------------------------------------------------------------------------------------


async def test_mute_for_a_week_then_unmute(world: World, clock: Clock) -> None:
    olena = await world.member(1001, "Олена", "uk")
    petro = await world.member(1002, "Петро", "dsp")
    coordinator = world.coordinator()
    clock.set(2024, 1, 11, 15)
    await olena.send("/mute")
    ask = await olena.expect("увімкнено")
    assert ask.button_labels == ["До кінця звітного періоду (до 22.01.2024)", "На 7 днів (до 17.01.2024)"]
    await olena.press("На 7 днів")
    await olena.expect("вимкнено до 17.01.2024 включно")
    async with world.db.locked() as conn:
        [muted] = await muted_members(conn, dt.date(2024, 1, 11))
    assert (muted.user_id, muted.until, muted.department_id) == (1001, dt.date(2024, 1, 17), None)

    for day in ((2024, 1, 12), (2024, 1, 17)):
        clock.set(*day)
        assert {k.rsplit(":", 1)[1] for k, _ in await run_reminders(world.app)} == {"U1002"}
    await olena.no_message()
    clock.set(2024, 1, 19)
    assert {k.rsplit(":", 1)[1] for k, _ in await run_reminders(world.app)} == {"U1001", "U1002"}
    await olena.expect("Нагадування")
    for _ in range(3):
        await petro.expect("Нагадування")

    # Muted until the end of the period: no nudge; the coordinator's digest says who muted.
    await olena.send("/mute")
    await olena.expect("увімкнено")  # the week is over
    await olena.press("До кінця звітного періоду")
    await olena.expect("вимкнено до 22.01.2024 включно")
    await coordinator.send("/start")
    await coordinator.expect("координаторе")
    clock.set(2024, 1, 22)
    assert {k.split(":")[0] + k.rsplit(":", 1)[1] for k, _ in await run_reminders(world.app)} == {
        "overdueU1002",
        f"digestU{COORDINATOR_ID}",
    }
    digest = await coordinator.expect("Зведення")
    assert "Вимкнули нагадування" in digest.text and "Олена (УК) — до 22.01.2024" in digest.text
    await olena.no_message()

    await olena.send("/mute")
    await olena.expect("вимкнено до 22.01.2024")
    await olena.press("Увімкнути знову")
    await olena.expect("знову увімкнено")
    async with world.db.locked() as conn:
        assert await muted_members(conn, dt.date(2024, 1, 22)) == []


async def test_mute_is_for_members_only_and_buttons_are_checked(world: World, clock: Clock) -> None:
    coordinator = world.coordinator()
    await coordinator.send("/mute")
    await coordinator.expect("лише працівникам підрозділів")
    olena = await world.member(1001, "Олена", "uk")
    await olena.send("/mute")
    await olena.expect("увімкнено")
    for forged in ("mute:20990101", "mute:20240230", "mute:forever", "mute:20230101"):
        query = await olena.press_data(forged)
        answer = await world.fake.wait_answered(query)
        assert answer["text"] == "Ця кнопка вже не діє.", forged
    async with world.db.locked() as conn:
        assert await muted_members(conn, dt.date(2024, 1, 11)) == []


async def test_what_the_coordinators_status_view_can_read(world: World, clock: Clock) -> None:
    await world.member(1001, "Олена", "uk", "dsp")
    await world.member(1002, "Петро", "dsp")
    uk, dsp = await world.department_id("uk"), await world.department_id("dsp")
    async with world.db.transaction() as conn:
        await set_mute(conn, 1002, dt.date(2024, 1, 14), dsp)
        await set_mute(conn, 1001, dt.date(2024, 1, 13))
        await set_mute(conn, 1001, dt.date(2024, 1, 12))  # replaces her earlier mute of all departments
    clock.set(2024, 1, 12)
    await run_reminders(world.app)  # everyone is muted on the 12th
    clock.set(2024, 1, 17)
    await run_reminders(world.app)
    async with world.db.locked() as conn:
        muted = await muted_members(conn, dt.date(2024, 1, 12))
        later = await muted_members(conn, dt.date(2024, 1, 13))
        reminded = await last_reminded(conn, [1001, 1002, 1003])
    assert [(m.full_name, m.department_id, m.until, m.department_ids) for m in muted] == [
        ("Олена", None, dt.date(2024, 1, 12), tuple(sorted((uk, dsp)))),
        ("Петро", dsp, dt.date(2024, 1, 14), (dsp,)),
    ]
    assert [m.user_id for m in later] == [1002]
    assert set(reminded) == {1001, 1002}
    assert all(when == kyiv(2024, 1, 17) for when in reminded.values())


# --- setup -----------------------------------------------------------------------------------------


async def test_setup_sets_the_time_zone_and_one_job(fake_api: FakeBotApi, db_path: Path) -> None:
    clock = Clock(kyiv(2024, 1, 12))
    app = build(reminder_settings(fake_api, db_path, reminder_check_minutes=7), clock)
    setup_reminders(app)  # a second call adds no second job
    job_queue = app.job_queue
    assert job_queue is not None
    [job] = job_queue.get_jobs_by_name(JOB_NAME)
    assert job_queue.scheduler.timezone == KYIV
    assert job.job.trigger.interval == dt.timedelta(minutes=7)
    async with running(app):
        assert job_queue.scheduler.running
        names = [j.name for j in job_queue.jobs()]
        assert names.count(JOB_NAME) == 1
        assert "daily-backup" in names  # reconfiguring the scheduler kept the jobs added before

    off = build_application(reminder_settings(fake_api, db_path, reminders_enabled=False))
    setup_reminders(off)
    assert off.job_queue is not None and off.job_queue.get_jobs_by_name(JOB_NAME) == ()


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("BOT_TOKEN", "123456:" + "A" * 35)
    monkeypatch.setenv("QUARTER_DEADLINE_DAYS", "15")
    monkeypatch.setenv("REMINDER_LEAD_DAYS", "3, 14,1")
    monkeypatch.setenv("REMINDER_HOUR", "9")
    monkeypatch.setenv("NON_WORKING_DAYS", "2024-01-01,2024-12-25")
    settings = ReminderBotSettings(_env_file=None)  # type: ignore[call-arg]
    config = settings.reminder_config(settings.tz)
    assert (config.quarter_deadline_days, config.lead_days, config.hour) == (15, (14, 3, 1), 9)
    assert config.non_working_days == frozenset({dt.date(2024, 1, 1), dt.date(2024, 12, 25)})
    assert config.tz == KYIV
    defaults = ReminderSettings(_env_file=None)
    monkeypatch.delenv("REMINDER_LEAD_DAYS")
    assert ReminderSettings(_env_file=None).reminder_lead_days == (7, 3, 1)
    assert defaults.overdue_valid_days == 3
    monkeypatch.setenv("NON_WORKING_DAYS", "25.12.2024")
    with pytest.raises(ValidationError):
        ReminderSettings(_env_file=None)
    env = tmp_path / ".env"
    env.write_text("REMINDER_HOUR=8\n", encoding="utf-8")
    monkeypatch.delenv("NON_WORKING_DAYS")
    monkeypatch.delenv("REMINDER_HOUR")
    assert ReminderBotSettings(_env_file=env).reminder_hour == 8  # type: ignore[call-arg]


# --- one bad period stops nobody else's reminders (issue 13, item 4) -----------------------------


async def test_a_corrupt_period_beside_a_good_one_stops_nobody_elses_reminders(
    world: World, clock: Clock
) -> None:
    """Rows written before dates were checked (or by hand): a deadline at the calendar's end, one that
    is not a date. The good period's reminders still go out; the coordinators hear of the bad one."""
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    async with world.db.transaction() as conn:
        [(program_id,)] = await conn.execute_fetchall("SELECT id FROM programs")
        await conn.execute(
            "INSERT INTO reporting_periods (program_id, year, status, deadline) VALUES (?, 2024, 'open', "
            "'9999-12-31'), (?, 2025, 'open', 'не дата')",
            (program_id, program_id),
        )
    clock.set(2024, 1, 12, 10, 0)
    outcomes = dict(await run_reminders(world.app))
    uk = await world.department_id("uk")
    assert outcomes[f"before:annual:P{program_id}:2023:2024-01-20:L7:D{uk}:U1001"] == "sent"
    await olena.expect("Строк подання звіту за 2023 рік — 20.01.2024")
    alert = await coordinator.expect("Нагадування за 2024 рік")
    assert "OutOfCalendar" in alert.text and "Решта нагадувань надсилається" in alert.text
    await coordinator.no_message()  # the second bad period's alert is held back (one per interval)
    clock.set(2024, 1, 17, 10, 0)  # the next slot: still fine
    outcomes = dict(await run_reminders(world.app))
    assert outcomes[f"before:annual:P{program_id}:2023:2024-01-20:L3:D{uk}:U1001"] == "sent"
    await olena.expect("Строк подання звіту за 2023 рік")


async def test_mute_with_a_deadline_at_the_end_of_the_calendar(world: World, clock: Clock) -> None:
    """/open 2023 31.12.9999 used to be taken; then /mute failed with OverflowError."""
    olena = await world.member(1001, "Олена", "uk")
    async with world.db.transaction() as conn:
        await conn.execute("UPDATE reporting_periods SET deadline = '9999-12-31'")
    clock.set(2024, 1, 12, 10, 0)
    await olena.send("/mute")
    ask = await olena.expect("На який час їх вимкнути")
    assert ask.button_labels == ["На 7 днів (до 18.01.2024)"]
    assert await run_reminders(world.app) == []  # and the job runs (nothing is due for that period)


async def test_a_returned_report_is_owed_again_and_the_digest_counts_reviews(
    world: World, clock: Clock
) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await report_everything(world, "uk")
    coordinator = world.coordinator()
    await coordinator.send("/start")
    await coordinator.expect("Вітаю, координаторе")
    measure, department = await world.measure_id("3.10"), await world.department_id("uk")
    async with world.db.transaction() as conn:
        [(returned, _)] = [(s.id, s) for s in await waiting_reviews(conn, 1, YEAR) if s.measure_id == measure]
        await add_review(conn, returned, ReviewState.RETURNED, comment="Уточніть", reviewer_id=500)
        assert (await current_state(conn, measure, department, YEAR))[1] is ReviewState.RETURNED
    clock.set(2024, 1, 22, 10)  # Monday, the first working day after the deadline
    kinds = sorted(k.split(":")[0] for k, _ in await run_reminders(world.app))
    assert kinds == ["digest", "overdue"]
    nudge = await olena.expect("Строк минув")
    assert nudge.button_labels == ["📝 Заповнити 3.10"]
    digest = await coordinator.expect("Зведення")
    assert "УК — 1 з 5: 3.10" in digest.text
    assert "Чекають на вашу перевірку: 4 звіти. /review 2023" in digest.text

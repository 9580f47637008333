"""Issue 13, item 8: the coordinators hear about failures: short, rate-limited, the token never shown."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build_application
from bot.backups import JOB_NAME as BACKUP_JOB
from bot.reminders import scheduling
from bot.reminders.scheduling import JOB_NAME as REMINDER_JOB
from tests.botkit import (
    COORDINATOR_ID,
    World,
    fake_api_fixture,  # noqa: F401 - the fake_api fixture
    prepare_database,
    running,
    settings_for,
)
from tests.fakeapi import BotMessage, FakeBotApi

ALERT_CHAT = -100777


class Clock:
    def __init__(self) -> None:
        self.now = dt.datetime(2024, 1, 11, 8, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now


async def start(tmp_path: Path, fake: FakeBotApi, **overrides: object) -> AsyncIterator[World]:
    db_path = tmp_path / "bot.sqlite3"
    await prepare_database(db_path)
    settings = settings_for(fake, db_path, **overrides)
    app = build_application(settings)
    app.bot_data.clock = Clock()
    for name in (REMINDER_JOB, BACKUP_JOB):
        for job in app.job_queue.get_jobs_by_name(name):  # type: ignore[union-attr]
            job.enabled = False  # run by the tests themselves
    async with running(app):
        yield World(fake, db_path, settings, app)


@pytest.fixture
async def world(tmp_path: Path, fake_api: FakeBotApi) -> AsyncIterator[World]:
    async for w in start(tmp_path, fake_api):
        yield w


def boom_on_help(monkeypatch: pytest.MonkeyPatch, token: str) -> None:
    from bot.handlers import start as start_module

    async def broken(update: object, context: object) -> None:
        raise RuntimeError(f"request to https://api.telegram.org/bot{token}/sendMessage failed\nsecond line")

    monkeypatch.setattr(start_module, "help_command", broken)


def assert_short_and_clean(alert: BotMessage, token: str) -> None:
    assert token not in (alert.raw or "") and token not in alert.content
    assert (
        "Traceback" not in alert.content
        and 'File "' not in alert.content
        and "second line" not in alert.content
    )
    assert len(alert.content) < 600


async def test_an_unhandled_error_is_told_to_the_coordinators(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    boom_on_help(monkeypatch, world.fake.token)
    olena = await world.member(1001, "Олена", "uk")
    await olena.send("/help")
    await olena.expect("сталася помилка")
    alert = await world.coordinator().expect("Збій у боті")
    assert "RuntimeError" in alert.text and "оновлення message від користувача 1001" in alert.text
    assert "123456:***" in alert.text  # the token masked as in the log
    assert_short_and_clean(alert, world.fake.token)


async def test_a_database_that_cannot_be_written_is_told_in_words(world: World) -> None:
    olena = await world.member(1001, "Олена", "uk")
    await olena.send("/start")
    await olena.expect("Залишилося: 5 з 5")
    await olena.press("2.9.")
    await olena.expect("Захід 1 з 5")
    async with world.db.locked() as conn:  # as a file the disk made read-only under the running bot
        await conn.execute("PRAGMA query_only = 1")
    await olena.send("12")  # the actual amount: its draft cannot be saved
    await olena.expect("сталася помилка")
    alert = await world.coordinator().expect("Збій у боті")
    assert f"базу даних {world.db.path} не можна записати" in alert.text, alert.text
    assert "attempt to write a readonly database" in alert.text
    assert_short_and_clean(alert, world.fake.token)


async def test_at_most_one_alert_per_kind_per_interval_with_a_count(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    boom_on_help(monkeypatch, world.fake.token)
    olena = await world.member(1001, "Олена", "uk")
    coordinator = world.coordinator()
    for _ in range(4):
        await olena.send("/help")
        await olena.expect("сталася помилка")
    first = await coordinator.expect("Збій у боті")
    assert "ще" not in first.text
    await coordinator.no_message()  # three held back
    world.app.bot_data.clock.now += dt.timedelta(minutes=11)
    await olena.send("/help")
    await olena.expect("сталася помилка")
    second = await coordinator.expect("Збій у боті")
    assert "сталося ще 3 такі" in second.text
    await olena.send("/help")
    await olena.expect("сталася помилка")
    await coordinator.no_message()


async def test_alerts_go_to_alert_chat_id_when_it_is_set(
    tmp_path: Path, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = fake_api.reader(ALERT_CHAT)
    fake_api.group_chat(ALERT_CHAT, "Чергові")
    async for world in start(tmp_path, fake_api, alert_chat_id=ALERT_CHAT):
        boom_on_help(monkeypatch, fake_api.token)
        olena = await world.member(1001, "Олена", "uk")
        await olena.send("/help")
        await olena.expect("сталася помилка")
        alert = await group.expect("Збій у боті")
        assert_short_and_clean(alert, fake_api.token)
        await world.coordinator().no_message()


async def test_alerts_follow_alert_chat_ids_group_when_it_becomes_a_supergroup(
    tmp_path: Path, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Telegram answers «group chat was upgraded to a supergroup chat» with the new id: the alert goes there,
    says once which id to set, and the next ones go straight there."""
    fake_api.group_chat(-777, "Чергові")
    async for world in start(tmp_path, fake_api, alert_chat_id=-777):
        supergroup = fake_api.reader(-100777)
        fake_api.migrate_to_supergroup(-777, -100777, "Чергові")
        boom_on_help(monkeypatch, fake_api.token)
        olena = await world.member(1001, "Олена", "uk")
        await olena.send("/help")
        await olena.expect("сталася помилка")
        alert = await supergroup.expect("Збій у боті")
        assert "ALERT_CHAT_ID=-100777" in alert.text and "-777 → -100777" in alert.text
        world.app.bot_data.clock.now += dt.timedelta(minutes=11)
        await olena.send("/help")
        await olena.expect("сталася помилка")
        again = await supergroup.expect("Збій у боті")
        assert "ALERT_CHAT_ID" not in again.text  # said once
        migrated = [c for c in fake_api.calls_to("sendMessage") if c.status == 400]
        assert len(migrated) == 1  # the old id tried once
        await world.coordinator().no_message()


async def test_an_alert_the_alert_chat_refuses_for_good_goes_to_the_administrators(
    tmp_path: Path, fake_api: FakeBotApi, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = fake_api.reader(ALERT_CHAT)
    fake_api.group_chat(ALERT_CHAT, "Чергові")
    async for world in start(tmp_path, fake_api, alert_chat_id=ALERT_CHAT):
        coordinator = world.coordinator()
        await coordinator.send("/help")  # an administrator, with a chat with the bot
        await coordinator.next_message()
        boom_on_help(monkeypatch, fake_api.token)
        world.fake.kick(ALERT_CHAT)
        olena = await world.member(1001, "Олена", "uk")
        await olena.send("/help")
        await olena.expect("сталася помилка")
        alert = await coordinator.expect("Збій у боті")
        assert "ALERT_CHAT_ID=-100777" in alert.text and "bot was kicked from the group chat" in alert.text
        assert_short_and_clean(alert, fake_api.token)
        await group.no_message()


async def test_an_alert_that_fails_is_logged_never_raised(
    world: World, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    boom_on_help(monkeypatch, world.fake.token)
    seen: list[BaseException] = []
    recorded = asyncio.Event()

    async def record(update: object, context: object) -> None:
        seen.append(context.error)  # type: ignore[attr-defined]
        recorded.set()

    world.app.add_error_handler(record)
    world.fake.block(COORDINATOR_ID)  # the alert is refused: 403
    olena = await world.member(1001, "Олена", "uk")
    await olena.send("/help")
    await olena.expect("сталася помилка")
    await world.fake.wait_for_call("sendMessage", where=lambda c: int(c.params["chat_id"]) == COORDINATOR_ID)
    await world.fake.wait_idle()
    # the handlers run after the alert's refusal comes back: waited for, not assumed done
    await asyncio.wait_for(recorded.wait(), timeout=10)
    assert [type(e) for e in seen] == [RuntimeError]  # only the failure itself, not the alert's
    assert "alert error not sent" in caplog.text
    await olena.send("/start")  # the bot goes on
    await olena.expect("Залишилося")


async def test_a_failed_reminder_run_is_told(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise OSError(f"disk I/O error near {world.fake.token}")

    monkeypatch.setattr(scheduling, "load_periods", broken)
    coordinator = world.coordinator()
    [job] = world.app.job_queue.get_jobs_by_name(REMINDER_JOB)  # type: ignore[union-attr]
    await job.run(world.app)
    alert = await coordinator.expect("Нагадування не надіслано")
    assert "OSError" in alert.text and "за 5 хв" in alert.text
    assert_short_and_clean(alert, world.fake.token)


async def test_a_failed_backup_is_told(tmp_path: Path, fake_api: FakeBotApi) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the backups should go")
    async for world in start(tmp_path, fake_api, backup_dir=blocker):
        coordinator = world.coordinator()
        [job] = world.app.job_queue.get_jobs_by_name(BACKUP_JOB)  # type: ignore[union-attr]
        await job.run(world.app)
        alert = await coordinator.expect("Резервну копію бази не створено")
        assert "завтра о 3:00" in alert.text
        assert "не записано" in alert.text and "її не збережено, база не змінилася" in alert.text  # in words
        assert_short_and_clean(alert, fake_api.token)

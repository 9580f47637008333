"""The real bot Application against the fake Bot API, on a database holding the seed program.

Import the fixtures into a test module: ``from tests.botkit import fake_api_fixture, world_fixture  # noqa: F401``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest_asyncio
from telegram.ext import Application

from bot.app import build_application
from bot.context import BotData
from bot.handlers.gate import forget_role
from bot.settings import Settings
from reports.importer import import_report, read_file_grid
from reports.report_parser import parse_grid
from storage.clock import KYIV
from storage.db import Database, connect
from storage.members import add_membership, touch_user
from storage.models import PeriodStatus
from storage.periods import set_period
from storage.programs import list_departments, list_programs, load_program
from storage.submissions import program_submissions
from tests.conftest import SEED
from tests.fakeapi import BotMessage, FakeBotApi, FakeUser
from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401 - the fake_api fixture
from tests.fakeapi.ptb import POLL_INTERVAL

COORDINATOR_ID = 500
YEAR = 2023


async def prepare_database(path: Path, *, clear_submissions: bool = True) -> None:
    """The seed program imported, 2023 open for reporting; by default nobody has reported yet."""
    db = await connect(path)
    try:
        await import_report(db, parse_grid(read_file_grid(SEED)), source_name=SEED.name)
        async with db.transaction() as conn:
            if clear_submissions:
                await conn.execute("DELETE FROM submissions")
            [program] = await list_programs(conn)
            await set_period(conn, program.id, YEAR, PeriodStatus.OPEN, dt.date(2024, 1, 20))
    finally:
        await db.close()


async def add_many_members(
    path: Path, count: int, *, first_id: int, deadline_in_days: int | None = None
) -> None:
    """``count`` members spread over the seed's departments; optionally move the 2023 deadline to
    ``deadline_in_days`` from today (Kyiv), so that reminders are due now."""
    db = await connect(path)
    try:
        async with db.transaction() as conn:
            departments = await list_departments(conn)
            for n in range(count):
                await touch_user(conn, first_id + n, f"Працівник {n}", None)
                await add_membership(conn, first_id + n, departments[n % len(departments)].id)
            if deadline_in_days is not None:
                day = (dt.datetime.now(KYIV) + dt.timedelta(days=deadline_in_days)).date()
                await conn.execute("UPDATE reporting_periods SET deadline = ?", (day.isoformat(),))
    finally:
        await db.close()


def settings_for(fake: FakeBotApi, db_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "bot_token": fake.token,
        "database_path": db_path,
        "coordinator_ids": frozenset({COORDINATOR_ID}),
        "bot_api_base_url": fake.base_url,
        "bot_api_file_url": fake.base_file_url,
        "rate_limit_per_second": 10_000,
        # The XLSX is the file most tests read; the shipped default (XLSX and PDF) is tested on its own.
        "report_formats": ("xlsx",),
        **overrides,
    }
    return Settings(_env_file=None, **values)  # type: ignore[arg-type,call-arg]


@contextlib.asynccontextmanager
async def running(app: Application) -> AsyncIterator[Application]:
    """What ``run_polling`` does, step by step, minus the signal handling and the blocking loop.

    ``post_init``/``post_shutdown`` are run here because only ``run_polling``/``run_webhook`` call them.
    """
    await app.initialize()
    try:
        if app.post_init:
            await app.post_init(app)
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=POLL_INTERVAL, timeout=dt.timedelta(seconds=10))
        await app.start()
        try:
            yield app
        finally:
            if app.updater.running:
                await app.updater.stop()
            if app.running:
                await app.stop()
            if app.post_stop:
                await app.post_stop(app)
    finally:
        await app.shutdown()
        if app.post_shutdown:
            await app.post_shutdown(app)


@dataclass
class World:
    fake: FakeBotApi
    db_path: Path
    settings: Settings
    app: Application

    @property
    def db(self) -> Database:
        data: BotData = self.app.bot_data
        assert data.db is not None
        return data.db

    def user(self, user_id: int, first_name: str = "Гість") -> FakeUser:
        return self.fake.user(id=user_id, first_name=first_name)

    def coordinator(self) -> FakeUser:
        return self.fake.user(id=COORDINATOR_ID, first_name="Координаторка")

    async def member(self, user_id: int, first_name: str, *codes: str) -> FakeUser:
        """A user already in the departments with these directory codes (as if invited)."""
        async with self.db.transaction() as conn:
            await touch_user(conn, user_id, first_name, None)
            departments = {d.code: d.id for d in await list_departments(conn)}
            for code in codes:
                await add_membership(conn, user_id, departments[code] or 0)
        forget_role(self.app.bot_data, user_id)  # written behind the bot's back: it must look again
        return self.fake.user(id=user_id, first_name=first_name)

    async def department_id(self, code: str) -> int:
        async with self.db.locked() as conn:
            return next(d.id for d in await list_departments(conn) if d.code == code)

    async def measure_id(self, number: str) -> int:
        async with self.db.locked() as conn:
            [program] = await list_programs(conn)
            tree = await load_program(conn, program.id)
        assert tree is not None
        measure = tree.measure_by_number(number)
        assert measure is not None
        return measure.id

    async def submissions(self):  # type: ignore[no-untyped-def]
        async with self.db.locked() as conn:
            [program] = await list_programs(conn)
            return await program_submissions(conn, program.id, YEAR)


@pytest_asyncio.fixture(name="world")
async def world_fixture(tmp_path: Path, fake_api: FakeBotApi) -> AsyncIterator[World]:
    db_path = tmp_path / "bot.sqlite3"
    await prepare_database(db_path)
    settings = settings_for(fake_api, db_path)
    app = build_application(settings)
    async with running(app):
        yield World(fake_api, db_path, settings, app)


@pytest_asyncio.fixture(name="restartable")
async def restartable_fixture(
    tmp_path: Path, fake_api: FakeBotApi
) -> AsyncIterator[tuple[FakeBotApi, Settings]]:
    """For tests that start and stop the Application themselves (restarts)."""
    db_path = tmp_path / "bot.sqlite3"
    await prepare_database(db_path)
    yield fake_api, settings_for(fake_api, db_path)


# --- conversation steps shared by the bot tests ---------------------------------------------------


async def open_measure(user: FakeUser, number: str) -> BotMessage:
    """/start, then the measure from the list; returns its card (which asks the first question)."""
    await user.send("/start")
    await user.expect("Залишилося")
    await user.press(f"{number}.")
    return await user.expect("Фактичний річний обсяг")


async def fill_to_review(user: FakeUser, actual: str, financed: str, percent: str, info: str) -> BotMessage:
    """Answer the open measure's questions (saying yes to any warning); returns the review card."""
    for answer in (actual, financed, percent):
        await user.send(answer)
        reply = await user.next_message()
        if "Це правильно?" in reply.text:
            await user.press("Так, правильно")
            await user.next_message()
    await user.send(info)  # the text is the last answer: the review card follows at once
    return await user.expect("Перевірте звіт")


async def report_measure(
    user: FakeUser, number: str, actual: str, financed: str, percent: str, info: str
) -> None:
    """A whole report of one measure, confirmed."""
    await open_measure(user, number)
    await fill_to_review(user, actual, financed, percent, info)
    await user.press("Підтвердити")
    await user.expect("Збережено")


INVITE_LINK = re.compile(r"https://t\.me/zvitbot_test_bot\?start=([A-Za-z0-9_-]+)")


async def invite_code(world: World, department_label: str) -> str:
    """The coordinator makes a department's invite link through /invite; its code."""
    coordinator = world.coordinator()
    await coordinator.send("/invite")
    await coordinator.expect("Для якого підрозділу")
    await coordinator.press(department_label)
    message = await coordinator.expect("Запрошення до підрозділу")
    match = INVITE_LINK.search(message.text)
    assert match, message.text
    return match.group(1)

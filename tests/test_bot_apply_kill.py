"""SIGKILL of the real process at several moments after «Застосувати» under an upload's preview (a plan sheet, an
amended program): either everything is applied, or the upload still waits and «Застосувати» works after the
restart. Never half, never lost, never twice; the coordinator is told either way."""

from __future__ import annotations

import asyncio
import io
import signal
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from openpyxl import load_workbook

from reports.plan_sheet import COL_PLAN, HEADER_ROW
from storage.models import Fund
from tests.botkit import prepare_database
from tests.fakeapi import BotMessage, FakeBotApi, FakeUser
from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401
from tests.test_bot_amendments import amended_2024
from tests.test_bot_crash import bot_env, bot_process, integrity

COORDINATOR = 500

# How the process is caught: while it answers the button (before anything is applied), while it tells the
# coordinator (after the commit), or at a moment in time after the press.
MOMENTS = ["answering", "telling", 0.0, 0.03, 0.08]


def _pending(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT applied_at IS NOT NULL, length(content) > 0 FROM pending_imports"
        ).fetchall()


def _plans_2024(db: Path) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT measure_id, fund, amount FROM plans WHERE year = 2024 ORDER BY 1, 2"
        ).fetchall()


def _plan_revisions_2024(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM plan_revisions WHERE year = 2024").fetchone()[0]


def _measure_numbers(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return [r[0] for r in conn.execute("SELECT number FROM measures ORDER BY id")]


async def _kill_at(
    fake: FakeBotApi, proc: asyncio.subprocess.Process, moment: str | float, press: str
) -> None:
    def in_flight(method: str) -> bool:
        return any(c.status is None for c in fake.calls_to(method))

    def answered() -> bool:
        return any(c.params.get("callback_query_id") == press for c in fake.calls_to("answerCallbackQuery"))

    if moment == "answering":
        assert await fake.wait_until(lambda: in_flight("answerCallbackQuery") and answered(), 15)
    elif moment == "telling":
        assert await fake.wait_until(lambda: in_flight("sendMessage"), 15)
    else:
        assert isinstance(moment, float)
        await asyncio.sleep(moment)  # a moment in time is what this test is about
    proc.send_signal(signal.SIGKILL)
    await proc.wait()


async def _apply_with_a_kill(
    tmp_path: Path,
    fake: FakeBotApi,
    moment: str | float,
    preview_of: Callable[[FakeUser], Awaitable[BotMessage]],
    applied: Callable[[], bool],
    applied_words: str,
) -> None:
    db = tmp_path / "z.db"
    await prepare_database(db)
    env = bot_env(fake, db)
    coordinator = fake.user(id=COORDINATOR, first_name="Координаторка")
    async with bot_process(env, tmp_path) as first:
        preview = await preview_of(coordinator)
        assert not applied()
        coordinator.drain()
        if moment == "answering":
            fake.delay("answerCallbackQuery", 30)
        elif moment == "telling":
            fake.delay("sendMessage", 30)
        press = await coordinator.press("Застосувати", preview)
        await _kill_at(fake, first, moment, press)
        fake.delay("answerCallbackQuery", 0)
        fake.delay("sendMessage", 0)
    assert integrity(db) == "ok"
    [(marked, has_bytes)] = _pending(db)
    # Both or neither: applied and marked (its bytes dropped), or nothing applied and the upload still waiting.
    assert (applied(), bool(marked), bool(has_bytes)) in {(True, True, False), (False, False, True)}, moment
    if moment == "answering":
        assert not applied()
    if moment == "telling":
        assert applied()
    was_applied = applied()

    async with bot_process(env, tmp_path):
        coordinator.drain()
        query = await coordinator.press("Застосувати", preview)
        if was_applied:  # told now, never applied twice
            answer = await fake.wait_answered(query, timeout=20)
            assert "уже застосовано" in answer["text"]
        else:  # the press the kill lost works after the restart
            await coordinator.expect(applied_words, timeout=20)
    assert applied()
    assert integrity(db) == "ok"


async def _plan_sheet_preview(coordinator: FakeUser) -> BotMessage:
    await coordinator.send("/plan 2024")
    sheet = await coordinator.expect("План на 2024 рік: заповніть", timeout=20)
    wb = load_workbook(io.BytesIO(await coordinator.download(sheet)))
    ws = wb.active
    assert ws is not None
    # row HEADER_ROW + 1 is task 1's; measure 1.1 is under it
    ws.cell(HEADER_ROW + 2, COL_PLAN[Fund.GENERAL], 7.5)
    out = io.BytesIO()
    wb.save(out)
    await coordinator.send_document("План 2024.xlsx", out.getvalue())
    await coordinator.expect("Отримав файл")
    return await coordinator.expect("Аркуш плану на 2024 рік")


@pytest.mark.parametrize("moment", MOMENTS)
async def test_a_kill_after_applying_a_plan_sheet_loses_nothing(
    tmp_path: Path, fake_api: FakeBotApi, moment: str | float
) -> None:
    db = tmp_path / "z.db"

    def applied() -> bool:
        plans = _plans_2024(db)
        if plans:  # whole: every plan the sheet sets, each with one revision
            assert len(plans) >= 30 and _plan_revisions_2024(db) == len(plans)
        return bool(plans)

    await _apply_with_a_kill(
        tmp_path, fake_api, moment, _plan_sheet_preview, applied, "План на 2024 рік застосовано"
    )


async def _amendment_preview(coordinator: FakeUser) -> BotMessage:
    await coordinator.send_document("zvit-2024.txt", amended_2024().encode())
    await coordinator.expect("Отримав файл", timeout=20)
    return await coordinator.expect("Що буде імпортовано", timeout=20)


@pytest.mark.parametrize("moment", MOMENTS)
async def test_a_kill_after_applying_an_amended_program_loses_nothing(
    tmp_path: Path, fake_api: FakeBotApi, moment: str | float
) -> None:
    db = tmp_path / "z.db"

    def applied() -> bool:
        numbers = _measure_numbers(db)
        # whole: 2.12 renumbered 2.13 and 1.4 reworded in the same transaction (one check suffices for both)
        assert ("2.13" in numbers) != ("2.12" in numbers)
        return "2.13" in numbers

    await _apply_with_a_kill(tmp_path, fake_api, moment, _amendment_preview, applied, "Імпортовано")

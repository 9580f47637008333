"""200 executors report at once, each a whole department: everything saved, nothing mixed up."""

from __future__ import annotations

import asyncio
import datetime as dt
from decimal import Decimal
from pathlib import Path

from bot.app import build_application
from storage.db import connect
from storage.members import add_membership, touch_user
from storage.models import (
    Fund,
    MeasureDepartment,
    NewDepartment,
    NewMeasure,
    NewProgram,
    NewTask,
    PeriodStatus,
)
from storage.periods import set_period
from storage.programs import set_plan, upsert_department, upsert_measure, upsert_program, upsert_task
from storage.submissions import program_submissions
from tests.botkit import running, settings_for
from tests.fakeapi import FakeBotApi, FakeUser
from tests.fakeapi.fixtures import fake_api_fixture  # noqa: F401

USERS = 200
PER_DEPARTMENT = 1


async def _synthetic(path: Path) -> None:
    """One department per executor, two measures each."""
    db = await connect(path)
    try:
        async with db.transaction() as conn:
            program_id = await upsert_program(
                conn,
                NewProgram(
                    name="Навантажувальна програма",
                    decision_number="1",
                    decision_date=dt.date(2020, 1, 1),
                    start_year=2020,
                    end_year=2025,
                    responsible_department="Управління",
                ),
            )
            task_id = await upsert_task(conn, program_id, NewTask(number="1", text="Завдання", position=0))
            for u in range(USERS):
                dep = await upsert_department(
                    conn, NewDepartment(code=f"d{u}", name=f"Підрозділ {u}", short_name=f"П{u}")
                )
                for k in range(PER_DEPARTMENT):
                    number = f"1.{u * PER_DEPARTMENT + k + 1}"
                    measure_id = await upsert_measure(
                        conn,
                        program_id,
                        task_id,
                        NewMeasure(
                            number=number,
                            text=f"Захід {number}",
                            term="2020-2025",
                            executors_text=f"Підрозділ {u}",
                            position=u * PER_DEPARTMENT + k,
                            departments=(MeasureDepartment(department_id=dep, is_lead=True),),
                        ),
                    )
                    await set_plan(conn, measure_id, 2023, Fund.GENERAL, Decimal(10))
                await touch_user(conn, 10_000 + u, f"Виконавець {u}", None)
                await add_membership(conn, 10_000 + u, dep)
            await set_period(conn, program_id, 2023, PeriodStatus.OPEN, dt.date(2024, 1, 20))
    finally:
        await db.close()


async def _report_department(user: FakeUser, u: int) -> None:
    await user.send("/start")
    await user.expect("Залишилося", timeout=60)
    await user.press(f"1.{u * PER_DEPARTMENT + 1}.")
    card = await user.expect("Фактичний", timeout=60)
    for k in range(PER_DEPARTMENT):
        number = f"1.{u * PER_DEPARTMENT + k + 1}"
        assert f"{number}. " in card.text
        for answer in (str(u % 10), str(u % 10), "50", f"Звіт користувача {u} про захід {number}"):
            await user.send(answer)
            await user.next_message(timeout=60)
        await user.press("Підтвердити")
        card = await user.expect("Збережено", timeout=60)  # with the next measure's card, at once


async def test_200_executors_at_once(tmp_path: Path, fake_api: FakeBotApi) -> None:
    db_path = tmp_path / "load.sqlite3"
    await _synthetic(db_path)
    app = build_application(settings_for(fake_api, db_path))
    users = [fake_api.user(id=10_000 + u, first_name=f"Виконавець {u}") for u in range(USERS)]
    async with running(app):
        await asyncio.gather(*(_report_department(user, u) for u, user in enumerate(users)))
    db = await connect(db_path)
    try:
        subs = await program_submissions(db.conn, 1, 2023)
    finally:
        await db.close()
    assert len(subs) == USERS * PER_DEPARTMENT
    for s in subs:
        u = s.author_id - 10_000
        assert s.department_id == u + 1  # departments were created in user order
        assert s.info.startswith(f"Звіт користувача {u} про захід ")
        assert s.actual == Decimal(u % 10) and s.author_name == f"Виконавець {u}"

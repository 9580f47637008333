"""The Mini App on a real database: the seed program (2023 open, reports waiting for review) and a second
program (Kalush's sport program) with its own coordinator; initData signed as Telegram signs it."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import aiosqlite

from reports.importer import import_report, read_file_grid
from reports.report_parser import parse_grid
from storage.db import Database, connect
from storage.indicators import add_indicator_fact, add_indicators, set_indicator_plans
from storage.members import add_membership, touch_user
from storage.models import IndicatorKind, NewIndicator, NewSubmission, Source
from storage.programs import list_programs, load_program
from storage.roles import RoleKind, grant_role
from storage.submissions import add_submission
from tests.botkit import YEAR, prepare_database
from webapp.initdata import sign
from webapp.server import WebappConfig

DATA = Path(__file__).parent / "data"
TOKEN = "123456:" + "A" * 35
ADMIN = 500  # named in the settings
COORDINATOR = 501  # the seed program's
OTHER = 502  # Kalush's sport program's coordinator
OBSERVER = 503
MEMBER = 504  # a department's member: no desk for them
WAITING = ("1.1", "1.2", "1.3")  # measures with a bot report waiting for review


async def make_world(path: Path) -> None:
    await prepare_database(path)
    db = await connect(path)
    try:
        kalush = DATA / "kalush_sport_2023.txt"
        await import_report(db, parse_grid(read_file_grid(kalush)), source_name=kalush.name)
        async with db.transaction() as conn:
            seed, sport = await list_programs(conn)
            await grant_role(conn, COORDINATOR, RoleKind.COORDINATOR, seed.id, granted_by=ADMIN)
            await grant_role(conn, OTHER, RoleKind.COORDINATOR, sport.id, granted_by=ADMIN)
            await grant_role(conn, OBSERVER, RoleKind.OBSERVER, granted_by=ADMIN)
            tree = await load_program(conn, seed.id)
            assert tree is not None
            for number in WAITING:
                measure = tree.measure_by_number(number)
                assert measure is not None
                department = measure.department_ids()[0]
                await touch_user(conn, MEMBER, "Марія Виконавиця", None)
                await add_membership(conn, MEMBER, department)
                await add_submission(
                    conn,
                    NewSubmission(
                        measure_id=measure.id,
                        department_id=department,
                        year=YEAR,
                        actual="10.5",
                        financed="9.0",
                        percent="86",
                        info=f"Зроблено за заходом {number}",
                        author_id=MEMBER,
                        author_name="Марія Виконавиця",
                        source=Source.BOT,
                    ),
                )
            await _indicators(conn, seed.id)
    finally:
        await db.close()


async def _indicators(conn: aiosqlite.Connection, program_id: int) -> None:
    """Two result indicators of the year, one met and one missed with its reason (section 2)."""
    at = dt.datetime(YEAR, 12, 1, tzinfo=dt.UTC)
    count, share = await add_indicators(
        conn,
        [
            NewIndicator(
                program_id=program_id,
                number=1,
                kind=IndicatorKind.PRODUCT,
                name="Кількість тренінгів",
                unit="од.",
            ),
            NewIndicator(
                program_id=program_id,
                number=2,
                kind=IndicatorKind.QUALITY,
                name="Частка задоволених",
                unit="%",
            ),
        ],
    )
    plans = {(count.id, YEAR): Decimal(12), (share.id, YEAR): Decimal(80)}
    await set_indicator_plans(conn, program_id, plans, user_id=None, source=Source.IMPORT, at=at)
    await add_indicator_fact(
        conn, count.id, YEAR, Decimal(15), None, user_id=None, source=Source.IMPORT, at=at
    )
    reason = "Частина людей на лікарняному"
    await add_indicator_fact(
        conn, share.id, YEAR, Decimal("72.5"), reason, user_id=None, source=Source.IMPORT, at=at
    )


def copy_world(made: Path, target: Path) -> Path:
    shutil.copyfile(made, target)
    return target


def init_data(user_id: int, *, token: str = TOKEN, age: float = 0, first_name: str = "Оксана") -> str:
    fields = {
        "query_id": "AAE-test",
        "user": json.dumps(
            {"id": user_id, "first_name": first_name, "last_name": "Тест"}, ensure_ascii=False
        ),
        "auth_date": str(int(time.time() - age)),
    }
    fields["hash"] = sign(fields, token)
    return urlencode(fields)


def config_for(db: Database, **overrides: object) -> WebappConfig:
    values: dict[str, object] = {
        "bot_token": TOKEN,
        "db": db,
        "administrators": frozenset({ADMIN}),
        "tz": ZoneInfo("Europe/Kyiv"),
        "port": 0,
    }
    values.update(overrides)
    return WebappConfig(**values)  # type: ignore[arg-type]

"""The Mini App's program view (GET /api/programs/{id}?year=): its JSON for the seed and for a 2,000-measure
program, beside a bare aiohttp handler returning the same bytes, over the same local HTTP, in the same run
(the difference is the view's own server time: the actions, the report, the marks, the charts).

Targets (issue 26): under 100 ms for the seed, under 500 ms for 2,000 measures (with one revision of each
report, and with 50)."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import statistics
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from benchmarks.reports_bench import _database
from reports.importer import import_report, read_file_grid
from reports.report_parser import parse_grid
from storage.db import connect
from storage.models import PeriodStatus
from storage.periods import set_period
from storage.programs import list_programs
from tests.conftest import SEED
from webapp.initdata import sign
from webapp.server import WebappConfig, build_app

TOKEN = "123456:" + "A" * 35
ADMIN = 1
YEAR = 2023


def _init() -> str:
    fields = {"user": json.dumps({"id": ADMIN, "first_name": "Bench"}), "auth_date": str(int(time.time()))}
    fields["hash"] = sign(fields, TOKEN)
    return urlencode(fields)


async def _seed(path: Path) -> None:
    db = await connect(path)
    try:
        await import_report(db, parse_grid(read_file_grid(SEED)), source_name=SEED.name)
        async with db.transaction() as conn:
            [program] = await list_programs(conn)
            await set_period(conn, program.id, YEAR, PeriodStatus.OPEN, dt.date(2024, 1, 20))
    finally:
        await db.close()


async def _measure(path: Path, rounds: int) -> tuple[float, float, int]:
    """Median seconds of the view and of the bare handler, and the JSON's size."""
    db = await connect(path)
    try:
        async with db.locked() as conn:
            program_id = (await list_programs(conn))[0].id
        config = WebappConfig(TOKEN, db, frozenset({ADMIN}), ZoneInfo("Europe/Kyiv"))
        headers = {"X-Telegram-Init-Data": _init()}
        url = f"/api/programs/{program_id}?year={YEAR}"
        async with TestClient(TestServer(build_app(config))) as client:
            body = await (await client.get(url, headers=headers)).read()  # warm
            bare_app = web.Application()

            async def bare(request: web.Request) -> web.Response:
                return web.Response(body=body, content_type="application/json")

            bare_app.router.add_get("/bare", bare)
            async with TestClient(TestServer(bare_app)) as bare_client:
                ours, base = [], []
                for _ in range(rounds):  # interleaved: the machine's noise hits both
                    start = time.perf_counter()
                    response = await client.get(url, headers=headers)
                    await response.read()
                    ours.append(time.perf_counter() - start)
                    assert response.status == 200
                    start = time.perf_counter()
                    await (await bare_client.get("/bare")).read()
                    base.append(time.perf_counter() - start)
        return statistics.median(ours), statistics.median(base), len(body)
    finally:
        await db.close()


def run(quick: bool = False) -> list[tuple[str, str, str, str]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / "seed.sqlite3"
        asyncio.run(_seed(seed))
        big = Path(tmp) / "big.sqlite3"
        tasks = 5 if quick else 50
        _database(big, tasks, 40, 1)
        # The same program with 50 revisions of each report (500,000 for 2,000 measures): the view reads
        # the newest ones only, by index seeks, so its time does not grow with the history.
        history = Path(tmp) / "history.sqlite3"
        _database(history, tasks, 40, 50)
        for label, path, target in (
            ("seed (37 measures)", seed, 0.1),
            (f"{tasks * 40:,} measures", big, 0.5),
            (f"{tasks * 40:,} measures x 50 revisions", history, 0.5),
        ):
            ours, base, size = asyncio.run(_measure(path, 5 if quick else 15))
            rows.append(
                (
                    f"Mini App program view: {label}, median s",
                    f"{ours:.3f}",
                    f"{base:.4f} (bare aiohttp, same {size // 1024} KB JSON)",
                    f"view's own {ours - base:.3f} s; target < {target} s",
                )
            )
    return rows

"""The city at a glance against one program: /status of the city and ``/report 2024 all`` at 50 programs x 40
measures, each beside the same work for one program of the same database, measured in the same run.

The database: 50 programs (10 in ``--quick``) of 4 tasks x 10 measures, 20 departments, one or two departments a
measure; 2023 locked and 2024 open with its deadline passed, both with plans of both funds; in 2024 four measures
in five reported (through the bot: half of them accepted, the rest waiting for review), in 2023 every measure, with
a second revision of every fifth.

- ``/status`` of the city: ``actions.city.city_status`` (each program's default year: the open 2024), what the
  chat's overview renders; baseline: ``actions.status.year_status`` of one program (the per-program /status).
  Ratio = city / (programs x one): what the city costs against asking each program in turn.
- ``/report 2024 all``: ``actions.reports.city_reports`` and the ZIP written (each program's XLSX and PDF, the
  city sheet: ``reports.city_package``), as the bot and ``python -m cli report 2024 --all`` do; baseline: one
  program's report built and written in XLSX and PDF (what ``/report 2024`` sends). Ratio = all / (programs x one).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import gc
import io
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

from actions.actor import Actor
from actions.city import city_status
from actions.reports import city_reports, year_report
from actions.status import year_status
from reports.city_package import write_city_package
from reports.writers import writer_for
from storage.db import Database, connect
from storage.programs import get_program

YEAR = 2024
TASKS = 4
PER_TASK = 10
DEPARTMENTS = 20
TODAY = dt.date(2025, 2, 3)  # after the 2024 deadline (20.01.2025): the departments owing are late
ADMIN = Actor(1, "Адміністраторка", administrator=True)
TS = "2025-01-10T10:00:00.000000Z"


def _fill(path: Path, programs: int) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO departments (id, code, name, short_name) VALUES (?, ?, ?, ?)",
            [(d, f"d{d}", f"Управління {d} міської ради", f"У{d}") for d in range(1, DEPARTMENTS + 1)],
        )
        measure_id = submission_id = 0
        for p in range(1, programs + 1):
            responsible = 1 + p % DEPARTMENTS
            conn.execute(
                """INSERT INTO programs (id, name, decision_number, decision_date, start_year, end_year,
                   responsible_department, responsible_department_id, signatory_title, signatory_name)
                   VALUES (?, ?, ?, '2019-12-18', 2020, 2025, ?, ?, 'Начальник управління', 'Олена ТЕСТОВА')""",
                (
                    p,
                    f"Цільова програма «Житомирська громада – напрям розвитку {p}» на 2020-2025 роки",
                    str(1000 + p),
                    f"Управління {responsible} міської ради",
                    responsible,
                ),
            )
            for year, status in ((2023, "locked"), (YEAR, "open")):
                conn.execute(
                    "INSERT INTO reporting_periods (program_id, year, status, deadline) VALUES (?, ?, ?, ?)",
                    (p, year, status, f"{year + 1}-01-20"),
                )
            for t in range(TASKS):
                task_id = (p - 1) * TASKS + t + 1
                conn.execute(
                    "INSERT INTO tasks (id, program_id, number, text, position) VALUES (?, ?, ?, ?, ?)",
                    (task_id, p, str(t + 1), f"Завдання {t + 1}: розвиток напряму {p} у громаді", t),
                )
                for k in range(PER_TASK):
                    measure_id += 1
                    departments = [1 + (measure_id + j) % DEPARTMENTS for j in range(1 + measure_id % 2)]
                    conn.execute(
                        """INSERT INTO measures (id, program_id, task_id, number, text, term, executors_text,
                           position) VALUES (?, ?, ?, ?, ?, '2020-2025', ?, ?)""",
                        (
                            measure_id,
                            p,
                            task_id,
                            f"{t + 1}.{k + 1}",
                            f"Проведення заходу {t + 1}.{k + 1} програми {p} щодо розвитку громади",
                            "; ".join(f"Управління {d} міської ради" for d in departments),
                            k,
                        ),
                    )
                    for j, d in enumerate(departments):
                        conn.execute(
                            "INSERT INTO measure_departments (measure_id, department_id, is_lead, position, program_id)"
                            " VALUES (?, ?, ?, ?, ?)",
                            (measure_id, d, int(j == 0), j, p),
                        )
                    for year in (2023, YEAR):
                        conn.execute(
                            "INSERT INTO plans VALUES (?, ?, 'general', ?)",
                            (measure_id, year, f"{measure_id % 90}.5"),
                        )
                        if measure_id % 3 == 0:
                            conn.execute(
                                "INSERT INTO plans VALUES (?, ?, 'special', '10.0')", (measure_id, year)
                            )
                    for year in (2023, YEAR):
                        if year == YEAR and measure_id % 5 == 0:
                            continue  # owed
                        revisions = 2 if year == 2023 and measure_id % 5 == 1 else 1
                        for d in departments:
                            for r in range(revisions):
                                submission_id += 1
                                conn.execute(
                                    """INSERT INTO submissions (id, measure_id, department_id, year, actual, financed,
                                       percent, info, author_id, author_name, created_at, source)
                                       VALUES (?, ?, ?, ?, '12.0', '10.0', '80.0', ?, 10, 'Працівник', ?, 'bot')""",
                                    (
                                        submission_id,
                                        measure_id,
                                        d,
                                        year,
                                        f"Захід {t + 1}.{k + 1} виконано: проведено {r + 3} зустрічі з мешканцями",
                                        f"{year + 1}-01-{10 + r:02d}T10:00:00.{submission_id % 999_999:06d}Z",
                                    ),
                                )
                                if year == 2023 or measure_id % 2:
                                    conn.execute(
                                        """INSERT INTO reviews (submission_id, state, reviewer_id, created_at)
                                           VALUES (?, 'accepted', 1, ?)""",
                                        (submission_id, TS),
                                    )
    conn.close()


async def database(path: Path, programs: int) -> Database:
    """The benchmark's database (module doc), open."""
    db = await connect(path)  # the schema, by the migrations
    await db.close()
    _fill(path, programs)
    return await connect(path)


def _timed(fn: Callable[[], Awaitable[object]], rounds: int) -> Callable[[], Awaitable[float]]:
    async def once() -> float:
        start = time.perf_counter()
        for _ in range(rounds):
            await fn()
        return (time.perf_counter() - start) / rounds

    return once


async def _interleaved(
    ours: Callable[[], Awaitable[float]], base: Callable[[], Awaitable[float]], rounds: int
) -> tuple[float, float]:
    """Medians of ``rounds`` samples of each, interleaved (a burst of other load hits both)."""
    await ours()
    await base()  # warm: statements prepared, pages cached
    times: tuple[list[float], list[float]] = ([], [])
    gc.collect()
    gc.disable()
    try:
        for i in range(rounds):
            pair = ((0, ours), (1, base)) if i % 2 else ((1, base), (0, ours))
            for side, fn in pair:
                times[side].append(await fn())
    finally:
        gc.enable()
    return statistics.median(times[0]), statistics.median(times[1])


async def _status(db: Database, programs: int, rounds: int) -> tuple[float, float]:
    async def city() -> object:
        return await city_status(db, ADMIN, None, TODAY)

    async def one() -> object:
        return await year_status(db, ADMIN, 1, YEAR)

    return await _interleaved(_timed(city, 3), _timed(one, 3 * programs), rounds)


FORMATS = ("xlsx", "pdf")  # REPORT_FORMATS' default: what /report sends


async def _report_all(db: Database) -> tuple[float, int]:
    """``/report 2024 all`` as the bot makes it: every report built, the ZIP written in a worker thread."""
    start = time.perf_counter()
    city = await city_reports(db, ADMIN, YEAR)
    reports = [built.report for _, built in city.reports]
    assert len(reports) == len(city.reports) and not city.without_data

    def write() -> int:
        buffer = io.BytesIO()
        write_city_package(YEAR, reports, [], FORMATS, buffer)
        return len(buffer.getvalue())

    size = await asyncio.to_thread(write)
    return time.perf_counter() - start, size


async def _report_one(db: Database) -> float:
    """``/report 2024`` of one program: built, then each format written in a worker thread (bot.report_builds)."""
    start = time.perf_counter()
    async with db.locked() as conn:
        program = await get_program(conn, 1)
    assert program is not None
    built = await year_report(db, ADMIN, program, YEAR)
    for extension in FORMATS:
        writer = writer_for(f"report.{extension}")
        await asyncio.to_thread(writer.write, built.report, io.BytesIO())
    return time.perf_counter() - start


async def _reports(db: Database, rounds: int) -> tuple[float, float, int]:
    await _report_one(db)  # warm: fonts loaded, statements prepared
    alls, ones, size = [], [], 0
    for _ in range(rounds):  # interleaved: a burst of other load hits both
        ones.append(statistics.median([await _report_one(db) for _ in range(3)]))
        seconds, size = await _report_all(db)
        alls.append(seconds)
    return statistics.median(alls), statistics.median(ones), size


async def _measure(quick: bool) -> list[tuple[str, str, str, str]]:
    programs = 10 if quick else 50
    size = f"{programs} programs x {TASKS * PER_TASK} measures"
    with tempfile.TemporaryDirectory() as tmp:
        db = await database(Path(tmp) / "city.sqlite3", programs)
        try:
            city, one = await _status(db, programs, 5 if quick else 9)
            every, single, zipped = await _reports(db, 1 if quick else 3)
        finally:
            await db.close()
    return [
        (
            f"/status of the city, {size}, ms",
            f"{city * 1000:.1f}",
            f"{one * 1000:.2f} (/status of one program)",
            f"ratio {city / (programs * one):.2f} of {programs} x one",
        ),
        (
            f"/report 2024 all ({'+'.join(FORMATS)} + city sheet, ZIP), {size}, s",
            f"{every:.2f}",
            f"{single:.3f} (/report 2024 of one program)",
            f"ratio {every / (programs * single):.2f} of {programs} x one; the ZIP {zipped / 2**20:.1f} MB",
        ),
    ]


def run(quick: bool = False) -> list[tuple[str, str, str, str]]:
    return asyncio.run(_measure(quick))


if __name__ == "__main__":
    for row in run():
        print(*row, sep="  |  ")

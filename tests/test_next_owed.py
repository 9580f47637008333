"""The next measure after a report (actions.reporting.next_owed, issue 23) is the one the department's whole list
would give (``next_waiting`` over the list as the report left it), read one program at a time."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

from actions.reporting import _reported, next_owed, next_waiting
from storage.db import connect
from storage.workload import worklist

YEARS = (2024, 2025)


def _fill(path: Path, rng: random.Random) -> None:
    """5 programs of 6 measures in 2 tasks; department 1 executes some of each, in programs 1, 2, 4, 5 (3
    locked); program 2 has both years open; reports, drafts of user 7 and terms that leave a year out, at
    random."""
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO departments (id, code, name, short_name) VALUES (?, ?, ?, ?)",
            [(1, "a", "Управління А", "УА"), (2, "b", "Управління Б", "УБ")],
        )
        measure = 0
        for p in range(1, 6):
            conn.execute(
                """INSERT INTO programs (id, name, decision_number, decision_date, start_year, end_year,
                   responsible_department) VALUES (?, ?, ?, '2024-01-01', 2024, 2025, 'УА')""",
                (p, f"Програма {p}", str(p)),
            )
            for year in YEARS:
                status = "open" if (p != 3 and year == 2025) or (p == 2 and year == 2024) else "locked"
                conn.execute(
                    "INSERT INTO reporting_periods (program_id, year, status) VALUES (?, ?, ?)",
                    (p, year, status),
                )
            for t in (1, 2):
                # tasks in reverse order of their ids: the list goes by position, not by id
                conn.execute(
                    "INSERT INTO tasks (id, program_id, number, text, position) VALUES (?, ?, ?, 'Завдання', ?)",
                    (p * 10 + t, p, str(t), 3 - t),
                )
                for k in range(3):
                    measure += 1
                    term = rng.choice(("2024-2025", "2024-2025", "2025", "2024"))
                    conn.execute(
                        """INSERT INTO measures (id, program_id, task_id, number, text, term, executors_text,
                           position) VALUES (?, ?, ?, ?, 'Захід', ?, 'УА', ?)""",
                        (measure, p, p * 10 + t, f"{t}.{k + 1}", term, k),
                    )
                    department = 1 if p == 3 or rng.random() < 0.7 else 2
                    conn.execute(
                        "INSERT INTO measure_departments (measure_id, department_id, is_lead, position)"
                        " VALUES (?, ?, 1, 0)",
                        (measure, department),
                    )
                    for year in YEARS:
                        draw = rng.random()
                        if draw < 0.5:
                            conn.execute(
                                """INSERT INTO submissions (measure_id, department_id, year, info, author_id,
                                   created_at, source) VALUES (?, ?, ?, 'x', 7, '2025-01-01T10:00:00.000000Z', 'bot')""",
                                (measure, department, year),
                            )
                        elif draw < 0.6:
                            conn.execute(
                                """INSERT INTO drafts (user_id, measure_id, department_id, year, step, data, active,
                                   updated_at, started) VALUES (7, ?, ?, ?, 'info', '{}', 0,
                                   '2025-01-01T10:00:00.000000Z', 1)""",
                                (measure, department, year),
                            )
    conn.close()


async def test_the_next_measure_is_the_whole_lists_next_waiting(tmp_path: Path) -> None:
    compared = 0
    for seed in range(12):
        path = tmp_path / f"{seed}.sqlite3"
        await (await connect(path)).close()  # the schema, by the migrations
        _fill(path, random.Random(seed))
        db = await connect(path)
        try:
            async with db.locked() as conn:
                items = await worklist(conn, 1, 7)
                # every row of the list, and a measure (and a year) that is not in it
                for measure, year in [(i.measure_id, i.year) for i in items] + [(13, 2025), (2, 2023)]:
                    expected = next_waiting(_reported(items, measure, year), measure, year)
                    assert await next_owed(conn, 1, 7, measure, year) == expected, (seed, measure, year)
                    compared += 1
        finally:
            await db.close()
    assert compared > 150


def _fill_department_of_many(path: Path, programs: int) -> None:
    """``programs`` open programs of 10 measures; department 1 executes 5 of each, the odd ones reported."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO departments (id, code, name, short_name) VALUES (1, 'a', 'Управління', 'У')"
        )
        conn.execute(
            "INSERT INTO departments (id, code, name, short_name) VALUES (2, 'b', 'Управління Б', 'Б')"
        )
        measure = 0
        for p in range(1, programs + 1):
            conn.execute(
                """INSERT INTO programs (id, name, decision_number, decision_date, start_year, end_year,
                   responsible_department) VALUES (?, ?, ?, '2024-01-01', 2024, 2025, 'У')""",
                (p, f"Програма {p}", str(p)),
            )
            conn.execute(
                "INSERT INTO reporting_periods (program_id, year, status) VALUES (?, 2025, 'open')", (p,)
            )
            conn.execute(
                "INSERT INTO tasks (id, program_id, number, text, position) VALUES (?, ?, '1', 'Завдання', 1)",
                (p, p),
            )
            for k in range(10):
                measure += 1
                conn.execute(
                    """INSERT INTO measures (id, program_id, task_id, number, text, term, executors_text, position)
                       VALUES (?, ?, ?, ?, 'Захід', '2024-2025', 'У', ?)""",
                    (measure, p, p, f"1.{k + 1}", k),
                )
                conn.execute(
                    "INSERT INTO measure_departments (measure_id, department_id, is_lead, position) VALUES (?, ?, 1, 0)",
                    (measure, 1 if k < 5 else 2),
                )
                if k % 2:
                    conn.execute(
                        """INSERT INTO submissions (measure_id, department_id, year, info, author_id, created_at,
                           source) VALUES (?, ?, 2025, 'x', 7, '2025-01-01T10:00:00.000000Z', 'bot')""",
                        (measure, 1 if k < 5 else 2),
                    )
    conn.execute("ANALYZE")  # as a database in use has statistics: plans change with them
    conn.close()


async def _steps(path: Path, programs: int) -> tuple[int, int]:
    """SQLite VM steps of (the next measure after reporting program 1's first, the department's whole list)."""
    await (await connect(path)).close()
    _fill_department_of_many(path, programs)
    db = await connect(path)
    steps = [0]

    def step() -> int:
        steps[0] += 1
        return 0

    costs = []
    try:
        async with db.locked() as conn:
            for lookup in (lambda: next_owed(conn, 1, 7, 1, 2025), lambda: worklist(conn, 1, 7)):
                await lookup()  # statements prepared, pages cached
                steps[0] = 0
                await conn.set_progress_handler(step, 1)
                found = await lookup()
                await conn.set_progress_handler(None, 1)
                costs.append(steps[0])
            assert (await next_owed(conn, 1, 7, 1, 2025)).measure_id == 3  # type: ignore[union-attr]
            assert len(found) == 5 * programs  # type: ignore[arg-type]
    finally:
        await db.close()
    return costs[0], costs[1]


async def test_the_next_measure_costs_its_programs_rows_not_the_departments_list(tmp_path: Path) -> None:
    """A department executing 100 open programs (500 rows in its list): a report's next measure costs what it
    costs at 2 programs; reading the whole list (main before issue 23) cost 50 times more."""
    few, few_list = await _steps(tmp_path / "two.sqlite3", 2)
    many, many_list = await _steps(tmp_path / "hundred.sqlite3", 100)
    assert many_list > 20 * few_list  # the list itself grows with the department's work, as it should
    assert many <= few * 1.2, (few, many)

"""Cost independent of history: no query on a hot path scans a table that grows with history.

Every statement that the hot paths send (opening a measure, answering, confirming, the list, /status, the city's,
the reminder check, a report's plans as of a moment) is recorded on a small seeded database, then run again
under EXPLAIN QUERY PLAN: a ``SCAN`` of submissions, reminders_sent, drafts, plan_revisions or mutes (whole
table or whole index) fails. The big-versus-small timings are in the benchmarks (benchmarks/queries_bench.py).
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from pathlib import Path
from typing import Any

import aiosqlite

from bot.reminders import rules
from bot.reminders.config import ReminderSettings
from storage.clock import KYIV
from storage.db import Database, connect
from storage.drafts import (
    Draft,
    active_draft,
    active_draft_with_period,
    deactivate,
    delete_draft,
    get_draft,
    save_draft,
)
from storage.members import add_membership, department_members, touch_user, user_departments
from storage.models import NewSubmission, Source
from storage.periods import all_periods, newest_data_years
from storage.programs import list_departments, load_plans
from storage.progress import program_progress, programs_progress
from storage.reminders import (
    claim,
    claimed_keys,
    last_reminded,
    load_periods,
    load_snapshot,
    muted_members,
    set_mute,
)
from storage.reviews import waiting_counts, waiting_places
from storage.submissions import add_submission, latest_submission
from storage.workload import measure_view, worklist
from tests.botkit import YEAR, prepare_database

HISTORY_TABLES = ("submissions", "reminders_sent", "drafts", "plan_revisions", "mutes")


def _kept(params: Any) -> Any:
    """Named parameters as they are (a dict), positional ones as a tuple."""
    return dict(params) if isinstance(params, dict) else tuple(params or ())


class Recorder:
    """Wraps a connection's execute and execute_fetchall and keeps every (sql, params)."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self.conn = conn
        self.statements: list[tuple[str, Any]] = []
        self._execute, self._fetchall = conn.execute, conn.execute_fetchall

    def __enter__(self) -> Recorder:
        def execute(sql: str, params: Any = ()) -> Any:
            self.statements.append((sql, _kept(params)))
            return self._execute(sql, params)

        async def fetchall(sql: str, params: Any = ()) -> Any:
            self.statements.append((sql, _kept(params)))
            return await self._fetchall(sql, params)

        self.conn.execute = execute  # type: ignore[method-assign]
        self.conn.execute_fetchall = fetchall  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        self.conn.execute = self._execute  # type: ignore[method-assign]
        self.conn.execute_fetchall = self._fetchall  # type: ignore[method-assign]


def aliases(sql: str) -> dict[str, str]:
    """alias -> table for every ``FROM/JOIN table [AS] alias`` in the statement."""
    found = {}
    for table, alias in re.findall(r"(?:FROM|JOIN)\s+(\w+)(?:\s+(?:AS\s+)?(\w+))?", sql, re.IGNORECASE):
        found[table] = table
        if alias and alias.upper() not in {"ON", "WHERE", "JOIN", "LEFT", "ORDER", "GROUP", "USING", "INNER"}:
            found[alias] = table
    return found


async def scans(conn: aiosqlite.Connection, sql: str, params: Any) -> list[str]:
    if not re.match(r"\s*(SELECT|UPDATE|DELETE|INSERT|WITH)", sql, re.IGNORECASE):
        return []
    plan = await conn.execute_fetchall("EXPLAIN QUERY PLAN " + sql, params)
    names = aliases(sql)
    bad = []
    for row in plan:
        detail = row[3]
        match = re.match(r"SCAN (\w+)", detail)
        if match and names.get(match.group(1), match.group(1)) in HISTORY_TABLES:
            bad.append(detail)
    return bad


async def seeded(path: Path) -> Database:
    """The seed program, 2023 open; a member; some history in every table that grows with it."""
    await prepare_database(path)
    db = await connect(path)
    async with db.transaction() as conn:
        department = (await list_departments(conn))[0]
        await touch_user(conn, 1001, "Олена", None)
        await add_membership(conn, 1001, department.id)
        measures = [
            r[0]
            for r in await conn.execute_fetchall(
                "SELECT measure_id FROM measure_departments WHERE department_id = ?", (department.id,)
            )
        ]
        for year in (YEAR - 1, YEAR):
            for measure in measures[::2]:  # the rest still owed
                for _ in range(2):
                    await add_submission(
                        conn,
                        NewSubmission(
                            measure_id=measure,
                            department_id=department.id,
                            year=year,
                            info="x",
                            author_id=1001,
                            source=Source.BOT,
                        ),
                    )
        for n in range(50):
            await claim(conn, f"before:annual:P1:{YEAR}:x:L{n}:D{department.id}:U1001", 1001, "before")
            await conn.execute("UPDATE reminders_sent SET state = 'sent', sent_at = claimed_at")
        await set_mute(conn, 1001, dt.date(2020, 1, 1))
        await set_mute(conn, 1001, dt.date(2024, 1, 5), department.id)
    return db


async def test_no_hot_query_scans_a_table_that_grows_with_history(tmp_path: Path) -> None:
    db = await seeded(tmp_path / "small.sqlite3")
    try:
        conn = db.conn
        async with db.locked():
            department = (await list_departments(conn))[0]
            [measure] = [
                r[0]
                for r in await conn.execute_fetchall(
                    "SELECT measure_id FROM measure_departments WHERE department_id = ? LIMIT 1",
                    (department.id,),
                )
            ]
            [program] = [r[0] for r in await conn.execute_fetchall("SELECT id FROM programs")]
            now = dt.datetime(2024, 1, 19, 10, tzinfo=KYIV)
            with Recorder(conn) as recorder:
                # open a measure, answer, confirm (the checks and the list after it)
                await measure_view(conn, measure, department.id, YEAR)
                await get_draft(conn, 1001, measure, department.id, YEAR)
                await latest_submission(conn, measure, department.id, YEAR)
                draft = Draft(1001, measure, department.id, YEAR, "actual", {"actual": "1"}, True)
                await save_draft(conn, draft)
                await active_draft(conn, 1001)
                await active_draft_with_period(conn, 1001)
                await deactivate(conn, 1001)
                await add_submission(
                    conn,
                    NewSubmission(
                        measure_id=measure,
                        department_id=department.id,
                        year=YEAR,
                        author_id=1001,
                        source=Source.BOT,
                    ),
                )
                await delete_draft(conn, 1001, measure, department.id, YEAR)
                await worklist(conn, department.id, 1001)
                await user_departments(conn, 1001)
                # /status
                progress = await program_progress(conn, program, YEAR)
                await last_reminded(conn, [m.telegram_id for p in progress for m in p.members])
                await muted_members(conn, now.date())
                await department_members(conn, department.id)
                # the city at a glance (actions.city.city_status), every program at once
                await all_periods(conn)
                await newest_data_years(conn, [program])
                await programs_progress(conn, {program: YEAR}, members=False)
                await waiting_counts(conn, {program: YEAR})
                # the reminder check, as bot.reminders.scheduling runs it
                config = ReminderSettings(_env_file=None).reminder_config(KYIV)  # type: ignore[call-arg]
                periods = await load_periods(conn)
                deadlines = rules.open_deadlines(periods, config, now)
                earliest = min(slot.day for _, active in deadlines for slot in active)
                snapshot = await load_snapshot(conn, {500}, periods, mutes_from=earliest)
                candidates = rules.due_reminders(snapshot, config, now)
                assert candidates  # the check has something to look up
                await claimed_keys(conn, [r.key for r in candidates])
                # a report as of a moment (an interim report, --at) reads the plans of then
                await load_plans(conn, program, YEAR, now)
            problems = {}
            for sql, params in recorder.statements:
                bad = await scans(conn, sql, params)
                if bad:
                    problems[" ".join(sql.split())[:160]] = bad
    finally:
        await db.close()
    assert len(recorder.statements) > 20
    assert problems == {}


# --- a department's list among many open programs (issue 23) ---------------------------------------------


def _fill_open_programs(path: Path, programs: int, locked: int = 0) -> None:
    """``programs`` programs of 20 measures, the year of each open; department 1 executes 5 measures of
    programs 1 and 2 and nothing else (the same work whatever ``programs``), departments 2-5 the rest.
    ``locked`` more programs after them whose five years are all locked (history): department 1 executes 5
    measures of each, reported every year."""
    conn = sqlite3.connect(path)
    with conn:
        conn.executemany(
            "INSERT INTO departments (id, code, name, short_name) VALUES (?, ?, ?, ?)",
            [(d, f"d{d}", f"Підрозділ {d}", f"П{d}") for d in range(1, 6)],
        )
        measure_id = 0
        for p in range(1, programs + 1):
            conn.execute(
                """INSERT INTO programs (id, name, decision_number, decision_date, start_year, end_year,
                   responsible_department) VALUES (?, ?, ?, '2020-01-01', 2020, 2025, 'П1')""",
                (p, f"Програма {p}", str(p)),
            )
            conn.execute(
                "INSERT INTO tasks (id, program_id, number, text, position) VALUES (?, ?, '1', 'Завдання', 1)",
                (p, p),
            )
            conn.execute(
                "INSERT INTO reporting_periods (program_id, year, status, deadline) VALUES (?, ?, 'open', ?)",
                (p, YEAR, f"{YEAR + 1}-01-20"),
            )
            for m in range(20):
                measure_id += 1
                department = 1 if p <= 2 and m < 5 else 2 + m % 4
                conn.execute(
                    """INSERT INTO measures (id, program_id, task_id, number, text, term, executors_text, position)
                       VALUES (?, ?, ?, ?, ?, '2020-2025', 'П', ?)""",
                    (measure_id, p, p, f"1.{m + 1}", f"Захід {m + 1}", m),
                )
                conn.execute(
                    "INSERT INTO measure_departments (measure_id, department_id, is_lead, position) VALUES (?, ?, 1, 0)",
                    (measure_id, department),
                )
                if m % 2:
                    conn.execute(
                        """INSERT INTO submissions (measure_id, department_id, year, info, author_id, created_at,
                           source) VALUES (?, ?, ?, 'x', 1001, '2024-01-01T10:00:00.000000Z', 'bot')""",
                        (measure_id, department, YEAR),
                    )
        for p in range(programs + 1, programs + locked + 1):
            conn.execute(
                """INSERT INTO programs (id, name, decision_number, decision_date, start_year, end_year,
                   responsible_department) VALUES (?, ?, ?, '2015-01-01', 2015, 2019, 'П1')""",
                (p, f"Програма {p}", str(p)),
            )
            conn.execute(
                "INSERT INTO tasks (id, program_id, number, text, position) VALUES (?, ?, '1', 'Завдання', 1)",
                (p, p),
            )
            for year in range(2015, 2020):
                conn.execute(
                    "INSERT INTO reporting_periods (program_id, year, status, deadline) VALUES (?, ?, 'locked', ?)",
                    (p, year, f"{year + 1}-01-20"),
                )
            for m in range(20):
                measure_id += 1
                department = 1 if m < 5 else 2 + m % 4
                conn.execute(
                    """INSERT INTO measures (id, program_id, task_id, number, text, term, executors_text, position)
                       VALUES (?, ?, ?, ?, ?, '2015-2019', 'П', ?)""",
                    (measure_id, p, p, f"1.{m + 1}", f"Захід {m + 1}", m),
                )
                conn.execute(
                    "INSERT INTO measure_departments (measure_id, department_id, is_lead, position) VALUES (?, ?, 1, 0)",
                    (measure_id, department),
                )
                conn.executemany(
                    """INSERT INTO submissions (measure_id, department_id, year, info, author_id, created_at,
                       source) VALUES (?, ?, ?, 'x', 1001, '2020-01-01T10:00:00.000000Z', 'bot')""",
                    [(measure_id, department, year) for year in range(2015, 2020)],
                )
    conn.execute("ANALYZE")  # as a database in use has statistics (PRAGMA optimize): plans change with them
    conn.close()


async def _list_cost(path: Path, programs: int, locked: int = 0) -> tuple[int, list[str], int]:
    """(SQLite VM steps of the department's list and of opening the next measure, the list's plan, rows)."""
    db = await connect(path)  # the schema, by the migrations
    await db.close()
    _fill_open_programs(path, programs, locked)
    db = await connect(path)
    try:
        conn = db.conn
        async with db.locked():
            await worklist(conn, 1, 1001)  # statements prepared, pages cached
            steps = [0]

            def step() -> int:
                steps[0] += 1
                return 0

            with Recorder(conn) as recorder:
                await conn.set_progress_handler(step, 1)
                items = await worklist(conn, 1, 1001)
                await measure_view(conn, items[-1].measure_id, 1, YEAR)
                await conn.set_progress_handler(None, 1)
            sql, params = recorder.statements[0]
            plan = [row[3] for row in await conn.execute_fetchall("EXPLAIN QUERY PLAN " + sql, params)]
    finally:
        await db.close()
    return steps[0], plan, len(items)


async def test_a_departments_list_costs_its_own_measures_not_the_other_open_programs(tmp_path: Path) -> None:
    few, few_plan, few_rows = await _list_cost(tmp_path / "two.sqlite3", 2)
    many, many_plan, many_rows = await _list_cost(tmp_path / "hundred.sqlite3", 100)
    assert few_rows == many_rows == 10  # the same work: 5 measures of each of its 2 programs
    for plan in (few_plan, many_plan):
        # from the department's links by their index, then a seek per link: no walk of anything else
        assert any("measure_departments_by_program" in detail for detail in plan), plan
        assert not [
            d
            for d in plan
            if re.match(r"SCAN (m|rp|t|r|c|measures|reporting_periods|reviews|submissions)\b", d)
        ], plan
    # 98 more open programs of 20 measures each (1,960 measures of other departments) cost nothing more;
    # walking the open programs' measures (main before issue 23) cost 14x.
    assert many <= few * 1.2, (few, many)


async def test_a_departments_list_costs_its_open_programs_not_its_locked_ones(tmp_path: Path) -> None:
    """Years of history: the department executed 100 programs whose years are all locked (500 links, 2,500
    reports); its list shows its 2 open programs' 10 measures and costs what it costs without them."""
    few, _, few_rows = await _list_cost(tmp_path / "two.sqlite3", 2)
    many, plan, many_rows = await _list_cost(tmp_path / "history.sqlite3", 2, locked=100)
    assert few_rows == many_rows == 10
    # the department's links sought by its open programs (migration 23), never walked whole
    assert any(
        re.match(
            r"SEARCH md USING COVERING INDEX measure_departments_by_program \(department_id=\? AND program_id=\?\)",
            d,
        )
        for d in plan
    ), plan
    assert not [
        d for d in plan if re.match(r"SCAN (md|x|m|rp|r|measures|measure_departments|submissions)\b", d)
    ], plan
    # a Bloom filter is built by reading the whole table first (every open period, every link)
    assert not [d for d in plan if d.startswith("BLOOM FILTER")], plan
    # walking the department's links (main before migration 23) cost 3x here
    assert many <= few * 1.2, (few, many)


# --- the reminder check's owed measures: a seek in the heads per (measure, department) (issue 23) ----------


async def test_the_reminder_check_reads_who_owes_from_the_heads_not_the_revisions(tmp_path: Path) -> None:
    """What each department still owes is read from report_heads and import_heads (migration 22, kept by
    triggers): one primary-key seek per (measure, department), never a seek into the revisions (submissions)
    or their reviews, nor an automatic index of every measure built for the statement."""
    db = await seeded(tmp_path / "heads.sqlite3")
    try:
        conn = db.conn
        async with db.locked():
            config = ReminderSettings(_env_file=None).reminder_config(KYIV)  # type: ignore[call-arg]
            now = dt.datetime(2024, 1, 19, 10, tzinfo=KYIV)
            periods = await load_periods(conn)
            due = rules.what_is_due(periods, config, now)
            assert not any(w.digest for w in due.work.values())  # the before-slot: only what may be owed
            with Recorder(conn) as recorder:
                snapshot = await load_snapshot(conn, {500}, periods, due=due.work)
            assert rules.due_reminders(snapshot, config, now)  # something is owed
            [(sql, params)] = [(s, p) for s, p in recorder.statements if "measure_departments" in s]
            plan = [row[3] for row in await conn.execute_fetchall("EXPLAIN QUERY PLAN " + sql, params)]
    finally:
        await db.close()
    assert any(
        re.match(r"SEARCH h USING PRIMARY KEY \(measure_id=\? AND year=\? AND department_id=\?\)", d)
        for d in plan
    ), plan
    assert any(re.match(r"SEARCH ih USING PRIMARY KEY \(measure_id=\? AND year=\?\)", d) for d in plan), plan
    assert not [d for d in plan if re.search(r"\b(submissions|reviews|AUTOMATIC)\b", d)], plan
    assert not [d for d in plan if re.search(r"\b(s1|s2|o|r)\b", d)], plan  # the old seeks' aliases


# --- where reports wait for review: cost of the reports, not of their revisions (issue 26) -------------------


async def _waiting_cost(path: Path, revisions: int) -> tuple[int, list[tuple[str, int]]]:
    """(SQLite VM steps of ``waiting_places``, its answer) with ``revisions`` revisions of each report."""
    db = await connect(path)
    await db.close()
    _fill_open_programs(path, 1)
    conn = sqlite3.connect(path)
    with conn:
        for _ in range(revisions - 1):
            conn.execute(
                """INSERT INTO submissions (measure_id, department_id, year, info, author_id, created_at, source)
                   SELECT measure_id, department_id, year, info, author_id, created_at, source FROM submissions
                   WHERE id IN (SELECT MAX(id) FROM submissions GROUP BY measure_id, department_id)"""
            )
        # the newest revision of one report was reviewed: it waits no more
        conn.execute(
            "INSERT INTO reviews (submission_id, state, reviewer_id, created_at) "
            "SELECT MAX(id), 'accepted', 1, '2024-01-02T10:00:00.000000Z' FROM submissions"
        )
    conn.close()
    db = await connect(path)
    try:
        async with db.locked() as conn:
            await waiting_places(db.conn, 1, YEAR)  # statements prepared, pages cached
            steps = [0]

            def step() -> int:
                steps[0] += 1
                return 0

            await db.conn.set_progress_handler(step, 1)
            places = await waiting_places(db.conn, 1, YEAR)
            await db.conn.set_progress_handler(None, 1)
    finally:
        await db.close()
    return steps[0], places


async def test_where_reports_wait_costs_the_reports_not_their_revisions(tmp_path: Path) -> None:
    few, places = await _waiting_cost(tmp_path / "few.sqlite3", 2)
    many, same = await _waiting_cost(tmp_path / "many.sqlite3", 40)
    assert len(places) == 9 and same == places  # 10 reported, the newest of one reviewed
    assert many < few * 1.5, (few, many)

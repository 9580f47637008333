"""The report reads only the revisions that count: the query agrees with consolidation's rule over any
history, and its plan never scans the submissions."""

from __future__ import annotations

import asyncio
import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reports.consolidate import counting_revisions
from storage.db import connect, iso
from storage.submissions import counting_query, program_submissions, revisions_that_count

T0 = dt.datetime(2023, 6, 1, tzinfo=dt.UTC)
# measure id -> program id: three measures in program 1, one in program 2.
MEASURES = {1: 1, 2: 1, 3: 1, 4: 2}

revision = st.tuples(
    st.sampled_from(sorted(MEASURES)),  # measure
    st.integers(min_value=1, max_value=4),  # department
    st.sampled_from([2023, 2024]),  # year
    st.integers(min_value=0, max_value=60),  # created, minutes after T0: not in the order of the ids
)


async def _history(revisions: list[tuple[int, int, int, int]], moments: list[int]) -> list[tuple]:
    db = await connect(":memory:")
    try:
        async with db.transaction() as conn:
            for program in (1, 2):
                await conn.execute(
                    """INSERT INTO programs (id, name, decision_number, decision_date, start_year, end_year,
                       responsible_department) VALUES (?, ?, '1', '2019-12-18', 2020, 2025, 'У')""",
                    (program, f"П{program}"),
                )
                await conn.execute(
                    "INSERT INTO tasks (id, program_id, number, text, position) VALUES (?, ?, '1', 'З', 0)",
                    (program, program),
                )
            for department in range(1, 5):
                await conn.execute(
                    "INSERT INTO departments (id, code, name, short_name) VALUES (?, ?, ?, ?)",
                    (department, f"d{department}", f"Д{department}", f"Д{department}"),
                )
            for measure, program in MEASURES.items():
                await conn.execute(
                    """INSERT INTO measures (id, program_id, task_id, number, text, term, executors_text,
                       position) VALUES (?, ?, ?, ?, 'Захід', '2020-2025', 'В', ?)""",
                    (measure, program, program, f"1.{measure}", measure),
                )
            for measure, department, year, minutes in revisions:
                await conn.execute(
                    """INSERT INTO submissions (measure_id, department_id, year, created_at, source, info)
                       VALUES (?, ?, ?, ?, 'bot', ?)""",
                    (measure, department, year, iso(T0 + dt.timedelta(minutes=minutes)), str(minutes)),
                )
        results = []
        async with db.locked() as conn:
            for at in [None, *(T0 + dt.timedelta(minutes=m) for m in moments)]:
                got = await revisions_that_count(conn, 1, 2023, at)
                history = await program_submissions(conn, 1, 2023)
                expected = counting_revisions(history, at)
                results.append((sorted(s.id for s in got), sorted(s.id for s in expected.values()), got))
                # The same values as the revisions themselves.
                by_id = {s.id: s for s in history}
                for revision in got:
                    full = by_id[revision.id]
                    assert all(getattr(full, field) == value for field, value in revision._asdict().items())
        return results
    finally:
        await db.close()


@settings(max_examples=40, deadline=None)
@given(st.lists(revision, max_size=30), st.lists(st.integers(min_value=-5, max_value=65), max_size=3))
def test_the_query_reads_what_consolidation_counts(
    revisions: list[tuple[int, int, int, int]], moments: list[int]
) -> None:
    for got, expected, submissions in asyncio.run(_history(revisions, moments)):
        assert got == expected
        assert all(s.year == 2023 and MEASURES[s.measure_id] == 1 for s in submissions)


async def _plans() -> list[str]:
    db = await connect(":memory:")
    try:
        details = []
        async with db.locked() as conn:
            for at in (None, T0):
                params = {"program": 1, "year": 2023, **({"at": iso(at)} if at else {})}
                rows = await conn.execute_fetchall("EXPLAIN QUERY PLAN " + counting_query(at), params)
                details.extend(str(row[3]) for row in rows)
        return details
    finally:
        await db.close()


def test_the_query_never_scans_the_submissions() -> None:
    details = asyncio.run(_plans())
    # The aliases of submissions in the query are c and r; "SCAN w" is the list of (measure, department).
    scans = [d for d in details if re.match(r"SCAN (n|c|r|submissions)\b", d)]
    assert scans == [], scans
    on_submissions = [d for d in details if re.match(r"SEARCH (n|c|r) ", d)]
    # Two lookups, in the plans with and without a moment: the walk's seek in the index (which holds the
    # department too: no step reads a revision's row) and the rows of the newest revisions.
    assert len(on_submissions) == 4
    assert all(
        "USING COVERING INDEX submissions_latest" in d or "INTEGER PRIMARY KEY" in d for d in on_submissions
    )
    assert sum("USING COVERING INDEX submissions_latest" in d for d in on_submissions) == 2

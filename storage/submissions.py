"""Submissions are append-only revisions: adding is the only write; the newest one counts."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

import aiosqlite

from storage.db import from_iso, iso, utcnow
from storage.models import NewSubmission, Source, Submission
from storage.numbers import from_text, to_text
from storage.texts import clean_text

_COLUMNS = (
    "id, measure_id, department_id, year, actual, financed, percent, info, author_id, author_name, "
    "created_at, source, actual_special, financed_special, base_revision_id"
)


def counts_for(department: str, alias: str = "s") -> str:
    """The one rule of whose report a submission is, as SQL over ``submissions`` aliased ``alias``.

    A department's own revision counts for it; an imported one (a published report is the consolidated
    answer of every executor) counts for every department assigned to the measure.
    """
    return f"({alias}.department_id = {department} OR {alias}.source = 'import')"


def newest_counting(measure: str, year: str, department: str) -> str:
    """SQL: the newest ``created_at`` of the submissions that count for ``department`` (``counts_for``),
    as two index seeks (the department's own, the import's) instead of reading every revision."""
    own = f"""(SELECT MAX(s1.created_at) FROM submissions s1
               WHERE s1.measure_id = {measure} AND s1.year = {year} AND s1.department_id = {department})"""
    imported = f"""(SELECT MAX(s2.created_at) FROM submissions s2
                    WHERE s2.measure_id = {measure} AND s2.year = {year} AND s2.source = 'import')"""
    return f"NULLIF(MAX(COALESCE({own}, ''), COALESCE({imported}, '')), '')"


def has_counting(measure: str, year: str, department: str) -> str:
    """SQL: 1 when a submission that counts for ``department`` (``counts_for``) exists, as two index seeks
    (the department's own, the import's) instead of reading every revision."""
    return f"""(EXISTS (SELECT 1 FROM submissions s1 WHERE s1.measure_id = {measure} AND s1.year = {year}
                       AND s1.department_id = {department})
               OR EXISTS (SELECT 1 FROM submissions s2 WHERE s2.measure_id = {measure} AND s2.year = {year}
                          AND s2.source = 'import'))"""


def reports_for(submission: Submission | Revision, department_id: int) -> bool:
    """``counts_for`` in Python, for rows already loaded."""
    return submission.department_id == department_id or submission.source is Source.IMPORT


def _submission(r: aiosqlite.Row) -> Submission:
    return Submission(
        id=r[0],
        measure_id=r[1],
        department_id=r[2],
        year=r[3],
        actual=from_text(r[4]),
        financed=from_text(r[5]),
        percent=from_text(r[6]),
        info=r[7],
        author_id=r[8],
        author_name=r[9],
        created_at=from_iso(r[10]),
        source=Source(r[11]),
        actual_special=from_text(r[12]),
        financed_special=from_text(r[13]),
        base_revision_id=r[14],
    )


def same_content(a: NewSubmission, b: NewSubmission) -> bool:
    fields = ("actual", "financed", "percent", "info", "actual_special", "financed_special")
    return all(getattr(a, f) == getattr(b, f) for f in fields)


async def add_submission(conn: aiosqlite.Connection, submission: NewSubmission) -> Submission:
    created = submission.created_at or utcnow()
    fetched = await conn.execute_fetchall(
        f"""INSERT INTO submissions (measure_id, department_id, year, actual, financed, percent, info,
               author_id, author_name, created_at, source, actual_special, financed_special, base_revision_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_COLUMNS}""",
        (
            submission.measure_id,
            submission.department_id,
            submission.year,
            to_text(submission.actual),
            to_text(submission.financed),
            to_text(submission.percent),
            submission.info,
            submission.author_id,
            clean_text(submission.author_name),
            iso(created),
            submission.source.value,
            to_text(submission.actual_special),
            to_text(submission.financed_special),
            submission.base_revision_id,
        ),
    )
    row = fetched[0] if fetched else None
    assert row is not None
    return _submission(row)


async def program_submissions(
    conn: aiosqlite.Connection, program_id: int, year: int, at: dt.datetime | None = None
) -> list[Submission]:
    """Every revision of the year up to ``at`` (all of them when None), oldest first."""
    query = f"""SELECT {", ".join("s." + c.strip() for c in _COLUMNS.split(","))}
                FROM submissions s JOIN measures m ON m.id = s.measure_id
                WHERE m.program_id = ? AND s.year = ?"""
    params: list[object] = [program_id, year]
    if at is not None:
        query += " AND s.created_at <= ?"
        params.append(iso(at))
    fetched = await conn.execute_fetchall(query + " ORDER BY s.id", params)
    return [_submission(r) for r in fetched]


class Revision(NamedTuple):
    """A revision as a report reads it: what consolidation uses. A plain tuple, not the model: reading
    tens of thousands for a report, the model's checks would cost more than the rest of the report's
    reading (they ran when the revision was written)."""

    id: int
    measure_id: int
    department_id: int
    year: int
    actual: Decimal | None
    financed: Decimal | None
    percent: Decimal | None
    info: str
    created_at: dt.datetime
    actual_special: Decimal | None
    financed_special: Decimal | None
    source: Source


_REVISION_COLUMNS = (
    "r.id, r.measure_id, r.department_id, r.year, r.actual, r.financed, r.percent, r.info, r.created_at, "
    "r.actual_special, r.financed_special, r.source"
)


def counting_query(at: dt.datetime | None) -> str:
    """The SQL of :func:`revisions_that_count` (named parameters :program, :year and, with ``at``, :at).

    ``pair`` walks each measure's departments in the ``submissions_latest`` index, ordered by department
    and then newest id first: one seek finds the next department that reported (at or before ``at``) and
    its newest such revision at once, passing over nothing but index entries newer than ``at``.
    """
    return f"""
        WITH RECURSIVE {newest_pairs(at)}
        SELECT {_REVISION_COLUMNS} FROM pair p JOIN submissions r ON r.id = p.id"""


def newest_pairs(at: dt.datetime | None) -> str:
    """SQL: the common table ``pair(measure_id, department_id, id)`` of :func:`counting_query` (written after
    ``WITH RECURSIVE``): each department's newest revision (``id``) on each of the program's measures
    (:program) in the year (:year), at or before :at with ``at``.

    ``walk`` takes one step per department that reported: a seek in ``submissions_latest`` for the next
    department's newest entry. The step's one value holds both the department and the revision
    (``department_id << 40 | id``: the index entry has both, so no step reads the revision's row; 30% less
    than reading it to learn the department). So submission ids stay below 2**40 (a trillion) and department
    ids below 2**23."""
    moment = "" if at is None else "AND c.created_at <= :at"
    return f"""walk(measure_id, k) AS (
            SELECT m.id, -1 FROM measures m WHERE m.program_id = :program
            UNION ALL
            SELECT w.measure_id, (
                SELECT (c.department_id << 40) | c.id FROM submissions c INDEXED BY submissions_latest
                WHERE c.measure_id = w.measure_id AND c.year = :year AND c.department_id > (w.k >> 40)
                      {moment}
                ORDER BY c.department_id, c.id DESC LIMIT 1)
            FROM walk w WHERE w.k IS NOT NULL
        ),
        pair(measure_id, department_id, id) AS (
            SELECT measure_id, k >> 40, k & {(1 << 40) - 1} FROM walk WHERE k >= 0
        )"""


_HEADS_QUERY = f"""
    SELECT {_REVISION_COLUMNS} FROM measures m INDEXED BY measures_by_program
    JOIN report_heads h ON h.measure_id = m.id AND h.year = :year
    JOIN submissions r ON r.id = h.newest_id
    WHERE m.program_id = :program"""


async def revisions_that_count(
    conn: aiosqlite.Connection, program_id: int, year: int, at: dt.datetime | None = None
) -> list[Revision]:
    """The revisions that count for a program's year: each department's newest (highest id) on each
    measure at or before ``at`` (the newest of all when None), by measure and department.

    Reads only those revisions, however long the history: one index seek per (measure, department)
    that reported, never a scan of the revisions (:func:`counting_query`); the rows of older revisions
    are never read.
    """
    params: dict[str, object] = {"program": program_id, "year": year}
    if at is not None:
        params["at"] = iso(at)
        fetched = await conn.execute_fetchall(counting_query(at), params)
    else:
        # As the year stands: each group's head (migration 22, kept by triggers) names its newest revision, a
        # seek each (2,000 measures x 50 revisions: 24 ms where the walk took 67)
        try:
            fetched = await conn.execute_fetchall(_HEADS_QUERY, params)
        except sqlite3.OperationalError as error:
            # a database of an earlier release read as it is (not migrated): no heads yet, the walk finds them
            if "report_heads" not in str(error) and "measures_by_program" not in str(error):
                raise
            fetched = await conn.execute_fetchall(counting_query(None), params)
    return revisions_of(fetched)


_SOURCES = {source.value: source for source in Source}


def revisions_of(rows: Iterable[Sequence[Any]]) -> list[Revision]:
    """Rows of ``_REVISION_COLUMNS`` as revisions (a dict's look-up for the source: ``Source(text)`` cost
    more than the amounts)."""
    decimal = from_text
    sources = _SOURCES
    # ``storage.db.from_iso`` for the fixed-width UTC text ``iso`` writes, without strptime (which costs more
    # than the rest of reading a revision); Python 3.11 reads the trailing "Z" as UTC.
    moment = dt.datetime.fromisoformat
    new = Revision._make
    return [
        new(
            (
                r[0],
                r[1],
                r[2],
                r[3],
                decimal(r[4]),
                decimal(r[5]),
                decimal(r[6]),
                r[7],
                moment(r[8]),
                decimal(r[9]),
                decimal(r[10]),
                sources[r[11]],
            )
        )
        for r in rows
    ]


async def latest_submission(
    conn: aiosqlite.Connection, measure_id: int, department_id: int, year: int
) -> Submission | None:
    fetched = await conn.execute_fetchall(
        f"""SELECT {_COLUMNS} FROM submissions WHERE measure_id = ? AND department_id = ? AND year = ?
            ORDER BY id DESC LIMIT 1""",
        (measure_id, department_id, year),
    )
    row = fetched[0] if fetched else None
    return None if row is None else _submission(row)


async def measure_history(conn: aiosqlite.Connection, measure_id: int, year: int) -> list[Submission]:
    fetched = await conn.execute_fetchall(
        f"SELECT {_COLUMNS} FROM submissions WHERE measure_id = ? AND year = ? ORDER BY id",
        (measure_id, year),
    )
    return [_submission(r) for r in fetched]


async def submission_years(conn: aiosqlite.Connection, program_id: int) -> list[int]:
    """The years for which any of the program's measures has a submission, in order."""
    fetched = await conn.execute_fetchall(
        """SELECT DISTINCT s.year FROM submissions s JOIN measures m ON m.id = s.measure_id
           WHERE m.program_id = ? ORDER BY s.year""",
        (program_id,),
    )
    return [r[0] for r in fetched]

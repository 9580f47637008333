"""The review loop: a coordinator accepts a department's report on a measure, or returns it with a comment.

A review is attached to one revision (a row of ``submissions``). The state of a (measure, department,
year) is its newest revision's newest review; a revision without one is "submitted" — except a
published report's (imported) or a coordinator's own correction, which need nobody's review and count as
accepted. A new revision after a return or an acceptance is submitted again.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

import aiosqlite

from storage.db import from_iso, iso, utcnow
from storage.models import Source, Submission
from storage.numbers import from_text
from storage.progress import chosen_years
from storage.submissions import _COLUMNS, _REVISION_COLUMNS, Revision, _submission
from storage.texts import clean_text


class ReviewState(StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    RETURNED = "returned"


@dataclass(frozen=True)
class Review:
    id: int
    submission_id: int
    state: ReviewState
    comment: str
    reviewer_id: int | None
    reviewer_name: str
    created_at: dt.datetime
    notified_at: dt.datetime | None


_REVIEW_COLUMNS = "id, submission_id, state, comment, reviewer_id, reviewer_name, created_at, notified_at"


def _review(r: aiosqlite.Row) -> Review:
    return Review(
        r[0],
        r[1],
        ReviewState(r[2]),
        r[3],
        r[4],
        r[5],
        from_iso(r[6]),
        None if r[7] is None else from_iso(r[7]),
    )


def _prefixed(alias: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in _COLUMNS.split(","))


class _Revision(Protocol):  # a measure's submission or an indicator's fact
    @property
    def source(self) -> Source: ...


class _Decision(Protocol):  # a measure's review or a fact's
    @property
    def state(self) -> ReviewState: ...


def state_of(revision: _Revision | None, reviews: Sequence[_Decision]) -> ReviewState:
    """The state of a revision (a measure's report or an indicator's fact) given its reviews (oldest first):
    the last decision; with none, what came from outside the chat (an import, a coordinator) is accepted and
    what an executor sent waits. Pure; the one rule for both."""
    if reviews:
        return reviews[-1].state
    if revision is not None and revision.source is not Source.BOT:
        return ReviewState.ACCEPTED
    return ReviewState.SUBMITTED


async def add_review(
    conn: aiosqlite.Connection,
    submission_id: int,
    state: ReviewState,
    *,
    comment: str = "",
    reviewer_id: int | None,
    reviewer_name: str = "",
    at: dt.datetime | None = None,
) -> Review:
    if state is ReviewState.SUBMITTED:
        raise ValueError("a review accepts or returns")
    fetched = await conn.execute_fetchall(
        f"""INSERT INTO reviews (submission_id, state, comment, reviewer_id, reviewer_name, created_at)
            VALUES (?, ?, ?, ?, ?, ?) RETURNING {_REVIEW_COLUMNS}""",
        (submission_id, state.value, comment, reviewer_id, clean_text(reviewer_name), iso(at or utcnow())),
    )
    return _review(next(iter(fetched)))


async def reviews_of(conn: aiosqlite.Connection, submission_ids: list[int]) -> dict[int, list[Review]]:
    """Each revision's reviews, oldest first (revisions without any are absent)."""
    found: dict[int, list[Review]] = {}
    if not submission_ids:
        return found
    marks = ", ".join("?" * len(submission_ids))
    fetched = await conn.execute_fetchall(
        f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE submission_id IN ({marks}) ORDER BY id", submission_ids
    )
    for r in fetched:
        review = _review(r)
        found.setdefault(review.submission_id, []).append(review)
    return found


async def current_state(
    conn: aiosqlite.Connection, measure_id: int, department_id: int, year: int
) -> tuple[Submission | None, ReviewState, Review | None]:
    """The newest revision of a department's report, its state and the review that set it (None if none)."""
    fetched = await conn.execute_fetchall(
        f"""SELECT {_COLUMNS} FROM submissions WHERE measure_id = ? AND department_id = ? AND year = ?
            ORDER BY id DESC LIMIT 1""",
        (measure_id, department_id, year),
    )
    rows = list(fetched)
    if not rows:
        return None, ReviewState.SUBMITTED, None
    submission = _submission(rows[0])
    reviews = (await reviews_of(conn, [submission.id])).get(submission.id, [])
    return submission, state_of(submission, reviews), reviews[-1] if reviews else None


def _newest(alias: str) -> str:
    return f"""{alias}.id = (SELECT MAX(c.id) FROM submissions c WHERE c.measure_id = {alias}.measure_id
                             AND c.year = {alias}.year AND c.department_id = {alias}.department_id)"""


async def waiting_reviews(
    conn: aiosqlite.Connection, program_id: int, year: int, department_id: int | None = None
) -> list[Submission]:
    """The newest revisions of the year submitted through the bot and not reviewed yet, in the program's
    order of measures, then by department."""
    query = f"""SELECT {_prefixed("s")} FROM submissions s JOIN measures m ON m.id = s.measure_id
                JOIN tasks t ON t.id = m.task_id
                WHERE m.program_id = ? AND s.year = ? AND s.source = 'bot' AND {_newest("s")}
                      AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.submission_id = s.id)"""
    params: list[object] = [program_id, year]
    if department_id is not None:
        query += " AND s.department_id = ?"
        params.append(department_id)
    fetched = await conn.execute_fetchall(query + " ORDER BY t.position, m.position, s.department_id", params)
    return [_submission(r) for r in fetched]


def returned_sql(measure: str, year: str, department: str) -> str:
    """SQL: 1 when the department's newest revision of the measure's year was returned by its newest review
    (``returned_reports`` for one row: two index seeks, not every return of the database)."""
    return f"""COALESCE((SELECT r.state = 'returned' FROM reviews r
                         WHERE r.submission_id = (SELECT MAX(c.id) FROM submissions c
                                                  WHERE c.measure_id = {measure} AND c.year = {year}
                                                  AND c.department_id = {department})
                         ORDER BY r.id DESC LIMIT 1), 0)"""


async def returned_reports(
    conn: aiosqlite.Connection, year: int | None = None, department_id: int | None = None
) -> list[tuple[int, int, int]]:
    """(measure, department, year) whose newest revision's newest review returned it: owed again."""
    # From the returns, not from the history of revisions: a department's revisions grow year by year.
    query = f"""SELECT s.measure_id, s.department_id, s.year FROM reviews r
                CROSS JOIN submissions s ON s.id = r.submission_id
                WHERE r.state = 'returned' AND {_newest("s")}
                AND r.id = (SELECT MAX(r2.id) FROM reviews r2 WHERE r2.submission_id = s.id)"""
    params: list[object] = []
    if year is not None:
        query += " AND s.year = ?"
        params.append(year)
    if department_id is not None:
        query += " AND s.department_id = ?"
        params.append(department_id)
    return [(r[0], r[1], r[2]) for r in await conn.execute_fetchall(query, params)]


async def get_submission(conn: aiosqlite.Connection, submission_id: int) -> Submission | None:
    fetched = list(
        await conn.execute_fetchall(f"SELECT {_COLUMNS} FROM submissions WHERE id = ?", (submission_id,))
    )
    return _submission(fetched[0]) if fetched else None


async def last_accepted(conn: aiosqlite.Connection, submission: Submission) -> Submission | None:
    """The department's newest revision before this one that was accepted (its newest review says so)."""
    fetched = await conn.execute_fetchall(
        f"""SELECT {_prefixed("s")} FROM submissions s
            WHERE s.measure_id = ? AND s.department_id = ? AND s.year = ? AND s.id < ?
                  AND (s.source != 'bot' OR (SELECT r.state FROM reviews r WHERE r.submission_id = s.id
                                             ORDER BY r.id DESC LIMIT 1) = 'accepted')
            ORDER BY s.id DESC LIMIT 1""",
        (submission.measure_id, submission.department_id, submission.year, submission.id),
    )
    rows = list(fetched)
    return _submission(rows[0]) if rows else None


async def answered_return(
    conn: aiosqlite.Connection, submission: Submission
) -> tuple[Submission, Review] | None:
    """The return this revision answers, with the revision returned: the department's newest earlier
    revision that was decided (reviewed, or needing no review), when its newest review returned it. A
    revision superseded before anyone reviewed it is passed over: a second correction answers the same
    return."""
    fetched = list(
        await conn.execute_fetchall(
            f"""SELECT {_prefixed("s")} FROM submissions s
                WHERE s.measure_id = ? AND s.department_id = ? AND s.year = ? AND s.id < ?
                      AND (s.source != 'bot' OR EXISTS (SELECT 1 FROM reviews r WHERE r.submission_id = s.id))
                ORDER BY s.id DESC LIMIT 1""",
            (submission.measure_id, submission.department_id, submission.year, submission.id),
        )
    )
    if not fetched:
        return None
    decided = _submission(fetched[0])
    reviews = (await reviews_of(conn, [decided.id])).get(decided.id, [])
    if state_of(decided, reviews) is not ReviewState.RETURNED:
        return None
    return decided, reviews[-1]


async def mark_notified(conn: aiosqlite.Connection, review_id: int, at: dt.datetime | None = None) -> None:
    await conn.execute("UPDATE reviews SET notified_at = ? WHERE id = ?", (iso(at or utcnow()), review_id))


async def told_of_return(conn: aiosqlite.Connection, review_id: int) -> set[int]:
    """Who has been told of the return already (``return_notices``)."""
    fetched = await conn.execute_fetchall(
        "SELECT user_id FROM return_notices WHERE review_id = ?", (review_id,)
    )
    return {int(r[0]) for r in fetched}


async def mark_told_of_return(
    conn: aiosqlite.Connection, review_id: int, user_id: int, now: dt.datetime | None = None
) -> None:
    """``user_id`` was told (recorded after the send: a notice in flight when the process dies is sent again
    after the restart rather than lost)."""
    await conn.execute(
        "INSERT INTO return_notices (review_id, user_id, told_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
        (review_id, user_id, iso(now or utcnow())),
    )


async def is_notified(conn: aiosqlite.Connection, review_id: int) -> bool:
    fetched = list(await conn.execute_fetchall("SELECT notified_at FROM reviews WHERE id = ?", (review_id,)))
    return bool(fetched) and fetched[0][0] is not None


async def unnotified_returns(conn: aiosqlite.Connection) -> list[Review]:
    """Returns whose executors have not been told yet (a crash between the return and the notice)."""
    fetched = await conn.execute_fetchall(
        f"SELECT {_REVIEW_COLUMNS} FROM reviews WHERE state = 'returned' AND notified_at IS NULL ORDER BY id"
    )
    return [_review(r) for r in fetched]


# --- the comment being typed -----------------------------------------------------------------------


async def await_comment(conn: aiosqlite.Connection, user_id: int, submission_id: int) -> None:
    await conn.execute(
        """INSERT INTO review_comments_pending (user_id, submission_id, created_at) VALUES (?, ?, ?)
           ON CONFLICT (user_id) DO UPDATE SET submission_id = excluded.submission_id,
                                               created_at = excluded.created_at""",
        (user_id, submission_id, iso(utcnow())),
    )


async def pending_comment(conn: aiosqlite.Connection, user_id: int) -> int | None:
    """The revision whose return this user's next message comments on, if any."""
    fetched = list(
        await conn.execute_fetchall(
            "SELECT submission_id FROM review_comments_pending WHERE user_id = ?", (user_id,)
        )
    )
    return fetched[0][0] if fetched else None


async def drop_pending_comment(conn: aiosqlite.Connection, user_id: int) -> bool:
    cursor = await conn.execute("DELETE FROM review_comments_pending WHERE user_id = ?", (user_id,))
    # A return's comment awaited for an indicator's fact (storage.indicator_work) is dropped with it.
    facts = await conn.execute("DELETE FROM indicator_comments_pending WHERE user_id = ?", (user_id,))
    return cursor.rowcount > 0 or facts.rowcount > 0


# --- resubmissions told to the coordinators in one notice ------------------------------------------


async def note_resubmission(conn: aiosqlite.Connection, submission: Submission) -> bool:
    """If the department's previous revision was returned, keep this one for the coordinators' notice."""
    fetched = list(
        await conn.execute_fetchall(
            """SELECT (SELECT r.state FROM reviews r WHERE r.submission_id = s.id ORDER BY r.id DESC LIMIT 1)
               FROM submissions s WHERE s.measure_id = ? AND s.department_id = ? AND s.year = ? AND s.id < ?
               ORDER BY s.id DESC LIMIT 1""",
            (submission.measure_id, submission.department_id, submission.year, submission.id),
        )
    )
    if not fetched or fetched[0][0] != ReviewState.RETURNED.value:
        return False
    await conn.execute(
        "INSERT OR IGNORE INTO resubmissions (submission_id, created_at) VALUES (?, ?)",
        (submission.id, iso(utcnow())),
    )
    return True


async def untold_resubmissions(conn: aiosqlite.Connection) -> list[Submission]:
    fetched = await conn.execute_fetchall(
        f"""SELECT {_prefixed("s")} FROM resubmissions n JOIN submissions s ON s.id = n.submission_id
            WHERE n.notified_at IS NULL ORDER BY s.id"""
    )
    return [_submission(r) for r in fetched]


async def mark_resubmissions_told(conn: aiosqlite.Connection, submission_ids: list[int]) -> None:
    now = iso(utcnow())
    await conn.executemany(
        "UPDATE resubmissions SET notified_at = ? WHERE submission_id = ?", [(now, i) for i in submission_ids]
    )


async def measure_number(conn: aiosqlite.Connection, measure_id: int) -> str:
    fetched = list(await conn.execute_fetchall("SELECT number FROM measures WHERE id = ?", (measure_id,)))
    return fetched[0][0] if fetched else "?"


async def last_department_review(
    conn: aiosqlite.Connection, program_id: int, year: int, department_id: int
) -> Review | None:
    """The newest decision on any of the department's reports on the program's measures in the year."""
    columns = ", ".join(f"r.{c}" for c in _REVIEW_COLUMNS.split(", "))
    fetched = list(
        await conn.execute_fetchall(
            f"""SELECT {columns} FROM reviews r JOIN submissions s ON s.id = r.submission_id
                JOIN measures m ON m.id = s.measure_id
                WHERE m.program_id = ? AND s.year = ? AND s.department_id = ? ORDER BY r.id DESC LIMIT 1""",
            (program_id, year, department_id),
        )
    )
    return _review(fetched[0]) if fetched else None


async def measure_program(conn: aiosqlite.Connection, measure_id: int) -> int | None:
    fetched = list(await conn.execute_fetchall("SELECT program_id FROM measures WHERE id = ?", (measure_id,)))
    return fetched[0][0] if fetched else None


async def review_counts(conn: aiosqlite.Connection, program_id: int, year: int) -> dict[ReviewState, int]:
    """How many departments' reports of the year are in each state (by their newest revision)."""
    fetched = await conn.execute_fetchall(
        f"""SELECT s.source, (SELECT r.state FROM reviews r WHERE r.submission_id = s.id ORDER BY r.id DESC LIMIT 1)
            FROM submissions s JOIN measures m ON m.id = s.measure_id
            WHERE m.program_id = ? AND s.year = ? AND s.source != 'import' AND {_newest("s")}""",
        (program_id, year),
    )
    counts = dict.fromkeys(ReviewState, 0)
    for source, state in fetched:
        if state is not None:
            counts[ReviewState(state)] += 1
        else:
            counts[ReviewState.SUBMITTED if source == Source.BOT.value else ReviewState.ACCEPTED] += 1
    return counts


async def accepted_revisions(
    conn: aiosqlite.Connection, program_id: int, year: int, at: dt.datetime | None = None
) -> list[Revision]:
    """Like ``storage.submissions.revisions_that_count``, but only accepted revisions count: each
    department's newest revision on each measure that was accepted (as of ``at``), by measure and
    department. A published report's and a coordinator's own revisions need no review."""
    moment = "" if at is None else "AND r.created_at <= :at"
    reviewed = "" if at is None else "AND v.created_at <= :at"
    fetched = await conn.execute_fetchall(
        f"""SELECT {_REVISION_COLUMNS} FROM submissions r JOIN measures m ON m.id = r.measure_id
            WHERE m.program_id = :program AND r.year = :year {moment}
                  AND (r.source != 'bot' OR (SELECT v.state FROM reviews v WHERE v.submission_id = r.id {reviewed}
                                             ORDER BY v.id DESC LIMIT 1) = 'accepted')
            ORDER BY r.measure_id, r.department_id, r.id""",
        {"program": program_id, "year": year, **({} if at is None else {"at": iso(at)})},
    )
    newest: dict[tuple[int, int], Revision] = {}
    for r in fetched:
        d = from_text
        newest[(r[1], r[2])] = Revision(
            r[0],
            r[1],
            r[2],
            r[3],
            d(r[4]),
            d(r[5]),
            d(r[6]),
            r[7],
            from_iso(r[8]),
            d(r[9]),
            d(r[10]),
            Source(r[11]),
        )
    return list(newest.values())


async def waiting_counts(conn: aiosqlite.Connection, years: Mapping[int, int]) -> dict[int, int]:
    """How many reports wait for review in each program's year (program id -> year), as ``waiting_reviews``
    counts them, in one query for them all; a program with none is left out."""
    if not years:
        return {}
    chosen, params = chosen_years(years)
    fetched = await conn.execute_fetchall(
        f"""WITH {chosen}
            SELECT m.program_id, COUNT(*) FROM chosen ch
            JOIN measures m ON m.program_id = ch.program_id
            JOIN submissions s ON s.measure_id = m.id AND s.year = ch.year
            WHERE s.source = 'bot' AND {_newest("s")}
                  AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.submission_id = s.id)
            GROUP BY m.program_id""",
        params,
    )
    return {int(r[0]): int(r[1]) for r in fetched}


async def waiting_places(conn: aiosqlite.Connection, program_id: int, year: int) -> list[tuple[str, int]]:
    """Where ``waiting_reviews`` has a report waiting: (the measure's number, the department's id), in the
    program's order, without reading the revisions themselves (a 2,000-measure program's view reads them in
    milliseconds instead of a second). The newest revisions are found by one index seek per (measure,
    department) that reported: its head (``report_heads``, migration 22, kept by triggers), never reading
    every revision of the year (2,000 measures with 50 revisions of each report: an eighth of the time)."""
    fetched = await conn.execute_fetchall(
        """SELECT m.number, h.department_id FROM measures m INDEXED BY measures_by_program
           JOIN tasks t ON t.id = m.task_id
           JOIN report_heads h ON h.measure_id = m.id AND h.year = :year
           JOIN submissions s ON s.id = h.newest_id
           WHERE m.program_id = :program AND s.source = 'bot'
             AND NOT EXISTS (SELECT 1 FROM reviews r WHERE r.submission_id = s.id)
           ORDER BY t.position, m.position, h.department_id""",
        {"program": program_id, "year": year},
    )
    return [(str(r[0]), int(r[1])) for r in fetched]


async def waiting_among(
    conn: aiosqlite.Connection, program_id: int, newest: Iterable[Revision]
) -> list[tuple[str, int]]:
    """``waiting_places`` when the year's newest revisions are at hand (each department's newest on each measure,
    as ``revisions_that_count`` reads them as the year stands): only which of them were reviewed is asked, one
    index seek each, instead of finding the newest revisions again."""
    bot = [r for r in newest if r.source is Source.BOT]
    if not bot:
        return []
    fetched = await conn.execute_fetchall(
        """SELECT j.value FROM json_each(?) j
           WHERE EXISTS (SELECT 1 FROM reviews r WHERE r.submission_id = j.value)""",
        (json.dumps([r.id for r in bot]),),
    )
    reviewed = {r[0] for r in fetched}
    fetched = await conn.execute_fetchall(
        """SELECT m.id, t.position, m.position, m.number FROM measures m JOIN tasks t ON t.id = m.task_id
           WHERE m.program_id = ?""",
        (program_id,),
    )
    order = {r[0]: (r[1], r[2], str(r[3])) for r in fetched}
    places = sorted(
        (order[r.measure_id], r.department_id) for r in bot if r.id not in reviewed and r.measure_id in order
    )
    return [(where[2], department_id) for where, department_id in places]

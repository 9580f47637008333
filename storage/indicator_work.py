"""The work on indicators' facts: an executor's drafts (the conversation's state), the coordinator's reviews of a
fact's revisions, the comment being typed for a return, and the counts /status and the reminders show.

A fact's review states are the measures' (``storage.reviews.ReviewState``): the state of an indicator's year is
its newest revision's newest review; a revision without one is "submitted", unless it came from a published
report or a coordinator (accepted: nobody reviews it).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import aiosqlite

from storage.db import from_iso, iso, utcnow
from storage.indicators import _FACT_COLUMNS, _fact, _prefixed
from storage.models import IndicatorFact, Source
from storage.reviews import ReviewState, state_of
from storage.texts import clean_text

# --- drafts ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IndicatorDraft:
    user_id: int
    indicator_id: int
    year: int
    step: str
    data: dict[str, Any]
    active: bool


_DRAFT_COLUMNS = "user_id, indicator_id, year, step, data, active"


def _draft(r: aiosqlite.Row) -> IndicatorDraft:
    return IndicatorDraft(r[0], r[1], r[2], r[3], json.loads(r[4]), bool(r[5]))


async def save_indicator_draft(conn: aiosqlite.Connection, draft: IndicatorDraft) -> None:
    """Store the draft; an active one becomes the user's only active draft, of a measure or an indicator."""
    if draft.active:
        await conn.execute("UPDATE drafts SET active = 0 WHERE user_id = ? AND active = 1", (draft.user_id,))
        await conn.execute(
            """UPDATE indicator_drafts SET active = 0 WHERE user_id = ? AND active = 1
                   AND (indicator_id, year) != (?, ?)""",
            (draft.user_id, draft.indicator_id, draft.year),
        )
    await conn.execute(
        f"""INSERT INTO indicator_drafts ({_DRAFT_COLUMNS}, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (user_id, indicator_id, year) DO UPDATE SET
                step = excluded.step, data = excluded.data, active = excluded.active,
                updated_at = excluded.updated_at""",
        (
            draft.user_id,
            draft.indicator_id,
            draft.year,
            draft.step,
            json.dumps(draft.data, ensure_ascii=False),
            int(draft.active),
            iso(utcnow()),
        ),
    )


async def active_indicator_draft(conn: aiosqlite.Connection, user_id: int) -> IndicatorDraft | None:
    fetched = list(
        await conn.execute_fetchall(
            f"SELECT {_DRAFT_COLUMNS} FROM indicator_drafts WHERE user_id = ? AND active = 1", (user_id,)
        )
    )
    return _draft(fetched[0]) if fetched else None


async def get_indicator_draft(
    conn: aiosqlite.Connection, user_id: int, indicator_id: int, year: int
) -> IndicatorDraft | None:
    fetched = list(
        await conn.execute_fetchall(
            f"SELECT {_DRAFT_COLUMNS} FROM indicator_drafts WHERE user_id = ? AND indicator_id = ? AND year = ?",
            (user_id, indicator_id, year),
        )
    )
    return _draft(fetched[0]) if fetched else None


async def user_indicator_drafts(conn: aiosqlite.Connection, user_id: int) -> set[tuple[int, int]]:
    """(indicator, year) of every draft the user keeps."""
    fetched = await conn.execute_fetchall(
        "SELECT indicator_id, year FROM indicator_drafts WHERE user_id = ?", (user_id,)
    )
    return {(r[0], r[1]) for r in fetched}


async def delete_indicator_draft(
    conn: aiosqlite.Connection, user_id: int, indicator_id: int, year: int
) -> None:
    await conn.execute(
        "DELETE FROM indicator_drafts WHERE user_id = ? AND indicator_id = ? AND year = ?",
        (user_id, indicator_id, year),
    )


async def deactivate_indicator_drafts(conn: aiosqlite.Connection, user_id: int) -> bool:
    """True when the user had an active indicator draft."""
    fetched = await conn.execute_fetchall(
        "UPDATE indicator_drafts SET active = 0 WHERE user_id = ? AND active = 1 RETURNING user_id",
        (user_id,),
    )
    return bool(fetched)


# --- reviews of a fact's revisions -------------------------------------------------------------------------


@dataclass(frozen=True)
class FactReview:
    id: int
    fact_id: int
    state: ReviewState
    comment: str
    reviewer_id: int | None
    reviewer_name: str
    created_at: dt.datetime
    notified_at: dt.datetime | None


_REVIEW_COLUMNS = "id, fact_id, state, comment, reviewer_id, reviewer_name, created_at, notified_at"


def _review(r: aiosqlite.Row) -> FactReview:
    return FactReview(
        r[0],
        r[1],
        ReviewState(r[2]),
        r[3],
        r[4],
        r[5],
        from_iso(r[6]),
        None if r[7] is None else from_iso(r[7]),
    )


def fact_state_of(fact: IndicatorFact | None, reviews: Sequence[FactReview]) -> ReviewState:
    """The state of a fact given its reviews (oldest first): the measures' rule, ``storage.reviews.state_of``."""
    return state_of(fact, reviews)


async def add_fact_review(
    conn: aiosqlite.Connection,
    fact_id: int,
    state: ReviewState,
    *,
    comment: str = "",
    reviewer_id: int | None,
    reviewer_name: str = "",
    at: dt.datetime | None = None,
) -> FactReview:
    if state is ReviewState.SUBMITTED:
        raise ValueError("a review accepts or returns")
    fetched = await conn.execute_fetchall(
        f"""INSERT INTO indicator_reviews (fact_id, state, comment, reviewer_id, reviewer_name, created_at)
            VALUES (?, ?, ?, ?, ?, ?) RETURNING {_REVIEW_COLUMNS}""",
        (fact_id, state.value, comment, reviewer_id, clean_text(reviewer_name), iso(at or utcnow())),
    )
    return _review(next(iter(fetched)))


async def fact_reviews(conn: aiosqlite.Connection, fact_ids: Sequence[int]) -> dict[int, list[FactReview]]:
    """Each revision's reviews, oldest first (revisions without any are absent)."""
    found: dict[int, list[FactReview]] = {}
    if not fact_ids:
        return found
    marks = ", ".join("?" * len(fact_ids))
    fetched = await conn.execute_fetchall(
        f"SELECT {_REVIEW_COLUMNS} FROM indicator_reviews WHERE fact_id IN ({marks}) ORDER BY id",
        list(fact_ids),
    )
    for r in fetched:
        review = _review(r)
        found.setdefault(review.fact_id, []).append(review)
    return found


async def fact_state(
    conn: aiosqlite.Connection, indicator_id: int, year: int
) -> tuple[IndicatorFact | None, ReviewState, FactReview | None]:
    """The newest revision of an indicator's fact, its state and the review that set it (None if none)."""
    fetched = list(
        await conn.execute_fetchall(
            f"SELECT {_FACT_COLUMNS} FROM indicator_facts WHERE indicator_id = ? AND year = ? ORDER BY id DESC LIMIT 1",
            (indicator_id, year),
        )
    )
    if not fetched:
        return None, ReviewState.SUBMITTED, None
    fact = _fact(fetched[0])
    reviews = (await fact_reviews(conn, [fact.id])).get(fact.id, [])
    return fact, fact_state_of(fact, reviews), reviews[-1] if reviews else None


def _newest(alias: str) -> str:
    return f"""{alias}.id = (SELECT MAX(c.id) FROM indicator_facts c
                             WHERE c.indicator_id = {alias}.indicator_id AND c.year = {alias}.year)"""


async def waiting_facts(
    conn: aiosqlite.Connection, program_id: int, year: int, department_id: int | None = None
) -> list[IndicatorFact]:
    """The newest revisions of the year submitted through the bot and not reviewed yet, by indicator number;
    with ``department_id``, only those of the indicators that department reports (its own, or the program's
    responsible department's where an indicator names none)."""
    fetched = await conn.execute_fetchall(
        f"""SELECT {_prefixed("f")} FROM indicator_facts f JOIN indicators i ON i.id = f.indicator_id
            JOIN programs p ON p.id = i.program_id
            WHERE i.program_id = ? AND f.year = ? AND f.source = 'bot' AND {_newest("f")}
                  AND NOT EXISTS (SELECT 1 FROM indicator_reviews r WHERE r.fact_id = f.id)
                  AND (? IS NULL OR COALESCE(i.department_id, p.responsible_department_id) = ?)
            ORDER BY i.number, i.id""",
        (program_id, year, department_id, department_id),
    )
    return [_fact(r) for r in fetched]


async def fact_states(conn: aiosqlite.Connection, program_id: int, year: int) -> dict[int, ReviewState]:
    """Indicator id -> the state of its newest revision of the year (indicators with no fact are absent)."""
    fetched = await conn.execute_fetchall(
        f"""SELECT f.indicator_id, f.source,
                   (SELECT r.state FROM indicator_reviews r WHERE r.fact_id = f.id ORDER BY r.id DESC LIMIT 1)
            FROM indicator_facts f JOIN indicators i ON i.id = f.indicator_id
            WHERE i.program_id = ? AND f.year = ? AND {_newest("f")}""",
        (program_id, year),
    )
    states: dict[int, ReviewState] = {}
    for indicator_id, source, state in fetched:
        if state is not None:
            states[indicator_id] = ReviewState(state)
        else:
            states[indicator_id] = (
                ReviewState.SUBMITTED if source == Source.BOT.value else ReviewState.ACCEPTED
            )
    return states


async def indicator_program(conn: aiosqlite.Connection, fact_id: int) -> tuple[IndicatorFact, int] | None:
    """A revision and its indicator's program (None: gone)."""
    fetched = list(
        await conn.execute_fetchall(
            f"""SELECT {_prefixed("f")}, i.program_id FROM indicator_facts f JOIN indicators i ON i.id = f.indicator_id
                WHERE f.id = ?""",
            (fact_id,),
        )
    )
    return (_fact(fetched[0]), int(fetched[0][9])) if fetched else None


async def mark_fact_return_notified(conn: aiosqlite.Connection, review_id: int) -> None:
    await conn.execute(
        "UPDATE indicator_reviews SET notified_at = ? WHERE id = ?", (iso(utcnow()), review_id)
    )


# --- the comment being typed -------------------------------------------------------------------------------


async def await_fact_comment(conn: aiosqlite.Connection, user_id: int, fact_id: int) -> None:
    """The user's next message is the comment on the return of this revision (a measure's awaited comment,
    if any, is dropped: one comment is awaited at a time)."""
    await conn.execute("DELETE FROM review_comments_pending WHERE user_id = ?", (user_id,))
    await conn.execute(
        """INSERT INTO indicator_comments_pending (user_id, fact_id, created_at) VALUES (?, ?, ?)
           ON CONFLICT (user_id) DO UPDATE SET fact_id = excluded.fact_id, created_at = excluded.created_at""",
        (user_id, fact_id, iso(utcnow())),
    )


async def pending_fact_comment(conn: aiosqlite.Connection, user_id: int) -> int | None:
    fetched = list(
        await conn.execute_fetchall(
            "SELECT fact_id FROM indicator_comments_pending WHERE user_id = ?", (user_id,)
        )
    )
    return fetched[0][0] if fetched else None


async def drop_pending_fact_comment(conn: aiosqlite.Connection, user_id: int) -> bool:
    cursor = await conn.execute("DELETE FROM indicator_comments_pending WHERE user_id = ?", (user_id,))
    return cursor.rowcount > 0


# --- what a department owes --------------------------------------------------------------------------------


async def indicators_owed(conn: aiosqlite.Connection, department_id: int, program_id: int, year: int) -> int:
    """How many of the indicators a department reports in the program's year have no fact yet or were
    returned: what it still owes (for the reminders and /status)."""
    fetched = await conn.execute_fetchall(
        f"""SELECT COUNT(*) FROM indicators i JOIN programs p ON p.id = i.program_id
            WHERE i.program_id = :program
                  AND (i.department_id = :department
                       OR (i.department_id IS NULL AND p.responsible_department_id = :department))
                  AND (i.added_from IS NULL OR i.added_from <= :year)
                  AND (i.retired_from IS NULL OR :year < i.retired_from)
                  AND NOT EXISTS (
                      SELECT 1 FROM indicator_facts f WHERE f.indicator_id = i.id AND f.year = :year
                          AND {_newest("f")}
                          AND COALESCE((SELECT r.state FROM indicator_reviews r WHERE r.fact_id = f.id
                                        ORDER BY r.id DESC LIMIT 1), '') != 'returned')""",
        {"program": program_id, "department": department_id, "year": year},
    )
    return int(next(iter(fetched))[0])


async def open_indicator_years(conn: aiosqlite.Connection) -> list[tuple[int, int]]:
    """(program, year) of every open reporting period of a program that has indicators, in order."""
    fetched = await conn.execute_fetchall(
        """SELECT rp.program_id, rp.year FROM reporting_periods rp
           WHERE rp.status = 'open' AND EXISTS (SELECT 1 FROM indicators i WHERE i.program_id = rp.program_id)
           ORDER BY rp.program_id, rp.year"""
    )
    return [(int(r[0]), int(r[1])) for r in fetched]


async def previous_fact(conn: aiosqlite.Connection, fact: IndicatorFact) -> IndicatorFact | None:
    """The revision of the indicator's year just before this one."""
    fetched = list(
        await conn.execute_fetchall(
            f"""SELECT {_FACT_COLUMNS} FROM indicator_facts WHERE indicator_id = ? AND year = ? AND id < ?
                ORDER BY id DESC LIMIT 1""",
            (fact.indicator_id, fact.year, fact.id),
        )
    )
    return _fact(fetched[0]) if fetched else None


async def owed_indicator_counts(
    conn: aiosqlite.Connection, periods: Sequence[tuple[int, int]]
) -> dict[tuple[int, int, int], int]:
    """(program, year, department) -> how many indicators the department still owes in the program's year
    (``indicators_owed`` for them all): for the reminders' snapshot, one query per program with indicators."""
    owed: dict[tuple[int, int, int], int] = {}
    programs = {p for p, _ in periods}
    if not programs:
        return owed
    marks = ", ".join("?" * len(programs))
    fetched = await conn.execute_fetchall(
        f"""SELECT i.program_id, COALESCE(i.department_id, p.responsible_department_id), i.id, i.added_from,
                   i.retired_from
            FROM indicators i JOIN programs p ON p.id = i.program_id WHERE i.program_id IN ({marks})""",
        sorted(programs),
    )
    by_program: dict[int, list[tuple[int | None, int, int | None, int | None]]] = {}
    for program_id, department_id, indicator_id, added, retired in fetched:
        by_program.setdefault(program_id, []).append((department_id, indicator_id, added, retired))
    for program_id, year in periods:
        indicators = by_program.get(program_id)
        if not indicators:
            continue
        states = await fact_states(conn, program_id, year)
        for department_id, indicator_id, added, retired in indicators:
            if (
                department_id is None
                or (added is not None and added > year)
                or (retired is not None and year >= retired)
            ):
                continue
            state = states.get(indicator_id)
            if state is None or state is ReviewState.RETURNED:
                key = (program_id, year, department_id)
                owed[key] = owed.get(key, 0) + 1
    return owed


async def waiting_fact_counts(
    conn: aiosqlite.Connection, periods: Sequence[tuple[int, int]]
) -> dict[tuple[int, int], int]:
    """(program, year) -> how many facts wait for review (``waiting_facts``), for the coordinators' digest;
    periods with none are absent. One query per program."""
    counts: dict[tuple[int, int], int] = {}
    for program_id, year in sorted(set(periods)):
        fetched = await conn.execute_fetchall(
            f"""SELECT COUNT(*) FROM indicator_facts f JOIN indicators i ON i.id = f.indicator_id
                WHERE i.program_id = ? AND f.year = ? AND f.source = 'bot' AND {_newest("f")}
                      AND NOT EXISTS (SELECT 1 FROM indicator_reviews r WHERE r.fact_id = f.id)""",
            (program_id, year),
        )
        count = int(next(iter(fetched))[0])
        if count:
            counts[(program_id, year)] = count
    return counts

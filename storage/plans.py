"""Plans per measure, year and fund, with their history: who changed which plan, when, from what to what.

The ``plans`` table holds the plan in force; ``plan_revisions`` holds every change, append-only, like
submissions. A plan that is not in ``plans`` is *not set* (which is not the same as a plan of 0,0): the
year's plans have not been entered yet for that measure and fund.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

import aiosqlite

from storage.db import from_iso, iso, utcnow
from storage.models import Fund, Source
from storage.numbers import from_text, to_text
from storage.texts import clean_text


@dataclass(frozen=True, slots=True)
class PlanKey:
    measure_id: int
    year: int
    fund: Fund


@dataclass(frozen=True, slots=True)
class PlanRevision:
    measure_id: int
    year: int
    fund: Fund
    old: Decimal | None  # None: the plan was not set
    new: Decimal | None  # None: the plan was removed
    author_id: int | None
    author_name: str
    created_at: dt.datetime
    source: Source


async def plan_years(conn: aiosqlite.Connection, program_id: int) -> list[int]:
    """The years for which any of the program's measures has a plan, in order."""
    fetched = await conn.execute_fetchall(
        """SELECT DISTINCT p.year FROM plans p JOIN measures m ON m.id = p.measure_id
           WHERE m.program_id = ? ORDER BY p.year""",
        (program_id,),
    )
    return [r[0] for r in fetched]


async def plans_changed_since(
    conn: aiosqlite.Connection, program_id: int, year: int, since: dt.datetime
) -> bool:
    """Whether any plan of the program's year, a measure's or a result indicator's, changed after ``since``."""
    fetched = await conn.execute_fetchall(
        """SELECT EXISTS (SELECT 1 FROM plan_revisions r JOIN measures m ON m.id = r.measure_id
                          WHERE m.program_id = :program AND r.year = :year AND r.created_at > :since)
               OR EXISTS (SELECT 1 FROM indicator_plan_revisions r JOIN indicators i ON i.id = r.indicator_id
                          WHERE i.program_id = :program AND r.year = :year AND r.created_at > :since)""",
        {"program": program_id, "year": year, "since": iso(since)},
    )
    return bool(next(iter(fetched))[0])


async def program_plans(conn: aiosqlite.Connection, program_id: int) -> dict[PlanKey, Decimal]:
    """Every plan of the program in force, all years and funds."""
    fetched = await conn.execute_fetchall(
        """SELECT p.measure_id, p.year, p.fund, p.amount FROM plans p JOIN measures m ON m.id = p.measure_id
           WHERE m.program_id = ?""",
        (program_id,),
    )
    return {PlanKey(r[0], r[1], Fund(r[2])): Decimal(r[3]) for r in fetched}


async def apply_plans(
    conn: aiosqlite.Connection,
    changes: Mapping[PlanKey, Decimal | None],
    *,
    author_id: int | None,
    author_name: str = "",
    source: Source = Source.COORDINATOR,
    now: dt.datetime | None = None,
) -> list[PlanRevision]:
    """Set (or, with None, remove) the given plans; record a revision for each that really changes.

    Run it inside one transaction with whatever else belongs to the same decision: a sheet is applied
    whole or not at all.
    """
    moment = now or utcnow()
    author_name = clean_text(author_name)  # a blank name as "": shown as the author's id
    if not changes:
        return []
    keys = list(changes)
    current = await _current(conn, keys)
    revisions: list[PlanRevision] = []
    for key in keys:
        new = changes[key]
        old = current.get(key)
        if old == new:  # 12 and 12,0 are the same plan
            continue
        if new is None:
            await conn.execute(
                "DELETE FROM plans WHERE measure_id = ? AND year = ? AND fund = ?",
                (key.measure_id, key.year, key.fund.value),
            )
        else:
            await conn.execute(
                """INSERT INTO plans (measure_id, year, fund, amount) VALUES (?, ?, ?, ?)
                   ON CONFLICT (measure_id, year, fund) DO UPDATE SET amount = excluded.amount""",
                (key.measure_id, key.year, key.fund.value, to_text(new)),
            )
        await conn.execute(
            """INSERT INTO plan_revisions
               (measure_id, year, fund, old_amount, new_amount, author_id, author_name, created_at, source)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                key.measure_id,
                key.year,
                key.fund.value,
                to_text(old),
                to_text(new),
                author_id,
                author_name,
                iso(moment),
                source.value,
            ),
        )
        revisions.append(
            PlanRevision(key.measure_id, key.year, key.fund, old, new, author_id, author_name, moment, source)
        )
    return revisions


async def _current(conn: aiosqlite.Connection, keys: list[PlanKey]) -> dict[PlanKey, Decimal]:
    found: dict[PlanKey, Decimal] = {}
    for measure_id in sorted({k.measure_id for k in keys}):
        fetched = await conn.execute_fetchall(
            "SELECT year, fund, amount FROM plans WHERE measure_id = ?", (measure_id,)
        )
        for year, fund, amount in fetched:
            found[PlanKey(measure_id, year, Fund(fund))] = Decimal(amount)
    return found


async def plan_history(
    conn: aiosqlite.Connection, measure_id: int, year: int | None = None
) -> list[PlanRevision]:
    """A measure's plan changes, oldest first (one year, or every year)."""
    query = """SELECT measure_id, year, fund, old_amount, new_amount, author_id, author_name, created_at, source
               FROM plan_revisions WHERE measure_id = ?"""
    params: tuple[int, ...] = (measure_id,)
    if year is not None:
        query += " AND year = ?"
        params = (measure_id, year)
    fetched = await conn.execute_fetchall(query + " ORDER BY id", params)
    return [
        PlanRevision(
            r[0], r[1], Fund(r[2]), from_text(r[3]), from_text(r[4]), r[5], r[6], from_iso(r[7]), Source(r[8])
        )
        for r in fetched
    ]

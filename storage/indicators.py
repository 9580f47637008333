"""A program's result indicators (the report's section 2): the indicators, their yearly plans with history,
their facts as append-only revisions, and the rules on their values (no words: codes).

Plans are kept as ``storage.plans`` keeps a measure's: ``indicator_plans`` holds the value in force,
``indicator_plan_revisions`` every change (so the plans as of a moment are the newest revisions up to it).
Facts are kept as submissions are: adding is the only write and the newest revision counts; a revision that
came through the bot counts as accepted once its newest review says so (``indicator_reviews``), one that came
from a published report or a coordinator needs nobody's review.

Values are exact Decimals in the indicator's unit.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

import aiosqlite

from storage.db import from_iso, iso
from storage.models import Indicator, IndicatorFact, IndicatorKind, NewIndicator, Source
from storage.numbers import NumberError, NumberReason, from_text, parse_decimal, to_text
from storage.texts import clean_text

# --- the rules on values (one home: the phone, the import and the plan sheet use these) ---------------------

MAX_VALUE = Decimal(10) ** 12  # beyond any city's count, sum or share
MAX_DECIMALS = 3


class IndicatorValueProblem(StrEnum):
    EMPTY = "empty"
    NOT_A_NUMBER = "not_a_number"
    NEGATIVE = "negative"
    PERCENT_OVER_100 = "percent_over_100"
    TOO_MANY_DECIMALS = "too_many_decimals"
    TOO_LARGE = "too_large"


class IndicatorValueError(ValueError):
    def __init__(self, problem: IndicatorValueProblem, text: str) -> None:
        super().__init__(f"{problem}: {text!r}")
        self.problem = problem
        self.text = text


def is_percent_unit(unit: str) -> bool:
    """The unit is a percent (written «%», as the form's tables write it): a value is 0-100."""
    return clean_text(unit).replace(" ", "") == "%"


def indicator_value_problem(value: Decimal, unit: str) -> IndicatorValueProblem | None:
    """What is wrong with an exact value in the indicator's unit, or None."""
    if not value.is_finite():
        return IndicatorValueProblem.NOT_A_NUMBER
    if value < 0:
        return IndicatorValueProblem.NEGATIVE
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    if -exponent > MAX_DECIMALS:
        return IndicatorValueProblem.TOO_MANY_DECIMALS
    if is_percent_unit(unit) and value > 100:
        return IndicatorValueProblem.PERCENT_OVER_100
    if value > MAX_VALUE:
        return IndicatorValueProblem.TOO_LARGE
    return None


_FROM_NUMBER_REASON = {
    NumberReason.EMPTY: IndicatorValueProblem.EMPTY,
    NumberReason.NOT_A_NUMBER: IndicatorValueProblem.NOT_A_NUMBER,
    NumberReason.NEGATIVE: IndicatorValueProblem.NEGATIVE,
    NumberReason.TOO_MANY_PLACES: IndicatorValueProblem.TOO_MANY_DECIMALS,
    NumberReason.TOO_LARGE: IndicatorValueProblem.TOO_LARGE,
    NumberReason.OUT_OF_RANGE: IndicatorValueProblem.TOO_LARGE,
}


def parse_indicator_value(text: str, unit: str) -> Decimal:
    """A value as a person typed or a document printed it (``150``, ``1 234,5``, ``97,5 %`` where the unit is a
    percent) -> Decimal; ``IndicatorValueError`` with its problem otherwise. Never goes through float."""
    raw = clean_text(text)
    if is_percent_unit(unit):
        raw = raw.removesuffix("%").strip()
    try:
        value = parse_decimal(raw, max_places=MAX_DECIMALS, maximum=MAX_VALUE)
    except NumberError as exc:
        raise IndicatorValueError(_FROM_NUMBER_REASON[exc.reason], text) from None
    problem = indicator_value_problem(value, unit)
    if problem is not None:
        raise IndicatorValueError(problem, text)
    return value


def deviation(plan: Decimal | None, fact: Decimal | None) -> Decimal | None:
    """fact - plan (None if either is None): computed, never typed."""
    if plan is None or fact is None:
        return None
    return fact - plan


def needs_reason(plan: Decimal | None, fact: Decimal | None) -> bool:
    """The fact misses a positive plan by more than a tenth of it: the deviation needs its reason."""
    if plan is None or fact is None or plan <= 0:
        return False
    return abs(fact - plan) > plan / 10


# --- indicators --------------------------------------------------------------------------------------------

_INDICATOR_COLUMNS = (
    "id, program_id, number, kind, name, unit, task_id, measure_id, department_id, retired_from, added_from"
)


def _indicator(r: aiosqlite.Row) -> Indicator:
    return Indicator(
        id=r[0],
        program_id=r[1],
        number=r[2],
        kind=IndicatorKind(r[3]),
        name=r[4],
        unit=r[5],
        task_id=r[6],
        measure_id=r[7],
        department_id=r[8],
        retired_from=r[9],
        added_from=r[10],
    )


async def add_indicators(conn: aiosqlite.Connection, items: Sequence[NewIndicator]) -> list[Indicator]:
    added: list[Indicator] = []
    for item in items:
        fetched = await conn.execute_fetchall(
            f"""INSERT INTO indicators (program_id, number, kind, name, unit, task_id, measure_id, department_id,
                                        retired_from, added_from)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_INDICATOR_COLUMNS}""",
            (
                item.program_id,
                item.number,
                item.kind.value,
                item.name,
                item.unit,
                item.task_id,
                item.measure_id,
                item.department_id,
                item.retired_from,
                item.added_from,
            ),
        )
        added.append(_indicator(next(iter(fetched))))
    return added


async def update_indicators(conn: aiosqlite.Connection, items: Sequence[Indicator]) -> int:
    """Write each indicator's fields over the stored row of its id (an amendment's renumbering, rewording,
    retiring). Returns how many rows changed."""
    changed = 0
    for item in items:
        cursor = await conn.execute(
            """UPDATE indicators SET program_id = ?, number = ?, kind = ?, name = ?, unit = ?, task_id = ?,
                   measure_id = ?, department_id = ?, retired_from = ?, added_from = ?
               WHERE id = ? AND (program_id, number, kind, name, unit, task_id, measure_id, department_id,
                                 retired_from, added_from)
                     IS NOT (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (*_fields(item), item.id, *_fields(item)),
        )
        changed += cursor.rowcount
    return changed


def _fields(item: NewIndicator) -> tuple[object, ...]:
    return (
        item.program_id,
        item.number,
        item.kind.value,
        item.name,
        item.unit,
        item.task_id,
        item.measure_id,
        item.department_id,
        item.retired_from,
        item.added_from,
    )


async def program_indicators(conn: aiosqlite.Connection, program_id: int) -> list[Indicator]:
    """The program's indicators by number (retired ones too: ``Indicator.in_force`` tells a year's)."""
    fetched = await conn.execute_fetchall(
        f"SELECT {_INDICATOR_COLUMNS} FROM indicators WHERE program_id = ? ORDER BY number, id", (program_id,)
    )
    return [_indicator(r) for r in fetched]


async def get_indicator(conn: aiosqlite.Connection, indicator_id: int) -> Indicator | None:
    fetched = list(
        await conn.execute_fetchall(
            f"SELECT {_INDICATOR_COLUMNS} FROM indicators WHERE id = ?", (indicator_id,)
        )
    )
    return _indicator(fetched[0]) if fetched else None


async def department_indicators(
    conn: aiosqlite.Connection, program_id: int, department_id: int, year: int
) -> list[Indicator]:
    """The indicators a department reports in a program's year, by number: its own, and, for the program's
    responsible department, those that name no department."""
    fetched = await conn.execute_fetchall(
        f"""SELECT {", ".join("i." + c.strip() for c in _INDICATOR_COLUMNS.split(","))}
            FROM indicators i JOIN programs p ON p.id = i.program_id
            WHERE i.program_id = ?
                  AND (i.department_id = ? OR (i.department_id IS NULL AND p.responsible_department_id = ?))
                  AND (i.added_from IS NULL OR i.added_from <= ?) AND (i.retired_from IS NULL OR ? < i.retired_from)
            ORDER BY i.number, i.id""",
        (program_id, department_id, department_id, year, year),
    )
    return [_indicator(r) for r in fetched]


def reporting_department(indicator: Indicator, responsible_department_id: int | None) -> int | None:
    """The department that reports the indicator: its own, or the program's responsible department."""
    return indicator.department_id if indicator.department_id is not None else responsible_department_id


# --- plans, with their history -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndicatorPlanRevision:
    indicator_id: int
    year: int
    old: Decimal | None  # None: not set
    new: Decimal | None  # None: removed
    user_id: int | None
    author_name: str
    created_at: dt.datetime
    source: Source


async def set_indicator_plans(
    conn: aiosqlite.Connection,
    program_id: int,
    values: Mapping[tuple[int, int], Decimal | None],
    *,
    user_id: int | None,
    source: Source,
    at: dt.datetime,
    author_name: str = "",
) -> int:
    """Set (None: remove) the planned values of (indicator id, year); record a revision for each that really
    changes, and return how many did. Indicators of another program are refused (``ValueError``). Run it in
    the transaction of the decision it belongs to."""
    if not values:
        return 0
    ids = sorted({indicator_id for indicator_id, _ in values})
    marks = ", ".join("?" * len(ids))
    owned = {
        r[0]
        for r in await conn.execute_fetchall(
            f"SELECT id FROM indicators WHERE program_id = ? AND id IN ({marks})", (program_id, *ids)
        )
    }
    if stray := [i for i in ids if i not in owned]:
        raise ValueError(f"indicators {stray} are not the program {program_id}'s")
    current = {
        (r[0], r[1]): Decimal(r[2])
        for r in await conn.execute_fetchall(
            f"SELECT indicator_id, year, value FROM indicator_plans WHERE indicator_id IN ({marks})", ids
        )
    }
    author_name = clean_text(author_name)
    changed = 0
    for (indicator_id, year), new in values.items():
        old = current.get((indicator_id, year))
        if old == new:
            continue
        if new is None:
            await conn.execute(
                "DELETE FROM indicator_plans WHERE indicator_id = ? AND year = ?", (indicator_id, year)
            )
        else:
            await conn.execute(
                """INSERT INTO indicator_plans (indicator_id, year, value) VALUES (?, ?, ?)
                   ON CONFLICT (indicator_id, year) DO UPDATE SET value = excluded.value""",
                (indicator_id, year, to_text(new)),
            )
        await conn.execute(
            """INSERT INTO indicator_plan_revisions
               (indicator_id, year, old_value, new_value, user_id, author_name, created_at, source)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
            (indicator_id, year, to_text(old), to_text(new), user_id, author_name, iso(at), source.value),
        )
        changed += 1
    return changed


async def indicator_plans(
    conn: aiosqlite.Connection, program_id: int, year: int, *, at: dt.datetime | None = None
) -> dict[int, Decimal]:
    """Indicator id -> its planned value for the year (those set), now or as of ``at``."""
    if at is None:
        fetched = await conn.execute_fetchall(
            """SELECT p.indicator_id, p.value FROM indicator_plans p JOIN indicators i ON i.id = p.indicator_id
               WHERE i.program_id = ? AND p.year = ?""",
            (program_id, year),
        )
        return {r[0]: Decimal(r[1]) for r in fetched}
    fetched = await conn.execute_fetchall(
        """SELECT r.indicator_id, r.new_value FROM indicator_plan_revisions r
           JOIN indicators i ON i.id = r.indicator_id
           WHERE i.program_id = ? AND r.year = ? AND r.created_at <= ? ORDER BY r.id""",
        (program_id, year, iso(at)),
    )
    newest: dict[int, str | None] = {}
    for indicator_id, value in fetched:
        newest[indicator_id] = value
    return {i: Decimal(v) for i, v in newest.items() if v is not None}


async def indicator_plan_history(
    conn: aiosqlite.Connection, indicator_id: int, year: int | None = None
) -> list[IndicatorPlanRevision]:
    """An indicator's plan changes, oldest first (one year, or every year)."""
    query = """SELECT indicator_id, year, old_value, new_value, user_id, author_name, created_at, source
               FROM indicator_plan_revisions WHERE indicator_id = ?"""
    params: list[object] = [indicator_id]
    if year is not None:
        query += " AND year = ?"
        params.append(year)
    fetched = await conn.execute_fetchall(query + " ORDER BY id", params)
    return [
        IndicatorPlanRevision(
            r[0], r[1], from_text(r[2]), from_text(r[3]), r[4], r[5], from_iso(r[6]), Source(r[7])
        )
        for r in fetched
    ]


async def indicator_plan_years(conn: aiosqlite.Connection, program_id: int) -> list[int]:
    """The years for which any of the program's indicators has a plan, in order."""
    fetched = await conn.execute_fetchall(
        """SELECT DISTINCT p.year FROM indicator_plans p JOIN indicators i ON i.id = p.indicator_id
           WHERE i.program_id = ? ORDER BY p.year""",
        (program_id,),
    )
    return [r[0] for r in fetched]


# --- facts: append-only revisions --------------------------------------------------------------------------

_FACT_COLUMNS = "id, indicator_id, year, value, reason, user_id, source, created_at, author_name"


def _fact(r: aiosqlite.Row) -> IndicatorFact:
    return IndicatorFact(
        id=r[0],
        indicator_id=r[1],
        year=r[2],
        value=from_text(r[3]),
        reason=r[4],
        user_id=r[5],
        source=Source(r[6]),
        created_at=from_iso(r[7]),
        author_name=r[8],
    )


def _prefixed(alias: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in _FACT_COLUMNS.split(","))


async def add_indicator_fact(
    conn: aiosqlite.Connection,
    indicator_id: int,
    year: int,
    value: Decimal | None,
    reason: str | None,
    *,
    user_id: int | None,
    source: Source,
    at: dt.datetime,
    author_name: str = "",
) -> IndicatorFact:
    """Add a revision (the only write). A blank reason is kept as None."""
    reason = clean_text(reason) if reason is not None else None
    fetched = await conn.execute_fetchall(
        f"""INSERT INTO indicator_facts (indicator_id, year, value, reason, user_id, author_name, source,
                                         created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING {_FACT_COLUMNS}""",
        (
            indicator_id,
            year,
            to_text(value),
            reason or None,
            user_id,
            clean_text(author_name),
            source.value,
            iso(at),
        ),
    )
    return _fact(next(iter(fetched)))


async def indicator_facts(
    conn: aiosqlite.Connection,
    program_id: int,
    year: int,
    *,
    at: dt.datetime | None = None,
    accepted_only: bool = False,
) -> dict[int, IndicatorFact]:
    """Indicator id -> the revision that counts for the year: the newest (up to ``at``), or with
    ``accepted_only`` the newest accepted one (a bot revision whose newest review up to ``at`` accepted it;
    a published report's or a coordinator's needs none)."""
    moment = "" if at is None else "AND f.created_at <= :at"
    reviewed = "" if at is None else "AND v.created_at <= :at"
    accepted = (
        f"""AND (f.source != 'bot' OR (SELECT v.state FROM indicator_reviews v WHERE v.fact_id = f.id {reviewed}
                                       ORDER BY v.id DESC LIMIT 1) = 'accepted')"""
        if accepted_only
        else ""
    )
    params: dict[str, object] = {"program": program_id, "year": year}
    if at is not None:
        params["at"] = iso(at)
    fetched = await conn.execute_fetchall(
        f"""SELECT {_prefixed("f")} FROM indicator_facts f JOIN indicators i ON i.id = f.indicator_id
            WHERE i.program_id = :program AND f.year = :year {moment} {accepted}
            ORDER BY f.id""",
        params,
    )
    newest: dict[int, IndicatorFact] = {}
    for r in fetched:
        newest[r[1]] = _fact(r)
    return newest


async def latest_indicator_fact(
    conn: aiosqlite.Connection, indicator_id: int, year: int
) -> IndicatorFact | None:
    fetched = list(
        await conn.execute_fetchall(
            f"SELECT {_FACT_COLUMNS} FROM indicator_facts WHERE indicator_id = ? AND year = ? ORDER BY id DESC LIMIT 1",
            (indicator_id, year),
        )
    )
    return _fact(fetched[0]) if fetched else None


async def indicator_fact_history(
    conn: aiosqlite.Connection, indicator_id: int, year: int
) -> list[IndicatorFact]:
    """Every revision of an indicator's fact for a year, oldest first."""
    fetched = await conn.execute_fetchall(
        f"SELECT {_FACT_COLUMNS} FROM indicator_facts WHERE indicator_id = ? AND year = ? ORDER BY id",
        (indicator_id, year),
    )
    return [_fact(r) for r in fetched]


async def get_indicator_fact(conn: aiosqlite.Connection, fact_id: int) -> IndicatorFact | None:
    fetched = list(
        await conn.execute_fetchall(f"SELECT {_FACT_COLUMNS} FROM indicator_facts WHERE id = ?", (fact_id,))
    )
    return _fact(fetched[0]) if fetched else None


async def indicator_fact_years(conn: aiosqlite.Connection, program_id: int) -> list[int]:
    """The years for which any of the program's indicators has a fact, in order."""
    fetched = await conn.execute_fetchall(
        """SELECT DISTINCT f.year FROM indicator_facts f JOIN indicators i ON i.id = f.indicator_id
           WHERE i.program_id = ? ORDER BY f.year""",
        (program_id,),
    )
    return [r[0] for r in fetched]

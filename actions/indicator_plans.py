"""One result indicator's plan for a year (``/plan 2024 показник 3 150``, ``python -m cli plan 2024 --indicator 3
--value 150``): previewed, then applied on «Застосувати», kept in the history with its author and moment.

The plan sheet's block of indicators is applied with the measures' plans (``actions.plans``). The value's rules
are ``storage.indicators``' (one home): not a number in the unit, negative, a percent over 100, too many decimals
are refused, as are an indicator the program does not have, a year outside its term, a locked year; only the
program's coordinator (or an administrator) may set it; observers read.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import aiosqlite

from actions.actor import Actor
from actions.refusals import Reason, Refused
from actions.rules import require_coordinator, require_in_term, require_not_locked, require_reader
from storage.db import Database, utcnow
from storage.indicators import (
    IndicatorPlanRevision,
    IndicatorValueError,
    IndicatorValueProblem,
    indicator_fact_history,
    indicator_plan_history,
    indicator_plans,
    parse_indicator_value,
    program_indicators,
    set_indicator_plans,
)
from storage.models import Indicator, IndicatorFact, Program, Source
from storage.programs import get_program

_VALUE_REASONS = {  # an empty value (EMPTY) is not a number either
    IndicatorValueProblem.NEGATIVE: Reason.INDICATOR_VALUE_NEGATIVE,
    IndicatorValueProblem.PERCENT_OVER_100: Reason.INDICATOR_VALUE_PERCENT_OVER_100,
    IndicatorValueProblem.TOO_MANY_DECIMALS: Reason.INDICATOR_VALUE_TOO_MANY_DECIMALS,
    IndicatorValueProblem.TOO_LARGE: Reason.INDICATOR_VALUE_TOO_LARGE,
}


@dataclass(frozen=True, slots=True)
class IndicatorPlanPreview:
    """What setting the plan changes: the indicator, its plan now (None: not set) and the new one."""

    program: Program
    indicator: Indicator
    year: int
    old: Decimal | None
    new: Decimal

    @property
    def changed(self) -> bool:
        return self.old != self.new


async def preview_indicator_plan(
    db: Database, actor: Actor, program: Program, year: int, number: int, value: str
) -> IndicatorPlanPreview:
    """What ``/plan YEAR показник NUMBER VALUE`` would change; nothing is saved. Refused: not the program's
    coordinator (an observer: read only), a year outside the term or locked, no such indicator in force that
    year, a value its unit does not allow."""
    require_coordinator(actor, program.id)
    require_in_term(program, year)
    async with db.locked() as conn:
        return await _checked(conn, program, year, number, value)


@dataclass(frozen=True, slots=True)
class IndicatorPlanSet:
    preview: IndicatorPlanPreview
    changed: int  # plans changed (0 or 1), each with its revision in the history


async def apply_indicator_plan(
    db: Database, actor: Actor, program_id: int, year: int, number: int, value: str, *, old: Decimal | None
) -> IndicatorPlanSet:
    """Set the plan the preview showed, in one transaction, every rule checked again. ``old``: the plan the
    preview showed as it was; refused when it is no longer (another change came between: nothing is
    overwritten unseen), and when the plan already is the new one (pressed twice)."""
    require_coordinator(actor, program_id)
    async with db.transaction() as conn:
        program = await get_program(conn, program_id)
        if program is None:
            raise Refused(Reason.GONE)
        require_in_term(program, year)
        preview = await _checked(conn, program, year, number, value)
        if preview.old != old:
            if preview.old == preview.new:
                raise Refused(Reason.INDICATOR_PLAN_ALREADY, number=number, year=year)
            raise Refused(Reason.INDICATOR_PLAN_CHANGED, number=number, year=year)
        changed = await set_indicator_plans(
            conn,
            program.id,
            {(preview.indicator.id, year): preview.new},
            user_id=actor.user_id,
            source=Source.COORDINATOR,
            at=utcnow(),
            author_name=actor.name,
        )
    return IndicatorPlanSet(preview, changed)


async def _checked(
    conn: aiosqlite.Connection, program: Program, year: int, number: int, value: str
) -> IndicatorPlanPreview:
    indicator = next(
        (i for i in await program_indicators(conn, program.id) if i.number == number and i.in_force(year)),
        None,
    )
    if indicator is None:
        raise Refused(Reason.UNKNOWN_INDICATOR, number=number, year=year)
    try:
        new = parse_indicator_value(value, indicator.unit)
    except IndicatorValueError as error:
        reason = _VALUE_REASONS.get(error.problem, Reason.INDICATOR_VALUE_NOT_A_NUMBER)
        raise Refused(reason, value=value[:40], unit=indicator.unit) from None
    await require_not_locked(conn, program.id, year)
    old = (await indicator_plans(conn, program.id, year)).get(indicator.id)
    return IndicatorPlanPreview(program, indicator, year, old, new)


@dataclass(frozen=True, slots=True)
class IndicatorHistory:
    """``/history показник 3 2024``: an indicator's plan changes and reported facts of a year, oldest first."""

    indicator: Indicator
    year: int
    plans: list[IndicatorPlanRevision]
    facts: list[IndicatorFact]


async def indicator_history(
    db: Database, actor: Actor, program: Program, number: int, year: int
) -> IndicatorHistory:
    """Read only: the program's coordinators, administrators and observers. Refused: no such indicator."""
    require_reader(actor, program.id)
    async with db.locked() as conn:
        indicator = next((i for i in await program_indicators(conn, program.id) if i.number == number), None)
        if indicator is None:
            raise Refused(Reason.UNKNOWN_INDICATOR, number=number, year=year)
        plans = await indicator_plan_history(conn, indicator.id, year)
        facts = await indicator_fact_history(conn, indicator.id, year)
    return IndicatorHistory(indicator, year, plans, facts)

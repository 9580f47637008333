"""Result indicators in storage (issue 25), on real SQLite files: the indicators, plans with their history and
as of a moment, facts as append-only revisions (the newest, the accepted), and the pure rules on values."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from storage.db import connect
from storage.indicators import (
    IndicatorValueError,
    IndicatorValueProblem,
    add_indicator_fact,
    add_indicators,
    department_indicators,
    deviation,
    indicator_fact_history,
    indicator_facts,
    indicator_plan_history,
    indicator_plans,
    indicator_value_problem,
    is_percent_unit,
    needs_reason,
    parse_indicator_value,
    program_indicators,
    set_indicator_plans,
    update_indicators,
)
from storage.models import IndicatorKind, NewIndicator, Source
from storage.programs import list_programs, load_program
from storage.reviews import ReviewState
from tests.dbkit import import_seed

T0 = dt.datetime(2024, 1, 10, 9, 0, tzinfo=dt.UTC)


def at(minutes: int) -> dt.datetime:
    return T0 + dt.timedelta(minutes=minutes)


@pytest.fixture
async def seeded(tmp_path: Path, seed_path: Path):  # type: ignore[no-untyped-def]
    await import_seed(tmp_path / "z.db", seed_path)
    db = await connect(tmp_path / "z.db")
    try:
        yield db
    finally:
        await db.close()


async def _three(db):  # type: ignore[no-untyped-def]
    async with db.transaction() as conn:
        [program] = await list_programs(conn)
        tree = await load_program(conn, program.id)
        other = next(
            d for m in tree.measures for d in m.department_ids() if d != program.responsible_department_id
        )
        items = [
            NewIndicator(
                program_id=program.id,
                number=2,
                kind=IndicatorKind.PRODUCT,
                name="Кількість заходів",
                unit="од.",
            ),
            NewIndicator(
                program_id=program.id,
                number=1,
                kind=IndicatorKind.COST,
                name="Обсяг видатків",
                unit="тис. грн",
            ),
            NewIndicator(
                program_id=program.id,
                number=3,
                kind=IndicatorKind.QUALITY,
                name="Частка охоплених",
                unit="%",
                department_id=other,
            ),
        ]
        added = await add_indicators(conn, items)
    return program, other, added


async def test_indicators_are_added_and_read_by_number(seeded) -> None:  # type: ignore[no-untyped-def]
    program, other, added = await _three(seeded)
    assert [i.number for i in added] == [2, 1, 3] and all(i.id for i in added)
    async with seeded.locked() as conn:
        read = await program_indicators(conn, program.id)
        assert [(i.number, i.kind, i.unit) for i in read] == [
            (1, IndicatorKind.COST, "тис. грн"),
            (2, IndicatorKind.PRODUCT, "од."),
            (3, IndicatorKind.QUALITY, "%"),
        ]
        # The responsible department reports those that name none; the other department its own.
        responsible = program.responsible_department_id
        assert responsible is not None and responsible != other
        assert [i.number for i in await department_indicators(conn, program.id, responsible, 2024)] == [1, 2]
        assert [i.number for i in await department_indicators(conn, program.id, other, 2024)] == [3]
    # An amendment retires one from 2025: absent from that year's list, still in the program.
    retired = read[0].model_copy(update={"retired_from": 2025})
    async with seeded.transaction() as conn:
        assert await update_indicators(conn, [retired, read[1]]) == 1
        assert [i.number for i in await department_indicators(conn, program.id, responsible, 2025)] == [2]
        assert len(await program_indicators(conn, program.id)) == 3


async def test_plans_keep_their_history_and_read_as_of_a_moment(seeded) -> None:  # type: ignore[no-untyped-def]
    program, _, added = await _three(seeded)
    product, cost = added[0].id, added[1].id
    async with seeded.transaction() as conn:
        changed = await set_indicator_plans(
            conn,
            program.id,
            {(product, 2024): Decimal("150"), (cost, 2024): Decimal("12.5"), (cost, 2025): Decimal(13)},
            user_id=500,
            source=Source.COORDINATOR,
            at=at(0),
        )
        assert changed == 3
        # 150 and 150.0 are the same plan: no revision; a removal is one.
        changed = await set_indicator_plans(
            conn,
            program.id,
            {(product, 2024): Decimal("150.0"), (cost, 2024): None},
            user_id=501,
            source=Source.BOT,
            at=at(10),
        )
        assert changed == 1
        assert await indicator_plans(conn, program.id, 2024) == {product: Decimal(150)}
        assert await indicator_plans(conn, program.id, 2024, at=at(5)) == {
            product: Decimal(150),
            cost: Decimal("12.5"),
        }
        assert await indicator_plans(conn, program.id, 2024, at=at(-1)) == {}
        assert await indicator_plans(conn, program.id, 2025) == {cost: Decimal(13)}
        history = await indicator_plan_history(conn, cost, 2024)
        assert [(h.old, h.new, h.user_id) for h in history] == [
            (None, Decimal("12.5"), 500),
            (Decimal("12.5"), None, 501),
        ]
        with pytest.raises(ValueError):
            await set_indicator_plans(
                conn, program.id + 1, {(cost, 2024): Decimal(1)}, user_id=1, source=Source.BOT, at=at(11)
            )


async def test_facts_are_append_only_and_the_accepted_one_counts_for_the_report(seeded) -> None:  # type: ignore[no-untyped-def]
    program, _, added = await _three(seeded)
    product, cost = added[0].id, added[1].id
    async with seeded.transaction() as conn:
        imported = await add_indicator_fact(
            conn, cost, 2024, Decimal("12.0"), None, user_id=None, source=Source.IMPORT, at=at(0)
        )
        first = await add_indicator_fact(
            conn,
            product,
            2024,
            Decimal(120),
            "  Менше заходів через карантин ",
            user_id=7,
            source=Source.BOT,
            at=at(1),
        )
        await conn.execute(
            "INSERT INTO indicator_reviews (fact_id, state, reviewer_id, created_at) VALUES (?, 'accepted', 500, ?)",
            (first.id, "2024-01-10T09:02:00.000000Z"),
        )
        second = await add_indicator_fact(
            conn, product, 2024, Decimal(140), "", user_id=7, source=Source.BOT, at=at(3)
        )
    assert first.reason == "Менше заходів через карантин" and second.reason is None
    async with seeded.locked() as conn:
        assert [f.value for f in await indicator_fact_history(conn, product, 2024)] == [
            Decimal(120),
            Decimal(140),
        ]
        now = await indicator_facts(conn, program.id, 2024)
        assert (now[product].id, now[cost].id) == (second.id, imported.id)
        # The second revision waits for its review: the report counts the accepted first one.
        accepted = await indicator_facts(conn, program.id, 2024, accepted_only=True)
        assert (accepted[product].value, accepted[cost].value) == (Decimal(120), Decimal("12.0"))
        # As of a moment before the acceptance, nothing of the bot's counts as accepted.
        assert product not in await indicator_facts(conn, program.id, 2024, at=at(1), accepted_only=True)
        assert (await indicator_facts(conn, program.id, 2024, at=at(2)))[product].id == first.id
        assert await indicator_facts(conn, program.id, 2023) == {}
    assert ReviewState.ACCEPTED.value == "accepted"  # the facts' reviews share the measures' states


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("150", "од.", Decimal(150)),
        ("1 234,5", "тис. грн", Decimal("1234.5")),
        ("97,5 %", "%", Decimal("97.5")),
        ("100", " % ", Decimal(100)),
        ("0", "днів", Decimal(0)),
    ],
)
def test_values_are_read_exactly_in_their_unit(text: str, unit: str, expected: Decimal) -> None:
    assert parse_indicator_value(text, unit) == expected


@pytest.mark.parametrize(
    ("text", "unit", "problem"),
    [
        ("багато", "од.", IndicatorValueProblem.NOT_A_NUMBER),
        ("12 од", "од.", IndicatorValueProblem.NOT_A_NUMBER),
        ("-3", "од.", IndicatorValueProblem.NEGATIVE),
        ("−3", "осіб", IndicatorValueProblem.NEGATIVE),
        ("100,5", "%", IndicatorValueProblem.PERCENT_OVER_100),
        ("120 %", "%", IndicatorValueProblem.PERCENT_OVER_100),
        ("1,23456", "тис. грн", IndicatorValueProblem.TOO_MANY_DECIMALS),
        ("", "од.", IndicatorValueProblem.EMPTY),
        ("12 %", "од.", IndicatorValueProblem.NOT_A_NUMBER),
    ],
)
def test_bad_values_are_named_by_a_code(text: str, unit: str, problem: IndicatorValueProblem) -> None:
    with pytest.raises(IndicatorValueError) as info:
        parse_indicator_value(text, unit)
    assert info.value.problem is problem


def test_the_rules_on_values() -> None:
    assert is_percent_unit("%") and is_percent_unit(" % ") and not is_percent_unit("осіб")
    assert indicator_value_problem(Decimal(150), "%") is IndicatorValueProblem.PERCENT_OVER_100
    assert indicator_value_problem(Decimal(150), "од.") is None
    assert indicator_value_problem(Decimal(-1), "од.") is IndicatorValueProblem.NEGATIVE
    assert deviation(Decimal(150), Decimal("120.5")) == Decimal("-29.5")
    assert deviation(None, Decimal(1)) is None and deviation(Decimal(1), None) is None
    # More than a tenth of the plan: a reason; exactly a tenth: none; no plan or a zero plan: none.
    assert needs_reason(Decimal(150), Decimal(134)) and needs_reason(Decimal(150), Decimal(166))
    assert not needs_reason(Decimal(150), Decimal(135)) and not needs_reason(Decimal(150), Decimal(165))
    assert not needs_reason(None, Decimal(1)) and not needs_reason(Decimal(0), Decimal(5))
    assert not needs_reason(Decimal(10), None)

"""actions.indicators on a real database file: an executor reports the department's indicators (the value, the
reason where the fact misses the plan by more than a tenth, the review, confirm), bad input stores nothing, who
may is one rule (another department's executor and an observer are refused), and the coordinator's review."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from itertools import count

import pytest

from actions.actor import Actor
from actions.indicators import (
    IndicatorAnswered,
    IndicatorOpened,
    IndicatorPress,
    IndicatorProblem,
    IndicatorStep,
    IndicatorSubmitted,
    ItemStatus,
    accept_fact,
    answer_indicator_text,
    department_indicator_list,
    fact_comment_awaited,
    fact_review_queue,
    indicator_counts,
    open_first_indicator,
    open_indicator,
    press_indicator,
    return_fact_with_comment,
    start_fact_return,
)
from actions.refusals import Reason
from actions.reporting import Received
from storage.db import Database, utcnow
from storage.indicator_work import indicators_owed
from storage.indicators import IndicatorValueProblem, add_indicators, indicator_facts, set_indicator_plans
from storage.models import IndicatorKind, NewIndicator, PeriodStatus, Source
from storage.periods import set_period
from storage.programs import load_program
from tests.actionkit import COORDINATOR, db_fixture, only_program, refusal_of  # noqa: F401 - the fixture

YEAR = 2024
OBSERVER = Actor(900, "Спостерігач", observer=True)
_inputs = count(1)


def got() -> Received:
    n = next(_inputs)
    return Received(f"m1:{n}", n)


@dataclass
class World:
    db: Database
    program_id: int
    responsible: int
    other: int
    ids: list[int]  # events (од., plan 150), share (%, plan 80)
    theirs: int  # an indicator the other department reports

    @property
    def member(self) -> Actor:
        return Actor(1001, "Олена", departments=frozenset({self.responsible}))

    @property
    def stranger(self) -> Actor:
        return Actor(1002, "Петро", departments=frozenset({self.other}))


@pytest.fixture
async def world(db: Database) -> World:
    program = await only_program(db)
    responsible = program.responsible_department_id
    assert responsible is not None
    async with db.transaction() as conn:
        tree = await load_program(conn, program.id)
        other = next(d for m in tree.measures for d in m.department_ids() if d != responsible)
        added = await add_indicators(
            conn,
            [
                NewIndicator(
                    program_id=program.id,
                    number=1,
                    kind=IndicatorKind.PRODUCT,
                    name="Кількість заходів",
                    unit="од.",
                ),
                NewIndicator(
                    program_id=program.id,
                    number=2,
                    kind=IndicatorKind.QUALITY,
                    name="Частка охоплених",
                    unit="%",
                ),
                NewIndicator(
                    program_id=program.id,
                    number=3,
                    kind=IndicatorKind.PRODUCT,
                    name="Кількість консультацій",
                    unit="од.",
                    department_id=other,
                ),
            ],
        )
        await set_indicator_plans(
            conn,
            program.id,
            {
                (added[0].id, YEAR): Decimal(150),
                (added[1].id, YEAR): Decimal(80),
                (added[2].id, YEAR): Decimal(10),
            },
            user_id=None,
            source=Source.IMPORT,
            at=utcnow(),
        )
        await set_period(conn, program.id, YEAR, PeriodStatus.OPEN)
    return World(db, program.id, responsible, other, [added[0].id, added[1].id], added[2].id)


async def _confirm(w: World, actor: Actor, indicator_id: int) -> IndicatorSubmitted:
    done = await press_indicator(w.db, actor, got(), IndicatorPress(indicator_id, YEAR, "review", "confirm"))
    assert isinstance(done, IndicatorSubmitted)
    return done


async def test_an_executor_reports_two_indicators_one_with_a_reason(world: World) -> None:
    w = world
    opened = await open_first_indicator(w.db, w.member, got(), w.responsible, YEAR)
    assert isinstance(opened, IndicatorOpened)
    assert (opened.scene.name, opened.scene.unit, opened.scene.plan) == (
        "Кількість заходів",
        "од.",
        Decimal(150),
    )
    assert (opened.scene.index, opened.scene.total, opened.step) == (1, 2, IndicatorStep.VALUE)
    # Within a tenth of the plan: no reason asked, straight to the review.
    answered = await answer_indicator_text(w.db, w.member, got(), "140")
    assert answered is not None and answered.step is IndicatorStep.REVIEW and answered.problem is None
    done = await _confirm(w, w.member, w.ids[0])
    assert done.saved.value == Decimal(140) and done.saved.reason is None and done.saved.source is Source.BOT
    following = done.following
    assert following is not None and following.scene.indicator_id == w.ids[1]
    # 60 % against 80 %: a quarter off, the reason is asked; a blank one is refused, nothing stored.
    answered = await answer_indicator_text(w.db, w.member, got(), "60")
    assert answered is not None and answered.step is IndicatorStep.REASON
    blank = await answer_indicator_text(w.db, w.member, got(), "   ")
    assert blank is not None and blank.problem is IndicatorProblem.REASON_BLANK
    answered = await answer_indicator_text(w.db, w.member, got(), "Карантин у школах")
    assert answered is not None and answered.step is IndicatorStep.REVIEW
    done = await _confirm(w, w.member, w.ids[1])
    assert done.following is None  # all reported
    async with w.db.locked() as conn:
        facts = await indicator_facts(conn, w.program_id, YEAR)
        assert await indicators_owed(conn, w.responsible, w.program_id, YEAR) == 0
        assert await indicators_owed(conn, w.other, w.program_id, YEAR) == 1
    assert (facts[w.ids[0]].value, facts[w.ids[1]].value, facts[w.ids[1]].reason) == (
        Decimal(140),
        Decimal(60),
        "Карантин у школах",
    )
    items = await department_indicator_list(w.db, w.member, w.responsible)
    assert [i.status for i in items] == [ItemStatus.SUBMITTED, ItemStatus.SUBMITTED]


@pytest.mark.parametrize(
    ("index", "text", "problem"),
    [
        (0, "багато", IndicatorValueProblem.NOT_A_NUMBER),
        (0, "-3", IndicatorValueProblem.NEGATIVE),
        (1, "120", IndicatorValueProblem.PERCENT_OVER_100),
        (0, "1,23456", IndicatorValueProblem.TOO_MANY_DECIMALS),
    ],
)
async def test_bad_values_store_nothing(
    world: World, index: int, text: str, problem: IndicatorValueProblem
) -> None:
    w = world
    await open_indicator(w.db, w.member, got(), w.ids[index], YEAR)
    answered = await answer_indicator_text(w.db, w.member, got(), text)
    assert isinstance(answered, IndicatorAnswered) and answered.problem is problem
    assert answered.step is IndicatorStep.VALUE and answered.answers.value is None
    # Confirming now is refused too: the conversation is still at the value.
    await refusal_of(
        Reason.STEP_GONE,
        press_indicator(w.db, w.member, got(), IndicatorPress(w.ids[index], YEAR, "review", "confirm")),
    )
    async with w.db.locked() as conn:
        assert await indicator_facts(conn, w.program_id, YEAR) == {}


async def test_only_the_reporting_department_and_the_coordinator_may(world: World) -> None:
    w = world
    # Another department's executor, and an observer: refused, nothing opened.
    await refusal_of(Reason.NOT_YOUR_INDICATOR, open_indicator(w.db, w.stranger, got(), w.ids[0], YEAR))
    await refusal_of(Reason.NOT_YOUR_INDICATOR, open_indicator(w.db, OBSERVER, got(), w.ids[0], YEAR))
    await refusal_of(Reason.NOT_YOUR_INDICATOR, department_indicator_list(w.db, OBSERVER, w.responsible))
    assert await open_first_indicator(w.db, w.stranger, got(), w.responsible, YEAR) is None
    # The other department reports its own one; the responsible department does not see it.
    assert [i.indicator.id for i in await department_indicator_list(w.db, w.stranger, w.other)] == [w.theirs]
    await refusal_of(Reason.NOT_YOUR_INDICATOR, open_indicator(w.db, w.member, got(), w.theirs, YEAR))
    # A year not open: refused to the member; the coordinator corrects it (recorded as the coordinator's).
    async with w.db.transaction() as conn:
        await set_period(conn, w.program_id, YEAR, PeriodStatus.LOCKED)
    await refusal_of(Reason.PERIOD_CLOSED, open_indicator(w.db, w.member, got(), w.ids[0], YEAR))
    coordinator = Actor(500, "Координаторка", administrator=True)
    opened = await open_indicator(w.db, coordinator, got(), w.ids[0], YEAR)
    assert opened.scene.on_behalf
    await answer_indicator_text(w.db, coordinator, got(), "150")
    done = await _confirm(w, coordinator, w.ids[0])
    assert done.saved.source is Source.COORDINATOR and done.following is None


async def test_the_coordinator_accepts_one_and_returns_the_other(world: World) -> None:
    w = world
    await open_indicator(w.db, w.member, got(), w.ids[0], YEAR)
    await answer_indicator_text(w.db, w.member, got(), "150")
    first = (await _confirm(w, w.member, w.ids[0])).saved
    await answer_indicator_text(w.db, w.member, got(), "79,5")  # the next one opened at once
    second = (await _confirm(w, w.member, w.ids[1])).saved

    queue = await fact_review_queue(w.db, COORDINATOR, w.program_id, YEAR)
    assert [f.id for f in queue.waiting] == [first.id, second.id]
    assert queue.card is not None and queue.card.plan == Decimal(150)
    # Who may not decide: an observer reads only, an executor is no coordinator.
    await refusal_of(Reason.READ_ONLY, accept_fact(w.db, OBSERVER, first.id))
    await refusal_of(Reason.NOT_COORDINATOR, accept_fact(w.db, w.member, first.id))
    await refusal_of(Reason.READ_ONLY, fact_review_queue(w.db, OBSERVER, w.program_id, YEAR))

    await accept_fact(w.db, COORDINATOR, first.id)
    await refusal_of(Reason.REVIEW_DECIDED, accept_fact(w.db, COORDINATOR, first.id))
    await start_fact_return(w.db, COORDINATOR, second.id)
    assert await fact_comment_awaited(w.db, COORDINATOR) == second.id
    await refusal_of(
        Reason.REVIEW_COMMENT_BLANK, return_fact_with_comment(w.db, COORDINATOR, second.id, "  ")
    )
    decided = await return_fact_with_comment(w.db, COORDINATOR, second.id, "Уточніть частку")
    assert decided.review is not None and decided.review.comment == "Уточніть частку"
    assert await fact_comment_awaited(w.db, COORDINATOR) is None

    counts = await indicator_counts(w.db, OBSERVER, w.program_id, YEAR)
    assert (counts.total, counts.reported, counts.accepted, counts.returned, counts.waiting) == (
        3,
        1,
        1,
        1,
        0,
    )
    async with w.db.locked() as conn:
        accepted = await indicator_facts(conn, w.program_id, YEAR, accepted_only=True)
        assert await indicators_owed(conn, w.responsible, w.program_id, YEAR) == 1
    assert {k: v.value for k, v in accepted.items()} == {w.ids[0]: Decimal(150)}
    # The returned one is owed again, with the comment on its card.
    reopened = await open_first_indicator(w.db, w.member, got(), w.responsible, YEAR)
    assert reopened is not None and reopened.scene.indicator_id == w.ids[1]
    assert reopened.returned == "Уточніть частку" and reopened.answers.value == Decimal("79.5")
